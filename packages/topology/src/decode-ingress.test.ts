/**
 * Ingress and IngressClass (`networking.k8s.io/v1`) are read like the Gateway API kinds: decoded
 * to their shape, or reported (GM101) with the field at fault, the rest of the input still read.
 */
import { ingress, ingressClass } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { decodeObject, ingestManifests } from './index.ts';

function ingest(...values: unknown[]) {
  return ingestManifests([
    {
      documents: values.map((value, index) => ({ source: { file: 'in.yaml', line: index * 10 + 1 }, value })),
      errors: [],
    },
  ]);
}

describe('Ingress decoding', () => {
  it('decodes an Ingress with its rules, backends, TLS and default backend', () => {
    const result = decodeObject(
      ingress({
        name: 'web',
        namespace: 'shop',
        className: 'nginx',
        rules: [
          { host: 'shop.example.com', paths: [{ path: '/cart', pathType: 'Exact', backend: 'cart:http' }] },
        ],
        defaultBackend: 'web:80',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      }),
    );
    expect(result.ok && 'value' in result ? result.value.role : undefined).toBe('ingress');
    if (!result.ok || !('value' in result) || result.value.role !== 'ingress') throw new Error('not decoded');
    expect(result.value.key).toBe('Ingress/shop/web');
    const spec = result.value.object.spec;
    expect(spec?.rules?.[0]?.http?.paths[0]).toEqual({
      path: '/cart',
      pathType: 'Exact',
      backend: { service: { name: 'cart', port: { name: 'http' } } },
    });
    expect(spec?.defaultBackend).toEqual({ service: { name: 'web', port: { number: 80 } } });
    expect(spec?.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
  });

  it('decodes an IngressClass as a cluster-scoped object', () => {
    const result = decodeObject(ingressClass({ name: 'nginx' }), 'shop');
    if (!result.ok || !('value' in result) || result.value.role !== 'ingressclass')
      throw new Error('not decoded');
    expect(result.value.key).toBe('IngressClass/nginx');
    expect(result.value.object.spec?.controller).toBe('k8s.io/ingress-nginx');
  });

  it('is no longer reported as a kind gatemap does not read', () => {
    const result = ingest(ingress(), ingressClass());
    expect(result.issues).toEqual([]);
    expect(result.changes.map((change) => change.type)).toEqual(['upsert', 'upsert']);
  });

  it('keeps an Ingress of another version as unknown, never dropped', () => {
    const result = decodeObject({ ...ingress(), apiVersion: 'networking.k8s.io/v1beta1' });
    expect(result.ok && 'unknown' in result ? result.unknown.why : undefined).toBe('unknown-version');
  });

  it.each([
    [
      'a pathType outside the enum',
      { pathType: 'Regex' },
      'spec.rules[0].http.paths[0].pathType must be one of Exact, Prefix, ImplementationSpecific, got "Regex"',
    ],
    [
      'a path that is not a string',
      { path: 7 },
      'spec.rules[0].http.paths[0].path must be a string, got number 7',
    ],
    [
      'a port number out of range',
      { backend: { service: { name: 'web', port: { number: 70000 } } } },
      'spec.rules[0].http.paths[0].backend.service.port.number must be between 1 and 65535, got 70000',
    ],
    [
      'a service without a name',
      { backend: { service: { port: { number: 80 } } } },
      'spec.rules[0].http.paths[0].backend.service.name is required',
    ],
    ['a missing pathType', { pathType: undefined }, 'spec.rules[0].http.paths[0].pathType is required'],
  ])('reports %s with its file, object and field, and reads the rest', (_why, change, expected) => {
    const good = ingress({ name: 'good' });
    const bad = ingress({ name: 'bad', namespace: 'shop' });
    const spec = bad['spec'] as { rules: { http: { paths: Record<string, unknown>[] } }[] };
    const path = spec.rules[0]!.http.paths[0]!;
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) delete path[field];
      else path[field] = value;
    }
    const result = ingest(bad, good);
    expect(result.issues.map((issue) => issue.message)).toEqual([
      `in.yaml:1: Ingress shop/bad is not valid and is skipped: ${expected}.`,
    ]);
    expect(result.changes).toHaveLength(1);
  });

  it.each([
    [
      'spec.ingressClassName',
      { ingressClassName: 7 },
      'spec.ingressClassName must be a string, got number 7',
    ],
    [
      'spec.tls[].hosts',
      { tls: [{ hosts: 'a.example.com' }] },
      'spec.tls[0].hosts must be a list, got string "a.example.com"',
    ],
    [
      'spec.defaultBackend.resource',
      { defaultBackend: { resource: { name: 'bucket' } } },
      'spec.defaultBackend.resource.kind is required',
    ],
    [
      'spec.rules[].http',
      { rules: [{ host: 'a.example.com', http: {} }] },
      'spec.rules[0].http.paths is required',
    ],
  ])('reports a bad %s by its field', (_field, spec, expected) => {
    const result = ingest({ ...ingress({ name: 'bad' }), spec });
    expect(result.issues.map((issue) => issue.message)).toEqual([
      `in.yaml:1: Ingress default/bad is not valid and is skipped: ${expected}.`,
    ]);
  });

  it('reports an IngressClass whose controller is not a string', () => {
    const result = ingest({ ...ingressClass(), spec: { controller: ['k8s.io/ingress-nginx'] } });
    expect(result.issues[0]?.message).toContain('spec.controller must be a string, got a list');
  });
});
