import { describe, expect, it } from 'vitest';
import { groupGraph, type ListenerSummary, type TopologyEdge, type TopologyNode } from '@gatemap/topology';
import { indexFindings } from '../store/finding-index.ts';
import { topologyEdge, topologyNode } from '../test/topology-builders.ts';
import { graphFromState } from './map-graph.ts';
import { toTileElements } from './tile-elements.ts';
import { toFlowElements } from './to-flow-elements.ts';

/** One Gateway with two listeners; 20 namespaces of 5 Routes, one of them rejected on `https`. */
function elements() {
  const gateway = topologyNode({
    kind: 'Gateway',
    namespace: 'infra',
    name: 'web',
    summary: {
      type: 'gateway',
      className: 'example',
      listeners: ['http', 'https'].map((name): ListenerSummary => ({
        name,
        protocol: 'HTTP',
        port: 80,
        attachedRoutes: 0,
        supportedKinds: ['HTTPRoute'],
        allowedNamespaces: 'All',
        state: 'ok',
        predicted: [],
        reported: [],
      })),
    },
  });
  const nodes: TopologyNode[] = [gateway];
  const edges: TopologyEdge[] = [];
  for (let n = 0; n < 20; n += 1)
    for (let r = 0; r < 5; r += 1) {
      const route = topologyNode({ kind: 'HTTPRoute', namespace: `app-${n}`, name: `r${r}` });
      const service = topologyNode({ kind: 'Service', namespace: `app-${n}`, name: `s${r}` });
      nodes.push(route, service);
      edges.push(
        topologyEdge({
          type: 'parent',
          from: route.id,
          to: gateway.id,
          listeners: [r === 0 ? 'https' : 'http'],
          ...(r === 0 ? { state: 'rejected' as const, reason: 'NotAllowedByListeners' } : {}),
        }),
        topologyEdge({ type: 'backend', from: route.id, to: service.id }),
        // Each namespace's first Route also sends traffic to the next namespace.
        ...(r === 0
          ? [topologyEdge({ type: 'backend', from: route.id, to: `Service/app-${(n + 1) % 20}/s1` })]
          : []),
      );
    }
  const graph = graphFromState({
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edges: new Map(edges.map((edge) => [edge.id, edge])),
  });
  const grouped = groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [], foldAll: true });
  return toTileElements(toFlowElements(grouped, indexFindings([])));
}

describe('toTileElements', () => {
  it('draws one stroke per listener and state with its count, and none between tiles', () => {
    const { nodes, edges } = elements();
    expect(nodes.filter((node) => node.type === 'aggregate')).toHaveLength(20);
    const bundles = edges.map((edge) => [
      edge.sourceHandle,
      edge.data?.state,
      edge.data?.count,
      edge.data?.label,
    ]);
    expect(bundles).toEqual([
      ['l:http', 'accepted', 80, '80 accepted'],
      ['l:https', 'rejected', 20, '20 rejected · NotAllowedByListeners'],
    ]);
    // Each bundle ends at its own place on the grid's side.
    expect(new Set(edges.map((edge) => `${edge.target} ${edge.targetHandle}`)).size).toBe(2);
  });

  it('places every tile, of the same size, without overlapping another', () => {
    const { nodes, layout } = elements();
    const tiles = nodes.filter((node) => node.type === 'aggregate');
    expect(new Set(tiles.map((node) => `${node.width}×${node.height}`)).size).toBe(1);
    const places = tiles.map((node) => layout.positions.get(node.id));
    expect(places.every((place) => place !== undefined)).toBe(true);
    expect(new Set(places.map((place) => `${place?.x},${place?.y}`)).size).toBe(20);
    expect(layout.grid.columns).toBeGreaterThan(1);
  });
});
