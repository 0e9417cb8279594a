import { describe, expect, it } from 'vitest';
import { filterGraph, type GraphFilter } from './filter-graph.ts';
import { graphFromState, type MapGraph } from './map-graph.ts';
import { smallEstate, topologyEdge, topologyNode } from '../test/topology-builders.ts';

const NONE: GraphFilter = {
  namespaces: [],
  kinds: [],
  labels: '',
  name: '',
  problemsOnly: false,
  context: false,
};

function estate(): MapGraph {
  const { nodes, edges } = smallEstate();
  return graphFromState({
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edges: new Map(edges.map((edge) => [edge.id, edge])),
  });
}

const ids = (graph: MapGraph): string[] => graph.nodes.map((node) => node.id).sort();

describe('filterGraph', () => {
  it('returns the same graph when no filter is set', () => {
    const graph = estate();
    expect(filterGraph(graph, NONE).graph).toBe(graph);
  });

  it('keeps the namespaces asked for, and the edges between kept nodes', () => {
    const { graph } = filterGraph(estate(), { ...NONE, namespaces: ['shop'] });
    expect(ids(graph)).toEqual(['HTTPRoute/shop/store', 'Service/shop/store']);
    expect(graph.edges.map((edge) => edge.type)).toEqual(['backend']);
  });

  it('adds the upstream path and backends of a match as dimmed context', () => {
    const { graph } = filterGraph(estate(), { ...NONE, kinds: ['HTTPRoute'], name: 'store', context: true });
    expect(ids(graph)).toEqual([
      'Gateway/infra/web',
      'GatewayClass/example',
      'HTTPRoute/shop/store',
      'Service/shop/store',
    ]);
    expect([...graph.context].sort()).toEqual([
      'Gateway/infra/web',
      'GatewayClass/example',
      'Service/shop/store',
    ]);
  });

  it('does not pull in what hangs below a context node (other Routes of the Gateway)', () => {
    const { graph } = filterGraph(estate(), { ...NONE, namespaces: ['shop'], context: true });
    expect(ids(graph)).not.toContain('HTTPRoute/blog/posts');
  });

  it('filters by label selector and reports a selector it cannot read', () => {
    expect(ids(filterGraph(estate(), { ...NONE, labels: 'team in (shop,platform)' }).graph)).toEqual([
      'Gateway/infra/web',
      'HTTPRoute/shop/store',
    ]);
    const broken = filterGraph(estate(), { ...NONE, labels: 'team in shop' });
    expect(broken.labelError).toMatch(/cannot read/);
    expect(broken.graph.nodes).toHaveLength(6);
  });

  it('shows only problems: error findings, failed references, ghosts', () => {
    const graph = estate();
    const ghost = topologyNode({ kind: 'Service', namespace: 'x', name: 'gone', ghost: true });
    const withGhost = { ...graph, nodes: [...graph.nodes, ghost] };
    expect(ids(filterGraph(withGhost, { ...NONE, problemsOnly: true }).graph)).toEqual([
      'Gateway/infra/web',
      'HTTPRoute/blog/posts',
      'Service/x/gone',
    ]);
  });

  it('matches names case-insensitively on namespace/name', () => {
    expect(ids(filterGraph(estate(), { ...NONE, name: 'BLOG/' }).graph)).toEqual([
      'HTTPRoute/blog/posts',
      'Service/blog/posts',
    ]);
  });

  it('matches only the objects of a summary figure, with what explains them as context', () => {
    const only = new Set(['HTTPRoute/blog/posts']);
    expect(ids(filterGraph(estate(), { ...NONE, only }).graph)).toEqual(['HTTPRoute/blog/posts']);
    const { graph } = filterGraph(estate(), { ...NONE, only, context: true });
    expect(ids(graph).filter((id) => !graph.context.has(id))).toEqual(['HTTPRoute/blog/posts']);
    expect(ids(filterGraph(estate(), { ...NONE, only: new Set() }).graph)).toEqual([]);
  });

  it('keeps one cluster', () => {
    const graph = estate();
    const other = topologyNode({ kind: 'Service', namespace: 'x', name: 'y', cluster: 'b' });
    const mixed = { ...graph, nodes: [...graph.nodes.map((node) => ({ ...node, cluster: 'a' })), other] };
    expect(ids(filterGraph(mixed, { ...NONE, cluster: 'b' }).graph)).toEqual(['Service/x/y']);
  });

  it('keeps the policies of the policy kinds asked for, and what they target', () => {
    const graph = estate();
    const policy = (kind: string, name: string, to: string) => ({
      node: topologyNode({ kind, namespace: 'shop', name, summary: { type: 'policy', targets: [] } }),
      edge: topologyEdge({ type: 'policy-target', from: `${kind}/shop/${name}`, to, state: 'accepted' }),
    });
    const security = policy('SecurityPolicy', 'auth', 'HTTPRoute/shop/store');
    const backend = policy('BackendTrafficPolicy', 'retries', 'Gateway/infra/web');
    const withPolicies = {
      ...graph,
      nodes: [...graph.nodes, security.node, backend.node],
      edges: [...graph.edges, security.edge, backend.edge],
    };
    const { graph: kept } = filterGraph(withPolicies, { ...NONE, policyKinds: ['SecurityPolicy'] });
    expect(ids(kept)).toEqual(['HTTPRoute/shop/store', 'SecurityPolicy/shop/auth']);
    expect(kept.edges.map((edge) => edge.type)).toEqual(['policy-target']);
    // Combined with the other filters: both must hold.
    expect(
      ids(filterGraph(withPolicies, { ...NONE, policyKinds: ['SecurityPolicy'], kinds: ['Gateway'] }).graph),
    ).toEqual([]);
    // A kind no policy is of matches nothing, rather than everything.
    expect(ids(filterGraph(withPolicies, { ...NONE, policyKinds: ['NoSuchPolicy'] }).graph)).toEqual([]);
  });
});
