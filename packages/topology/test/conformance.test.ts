/**
 * Reproduces the Gateway API conformance suite's status assertions (see conformance/README.md):
 * each case is analyzed as base.yaml plus its own manifests, step by step, and every expectation
 * of the suite is checked against the predicted status with the suite's matching rules.
 * Expectations that only a running data plane can meet (Programmed=True) are counted separately.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  decodeObject,
  ingestManifests,
  objectKey,
  predictStatus,
  TopologyEngine,
  type AnalyzerOptions,
  type Change,
  type ObjectKey,
  type PredictedCondition,
} from '../src/index.ts';
import { parseManifests } from './manifests.ts';

const DIR = join(import.meta.dirname, 'conformance');

interface ExpectedCondition {
  type: string;
  status?: string;
  reason?: string;
}
interface ExpectedListener {
  name: string;
  attachedRoutes?: number;
  supportedKinds?: string[];
  conditions?: ExpectedCondition[];
}
interface Expectations {
  gateways?: {
    ref: string;
    conditions?: ExpectedCondition[];
    listeners?: ExpectedListener[];
    attachedListenerSets?: number;
  }[];
  listenerSets?: { ref: string; conditions?: ExpectedCondition[]; listeners?: ExpectedListener[] }[];
  routes?: {
    kind: string;
    ref: string;
    parents?: {
      parentRef: { name: string; namespace?: string; kind?: string; group?: string };
      conditions?: ExpectedCondition[];
    }[];
    noAcceptedParents?: boolean;
    noParents?: boolean;
  }[];
  backendTLSPolicies?: {
    ref: string;
    ancestors?: { ancestorRef: { name: string; namespace?: string }; conditions?: ExpectedCondition[] }[];
  }[];
  gatewayClasses?: { ref: string; conditions?: ExpectedCondition[] }[];
}
interface Case {
  name: string;
  features?: string[];
  skipIfSupported?: string[];
  steps: {
    description: string;
    delete?: { kind: string; ref: string }[];
    apply?: unknown[];
    expect?: Expectations;
  }[];
}

function load(file: string): { descriptor: Case; changes: Change[] } {
  const text = readFileSync(join(DIR, file), 'utf8');
  const parsed = parseManifests(text, file);
  expect(parsed.errors).toEqual([]);
  const [first, ...rest] = parsed.documents;
  const result = ingestManifests([{ documents: rest, errors: [] }]);
  expect(
    result.issues.filter((issue) => issue.slug === 'invalid-object' && issue.severity === 'error'),
  ).toEqual([]);
  return { descriptor: first?.value as Case, changes: result.changes };
}

const base = ingestManifests([
  parseManifests(readFileSync(join(DIR, 'base.yaml'), 'utf8'), 'base.yaml'),
]).changes;
const cases = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'base.yaml');

function keyOf(kind: string, ref: string): ObjectKey {
  const [namespace, name] = ref.includes('/') ? ref.split('/') : [undefined, ref];
  const group = ['Service', 'Secret', 'ConfigMap', 'Namespace'].includes(kind)
    ? ''
    : 'gateway.networking.k8s.io';
  return objectKey(group, kind, namespace, name ?? '');
}

/** Tallies of expectations met, and of those only a data plane can meet. */
const runtimeOnly: string[] = [];

function checkConditions(
  where: string,
  actual: readonly PredictedCondition[],
  expected: readonly ExpectedCondition[] = [],
): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const got = actual.find((item) => item.type === want.type);
    if (got?.basis === 'runtime' && want.status === 'True') {
      runtimeOnly.push(`${where} ${want.type}=True`);
      continue;
    }
    const ok =
      got !== undefined &&
      (want.status === undefined || got.status === want.status) &&
      (want.reason === undefined || got.reason === want.reason);
    if (!ok) {
      problems.push(
        `${where}: expected ${want.type}=${want.status ?? '*'}/${want.reason ?? '*'}, got ${got ? `${got.status}/${got.reason} (${got.message})` : 'none'}`,
      );
    }
  }
  return problems;
}

function checkListeners(
  where: string,
  engine: TopologyEngine,
  key: ObjectKey,
  expected: ExpectedListener[] | undefined,
): string[] {
  if (!expected) return [];
  const status = predictStatus(engine, key);
  if (!status || (status.kind !== 'gateway' && status.kind !== 'listenerset')) return [`${where}: no status`];
  const problems: string[] = [];
  if (status.status.listeners.length !== expected.length) {
    problems.push(`${where}: expected ${expected.length} listeners, got ${status.status.listeners.length}`);
  }
  for (const want of expected) {
    const got = status.status.listeners.find((listener) => listener.name === want.name);
    if (!got) {
      problems.push(`${where}: listener ${want.name} missing`);
      continue;
    }
    if (want.attachedRoutes !== undefined && got.attachedRoutes !== want.attachedRoutes) {
      problems.push(
        `${where} listener ${want.name}: attachedRoutes ${got.attachedRoutes}, expected ${want.attachedRoutes}`,
      );
    }
    if (want.supportedKinds !== undefined) {
      const kinds = got.supportedKinds.map((kind) => kind.kind);
      const ok =
        want.supportedKinds.length === 0
          ? kinds.length === 0
          : want.supportedKinds.every((kind) => kinds.includes(kind));
      if (!ok)
        problems.push(
          `${where} listener ${want.name}: supportedKinds [${kinds.join(', ')}], expected [${want.supportedKinds.join(', ')}]`,
        );
    }
    problems.push(...checkConditions(`${where} listener ${want.name}`, got.conditions, want.conditions));
  }
  return problems;
}

function check(engine: TopologyEngine, expect: Expectations): string[] {
  const problems: string[] = [];
  for (const gateway of expect.gateways ?? []) {
    const key = keyOf('Gateway', gateway.ref);
    const status = predictStatus(engine, key);
    if (!status || status.kind !== 'gateway') {
      problems.push(`Gateway ${gateway.ref}: not analyzed`);
      continue;
    }
    problems.push(...checkConditions(`Gateway ${gateway.ref}`, status.status.conditions, gateway.conditions));
    problems.push(...checkListeners(`Gateway ${gateway.ref}`, engine, key, gateway.listeners));
    if (
      gateway.attachedListenerSets !== undefined &&
      (status.status.attachedListenerSets ?? 0) !== gateway.attachedListenerSets
    ) {
      problems.push(
        `Gateway ${gateway.ref}: attachedListenerSets ${status.status.attachedListenerSets}, expected ${gateway.attachedListenerSets}`,
      );
    }
  }
  for (const set of expect.listenerSets ?? []) {
    const key = keyOf('ListenerSet', set.ref);
    const status = predictStatus(engine, key);
    if (!status || status.kind !== 'listenerset') {
      problems.push(`ListenerSet ${set.ref}: not analyzed`);
      continue;
    }
    problems.push(...checkConditions(`ListenerSet ${set.ref}`, status.status.conditions, set.conditions));
    problems.push(...checkListeners(`ListenerSet ${set.ref}`, engine, key, set.listeners));
  }
  for (const route of expect.routes ?? []) {
    const key = keyOf(route.kind, route.ref);
    const status = predictStatus(engine, key);
    if (!status || status.kind !== 'route') {
      problems.push(`${route.kind} ${route.ref}: not analyzed`);
      continue;
    }
    const parents = status.status.parents;
    const routeNamespace = route.ref.split('/')[0];
    if (route.noParents && parents.length > 0)
      problems.push(`${route.kind} ${route.ref}: expected no parents, got ${parents.length}`);
    if (route.noAcceptedParents) {
      const ok =
        parents.length === 0 ||
        (parents.length === 1 &&
          parents[0]?.conditions.find((item) => item.type === 'Accepted')?.status === 'False');
      if (!ok)
        problems.push(
          `${route.kind} ${route.ref}: expected no accepted parents, got ${JSON.stringify(parents.map((parent) => parent.conditions.map((item) => `${item.type}=${item.status}/${item.reason}`)))}`,
        );
    }
    for (const want of route.parents ?? []) {
      const wantNamespace = want.parentRef.namespace ?? routeNamespace;
      const got = parents.find(
        (parent) =>
          parent.parentRef.name === want.parentRef.name &&
          (parent.parentRef.namespace ?? routeNamespace) === wantNamespace &&
          (parent.parentRef.kind ?? 'Gateway') === (want.parentRef.kind ?? 'Gateway') &&
          (parent.parentRef.group ?? 'gateway.networking.k8s.io') ===
            (want.parentRef.group ?? 'gateway.networking.k8s.io'),
      );
      if (!got) {
        problems.push(
          `${route.kind} ${route.ref}: no parent entry for ${wantNamespace}/${want.parentRef.name}`,
        );
        continue;
      }
      problems.push(
        ...checkConditions(
          `${route.kind} ${route.ref} parent ${want.parentRef.name}`,
          got.conditions,
          want.conditions,
        ),
      );
    }
  }
  for (const policy of expect.backendTLSPolicies ?? []) {
    const key = keyOf('BackendTLSPolicy', policy.ref);
    const status = predictStatus(engine, key);
    if (!status || status.kind !== 'policy') {
      problems.push(`BackendTLSPolicy ${policy.ref}: not analyzed`);
      continue;
    }
    for (const want of policy.ancestors ?? []) {
      const got = status.status.ancestors.find(
        (ancestor) =>
          ancestor.ancestorRef.name === want.ancestorRef.name &&
          (want.ancestorRef.namespace === undefined ||
            ancestor.ancestorRef.namespace === want.ancestorRef.namespace),
      );
      if (!got) {
        problems.push(`BackendTLSPolicy ${policy.ref}: no ancestor ${want.ancestorRef.name}`);
        continue;
      }
      problems.push(...checkConditions(`BackendTLSPolicy ${policy.ref}`, got.conditions, want.conditions));
    }
  }
  for (const gatewayClass of expect.gatewayClasses ?? []) {
    const status = predictStatus(engine, keyOf('GatewayClass', gatewayClass.ref));
    if (!status || status.kind !== 'gatewayclass')
      problems.push(`GatewayClass ${gatewayClass.ref}: not analyzed`);
    else
      problems.push(
        ...checkConditions(
          `GatewayClass ${gatewayClass.ref}`,
          status.status.conditions,
          gatewayClass.conditions,
        ),
      );
  }
  return problems;
}

function optionsFor(descriptor: Case): AnalyzerOptions {
  const unsupported = new Set(descriptor.skipIfSupported ?? []);
  return {
    ...(unsupported.has('TLSRouteModeTerminate') ? { tlsTerminate: false } : {}),
    ...(unsupported.has('TLSRouteModeMixed') ? { mixedTlsModesOnPort: false } : {}),
  };
}

describe('Gateway API conformance (status decided by manifests)', () => {
  it.each(cases)('%s', (file) => {
    const { descriptor, changes } = load(file);
    const engine = new TopologyEngine(optionsFor(descriptor));
    engine.apply([...base, ...changes]);
    const problems: string[] = [];
    for (const step of descriptor.steps) {
      const stepChanges: Change[] = [];
      for (const removal of step.delete ?? [])
        stepChanges.push({ type: 'delete', key: keyOf(removal.kind, removal.ref) });
      for (const raw of step.apply ?? []) {
        const decoded = decodeObject(raw);
        if (decoded.ok && 'value' in decoded) stepChanges.push({ type: 'upsert', object: decoded.value });
        else problems.push(`step "${step.description}": cannot decode applied object`);
      }
      engine.apply(stepChanges);
      problems.push(...check(engine, step.expect ?? {}).map((problem) => `[${step.description}] ${problem}`));
    }
    expect(problems, `${descriptor.name}\n${problems.join('\n')}`).toEqual([]);
  });

  it('analyzes every descriptor as YAML it can read', () => {
    for (const file of cases) {
      const descriptor = parseYaml(readFileSync(join(DIR, file), 'utf8').split('\n---\n')[0] ?? '') as Case;
      expect(descriptor.steps.length, file).toBeGreaterThan(0);
    }
  });
});
