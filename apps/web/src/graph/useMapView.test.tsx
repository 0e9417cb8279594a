/**
 * The map tells a fresh layout of the same view (`fitKey`) apart from another view the user asked
 * for (`viewKey`): a link to a place on the map holds through the first and not through the second.
 * While the topology loads, the whole estate's map draws the overview the server sent ahead of it.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import {
  estateOverview,
  type TopologyEdge,
  type TopologyNode,
  type TopologyResponse,
} from '@gatemap/topology';
import { TopologyStore } from '../store/topology-store.ts';
import { TopologyStoreContext } from '../store/useTopologyStore.ts';
import { smallEstate, topologyEdge, topologyNode } from '../test/topology-builders.ts';
import { DEFAULT_VIEW, type ViewState } from '../view/view-state.ts';
import type { MapFlowNode } from './flow-types.ts';
import { useMapView, type MapView } from './useMapView.ts';

const TEAMS = Array.from({ length: 13 }, (_, index) => `team-${index}`);

/** The small estate and, attached to its Gateway, namespaces of 40 Routes and a Service: a big picture. */
function largeEstate(namespaces: readonly string[]): TopologyResponse {
  const { nodes, edges } = smallEstate();
  const more: TopologyNode[] = [];
  const moreEdges: TopologyEdge[] = [];
  for (const namespace of namespaces) {
    const service = topologyNode({ kind: 'Service', namespace, name: 'api', group: '' });
    more.push(service);
    for (let index = 0; index < 40; index += 1) {
      const route = topologyNode({ kind: 'HTTPRoute', namespace, name: `route-${index}` });
      more.push(route);
      moreEdges.push(
        topologyEdge({ type: 'parent', from: route.id, to: 'Gateway/infra/web', listeners: ['http'] }),
        topologyEdge({ type: 'backend', from: route.id, to: service.id }),
      );
    }
  }
  return {
    revision: 1,
    clusters: [],
    nodes: [...nodes, ...more],
    edges: [...edges, ...moreEdges],
    findings: [],
  };
}

function tilePositions(map: MapView): Map<string, MapFlowNode['position']> {
  return new Map(
    map.nodes.filter((node) => node.type === 'aggregate').map((node) => [node.id, node.position]),
  );
}

function renderMapView(view = DEFAULT_VIEW) {
  const store = new TopologyStore();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TopologyStoreContext.Provider value={store}>{children}</TopologyStoreContext.Provider>
  );
  const hook = renderHook(({ view }: { view: ViewState }) => useMapView(view), {
    wrapper,
    initialProps: { view },
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

describe('the map while the topology loads', () => {
  it('draws the overview as tiles, then keeps every tile in place when the topology loads', async () => {
    const estate = largeEstate(TEAMS);
    const overview = estateOverview(estate);
    const map = renderMapView();
    act(() => map.store.preview(overview));
    const preview = map.result.current;
    expect(preview).toMatchObject({ previewing: true, tiles: true, total: overview.objects });
    const tiles = tilePositions(preview);
    expect([...tiles.keys()].sort()).toEqual(
      ['blog', 'shop', ...TEAMS].map((namespace) => `aggregate:${namespace}`).sort(),
    );

    // A namespace that arrived after the overview ranks first: a fresh grid would move every tile.
    act(() => map.store.replace(largeEstate(['a-new', ...TEAMS])));
    await waitFor(() => expect(map.result.current.previewing).toBe(false));
    const loaded = tilePositions(map.result.current);
    expect(loaded.has('aggregate:a-new')).toBe(true);
    for (const [id, position] of tiles) expect(loaded.get(id), id).toEqual(position);
  });

  it('waits for the topology in a filtered view: the overview is the whole estate', () => {
    const map = renderMapView({ ...DEFAULT_VIEW, name: 'x' });
    act(() => map.store.preview(estateOverview(largeEstate(TEAMS))));
    expect(map.result.current.previewing).toBe(false);
  });
});
