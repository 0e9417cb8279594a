/**
 * Predicts a Route's status: per parentRef, `Accepted` and `ResolvedRefs`, and which listeners it
 * attaches to. The order of checks follows what the conformance suite asserts: listener
 * selection by sectionName/port (NoMatchingParent), then kind and namespace (NotAllowedByListeners),
 * then rules and references, then hostnames (NoMatchingListenerHostname). With several faults at
 * once the spec leaves the reported reason to the implementation; such conditions are marked.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 */
import type { AnalysisContext } from './analysis-context.ts';
import { listenerAllowsNamespace, type ListenerAnalysis } from './analyze-listeners.ts';
import { condition, findCondition, type PredictedCondition } from './conditions.ts';
import type { Service } from './core-v1.ts';
import type { DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import {
  CORE_GROUP,
  GATEWAY_GROUP,
  MULTICLUSTER_GROUP,
  type BackendRef,
  type HTTPRouteFilter,
  type ParentReference,
  type Route,
  type RouteKind,
  type RouteRule,
} from './gateway-api.ts';
import { intersectHostname, isValidHostname, routeHostnamesOnListener } from './hostnames.ts';
import { compareByAge } from './precedence.ts';
import { formatLabelSelector } from './label-selector.ts';
import { mentionObject, type Mention } from './mention.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import {
  checkReferencePermitted,
  explainMissingGrant,
  referenceGrantYaml,
  type Permission,
} from './reference-grants.ts';
import {
  resolveBackendRef,
  resolveParentRef,
  type ResolvedBackendRef,
  type ResolvedParentRef,
} from './resolve-refs.ts';

export interface RouteParentAnalysis {
  readonly index: number;
  /** The parentRef exactly as written (status echoes it). */
  readonly parentRef: ParentReference;
  readonly parent: ResolvedParentRef;
  /**
   * Whether a controller writes a status entry for this parent. No entry is written for a parent
   * that does not exist or that no controller owns.
   */
  readonly written: boolean;
  /** Why no entry is written, when none is. */
  readonly unwrittenBecause?: string;
  readonly controllerName?: string;
  readonly conditions: readonly PredictedCondition[];
  readonly accepted: boolean;
  /** The Gateway behind the parent (the parent itself, or a ListenerSet's Gateway). */
  readonly gateway?: ObjectKey;
  /** Listener names of the parent this parentRef attaches to; each counts in attachedRoutes. */
  readonly listeners: readonly string[];
  /** Hostnames the Route serves through this parent. */
  readonly hostnames: readonly string[];
  /**
   * Listeners this parentRef attaches to as well where the implementation serves a kind the
   * spec leaves to it (TCPRoute on a TLS Terminate listener); not counted in attachedRoutes.
   */
  readonly optionalListeners: readonly string[];
}

export interface BackendAnalysis {
  /** Field path, e.g. `spec.rules[0].backendRefs[1]` or `spec.rules[0].filters[0].requestMirror.backendRef`. */
  readonly field: string;
  readonly rule: number;
  readonly role: 'backend' | 'mirror';
  readonly ref: ResolvedBackendRef;
  /** Share of the rule's traffic in percent (weights), for `backend` refs. */
  readonly share?: number;
  readonly resolved: boolean;
  readonly reason?: string;
  readonly message?: string;
  readonly grant?: ObjectKey;
}

export interface RouteAnalysis {
  readonly key: ObjectKey;
  readonly kind: RouteKind;
  readonly generation: number | undefined;
  readonly parents: readonly RouteParentAnalysis[];
  readonly backends: readonly BackendAnalysis[];
  readonly findings: readonly Finding[];
  readonly grantUses: ReadonlySet<ObjectKey>;
}

/** A tally a Route counts in: `attached:<parent>#<listener>`, `backend-of:<service>`, `claims:…`. */
export interface RouteTally {
  readonly tally: string;
  readonly item: string;
}

const HOSTNAME_KINDS: ReadonlySet<RouteKind> = new Set<RouteKind>(['HTTPRoute', 'GRPCRoute', 'TLSRoute']);
const HTTP_PATH_TYPES: ReadonlySet<string> = new Set(['Exact', 'PathPrefix', 'RegularExpression']);
const MATCH_TYPES: ReadonlySet<string> = new Set(['Exact', 'RegularExpression']);
const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);
const FILTER_TYPES: Partial<Record<RouteKind, ReadonlySet<string>>> = {
  HTTPRoute: new Set([
    'RequestHeaderModifier',
    'ResponseHeaderModifier',
    'RequestRedirect',
    'URLRewrite',
    'RequestMirror',
    'ExtensionRef',
    'CORS',
    'ExternalAuth',
  ]),
  GRPCRoute: new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef']),
};

const NO_GRANTS: ReadonlySet<ObjectKey> = new Set();
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function sameNames(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

export function backendOfTally(service: ObjectKey): string {
  return `backend-of:${service}`;
}

/** Analyzes a Route; the tallies it counts in are appended to `tallies`. */
export function analyzeRoute(
  ctx: AnalysisContext,
  decoded: DecodedObject,
  tallies: RouteTally[] = [],
): RouteAnalysis {
  const route = decoded.object as unknown as Route;
  const kind = route.kind;
  const namespace = route.metadata.namespace ?? 'default';
  const generation = route.metadata.generation;
  const label = `${kind} ${namespace}/${route.metadata.name}`;
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const rules = route.spec.rules ?? [];
  const hostnames = HOSTNAME_KINDS.has(kind) ? (route.spec.hostnames ?? []) : [];

  for (let index = 0; index < hostnames.length; index++) {
    const hostname = hostnames[index]!;
    if (!isValidHostname(hostname)) {
      findings.push(
        finding('admission-rejected', {
          subject: decoded.key,
          field: `spec.hostnames[${index}]`,
          message: `hostname "${hostname}" is not a valid hostname (lower-case DNS name, optionally starting with "*."). The API server rejects this ${kind}.`,
        }),
      );
    }
  }
  checkParentRefUniqueness(route, decoded.key, findings);
  checkRuleLimits(route, decoded.key, findings);

  // Rules: which are invalid (and dropped), and every backend reference.
  let invalidRules: Map<number, string> | undefined;
  for (let index = 0; index < rules.length; index++) {
    const problem = ruleProblem(kind, rules[index]!);
    if (problem) {
      (invalidRules ??= new Map()).set(index, problem);
      findings.push(
        finding('route-rule-invalid', {
          subject: decoded.key,
          field: `spec.rules[${index}]`,
          message: `${label}: rule ${index} is dropped: ${problem}.`,
        }),
      );
    }
  }
  const backends = analyzeBackends(ctx, decoded.key, route, namespace, rules, findings);
  const extensionFailures = checkExtensionRefs(ctx, decoded.key, label, namespace, rules, findings);
  let resolvedRefs = ctx.shared.allResolved(generation);
  if (extensionFailures.length > 0 || !allResolvedBackends(backends)) {
    const failures: { reason?: string; message?: string }[] = [
      ...backends.filter((backend) => !backend.resolved),
      ...extensionFailures,
    ];
    // GEP-1364 says InvalidKind for an unresolvable ExtensionRef; some implementations write UnsupportedValue.
    const reasons = [
      ...new Set([
        ...failures.map((backend) => backend.reason ?? 'BackendNotFound'),
        ...(extensionFailures.length > 0 ? ['UnsupportedValue'] : []),
      ]),
    ];
    resolvedRefs = condition(
      'ResolvedRefs',
      'False',
      reasons[0] ?? 'BackendNotFound',
      failures.map((backend) => backend.message).join(' '),
      generation,
      {
        basis: reasons.length > 1 ? 'implementation' : 'spec',
        alternatives: reasons.slice(1),
      },
    );
  }

  const scope: RouteScope = {
    decoded,
    route,
    kind,
    namespace,
    label,
    generation,
    hostnames,
    rules,
    invalidRules: invalidRules ?? NO_INVALID_RULES,
    resolvedRefs,
    findings,
    tallies,
  };
  const parentRefs = route.spec.parentRefs ?? [];
  const parents: RouteParentAnalysis[] = new Array<RouteParentAnalysis>(parentRefs.length);
  for (let index = 0; index < parentRefs.length; index++)
    parents[index] = analyzeParent(ctx, scope, parentRefs[index]!, index);

  // Tallies: listener attachment (counted once per listener however many parentRefs select it),
  // and which Gateways reach each backend (BackendTLSPolicy ancestors).
  const attachedFrom = tallies.length;
  let gateways: ObjectKey[] | undefined;
  let anyAccepted = false;
  for (let index = 0; index < parents.length; index++) {
    const parent = parents[index]!;
    if (!parent.accepted) continue;
    anyAccepted = true;
    if (parent.gateway !== undefined) {
      if (gateways === undefined) gateways = [parent.gateway];
      else if (!gateways.includes(parent.gateway)) gateways.push(parent.gateway);
    }
    const listeners = parent.listeners;
    for (let at = 0; at < listeners.length; at++) {
      const tally = ctx.shared.attachedTally(parent.parent.key, listeners[at]!);
      if (!hasTally(tallies, attachedFrom, tally)) tallies.push({ tally, item: decoded.key });
    }
  }
  // Only Services that a BackendTLSPolicy targets need to know their Gateways (its ancestors).
  let services: ObjectKey[] | undefined;
  for (let index = 0; index < backends.length; index++) {
    const backend = backends[index]!;
    if (
      backend.resolved &&
      ctx.policiesFor(backend.ref.key).length > 0 &&
      !services?.includes(backend.ref.key)
    )
      (services ??= []).push(backend.ref.key);
  }
  if (services && gateways)
    for (const service of services)
      for (const gateway of gateways) tallies.push({ tally: backendOfTally(service), item: gateway });

  // Hostnames that no attached listener serves.
  if (hostnames.length > 0 && anyAccepted) {
    const unserved = hostnames.filter((hostname) => !servedBy(parents, hostname));
    if (unserved.length > 0) {
      findings.push(
        finding('route-hostname-unserved', {
          subject: decoded.key,
          field: 'spec.hostnames',
          message: `${label}: hostname${unserved.length > 1 ? 's' : ''} ${unserved.join(', ')} ${unserved.length > 1 ? 'are' : 'is'} not served by any listener it attaches to; requests for ${unserved.length > 1 ? 'them' : 'it'} will not reach this Route.`,
        }),
      );
    }
  }
  let grantUses: Set<ObjectKey> | undefined;
  for (let index = 0; index < backends.length; index++) {
    const grant = backends[index]!.grant;
    if (grant) (grantUses ??= new Set()).add(grant);
  }
  return {
    key: decoded.key,
    kind,
    generation,
    parents,
    backends,
    findings: findings.length === 0 ? NO_FINDINGS : findings,
    grantUses: grantUses ?? NO_GRANTS,
  };
}

const NO_INVALID_RULES: ReadonlyMap<number, string> = new Map();

function allResolvedBackends(backends: readonly BackendAnalysis[]): boolean {
  for (let index = 0; index < backends.length; index++) if (!backends[index]!.resolved) return false;
  return true;
}

function hasTally(tallies: readonly RouteTally[], from: number, tally: string): boolean {
  for (let index = from; index < tallies.length; index++) if (tallies[index]!.tally === tally) return true;
  return false;
}

/** Whether an accepted parent serves a hostname of the Route (itself, or one within it). */
function servedBy(parents: readonly RouteParentAnalysis[], hostname: string): boolean {
  for (let index = 0; index < parents.length; index++) {
    const parent = parents[index]!;
    if (!parent.accepted) continue;
    const served = parent.hostnames;
    for (let at = 0; at < served.length; at++) {
      const shared = served[at]!;
      if (
        shared === hostname ||
        shared === '*' ||
        (hostname.startsWith('*.') && shared.endsWith(hostname.slice(1)))
      )
        return true;
    }
  }
  return false;
}

interface RouteScope {
  readonly decoded: DecodedObject;
  readonly route: Route;
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly label: string;
  readonly generation: number | undefined;
  readonly hostnames: readonly string[];
  readonly rules: readonly RouteRule[];
  readonly invalidRules: ReadonlyMap<number, string>;
  readonly resolvedRefs: PredictedCondition;
  readonly findings: Finding[];
  /** Tallies contributed while judging parents (hostname claims). */
  readonly tallies: RouteTally[];
}

function analyzeParent(
  ctx: AnalysisContext,
  scope: RouteScope,
  parentRef: ParentReference,
  index: number,
): RouteParentAnalysis {
  const { decoded, kind, namespace, label, generation, findings } = scope;
  const parent = ctx.shared.parentRef(namespace, parentRef);
  const field = ctx.shared.parentField(index);
  const base: ParentBase = { index, parentRef, parent };

  let listeners: readonly ListenerAnalysis[];
  let controllerName: string | undefined;
  let gateway: ObjectKey | undefined;
  if (parent.group === GATEWAY_GROUP && parent.kind === 'Gateway') {
    const result = ctx.gatewayResult(parent.key);
    if (!result) {
      findings.push(
        finding('parent-not-found', {
          subject: decoded.key,
          related: [parent.key],
          field,
          message: `${label}: parentRefs[${index}] refers to Gateway ${parent.namespace}/${parent.name}, which does not exist. No controller will report on it; check the name and namespace (a parentRef without namespace means the Route's namespace, ${namespace}).`,
        }),
      );
      return unwrittenParent(base, 'the parent Gateway does not exist');
    }
    if (!result.owned) {
      findings.push(
        finding('parent-not-processed', {
          subject: decoded.key,
          related: [parent.key],
          field,
          message: `${label}: Gateway ${parent.namespace}/${parent.name} uses GatewayClass "${result.className}", which does not exist, so no controller processes this attachment.`,
        }),
      );
      return unwrittenParent(base, 'no controller owns the parent Gateway');
    }
    listeners = result.listeners;
    controllerName = result.controllerName;
    gateway = parent.key;
  } else if (
    (parent.group === GATEWAY_GROUP && parent.kind === 'ListenerSet') ||
    parent.kind === 'XListenerSet'
  ) {
    const result = ctx.listenerSetResult(parent.key);
    if (!result) {
      findings.push(
        finding('parent-not-found', {
          subject: decoded.key,
          related: [parent.key],
          field,
          message: `${label}: parentRefs[${index}] refers to ${parentLabelOf(parent)}, which does not exist.`,
        }),
      );
      return unwrittenParent(base, 'the parent ListenerSet does not exist');
    }
    if (!result.owned) {
      findings.push(
        finding('parent-not-processed', {
          subject: decoded.key,
          related: [parent.key, result.parent],
          field,
          message: `${label}: ${parentLabelOf(parent)} has no Gateway that a controller owns, so no controller processes this attachment.`,
        }),
      );
      return unwrittenParent(base, 'no controller owns the parent ListenerSet');
    }
    controllerName = result.controllerName;
    gateway = result.parent;
    if (!result.accepted) {
      const message = `${parentLabelOf(parent)} is not accepted by its Gateway, so none of its listeners admit Routes.`;
      findings.push(
        finding('route-not-accepted', {
          subject: decoded.key,
          related: [parent.key],
          field,
          discriminator: `${field}`,
          message: `${label}: ${message}`,
        }),
      );
      return parentAnalysis(
        base,
        true,
        undefined,
        controllerName,
        [
          condition('Accepted', 'False', 'NotAllowedByListeners', message, generation, {
            basis: 'implementation',
          }),
          scope.resolvedRefs,
        ],
        false,
        gateway,
        NONE,
        NONE,
        NONE,
      );
    }
    listeners = result.listeners;
  } else if (parent.group === CORE_GROUP && parent.kind === 'Service') {
    return analyzeMeshParent(ctx, scope, base, field);
  } else {
    findings.push(
      finding('unsupported-parent-kind', {
        subject: decoded.key,
        related: [parent.key],
        field,
        message: `${label}: parentRefs[${index}] refers to ${parent.kind} (group "${parent.group}"); gatemap analyzes Gateway, ListenerSet and Service (mesh) parents only.`,
      }),
    );
    return unwrittenParent(base, `parent kind ${parent.kind}.${parent.group || 'core'} is not analyzed`);
  }

  // What a verdict on this parent needs; made once (closures would hold as much, and more).
  const where: ParentWhere = { scope, base, field, controllerName, gateway };

  // 1. Listener selection by sectionName and port.
  const candidates =
    parent.sectionName === undefined && parent.port === undefined
      ? listeners
      : selectListeners(listeners, parent.sectionName, parent.port);
  if (candidates.length === 0) {
    const names =
      listeners.map((listener) => `${listener.name} (${listener.protocol}:${listener.port})`).join(', ') ||
      'none';
    const what =
      parent.sectionName !== undefined && parent.port !== undefined
        ? `no listener named "${parent.sectionName}" on port ${parent.port}`
        : parent.sectionName !== undefined
          ? `no listener named "${parent.sectionName}"`
          : `no listener on port ${parent.port ?? ''}`;
    return rejectParent(
      where,
      'NoMatchingParent',
      `${parentLabelOf(parent)} has ${what}.`,
      `Its listeners are: ${names}.`,
    );
  }

  // 2. Kind and namespace.
  const allowed = allowedListeners(ctx, candidates, kind, namespace);
  if (allowed.length === 0) {
    const why = candidates
      .map((listener) => `listener "${listener.name}" ${whyNotAllowed(ctx, listener, kind, namespace)}`)
      .join('; ');
    // Listeners that serve this kind only where the implementation chooses to.
    const optional = candidates.filter(
      (listener) =>
        listener.optionalKinds.some((entry) => entry.kind === kind) &&
        listenerAllowsNamespace(ctx, listener.allowed, namespace),
    );
    const later = laterFaults(scope, optional.length > 0 ? optional : candidates);
    return rejectParent(
      where,
      'NotAllowedByListeners',
      [
        `No selected listener allows this ${kind} from namespace ${namespace}: ${why}.`,
        ...later.messages,
      ].join(' '),
      fixNotAllowed(candidates, kind),
      {
        alternatives: [
          ...(optional.length > 0 && later.reasons.length === 0 ? ['Accepted'] : []),
          ...later.reasons,
        ],
        optionalListeners: later.reasons.length === 0 ? optional.map((listener) => listener.name) : NONE,
      },
    );
  }

  // 3. Rules: when every rule is invalid the Route is not accepted.
  if (scope.rules.length > 0 && scope.invalidRules.size === scope.rules.length) {
    const hostnames = hostnameFault(scope, allowed);
    return rejectParent(
      where,
      'UnsupportedValue',
      [
        `Every rule is invalid: ${[...scope.invalidRules.values()].join('; ')}.`,
        ...(hostnames ? [hostnames] : []),
      ].join(' '),
      'Fix the rules listed above.',
      { alternatives: hostnames ? ['NoMatchingListenerHostname'] : NONE },
    );
  }

  // 4. Hostnames.
  let attached: string[] | undefined;
  // The first listener's hostnames as they come (most Routes attach to one listener); a list of
  // their own once a second listener adds to them.
  let served: readonly string[] = NONE;
  for (let index = 0; index < allowed.length; index++) {
    const listener = allowed[index]!;
    const shared = HOSTNAME_KINDS.has(kind)
      ? routeHostnamesOnListener(listener.hostname, scope.hostnames)
      : ANY_HOSTNAME;
    if (shared.length === 0) continue;
    if (attached === undefined) {
      attached = [listener.name];
      served = shared;
      continue;
    }
    attached.push(listener.name);
    for (const hostname of shared) if (!served.includes(hostname)) served = [...served, hostname];
  }
  if (attached === undefined) {
    return rejectParent(
      where,
      'NoMatchingListenerHostname',
      hostnameFault(scope, allowed) ?? '',
      'Add a hostname the listener serves, or change the listener hostname.',
    );
  }

  // 5. An HTTPRoute and a GRPCRoute may not share a hostname on a listener: the older wins.
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
    const lost = claimHostnames(ctx, scope, parent.key, allowed, attached);
    if (lost.length > 0) {
      for (const name of lost.map((entry) => entry.listener)) attached.splice(attached.indexOf(name), 1);
      if (attached.length === 0) {
        const mentions = [...new Map(lost.map((entry) => [entry.winner.key, entry.winner])).values()];
        const winners = mentions.map((mention) => mention.text).join(', ');
        return rejectParent(
          where,
          'NotAllowedByListeners',
          `${winners} (older) already serves these hostnames on the same listener; an HTTPRoute and a GRPCRoute may not share a hostname, and only the older is accepted.`,
          `Use hostnames that ${winners} does not serve.`,
          { basis: 'implementation', mentions },
        );
      }
    }
  }

  // The spec bases attachment on allowedRoutes alone, so a listener that is not accepted still
  // counts the Route; whether the Route is Accepted where nothing is served is the implementation's call.
  const unserved = unservedListeners(allowed, attached);
  if (unserved.length > 0) reportUnserved(where, unserved);
  const accepted =
    unserved.length === attached.length
      ? condition(
          'Accepted',
          'True',
          'Accepted',
          `${ctx.shared.acceptedMessage(attached)} ${attached.length > 1 ? 'These listeners are' : 'The listener is'} not accepted, so nothing is served there.`,
          generation,
          { basis: 'implementation', alternatives: ['NotAllowedByListeners'] },
        )
      : ctx.shared.acceptedCondition(attached, generation);
  const listenerNames = ctx.shared.listenerNames(attached);
  // Most Routes serve exactly their own hostnames: the spec's list is kept rather than a copy.
  // Otherwise `served` is a list of the analysis's own (or the shared ['*']), never the input's.
  const hostnamesServed = sameNames(served, scope.hostnames) ? scope.hostnames : served;
  if (
    scope.invalidRules.size === 0 &&
    scope.resolvedRefs === ctx.shared.allResolved(generation) &&
    accepted.basis === 'spec'
  )
    return writtenParent(
      where,
      ctx.shared.acceptedConditions(accepted, scope.resolvedRefs),
      true,
      listenerNames,
      hostnamesServed,
    );
  const conditions = [accepted, scope.resolvedRefs];
  if (scope.invalidRules.size > 0) {
    conditions.push(
      condition(
        'PartiallyInvalid',
        'True',
        'UnsupportedValue',
        `Dropped Rule(s) ${[...scope.invalidRules.keys()].join(', ')}: ${[...scope.invalidRules.values()].join('; ')}`,
        generation,
      ),
    );
  }
  return writtenParent(where, conditions, true, listenerNames, hostnamesServed);
}

/** A parentRef, its index and its resolution: what every parent analysis names. */
interface ParentBase {
  readonly index: number;
  readonly parentRef: ParentReference;
  readonly parent: ResolvedParentRef;
}

/** A parent a controller processes, as far as its verdict needs. */
interface ParentWhere {
  readonly scope: RouteScope;
  readonly base: ParentBase;
  readonly field: string;
  readonly controllerName: string | undefined;
  readonly gateway: ObjectKey | undefined;
}

/** A listener admits Routes of any hostname kind (TCP, UDP): the Route serves `*` there. */
const ANY_HOSTNAME: readonly string[] = Object.freeze(['*']);

function parentLabelOf(parent: ResolvedParentRef): string {
  return `${parent.kind} ${parent.namespace}/${parent.name}`;
}

function unwrittenParent(base: ParentBase, because: string): RouteParentAnalysis {
  return parentAnalysis(base, false, because, undefined, NONE, false, undefined, NONE, NONE, NONE);
}

function writtenParent(
  where: ParentWhere,
  conditions: readonly PredictedCondition[],
  accepted: boolean,
  attached: readonly string[],
  served: readonly string[],
  optionalListeners: readonly string[] = NONE,
): RouteParentAnalysis {
  return parentAnalysis(
    where.base,
    true,
    undefined,
    where.controllerName,
    conditions,
    accepted,
    where.gateway,
    attached,
    served,
    optionalListeners,
  );
}

/**
 * How sure a rejection is: by default it follows from the spec; with alternatives (other faults
 * the spec orders no differently, or an attachment the implementation may allow) it is the
 * implementation's call.
 */
interface Rejection {
  readonly basis?: PredictedCondition['basis'];
  readonly alternatives?: readonly string[];
  readonly optionalListeners?: readonly string[];
  /** Objects that the message names. */
  readonly mentions?: readonly Mention[];
}

function rejectParent(
  where: ParentWhere,
  reason: string,
  message: string,
  fix: string,
  rejection: Rejection = {},
): RouteParentAnalysis {
  const alternatives = rejection.alternatives ?? NONE;
  const basis = alternatives.length > 0 ? 'implementation' : (rejection.basis ?? 'spec');
  const { scope, base, field } = where;
  scope.findings.push(
    finding('route-not-accepted', {
      subject: scope.decoded.key,
      related: [base.parent.key],
      field,
      message:
        `${scope.label} is not accepted by ${parentLabelOf(base.parent)} (${reason}): ${message} ${fix}`.trim(),
      ...(rejection.mentions ? { mentions: rejection.mentions } : {}),
    }),
  );
  return writtenParent(
    where,
    [
      condition('Accepted', 'False', reason, message, scope.generation, {
        basis,
        alternatives,
        mentions: rejection.mentions,
      }),
      scope.resolvedRefs,
    ],
    false,
    NONE,
    NONE,
    rejection.optionalListeners ?? NONE,
  );
}

/**
 * Faults a Route also has on these listeners that later checks would report (every rule invalid,
 * no hostname in common). The spec orders none of them before an earlier check's reason.
 */
function laterFaults(
  scope: RouteScope,
  listeners: readonly ListenerAnalysis[],
): { readonly reasons: readonly string[]; readonly messages: readonly string[] } {
  const reasons: string[] = [];
  const messages: string[] = [];
  if (scope.rules.length > 0 && scope.invalidRules.size === scope.rules.length) {
    reasons.push('UnsupportedValue');
    messages.push(`Every rule is invalid as well: ${[...scope.invalidRules.values()].join('; ')}.`);
  }
  const hostnames = hostnameFault(scope, listeners, 'the selected listeners');
  if (hostnames) {
    reasons.push('NoMatchingListenerHostname');
    messages.push(hostnames);
  }
  return { reasons, messages };
}

/** Why no listener shares a hostname with the Route; undefined when one does (or none is needed). */
function hostnameFault(
  scope: RouteScope,
  listeners: readonly ListenerAnalysis[],
  which = 'the listeners that allow it',
): string | undefined {
  if (!HOSTNAME_KINDS.has(scope.kind) || listeners.length === 0) return undefined;
  for (const listener of listeners)
    if (routeHostnamesOnListener(listener.hostname, scope.hostnames).length > 0) return undefined;
  const listenerHosts = listeners
    .map((listener) => `${listener.name}: ${listener.hostname ?? '(any)'}`)
    .join(', ');
  return `None of the Route's hostnames (${scope.hostnames.join(', ')}) matches a hostname of ${which} (${listenerHosts}).`;
}

/** The listeners a Route attaches to that are not accepted (nothing is served there). */
function unservedListeners(
  allowed: readonly ListenerAnalysis[],
  attached: readonly string[],
): readonly ListenerAnalysis[] {
  let unserved: ListenerAnalysis[] | undefined;
  for (const listener of allowed)
    if (!listener.accepted && attached.includes(listener.name)) (unserved ??= []).push(listener);
  return unserved ?? NONE;
}

function reportUnserved(where: ParentWhere, unserved: readonly ListenerAnalysis[]): void {
  const { scope, base, field } = where;
  const what = unserved
    .map((listener) => {
      const reason = findCondition(listener.conditions, 'Accepted')?.reason ?? 'not accepted';
      return `listener "${listener.name}" is ${listener.conflicted ? 'conflicted' : 'not accepted'} (${reason})`;
    })
    .join('; ');
  scope.findings.push(
    finding('route-on-unserved-listener', {
      subject: scope.decoded.key,
      related: [base.parent.key],
      field,
      message: `${scope.label} attaches to ${parentLabelOf(base.parent)}, but ${what}: nothing will be served there. It still counts in attachedRoutes. Fix the listener, or attach the Route to another one.`,
    }),
  );
}

/** The listeners a parentRef's sectionName and port select (both when both are given). */
function selectListeners(
  listeners: readonly ListenerAnalysis[],
  sectionName: string | undefined,
  port: number | undefined,
): readonly ListenerAnalysis[] {
  let selected: ListenerAnalysis[] | undefined;
  for (let index = 0; index < listeners.length; index++) {
    const listener = listeners[index]!;
    if (
      (sectionName === undefined || listener.name === sectionName) &&
      (port === undefined || listener.port === port)
    )
      (selected ??= []).push(listener);
  }
  return selected ?? NONE;
}

/** The candidates that admit this kind of Route from its namespace (all of them, as they are, when all do). */
function allowedListeners(
  ctx: AnalysisContext,
  candidates: readonly ListenerAnalysis[],
  kind: RouteKind,
  namespace: string,
): readonly ListenerAnalysis[] {
  let allowed: ListenerAnalysis[] | undefined;
  for (let index = 0; index < candidates.length; index++) {
    const listener = candidates[index]!;
    const admits = supportsKind(listener, kind) && listenerAllowsNamespace(ctx, listener.allowed, namespace);
    if (admits) {
      if (allowed !== undefined) allowed.push(listener);
    } else allowed ??= candidates.slice(0, index);
  }
  return allowed ?? candidates;
}

/** Whether allowedRoutes lets this kind attach (status supportedKinds plays no part). */
function supportsKind(listener: ListenerAnalysis, kind: RouteKind): boolean {
  const kinds = listener.attachableKinds;
  for (let index = 0; index < kinds.length; index++) if (kinds[index]!.kind === kind) return true;
  return false;
}

/** One object shape for every parent analysis (absent fields undefined): one per parentRef. */
function parentAnalysis(
  base: { index: number; parentRef: ParentReference; parent: ResolvedParentRef },
  written: boolean,
  unwrittenBecause: string | undefined,
  controllerName: string | undefined,
  conditions: readonly PredictedCondition[],
  accepted: boolean,
  gateway: ObjectKey | undefined,
  listeners: readonly string[],
  hostnames: readonly string[],
  optionalListeners: readonly string[],
): RouteParentAnalysis {
  return {
    index: base.index,
    parentRef: base.parentRef,
    parent: base.parent,
    written,
    unwrittenBecause,
    controllerName,
    conditions,
    accepted,
    gateway,
    listeners,
    hostnames,
    optionalListeners,
  };
}

function analyzeMeshParent(
  ctx: AnalysisContext,
  scope: RouteScope,
  base: { index: number; parentRef: ParentReference; parent: ResolvedParentRef },
  field: string,
): RouteParentAnalysis {
  const { parent } = base;
  const service = ctx.get(parent.key)?.object as Service | undefined;
  const accepted = (conditions: PredictedCondition[], ok: boolean): RouteParentAnalysis =>
    parentAnalysis(base, true, undefined, undefined, conditions, ok, undefined, [], ok ? ['*'] : [], NONE);
  const mesh = { basis: 'implementation' as const };
  if (!service) {
    scope.findings.push(
      finding('parent-not-found', {
        subject: scope.decoded.key,
        related: [parent.key],
        field,
        message: `${scope.label}: parentRefs[${base.index}] refers to Service ${parent.namespace}/${parent.name} (mesh), which does not exist.`,
      }),
    );
    return accepted(
      [
        condition(
          'Accepted',
          'False',
          'NoMatchingParent',
          `Service ${parent.namespace}/${parent.name} does not exist.`,
          scope.generation,
          mesh,
        ),
        scope.resolvedRefs,
      ],
      false,
    );
  }
  const ports = service.spec?.ports ?? [];
  const portOk = ports.some(
    (port) =>
      (parent.sectionName === undefined || port.name === parent.sectionName) &&
      (parent.port === undefined || port.port === parent.port),
  );
  if (!portOk && (parent.sectionName !== undefined || parent.port !== undefined)) {
    const message = `Service ${parent.namespace}/${parent.name} has no port ${parent.sectionName ?? ''}${parent.port ?? ''}.`;
    scope.findings.push(
      finding('route-not-accepted', {
        subject: scope.decoded.key,
        related: [parent.key],
        field,
        message: `${scope.label}: ${message}`,
      }),
    );
    return accepted(
      [
        condition('Accepted', 'False', 'NoMatchingParent', message, scope.generation, mesh),
        scope.resolvedRefs,
      ],
      false,
    );
  }
  return accepted(
    [
      condition(
        'Accepted',
        'True',
        'Accepted',
        `Route applies to ${parent.namespace === scope.namespace ? 'all callers of' : `callers in ${scope.namespace} of`} Service ${parent.namespace}/${parent.name}.`,
        scope.generation,
        mesh,
      ),
      scope.resolvedRefs,
    ],
    true,
  );
}

/**
 * Claims this Route's hostnames on each attached listener and returns the listeners where a
 * Route of the other kind (HTTPRoute vs GRPCRoute) that is older (then first by namespace/name)
 * already claims an intersecting hostname. HTTPRoutes claim only where GRPCRoutes exist, so a
 * listener without GRPCRoutes costs nothing.
 */
function claimHostnames(
  ctx: AnalysisContext,
  scope: RouteScope,
  parent: ObjectKey,
  allowed: readonly ListenerAnalysis[],
  attached: readonly string[],
): readonly { listener: string; winner: Mention }[] {
  const { route } = scope;
  // Called for HTTPRoutes and GRPCRoutes only.
  const kind = scope.kind === 'GRPCRoute' ? 'GRPCRoute' : 'HTTPRoute';
  const other = kind === 'HTTPRoute' ? 'GRPCRoute' : 'HTTPRoute';
  let mine: { creationTimestamp?: string; namespace?: string; name: string } | undefined;
  let lost: { listener: string; winner: Mention }[] | undefined;
  for (let index = 0; index < attached.length; index++) {
    const name = attached[index]!;
    const claims = ctx.tally(ctx.shared.claimTally(parent, name, other));
    // An HTTPRoute on a listener without GRPCRoutes neither claims nor loses anything.
    if (kind === 'HTTPRoute' && claims.size === 0) continue;
    mine ??= {
      creationTimestamp: route.metadata.creationTimestamp,
      namespace: route.metadata.namespace,
      name: route.metadata.name,
    };
    const listener = allowed.find((item) => item.name === name);
    const hostnames = routeHostnamesOnListener(listener?.hostname, scope.hostnames);
    scope.tallies.push({
      tally: ctx.shared.claimTally(parent, name, kind),
      item: [mine.creationTimestamp ?? '', `${mine.namespace ?? ''}/${mine.name}`, ...hostnames].join(
        '\u0000',
      ),
    });
    // The winner named is the oldest Route of the other kind that overlaps, whatever order the
    // claims were made in.
    let winner: { readonly age: Parameters<typeof compareByAge>[0]; readonly id: string } | undefined;
    for (const claim of claims) {
      const [creationTimestamp = '', id = '', ...theirs] = claim.split('\u0000');
      const [namespace, otherName = ''] = id.split('/');
      const age = {
        name: otherName,
        ...(namespace ? { namespace } : {}),
        ...(creationTimestamp ? { creationTimestamp } : {}),
      };
      if (compareByAge(age, mine) >= 0) continue;
      const overlap = hostnames.some((hostname) =>
        theirs.some(
          (their) => hostname === '*' || their === '*' || intersectHostname(their, hostname) !== undefined,
        ),
      );
      if (overlap && (winner === undefined || compareByAge(age, winner.age) < 0)) winner = { age, id };
    }
    if (winner)
      (lost ??= []).push({
        listener: name,
        winner: mentionObject(objectKey(GATEWAY_GROUP, other, winner.age.namespace ?? '', winner.age.name)),
      });
  }
  return lost ?? NONE;
}

function whyNotAllowed(
  ctx: AnalysisContext,
  listener: ListenerAnalysis,
  kind: RouteKind,
  namespace: string,
): string {
  if (!listener.attachableKinds.some((entry) => entry.kind === kind)) {
    const optional = listener.optionalKinds.some((entry) => entry.kind === kind)
      ? ` (${kind} only where the implementation supports it)`
      : '';
    return `serves ${listener.attachableKinds.map((entry) => entry.kind).join(', ') || 'no route kind'}, not ${kind}${optional}`;
  }
  const allowed = listener.allowed;
  switch (allowed.from) {
    case 'Same':
      return `allows only Routes from its own namespace ${allowed.namespace} (allowedRoutes.namespaces.from: Same)`;
    case 'Selector':
      return `allows only namespaces matching ${formatLabelSelector(allowed.selector)}, and namespace ${namespace} has labels ${formatLabels(ctx.namespaceLabels(namespace))}`;
    case 'None':
      return `allows no namespace (${allowed.why})`;
    case 'All':
      return 'allows it';
  }
}

function fixNotAllowed(listeners: readonly ListenerAnalysis[], kind: RouteKind): string {
  if (listeners.some((listener) => listener.optionalKinds.some((entry) => entry.kind === kind))) {
    return `Check whether your implementation serves ${kind} on a TLS listener in Terminate mode; if it does not, use a TLSRoute or a TCP listener.`;
  }
  if (listeners.every((listener) => !listener.attachableKinds.some((entry) => entry.kind === kind))) {
    return `Attach it to a listener whose protocol serves ${kind}, or add ${kind} to allowedRoutes.kinds where the protocol supports it.`;
  }
  return "Ask the Gateway's owner to admit this namespace in allowedRoutes.namespaces (for example a label selector that matches it), or attach to a listener that does.";
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '(none)' : entries.map(([key, value]) => `${key}=${value}`).join(',');
}

function checkParentRefUniqueness(route: Route, key: ObjectKey, findings: Finding[]): void {
  const refs = route.spec.parentRefs ?? [];
  if (refs.length < 2) return;
  // Several parentRefs to one parent must each name a section (or port) and must differ.
  const byParent = new Map<ObjectKey, number[]>();
  refs.forEach((ref, index) => {
    const parent = resolveParentRef(route.metadata.namespace ?? 'default', ref).key;
    byParent.set(parent, [...(byParent.get(parent) ?? []), index]);
  });
  for (const [parent, indexes] of byParent) {
    if (indexes.length < 2) continue;
    const seen = new Map<string, number>();
    for (const index of indexes) {
      const ref = refs[index];
      if (!ref) continue;
      const section = `${ref.sectionName ?? ''}|${ref.port ?? ''}`;
      const repeated = seen.get(section);
      if (ref.sectionName === undefined && ref.port === undefined) {
        findings.push(
          finding('admission-rejected', {
            subject: key,
            field: `spec.parentRefs[${index}]`,
            message: `parentRefs[${index}] is one of ${indexes.length} references to ${parent} and names no sectionName (or port); when a Route refers to one parent several times, each reference must name a distinct section. The API server rejects this Route.`,
          }),
        );
      } else if (repeated !== undefined) {
        findings.push(
          finding('admission-rejected', {
            subject: key,
            field: `spec.parentRefs[${index}]`,
            message: `parentRefs[${index}] repeats parentRefs[${repeated}]; references to one parent must name distinct sections. The API server rejects this Route.`,
          }),
        );
      }
      seen.set(section, index);
    }
  }
}

/**
 * Rules the CRD's validation enforces across a Route's rules (reported; the rules are still
 * analyzed). The length of each list is checked, and the list cut, when it is decoded (`limits.ts`).
 */
function checkRuleLimits(route: Route, key: ObjectKey, findings: Finding[]): void {
  const rules = route.spec.rules ?? [];
  let matches = 0;
  for (let index = 0; index < rules.length; index++) matches += rules[index]!.matches?.length ?? 0;
  if (matches > 128) {
    findings.push(
      finding('admission-rejected', {
        subject: key,
        field: 'spec.rules',
        message: `${route.kind} has ${matches} matches in all; at most 128 are allowed. The API server rejects this Route.`,
      }),
    );
  }
  for (let index = 0; index < rules.length; index++) {
    const filters = rules[index]!.filters;
    if (
      filters !== undefined &&
      filters.length > 1 &&
      filters.some((filter) => filter.type === 'RequestRedirect') &&
      filters.some((filter) => filter.type === 'URLRewrite')
    ) {
      findings.push(
        finding('admission-rejected', {
          subject: key,
          field: `spec.rules[${index}].filters`,
          message: `rule ${index} combines RequestRedirect and URLRewrite, which may not be used together. The API server rejects this Route.`,
        }),
      );
    }
  }
}

/** Why a rule is invalid (and dropped by a controller), or undefined when it is valid. */
function ruleProblem(kind: RouteKind, rule: RouteRule): string | undefined {
  const matches = (rule.matches ?? NONE) as readonly Record<string, unknown>[];
  if (kind === 'HTTPRoute') {
    for (let index = 0; index < matches.length; index++) {
      const match = matches[index]!;
      const path = match['path'] as { type?: string; value?: string } | undefined;
      if (path?.type !== undefined && !HTTP_PATH_TYPES.has(path.type))
        return `path match type "${path.type}" is not supported`;
      if (path?.value !== undefined && !path.value.startsWith('/'))
        return `path "${path.value}" must start with "/"`;
      for (let which = 0; which < MATCH_LISTS.length; which++) {
        const list = MATCH_LISTS[which]!;
        const entries = (match[list] as { type?: string }[] | undefined) ?? NONE;
        for (let at = 0; at < entries.length; at++) {
          const type = entries[at]!.type;
          if (type !== undefined && !MATCH_TYPES.has(type))
            return `${list} match type "${type}" is not supported`;
        }
      }
      const method = match['method'];
      if (typeof method === 'string' && !HTTP_METHODS.has(method))
        return `method "${method}" is not an HTTP method`;
    }
  }
  if (kind === 'GRPCRoute') {
    for (const match of matches) {
      const method = match['method'] as { type?: string } | undefined;
      if (method?.type !== undefined && !MATCH_TYPES.has(method.type))
        return `method match type "${method.type}" is not supported`;
    }
  }
  const ruleFilters = filterProblem(kind, rule.filters);
  if (ruleFilters) return ruleFilters;
  const backendRefs = rule.backendRefs ?? NONE;
  for (let index = 0; index < backendRefs.length; index++) {
    const backendFilters = filterProblem(kind, backendRefs[index]!.filters);
    if (backendFilters) return backendFilters;
  }
  const prefixRewrite = rule.filters !== undefined && rule.filters.some(hasReplacePrefix);
  if (
    prefixRewrite &&
    matches.some(
      (match) => ((match['path'] as { type?: string } | undefined)?.type ?? 'PathPrefix') !== 'PathPrefix',
    )
  ) {
    return 'ReplacePrefixMatch needs a PathPrefix match';
  }
  return undefined;
}

/** Why filters are not supported on a kind of Route, or undefined when they are. */
function filterProblem(kind: RouteKind, filters: readonly HTTPRouteFilter[] | undefined): string | undefined {
  if (filters === undefined || filters.length === 0) return undefined;
  const allowedFilters = FILTER_TYPES[kind];
  if (!allowedFilters) return `${kind} rules have no filters`;
  for (const filter of filters)
    if (!allowedFilters.has(filter.type)) return `filter type "${filter.type}" is not supported on ${kind}`;
  return undefined;
}

const MATCH_LISTS = ['headers', 'queryParams'] as const;
const NONE: readonly never[] = Object.freeze([]);

function hasReplacePrefix(filter: HTTPRouteFilter): boolean {
  const pathModifier = (filter.urlRewrite?.['path'] ?? filter.requestRedirect?.['path']) as
    { type?: string } | undefined;
  return pathModifier?.type === 'ReplacePrefixMatch';
}

function analyzeBackends(
  ctx: AnalysisContext,
  key: ObjectKey,
  route: Route,
  namespace: string,
  rules: readonly RouteRule[],
  findings: Finding[],
): BackendAnalysis[] {
  const out = ctx.shared.backendList;
  out.length = 0;
  const from: ReferringRoute = {
    group: GATEWAY_GROUP,
    kind: route.kind,
    namespace,
    name: route.metadata.name,
    key,
    findings,
  };
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex]!;
    const backendRefs = rule.backendRefs ?? [];
    let total = 0;
    for (let index = 0; index < backendRefs.length; index++) total += backendRefs[index]!.weight ?? 1;
    for (let index = 0; index < backendRefs.length; index++) {
      const backend = backendRefs[index]!;
      const field = ctx.shared.backendField(ruleIndex, index);
      const share = total > 0 ? ((backend.weight ?? 1) / total) * 100 : 0;
      out.push(checkBackend(ctx, from, backend, field, ruleIndex, 'backend', share));
      if (backend.filters) checkMirrors(ctx, from, backend.filters, field, ruleIndex, out);
    }
    if (rule.filters) checkMirrors(ctx, from, rule.filters, `spec.rules[${ruleIndex}]`, ruleIndex, out);
  }
  // Kept for the Route's life: a copy holds exactly its entries, where the list grown by push
  // holds room for more.
  const backends = out.slice();
  out.length = 0;
  return backends;
}

/** The Route whose references are checked, and where its findings go. */
interface ReferringRoute {
  readonly group: string;
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly name: string;
  readonly key: ObjectKey;
  readonly findings: Finding[];
}

function checkMirrors(
  ctx: AnalysisContext,
  from: ReferringRoute,
  filters: readonly HTTPRouteFilter[],
  field: string,
  rule: number,
  out: BackendAnalysis[],
): void {
  for (let index = 0; index < filters.length; index++) {
    const filter = filters[index]!;
    if (filter.type === 'RequestMirror' && filter.requestMirror)
      out.push(
        checkBackend(
          ctx,
          from,
          filter.requestMirror.backendRef,
          `${field}.filters[${index}].requestMirror.backendRef`,
          rule,
          'mirror',
          undefined,
        ),
      );
  }
}

function hasExtensionRef(rule: RouteRule): boolean {
  if (hasExtensionFilter(rule.filters)) return true;
  const backendRefs = rule.backendRefs ?? NONE;
  for (let index = 0; index < backendRefs.length; index++)
    if (hasExtensionFilter(backendRefs[index]!.filters)) return true;
  return false;
}

function hasExtensionFilter(filters: readonly HTTPRouteFilter[] | undefined): boolean {
  if (filters === undefined) return false;
  for (let index = 0; index < filters.length; index++)
    if (filters[index]!.type === 'ExtensionRef') return true;
  return false;
}

/** ExtensionRef filters (rule- and backend-level) whose object is missing. */
function checkExtensionRefs(
  ctx: AnalysisContext,
  key: ObjectKey,
  label: string,
  namespace: string,
  rules: readonly RouteRule[],
  findings: Finding[],
): readonly { reason: string; message: string }[] {
  if (ctx.options.extensionRefs !== 'verify' || !rules.some(hasExtensionRef)) return NONE;
  const out: { reason: string; message: string }[] = [];
  rules.forEach((rule, ruleIndex) => {
    const filters: [HTTPRouteFilter, string][] = [
      ...(rule.filters ?? []).map((filter, index): [HTTPRouteFilter, string] => [
        filter,
        `spec.rules[${ruleIndex}].filters[${index}]`,
      ]),
      ...(rule.backendRefs ?? []).flatMap((backend, backendIndex) =>
        (backend.filters ?? []).map((filter, index): [HTTPRouteFilter, string] => [
          filter,
          `spec.rules[${ruleIndex}].backendRefs[${backendIndex}].filters[${index}]`,
        ]),
      ),
    ];
    for (const [filter, field] of filters) {
      const ref = filter.extensionRef;
      if (filter.type !== 'ExtensionRef' || !ref) continue;
      const target = objectKey(ref.group ?? '', ref.kind, namespace, ref.name);
      if (ctx.exists(target)) continue;
      const message = `${field}.extensionRef refers to ${ref.kind}${ref.group ? `.${ref.group}` : ''} ${namespace}/${ref.name}, which is not among the objects analyzed.`;
      out.push({ reason: 'InvalidKind', message });
      findings.push(
        finding('extension-ref-not-found', {
          subject: key,
          related: [target],
          field: `${field}.extensionRef`,
          message: `${label}: ${message} Requests matched by rule ${ruleIndex} get HTTP 500 until it exists.`,
        }),
      );
    }
  });
  return out;
}

/** One backend result; every result has the same shape (absent fields undefined). */
function backendResult(
  field: string,
  rule: number,
  role: 'backend' | 'mirror',
  ref: ResolvedBackendRef,
  share: number | undefined,
  resolved: boolean,
  reason?: string,
  message?: string,
  grant?: ObjectKey,
): BackendAnalysis {
  return { field, rule, role, ref, share, resolved, reason, message, grant };
}

/** The Route as messages name it (made only for a message, which most references never need). */
function routeLabel(from: ReferringRoute): string {
  return `${from.kind} ${from.namespace}/${from.name}`;
}

/** A reference's target as messages name it. */
function targetName(ref: ResolvedBackendRef): string {
  return `${ref.kind}${ref.group === CORE_GROUP ? '' : `.${ref.group}`} ${ref.namespace}/${ref.name}`;
}

function checkBackend(
  ctx: AnalysisContext,
  from: ReferringRoute,
  raw: BackendRef,
  field: string,
  rule: number,
  role: 'backend' | 'mirror',
  share: number | undefined,
): BackendAnalysis {
  const { key, namespace, findings } = from;
  const ref = resolveBackendRef(namespace, raw);
  const what = role === 'mirror' ? 'mirror backend' : 'backend';
  if (
    !(ref.group === CORE_GROUP && ref.kind === 'Service') &&
    !(ref.group === MULTICLUSTER_GROUP && ref.kind === 'ServiceImport')
  ) {
    const message = `${field} refers to ${targetName(ref)}; supported ${what} kinds are Service and ServiceImport (multicluster.x-k8s.io).`;
    findings.push(
      finding('backend-invalid-kind', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)}: ${message}`,
      }),
    );
    return backendResult(field, rule, role, ref, share, false, 'InvalidKind', message);
  }
  const permission =
    ref.namespace === namespace
      ? SAME_NAMESPACE
      : checkReferencePermitted(ctx, from, {
          group: ref.group,
          kind: ref.kind,
          namespace: ref.namespace ?? namespace,
          name: ref.name,
        });
  if (!permission.permitted) {
    const to = { group: ref.group, kind: ref.kind, namespace: ref.namespace ?? namespace, name: ref.name };
    const message = `${field} refers to ${targetName(ref)} in another namespace, and no ReferenceGrant in ${ref.namespace} permits ${from.kind}s from ${namespace} to use it.`;
    findings.push(
      finding('reference-not-permitted', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)} sends ${role === 'mirror' ? 'mirrored ' : ''}traffic to ${targetName(ref)}, but no ReferenceGrant in namespace ${ref.namespace} allows ${from.kind}s from namespace ${namespace} to reference it. ${role === 'mirror' ? 'The mirror receives nothing' : `Requests matched by rule ${rule} get HTTP 500 (or the connection is refused)`} until one exists.`,
        hints: explainMissingGrant(ctx, from, to),
        fix: {
          description: `Ask the owner of namespace ${ref.namespace} to apply:`,
          yaml: referenceGrantYaml(from, to),
        },
      }),
    );
    return backendResult(field, rule, role, ref, share, false, 'RefNotPermitted', message);
  }
  const grant = permission.grant;
  const found = ctx.get(ref.key);
  // The reference keeps the key its object is kept under, not an equal copy: one string fewer
  // per reference, and every later lookup by it is found by identity. (Strings compare by
  // value, so the key is always replaced; the reference was made above for this backend alone.)
  if (found) (ref as { key: ObjectKey }).key = found.key;
  if (!found) {
    const message = `${field} refers to ${targetName(ref)}, which does not exist.`;
    findings.push(
      finding('backend-not-found', {
        subject: key,
        related: [ref.key],
        field,
        message: `${routeLabel(from)}: ${message} Create it or fix the name and namespace.`,
      }),
    );
    return backendResult(field, rule, role, ref, share, false, 'BackendNotFound', message, grant);
  }
  if (ref.kind === 'Service') {
    const service = found.object as unknown as Service;
    if (ref.port === undefined) {
      findings.push(
        finding('admission-rejected', {
          subject: key,
          field: `${field}.port`,
          message: `${routeLabel(from)}: ${field} refers to a Service without a port; a Service backendRef must set port. The API server rejects this Route.`,
        }),
      );
    } else if (service.spec?.type === 'ExternalName') {
      findings.push(
        finding('backend-external-name', {
          subject: key,
          related: [ref.key],
          field,
          message: `${routeLabel(from)}: ${targetName(ref)} is an ExternalName Service; implementations should not support it, and many reject it.`,
        }),
      );
    } else if (service.spec?.ports && !hasPort(service.spec.ports, ref.port)) {
      findings.push(
        finding('backend-port-not-found', {
          subject: key,
          related: [ref.key],
          field: `${field}.port`,
          message: `${routeLabel(from)}: ${targetName(ref)} has no port ${ref.port} (it exposes ${service.spec.ports.map((port) => port.port).join(', ') || 'no ports'}); traffic to it fails.`,
        }),
      );
    }
  }
  return backendResult(field, rule, role, ref, share, true, undefined, undefined, grant);
}

function hasPort(ports: readonly { readonly port: number }[], port: number): boolean {
  for (let index = 0; index < ports.length; index++) if (ports[index]!.port === port) return true;
  return false;
}

/** A reference within the Route's namespace needs no grant. */
const SAME_NAMESPACE: Permission = Object.freeze({ permitted: true });
