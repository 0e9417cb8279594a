/**
 * Attaches a policy of a discovered kind to its targets by GEP-713's generic rules, and predicts
 * its status where those rules decide it. Each targetRef is resolved through the core's resolver
 * (group, kind and name in the policy's namespace, P9; a `namespace` where the kind has one, P12);
 * its `sectionName` names a listener of a Gateway or ListenerSet, a rule of a Route or a port of a
 * Service (P10). A policy then is, per target:
 * - `target-not-found`: nothing of that key exists (Accepted=False/TargetNotFound, P20);
 * - `section-not-found`: the section does not exist (P11: "must fail to attach"; the reason is
 *   the implementation's, TargetNotFound as Envoy Gateway and Istio write it);
 * - `conflicted`: an older policy of its kind targets the same object and section under the
 *   "None" strategy (P28, P29; a section and the whole object do not conflict, P35);
 * - `unresolvable`: a kind gatemap does not read and no such object is known (virtual kinds, P16);
 * - `attached` otherwise.
 * Ancestors (P22, P23) are the Gateways the targets lead to: the Gateway itself, a Route's
 * accepted parents' Gateways, the Gateways whose Routes use a Service; a ListenerSet is its own
 * ancestor. Which ancestors a controller writes is its own choice: they are a prediction with
 * basis `implementation`. A missing target gives no ancestor (P24); more than 16 ancestors is
 * warned of (P19). A target in another namespace (`namespace`, P12) is attached with basis
 * `implementation`: the handshake it needs (a ReferenceGrant or the kind's own, P13) is the kind's.
 */
import type { AnalysisContext } from './analysis-context.ts';
import { backendOfTally } from './analyze-route.ts';
import { condition, type PredictedCondition } from './conditions.ts';
import { finding, type Finding } from './findings.ts';
import type { GenericPolicy } from './generic-policy.ts';
import { findKind } from './kinds.ts';
import { mentionObject, objectLabel, type Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import { compareByAge } from './precedence.ts';
import { resolvePolicyTargetRef, type ResolvedRef } from './resolve-refs.ts';

/** Where in the hierarchy a target sits (P26), the section levels their own (P35). */
export type PolicyTargetLevel =
  | 'gateway'
  | 'listener'
  | 'listenerset'
  | 'listenerset-listener'
  | 'route'
  | 'rule'
  | 'service'
  | 'service-port'
  | 'other';

export type PolicyTargetState =
  'attached' | 'target-not-found' | 'section-not-found' | 'conflicted' | 'unresolvable';

export interface PolicyTargetAnalysis {
  /** The field the reference was read from, e.g. `spec.targetRefs[0]`. */
  readonly field: string;
  readonly target: ResolvedRef;
  readonly sectionName?: string;
  readonly level: PolicyTargetLevel;
  readonly state: PolicyTargetState;
  /** The older policy that holds the target, when `conflicted`. */
  readonly conflictWith?: ObjectKey;
  /** How sure `state` is: `implementation` where the rules leave the verdict to the controller. */
  readonly basis: 'spec' | 'implementation';
}

export interface PolicyAncestorPrediction {
  /** A Gateway, or a ListenerSet targeted itself. */
  readonly ancestor: ObjectKey;
  readonly sectionName?: string;
  /** The controller of the ancestor's class, which writes the entry; undefined when none is known. */
  readonly controllerName: string | undefined;
  readonly conditions: readonly PredictedCondition[];
}

export interface GenericPolicyAnalysis {
  readonly key: ObjectKey;
  /** The policy's kind as `group/Kind`. */
  readonly kind: string;
  readonly generation: number | undefined;
  readonly targets: readonly PolicyTargetAnalysis[];
  /** Whether at least one target is attached. */
  readonly attached: boolean;
  /** The policy's Accepted condition over all its targets (what a flat status shows). */
  readonly conditions: readonly PredictedCondition[];
  /** Per ancestor (basis `implementation` for the choice of ancestors, P23). */
  readonly ancestors: readonly PolicyAncestorPrediction[];
  readonly findings: readonly Finding[];
}

/** What the attachment reads: objects, the policies that target an object, Routes' analyses. */
export type AttachmentContext = Pick<
  AnalysisContext,
  'get' | 'exists' | 'tally' | 'policiesTargeting' | 'routeResult' | 'gatewayResult' | 'listenerSetResult'
>;

/** `PolicyStatus.ancestors` MaxItems (P18); past it, P19's MUST applies. */
const MAX_ANCESTORS = 16;

const ROUTE_KINDS: ReadonlySet<string> = new Set([
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
]);

export function analyzeGenericPolicy(ctx: AttachmentContext, policy: GenericPolicy): GenericPolicyAnalysis {
  const findings: Finding[] = [];
  const namespace = policy.metadata.namespace ?? 'default';
  const generation = policy.metadata.generation;
  const self = mentionObject(policy.key);
  if (policy.malformed.length > 0)
    findings.push(
      finding('admission-rejected', {
        subject: policy.key,
        field: policy.malformed[0],
        message: `${self.text}: ${policy.malformed.join(', ')} ${policy.malformed.length === 1 ? 'is not a target reference' : 'are not target references'} (group, kind, name); left out.`,
      }),
    );
  const targets = policy.targetRefs.map((ref): PolicyTargetAnalysis => {
    const target = resolvePolicyTargetRef(namespace, ref);
    const section = ref.sectionName;
    const level = policyTargetLevel(target.kind, section !== undefined);
    const base = {
      field: ref.field,
      target,
      ...(section === undefined ? {} : { sectionName: section }),
      level,
    };
    const label = objectLabel(target.key);
    const mention: Mention = { key: target.key, text: label };
    if (!ctx.exists(target.key)) {
      // Only kinds gatemap reads can be found missing; others may exist unseen (P16).
      if (findKind(target.group, target.kind) === undefined) {
        findings.push(
          finding('policy-attachment-unresolvable', {
            subject: policy.key,
            field: ref.field,
            message: `${self.text} targets ${label}, of a kind gatemap does not read; whether it exists is not checked.`,
            mentions: [mention],
          }),
        );
        return { ...base, state: 'unresolvable', basis: 'implementation' };
      }
      findings.push(
        finding('policy-attachment-target-missing', {
          subject: policy.key,
          related: [target.key],
          field: ref.field,
          message: `${self.text} targets ${label}, which does not exist.`,
          mentions: [mention],
        }),
      );
      return { ...base, state: 'target-not-found', basis: 'spec' };
    }
    if (section !== undefined) {
      const sections = sectionsOf(ctx, target);
      if (sections !== undefined && !sections.includes(section)) {
        findings.push(
          finding('policy-attachment-section-missing', {
            subject: policy.key,
            related: [target.key],
            field: `${ref.field}.sectionName`,
            message: `${self.text} targets ${sectionNoun(level)} "${section}" of ${label}, which has none of that name.`,
            mentions: [mention],
          }),
        );
        return { ...base, state: 'section-not-found', basis: 'implementation' };
      }
    }
    const holder = olderHolder(ctx, policy, target.key, section);
    if (holder !== undefined && policy.kind.class !== 'Inherited') {
      const other = mentionObject(holder);
      findings.push(
        finding('policy-attachment-conflicted', {
          subject: policy.key,
          related: [target.key],
          field: ref.field,
          message: `${self.text} is not applied to ${section === undefined ? '' : `${sectionNoun(level)} "${section}" of `}${label}: ${other.text} is older and targets the same ${section === undefined ? 'object' : 'section'}.`,
          mentions: [mention, other],
        }),
      );
      // P29: the None strategy is the Direct kinds'; for a kind of unknown class it is what
      // implementations do (P36), where GEP-713 would merge defaults (P30).
      return {
        ...base,
        state: 'conflicted',
        conflictWith: holder,
        basis: policy.kind.class === 'Direct' ? 'spec' : 'implementation',
      };
    }
    // A target in another namespace (P12, P13) needs a handshake the spec leaves to the kind.
    return { ...base, state: 'attached', basis: target.crossNamespace ? 'implementation' : 'spec' };
  });

  const conditions = [acceptedCondition(targets, generation)];
  const ancestors = new Map<
    string,
    { ancestor: ObjectKey; sectionName?: string; targets: PolicyTargetAnalysis[] }
  >();
  for (const target of targets) {
    for (const ancestor of ancestorsOf(ctx, target)) {
      const id = `${ancestor.ancestor}#${ancestor.sectionName ?? ''}`;
      let entry = ancestors.get(id);
      if (!entry) ancestors.set(id, (entry = { ...ancestor, targets: [] }));
      entry.targets.push(target);
    }
  }
  if (ancestors.size > MAX_ANCESTORS)
    findings.push(
      finding('policy-ancestors-over-limit', {
        subject: policy.key,
        field: 'status.ancestors',
        message: `${self.text} applies through ${ancestors.size} ancestors; status.ancestors holds at most ${MAX_ANCESTORS}, and a controller must then consider the policy unimplementable (implementations differ: some truncate, some reject).`,
      }),
    );
  return {
    key: policy.key,
    kind: `${policy.kind.group}/${policy.kind.kind}`,
    generation,
    targets,
    attached: targets.some((target) => target.state === 'attached'),
    conditions,
    ancestors: [...ancestors.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => ({
        ancestor: entry.ancestor,
        ...(entry.sectionName === undefined ? {} : { sectionName: entry.sectionName }),
        controllerName: (ctx.gatewayResult(entry.ancestor) ?? ctx.listenerSetResult(entry.ancestor))
          ?.controllerName,
        conditions: [acceptedCondition(entry.targets, generation)],
      })),
    findings,
  };
}

/**
 * The policy-level Accepted condition over some targets: True when one is attached and none is
 * rejected; else the first rejection's reason (P20), the others' as alternatives. True is
 * basis `implementation`: the generic rules find nothing against the policy, but its kind's
 * own validation is the implementation's.
 */
function acceptedCondition(
  targets: readonly PolicyTargetAnalysis[],
  generation: number | undefined,
): PredictedCondition {
  const rejected = targets.filter((target) => target.state !== 'attached' && target.state !== 'unresolvable');
  if (rejected.length === 0) {
    return targets.some((target) => target.state === 'attached')
      ? condition('Accepted', 'True', 'Accepted', 'Policy is accepted.', generation, {
          basis: 'implementation',
        })
      : condition(
          'Accepted',
          'Unknown',
          'NoTargets',
          'The policy names no target gatemap can resolve (only selectors or kinds it does not read).',
          generation,
          { basis: 'implementation' },
        );
  }
  const reasons = rejected.map((target) => (target.state === 'conflicted' ? 'Conflicted' : 'TargetNotFound'));
  const reason = reasons[0] ?? 'TargetNotFound';
  const alternatives = [...new Set(reasons)].filter((other) => other !== reason);
  const mentions: Mention[] = [];
  const messages = rejected.map((target) => {
    const label = objectLabel(target.target.key);
    mentions.push({ key: target.target.key, text: label });
    const section =
      target.sectionName === undefined ? '' : `${sectionNoun(target.level)} "${target.sectionName}" of `;
    switch (target.state) {
      case 'conflicted': {
        const other = mentionObject(target.conflictWith as ObjectKey);
        mentions.push(other);
        return `${section}${label} is held by the older ${other.text}.`;
      }
      case 'section-not-found':
        return `${section}${label} does not exist.`;
      default:
        return `${label} does not exist.`;
    }
  });
  const basis =
    rejected.every((target) => target.basis === 'spec') && alternatives.length === 0
      ? 'spec'
      : 'implementation';
  return condition('Accepted', 'False', reason, messages.join(' '), generation, {
    basis,
    alternatives,
    mentions,
  });
}

/** The level a target of this kind is at, whole or by a section (P26). */
export function policyTargetLevel(kind: string, section: boolean): PolicyTargetLevel {
  if (kind === 'Gateway') return section ? 'listener' : 'gateway';
  if (kind === 'ListenerSet' || kind === 'XListenerSet')
    return section ? 'listenerset-listener' : 'listenerset';
  if (ROUTE_KINDS.has(kind)) return section ? 'rule' : 'route';
  if (kind === 'Service' || kind === 'ServiceImport') return section ? 'service-port' : 'service';
  return 'other';
}

function sectionNoun(level: PolicyTargetLevel): string {
  switch (level) {
    case 'listener':
    case 'listenerset-listener':
      return 'listener';
    case 'rule':
      return 'rule';
    case 'service-port':
      return 'port';
    default:
      return 'section';
  }
}

/** The names of a target's sections (P10), or undefined where gatemap does not know them. */
function sectionsOf(ctx: AttachmentContext, target: ResolvedRef): readonly string[] | undefined {
  const decoded = ctx.get(target.key);
  if (decoded === undefined) return undefined;
  switch (decoded.role) {
    case 'gateway':
    case 'listenerset':
      return (decoded.object.spec.listeners ?? []).map((listener) => listener.name);
    case 'route':
      return (decoded.object.spec.rules ?? []).flatMap((rule) =>
        rule.name === undefined ? [] : [rule.name],
      );
    case 'backend':
      return (decoded.object.spec?.ports ?? []).flatMap((port) =>
        port.name === undefined ? [] : [port.name],
      );
    default:
      return undefined;
  }
}

/**
 * The oldest other policy of the same kind on the same target and section, when it is older than
 * this one (P28: creation time, then `{namespace}/{name}`); undefined when this one is the oldest.
 */
function olderHolder(
  ctx: AttachmentContext,
  policy: GenericPolicy,
  target: ObjectKey,
  section: string | undefined,
): ObjectKey | undefined {
  let oldest: GenericPolicy | undefined;
  for (const other of ctx.policiesTargeting(target)) {
    if (
      other.key === policy.key ||
      other.kind.group !== policy.kind.group ||
      other.kind.kind !== policy.kind.kind
    )
      continue;
    const namespace = other.metadata.namespace ?? 'default';
    const same = other.targetRefs.some(
      (ref) => resolvePolicyTargetRef(namespace, ref).key === target && ref.sectionName === section,
    );
    if (!same || compareByAge(other.metadata, policy.metadata) >= 0) continue;
    if (oldest === undefined || compareByAge(other.metadata, oldest.metadata) < 0) oldest = other;
  }
  return oldest?.key;
}

function ancestorsOf(
  ctx: AttachmentContext,
  target: PolicyTargetAnalysis,
): readonly { readonly ancestor: ObjectKey; readonly sectionName?: string }[] {
  if (target.state === 'target-not-found' || target.state === 'unresolvable') return [];
  const key = target.target.key;
  switch (target.level) {
    case 'gateway':
    case 'listenerset':
      return [{ ancestor: key }];
    case 'listener':
    case 'listenerset-listener':
      // A listener that does not exist is no ancestor: its Gateway is.
      return [
        {
          ancestor: key,
          ...(target.sectionName === undefined || target.state === 'section-not-found'
            ? {}
            : { sectionName: target.sectionName }),
        },
      ];
    case 'route':
    case 'rule': {
      const route = ctx.routeResult(key);
      const out: { ancestor: ObjectKey; sectionName?: string }[] = [];
      for (const parent of route?.parents ?? []) {
        if (!parent.accepted || parent.gateway === undefined) continue;
        const section = parent.parent.sectionName;
        out.push({ ancestor: parent.gateway, ...(section === undefined ? {} : { sectionName: section }) });
      }
      return out;
    }
    case 'service':
    case 'service-port':
      return [...ctx.tally(backendOfTally(key))]
        .sort()
        .map((gateway) => ({ ancestor: gateway as ObjectKey }));
    default:
      return [];
  }
}
