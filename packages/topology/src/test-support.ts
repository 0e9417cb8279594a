/**
 * What the core's tests share: fixture objects as engine changes, and the table of status rules.
 *
 * Status rules: the tests named `<module>.rules.test.ts` hold one row per case of the rules of the
 * status digest (../shared/gateway-api-rules.md beside the repository, section (a), R1–R61) that the
 * module beside them decides: each row builds the smallest scenario that exercises the rule and
 * states the status a conformant controller writes. `test/rules.test.ts` reads every module's rows
 * and checks that they and the rules not modelled cover R1..R61 exactly.
 *
 * Conditions are written `Type=Status/Reason`, optionally `@basis` (spec, implementation,
 * runtime) with `[Reason,…]` for exactly the alternatives, and ` ~message prefix`; `!Type` means
 * the condition must be absent. A missing reason, basis or alternatives list matches any.
 */
import {
  gateway,
  gatewayClass,
  httpRoute,
  listener,
  service,
  type KubeObject,
  type ListenerInput,
} from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  decodeObject,
  GATEWAY_GROUP,
  predictStatus,
  TopologyEngine,
  type AnalyzerOptions,
  type Change,
  type DecodedObject,
  type FindingSlug,
  type ObjectKey,
  type ParentReference,
  type PredictedCondition,
} from './index.ts';

/** The change that adds a fixture object: known kinds as objects, others as unknown objects. */
export function upsert(object: unknown): Change {
  const decoded = decodeObject(object);
  if (!decoded.ok) throw new Error('fixture did not decode');
  return 'value' in decoded
    ? { type: 'upsert', object: decoded.value }
    : { type: 'upsert-unknown', object: decoded.unknown };
}

export type RuleId = `R${number}`;

// ---- expectations --------------------------------------------------------------------------

type Expectation =
  | {
      readonly at: 'gateway';
      readonly key?: string;
      readonly conditions?: readonly string[];
      readonly attachedListenerSets?: number;
      /** Names of status.listeners, in order. */
      readonly listeners?: readonly string[];
    }
  | {
      readonly at: 'listener';
      /** The Gateway or ListenerSet; default Gateway/default/gateway. */
      readonly of?: string;
      readonly name: string;
      readonly conditions?: readonly string[];
      readonly attachedRoutes?: number;
      readonly supportedKinds?: readonly string[];
    }
  | {
      /** A route's predicted status.parents entry, by position. */
      readonly at: 'parent';
      readonly key?: string;
      readonly index?: number;
      readonly conditions?: readonly string[];
      readonly controllerName?: string;
      readonly parentRef?: ParentReference;
    }
  | { readonly at: 'parents'; readonly key?: string; readonly count: number }
  | {
      /** The analysis of the spec's parentRefs[index] (mesh parents have no predicted entry). */
      readonly at: 'analysis';
      readonly key?: string;
      readonly index: number;
      readonly written?: boolean;
      readonly conditions?: readonly string[];
    }
  | {
      readonly at: 'finding';
      readonly key: string;
      readonly slug: FindingSlug;
      readonly field?: string;
      readonly absent?: boolean;
    }
  | { readonly at: 'listenerset'; readonly key?: string; readonly conditions: readonly string[] }
  | { readonly at: 'policy'; readonly key: string; readonly conditions: readonly string[] }
  | { readonly at: 'class'; readonly key?: string; readonly conditions: readonly string[] }
  /** Every predicted condition of the object carries observedGeneration = value. */
  | { readonly at: 'generation'; readonly key: string; readonly value: number };

export interface Row {
  readonly rule: RuleId;
  readonly title: string;
  readonly objects: readonly KubeObject[];
  readonly options?: AnalyzerOptions;
  /** A second batch, applied after the objects (grant revocation and the like). */
  readonly then?: { readonly delete?: readonly KubeObject[]; readonly upsert?: readonly KubeObject[] };
  readonly expect: readonly Expectation[];
}

// ---- builders the fixtures package does not have --------------------------------------------

const GW_V1 = 'gateway.networking.k8s.io/v1';
export const TS_OLD = '2023-01-01T00:00:00Z';
export const TS_NEW = '2024-01-01T00:00:00Z';
export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

export function listenerSet(
  input: {
    name?: string;
    namespace?: string;
    parent?: string;
    listeners?: ListenerInput[];
    creationTimestamp?: string;
    generation?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: GW_V1,
    kind: 'ListenerSet',
    metadata: {
      name: input.name ?? 'set',
      namespace: input.namespace ?? 'default',
      generation: input.generation ?? 1,
      ...(input.creationTimestamp ? { creationTimestamp: input.creationTimestamp } : {}),
    },
    spec: {
      parentRef: { name: input.parent ?? 'gateway', namespace: 'default' },
      listeners: (input.listeners ?? [{ name: 'extra', port: 8080 }]).map(listener),
    },
  };
}

export function configMap(
  input: { name?: string; namespace?: string; data?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: input.name ?? 'ca', namespace: input.namespace ?? 'default' },
    ...(input.data ? { data: input.data } : {}),
  };
}

export function backendTLSPolicy(
  input: {
    name?: string;
    creationTimestamp?: string;
    sectionName?: string;
    ca?: { group?: string; kind: string; name: string }[];
    wellKnown?: string;
    generation?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: GW_V1,
    kind: 'BackendTLSPolicy',
    metadata: {
      name: input.name ?? 'policy',
      namespace: 'default',
      generation: input.generation ?? 1,
      ...(input.creationTimestamp ? { creationTimestamp: input.creationTimestamp } : {}),
    },
    spec: {
      targetRefs: [
        {
          group: '',
          kind: 'Service',
          name: 'backend',
          ...(input.sectionName ? { sectionName: input.sectionName } : {}),
        },
      ],
      validation: {
        hostname: 'backend.example.com',
        ...(input.wellKnown
          ? { wellKnownCACertificates: input.wellKnown }
          : {
              caCertificateRefs: (input.ca ?? [{ kind: 'ConfigMap', name: 'ca' }]).map((ref) => ({
                group: '',
                ...ref,
              })),
            }),
      },
    },
  };
}

export function withSpec(object: KubeObject, patch: Record<string, unknown>): KubeObject {
  return { ...object, spec: { ...(object.spec as Record<string, unknown>), ...patch } };
}

export const allowAll = { namespaces: { from: 'All' } };
export const https: ListenerInput = {
  name: 'https',
  protocol: 'HTTPS',
  tls: { certificateRefs: [{ name: 'tls' }] },
};
export const base: readonly KubeObject[] = [gatewayClass(), gateway(), service()];
export const validCa = configMap({ data: { 'ca.crt': CA_PEM } });
export const caRef = (name: string, extra: Record<string, string> = {}) => ({
  group: '',
  kind: 'ConfigMap',
  name,
  ...extra,
});
export const frontend = (validation: Record<string, unknown>, perPort?: unknown[]) => ({
  tls: { frontend: { default: { validation }, ...(perPort ? { perPort } : {}) } },
});
export const ROUTE = 'HTTPRoute/default/httproute';
export const GW = 'Gateway/default/gateway';

/** A BackendTLSPolicy on Service backend, reached through an accepted HTTPRoute (R58/R59). */
export const policyScene = (...policies: KubeObject[]) => [...base, httpRoute(), validCa, ...policies];
export const POLICY = 'BackendTLSPolicy/default/policy';

// ---- running a row ---------------------------------------------------------------------------

/** A fixture object decoded, as the engine takes it; throws when it does not decode. */
export function decoded(raw: KubeObject): DecodedObject {
  const result = decodeObject(raw);
  if (!result.ok || !('value' in result))
    throw new Error(`fixture does not decode: ${JSON.stringify(result)}`);
  return result.value;
}

function build(row: Row): TopologyEngine {
  const engine = new TopologyEngine(row.options);
  engine.apply(row.objects.map((raw): Change => ({ type: 'upsert', object: decoded(raw) })));
  if (row.then) {
    engine.apply([
      ...(row.then.delete ?? []).map((raw): Change => ({ type: 'delete', key: decoded(raw).key })),
      ...(row.then.upsert ?? []).map((raw): Change => ({ type: 'upsert', object: decoded(raw) })),
    ]);
  }
  return engine;
}

const CONDITION =
  /^(!)?([A-Za-z]+)(?:=(True|False|Unknown)(?:\/([A-Za-z]+))?)?(?:@(spec|implementation|runtime)(?:\[([A-Za-z,]*)\])?)?$/;

function sortedText(items: readonly string[]): string {
  return [...items].sort().join(',');
}

function checkConditions(
  where: string,
  actual: readonly PredictedCondition[],
  expected: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const text of expected) {
    const [head = '', prefix] = text.split(' ~');
    const match = CONDITION.exec(head);
    if (!match) throw new Error(`bad condition "${text}"`);
    const [, absent, type, status, reason, basis, alternatives] = match;
    const got = actual.find((item) => item.type === type);
    const describe = got
      ? `${got.type}=${got.status}/${got.reason}@${got.basis}[${(got.alternatives ?? []).join(',')}] (${got.message})`
      : 'none';
    if (absent) {
      if (got) problems.push(`${where}: expected no ${type}, got ${describe}`);
      continue;
    }
    const ok =
      got !== undefined &&
      (status === undefined || got.status === status) &&
      (reason === undefined || got.reason === reason) &&
      (basis === undefined || got.basis === basis) &&
      (alternatives === undefined ||
        sortedText(got.alternatives ?? []) === sortedText(alternatives.split(',').filter(Boolean))) &&
      (prefix === undefined || got.message.startsWith(prefix));
    if (!ok) problems.push(`${where}: expected ${text}, got ${describe}`);
  }
  return problems;
}

function check(engine: TopologyEngine, expectation: Expectation): string[] {
  const key = (text: string | undefined, fallback: string) => (text ?? fallback) as ObjectKey;
  switch (expectation.at) {
    case 'gateway': {
      const status = predictStatus(engine, key(expectation.key, GW));
      if (status?.kind !== 'gateway') return [`${expectation.key ?? GW}: no Gateway status`];
      const problems = checkConditions('Gateway', status.status.conditions, expectation.conditions);
      if (
        expectation.attachedListenerSets !== undefined &&
        (status.status.attachedListenerSets ?? 0) !== expectation.attachedListenerSets
      ) {
        problems.push(
          `attachedListenerSets ${status.status.attachedListenerSets}, expected ${expectation.attachedListenerSets}`,
        );
      }
      const names = status.status.listeners.map((item) => item.name);
      if (expectation.listeners && JSON.stringify(names) !== JSON.stringify(expectation.listeners)) {
        problems.push(
          `status.listeners ${JSON.stringify(names)}, expected ${JSON.stringify(expectation.listeners)}`,
        );
      }
      return problems;
    }
    case 'listener': {
      const owner = key(expectation.of, GW);
      const status = predictStatus(engine, owner);
      if (status?.kind !== 'gateway' && status?.kind !== 'listenerset') return [`${owner}: no status`];
      const found = status.status.listeners.find((item) => item.name === expectation.name);
      const where = `${owner} listener ${expectation.name}`;
      if (!found) return [`${where}: missing`];
      const problems = checkConditions(where, found.conditions, expectation.conditions);
      if (expectation.attachedRoutes !== undefined && found.attachedRoutes !== expectation.attachedRoutes) {
        problems.push(
          `${where}: attachedRoutes ${found.attachedRoutes}, expected ${expectation.attachedRoutes}`,
        );
      }
      if (expectation.supportedKinds) {
        const kinds = found.supportedKinds.map((item) => item.kind);
        if (JSON.stringify(kinds) !== JSON.stringify(expectation.supportedKinds))
          problems.push(
            `${where}: supportedKinds ${JSON.stringify(kinds)}, expected ${JSON.stringify(expectation.supportedKinds)}`,
          );
        if (found.supportedKinds.some((item) => item.group !== GATEWAY_GROUP))
          problems.push(
            `${where}: supportedKinds ${JSON.stringify(found.supportedKinds)} name another group`,
          );
      }
      return problems;
    }
    case 'parent': {
      const routeKey = key(expectation.key, ROUTE);
      const status = predictStatus(engine, routeKey);
      if (status?.kind !== 'route') return [`${routeKey}: no Route status`];
      const index = expectation.index ?? 0;
      const entry = status.status.parents[index];
      const where = `${routeKey} parents[${index}]`;
      if (!entry) return [`${where}: missing (${status.status.parents.length} entries)`];
      const problems = checkConditions(where, entry.conditions, expectation.conditions);
      if (expectation.controllerName !== undefined && entry.controllerName !== expectation.controllerName)
        problems.push(
          `${where}: controllerName ${entry.controllerName}, expected ${expectation.controllerName}`,
        );
      if (expectation.parentRef && JSON.stringify(entry.parentRef) !== JSON.stringify(expectation.parentRef))
        problems.push(
          `${where}: parentRef ${JSON.stringify(entry.parentRef)}, expected ${JSON.stringify(expectation.parentRef)}`,
        );
      return problems;
    }
    case 'parents': {
      const routeKey = key(expectation.key, ROUTE);
      const status = predictStatus(engine, routeKey);
      if (status?.kind !== 'route') return [`${routeKey}: no Route status`];
      return status.status.parents.length === expectation.count
        ? []
        : [`${routeKey}: ${status.status.parents.length} parent entries, expected ${expectation.count}`];
    }
    case 'analysis': {
      const routeKey = key(expectation.key, ROUTE);
      const parent = engine.route(routeKey)?.parents[expectation.index];
      const where = `${routeKey} parentRefs[${expectation.index}]`;
      if (!parent) return [`${where}: not analyzed`];
      const problems = checkConditions(where, parent.conditions, expectation.conditions);
      if (expectation.written !== undefined && parent.written !== expectation.written)
        problems.push(`${where}: written ${parent.written}, expected ${expectation.written}`);
      return problems;
    }
    case 'finding': {
      const found = engine
        .findingsFor(expectation.key as ObjectKey)
        .filter(
          (item) =>
            item.slug === expectation.slug &&
            (expectation.field === undefined || item.field === expectation.field),
        );
      const what = `${expectation.key}: finding ${expectation.slug}${expectation.field ? ` at ${expectation.field}` : ''}`;
      if (expectation.absent) return found.length === 0 ? [] : [`${what} present: ${found[0]?.message}`];
      if (found.length > 0) return [];
      const all = engine
        .findingsFor(expectation.key as ObjectKey)
        .map((item) => `${item.slug}@${item.field ?? ''}`);
      return [`${what} missing (has ${all.join(', ') || 'none'})`];
    }
    case 'listenerset': {
      const setKey = key(expectation.key, 'ListenerSet/default/set');
      const status = predictStatus(engine, setKey);
      if (status?.kind !== 'listenerset') return [`${setKey}: no ListenerSet status`];
      return checkConditions(setKey, status.status.conditions, expectation.conditions);
    }
    case 'policy': {
      const status = predictStatus(engine, expectation.key as ObjectKey);
      if (status?.kind !== 'policy') return [`${expectation.key}: no policy status`];
      const ancestor = status.status.ancestors[0];
      if (!ancestor) return [`${expectation.key}: no ancestors`];
      const problems = checkConditions(
        `${expectation.key} ancestor`,
        ancestor.conditions,
        expectation.conditions,
      );
      if (ancestor.ancestorRef.name !== 'gateway' || ancestor.ancestorRef.kind !== 'Gateway')
        problems.push(`${expectation.key}: ancestorRef ${JSON.stringify(ancestor.ancestorRef)}`);
      return problems;
    }
    case 'class': {
      const classKey = key(expectation.key, 'GatewayClass/example');
      const status = predictStatus(engine, classKey);
      if (status?.kind !== 'gatewayclass') return [`${classKey}: no GatewayClass status`];
      return checkConditions(classKey, status.status.conditions, expectation.conditions);
    }
    case 'generation': {
      const status = predictStatus(engine, expectation.key as ObjectKey);
      const conditions: PredictedCondition[] = [];
      if (status?.kind === 'gateway' || status?.kind === 'listenerset') {
        conditions.push(
          ...status.status.conditions,
          ...status.status.listeners.flatMap((item) => item.conditions),
        );
      } else if (status?.kind === 'route') {
        conditions.push(...status.status.parents.flatMap((item) => item.conditions));
      } else if (status?.kind === 'policy') {
        conditions.push(...status.status.ancestors.flatMap((item) => item.conditions));
      } else if (status?.kind === 'gatewayclass') {
        conditions.push(...status.status.conditions);
      }
      if (conditions.length === 0) return [`${expectation.key}: no conditions`];
      return conditions
        .filter((item) => item.observedGeneration !== expectation.value)
        .map(
          (item) =>
            `${expectation.key}: ${item.type} observedGeneration ${item.observedGeneration}, expected ${expectation.value}`,
        );
    }
  }
}

/**
 * Runs a module's rows, one test each. `test/rules.test.ts` imports every `*.rules.test.ts` for
 * its rows, to check that they cover each rule: the rows run only in the file that declares them
 * (`file`, its `import.meta.filename`), and a rules file holds nothing but its rows.
 */
export function testRules(input: { title: string; rows: readonly Row[]; file: string }): void {
  if (expect.getState().testPath !== input.file) return;
  describe(input.title, () => {
    it.each(input.rows)('$rule $title', (row) => {
      const engine = build(row);
      expect(row.expect.flatMap((expectation) => check(engine, expectation))).toEqual([]);
    });
  });
}
