/**
 * The effective policy stack: every policy of a discovered kind that applies to a place — a
 * Route through one parent and listener, a listener, a Service — directly or inherited from the
 * Gateway, listener or ListenerSet above it, in GEP-713's order, and per kind how they combine.
 * A Service's stack also holds the BackendTLSPolicies on it, a kind gatemap reads itself, with
 * the attachment its own analysis predicts (`backend-tls-attachment.ts`).
 *
 * Order (P28): the hierarchy level, least specific first (P26: Gateway, Gateway listener,
 * ListenerSet, ListenerSet listener, Route, rule; Service, port), then the older creationTimestamp,
 * then `{namespace}/{name}`: the established policy before its challengers. A Route has one stack
 * per parent and listener (P27); a Gateway listener's policies do not reach a ListenerSet's
 * listeners, which are siblings (P38).
 *
 * How a kind combines:
 * - `none`: a Direct kind (strategy None, P29): the entries are listed, losers `conflicted`.
 * - `fields`: a kind whose policies use `defaults`/`overrides` stanzas: merged field by field
 *   (P33; each top-level field of a stanza is one field, its value replaced whole): the first
 *   override in order wins (the highest, then oldest: P31), else the last default (the most
 *   specific, then newest: P30). Where two defaults at the winner's level set a field, GEP-713's
 *   newest wins but implementations and earlier text take the oldest (P34, P36, P41, P46): the
 *   field has basis `implementation` and the older one as `alternative`.
 * - `implementation`: no stanzas (Envoy Gateway's kinds, whose `mergeType` and `Overridden` rules
 *   are their own: P37, P38): listed in order, not merged; `effective` names the policy GEP-713's
 *   Atomic Defaults apply whole, with basis `implementation`.
 */
import type { PolicyAnalysis } from './analyze-policy.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import { BACKEND_TLS_KIND, backendTlsTargets } from './backend-tls-attachment.ts';
import type { BackendTLSPolicy } from './gateway-api.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { ObjectKey } from './object-key.ts';
import type { GenericPolicyAnalysis, PolicyTargetLevel, PolicyTargetState } from './policy-attachment.ts';
import { compareByAge } from './precedence.ts';
import { resolvePolicyTargetRef } from './resolve-refs.ts';

export interface PolicyStackEntry {
  readonly policy: ObjectKey;
  /** `group/Kind`. */
  readonly kind: string;
  readonly level: PolicyTargetLevel;
  readonly target: ObjectKey;
  readonly sectionName?: string;
  /** The attachment of this target (only `attached` entries take part in a merge). */
  readonly state: PolicyTargetState;
  readonly stanzas: 'defaults' | 'overrides' | 'both' | 'none';
}

export interface MergedPolicyField {
  /** A top-level field of the stanzas, e.g. `rateLimit`. */
  readonly field: string;
  readonly value: unknown;
  readonly from: ObjectKey;
  readonly stanza: 'defaults' | 'overrides';
  readonly basis: 'spec' | 'implementation';
  /** What implementations that let the older default win at a level would take instead. */
  readonly alternative?: { readonly from: ObjectKey; readonly value: unknown };
}

export interface PolicyKindStack {
  readonly kind: string;
  /** In GEP-713's order (see the module's header). */
  readonly entries: readonly PolicyStackEntry[];
  readonly merge: 'none' | 'fields' | 'implementation';
  /** The merged result when `merge` is `fields`, sorted by field. */
  readonly fields?: readonly MergedPolicyField[];
  /**
   * When `merge` is `implementation`: the policy that takes effect by GEP-713's Atomic Defaults
   * (P30: the most specific, then newest), which Envoy Gateway also applies without `mergeType`
   * (P37), the others marked `Overridden` there; always basis `implementation`. `alternative` is
   * the older policy at the winner's level, which wins where the same level is None (P36).
   */
  readonly effective?: {
    readonly from: ObjectKey;
    readonly overridden: readonly ObjectKey[];
    readonly basis: 'implementation';
    readonly alternative?: ObjectKey;
  };
}

/** The stack of one place, per policy kind (sorted by kind). */
export interface PolicyStack {
  readonly kinds: readonly PolicyKindStack[];
}

export interface RoutePolicyStack extends PolicyStack {
  readonly route: ObjectKey;
  /** The parentRef's object: a Gateway, or a ListenerSet. */
  readonly parent: ObjectKey;
  readonly gateway: ObjectKey;
  readonly listener: string;
  /** Per rule that a policy names, the stack with that rule's own policies on top. */
  readonly rules: readonly { readonly name: string; readonly kinds: readonly PolicyKindStack[] }[];
}

export interface ServicePolicyStack extends PolicyStack {
  readonly service: ObjectKey;
  /** Per port that a policy names, the stack with that port's own policies on top. */
  readonly ports: readonly { readonly name: string; readonly kinds: readonly PolicyKindStack[] }[];
}

/** What a stack reads (a `TopologyEngine` is one). */
export interface PolicyStackSource {
  route(key: ObjectKey): RouteAnalysis | undefined;
  genericPolicy(key: ObjectKey): GenericPolicyAnalysis | undefined;
  policiesTargeting(target: ObjectKey): readonly GenericPolicy[];
  /** BackendTLSPolicies whose targetRefs name an object, and their analysis. */
  backendTlsPoliciesOn(
    target: ObjectKey,
  ): readonly { readonly key: ObjectKey; readonly policy: BackendTLSPolicy }[];
  policy(key: ObjectKey): PolicyAnalysis | undefined;
}

/** A policy on a place, before ordering: what the order and the merge read of it. */
interface Candidate {
  readonly policy: Pick<GenericPolicy, 'key' | 'metadata' | 'defaults' | 'overrides'> & {
    readonly kind: Pick<GenericPolicy['kind'], 'class'>;
  };
  readonly entry: PolicyStackEntry;
}

const RANK: Readonly<Record<PolicyTargetLevel, number>> = {
  gateway: 0,
  listener: 1,
  listenerset: 2,
  'listenerset-listener': 3,
  route: 4,
  rule: 5,
  service: 6,
  'service-port': 7,
  other: 8,
};

/** The stacks of a Route: one per accepted parent and listener it attaches to (P27). */
export function routePolicyStacks(source: PolicyStackSource, route: ObjectKey): readonly RoutePolicyStack[] {
  const analysis = source.route(route);
  const own = candidatesOn(source, route, 'route', 'rule');
  const stacks: RoutePolicyStack[] = [];
  for (const parent of analysis?.parents ?? []) {
    const gateway = parent.gateway;
    if (!parent.accepted || gateway === undefined) continue;
    const parentKey = parent.parent.key;
    const viaSet = parentKey !== gateway;
    const onGateway = candidatesOn(source, gateway, 'gateway', 'listener');
    const onSet = viaSet ? candidatesOn(source, parentKey, 'listenerset', 'listenerset-listener') : [];
    for (const listener of parent.listeners) {
      const above = [
        ...onGateway.filter((candidate) =>
          viaSet ? candidate.entry.sectionName === undefined : appliesTo(candidate, listener),
        ),
        ...onSet.filter((candidate) => appliesTo(candidate, listener)),
      ];
      const wide = [...above, ...own.filter((candidate) => candidate.entry.sectionName === undefined)];
      stacks.push({
        route,
        parent: parentKey,
        gateway,
        listener,
        kinds: stackOf(wide),
        rules: sectionStacks(wide, own),
      });
    }
  }
  return stacks;
}

/** The stack of a Gateway's (or ListenerSet's) listener: its own policies over the whole object's. */
export function listenerPolicyStack(
  source: PolicyStackSource,
  { parent, listener }: { readonly parent: ObjectKey; readonly listener: string },
): PolicyStack {
  const gatewayLevel = parent.startsWith('Gateway/');
  const candidates = candidatesOn(
    source,
    parent,
    gatewayLevel ? 'gateway' : 'listenerset',
    gatewayLevel ? 'listener' : 'listenerset-listener',
  );
  return { kinds: stackOf(candidates.filter((candidate) => appliesTo(candidate, listener))) };
}

/**
 * The stack of a Service, and of each port a policy names: the policies of discovered kinds and
 * the BackendTLSPolicies on it (a Direct kind: listed in order, strategy None).
 */
export function servicePolicyStack(source: PolicyStackSource, service: ObjectKey): ServicePolicyStack {
  const candidates = [
    ...candidatesOn(source, service, 'service', 'service-port'),
    ...backendTlsCandidates(source, service),
  ];
  const wide = candidates.filter((candidate) => candidate.entry.sectionName === undefined);
  return { service, kinds: stackOf(wide), ports: sectionStacks(wide, candidates) };
}

/** Orders and combines the policies on one place (see the module's header). */
function stackOf(candidates: readonly Candidate[]): readonly PolicyKindStack[] {
  const byKind = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const list = byKind.get(candidate.entry.kind);
    if (list) list.push(candidate);
    else byKind.set(candidate.entry.kind, [candidate]);
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, list]): PolicyKindStack => {
      const ordered = [...list].sort(
        (a, b) =>
          RANK[a.entry.level] - RANK[b.entry.level] || compareByAge(a.policy.metadata, b.policy.metadata),
      );
      const entries = ordered.map((candidate) => candidate.entry);
      const attached = ordered.filter((candidate) => candidate.entry.state === 'attached');
      if (ordered[0]?.policy.kind.class === 'Direct') return { kind, entries, merge: 'none' };
      if (attached.every((candidate) => candidate.entry.stanzas === 'none'))
        return { kind, entries, merge: 'implementation', ...effectiveOf(attached) };
      return { kind, entries, merge: 'fields', fields: mergeFields(attached) };
    });
}

/** The Atomic Defaults winner of policies without stanzas (see `PolicyKindStack.effective`). */
function effectiveOf(ordered: readonly Candidate[]): Pick<PolicyKindStack, 'effective'> {
  const winner = ordered[ordered.length - 1];
  if (winner === undefined) return {};
  const oldest = ordered.find((candidate) => candidate.entry.level === winner.entry.level);
  return {
    effective: {
      from: winner.policy.key,
      overridden: ordered
        .filter((candidate) => candidate !== winner)
        .map((candidate) => candidate.policy.key),
      basis: 'implementation',
      ...(oldest !== undefined && oldest !== winner ? { alternative: oldest.policy.key } : {}),
    },
  };
}

/** Field by field (P33): the first override, else the last default (see the module's header). */
function mergeFields(ordered: readonly Candidate[]): readonly MergedPolicyField[] {
  const names = new Set<string>();
  for (const { policy } of ordered) {
    for (const field of Object.keys(policy.defaults ?? {})) names.add(field);
    for (const field of Object.keys(policy.overrides ?? {})) names.add(field);
  }
  const fields: MergedPolicyField[] = [];
  for (const field of [...names].sort()) {
    const override = ordered.find(
      ({ policy }) => policy.overrides !== undefined && field in policy.overrides,
    );
    if (override) {
      fields.push({
        field,
        value: override.policy.overrides?.[field],
        from: override.policy.key,
        stanza: 'overrides',
        basis: 'spec',
      });
      continue;
    }
    const setting = ordered.filter(({ policy }) => policy.defaults !== undefined && field in policy.defaults);
    const winner = setting[setting.length - 1];
    if (!winner) continue;
    // The oldest default at the winner's level: the winner by the pre-2025 rule (P30, P34).
    const oldest = setting.find((candidate) => candidate.entry.level === winner.entry.level);
    const disputed = oldest !== undefined && oldest !== winner;
    fields.push({
      field,
      value: winner.policy.defaults?.[field],
      from: winner.policy.key,
      stanza: 'defaults',
      basis: disputed ? 'implementation' : 'spec',
      ...(disputed
        ? { alternative: { from: oldest.policy.key, value: oldest.policy.defaults?.[field] } }
        : {}),
    });
  }
  return fields;
}

/** Stacks per section that a candidate names: the wide candidates with that section's own on top. */
function sectionStacks(
  wide: readonly Candidate[],
  own: readonly Candidate[],
): readonly { readonly name: string; readonly kinds: readonly PolicyKindStack[] }[] {
  const names = new Set<string>();
  for (const candidate of own)
    if (candidate.entry.sectionName !== undefined) names.add(candidate.entry.sectionName);
  return [...names].sort().map((name) => ({
    name,
    kinds: stackOf([...wide, ...own.filter((candidate) => candidate.entry.sectionName === name)]),
  }));
}

function appliesTo(candidate: Candidate, section: string): boolean {
  return candidate.entry.sectionName === undefined || candidate.entry.sectionName === section;
}

/** Every targetRef of a policy that names this object, as an entry at the object's or the section's level. */
function candidatesOn(
  source: PolicyStackSource,
  target: ObjectKey,
  whole: PolicyTargetLevel,
  section: PolicyTargetLevel,
): readonly Candidate[] {
  const out: Candidate[] = [];
  for (const policy of source.policiesTargeting(target)) {
    const analysis = source.genericPolicy(policy.key);
    const namespace = policy.metadata.namespace ?? 'default';
    for (const ref of policy.targetRefs) {
      if (resolvePolicyTargetRef(namespace, ref).key !== target) continue;
      const state = analysis?.targets.find((item) => item.field === ref.field)?.state ?? 'attached';
      out.push({
        policy,
        entry: {
          policy: policy.key,
          kind: `${policy.kind.group}/${policy.kind.kind}`,
          level: ref.sectionName === undefined ? whole : section,
          target,
          ...(ref.sectionName === undefined ? {} : { sectionName: ref.sectionName }),
          state,
          stanzas:
            policy.defaults && policy.overrides
              ? 'both'
              : policy.defaults
                ? 'defaults'
                : policy.overrides
                  ? 'overrides'
                  : 'none',
        },
      });
    }
  }
  return out;
}

/**
 * The BackendTLSPolicies on a Service as entries, their attachment as their own analysis judged
 * it (`backend-tls-attachment.ts`): the kind's conflict rule is the spec's for BackendTLSPolicy.
 */
function backendTlsCandidates(source: PolicyStackSource, service: ObjectKey): readonly Candidate[] {
  const out: Candidate[] = [];
  for (const { key, policy } of source.backendTlsPoliciesOn(service)) {
    const analysis = source.policy(key);
    if (analysis === undefined) continue;
    const candidate = { key, metadata: policy.metadata, kind: { class: 'Direct' as const } };
    for (const target of backendTlsTargets(analysis)) {
      if (target.target !== service) continue;
      out.push({
        policy: { ...candidate, defaults: undefined, overrides: undefined },
        entry: {
          policy: key,
          kind: BACKEND_TLS_KIND,
          level: target.level,
          target: service,
          ...(target.sectionName === undefined ? {} : { sectionName: target.sectionName }),
          state: target.state,
          stanzas: 'none',
        },
      });
    }
  }
  return out;
}
