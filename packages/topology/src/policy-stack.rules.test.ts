/**
 * The effective policy stack by GEP-713's order and merge rules: one case per rule of the policy
 * attachment digest (P…, ../shared/policy-attachment.md beside the repository).
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  listenerPolicyStack,
  routePolicyStacks,
  servicePolicyStack,
  type ObjectKey,
  type PolicyKind,
  type PolicyKindStack,
} from './index.ts';
import {
  gatewayTarget,
  policy,
  policyEngine,
  policyKind,
  routeTarget,
  type PolicyInput,
} from './policy-test-support.ts';
import { listenerSet, TS_NEW, TS_OLD } from './test-support.ts';

const ROUTE = 'HTTPRoute/default/httproute' as ObjectKey;
const TS_MID = '2023-06-01T00:00:00Z';
const SCENE = [
  gatewayClass(),
  gateway({ listeners: [{ name: 'http' }, { name: 'alt', port: 8080 }] }),
  httpRoute({
    rules: [
      { name: 'api', backendRefs: [{ name: 'backend', port: 80 }] },
      { name: 'web', backendRefs: [{ name: 'backend', port: 80 }] },
    ],
  }),
  service(),
];
const inherited = [policyKind({ class: 'Inherited' })];
const key = (name: string) => `TestPolicy.example.com/default/${name}` as ObjectKey;

function stacks(
  policies: readonly PolicyInput[],
  { kinds = inherited, scene = SCENE }: { kinds?: readonly PolicyKind[]; scene?: readonly unknown[] } = {},
) {
  const engine = policyEngine({ objects: [...scene, ...policies.map(policy)], kinds });
  return { engine, route: routePolicyStacks(engine, ROUTE) };
}

const names = (stack: PolicyKindStack | undefined) =>
  stack?.entries.map((entry) => entry.policy.split('/')[2]);
const fields = (stack: PolicyKindStack | undefined) =>
  Object.fromEntries(
    (stack?.fields ?? []).map((field) => [
      field.field,
      `${JSON.stringify(field.value)} from ${field.from.split('/')[2]} (${field.stanza}, ${field.basis}${field.alternative ? `; or ${field.alternative.from.split('/')[2]}` : ''})`,
    ]),
  );

describe('order (P26–P28)', () => {
  it('orders by level, least specific first, then creation time, then {namespace}/{name} (P28)', () => {
    const { route } = stacks([
      { name: 'route', creationTimestamp: TS_OLD, targetRefs: [routeTarget()] },
      { name: 'listener', creationTimestamp: TS_OLD, targetRefs: [gatewayTarget('gateway', 'http')] },
      { name: 'gw-new', creationTimestamp: TS_NEW },
      { name: 'gw-b', creationTimestamp: TS_OLD },
      { name: 'gw-a', creationTimestamp: TS_OLD },
    ]);
    const http = route.find((stack) => stack.listener === 'http');
    expect(names(http?.kinds[0])).toEqual(['gw-a', 'gw-b', 'gw-new', 'listener', 'route']);
    expect(http?.kinds[0]?.entries.map((entry) => entry.level)).toEqual([
      'gateway',
      'gateway',
      'gateway',
      'listener',
      'route',
    ]);
  });

  it('gives a Route one stack per listener it attaches to; a listener policy is in its own only (P27)', () => {
    const { route } = stacks([{ name: 'alt-only', targetRefs: [gatewayTarget('gateway', 'alt')] }]);
    expect(route.map((stack) => [stack.listener, names(stack.kinds[0]) ?? []])).toEqual([
      ['http', []],
      ['alt', ['alt-only']],
    ]);
  });

  it('gives a Route with two parent Gateways a stack per Gateway; a policy on one is in its stack only (P27)', () => {
    const { route } = stacks([{ name: 'on-a' }], {
      scene: [
        ...SCENE.filter((object) => (object as { kind: string }).kind !== 'HTTPRoute'),
        gateway({ name: 'other' }),
        httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'http' }, { name: 'other' }] }),
      ],
    });
    expect(route.map((stack) => [stack.gateway, names(stack.kinds[0]) ?? []])).toEqual([
      ['Gateway/default/gateway', ['on-a']],
      ['Gateway/default/other', []],
    ]);
  });

  it('puts a rule’s own policies on top of the Route’s, in that rule’s stack only (P10, P26)', () => {
    const { route } = stacks([
      { name: 'whole', targetRefs: [routeTarget()] },
      { name: 'rule', targetRefs: [routeTarget('httproute', 'api')] },
    ]);
    const http = route[0];
    expect(names(http?.kinds[0])).toEqual(['whole']);
    expect(http?.rules.map((rule) => [rule.name, names(rule.kinds[0])])).toEqual([
      ['api', ['whole', 'rule']],
    ]);
  });

  it('keeps a Gateway listener policy off Routes attached through a ListenerSet, whose listeners are siblings (P38)', () => {
    const { route } = stacks(
      [
        { name: 'gateway-wide' },
        { name: 'gateway-listener', targetRefs: [gatewayTarget('gateway', 'http')] },
        {
          name: 'set-listener',
          targetRefs: [
            { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'set', sectionName: 'extra' },
          ],
        },
      ],
      {
        scene: [
          gatewayClass(),
          gateway({
            listeners: [{ name: 'http' }],
            spec: { allowedListeners: { namespaces: { from: 'Same' } } },
          }),
          listenerSet(),
          httpRoute({ parentRefs: [{ kind: 'ListenerSet', name: 'set' }] }),
        ],
      },
    );
    expect(route.map((stack) => [stack.parent, stack.listener])).toEqual([
      ['ListenerSet/default/set', 'extra'],
    ]);
    expect(names(route[0]?.kinds[0])).toEqual(['gateway-wide', 'set-listener']);
    expect(route[0]?.kinds[0]?.entries.map((entry) => entry.level)).toEqual([
      'gateway',
      'listenerset-listener',
    ]);
  });
});

describe('merging defaults and overrides (P29–P33)', () => {
  it('takes each field from the most specific default: the Route’s timeout, the Gateway’s retries (P30, P33)', () => {
    const { route } = stacks([
      { name: 'gateway', defaults: { timeout: '10s', retries: 3 } },
      { name: 'route', targetRefs: [routeTarget()], defaults: { timeout: '5s' } },
    ]);
    expect(route[0]?.kinds[0]?.merge).toBe('fields');
    expect(fields(route[0]?.kinds[0])).toEqual({
      retries: '3 from gateway (defaults, spec)',
      timeout: '"5s" from route (defaults, spec)',
    });
  });

  it('lets a Gateway override beat a Route default, and the higher of two overrides win (P31, P33)', () => {
    const { route } = stacks([
      { name: 'gateway', overrides: { timeout: '30s' } },
      {
        name: 'route',
        targetRefs: [routeTarget()],
        defaults: { timeout: '5s' },
        overrides: { timeout: '1s', cors: true },
      },
    ]);
    expect(fields(route[0]?.kinds[0])).toEqual({
      cors: 'true from route (overrides, spec)',
      timeout: '"30s" from gateway (overrides, spec)',
    });
  });

  it('replaces a map field whole rather than merging it (P33)', () => {
    const { route } = stacks([
      { name: 'gateway', defaults: { headers: { a: '1', b: '2' } } },
      { name: 'route', targetRefs: [routeTarget()], defaults: { headers: { a: '9' } } },
    ]);
    expect(route[0]?.kinds[0]?.fields?.[0]?.value).toEqual({ a: '9' });
  });

  it('at one level, the newer default wins by GEP-713, the older by implementations: basis implementation (P30, P36, P46)', () => {
    const { route } = stacks([
      { name: 'old', creationTimestamp: TS_OLD, defaults: { timeout: '10s' } },
      { name: 'new', creationTimestamp: TS_NEW, defaults: { timeout: '20s' } },
      {
        name: 'mid',
        creationTimestamp: TS_MID,
        targetRefs: [gatewayTarget('gateway', 'http')],
        defaults: { retries: 1 },
      },
    ]);
    expect(fields(route[0]?.kinds[0])).toEqual({
      retries: '1 from mid (defaults, spec)',
      timeout: '"20s" from new (defaults, implementation; or old)',
    });
  });

  it('at one level, the older override wins (P31)', () => {
    const { route } = stacks([
      { name: 'old', creationTimestamp: TS_OLD, overrides: { timeout: '10s' } },
      { name: 'new', creationTimestamp: TS_NEW, overrides: { timeout: '20s' } },
    ]);
    expect(fields(route[0]?.kinds[0])).toEqual({ timeout: '"10s" from old (overrides, spec)' });
  });

  it('lists a Direct kind under the None strategy without merging, the loser marked conflicted (P29)', () => {
    const { route } = stacks(
      [
        { name: 'new', creationTimestamp: TS_NEW, defaults: { timeout: '1s' } },
        { name: 'old', creationTimestamp: TS_OLD, defaults: { timeout: '2s' } },
      ],
      { kinds: [policyKind({ class: 'Direct' })] },
    );
    const stack = route[0]?.kinds[0];
    expect(stack?.merge).toBe('none');
    expect(stack?.fields).toBeUndefined();
    expect(stack?.entries.map((entry) => [entry.policy, entry.state])).toEqual([
      [key('old'), 'attached'],
      [key('new'), 'conflicted'],
    ]);
  });

  it('lists a kind without stanzas in order as the implementation’s to merge (P37, P38)', () => {
    const { route } = stacks([{ name: 'gateway' }, { name: 'route', targetRefs: [routeTarget()] }], {
      kinds: [policyKind({ class: 'unknown' })],
    });
    expect(route[0]?.kinds[0]).toMatchObject({
      merge: 'implementation',
      effective: { from: key('route'), overridden: [key('gateway')], basis: 'implementation' },
    });
    expect(names(route[0]?.kinds[0])).toEqual(['gateway', 'route']);
  });

  it('takes the newer of two attached policies without stanzas at one level, the older as the alternative (P30, P36)', () => {
    const { route } = stacks([
      { name: 'old', creationTimestamp: TS_OLD },
      { name: 'new', creationTimestamp: TS_NEW },
    ]);
    expect(route[0]?.kinds[0]?.effective).toEqual({
      from: key('new'),
      overridden: [key('old')],
      basis: 'implementation',
      alternative: key('old'),
    });
  });

  it('keeps each kind in its own stack, merged apart (P29: "policies of one kind")', () => {
    const { route } = stacks(
      [
        { name: 'a', defaults: { timeout: '1s' } },
        { name: 'b', kind: 'OtherPolicy', targetRefs: [routeTarget()], defaults: { timeout: '2s' } },
      ],
      {
        kinds: [policyKind({ class: 'Inherited' }), policyKind({ kind: 'OtherPolicy', class: 'Inherited' })],
      },
    );
    expect(route[0]?.kinds.map((stack) => [stack.kind, stack.fields?.[0]?.from])).toEqual([
      ['example.com/OtherPolicy', 'OtherPolicy.example.com/default/b'],
      ['example.com/TestPolicy', key('a')],
    ]);
  });
});

describe('listener and Service stacks (P35)', () => {
  it('stacks a listener’s own policies over its Gateway’s', () => {
    const { engine } = stacks([
      { name: 'listener', creationTimestamp: TS_OLD, targetRefs: [gatewayTarget('gateway', 'alt')] },
      { name: 'gateway', creationTimestamp: TS_NEW },
    ]);
    const stack = listenerPolicyStack(engine, {
      parent: 'Gateway/default/gateway' as ObjectKey,
      listener: 'alt',
    });
    expect(names(stack.kinds[0])).toEqual(['gateway', 'listener']);
    expect(
      names(
        listenerPolicyStack(engine, { parent: 'Gateway/default/gateway' as ObjectKey, listener: 'http' })
          .kinds[0],
      ),
    ).toEqual(['gateway']);
  });

  it('stacks a whole-Service policy and a port policy, both attached, the port’s on top (P35)', () => {
    const { engine } = stacks(
      [
        { name: 'whole', targetRefs: [{ group: '', kind: 'Service', name: 'backend' }] },
        { name: 'port', targetRefs: [{ group: '', kind: 'Service', name: 'backend', sectionName: 'web' }] },
      ],
      {
        kinds: [policyKind({ class: 'Direct' })],
        scene: [...SCENE.slice(0, 3), { ...service(), spec: { ports: [{ name: 'web', port: 80 }] } }],
      },
    );
    const stack = servicePolicyStack(engine, 'Service/default/backend' as ObjectKey);
    expect(stack.kinds[0]?.entries.map((entry) => [entry.policy, entry.state])).toEqual([
      [key('whole'), 'attached'],
    ]);
    expect(
      stack.ports.map((port) => [port.name, port.kinds[0]?.entries.map((entry) => entry.state)]),
    ).toEqual([['web', ['attached', 'attached']]]);
  });
});
