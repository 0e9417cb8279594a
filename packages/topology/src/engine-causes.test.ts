import {
  gateway,
  gatewayClass,
  httpRoute,
  namespace,
  referenceGrant,
  service,
  type KubeObject,
} from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, type Change, type ChangeSet } from './engine.ts';
import type { ObjectKey } from './object-key.ts';
import { decoded, withSpec } from './test-support.ts';

const selector = { matchLabels: { environment: 'production' } };
const web = (hostname: string) =>
  gateway({
    name: 'web',
    namespace: 'infra',
    listeners: [{ hostname, allowedRoutes: { namespaces: { from: 'Selector', selector } } }],
  });
const shop = (labels?: Record<string, string>) => namespace({ name: 'shop', ...(labels ? { labels } : {}) });
const grant = referenceGrant({
  name: 'allow-web',
  namespace: 'payments',
  from: [{ kind: 'HTTPRoute', namespace: 'shop' }],
  to: [{ kind: 'Service' }],
});
const route = (hostnames = ['shop.example.com']) =>
  httpRoute({
    name: 'web',
    namespace: 'shop',
    parentRefs: [{ name: 'web', namespace: 'infra' }],
    hostnames,
    backends: ['payments/api:80'],
  });
const unrelated = service({ name: 'other', namespace: 'elsewhere' });
const scene: readonly KubeObject[] = [
  gatewayClass(),
  web('*.example.com'),
  shop({ environment: 'production' }),
  namespace({ name: 'payments' }),
  service({ name: 'api', namespace: 'payments' }),
  grant,
  route(),
  unrelated,
];

const keyOf = (raw: KubeObject): ObjectKey => decoded(raw).key;
const ROUTE = keyOf(route());
const GATEWAY = keyOf(web('*.example.com'));
const SHOP = keyOf(shop());
const GRANT = keyOf(grant);
const UNRELATED = keyOf(unrelated);

const upsert = (raw: KubeObject): Change => ({ type: 'upsert', object: decoded(raw) });

function loaded(): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply(scene.map(upsert));
  return engine;
}

function conditionsOf(engine: TopologyEngine): string[] {
  const parent = engine.route(ROUTE)?.parents[0];
  return (parent?.conditions ?? []).map((condition) => `${condition.type}=${condition.status}`);
}

function causesOf(result: ChangeSet, key: ObjectKey): readonly ObjectKey[] | undefined {
  expect(result.changed.has(key)).toBe(true);
  return result.causes.get(key);
}

describe('TopologyEngine causes', () => {
  it('names the Namespace whose lost label a listener selector needed as the Route’s cause', () => {
    const engine = loaded();
    expect(conditionsOf(engine)).toContain('Accepted=True');
    const result = engine.apply([upsert(shop())]);
    expect(conditionsOf(engine)).toContain('Accepted=False');
    expect(causesOf(result, ROUTE)).toEqual([SHOP]);
  });

  it('names the deleted ReferenceGrant a cross-namespace backend needed as the Route’s cause', () => {
    const engine = loaded();
    expect(conditionsOf(engine)).toContain('ResolvedRefs=True');
    const result = engine.apply([{ type: 'delete', key: GRANT }]);
    expect(conditionsOf(engine)).toContain('ResolvedRefs=False');
    expect(causesOf(result, ROUTE)).toEqual([GRANT]);
  });

  it('names the Gateway whose listener hostname changed as the Route’s cause', () => {
    const engine = loaded();
    const result = engine.apply([upsert(web('*.other.test'))]);
    expect(conditionsOf(engine)).toContain('Accepted=False');
    expect(causesOf(result, ROUTE)).toEqual([GATEWAY]);
    expect(causesOf(result, GATEWAY)).toEqual([GATEWAY]);
  });

  it('lists every cause of one apply that affected the Route, and no unrelated change', () => {
    const engine = loaded();
    const result = engine.apply([
      upsert(shop()),
      upsert(service({ name: 'other', namespace: 'elsewhere', ports: [8080] })),
      { type: 'delete', key: GRANT },
    ]);
    expect(causesOf(result, ROUTE)).toEqual([GRANT, SHOP].sort());
    expect(causesOf(result, UNRELATED)).toEqual([UNRELATED]);
  });

  it('does not name an unrelated change as the Route’s cause when the Route is not re-analyzed', () => {
    const engine = loaded();
    const result = engine.apply([upsert(service({ name: 'other', namespace: 'elsewhere', ports: [8080] }))]);
    expect(result.changed.has(ROUTE)).toBe(false);
    expect(result.causes.get(UNRELATED)).toEqual([UNRELATED]);
  });

  it('names the Route whose edit changed attachedRoutes as the Gateway’s cause', () => {
    const engine = loaded();
    expect(engine.attachedRouteCount(GATEWAY, 'http')).toBe(1);
    const result = engine.apply([upsert(route(['shop.other.test']))]);
    expect(engine.attachedRouteCount(GATEWAY, 'http')).toBe(0);
    expect(causesOf(result, GATEWAY)).toEqual([ROUTE]);
    expect(causesOf(result, ROUTE)).toEqual([ROUTE]);
  });

  it('names every Route of one apply whose edit changed the Gateway’s attachedRoutes', () => {
    const others = ['a', 'b', 'c'].map((name) =>
      httpRoute({ name, namespace: 'shop', parentRefs: [{ name: 'web', namespace: 'infra' }] }),
    );
    const engine = new TopologyEngine();
    engine.apply([...scene, ...others].map(upsert));
    expect(engine.attachedRouteCount(GATEWAY, 'http')).toBe(4);
    const result = engine.apply(
      others.map((raw) => upsert(withSpec(raw, { parentRefs: [{ name: 'missing', namespace: 'infra' }] }))),
    );
    expect(engine.attachedRouteCount(GATEWAY, 'http')).toBe(1);
    expect(causesOf(result, GATEWAY)).toEqual(others.map(keyOf).sort());
  });

  it('names no cause on a first load', () => {
    const first = new TopologyEngine().apply(scene.map(upsert));
    expect(first.changed.has(ROUTE)).toBe(true);
    expect(first.causes.get(ROUTE)).toEqual([]);
  });
});
