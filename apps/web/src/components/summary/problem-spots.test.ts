import { describe, expect, it } from 'vitest';
import { summarizeEstate } from '@gatemap/topology';
import type { MapFlowNode } from '../../graph/flow-types.ts';
import { smallEstate, topologyEdge, topologyNode } from '../../test/topology-builders.ts';
import { problemSpots } from './problem-spots.ts';

function objectNode(id: string, namespace: string | undefined, problem: boolean): MapFlowNode {
  const [kind = '', ...rest] = id.split('/');
  return {
    id,
    type: 'object',
    position: { x: 0, y: 0 },
    data: {
      node: topologyNode({ kind, name: rest.at(-1) ?? '', ...(namespace ? { namespace } : {}) }),
      column: 0,
      lane: undefined,
      dimmed: false,
      problem,
      policies: [],
    },
  };
}

function aggregateNode(namespace: string): MapFlowNode {
  return {
    id: `aggregate:${namespace}`,
    type: 'aggregate',
    position: { x: 0, y: 0 },
    data: {
      aggregate: {
        type: 'aggregate',
        id: `aggregate:${namespace}`,
        expandKey: namespace,
        cluster: undefined,
        namespace,
        lane: undefined,
        counts: [],
        total: 1,
        routes: 1,
        severity: 'error',
        findings: 1,
        problems: 1,
        members: [],
      },
      column: 2,
      lane: undefined,
    },
  };
}

describe('problemSpots', () => {
  it('names the worst namespace, then the parent, then the other namespaces with rejected Routes', () => {
    const { nodes, edges } = smallEstate();
    // A second rejected Route in blog, one in news: blog is the worst namespace.
    const more = ['blog/extra', 'news/one'].map((name) => {
      const [namespace = '', route = ''] = name.split('/');
      return topologyNode({ kind: 'HTTPRoute', namespace, name: route });
    });
    const summary = summarizeEstate({
      nodes: [...nodes, ...more],
      edges: [
        ...edges,
        ...more.map((route) =>
          topologyEdge({
            type: 'parent',
            from: route.id,
            to: 'Gateway/infra/web',
            state: 'rejected',
            reason: 'X',
          }),
        ),
      ],
    });
    const drawn = [
      objectNode('Gateway/infra/web', 'infra', false),
      objectNode('HTTPRoute/shop/store', 'shop', false),
      objectNode('HTTPRoute/news/one', 'news', true),
      aggregateNode('blog'),
    ];
    expect(problemSpots(summary, drawn)).toEqual([
      'aggregate:blog',
      'Gateway/infra/web',
      'HTTPRoute/news/one',
    ]);
  });

  it('names nothing for an estate without rejected Routes', () => {
    const { nodes, edges } = smallEstate();
    const summary = summarizeEstate({ nodes, edges: edges.filter((edge) => edge.state !== 'rejected') });
    expect(problemSpots(summary, [objectNode('Gateway/infra/web', 'infra', false)])).toEqual([]);
  });
});
