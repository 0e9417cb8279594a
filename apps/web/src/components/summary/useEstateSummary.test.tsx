/**
 * The estate summary follows the map: the first revision is asked for at once, later ones once
 * the map has stayed on one for a second; until the topology is loaded, the summary that came
 * with the big picture ahead of it stands in.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { estateOverview, summarizeEstate, type TopologyResponse } from '@gatemap/topology';
import { TopologyStore } from '../../store/topology-store.ts';
import { TopologyStoreContext } from '../../store/useTopologyStore.ts';
import { fakeServer, json } from '../../test/fake-server.ts';
import { smallEstate } from '../../test/topology-builders.ts';
import { useEstateSummary } from './useEstateSummary.ts';

function estateAt(revision: number): TopologyResponse {
  return { revision, clusters: [], ...smallEstate(), findings: [] };
}

function renderSummary(store: TopologyStore) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TopologyStoreContext.Provider value={store}>{children}</TopologyStoreContext.Provider>
    </QueryClientProvider>
  );
  return renderHook(() => useEstateSummary(true), { wrapper });
}

describe('useEstateSummary', () => {
  it('asks for the first revision at once and for later ones once they settle', async () => {
    const server = fakeServer({
      'GET /api/summary': () => json({ revision: 0, summary: summarizeEstate(estateAt(0)) }),
    });
    const store = new TopologyStore();
    renderSummary(store);
    act(() => store.replace(estateAt(1)));
    await waitFor(() => expect(server.callsTo('GET', '/api/summary')).toHaveLength(1));
    act(() => store.replace(estateAt(2), true));
    act(() => store.replace(estateAt(3), true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.callsTo('GET', '/api/summary')).toHaveLength(1);
    await waitFor(() => expect(server.callsTo('GET', '/api/summary')).toHaveLength(2), { timeout: 3000 });
  });

  it('stands in the summary that came with the big picture until the topology is loaded', () => {
    const server = fakeServer({});
    const store = new TopologyStore();
    const estate = estateAt(4);
    const came = { revision: 4, summary: summarizeEstate(estate) };
    store.preview(estateOverview(estate), came);
    const { result } = renderSummary(store);
    expect(result.current.data).toEqual(came);
    expect(server.callsTo('GET', '/api/summary')).toHaveLength(0);
  });
});
