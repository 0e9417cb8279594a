/**
 * The map tells a fresh layout of the same view (`fitKey`) apart from another view the user asked
 * for (`viewKey`): a link to a place on the map holds through the first and not through the second.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { TopologyStore } from '../store/topology-store.ts';
import { TopologyStoreContext } from '../store/useTopologyStore.ts';
import { smallEstate } from '../test/topology-builders.ts';
import { DEFAULT_VIEW, type ViewState } from '../view/view-state.ts';
import { useMapView } from './useMapView.ts';

function renderMapView() {
  const store = new TopologyStore();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TopologyStoreContext.Provider value={store}>{children}</TopologyStoreContext.Provider>
  );
  const hook = renderHook(({ view }: { view: ViewState }) => useMapView(view), {
    wrapper,
    initialProps: { view: DEFAULT_VIEW },
  });
  return { store, ...hook };
}

describe('the keys of the map view', () => {
  it('lays the view out afresh when its first objects arrive, and it is still the same view', async () => {
    const map = renderMapView();
    const before = map.result.current;
    act(() => map.store.replace({ revision: 1, clusters: [], ...smallEstate(), findings: [] }));
    await waitFor(() => expect(map.result.current.nodes.length).toBeGreaterThan(0));
    expect(map.result.current.fitKey).not.toBe(before.fitKey);
    expect(map.result.current.viewKey).toBe(before.viewKey);
  });

  it('is another view when the user filters it or expands a namespace', () => {
    const map = renderMapView();
    const first = map.result.current.viewKey;
    map.rerender({ view: { ...DEFAULT_VIEW, problemsOnly: true } });
    expect(map.result.current.viewKey).not.toBe(first);
    map.rerender({ view: { ...DEFAULT_VIEW, expanded: ['shop'] } });
    expect(map.result.current.viewKey).not.toBe(first);
  });
});
