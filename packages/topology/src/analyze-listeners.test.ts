/**
 * Every pair of listener faults, on an HTTPS listener and on a TLS listener in Terminate mode.
 * The spec makes each fault's reason a MUST and orders none of them, so where two faults give
 * different reasons for one condition, the prediction is the implementation's choice: basis
 * `implementation`, with the other reason among the alternatives. Every fault stays in the
 * condition's message and has its finding.
 */
import { gateway, gatewayClass, secret, type KubeObject, type ListenerInput } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  decodeObject,
  GATEWAY_GROUP,
  objectKey,
  predictStatus,
  TopologyEngine,
  type AnalyzerOptions,
  type Change,
  type FindingSlug,
} from './index.ts';

type ConditionType = 'Accepted' | 'ResolvedRefs' | 'Conflicted';

/** What a fault does to the subject listener's conditions. */
interface Effect {
  readonly type: ConditionType;
  readonly reason: string;
  /** Without other faults, the implementation's call (a conflict's Accepted, an optional kind). */
  readonly alone?: 'implementation';
  /** Text of this fault that the condition's message must keep. */
  readonly mentions: string;
}

/** The scenario a fault adds to: the subject listener, its neighbours, the Gateway and more. */
interface Scenario {
  readonly kinds: { kind: string }[];
  readonly certificateRefs: Record<string, string>[];
  readonly caCertificateRefs: Record<string, string>[];
  readonly neighbours: ListenerInput[];
  readonly objects: KubeObject[];
  namespaces?: Record<string, unknown>;
  options: AnalyzerOptions;
}

interface Fault {
  readonly name: string;
  readonly protocols: readonly ('HTTPS' | 'TLS')[];
  readonly apply: (scenario: Scenario) => void;
  readonly effects: readonly Effect[];
  readonly findings: readonly FindingSlug[];
}

const HOSTNAME = 'a.example.com';
const PORT = 443;
const BOTH = ['HTTPS', 'TLS'] as const;

const faults: readonly Fault[] = [
  {
    name: 'an invalid route kind',
    protocols: BOTH,
    apply: (scenario) => scenario.kinds.push({ kind: 'InvalidRoute' }),
    effects: [{ type: 'ResolvedRefs', reason: 'InvalidRouteKinds', mentions: 'InvalidRoute' }],
    findings: ['listener-invalid-route-kinds'],
  },
  {
    name: 'TCPRoute on a Terminate listener',
    protocols: ['TLS'],
    apply: (scenario) => scenario.kinds.push({ kind: 'TCPRoute' }),
    effects: [
      { type: 'ResolvedRefs', reason: 'InvalidRouteKinds', alone: 'implementation', mentions: 'TCPRoute' },
    ],
    findings: ['listener-invalid-route-kinds'],
  },
  {
    name: 'a certificate of the wrong kind',
    protocols: BOTH,
    apply: (scenario) => scenario.certificateRefs.push({ group: '', kind: 'ConfigMap', name: 'cm-cert' }),
    effects: [{ type: 'ResolvedRefs', reason: 'InvalidCertificateRef', mentions: 'cm-cert' }],
    findings: ['listener-certificate-invalid'],
  },
  {
    name: 'a certificate without a ReferenceGrant',
    protocols: BOTH,
    apply: (scenario) => scenario.certificateRefs.push({ name: 'shared-cert', namespace: 'team-a' }),
    effects: [{ type: 'ResolvedRefs', reason: 'RefNotPermitted', mentions: 'team-a/shared-cert' }],
    findings: ['listener-reference-not-permitted'],
  },
  {
    name: 'a certificate that does not exist',
    protocols: BOTH,
    apply: (scenario) => scenario.certificateRefs.push({ name: 'missing-cert' }),
    effects: [{ type: 'ResolvedRefs', reason: 'InvalidCertificateRef', mentions: 'missing-cert' }],
    findings: ['listener-certificate-invalid'],
  },
  {
    name: 'a certificate Secret that is not a TLS Secret',
    protocols: BOTH,
    apply: (scenario) => {
      scenario.certificateRefs.push({ name: 'opaque-cert' });
      scenario.objects.push(secret({ name: 'opaque-cert', type: 'Opaque' }));
    },
    effects: [{ type: 'ResolvedRefs', reason: 'InvalidCertificateRef', mentions: 'opaque-cert' }],
    findings: ['listener-certificate-invalid'],
  },
  {
    name: 'a client CA that does not exist',
    protocols: ['HTTPS'],
    apply: (scenario) =>
      scenario.caCertificateRefs.push({ group: '', kind: 'ConfigMap', name: 'missing-ca' }),
    effects: [
      { type: 'ResolvedRefs', reason: 'InvalidCACertificateRef', mentions: 'missing-ca' },
      { type: 'Accepted', reason: 'NoValidCACertificate', mentions: 'missing-ca' },
    ],
    findings: ['listener-ca-invalid', 'listener-not-accepted'],
  },
  {
    name: 'a client CA of the wrong kind',
    protocols: ['HTTPS'],
    apply: (scenario) => scenario.caCertificateRefs.push({ group: '', kind: 'Service', name: 'svc-ca' }),
    effects: [
      { type: 'ResolvedRefs', reason: 'InvalidCACertificateKind', mentions: 'svc-ca' },
      { type: 'Accepted', reason: 'NoValidCACertificate', mentions: 'svc-ca' },
    ],
    findings: ['listener-ca-invalid', 'listener-not-accepted'],
  },
  {
    name: 'a client CA without a ReferenceGrant',
    protocols: ['HTTPS'],
    apply: (scenario) =>
      scenario.caCertificateRefs.push({ group: '', kind: 'ConfigMap', name: 'far-ca', namespace: 'team-a' }),
    effects: [
      { type: 'ResolvedRefs', reason: 'RefNotPermitted', mentions: 'far-ca' },
      { type: 'Accepted', reason: 'NoValidCACertificate', mentions: 'far-ca' },
    ],
    findings: ['listener-ca-invalid', 'listener-reference-not-permitted', 'listener-not-accepted'],
  },
  {
    name: 'TLS Terminate unsupported by the implementation',
    protocols: ['TLS'],
    apply: (scenario) => {
      scenario.options = { ...scenario.options, tlsTerminate: false };
    },
    effects: [{ type: 'Accepted', reason: 'UnsupportedValue', mentions: 'Terminate mode' }],
    findings: ['listener-not-accepted'],
  },
  {
    name: 'a listener with the same hostname',
    protocols: BOTH,
    apply: (scenario) =>
      scenario.neighbours.push({
        name: 'same-host',
        protocol: 'TLS',
        port: PORT,
        hostname: HOSTNAME,
        tls: { mode: 'Passthrough' },
      }),
    effects: [
      { type: 'Accepted', reason: 'HostnameConflict', alone: 'implementation', mentions: '"same-host"' },
      { type: 'Conflicted', reason: 'HostnameConflict', mentions: '"same-host"' },
    ],
    findings: ['listener-conflicted'],
  },
  {
    name: 'a TCP listener on the port',
    protocols: BOTH,
    apply: (scenario) => scenario.neighbours.push({ name: 'raw', protocol: 'TCP', port: PORT }),
    effects: [
      { type: 'Accepted', reason: 'ProtocolConflict', alone: 'implementation', mentions: '"raw"' },
      { type: 'Conflicted', reason: 'ProtocolConflict', mentions: '"raw"' },
    ],
    findings: ['listener-conflicted'],
  },
  {
    name: 'a namespace selector that is missing',
    protocols: BOTH,
    apply: (scenario) => {
      scenario.namespaces = { from: 'Selector' };
    },
    effects: [],
    findings: ['listener-invalid'],
  },
];

const GATEWAY_KEY = objectKey(GATEWAY_GROUP, 'Gateway', 'default', 'gateway');

function analyze(protocol: 'HTTPS' | 'TLS', chosen: readonly Fault[]): TopologyEngine {
  const scenario: Scenario = {
    kinds: [],
    certificateRefs: [],
    caCertificateRefs: [],
    neighbours: [],
    objects: [gatewayClass(), secret()],
    options: {},
  };
  for (const fault of chosen) fault.apply(scenario);
  const subject: ListenerInput = {
    name: 'subject',
    protocol,
    port: PORT,
    hostname: HOSTNAME,
    // Without a certificate fault the listener has a usable one, so each fault stands alone.
    tls: {
      ...(protocol === 'TLS' ? { mode: 'Terminate' } : {}),
      certificateRefs: scenario.certificateRefs.length > 0 ? scenario.certificateRefs : [{ name: 'tls' }],
    },
    ...(scenario.kinds.length > 0 || scenario.namespaces
      ? {
          allowedRoutes: {
            ...(scenario.kinds.length > 0 ? { kinds: scenario.kinds } : {}),
            ...(scenario.namespaces ? { namespaces: scenario.namespaces } : {}),
          },
        }
      : {}),
  };
  const objects = [
    ...scenario.objects,
    gateway({
      listeners: [subject, ...scenario.neighbours],
      ...(scenario.caCertificateRefs.length > 0
        ? {
            spec: {
              tls: {
                frontend: { default: { validation: { caCertificateRefs: scenario.caCertificateRefs } } },
              },
            },
          }
        : {}),
    }),
  ];
  const engine = new TopologyEngine(scenario.options);
  engine.apply(
    objects.map((raw): Change => {
      const result = decodeObject(raw);
      if (!result.ok || !('value' in result))
        throw new Error(`fixture does not decode: ${JSON.stringify(raw)}`);
      return { type: 'upsert', object: result.value };
    }),
  );
  return engine;
}

function problemsOf(protocol: 'HTTPS' | 'TLS', chosen: readonly Fault[]): string[] {
  const engine = analyze(protocol, chosen);
  const status = predictStatus(engine, GATEWAY_KEY);
  const listener =
    status?.kind === 'gateway' ? status.status.listeners.find((item) => item.name === 'subject') : undefined;
  if (!listener) return ['no subject listener'];
  const problems: string[] = [];
  const effects = chosen.flatMap((fault) => fault.effects);
  for (const type of ['Accepted', 'ResolvedRefs', 'Conflicted'] as const) {
    const mine = effects.filter((effect) => effect.type === type);
    if (mine.length === 0) continue;
    const got = listener.conditions.find((item) => item.type === type);
    if (!got) {
      problems.push(`no ${type}`);
      continue;
    }
    const shown = `${type}=${got.status}/${got.reason}@${got.basis}[${(got.alternatives ?? []).join(',')}]`;
    const reasons = new Set(mine.map((effect) => effect.reason));
    const offered = new Set([got.reason, ...(got.alternatives ?? [])]);
    if (!reasons.has(got.reason)) problems.push(`${shown}: reason is none of ${[...reasons].join(', ')}`);
    const missing = [...reasons].filter((reason) => !offered.has(reason));
    if (missing.length > 0) problems.push(`${shown}: alternatives lack ${missing.join(', ')}`);
    const competing = reasons.size > 1;
    // One certain fault settles the condition, so a fault that may be none counts only alone.
    const implementation = competing || mine.every((effect) => effect.alone === 'implementation');
    if (got.basis !== (implementation ? 'implementation' : 'spec'))
      problems.push(`${shown}: basis should be ${implementation ? 'implementation' : 'spec'}`);
    for (const effect of mine)
      if (!got.message.includes(effect.mentions))
        problems.push(`${shown}: message "${got.message}" drops ${effect.mentions}`);
  }
  const slugs = new Set(engine.findingsFor(GATEWAY_KEY).map((item) => item.slug));
  for (const slug of chosen.flatMap((fault) => fault.findings))
    if (!slugs.has(slug)) problems.push(`no finding ${slug}`);
  return problems;
}

const singles = BOTH.flatMap((protocol) =>
  faults.filter((fault) => fault.protocols.includes(protocol)).map((fault) => ({ protocol, fault })),
);

const pairs = BOTH.flatMap((protocol) => {
  const usable = faults.filter((fault) => fault.protocols.includes(protocol));
  return usable.flatMap((first, index) =>
    usable.slice(index + 1).map((second) => ({ protocol, first, second })),
  );
});

describe('listener faults', () => {
  it.each(singles)('$protocol: $fault.name alone', ({ protocol, fault }) => {
    expect(problemsOf(protocol, [fault])).toEqual([]);
  });

  it.each(pairs)('$protocol: $first.name with $second.name', ({ protocol, first, second }) => {
    expect(problemsOf(protocol, [first, second])).toEqual([]);
  });

  it('builds pairs whose reasons compete for each condition type', () => {
    const competing = pairs.filter(({ first, second }) =>
      first.effects.some((one) =>
        second.effects.some((other) => one.type === other.type && one.reason !== other.reason),
      ),
    );
    const types = new Set(
      competing.flatMap(({ first, second }) =>
        first.effects
          .filter((one) =>
            second.effects.some((other) => one.type === other.type && one.reason !== other.reason),
          )
          .map((effect) => effect.type),
      ),
    );
    expect([...types].sort()).toEqual(['Accepted', 'Conflicted', 'ResolvedRefs']);
  });
});
