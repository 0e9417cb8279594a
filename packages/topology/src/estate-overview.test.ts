import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { estateOverview } from './estate-overview.ts';
import { groupGraph, type GroupedGraph } from './group-graph.ts';
import type { TopologySnapshot } from './protocol.ts';
import { viewOfObjects } from './topology-at.ts';

/**
 * Two namespaces: `shop` holds a Gateway with stale status and a Route whose second backend is the
 * Service of `other`, without a ReferenceGrant; `other` holds a Route attached to that Gateway.
 */
function twoNamespaces(): TopologySnapshot {
  const staleStatus = {
    conditions: [
      {
        type: 'Accepted',
        status: 'True',
        reason: 'Accepted',
        message: '',
        observedGeneration: 1,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  };
  return viewOfObjects([
    gatewayClass(),
    gateway({
      name: 'edge',
      namespace: 'shop',
      generation: 2,
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
      status: staleStatus,
    }),
    service({ name: 'api', namespace: 'shop' }),
    service({ name: 'api', namespace: 'other' }),
    httpRoute({
      name: 'store',
      namespace: 'shop',
      parentRefs: [{ name: 'edge' }],
      backends: ['api:80', 'other/api:80'],
    }),
    httpRoute({
      name: 'blog',
      namespace: 'other',
      parentRefs: [{ name: 'edge', namespace: 'shop' }],
      backends: ['api:80'],
    }),
  ]).view.snapshot();
}

/** The same estate served from two clusters, with ids as a multi-cluster server sends them. */
function twoClusters(): TopologySnapshot {
  const estate = twoNamespaces();
  const inCluster = (cluster: string): TopologySnapshot => ({
    nodes: estate.nodes.map((node) => ({ ...node, id: `${cluster}:${node.id}`, cluster })),
    edges: estate.edges.map((edge) => ({
      ...edge,
      id: `${cluster}:${edge.id}`,
      from: `${cluster}:${edge.from}`,
      to: `${cluster}:${edge.to}`,
      cluster,
    })),
    findings: estate.findings.map((item) => ({ ...item, id: `${cluster}:${item.id}` })),
  });
  const [prod, staging] = [inCluster('prod'), inCluster('staging')];
  return {
    nodes: [...prod.nodes, ...staging.nodes],
    edges: [...prod.edges, ...staging.edges],
    findings: [...prod.findings, ...staging.findings],
  };
}

function foldAll(estate: TopologySnapshot): GroupedGraph {
  return groupGraph(
    { nodes: estate.nodes, edges: estate.edges, context: new Set() },
    { groupBy: 'none', collapseThreshold: Infinity, expanded: [], foldAll: true },
  );
}

function ends(grouped: GroupedGraph): string[] {
  return grouped.edges.map((edge) =>
    edge.type === 'edge' ? `${edge.edge.from} -> ${edge.edge.to}` : `${edge.from} -> ${edge.to}`,
  );
}

describe('estateOverview', () => {
  it('folds every namespace as the map does, each without its members', () => {
    const estate = twoNamespaces();
    const folded = foldAll(estate);
    expect(folded.items.filter((item) => item.type === 'aggregate').map((item) => item.id)).toEqual([
      'aggregate:shop',
      'aggregate:other',
    ]);
    expect(estateOverview(estate).grouped.items).toEqual(
      folded.items.map((item) => (item.type === 'aggregate' ? { ...item, members: [] } : item)),
    );
  });

  it('leaves out the edges between two folded namespaces and keeps those to the Gateway', () => {
    const estate = twoNamespaces();
    expect(ends(foldAll(estate))).toContain('aggregate:shop -> aggregate:other');
    expect(ends(estateOverview(estate).grouped).sort()).toEqual([
      'GatewayClass/example -> Gateway/shop/edge',
      'aggregate:other -> Gateway/shop/edge',
      'aggregate:shop -> Gateway/shop/edge',
    ]);
  });

  it('keeps the findings of the objects left whole and drops those of folded ones', () => {
    const estate = twoNamespaces();
    expect(estate.findings.map((item) => item.subject).sort()).toEqual([
      'Gateway/shop/edge',
      'HTTPRoute/shop/store',
    ]);
    expect(estateOverview(estate).findings.map((item) => item.subject)).toEqual(['Gateway/shop/edge']);
  });

  it('matches the findings of a multi-cluster estate to their prefixed nodes', () => {
    const findings = estateOverview(twoClusters()).findings;
    expect(findings.map((item) => item.id.slice(0, item.id.indexOf(':')))).toEqual(['prod', 'staging']);
    expect(findings.map((item) => item.subject)).toEqual(['Gateway/shop/edge', 'Gateway/shop/edge']);
  });

  it('counts every object of the estate, folded or not', () => {
    const estate = twoNamespaces();
    expect(estate.nodes).toHaveLength(6);
    expect(estateOverview(estate).objects).toBe(6);
  });
});
