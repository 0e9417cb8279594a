import { describe, expect, it } from 'vitest';
import { focusGraph } from './focus-graph.ts';
import { graphFromState } from './map-graph.ts';
import { smallEstate } from '../test/topology-builders.ts';

function estate() {
  const { nodes, edges } = smallEstate();
  return graphFromState({
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edges: new Map(edges.map((edge) => [edge.id, edge])),
  });
}

describe('focusGraph', () => {
  it('keeps the whole graph without a focus', () => {
    const graph = estate();
    expect(focusGraph(graph, undefined, 2)).toEqual({ graph, found: true });
  });

  it('keeps objects within N hops in either direction', () => {
    const one = focusGraph(estate(), 'HTTPRoute/shop/store', 1);
    expect(one.graph.nodes.map((node) => node.id).sort()).toEqual([
      'Gateway/infra/web',
      'HTTPRoute/shop/store',
      'Service/shop/store',
    ]);
    const two = focusGraph(estate(), 'HTTPRoute/shop/store', 2);
    expect(two.graph.nodes.map((node) => node.id)).toContain('HTTPRoute/blog/posts');
    expect(two.graph.nodes.map((node) => node.id)).toContain('GatewayClass/example');
    expect(two.graph.nodes.map((node) => node.id)).not.toContain('Service/blog/posts');
  });

  it('says when the focused object is not there', () => {
    const graph = estate();
    expect(focusGraph(graph, 'Gateway/nope/nope', 2)).toEqual({ graph, found: false });
  });
});
