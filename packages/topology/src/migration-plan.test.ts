/**
 * Properties of the migration over generated Ingresses (hosts, paths, path types, backends and
 * annotations drawn from small pools, bad values among them): planning never throws, the counts
 * add up, and what is proposed is accepted when it alone is applied, as it would be applied.
 */
import { gateway, gatewayClass, ingress, service } from '@gatemap/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeObject, TopologyEngine, type DecodedObject } from './index.ts';
import { planMigration } from './migration-plan.ts';

const A = 'nginx.ingress.kubernetes.io/';
const host = fc.constantFrom(undefined, 'a.example.com', '*.example.com', 'example.com', '');
const path = fc.constantFrom('/', '/a', '/a/', '/b/c', '/{id}', '/x(/|$)(.*)', 'relative', '//');
const pathType = fc.constantFrom('Prefix', 'Exact', 'ImplementationSpecific');
const backend = fc.constantFrom('svc:80', 'svc:http', 'svc:grpc', 'gone:80', 'other:8080');
const annotation = fc.constantFrom(
  [`${A}rewrite-target`, '/'],
  [`${A}rewrite-target`, '/$2'],
  [`${A}ssl-redirect`, 'false'],
  [`${A}force-ssl-redirect`, 'true'],
  [`${A}canary`, 'true'],
  [`${A}canary-weight`, '30'],
  [`${A}canary-weight`, 'x'],
  [`${A}canary-by-header`, 'X-Canary'],
  [`${A}proxy-read-timeout`, '5'],
  [`${A}proxy-send-timeout`, '1s'],
  [`${A}mirror-target`, 'http://svc/'],
  [`${A}enable-cors`, 'true'],
);
const anIngress = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd'),
  namespace: fc.constantFrom('default', 'shop'),
  rules: fc.array(
    fc.record({ host, paths: fc.array(fc.record({ path, pathType, backend }), { maxLength: 3 }) }),
    { maxLength: 3 },
  ),
  annotations: fc.array(annotation, { maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)),
  tls: fc.boolean(),
});

function decode(raw: unknown): DecodedObject[] {
  const result = decodeObject(raw);
  return result.ok && 'value' in result ? [result.value] : [];
}

describe('planMigration over generated Ingresses', () => {
  it('never throws, its counts add up, and what it proposes is accepted when applied alone', () => {
    fc.assert(
      fc.property(fc.array(anIngress, { maxLength: 4 }), (inputs) => {
        const base = [
          gatewayClass(),
          gateway({ listeners: [{ name: 'http', allowedRoutes: { namespaces: { from: 'All' } } }] }),
          { ...service({ name: 'svc' }), spec: { ports: [{ name: 'http', port: 80 }] } },
          service({ name: 'other', namespace: 'shop', ports: [8080] }),
          service({ name: 'svc', namespace: 'shop' }),
          ...inputs.map(({ tls, ...input }) =>
            ingress({
              ...input,
              rules: input.rules.map((rule) => ({
                ...(rule.host === undefined ? {} : { host: rule.host }),
                paths: rule.paths,
              })),
              ...(tls ? { tls: [{ hosts: ['a.example.com'], secretName: 'tls' }] } : {}),
            }),
          ),
        ].flatMap(decode);
        const plan = planMigration({ objects: base });
        for (const summary of [plan.summary, plan.after, ...plan.summary.namespaces])
          expect(summary.covered + summary.partial + summary.notStarted).toBe(summary.total);
        const engine = new TopologyEngine();
        engine.apply(
          [...base, ...plan.proposed.flatMap((item) => decode(item.object))].map((object) => ({
            type: 'upsert' as const,
            object,
          })),
        );
        for (const item of plan.proposed) {
          const route = engine.route(item.key);
          if (!route) continue;
          for (const parent of route.parents) expect([item.key, parent.accepted]).toEqual([item.key, true]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
