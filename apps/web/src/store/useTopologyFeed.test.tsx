/**
 * The feed asks for the big picture first and for the snapshot once it answered; it opens the
 * stream from the snapshot it fetched, so that the server sends what followed it instead of the
 * whole snapshot again, and reopens it from the last event it got.
 */
import { QueryClient, QueryClientProvider, QueryObserver } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estateOverview, type StreamDelta, type TopologyResponse } from '@gatemap/topology';
import { exampleTopology } from '../test/example-topology.ts';
import { apiError, FakeEventSource, fakeServer, heldAnswer, json } from '../test/fake-server.ts';
import { TopologyStore } from './topology-store.ts';
import { useTopologyFeed } from './useTopologyFeed.ts';
import { TopologyStoreContext } from './useTopologyStore.ts';

let topology: TopologyResponse;
let server: ReturnType<typeof fakeServer>;

beforeEach(() => {
  topology = { ...exampleTopology(), revision: 7, eventId: 'boot1.7' };
  FakeEventSource.install();
  server = fakeServer({ 'GET /api/topology': () => json(topology) });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function renderFeed(queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })) {
  const store = new TopologyStore((callback) => {
    const timer = setTimeout(callback, 0);
    return () => clearTimeout(timer);
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TopologyStoreContext.Provider value={store}>{children}</TopologyStoreContext.Provider>
    </QueryClientProvider>
  );
  renderHook(() => useTopologyFeed({ probeSession: () => Promise.resolve() }), { wrapper });
  return store;
}

const delta = (revision: number): StreamDelta => ({
  revision,
  upsertNodes: [],
  removeNodes: [],
  upsertEdges: [],
  removeEdges: [],
  upsertFindings: [],
  removeFindings: [],
});

const streamQuery = (source: FakeEventSource) => new URL(source.url, 'http://localhost').searchParams;

describe('useTopologyFeed', () => {
  it('opens the stream from the fetched snapshot and reopens it from the last event received', async () => {
    const store = renderFeed();
    await waitFor(() => expect(FakeEventSource.instances.length).toBe(1));
    const first = FakeEventSource.instances[0]!;
    expect(new URL(first.url, 'http://localhost').pathname).toBe('/api/stream');
    expect(streamQuery(first).get('since')).toBe('boot1.7');
    expect(store.getState().revision).toBe(7);

    act(() => {
      first.open();
      first.emit('delta', delta(8), 'boot1.8');
    });
    await waitFor(() => expect(store.getState().revision).toBe(8));

    vi.useFakeTimers();
    act(() => first.fail(true));
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(FakeEventSource.instances.length).toBe(2);
    expect(streamQuery(FakeEventSource.instances[1]!).get('since')).toBe('boot1.8');
  });

  it('takes a snapshot sent on a resumed stream, even at the revision it holds (a restarted server)', async () => {
    const store = renderFeed();
    await waitFor(() => expect(FakeEventSource.instances.length).toBe(1));
    const source = FakeEventSource.instances[0]!;
    const restarted = { ...topology, nodes: topology.nodes.slice(0, 1), edges: [], findings: [] };
    act(() => {
      source.open();
      source.emit('snapshot', restarted, 'boot2.7');
    });
    expect(store.getState().revision).toBe(7);
    expect(store.getState().nodes.size).toBe(1);
  });

  it('fetches the history again each time the stream connects: it does not replay history events', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let fetches = 0;
    // A timeline on screen: an observed history query.
    const unsubscribe = new QueryObserver(queryClient, {
      queryKey: ['history', 'object', undefined, 'HTTPRoute/shop/web'],
      queryFn: () => Promise.resolve(++fetches),
    }).subscribe(() => undefined);
    await waitFor(() => expect(fetches).toBe(1));
    renderFeed(queryClient);
    await waitFor(() => expect(FakeEventSource.instances.length).toBe(1));
    act(() => FakeEventSource.instances[0]!.open());
    await waitFor(() => expect(fetches).toBe(2));

    vi.useFakeTimers();
    act(() => FakeEventSource.instances[0]!.fail(true));
    await act(() => vi.advanceTimersByTimeAsync(5000));
    act(() => FakeEventSource.instances[1]!.open());
    vi.useRealTimers();
    await waitFor(() => expect(fetches).toBe(3));
    unsubscribe();
  });

  it('asks for the topology once the overview answered, and shows the overview until it loads', async () => {
    const overview = estateOverview(topology);
    const overviewAnswer = heldAnswer(() => json({ revision: 7, overview }));
    const topologyAnswer = heldAnswer(() => json(topology));
    server.routes['GET /api/overview'] = overviewAnswer.handler;
    server.routes['GET /api/topology'] = topologyAnswer.handler;
    const store = renderFeed();
    await waitFor(() => expect(server.callsTo('GET', '/api/overview')).toHaveLength(1));
    expect(server.callsTo('GET', '/api/topology')).toHaveLength(0);

    overviewAnswer.release();
    await waitFor(() => expect(server.callsTo('GET', '/api/topology')).toHaveLength(1));
    await waitFor(() => expect(store.getState().preview).toEqual(overview));
    expect(store.getState().loaded).toBe(false);

    topologyAnswer.release();
    await waitFor(() => expect(store.getState().loaded).toBe(true));
    expect(store.getState().nodes.size).toBe(topology.nodes.length);
    expect(store.getState().preview).toBeUndefined();
  });

  it('loads the topology when the overview fails', async () => {
    server.routes['GET /api/overview'] = () => apiError(500, 'overview failed');
    const store = renderFeed();
    await waitFor(() => expect(store.getState().loaded).toBe(true));
    expect(server.callsTo('GET', '/api/overview')).toHaveLength(1);
    expect(server.callsTo('GET', '/api/topology')).toHaveLength(1);
  });
});
