/**
 * The policies an object's details carry: a Route's stacks per parent, listener and rule, a
 * Gateway's per listener, a Service's per port, a policy's targets and ancestors; and what a
 * share link keeps of them.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { objectPolicies, scopeObjectPolicies, TopologyEngine, type ObjectKey } from './index.ts';
import { gatewayTarget, policy, policyEngine, policyKind, routeTarget } from './policy-test-support.ts';
import { TS_NEW, TS_OLD, upsert } from './test-support.ts';

const ROUTE = 'HTTPRoute/default/httproute' as ObjectKey;
const GATEWAY = 'Gateway/default/gateway' as ObjectKey;
const SERVICE = 'Service/default/backend' as ObjectKey;
const SCENE = [
  gatewayClass(),
  gateway({ listeners: [{ name: 'http' }, { name: 'alt', port: 8080 }] }),
  httpRoute({ rules: [{ name: 'api', backendRefs: [{ name: 'backend', port: 80 }] }] }),
  service(),
];
const key = (name: string) => `TestPolicy.example.com/default/${name}` as ObjectKey;
const inherited = [policyKind({ class: 'Inherited' })];

describe('objectPolicies', () => {
  const engine = policyEngine({
    kinds: inherited,
    objects: [
      ...SCENE,
      policy({ name: 'gw', creationTimestamp: TS_OLD, defaults: { timeout: '10s', retries: 1 } }),
      policy({
        name: 'on-http',
        creationTimestamp: TS_OLD,
        targetRefs: [gatewayTarget('gateway', 'http')],
        overrides: { retries: 3 },
      }),
      policy({
        name: 'on-rule',
        creationTimestamp: TS_NEW,
        targetRefs: [routeTarget('httproute', 'api'), gatewayTarget('missing')],
        defaults: { timeout: '2s' },
      }),
      policy({
        name: 'on-port',
        targetRefs: [{ group: '', kind: 'Service', name: 'backend', sectionName: 'http' }],
      }),
    ],
  });

  it('gives a Route one stack per listener, its rule stacks on top, merged field by field', () => {
    const details = objectPolicies(engine, ROUTE);
    expect(details?.type).toBe('route');
    if (details?.type !== 'route') return;
    expect(details.stacks.map((stack) => stack.listener)).toEqual(['http', 'alt']);
    const http = details.stacks[0];
    expect(http?.kinds[0]?.entries.map((entry) => entry.policy)).toEqual([key('gw'), key('on-http')]);
    expect(
      http?.kinds[0]?.fields?.map((field) => `${field.field}=${String(field.value)} ${field.from}`),
    ).toEqual([`retries=3 ${key('on-http')}`, `timeout=10s ${key('gw')}`]);
    const rule = http?.rules.find((entry) => entry.name === 'api');
    expect(rule?.kinds[0]?.fields?.find((field) => field.field === 'timeout')?.from).toBe(key('on-rule'));
    // The listener's own policy does not reach the Route's other listener.
    expect(details.stacks[1]?.kinds[0]?.entries.map((entry) => entry.policy)).toEqual([key('gw')]);
  });

  it("gives a Gateway each listener's stack, and a Service its stack per port", () => {
    const gatewayDetails = objectPolicies(engine, GATEWAY);
    expect(gatewayDetails).toMatchObject({
      type: 'listeners',
      listeners: [
        { listener: 'http', kinds: [{ entries: [{ policy: key('gw') }, { policy: key('on-http') }] }] },
        { listener: 'alt', kinds: [{ entries: [{ policy: key('gw') }] }] },
      ],
    });
    const serviceDetails = objectPolicies(engine, SERVICE);
    expect(serviceDetails).toMatchObject({
      type: 'service',
      stack: { kinds: [], ports: [{ name: 'http', kinds: [{ entries: [{ policy: key('on-port') }] }] }] },
    });
  });

  it("gives a policy its kind, each target's attachment and its predicted ancestors", () => {
    const details = objectPolicies(engine, key('on-rule'));
    expect(details).toMatchObject({
      type: 'policy',
      kind: { kind: 'TestPolicy', class: 'Inherited' },
      targets: [
        { field: 'spec.targetRefs[0]', level: 'rule', sectionName: 'api', state: 'attached' },
        { field: 'spec.targetRefs[1]', level: 'gateway', state: 'target-not-found' },
      ],
      ancestors: [{ ancestor: GATEWAY }],
      selectors: 0,
    });
  });

  it('gives nothing for objects while no policy kind is known, nor for kinds no policy stacks on', () => {
    const plain = new TopologyEngine();
    plain.apply(SCENE.map(upsert));
    expect(objectPolicies(plain, ROUTE)).toBeUndefined();
    expect(objectPolicies(engine, 'GatewayClass/gateway-class' as ObjectKey)).toBeUndefined();
  });
});

describe('scopeObjectPolicies', () => {
  it('leaves out the policies a share link cannot see, with the fields they set', () => {
    const engine = policyEngine({
      kinds: inherited,
      objects: [
        ...SCENE,
        policy({ name: 'seen', creationTimestamp: TS_OLD, defaults: { timeout: '10s' } }),
        policy({ name: 'hidden', creationTimestamp: TS_NEW, defaults: { timeout: '1s', retries: 2 } }),
      ],
    });
    const details = objectPolicies(engine, ROUTE);
    if (details?.type !== 'route') throw new Error('no route details');
    // Both at one level: GEP-713's newest default wins, the older is the alternative (P30).
    expect(details.stacks[0]?.kinds[0]?.fields?.find((field) => field.field === 'timeout')).toMatchObject({
      from: key('hidden'),
      alternative: { from: key('seen') },
    });
    const scoped = scopeObjectPolicies(details, (policy) => policy !== key('hidden'));
    if (scoped.type !== 'route') throw new Error('no route details');
    const stack = scoped.stacks[0]?.kinds[0];
    expect(stack?.entries.map((entry) => entry.policy)).toEqual([key('seen')]);
    expect(JSON.stringify(scoped)).not.toContain('hidden');
  });
});
