import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import type { ParsedManifests } from './ingest-manifests.ts';
import { decoded } from './test-support.ts';
import { overlayManifests } from './what-if-overlay.ts';

const base = [
  gatewayClass(),
  gateway({
    name: 'web',
    namespace: 'infra',
    listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
  }),
  httpRoute({ name: 'web', namespace: 'shop', parentRefs: [{ name: 'web', namespace: 'infra' }] }),
  service({ namespace: 'shop' }),
].map(decoded);

function manifests(...values: unknown[]): ParsedManifests[] {
  return [
    {
      documents: values.map((value, index) => ({ source: { file: 'pasted', line: index * 10 + 1 }, value })),
      errors: [],
    },
  ];
}

describe('overlayManifests', () => {
  it('draws the topology after the overlay and marks what it adds', () => {
    const result = overlayManifests({
      base,
      manifests: manifests(
        httpRoute({ name: 'api', namespace: 'shop', parentRefs: [{ name: 'web', namespace: 'infra' }] }),
      ),
    });
    expect(result.objects.map((object) => [object.key, object.change])).toEqual([
      ['HTTPRoute/shop/api', 'added'],
    ]);
    expect(result.nodes.map((node) => node.id)).toContain('HTTPRoute/shop/api');
    expect(result.edges.some((edge) => edge.from === 'HTTPRoute/shop/api')).toBe(true);
    expect(result.removed).toEqual([]);
  });

  it('removes what a `$patch: delete` document names, keeping its node as it was', () => {
    const result = overlayManifests({
      base,
      manifests: manifests({
        $patch: 'delete',
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'web', namespace: 'infra' },
      }),
    });
    expect(result.objects.map((object) => [object.key, object.change])).toEqual([
      ['Gateway/infra/web', 'removed'],
    ]);
    expect(result.removed.map((node) => node.id)).toEqual(['Gateway/infra/web']);
    expect(result.nodes.find((node) => node.id === 'Gateway/infra/web')?.ghost ?? true).toBe(true);
    expect(result.breaks).toBe(true);
    expect(
      result.verdicts.some((change) => change.key === 'HTTPRoute/shop/web' && change.direction === 'broke'),
    ).toBe(true);
  });

  it('reports a document it cannot read by file and line, and overlays the rest', () => {
    const result = overlayManifests({
      base,
      manifests: [
        {
          documents: manifests(service({ name: 'api', namespace: 'shop' }))[0]!.documents,
          errors: [{ source: { file: 'pasted', line: 7 }, message: 'bad indentation' }],
        },
      ],
    });
    expect(result.issues.map((issue) => issue.message)).toEqual([expect.stringContaining('pasted:7')]);
    expect(result.objects.map((object) => object.key)).toEqual(['Service/shop/api']);
  });
});
