import { gateway, gatewayClass, httpRoute, namespace, service, type KubeObject } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, type Change } from './engine.ts';
import type { ObjectKey } from './object-key.ts';
import { decoded, policyScene, POLICY, backendTLSPolicy } from './test-support.ts';
import { diffVerdicts, verdictsOf, type Verdict, type Verdicts } from './verdicts.ts';

const ROUTE = 'HTTPRoute/shop/web' as ObjectKey;
const GATEWAY = 'Gateway/infra/web' as ObjectKey;

function engineOf(objects: readonly KubeObject[]): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply(objects.map((raw): Change => ({ type: 'upsert', object: decoded(raw) })));
  return engine;
}

function verdicts(engine: TopologyEngine, key: string): Verdicts {
  const found = verdictsOf(engine, key as ObjectKey);
  if (!found) throw new Error(`no verdicts for ${key}`);
  return found;
}

function verdict(all: Verdicts, id: string): Verdict | undefined {
  return all.byId.get(id);
}

const selector = { matchLabels: { environment: 'production' } };
const web = gateway({
  name: 'web',
  namespace: 'infra',
  listeners: [{ allowedRoutes: { namespaces: { from: 'Selector', selector } } }],
});
const labelled = namespace({ name: 'shop', labels: { environment: 'production' } });
const route = (
  input: { parentRefs?: Record<string, unknown>[]; status?: unknown; generation?: number } = {},
) =>
  httpRoute({
    name: 'web',
    namespace: 'shop',
    parentRefs: input.parentRefs ?? [{ name: 'web', namespace: 'infra', sectionName: 'http' }],
    ...(input.status ? { status: input.status } : {}),
    ...(input.generation ? { generation: input.generation } : {}),
  });
const scene = [gatewayClass(), web, labelled, service({ namespace: 'shop' })];
const reportedParent = (status: string, reason: string, observedGeneration = 1) => ({
  parents: [
    {
      parentRef: {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        namespace: 'infra',
        name: 'web',
        sectionName: 'http',
      },
      controllerName: 'example.com/gateway-controller',
      conditions: [{ type: 'Accepted', status, reason, message: '', observedGeneration }],
    },
  ],
});

describe('verdictsOf', () => {
  it("keys a Route parent's conditions by the parentRef as resolved, and names the parent as the map does", () => {
    const all = verdicts(engineOf([...scene, route()]), ROUTE);
    expect(verdict(all, 'parent:Gateway/infra/web#http:Accepted')).toEqual({
      id: 'parent:Gateway/infra/web#http:Accepted',
      aspect: 'condition',
      placeId: 'parent:Gateway/infra/web#http',
      place: 'parent Gateway infra/web (http)',
      type: 'Accepted',
      value: 'True (Accepted)',
      status: 'True',
      ok: true,
      mentions: [{ key: GATEWAY, text: 'Gateway infra/web' }],
    });
    expect(all.places.has('parent:Gateway/infra/web#http')).toBe(true);
  });

  it('gives a parentRef written with its defaults the same ids as one written without them', () => {
    const written = route({
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'web',
          namespace: 'infra',
          sectionName: 'http',
        },
      ],
    });
    const ids = (objects: readonly KubeObject[]) => [...verdicts(engineOf(objects), ROUTE).byId.keys()];
    expect(ids([...scene, written])).toEqual(ids([...scene, route()]));
  });

  it("covers a Gateway's conditions, its listeners' conditions and attachedRoutes", () => {
    const all = verdicts(engineOf([...scene, route()]), GATEWAY);
    expect(verdict(all, 'status:Accepted')?.value).toBe('True (Accepted)');
    expect(verdict(all, 'listener:http:Accepted')?.place).toBe('listener http');
    expect(verdict(all, 'listener:http:Conflicted')?.ok).toBe(true);
    expect(verdict(all, 'listener:http:attachedRoutes')).toMatchObject({
      aspect: 'attached-routes',
      value: '1',
    });
    // Programmed is Unknown until a data plane runs: nothing known is broken.
    expect(verdict(all, 'listener:http:Programmed')).toMatchObject({ status: 'Unknown', ok: true });
    expect([...all.places]).toEqual(['status', 'listener:http']);
  });

  it("covers a GatewayClass's and a policy ancestor's conditions", () => {
    const engine = engineOf(policyScene(backendTLSPolicy()));
    expect(verdict(verdicts(engine, 'GatewayClass/example'), 'status:Accepted')?.ok).toBe(true);
    const ancestor = verdict(verdicts(engine, POLICY), 'ancestor:Gateway/default/gateway:Accepted');
    expect(ancestor).toMatchObject({ place: 'ancestor Gateway default/gateway', ok: true });
  });

  it('holds each finding while it is raised, working only when informational', () => {
    const all = verdicts(engineOf([gatewayClass(), web, labelled, route()]), ROUTE);
    const missing = [...all.byId.values()].find((item) => item.type === 'GM305');
    expect(missing).toMatchObject({
      aspect: 'finding',
      value: 'raised (error)',
      ok: false,
      severity: 'error',
    });
    expect(missing?.id).toMatch(/^finding:GM305:HTTPRoute\/shop\/web/);
  });

  it('holds the reported conditions at the same places, and whether they are stale', () => {
    const all = verdicts(
      engineOf([...scene, route({ generation: 2, status: reportedParent('True', 'Accepted') })]),
      ROUTE,
    );
    expect(verdict(all, 'reported:parent:Gateway/infra/web#http:Accepted')).toMatchObject({
      aspect: 'reported',
      placeId: 'parent:Gateway/infra/web#http',
      place: 'parent Gateway infra/web (http)',
      value: 'True (Accepted)',
      ok: true,
    });
    expect(verdict(all, 'stale')).toMatchObject({ value: 'stale', ok: false });
  });

  it("keeps a second controller's report of one place apart", () => {
    const [entry] = reportedParent('True', 'Accepted').parents;
    const status = { parents: [entry, { ...entry, controllerName: 'mesh.example.com/controller' }] };
    const all = verdicts(engineOf([...scene, route({ status })]), ROUTE);
    expect([...all.byId.keys()].filter((id) => id.startsWith('reported:'))).toEqual([
      'reported:parent:Gateway/infra/web#http:Accepted',
      'reported:parent:Gateway/infra/web#http~mesh.example.com/controller:Accepted',
    ]);
  });

  it('has no stale verdict without reported conditions, and no verdicts for an object not held', () => {
    const engine = engineOf([...scene, route()]);
    expect(verdict(verdicts(engine, ROUTE), 'stale')).toBeUndefined();
    expect(verdictsOf(engine, 'HTTPRoute/shop/none' as ObjectKey)).toBeUndefined();
  });
});

describe('diffVerdicts', () => {
  it('names what flipped, where, and every object it names', () => {
    const engine = engineOf([...scene, route()]);
    const before = verdicts(engine, ROUTE);
    engine.apply([{ type: 'upsert', object: decoded(namespace({ name: 'shop' })) }]);
    const changes = diffVerdicts(ROUTE, before, verdictsOf(engine, ROUTE));
    expect(changes.find((item) => item.id === 'parent:Gateway/infra/web#http:Accepted')).toMatchObject({
      key: ROUTE,
      id: 'parent:Gateway/infra/web#http:Accepted',
      direction: 'broke',
      message:
        'HTTPRoute shop/web: Accepted True → False (NotAllowedByListeners) on parent Gateway infra/web (http)',
      mentions: [
        { key: ROUTE, text: 'HTTPRoute shop/web' },
        { key: GATEWAY, text: 'Gateway infra/web' },
      ],
    });
    expect(changes.map((item) => item.direction)).toEqual([...changes.map((item) => item.direction)].sort());
  });

  it('lists problems first, then recoveries, then the rest, each by id', () => {
    const engine = engineOf([...scene, route()]);
    const before = verdicts(engine, GATEWAY);
    engine.apply([
      {
        type: 'upsert',
        object: decoded(
          gateway({ name: 'web', namespace: 'infra', listeners: [{ name: 'http', protocol: 'NOPE' }] }),
        ),
      },
    ]);
    const changes = diffVerdicts(GATEWAY, before, verdictsOf(engine, GATEWAY));
    const ranks = changes.map((item) =>
      item.direction === 'broke'
        ? 0
        : item.after && !item.after.ok
          ? 1
          : item.direction === 'recovered'
            ? 2
            : 3,
    );
    expect(ranks).toEqual([...ranks].sort());
    expect(changes.find((item) => item.id === 'listener:http:attachedRoutes')).toMatchObject({
      direction: 'changed',
      message: 'Gateway infra/web: attachedRoutes 1 → 0 on listener http',
    });
    const broke = changes.filter((item) => item.direction === 'broke').map((item) => item.id);
    expect(broke).toEqual([...broke].sort());
  });

  it("counts a controller's reported condition changing", () => {
    const engine = engineOf([...scene, route({ status: reportedParent('True', 'Accepted') })]);
    const before = verdicts(engine, ROUTE);
    engine.apply([
      {
        type: 'upsert',
        object: decoded(route({ status: reportedParent('False', 'NotAllowedByListeners') })),
      },
    ]);
    // The reported status now disagrees with the prediction as well (GM501).
    expect(diffVerdicts(ROUTE, before, verdictsOf(engine, ROUTE))).toEqual([
      expect.objectContaining({ id: 'finding:GM501:HTTPRoute/shop/web:status:0', direction: 'broke' }),
      expect.objectContaining({
        id: 'reported:parent:Gateway/infra/web#http:Accepted',
        direction: 'broke',
        message:
          'HTTPRoute shop/web: reported Accepted True → False (NotAllowedByListeners) on parent Gateway infra/web (http)',
      }),
    ]);
  });

  it('yields nothing for a deleted object, and every verdict of a created one as changed', () => {
    const engine = engineOf([...scene, route()]);
    const all = verdicts(engine, ROUTE);
    expect(diffVerdicts(ROUTE, all, undefined)).toEqual([]);
    const created = diffVerdicts(ROUTE, undefined, all);
    expect(created).toHaveLength(all.byId.size);
    expect(new Set(created.map((item) => item.direction))).toEqual(new Set(['changed']));
  });

  it('breaks a parent whose status is gone while the Route still declares it, not one the Route dropped', () => {
    const engine = engineOf([...scene, route()]);
    const before = verdicts(engine, ROUTE);
    engine.apply([{ type: 'delete', key: GATEWAY }]);
    const gone = diffVerdicts(ROUTE, before, verdictsOf(engine, ROUTE));
    expect(gone.find((item) => item.id === 'parent:Gateway/infra/web#http:Accepted')?.direction).toBe(
      'broke',
    );
    expect(gone.find((item) => item.after?.type === 'GM301')?.direction).toBe('broke');

    const again = engineOf([...scene, route()]);
    const declared = verdicts(again, ROUTE);
    again.apply([{ type: 'upsert', object: decoded(route({ parentRefs: [] })) }]);
    const dropped = diffVerdicts(ROUTE, declared, verdictsOf(again, ROUTE));
    expect(dropped.find((item) => item.id === 'parent:Gateway/infra/web#http:Accepted')).toMatchObject({
      direction: 'changed',
      message: 'HTTPRoute shop/web: Accepted True → absent on parent Gateway infra/web (http)',
    });
  });

  it('recovers when a finding is cleared', () => {
    const engine = engineOf([gatewayClass(), web, labelled, route()]);
    const before = verdicts(engine, ROUTE);
    engine.apply([{ type: 'upsert', object: decoded(service({ namespace: 'shop' })) }]);
    const cleared = diffVerdicts(ROUTE, before, verdictsOf(engine, ROUTE)).find(
      (item) => item.before?.type === 'GM305',
    );
    expect(cleared?.direction).toBe('recovered');
    expect(cleared?.message).toMatch(
      /^HTTPRoute shop\/web: error GM305 \(Backend does not exist\) cleared at spec\.rules/,
    );
  });
});
