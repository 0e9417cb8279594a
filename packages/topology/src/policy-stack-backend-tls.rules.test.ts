/**
 * BackendTLSPolicy in a Service's effective stack: the kind gatemap reads itself stacks beside the
 * policies of discovered kinds, with the attachment its own analysis predicts (R58 of the status
 * digest, ../shared/gateway-api-rules.md section M; P28, P29, P39 of the policy attachment
 * digest, ../shared/policy-attachment.md, both beside the repository).
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/#conflict-resolution
 * @see https://gateway-api.sigs.k8s.io/geps/gep-713/
 */
import { service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  buildPolicyReport,
  objectPolicies,
  scopeObjectPolicies,
  servicePolicyStack,
  type ObjectKey,
  type PolicyKindStack,
} from './index.ts';
import { policy, policyEngine, policyKind } from './policy-test-support.ts';
import { backendTLSPolicy, policyScene, TS_NEW, TS_OLD, withSpec } from './test-support.ts';

const BACKEND = 'Service/default/backend' as ObjectKey;
const BTLS = 'gateway.networking.k8s.io/BackendTLSPolicy';
const serviceRef = (name: string, sectionName?: string) => ({
  group: '',
  kind: 'Service',
  name,
  ...(sectionName === undefined ? {} : { sectionName }),
});
const withPorts = { ...service(), spec: { ports: [{ name: 'https', port: 443 }, { port: 80 }] } };

const rows = (stack: PolicyKindStack | undefined) =>
  stack?.entries.map(
    (entry) =>
      `${entry.policy.split('/')[2]} ${entry.level}${entry.sectionName ? `:${entry.sectionName}` : ''} ${entry.state}`,
  );

function stackOf(objects: readonly unknown[], target = BACKEND) {
  return servicePolicyStack(policyEngine({ objects, kinds: [] }), target);
}

describe('BackendTLSPolicy in a Service stack (R58, P28, P29)', () => {
  const cases: readonly {
    readonly title: string;
    readonly policies: readonly ReturnType<typeof backendTLSPolicy>[];
    readonly whole: readonly string[];
    readonly ports?: Readonly<Record<string, readonly string[]>>;
  }[] = [
    {
      title: 'the older of two policies on the Service first and attached, the newer conflicted',
      policies: [
        backendTLSPolicy({ name: 'a', creationTimestamp: TS_NEW }),
        backendTLSPolicy({ name: 'b', creationTimestamp: TS_OLD }),
      ],
      whole: ['b service attached', 'a service conflicted'],
    },
    {
      title: 'equal creation times: the first by {namespace}/{name} holds the Service',
      policies: [
        backendTLSPolicy({ name: 'b', creationTimestamp: TS_OLD }),
        backendTLSPolicy({ name: 'a', creationTimestamp: TS_OLD }),
      ],
      whole: ['a service attached', 'b service conflicted'],
    },
    {
      title:
        'a port policy (sectionName → Service port name) stacks on its port above the whole-Service one; both attached',
      policies: [
        backendTLSPolicy({ name: 'port', creationTimestamp: TS_OLD, sectionName: 'https' }),
        backendTLSPolicy({ name: 'whole', creationTimestamp: TS_NEW }),
      ],
      whole: ['whole service attached'],
      ports: { https: ['whole service attached', 'port service-port:https attached'] },
    },
    {
      title: 'two policies on one port: the older holds it',
      policies: [
        backendTLSPolicy({ name: 'new', creationTimestamp: TS_NEW, sectionName: 'https' }),
        backendTLSPolicy({ name: 'old', creationTimestamp: TS_OLD, sectionName: 'https' }),
      ],
      whole: [],
      ports: { https: ['old service-port:https attached', 'new service-port:https conflicted'] },
    },
  ];
  for (const { title, policies, whole, ports } of cases) {
    it(title, () => {
      const stack = stackOf([
        ...policyScene(...policies).filter((item) => item.kind !== 'Service'),
        withPorts,
      ]);
      const kind = stack.kinds.find((item) => item.kind === BTLS);
      expect(rows(kind) ?? []).toEqual(whole);
      if (kind) expect(kind.merge).toBe('none');
      expect(
        Object.fromEntries(
          stack.ports.map((port) => [port.name, rows(port.kinds.find((item) => item.kind === BTLS))]),
        ),
      ).toEqual(ports ?? {});
    });
  }

  it('marks every target of a policy conflicted when one of its targetRefs collides (P39)', () => {
    const other = { ...service({ name: 'other' }) };
    const both = withSpec(backendTLSPolicy({ name: 'both', creationTimestamp: TS_NEW }), {
      targetRefs: [serviceRef('backend'), serviceRef('other')],
    });
    const objects = [
      ...policyScene(backendTLSPolicy({ name: 'held', creationTimestamp: TS_OLD }), both),
      other,
    ];
    expect(rows(stackOf(objects, 'Service/default/other' as ObjectKey).kinds[0])).toEqual([
      'both service conflicted',
    ]);
  });

  it('marks a policy whose Service does not exist target-not-found', () => {
    const lost = withSpec(backendTLSPolicy({ name: 'lost' }), { targetRefs: [serviceRef('gone')] });
    expect(rows(stackOf(policyScene(lost), 'Service/default/gone' as ObjectKey).kinds[0])).toEqual([
      'lost service target-not-found',
    ]);
  });

  it('orders BackendTLSPolicy among the kinds of discovered policies on the same Service', () => {
    const engine = policyEngine({
      objects: [
        ...policyScene(backendTLSPolicy({ name: 'tls' })),
        policy({ name: 'budget', targetRefs: [serviceRef('backend')] }),
      ],
    });
    const stack = servicePolicyStack(engine, BACKEND);
    expect(stack.kinds.map((kind) => [kind.kind, rows(kind)])).toEqual([
      ['example.com/TestPolicy', ['budget service attached']],
      [BTLS, ['tls service attached']],
    ]);
  });
});

describe('where the Service stack is read', () => {
  const engine = policyEngine({
    objects: policyScene(
      backendTLSPolicy({ name: 'old', creationTimestamp: TS_OLD }),
      backendTLSPolicy({ name: 'new', creationTimestamp: TS_NEW }),
    ),
    kinds: [],
  });

  it('gives a Service its stack in its details even while no policy kind is discovered', () => {
    const details = objectPolicies(engine, BACKEND);
    expect(details?.type === 'service' ? rows(details.stack.kinds[0]) : details).toEqual([
      'old service attached',
      'new service conflicted',
    ]);
    expect(objectPolicies(engine, 'HTTPRoute/default/httproute' as ObjectKey)).toBeUndefined();
  });

  it('leaves out of a share link the BackendTLSPolicies it cannot see', () => {
    const details = objectPolicies(engine, BACKEND);
    if (details === undefined) throw new Error('no details');
    const scoped = scopeObjectPolicies(details, (key) => key.endsWith('/old'));
    expect(scoped.type === 'service' ? rows(scoped.stack.kinds[0]) : scoped).toEqual([
      'old service attached',
    ]);
    const none = scopeObjectPolicies(details, () => false);
    expect(none.type === 'service' ? none.stack.kinds : none).toEqual([]);
  });

  it('lists the Services on which a policy applies in the report', () => {
    const report = buildPolicyReport(
      policyEngine({
        objects: [...policyScene(backendTLSPolicy({ name: 'tls' })), service({ name: 'bare' })],
        kinds: [policyKind()],
      }),
    );
    expect(report.services.map((stack) => [stack.service, stack.kinds.map((kind) => kind.kind)])).toEqual([
      [BACKEND, [BTLS]],
    ]);
  });
});
