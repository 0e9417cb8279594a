import { describe, expect, it } from 'vitest';
import { indexFindings } from '../store/finding-index.ts';
import { smallEstate, topologyEdge, topologyFinding, topologyNode } from '../test/topology-builders.ts';
import { groupGraph } from '@gatemap/topology';
import { graphFromState } from './map-graph.ts';
import { accessibleName, edgeLabel, toFlowElements } from './to-flow-elements.ts';

function elements(
  extraNodes = [] as ReturnType<typeof topologyNode>[],
  extraEdges = [] as ReturnType<typeof topologyEdge>[],
  findings = indexFindings([]),
) {
  const { nodes, edges } = smallEstate();
  const graph = graphFromState({
    nodes: new Map([...nodes, ...extraNodes].map((node) => [node.id, node])),
    edges: new Map([...edges, ...extraEdges].map((edge) => [edge.id, edge])),
  });
  return toFlowElements(
    groupGraph(graph, { groupBy: 'none', collapseThreshold: 25, expanded: [] }),
    findings,
  );
}

describe('toFlowElements', () => {
  it('makes one node per object with its id, accessible name and preset size', () => {
    const { nodes } = elements();
    const route = nodes.find((node) => node.id === 'HTTPRoute/shop/store');
    expect(route).toMatchObject({
      type: 'object',
      ariaLabel: 'HTTPRoute shop/store',
      width: 240,
      height: 72,
    });
    expect(nodes.find((node) => node.id === 'GatewayClass/example')?.ariaLabel).toBe('GatewayClass example');
    const gateway = nodes.find((node) => node.id === 'Gateway/infra/web');
    expect(gateway?.type).toBe('gateway');
    expect(gateway?.handles?.map((handle) => handle.id)).toEqual(['in', 'out', 'l:http', 'l:https']);
  });

  it('draws parent edges from the listener they attach to, with state and reason on the element', () => {
    const { edges } = elements();
    const rejected = edges.find(
      (edge) => edge.source === 'Gateway/infra/web' && edge.target === 'HTTPRoute/blog/posts',
    );
    expect(rejected).toMatchObject({ sourceHandle: 'l:https', targetHandle: 'in' });
    expect(rejected?.domAttributes).toMatchObject({
      'data-state': 'rejected',
      'data-reason': 'NotAllowedByListeners',
    });
    expect(rejected?.data?.label).toBe('NotAllowedByListeners · predicted');
  });

  it('draws one edge per listener when a Route attaches to several', () => {
    const route = topologyNode({ kind: 'HTTPRoute', namespace: 'infra', name: 'both' });
    const { edges } = elements(
      [route],
      [
        topologyEdge({
          type: 'parent',
          from: route.id,
          to: 'Gateway/infra/web',
          listeners: ['http', 'https'],
        }),
      ],
    );
    const attached = edges.filter((edge) => edge.target === route.id);
    expect(attached.map((edge) => edge.sourceHandle)).toEqual(['l:http', 'l:https']);
    expect(new Set(attached.map((edge) => edge.id)).size).toBe(2);
  });

  it('links a missing-grant edge to the finding that carries the ReferenceGrant fix', () => {
    const other = topologyNode({ kind: 'Service', namespace: 'payments', name: 'api' });
    const edge = topologyEdge({
      type: 'backend',
      from: 'HTTPRoute/shop/store',
      to: other.id,
      field: 'spec.rules[0].backendRefs[1]',
      state: 'unresolved',
      reason: 'RefNotPermitted',
      missingGrant: true,
      crossNamespace: true,
      share: 10,
    });
    const fix = topologyFinding({
      subject: 'HTTPRoute/shop/store',
      field: 'spec.rules[0].backendRefs[1]',
      fix: { description: 'apply', yaml: 'kind: ReferenceGrant\n' },
    });
    const { edges } = elements([other], [edge], indexFindings([fix]));
    const drawn = edges.find((item) => item.target === other.id);
    expect(drawn?.data?.finding?.fix?.yaml).toBe('kind: ReferenceGrant\n');
    expect(drawn?.domAttributes).toMatchObject({ 'data-state': 'unresolved', 'data-missing-grant': 'true' });
  });
});

describe('edgeLabel', () => {
  const base = { from: 'a', to: 'b' } as const;
  it.each([
    [topologyEdge({ ...base, type: 'parent' }), undefined],
    [
      topologyEdge({ ...base, type: 'parent', state: 'pending', reason: 'Pending', source: 'reported' }),
      'Pending',
    ],
    [
      topologyEdge({
        ...base,
        type: 'parent',
        state: 'accepted',
        reason: 'Accepted',
        source: 'reported',
        predicted: { state: 'rejected', reason: 'NotAllowedByListeners' },
      }),
      'Accepted (gatemap predicts NotAllowedByListeners)',
    ],
    [topologyEdge({ ...base, type: 'backend', share: 100 }), undefined],
    [topologyEdge({ ...base, type: 'backend', share: 90 }), '90%'],
    [topologyEdge({ ...base, type: 'backend', share: 33.3 }), '33.3%'],
    [
      topologyEdge({ ...base, type: 'backend', state: 'unresolved', reason: 'BackendNotFound' }),
      'BackendNotFound',
    ],
    [topologyEdge({ ...base, type: 'mirror' }), 'mirror'],
    [
      topologyEdge({
        ...base,
        type: 'mirror',
        state: 'unresolved',
        reason: 'RefNotPermitted',
        missingGrant: true,
      }),
      'mirror · RefNotPermitted: no ReferenceGrant',
    ],
  ])('labels %j as %j', (edge, label) => {
    expect(edgeLabel(edge)).toBe(label);
  });
});

describe('accessibleName', () => {
  it('reads Kind namespace/name, or Kind name when cluster-scoped', () => {
    expect(accessibleName({ kind: 'Gateway', namespace: 'infra', name: 'web' })).toBe('Gateway infra/web');
    expect(accessibleName({ kind: 'GatewayClass', name: 'example' })).toBe('GatewayClass example');
  });
});
