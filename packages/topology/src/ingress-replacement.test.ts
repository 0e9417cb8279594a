/**
 * The replacement of Ingresses (§C, E, F of ../shared/ingress-migration.md), each annotation
 * mirroring kubernetes-sigs/ingress2gateway's own cases for its ingress-nginx provider
 * (pkg/i2gw/providers/ingressnginx/*_test.go, providers/common/converter_test.go): the same input
 * Ingress, the Gateway API objects it expects. Every plan is checked by the what-if engine, so
 * each case also says whether the objects would be accepted and what coverage they leave.
 */
import { gateway, gatewayClass, ingress, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { migrationManifests, planMigration } from './migration-plan.ts';
import { objectKey } from './object-key.ts';
import { A, HOST, ing, plan, rules, spec, tlsSecret } from './ingress-test-support.ts';
import { decoded, withSpec } from './test-support.ts';

describe('the replacement of an Ingress (providers/common)', () => {
  it('X2, X4: one route per namespace and host, named <first Ingress>-<host>, a rule per path, on the picked Gateway', () => {
    const result = plan([ing()]);
    expect(result.rejected).toEqual([]);
    expect(spec(result, 'HTTPRoute/default/test-example-com')).toEqual({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [HOST],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'svc', port: 80 }] },
      ],
    });
    expect(result.after.covered).toBe(1);
  });

  it('E1: two Ingresses sharing a host make one route, named after the first by name', () => {
    const first = ing({ name: 'a', rules: [{ host: HOST, paths: [{ path: '/a', backend: 'svc:80' }] }] });
    const second = ing({ name: 'b', rules: [{ host: HOST, paths: [{ path: '/b', backend: 'svc:80' }] }] });
    const result = plan([second, first]);
    expect(result.proposed.map((item) => item.key)).toEqual(['HTTPRoute/default/a-example-com']);
    expect(result.ingresses.map((item) => item.routes)).toEqual([
      ['default/a-example-com'],
      ['default/a-example-com'],
    ]);
    expect(result.after.covered).toBe(2);
  });

  it('X7 converter_test "named ports": a port name becomes the Service port number', () => {
    const named = withSpec(service({ name: 'named' }), { ports: [{ name: 'http', port: 8080 }] });
    const result = plan(
      [ing({ rules: [{ host: HOST, paths: [{ path: '/', backend: 'named:http' }] }] })],
      [named],
    );
    expect(rules(result)).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: 'named', port: 8080 }],
      },
    ]);
  });

  it('E7 converter_test "missing named ports": a port name the Service lacks is reported and the path left out', () => {
    const result = plan([ing({ rules: [{ host: HOST, paths: [{ path: '/', backend: 'svc:grpc' }] }] })]);
    expect(result.proposed).toEqual([]);
    expect(result.ingresses[0]?.problems).toEqual([
      'example.com/ (Prefix): cannot find port with name "grpc" in Service default/svc; not translated',
    ]);
  });

  it('X6 converter_test "ingress with custom and default backend": the default backend is a route without hostnames', () => {
    const result = plan([ing({ defaultBackend: 'svc:80' })]);
    expect(spec(result, 'HTTPRoute/default/test-default-backend')).toEqual({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }],
    });
  });

  it('E2 (canary.go getCanaryInfo): a second non-canary backend for the same host and path is reported, not merged', () => {
    const result = plan([
      ing({ name: 'a' }),
      ing({ name: 'b', rules: [{ host: HOST, paths: [{ path: '/', backend: 'canary:80' }] }] }),
    ]);
    expect(result.ingresses[1]?.problems[0]).toContain('multiple non-canary backends');
    expect(rules(result, 'HTTPRoute/default/a-example-com')).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'svc', port: 80 }] },
    ]);
  });

  it('E12: more than 16 paths on one host are split into routes of at most 16 rules', () => {
    const paths = Array.from({ length: 17 }, (_, index) => ({ path: `/p${index}`, backend: 'svc:80' }));
    const result = plan([ing({ rules: [{ host: HOST, paths }] })]);
    expect(
      result.proposed.map((item) => [item.key, (item.object.spec['rules'] as unknown[]).length]),
    ).toEqual([
      ['HTTPRoute/default/test-example-com', 16],
      ['HTTPRoute/default/test-example-com-2', 1],
    ]);
    expect(result.rejected).toEqual([]);
  });

  it('E13: a path the HTTPRoute CRD rejects (/{id}) is reported, not proposed', () => {
    const result = plan([ing({ rules: [{ host: HOST, paths: [{ path: '/{id}', backend: 'svc:80' }] }] })]);
    expect(result.proposed).toEqual([]);
    expect(result.ingresses[0]?.problems[0]).toContain(
      'path "/{id}" holds a character an HTTPRoute path may not',
    );
  });

  it('N2, E8: ImplementationSpecific becomes PathPrefix, and says it is narrower', () => {
    const result = plan([
      ing({
        rules: [
          { host: HOST, paths: [{ path: '/foo', pathType: 'ImplementationSpecific', backend: 'svc:80' }] },
        ],
      }),
    ]);
    expect(rules(result)).toMatchObject([{ matches: [{ path: { type: 'PathPrefix', value: '/foo' } }] }]);
    expect(result.ingresses[0]?.problems[0]).toContain('narrower');
  });

  it('I11, C: a resource backend has no standard Gateway API equivalent: listed as not translated, the other paths translated', () => {
    const bucket = {
      resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' },
    };
    const result = plan([
      ing({
        rules: [
          {
            host: HOST,
            paths: [
              { path: '/', backend: 'svc:80' },
              { path: '/static', backend: bucket },
            ],
          },
        ],
      }),
    ]);
    expect(rules(result)).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'svc', port: 80 }] },
    ]);
    expect(result.ingresses[0]?.problems).toEqual([
      'example.com/static (Prefix): a StorageBucket backend is implementation-specific; not translated',
    ]);
    expect(result.after).toMatchObject({ partial: 1 });
  });

  it('E15, X5: rules without host and one TLS host: the HTTPS listener takes the TLS host, the HTTP catch-all keeps every host', () => {
    const catchAll = ing({
      rules: [{ paths: [{ path: '/', backend: 'svc:80' }] }],
      tls: [{ hosts: [HOST], secretName: 'secret' }],
    });
    const result = plan([catchAll], [tlsSecret]);
    expect(result.rejected).toEqual([]);
    expect((spec(result, 'Gateway/default/gateway')?.['listeners'] as unknown[])[1]).toEqual({
      name: 'example-com-https',
      port: 443,
      protocol: 'HTTPS',
      hostname: HOST,
      tls: { mode: 'Terminate', certificateRefs: [{ name: 'secret' }] },
    });
    // ingress2gateway gives the HTTP listener the TLS host too, narrowing the catch-all (README).
    expect(spec(result, 'HTTPRoute/default/test-all-hosts')).toMatchObject({
      parentRefs: [
        { name: 'gateway', sectionName: 'example-com-https' },
        { name: 'gateway', sectionName: 'http' },
      ],
    });
    expect(spec(result, 'HTTPRoute/default/test-all-hosts')?.['hostnames']).toBeUndefined();
    expect(spec(result, 'HTTPRoute/default/test-all-hosts-ssl-redirect')).toMatchObject({
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [HOST],
    });
    expect(result.after).toMatchObject({ covered: 1, partial: 0 });
  });

  it('E15 in coverage: a catch-all Route narrowed by its listener hostname serves a host-less rule for that host only', () => {
    const catchAll = ing({ rules: [{ paths: [{ path: '/', backend: 'svc:80' }] }] });
    const narrowed = gateway({ listeners: [{ name: 'example-com-http', hostname: HOST }] });
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'all', namespace: 'default' },
      spec: { parentRefs: [{ name: 'gateway' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] },
    };
    const result = planMigration({
      objects: [gatewayClass(), narrowed, service({ name: 'svc' }), catchAll, route].map(decoded),
    });
    expect(result.ingresses[0]?.coverage.paths[0]?.verdict).toMatchObject({
      served: false,
      reason: 'narrowed-host',
      route: 'HTTPRoute/default/all',
    });
  });

  it('X5, C.tls: a TLS host gets an HTTPS listener on 443 with the Secret, and a ReferenceGrant when the Gateway is elsewhere', () => {
    const shop = ingress({
      name: 'web',
      namespace: 'shop',
      rules: [{ host: HOST, paths: [{ path: '/', backend: 'svc:80' }] }],
      tls: [{ hosts: [HOST], secretName: 'secret' }],
      annotations: { [`${A}ssl-redirect`]: 'false' },
    });
    const result = planMigration({
      objects: [
        gatewayClass(),
        gateway({
          namespace: 'infra',
          listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }],
        }),
        service({ name: 'svc', namespace: 'shop' }),
        { ...tlsSecret, metadata: { name: 'secret', namespace: 'shop' } },
        shop,
      ].map(decoded),
    });
    expect(result.rejected).toEqual([]);
    expect((spec(result, 'Gateway/infra/gateway')?.['listeners'] as unknown[])[1]).toEqual({
      name: 'example-com-https',
      port: 443,
      protocol: 'HTTPS',
      hostname: HOST,
      tls: { mode: 'Terminate', certificateRefs: [{ name: 'secret', namespace: 'shop' }] },
      allowedRoutes: {
        namespaces: {
          from: 'Selector',
          selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
        },
      },
    });
    expect(spec(result, 'ReferenceGrant/shop/allow-infra-gateway-to-example-com-tls')).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }],
      to: [{ group: '', kind: 'Secret', name: 'secret' }],
    });
    expect(spec(result, 'HTTPRoute/shop/web-example-com')?.['parentRefs']).toEqual([
      { name: 'gateway', namespace: 'infra', sectionName: 'http' },
      { name: 'gateway', namespace: 'infra', sectionName: 'example-com-https' },
    ]);
    expect(result.after).toMatchObject({ covered: 1, partial: 0 });
  });
});

describe('the check before a proposal', () => {
  it('proposes only what would be accepted: a route to a missing Service is rejected with its reason', () => {
    const result = plan([ing({ rules: [{ host: HOST, paths: [{ path: '/', backend: 'missing:80' }] }] })]);
    expect(result.proposed).toEqual([]);
    expect(result.rejected.map((item) => item.key)).toEqual(['HTTPRoute/default/test-example-com']);
    expect(result.rejected[0]?.reasons[0]).toMatch(
      /^ResolvedRefs=False \(BackendNotFound\) on Gateway\/default\/gateway/,
    );
    expect(migrationManifests(result)).toBe('');
  });

  it('says why no Gateway could be picked, and proposes nothing', () => {
    const result = planMigration({ objects: [service({ name: 'svc' }), ing()].map(decoded) });
    expect(result.gateway).toEqual({
      problem:
        'no Gateway is among the objects: pick one with --gateway NAMESPACE/NAME and give its manifest',
    });
    const two = planMigration({
      objects: [gateway({ name: 'a' }), gateway({ name: 'b' }), ing()].map(decoded),
    });
    expect(two.gateway).toEqual({
      problem: '2 Gateways are among the objects: pick one with --gateway NAMESPACE/NAME',
    });
    const missing = planMigration({
      objects: [gateway(), ing()].map(decoded),
      gateway: { namespace: 'x', name: 'y' },
    });
    expect(missing.gateway).toEqual({ problem: 'Gateway x/y is not among the objects' });
  });

  it('writes the proposed objects as YAML documents', () => {
    expect(migrationManifests(plan([ing()]))).toBe(
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: HTTPRoute',
        'metadata:',
        '  name: test-example-com',
        '  namespace: default',
        'spec:',
        '  parentRefs:',
        '    - name: gateway',
        '      sectionName: http',
        '  hostnames:',
        '    - example.com',
        '  rules:',
        '    - matches:',
        '        - path:',
        '            type: PathPrefix',
        '            value: /',
        '      backendRefs:',
        '        - name: svc',
        '          port: 80',
        '',
      ].join('\n'),
    );
  });

  it('leaves a covered Ingress alone', () => {
    const once = plan([ing()]);
    const route = once.proposed[0]!.object;
    const again = plan([ing()], [{ ...route, metadata: { ...route.metadata } }]);
    expect(again.summary.covered).toBe(1);
    expect(again.proposed).toEqual([]);
  });
});

describe('edges of the replacement', () => {
  it('E5: listeners and routes whose names collide (*.example.com and example.com) get distinct names, and both attach', () => {
    const both = ingress({
      name: 'web',
      rules: [
        { host: '*.example.com', paths: [{ path: '/', backend: 'svc:80' }] },
        { host: HOST, paths: [{ path: '/', backend: 'svc:80' }] },
      ],
    });
    const result = planMigration({
      objects: [
        gatewayClass(),
        gateway({ listeners: [{ name: 'other', protocol: 'TCP', port: 9000 }] }),
        service({ name: 'svc' }),
        both,
      ].map(decoded),
    });
    expect(result.rejected).toEqual([]);
    expect(
      (spec(result, 'Gateway/default/gateway')?.['listeners'] as { name: string }[]).map((item) => item.name),
    ).toEqual(['other', 'example-com-http', 'example-com-http-2']);
    expect(result.proposed.map((item) => item.key)).toEqual([
      'Gateway/default/gateway',
      'HTTPRoute/default/web-example-com',
      'HTTPRoute/default/web-example-com-2',
    ]);
    expect(result.after.covered).toBe(1);
  });

  it('replaces only the Ingresses asked for', () => {
    const result = planMigration({
      objects: [
        gatewayClass(),
        gateway(),
        service({ name: 'svc' }),
        ing({ name: 'a' }),
        ing({ name: 'b', rules: [{ host: 'b.example.com', paths: [{ path: '/', backend: 'svc:80' }] }] }),
      ].map(decoded),
      only: [objectKey('networking.k8s.io', 'Ingress', 'default', 'b')],
    });
    expect(result.proposed.map((item) => item.key)).toEqual(['HTTPRoute/default/b-b-example-com']);
  });
});
