/**
 * The map's history: an object's timeline, the Changes view, and the map as it was (`?at=`),
 * against a fake server that speaks the history contract (history.ts, api.ts).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, TopologyResponse } from '@gatemap/topology';
import { exampleTopology } from '../../test/example-topology.ts';
import { ADMIN_SESSION, fakeServer, FakeEventSource, json } from '../../test/fake-server.ts';
import { historyEntries } from '../../test/history-builders.ts';
import { streamDelta } from '../../test/topology-builders.ts';
import { mapShown, renderApp, useFakeBrowser } from '../../test/render-app.tsx';

const ROUTE = 'HTTPRoute/shop-storefront/storefront';
const GATEWAY = 'Gateway/infra/prod-web';
let topology: TopologyResponse;
let entries: HistoryEntry[];

useFakeBrowser();
beforeEach(() => {
  topology = exampleTopology();
  entries = historyEntries();
});

describe('the timeline in an object’s details', () => {
  it('lists verdict and spec changes newest first, links causes, loads older entries and follows the stream', async () => {
    const [changed, broke, , older] = entries as [HistoryEntry, HistoryEntry, HistoryEntry, HistoryEntry];
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'GET /api/objects/*': () => json({ statusCode: 404, message: 'not here' }, 404),
      'GET /api/history': (call) =>
        json(
          call.query.get('cursor') === 'c1'
            ? { entries: [older] }
            : { entries: [broke, changed], next: 'c1' },
        ),
    });
    const { container } = renderApp(`/?sel=${ROUTE}`);
    await mapShown(container);
    const timeline = await screen.findByRole('region', { name: 'Timeline' });
    await within(timeline).findByText(/Accepted True → False \(NotAllowedByListeners\)/);
    expect(server.calls.find((call) => call.path === '/api/history')?.query.get('object')).toBe(ROUTE);
    const items = timeline.querySelectorAll('.gm-history-entry');
    expect(items[0]?.className).toContain('gm-history-entry--broke');
    expect(items[0]?.querySelector('time')?.getAttribute('title')).not.toBe('');
    expect(within(timeline).getByText('a change outside this view')).toBeTruthy();
    expect(within(timeline).getByText('spec.listeners[http].allowedRoutes.namespaces.from')).toBeTruthy();
    expect(within(timeline).getByText('truncated')).toBeTruthy();

    fireEvent.click(within(timeline).getByRole('button', { name: 'Load older' }));
    await within(timeline).findByText('HTTPRoute shop/api created');

    const before = server.callsTo('GET', '/api/history').length;
    const source = FakeEventSource.instances[0] as FakeEventSource;
    // An entry about another object leaves this timeline alone; one about this object refreshes it.
    act(() => source.emit('history', { entries: [broke] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.callsTo('GET', '/api/history').length).toBe(before);
    act(() => source.emit('history', { entries: [{ ...broke, seq: 20, key: ROUTE }] }));
    await waitFor(() => expect(server.callsTo('GET', '/api/history').length).toBeGreaterThan(before));

    fireEvent.click(within(timeline).getByRole('button', { name: 'Gateway infra/web changed' }));
    await waitFor(() =>
      expect(new URLSearchParams(window.location.search).get('focus')).toBe('Gateway/infra/web'),
    );
  });
});

describe('the Changes view', () => {
  it('lists problems first, filters, and shows the object of an entry on the map', async () => {
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'GET /api/history': () => json({ entries }),
    });
    const { container } = renderApp('/?view=changes&since=1d');
    await mapShown(container);
    const view = await screen.findByRole('complementary', { name: 'Changes' });
    await waitFor(() => expect(view.querySelectorAll('.gm-history-entry').length).toBe(4));
    expect(view.querySelector('.gm-history-entry')?.className).toContain('is-problem');
    const since = Date.parse(server.callsTo('GET', '/api/history')[0]?.query.get('since') ?? '');
    expect(Date.now() - since).toBeGreaterThan(23 * 3_600_000);

    fireEvent.click(within(view).getByRole('checkbox', { name: 'Problems only' }));
    await waitFor(() => expect(view.querySelectorAll('.gm-history-entry').length).toBe(1));
    expect(server.callsTo('GET', '/api/history').at(-1)?.query.get('problems')).toBe('true');

    fireEvent.click(within(view).getByRole('button', { name: 'HTTPRoute shop/web' }));
    await waitFor(() =>
      expect(new URLSearchParams(window.location.search).get('sel')).toBe('HTTPRoute/shop/web'),
    );
    expect(new URLSearchParams(window.location.search).get('view')).toBe('changes');
  });

  it('opens from the toolbar and writes itself into the URL', async () => {
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': () => json(topology),
      'GET /api/history': () => json({ entries: [] }),
    });
    const { container } = renderApp('/');
    await mapShown(container);
    fireEvent.click(screen.getByRole('button', { name: 'Changes' }));
    await screen.findByText('No changes in the last hour.');
    expect(window.location.search).toBe('?view=changes');
  });
});

describe('the map as it was', () => {
  it('draws the past from ?at= under a banner, not live changes, until back to live', async () => {
    const at = '2026-12-06T10:00:00.000Z';
    const past: TopologyResponse = {
      ...topology,
      nodes: topology.nodes.filter((node) => node.id !== ROUTE),
      edges: topology.edges.filter((edge) => edge.from !== ROUTE && edge.to !== ROUTE),
      asOf: at,
    };
    const server = fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': (call) => json(call.query.get('at') ? past : topology),
    });
    const { container } = renderApp(`/?at=${encodeURIComponent(at)}`);
    const banner = await screen.findByRole('status', { name: 'The past' });
    expect(banner.querySelector('time')?.getAttribute('datetime')).toBe(at);
    await mapShown(container);
    expect(server.calls.some((call) => call.query.get('at') === at)).toBe(true);
    expect(container.querySelector(`.react-flow__node[data-id="${GATEWAY}"]`)).not.toBeNull();
    expect(container.querySelector(`.react-flow__node[data-id="${ROUTE}"]`)).toBeNull();

    // A live change meanwhile is not drawn on the past.
    await waitFor(() => expect(FakeEventSource.instances.length).toBe(1));
    const source = FakeEventSource.instances[0] as FakeEventSource;
    act(() => {
      source.open();
      source.emit(
        'delta',
        streamDelta({ revision: topology.revision + 1, removeNodes: [GATEWAY] }),
        'boot.2',
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(container.querySelector(`.react-flow__node[data-id="${GATEWAY}"]`)).not.toBeNull();

    fireEvent.click(within(banner).getByRole('button', { name: 'Back to live' }));
    await waitFor(() =>
      expect(container.querySelector(`.react-flow__node[data-id="${ROUTE}"]`)).not.toBeNull(),
    );
    expect(container.querySelector(`.react-flow__node[data-id="${GATEWAY}"]`)).toBeNull();
    expect(screen.queryByRole('status', { name: 'The past' })).toBeNull();
    expect(window.location.search).toBe('');
  });

  it('opens the past from the time control', async () => {
    fakeServer({
      'GET /api/session': () => json(ADMIN_SESSION),
      'GET /api/topology': (call) =>
        json(call.query.get('at') ? { ...topology, asOf: call.query.get('at') } : topology),
    });
    const { container } = renderApp('/');
    await mapShown(container);
    fireEvent.click(screen.getByRole('button', { name: 'As of…' }));
    fireEvent.click(screen.getByRole('button', { name: '1 hour ago' }));
    await screen.findByRole('status', { name: 'The past' });
    const at = Date.parse(new URLSearchParams(window.location.search).get('at') ?? '');
    expect(Math.abs(Date.now() - 3_600_000 - at)).toBeLessThan(60_000);
  });
});
