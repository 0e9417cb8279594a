/**
 * Cases where a controller's status differed from gatemap's prediction and the cause was ours
 * (spec-cases/, each with both outputs and the spec lines in its header). Each states what gatemap
 * predicts now: the condition, how sure it is (basis) and what else a conformant controller may
 * write (alternatives), the counts, and the findings that name every fault.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GATEWAY_GROUP,
  ingestManifests,
  objectKey,
  predictStatus,
  TopologyEngine,
  type FindingSlug,
  type ObjectKey,
  type PredictedCondition,
} from '../src/index.ts';
import { parseManifests } from './manifests.ts';

const DIR = join(import.meta.dirname, 'spec-cases');

interface ExpectedCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly basis: PredictedCondition['basis'];
  readonly alternatives?: readonly string[];
  /** Text the message must contain (each fault stays in it). */
  readonly mentions?: readonly string[];
}

interface SpecCase {
  readonly listeners?: readonly {
    readonly gateway: ObjectKey;
    readonly name: string;
    readonly supportedKinds: readonly string[];
    readonly attachedRoutes: number;
    readonly conditions: readonly ExpectedCondition[];
  }[];
  readonly parents?: readonly {
    readonly route: ObjectKey;
    readonly conditions: readonly ExpectedCondition[];
  }[];
  readonly findings: readonly { readonly subject: ObjectKey; readonly slug: FindingSlug }[];
}

const GATEWAY = objectKey(GATEWAY_GROUP, 'Gateway', 'infra', 'gw-1');

const cases: Readonly<Record<string, SpecCase>> = {
  'listener-refs-reason-basis.yaml': {
    listeners: [
      {
        gateway: GATEWAY,
        name: 'https',
        supportedKinds: [],
        attachedRoutes: 0,
        conditions: [
          { type: 'Accepted', status: 'True', reason: 'Accepted', basis: 'spec' },
          {
            type: 'ResolvedRefs',
            status: 'False',
            reason: 'InvalidRouteKinds',
            basis: 'implementation',
            alternatives: ['RefNotPermitted'],
            mentions: ['TCPRoute', 'team-a/shared-cert'],
          },
        ],
      },
    ],
    findings: [
      { subject: GATEWAY, slug: 'listener-invalid-route-kinds' },
      { subject: GATEWAY, slug: 'listener-reference-not-permitted' },
    ],
  },
  'tcproute-tls-terminate-basis.yaml': {
    listeners: [
      {
        gateway: GATEWAY,
        name: 'tls',
        supportedKinds: [],
        attachedRoutes: 0,
        conditions: [
          {
            type: 'ResolvedRefs',
            status: 'False',
            reason: 'InvalidRouteKinds',
            basis: 'implementation',
            alternatives: ['ResolvedRefs'],
            mentions: ['TCPRoute'],
          },
          {
            type: 'Programmed',
            status: 'False',
            reason: 'Invalid',
            basis: 'implementation',
            alternatives: ['Programmed'],
          },
        ],
      },
    ],
    parents: [
      {
        route: objectKey(GATEWAY_GROUP, 'TCPRoute', 'infra', 'db'),
        conditions: [
          {
            type: 'Accepted',
            status: 'False',
            reason: 'NotAllowedByListeners',
            basis: 'implementation',
            alternatives: ['Accepted'],
            mentions: ['only where the implementation supports it'],
          },
          { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', basis: 'spec' },
        ],
      },
    ],
    findings: [
      { subject: GATEWAY, slug: 'listener-invalid-route-kinds' },
      { subject: objectKey(GATEWAY_GROUP, 'TCPRoute', 'infra', 'db'), slug: 'route-not-accepted' },
    ],
  },
  'conflicted-listener-rejects-routes.yaml': {
    listeners: [
      {
        gateway: GATEWAY,
        name: 'http',
        // Conformance (TLSRouteListenerMixedTerminationNotSupported) lists no kinds on a conflicted listener.
        supportedKinds: [],
        attachedRoutes: 1,
        conditions: [
          {
            type: 'Accepted',
            status: 'False',
            reason: 'ProtocolConflict',
            basis: 'implementation',
            alternatives: ['Accepted'],
          },
          { type: 'Conflicted', status: 'True', reason: 'ProtocolConflict', basis: 'spec' },
        ],
      },
      {
        gateway: GATEWAY,
        name: 'tcp',
        supportedKinds: [],
        attachedRoutes: 0,
        conditions: [{ type: 'Conflicted', status: 'True', reason: 'ProtocolConflict', basis: 'spec' }],
      },
    ],
    parents: [
      {
        route: objectKey(GATEWAY_GROUP, 'HTTPRoute', 'infra', 'web'),
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            basis: 'implementation',
            alternatives: ['NotAllowedByListeners'],
            mentions: ['nothing is served there'],
          },
        ],
      },
    ],
    findings: [
      { subject: GATEWAY, slug: 'listener-conflicted' },
      { subject: objectKey(GATEWAY_GROUP, 'HTTPRoute', 'infra', 'web'), slug: 'route-on-unserved-listener' },
    ],
  },
};

function analyze(file: string): TopologyEngine {
  const parsed = parseManifests(readFileSync(join(DIR, file), 'utf8'), file);
  expect(parsed.errors).toEqual([]);
  const engine = new TopologyEngine();
  engine.apply(ingestManifests([parsed]).changes);
  return engine;
}

function conditionProblems(
  where: string,
  actual: readonly PredictedCondition[],
  expected: readonly ExpectedCondition[],
): string[] {
  return expected.flatMap((want) => {
    const got = actual.find((item) => item.type === want.type);
    if (!got) return [`${where}: no ${want.type}`];
    const problems: string[] = [];
    const shown = `${got.status}/${got.reason}@${got.basis}[${(got.alternatives ?? []).join(',')}]`;
    if (
      got.status !== want.status ||
      got.reason !== want.reason ||
      got.basis !== want.basis ||
      [...(got.alternatives ?? [])].sort().join() !== [...(want.alternatives ?? [])].sort().join()
    )
      problems.push(
        `${where} ${want.type}: got ${shown}, expected ${want.status}/${want.reason}@${want.basis}[${(want.alternatives ?? []).join(',')}]`,
      );
    for (const text of want.mentions ?? [])
      if (!got.message.includes(text))
        problems.push(`${where} ${want.type}: message "${got.message}" does not mention ${text}`);
    return problems;
  });
}

describe('spec cases', () => {
  it('has an expectation for every case file', () => {
    expect(
      readdirSync(DIR)
        .filter((file) => file.endsWith('.yaml'))
        .sort(),
    ).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s', (file, want) => {
    const engine = analyze(file);
    const problems: string[] = [];
    for (const expected of want.listeners ?? []) {
      const status = predictStatus(engine, expected.gateway);
      const listener =
        status?.kind === 'gateway'
          ? status.status.listeners.find((item) => item.name === expected.name)
          : undefined;
      const where = `${expected.gateway} listener ${expected.name}`;
      if (!listener) {
        problems.push(`${where}: missing`);
        continue;
      }
      const kinds = listener.supportedKinds.map((kind) => kind.kind);
      if (kinds.join() !== expected.supportedKinds.join())
        problems.push(`${where}: supportedKinds [${kinds.join(', ')}]`);
      if (listener.attachedRoutes !== expected.attachedRoutes)
        problems.push(`${where}: attachedRoutes ${listener.attachedRoutes}`);
      problems.push(...conditionProblems(where, listener.conditions, expected.conditions));
    }
    for (const expected of want.parents ?? []) {
      const status = predictStatus(engine, expected.route);
      const parent = status?.kind === 'route' ? status.status.parents[0] : undefined;
      if (!parent) problems.push(`${expected.route}: no parent status`);
      else problems.push(...conditionProblems(expected.route, parent.conditions, expected.conditions));
    }
    for (const expected of want.findings) {
      if (!engine.findingsFor(expected.subject).some((item) => item.slug === expected.slug))
        problems.push(`${expected.subject}: no finding ${expected.slug}`);
    }
    expect(problems).toEqual([]);
  });
});
