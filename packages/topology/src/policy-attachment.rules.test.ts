/**
 * Policy attachment by GEP-713's generic rules, for policies of a discovered kind: one row per
 * case of the policy attachment digest's rules (P…, ../shared/policy-attachment.md beside the
 * repository), each the smallest scene that exercises it.
 */
import { gateway, gatewayClass, httpRoute, listener, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  predictStatus,
  type GenericPolicyAnalysis,
  type ObjectKey,
  type PolicyKind,
  type TopologyEngine,
} from './index.ts';
import {
  gatewayTarget,
  policy,
  policyEngine,
  policyKind,
  routeTarget,
  type PolicyInput,
} from './policy-test-support.ts';
import { backendTLSPolicy, TS_NEW, TS_OLD, upsert } from './test-support.ts';

const GATEWAY = 'Gateway/default/gateway' as ObjectKey;
const SCENE = [
  gatewayClass(),
  gateway({ listeners: [{ name: 'http' }, { name: 'https', protocol: 'HTTPS', port: 443 }] }),
  httpRoute({ rules: [{ name: 'api', backendRefs: [{ name: 'backend', port: 80 }] }, { backendRefs: [] }] }),
  { ...service(), spec: { ports: [{ name: 'web', port: 80, protocol: 'TCP' }] } },
];
const key = (name: string, namespace = 'default') =>
  `TestPolicy.example.com/${namespace}/${name}` as ObjectKey;

function analyze(
  policies: readonly PolicyInput[],
  { kinds, scene = SCENE }: { kinds?: readonly PolicyKind[]; scene?: readonly unknown[] } = {},
): { engine: TopologyEngine; of: (name: string, namespace?: string) => GenericPolicyAnalysis } {
  const engine = policyEngine({ objects: [...scene, ...policies.map(policy)], ...(kinds ? { kinds } : {}) });
  return {
    engine,
    of: (name, namespace) => {
      const analysis = engine.genericPolicy(key(name, namespace));
      if (!analysis) throw new Error(`no analysis of ${name}`);
      return analysis;
    },
  };
}

const accepted = (analysis: GenericPolicyAnalysis) => {
  const condition = analysis.conditions[0];
  return `${condition?.status}/${condition?.reason}@${condition?.basis}`;
};
const codes = (engine: TopologyEngine, name: string) =>
  engine.findingsFor(key(name)).map((item) => item.code);

describe('targets (P9–P11, P14, P16)', () => {
  const rows: readonly {
    rule: string;
    title: string;
    targetRefs: readonly Record<string, unknown>[];
    state: string;
    level?: string;
    accepted: string;
    ancestors: readonly string[];
    codes?: readonly string[];
  }[] = [
    {
      rule: 'P9',
      title: 'a Gateway in the policy namespace is attached; the Gateway is the ancestor',
      targetRefs: [gatewayTarget()],
      state: 'attached',
      level: 'gateway',
      accepted: 'True/Accepted@implementation',
      ancestors: [GATEWAY],
      codes: [],
    },
    {
      rule: 'P20',
      title: 'a missing target is TargetNotFound, with no ancestor (P24)',
      targetRefs: [gatewayTarget('nowhere')],
      state: 'target-not-found',
      accepted: 'False/TargetNotFound@spec',
      ancestors: [],
      codes: ['GM604'],
    },
    {
      rule: 'P9',
      title: 'group "" is the core group: a Service, whose ancestors are the Gateways routing to it (P22)',
      targetRefs: [{ group: '', kind: 'Service', name: 'backend' }],
      state: 'attached',
      level: 'service',
      accepted: 'True/Accepted@implementation',
      ancestors: [GATEWAY],
    },
    {
      rule: 'P9',
      title: 'an omitted group (which the API server requires) reads as the core group',
      targetRefs: [{ kind: 'Service', name: 'backend' }],
      state: 'attached',
      accepted: 'True/Accepted@implementation',
      ancestors: [GATEWAY],
    },
    {
      rule: 'P10',
      title: 'a listener named by sectionName is attached at the listener level',
      targetRefs: [gatewayTarget('gateway', 'https')],
      state: 'attached',
      level: 'listener',
      accepted: 'True/Accepted@implementation',
      ancestors: [`${GATEWAY}#https`],
    },
    {
      rule: 'P11',
      title: 'a missing listener fails to attach: TargetNotFound, the reason being the implementation’s',
      targetRefs: [gatewayTarget('gateway', 'grpc')],
      state: 'section-not-found',
      level: 'listener',
      accepted: 'False/TargetNotFound@implementation',
      ancestors: [GATEWAY],
      codes: ['GM605'],
    },
    {
      rule: 'P10',
      title: 'a Route rule named by sectionName; the Route’s accepted parents are the ancestors (P23)',
      targetRefs: [routeTarget('httproute', 'api')],
      state: 'attached',
      level: 'rule',
      accepted: 'True/Accepted@implementation',
      ancestors: [GATEWAY],
    },
    {
      rule: 'P11',
      title: 'a rule name no rule has (the second rule is unnamed) fails to attach; the ancestor says so',
      targetRefs: [routeTarget('httproute', 'missing')],
      state: 'section-not-found',
      level: 'rule',
      accepted: 'False/TargetNotFound@implementation',
      ancestors: [GATEWAY],
      codes: ['GM605'],
    },
    {
      rule: 'P10',
      title: 'a Service port named by sectionName',
      targetRefs: [{ group: '', kind: 'Service', name: 'backend', sectionName: 'web' }],
      state: 'attached',
      level: 'service-port',
      accepted: 'True/Accepted@implementation',
      ancestors: [GATEWAY],
    },
    {
      rule: 'P11',
      title: 'a Service port name the Service lacks fails to attach',
      targetRefs: [{ group: '', kind: 'Service', name: 'backend', sectionName: 'grpc' }],
      state: 'section-not-found',
      level: 'service-port',
      accepted: 'False/TargetNotFound@implementation',
      ancestors: [GATEWAY],
    },
    {
      rule: 'P16',
      title: 'a kind gatemap does not read is unresolvable, not TargetNotFound',
      targetRefs: [{ group: 'networking.istio.io', kind: 'Hostname', name: 'api.example.com' }],
      state: 'unresolvable',
      level: 'other',
      accepted: 'Unknown/NoTargets@implementation',
      ancestors: [],
      codes: ['GM607'],
    },
  ];
  for (const row of rows) {
    it(`${row.title} (${row.rule})`, () => {
      const { engine, of } = analyze([{ targetRefs: row.targetRefs }]);
      const analysis = of('policy');
      expect(analysis.targets.map((target) => target.state)).toEqual([row.state]);
      if (row.level) expect(analysis.targets[0]?.level).toBe(row.level);
      expect(accepted(analysis)).toBe(row.accepted);
      expect(
        analysis.ancestors.map(
          (entry) => `${entry.ancestor}${entry.sectionName ? `#${entry.sectionName}` : ''}`,
        ),
      ).toEqual(row.ancestors);
      if (row.codes) expect(codes(engine, 'policy')).toEqual(row.codes);
    });
  }

  it('reads both targetRef and targetRefs, each target once (P14)', () => {
    const { of } = analyze([
      { targetRefs: [gatewayTarget()], targetRef: { group: '', kind: 'Service', name: 'backend' } },
      { name: 'twice', targetRefs: [gatewayTarget()], targetRef: gatewayTarget() },
    ]);
    expect(of('policy').targets.map((target) => [target.field, target.target.key])).toEqual([
      ['spec.targetRefs[0]', GATEWAY],
      ['spec.targetRef', 'Service/default/backend'],
    ]);
    expect(of('twice').targets).toHaveLength(1);
  });

  it('resolves targets in the policy namespace, or the one a namespaced reference names (P9, P12)', () => {
    const { of } = analyze([
      { name: 'local', namespace: 'team', targetRefs: [gatewayTarget()] },
      { name: 'named', namespace: 'team', targetRefs: [{ ...gatewayTarget(), namespace: 'default' }] },
    ]);
    expect(of('local', 'team').targets[0]).toMatchObject({
      state: 'target-not-found',
      target: { key: 'Gateway/team/gateway' },
    });
    // P13: a target in another namespace needs a handshake (a ReferenceGrant or the kind's own).
    expect(of('named', 'team').targets[0]).toMatchObject({
      state: 'attached',
      basis: 'implementation',
      target: { key: GATEWAY, crossNamespace: true },
    });
  });

  it('resolves no target from selectors alone: Accepted is Unknown, the selectors counted (P17)', () => {
    const engine = policyEngine({
      objects: [
        ...SCENE,
        { ...policy(), spec: { targetSelectors: [{ kind: 'HTTPRoute', matchLabels: { app: 'web' } }] } },
      ],
    });
    expect(engine.genericPolicyObject(key('policy'))?.selectors).toBe(1);
    expect(accepted(engine.genericPolicy(key('policy'))!)).toBe('Unknown/NoTargets@implementation');
  });

  it('warns when a policy applies through more ancestors than status.ancestors holds (P18, P19)', () => {
    const gateways = Array.from({ length: 17 }, (_, index) => `gw-${String(index).padStart(2, '0')}`);
    const engine = policyEngine({
      objects: [
        gatewayClass(),
        service(),
        ...gateways.map((name) => gateway({ name })),
        ...gateways.map((name) => httpRoute({ name, parentRefs: [{ name }] })),
        policy({ targetRefs: [{ group: '', kind: 'Service', name: 'backend' }] }),
      ],
    });
    expect(engine.genericPolicy(key('policy'))?.ancestors).toHaveLength(17);
    expect(codes(engine, 'policy')).toEqual(['GM608']);
  });

  it('leaves out a target reference without kind or name, as the API server would reject it', () => {
    const { engine, of } = analyze([{ targetRefs: [{ group: 'x', name: 'no-kind' }, gatewayTarget()] }]);
    expect(of('policy').targets).toHaveLength(1);
    expect(codes(engine, 'policy')).toEqual(['GM102']);
  });
});

describe('conflicts under the None strategy (P28, P29, P35)', () => {
  it('the older of two Direct policies on one Gateway is attached; the other is Conflicted (P28, P29)', () => {
    const { engine, of } = analyze([
      { name: 'new', creationTimestamp: TS_NEW },
      { name: 'old', creationTimestamp: TS_OLD },
    ]);
    expect(accepted(of('old'))).toBe('True/Accepted@implementation');
    expect(accepted(of('new'))).toBe('False/Conflicted@spec');
    expect(of('new').targets[0]).toMatchObject({ state: 'conflicted', conflictWith: key('old') });
    expect(of('new').ancestors[0]?.conditions[0]).toMatchObject({ status: 'False', reason: 'Conflicted' });
    expect(codes(engine, 'new')).toEqual(['GM606']);
  });

  it('with equal timestamps, the first by {namespace}/{name} wins: a/z before b/a (P28)', () => {
    const { of } = analyze([
      {
        name: 'z',
        namespace: 'a',
        creationTimestamp: TS_OLD,
        targetRefs: [{ ...gatewayTarget(), namespace: 'default' }],
      },
      {
        name: 'a',
        namespace: 'b',
        creationTimestamp: TS_OLD,
        targetRefs: [{ ...gatewayTarget(), namespace: 'default' }],
      },
    ]);
    expect(of('z', 'a').targets[0]?.state).toBe('attached');
    expect(of('a', 'b').targets[0]).toMatchObject({ state: 'conflicted', conflictWith: key('z', 'a') });
  });

  it('a policy on a listener and one on the whole Gateway do not conflict; equal sections do (P35)', () => {
    const { of } = analyze([
      { name: 'whole', creationTimestamp: TS_OLD },
      { name: 'listener-old', creationTimestamp: TS_OLD, targetRefs: [gatewayTarget('gateway', 'http')] },
      { name: 'listener-new', creationTimestamp: TS_NEW, targetRefs: [gatewayTarget('gateway', 'http')] },
    ]);
    expect(of('whole').targets[0]?.state).toBe('attached');
    expect(of('listener-old').targets[0]?.state).toBe('attached');
    expect(of('listener-new').targets[0]?.state).toBe('conflicted');
  });

  it('policies of two kinds on one target do not conflict (P29: "two policies of one kind")', () => {
    const kinds = [policyKind(), policyKind({ kind: 'OtherPolicy' })];
    const { engine } = analyze(
      [
        { name: 'a', creationTimestamp: TS_OLD },
        { name: 'b', kind: 'OtherPolicy', creationTimestamp: TS_NEW },
      ],
      { kinds },
    );
    expect(engine.genericPolicy('OtherPolicy.example.com/default/b' as ObjectKey)?.targets[0]?.state).toBe(
      'attached',
    );
  });

  it('Inherited kinds merge rather than reject: both attached (P30)', () => {
    const { of } = analyze(
      [
        { name: 'new', creationTimestamp: TS_NEW },
        { name: 'old', creationTimestamp: TS_OLD },
      ],
      { kinds: [policyKind({ class: 'Inherited' })] },
    );
    expect(of('new').targets[0]?.state).toBe('attached');
  });

  it('a kind of unknown class loses as Envoy Gateway does, with basis implementation (P36)', () => {
    const { of } = analyze(
      [
        { name: 'new', creationTimestamp: TS_NEW },
        { name: 'old', creationTimestamp: TS_OLD },
      ],
      { kinds: [policyKind({ class: 'unknown' })] },
    );
    expect(accepted(of('new'))).toBe('False/Conflicted@implementation');
  });

  it('one colliding target of two rejects the policy, attached on the other (P39)', () => {
    const { of } = analyze([
      { name: 'old', creationTimestamp: TS_OLD },
      {
        name: 'new',
        creationTimestamp: TS_NEW,
        targetRefs: [gatewayTarget(), { group: '', kind: 'Service', name: 'backend' }],
      },
    ]);
    expect(of('new').targets.map((target) => target.state)).toEqual(['conflicted', 'attached']);
    expect(of('new').attached).toBe(true);
    expect(accepted(of('new'))).toBe('False/Conflicted@spec');
  });
});

describe('incremental attachment', () => {
  it('a target that appears attaches the policy; deleting it marks target-not-found', () => {
    const engine = policyEngine({ objects: [gatewayClass(), policy()] });
    expect(engine.genericPolicy(key('policy'))?.targets[0]?.state).toBe('target-not-found');
    const changed = engine.apply([upsert(gateway({ listeners: [listener()] }))]);
    expect(changed.changed.has(key('policy'))).toBe(true);
    expect(engine.genericPolicy(key('policy'))?.targets[0]?.state).toBe('attached');
    engine.apply([{ type: 'delete', key: GATEWAY }]);
    expect(engine.genericPolicy(key('policy'))?.targets[0]?.state).toBe('target-not-found');
  });

  it('a newer policy that an older one appears beside becomes Conflicted, and attached again when it goes', () => {
    const engine = policyEngine({ objects: [...SCENE, policy({ name: 'new', creationTimestamp: TS_NEW })] });
    expect(engine.genericPolicy(key('new'))?.targets[0]?.state).toBe('attached');
    engine.apply([upsert(policy({ name: 'old', creationTimestamp: TS_OLD }))]);
    expect(engine.genericPolicy(key('new'))?.targets[0]?.state).toBe('conflicted');
    engine.apply([{ type: 'delete', key: key('old') }]);
    expect(engine.genericPolicy(key('new'))?.targets[0]?.state).toBe('attached');
  });

  it('objects of a kind learnt later become policies; a kind dropped turns them back to unknown objects', () => {
    const engine = policyEngine({ objects: [...SCENE, policy()], kinds: [] });
    expect(engine.genericPolicy(key('policy'))).toBeUndefined();
    expect(codes(engine, 'policy')).toEqual(['GM103']);
    const learnt = engine.apply([{ type: 'policy-kinds', kinds: [policyKind()] }]);
    expect(learnt.changed.has(key('policy'))).toBe(true);
    expect(engine.genericPolicy(key('policy'))?.attached).toBe(true);
    expect(codes(engine, 'policy')).toEqual([]);
    expect(engine.policyKinds().map((kind) => kind.kind)).toEqual(['TestPolicy']);
    engine.apply([{ type: 'policy-kinds', kinds: [] }]);
    expect(engine.genericPolicy(key('policy'))).toBeUndefined();
    expect(codes(engine, 'policy')).toEqual(['GM103']);
    expect(engine.allFindings().filter((item) => item.subject === key('policy'))).toHaveLength(1);
  });

  it('a Route’s new parent becomes an ancestor of a policy on the Route (P23)', () => {
    const engine = policyEngine({
      objects: [...SCENE, gateway({ name: 'other' }), policy({ targetRefs: [routeTarget()] })],
    });
    expect(engine.genericPolicy(key('policy'))?.ancestors.map((entry) => entry.ancestor)).toEqual([GATEWAY]);
    engine.apply([upsert(httpRoute({ parentRefs: [{ name: 'gateway' }, { name: 'other' }] }))]);
    expect(engine.genericPolicy(key('policy'))?.ancestors.map((entry) => entry.ancestor)).toEqual([
      GATEWAY,
      'Gateway/default/other',
    ]);
  });
});

describe('reported status (P18, P21, P24)', () => {
  const ancestor = (name: string, status: string, reason: string, observedGeneration = 1) => ({
    ancestorRef: { name },
    controllerName: 'example.com/gateway-controller',
    conditions: [{ type: 'Accepted', status, reason, message: '', observedGeneration }],
  });

  it('an ancestor reported Accepted while the target is missing disagrees (GM501)', () => {
    const { engine } = analyze([
      {
        targetRefs: [gatewayTarget('nowhere')],
        status: { ancestors: [ancestor('nowhere', 'True', 'Accepted')] },
      },
    ]);
    expect(codes(engine, 'policy')).toEqual(['GM604', 'GM501']);
  });

  it('a reported Conflicted that the rules predict raises nothing; a reported True for a Direct loser does', () => {
    const { engine } = analyze([
      { name: 'old', creationTimestamp: TS_OLD },
      {
        name: 'new',
        creationTimestamp: TS_NEW,
        status: { ancestors: [ancestor('gateway', 'False', 'Conflicted')] },
      },
      {
        name: 'newer',
        creationTimestamp: TS_NEW,
        status: { ancestors: [ancestor('gateway', 'True', 'Accepted')] },
      },
    ]);
    expect(codes(engine, 'new')).toEqual(['GM606']);
    expect(codes(engine, 'newer')).toEqual(['GM606', 'GM501']);
  });

  it('a reported rejection of an attached policy is the implementation’s own validation: no finding', () => {
    const { engine } = analyze([{ status: { ancestors: [ancestor('gateway', 'False', 'Invalid')] } }]);
    expect(codes(engine, 'policy')).toEqual([]);
  });

  it('flat status conditions are compared too, and stale ones reported (P21, GM502)', () => {
    const { engine } = analyze([
      {
        generation: 2,
        targetRefs: [gatewayTarget('nowhere')],
        status: {
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', observedGeneration: 1 },
          ],
        },
      },
      {
        name: 'flat',
        targetRefs: [gatewayTarget('nowhere')],
        status: {
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', observedGeneration: 1 },
          ],
        },
      },
    ]);
    expect(codes(engine, 'policy')).toEqual(['GM604', 'GM502']);
    expect(codes(engine, 'flat')).toEqual(['GM604', 'GM501']);
  });
});

describe('predicted status (P18, P21, P22)', () => {
  it('predicts an ancestor entry per Gateway, written by its class’s controller, with the listener as sectionName', () => {
    const { engine } = analyze([{ targetRefs: [gatewayTarget(), gatewayTarget('gateway', 'http')] }]);
    expect(predictStatus(engine, key('policy'))).toMatchObject({
      kind: 'policy',
      status: {
        ancestors: [
          {
            ancestorRef: {
              group: 'gateway.networking.k8s.io',
              kind: 'Gateway',
              namespace: 'default',
              name: 'gateway',
            },
            controllerName: 'example.com/gateway-controller',
            conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
          },
          {
            ancestorRef: { name: 'gateway', sectionName: 'http' },
            conditions: [{ type: 'Accepted', status: 'True' }],
          },
        ],
      },
    });
  });

  it('predicts flat conditions for a kind whose status is flat (P21)', () => {
    const flat: PolicyKind = { ...policyKind(), status: 'conditions' };
    const { engine } = analyze([{ targetRefs: [gatewayTarget('nowhere')] }], { kinds: [flat] });
    expect(predictStatus(engine, key('policy'))).toMatchObject({
      kind: 'flat-policy',
      status: { conditions: [{ type: 'Accepted', status: 'False', reason: 'TargetNotFound' }] },
    });
  });
});

describe('status shape of a kind known only by name (P21)', () => {
  const named: PolicyKind = { ...policyKind(), status: 'unknown', basis: 'named' };

  it('predicts flat conditions when the object reports flat conditions', () => {
    const { engine } = analyze(
      [{ status: { conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] } }],
      { kinds: [named] },
    );
    expect(predictStatus(engine, key('policy'))).toMatchObject({
      kind: 'flat-policy',
      status: { conditions: [{ type: 'Accepted', status: 'True' }] },
    });
  });

  it('predicts ancestors when the object reports ancestors, or no status at all', () => {
    const reported = analyze([{ status: { ancestors: [] } }], { kinds: [named] });
    expect(predictStatus(reported.engine, key('policy'))?.kind).toBe('policy');
    const bare = analyze([{}], { kinds: [named] });
    expect(predictStatus(bare.engine, key('policy'))?.kind).toBe('policy');
  });
});

describe('BackendTLSPolicy among discovered kinds', () => {
  it('keeps its own analysis when its CRD is discovered: it is never read as a generic policy', () => {
    const btls: PolicyKind = {
      ...policyKind(),
      group: 'gateway.networking.k8s.io',
      kind: 'BackendTLSPolicy',
    };
    const engine = policyEngine({
      objects: [...SCENE, backendTLSPolicy({ wellKnown: 'System' })],
      kinds: [btls],
    });
    const policyKey = 'BackendTLSPolicy/default/policy' as ObjectKey;
    expect(engine.genericPolicy(policyKey)).toBeUndefined();
    expect(engine.policy(policyKey)?.accepted).toBe(true);
  });
});
