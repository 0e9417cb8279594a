import { describe, expect, it } from 'vitest';
import { groupGraph, type AggregateEdgeItem, type AggregateItem } from '@gatemap/topology';
import { graphFromState, type MapGraph } from './map-graph.ts';
import { smallEstate, topologyEdge, topologyNode } from '../test/topology-builders.ts';

function graphOf(
  nodes: ReturnType<typeof topologyNode>[],
  edges: ReturnType<typeof topologyEdge>[],
): MapGraph {
  return graphFromState({
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edges: new Map(edges.map((edge) => [edge.id, edge])),
  });
}

function bigNamespace(routes: number) {
  const { nodes, edges } = smallEstate();
  const gateway = 'Gateway/infra/web';
  const more = Array.from({ length: routes }, (_, index) =>
    topologyNode({
      kind: 'HTTPRoute',
      namespace: 'big',
      name: `r${index}`,
      ...(index === 0 ? { severity: 'error' as const, findings: 2 } : {}),
    }),
  );
  const service = topologyNode({ kind: 'Service', namespace: 'big', name: 'svc' });
  const moreEdges = more.flatMap((route, index) => [
    topologyEdge({
      type: 'parent',
      from: route.id,
      to: gateway,
      listeners: ['http'],
      ...(index < 2 ? { state: 'rejected' as const, reason: 'NotAllowedByListeners' } : {}),
    }),
    topologyEdge({ type: 'backend', from: route.id, to: service.id }),
  ]);
  return graphOf([...nodes, ...more, service], [...edges, ...moreEdges]);
}

describe('groupGraph', () => {
  it('puts nodes in namespace lanes, cluster-scoped ones first', () => {
    const { nodes, edges } = smallEstate();
    const grouped = groupGraph(graphOf(nodes, edges), {
      groupBy: 'namespace',
      collapseThreshold: 25,
      expanded: [],
    });
    expect(grouped.lanes.map((lane) => lane.label)).toEqual(['cluster-scoped', 'blog', 'infra', 'shop']);
    const lane = grouped.items.find((item) => item.id === 'HTTPRoute/shop/store');
    expect(lane?.type === 'object' && lane.lane).toBe('lane:shop');
  });

  it('draws no lanes without grouping', () => {
    const { nodes, edges } = smallEstate();
    const grouped = groupGraph(graphOf(nodes, edges), {
      groupBy: 'none',
      collapseThreshold: 25,
      expanded: [],
    });
    expect(grouped.lanes).toEqual([]);
    expect(grouped.items).toHaveLength(6);
    expect(grouped.edges).toHaveLength(5);
  });

  it('collapses a namespace with more Routes than the threshold into one aggregate with counts and worst severity', () => {
    const grouped = groupGraph(bigNamespace(5), { groupBy: 'none', collapseThreshold: 3, expanded: [] });
    const aggregate = grouped.items.find((item): item is AggregateItem => item.type === 'aggregate');
    expect(aggregate).toMatchObject({
      id: 'aggregate:big',
      expandKey: 'big',
      namespace: 'big',
      total: 6,
      routes: 5,
      severity: 'error',
      findings: 2,
      problems: 2,
      counts: [
        { kind: 'HTTPRoute', count: 5 },
        { kind: 'Service', count: 1 },
      ],
    });
    expect(grouped.items.some((item) => item.id.startsWith('HTTPRoute/big/'))).toBe(false);
  });

  it('merges the edges of a collapsed namespace, counting states and naming the worst reason', () => {
    const grouped = groupGraph(bigNamespace(5), { groupBy: 'none', collapseThreshold: 3, expanded: [] });
    const merged = grouped.edges.filter((edge): edge is AggregateEdgeItem => edge.type === 'aggregate-edge');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      from: 'aggregate:big',
      to: 'Gateway/infra/web',
      count: 5,
      states: { accepted: 3, rejected: 2 },
      state: 'rejected',
      reason: 'NotAllowedByListeners',
      listeners: ['http'],
    });
  });

  it('leaves an expanded namespace open', () => {
    const grouped = groupGraph(bigNamespace(5), { groupBy: 'none', collapseThreshold: 3, expanded: ['big'] });
    expect(grouped.items.some((item) => item.type === 'aggregate')).toBe(false);
  });

  it('marks context nodes as dimmed', () => {
    const { nodes, edges } = smallEstate();
    const graph = { ...graphOf(nodes, edges), context: new Set(['GatewayClass/example']) };
    const grouped = groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [] });
    const item = grouped.items.find((entry) => entry.id === 'GatewayClass/example');
    expect(item?.type === 'object' && item.dimmed).toBe(true);
  });

  it('collapses the largest namespaces, beyond the threshold, while the view is over its node budget', () => {
    const graph = bigNamespace(5);
    const open = groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [], nodeBudget: 100 });
    expect(open.items.some((item) => item.type === 'aggregate')).toBe(false);
    const tight = groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [], nodeBudget: 8 });
    expect(tight.items.filter((item) => item.type === 'aggregate').map((item) => item.id)).toEqual([
      'aggregate:big',
    ]);
    expect(tight.items.length).toBeLessThanOrEqual(8);
    const kept = groupGraph(graph, {
      groupBy: 'none',
      collapseThreshold: 25,
      expanded: ['big'],
      nodeBudget: 8,
    });
    expect(kept.items.some((item) => item.id === 'aggregate:big')).toBe(false);
  });
});
