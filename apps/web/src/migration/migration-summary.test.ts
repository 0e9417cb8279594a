import { describe, expect, it } from 'vitest';
import type { IngressCoverageState, IngressCoverageSummary, TopologyNode } from '@gatemap/topology';
import { topologyNode } from '../test/topology-builders.ts';
import { migrationSummary } from './migration-summary.ts';

function ingress(
  namespace: string,
  name: string,
  state: IngressCoverageState,
  cluster?: string,
): TopologyNode {
  const coverage: IngressCoverageSummary = {
    state,
    served: state === 'covered' ? 2 : state === 'partial' ? 1 : 0,
    total: 2,
    unserved:
      state === 'covered'
        ? []
        : [
            {
              key: 'shop.example.com /api (Prefix) → api:80',
              field: 'spec.rules[0]',
              reason: 'NoRoute',
              message: 'no Route serves it',
            },
          ],
  };
  return topologyNode({
    kind: 'Ingress',
    group: 'networking.k8s.io',
    namespace,
    name,
    ...(cluster ? { cluster, id: `${cluster}:Ingress/${namespace}/${name}` } : {}),
    summary: { type: 'ingress', hosts: ['shop.example.com'], keys: 2, coverage },
  });
}

describe('migrationSummary', () => {
  it('counts Ingresses by state per cluster and namespace, ignoring every other node', () => {
    const summary = migrationSummary([
      ingress('shop', 'web', 'covered'),
      ingress('shop', 'api', 'partial'),
      ingress('blog', 'site', 'not-started'),
      topologyNode({ kind: 'HTTPRoute', name: 'web', namespace: 'shop' }),
    ]);
    expect(summary.counts).toEqual({ covered: 1, partial: 1, 'not-started': 1, total: 3 });
    expect(summary.clusters).toHaveLength(1);
    expect(summary.clusters[0]?.namespaces.map((entry) => [entry.namespace, entry.counts])).toEqual([
      ['blog', { covered: 0, partial: 0, 'not-started': 1, total: 1 }],
      ['shop', { covered: 1, partial: 1, 'not-started': 0, total: 2 }],
    ]);
  });

  it('lists what remains, not started before partial, without the covered ones', () => {
    const summary = migrationSummary([
      ingress('a', 'half', 'partial'),
      ingress('z', 'none', 'not-started'),
      ingress('a', 'done', 'covered'),
    ]);
    expect(summary.remaining.map((item) => [item.namespace, item.name, item.state])).toEqual([
      ['z', 'none', 'not-started'],
      ['a', 'half', 'partial'],
    ]);
    expect(summary.remaining[0]?.coverage.unserved[0]?.reason).toBe('NoRoute');
  });

  it('keeps clusters apart', () => {
    const summary = migrationSummary([
      ingress('shop', 'web', 'covered', 'prod'),
      ingress('shop', 'web', 'partial', 'staging'),
    ]);
    expect(
      summary.clusters.map((entry) => [entry.cluster, entry.counts.total, entry.counts.covered]),
    ).toEqual([
      ['prod', 1, 1],
      ['staging', 1, 0],
    ]);
  });

  it('is empty without Ingresses', () => {
    expect(migrationSummary([topologyNode({ kind: 'Service', name: 'web' })]).counts.total).toBe(0);
  });
});
