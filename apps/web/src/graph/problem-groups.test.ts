import { describe, expect, it } from 'vitest';
import { type AggregateItem, groupGraph, type TopologyEdge, type TopologyNode } from '@gatemap/topology';
import { topologyEdge, topologyNode } from '../test/topology-builders.ts';
import { graphFromState } from './map-graph.ts';
import { groupProblems, withoutFoldedContext } from './problem-groups.ts';

/** Two Gateways; in each of 12 namespaces, Routes rejected for two reasons, one missing backend, and healthy ones. */
function estate() {
  const nodes: TopologyNode[] = [
    topologyNode({ kind: 'Gateway', namespace: 'infra', name: 'gw-0' }),
    topologyNode({ kind: 'Gateway', namespace: 'infra', name: 'gw-1' }),
  ];
  const edges: TopologyEdge[] = [];
  for (let n = 0; n < 12; n += 1) {
    const namespace = `app-${n}`;
    const service = topologyNode({ kind: 'Service', namespace, name: 'svc' });
    nodes.push(service);
    for (let r = 0; r < 6; r += 1) {
      const route = topologyNode({ kind: 'HTTPRoute', namespace, name: `route-${r}` });
      nodes.push(route);
      const gateway = `Gateway/infra/gw-${n % 2}`;
      const rejected = r === 0 ? 'NotAllowedByListeners' : r === 1 ? 'NoMatchingListenerHostname' : undefined;
      edges.push(
        topologyEdge({
          type: 'parent',
          from: route.id,
          to: gateway,
          listeners: ['https'],
          ...(rejected ? { state: 'rejected' as const, reason: rejected } : {}),
        }),
      );
      if (r === 2) {
        const missing = topologyNode({ kind: 'Service', namespace, name: 'gone', ghost: true });
        nodes.push(missing);
        edges.push(
          topologyEdge({
            type: 'backend',
            from: route.id,
            to: missing.id,
            state: 'unresolved',
            reason: 'BackendNotFound',
          }),
        );
      } else edges.push(topologyEdge({ type: 'backend', from: route.id, to: service.id }));
    }
  }
  return graphFromState({
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edges: new Map(edges.map((edge) => [edge.id, edge])),
  });
}

describe('groupProblems', () => {
  it('folds rejected Routes into one tile per reason and listener, and broken references with what they miss', () => {
    const problems = groupProblems(estate());
    const grouped = groupGraph(problems.graph, {
      groupBy: 'none',
      collapseThreshold: 25,
      expanded: [],
      foldAll: true,
      foldKey: problems.foldKey,
    });
    const tiles = grouped.items.filter((item): item is AggregateItem => item.type === 'aggregate');
    expect(tiles.map((tile) => [tile.expandKey, tile.members.length]).sort()).toEqual([
      ['BackendNotFound · backend references', 24],
      ['NoMatchingListenerHostname · gw-0/https', 6],
      ['NoMatchingListenerHostname · gw-1/https', 6],
      ['NotAllowedByListeners · gw-0/https', 6],
      ['NotAllowedByListeners · gw-1/https', 6],
    ]);
    // The Gateways stay whole; healthy Routes and backends are not drawn.
    expect(
      grouped.items
        .filter((item) => item.type === 'object')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['Gateway/infra/gw-0', 'Gateway/infra/gw-1']);
    const rejectedEdges = grouped.edges.filter(
      (edge) => edge.type === 'aggregate-edge' && edge.state === 'rejected',
    );
    expect(rejectedEdges).toHaveLength(4);
    expect(rejectedEdges.map((edge) => (edge.type === 'aggregate-edge' ? edge.count : 0))).toEqual([
      6, 6, 6, 6,
    ]);
  });
});

describe('withoutFoldedContext', () => {
  it('keeps matches and the Gateways they hang from, and leaves backends shown only as context out', () => {
    const graph = estate();
    const route = 'HTTPRoute/app-3/route-0';
    const filtered = {
      nodes: graph.nodes.filter((node) =>
        [route, 'Gateway/infra/gw-1', 'Service/app-3/svc'].includes(node.id),
      ),
      edges: graph.edges.filter((edge) => edge.from === route),
      context: new Set(['Gateway/infra/gw-1', 'Service/app-3/svc']),
    };
    expect(
      withoutFoldedContext(filtered)
        .nodes.map((node) => node.id)
        .sort(),
    ).toEqual(['Gateway/infra/gw-1', route]);
    expect(withoutFoldedContext(graph)).toBe(graph);
  });
});
