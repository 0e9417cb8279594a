/**
 * A Route's parentRefs: for each, whether a controller writes a status entry, and its `Accepted`
 * in the order of checks the conformance suite asserts — the parent (Gateway, ListenerSet, or a
 * Service for a mesh), listener selection by sectionName/port (`NoMatchingParent`), kind and
 * namespace (`NotAllowedByListeners`), rules (`UnsupportedValue`), hostnames
 * (`NoMatchingListenerHostname`). With several faults at once the spec leaves the reported
 * reason to the implementation; such conditions are marked.
 *
 * A little over 500 lines: `analyzeParent` keeps the ordered checks in one function, so that
 * their order, which is what the conformance suite asserts, reads from top to bottom; listener
 * selection and the mesh case are in `route-listeners.ts` and `route-mesh-parent.ts`.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 */
import type { AnalysisContext } from './analysis-context.ts';
import { listenerAllowsNamespace, type ListenerAnalysis } from './analyze-listeners.ts';
import { condition, findCondition, type PredictedCondition } from './conditions.ts';
import { finding } from './findings.ts';
import { CORE_GROUP, GATEWAY_GROUP, type ParentReference } from './gateway-api.ts';
import { routeHostnamesOnListener } from './hostnames.ts';
import type { Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import type { ResolvedParentRef } from './resolve-refs.ts';
import { analyzeMeshParent } from './route-mesh-parent.ts';
import {
  parentAnalysis,
  type ParentBase,
  type ParentVerdict,
  type RouteParentAnalysis,
  type RouteScope,
  type UnwrittenReason,
} from './route-scope.ts';
import { HOSTNAME_KINDS } from './route-rules.ts';
import {
  allowedListeners,
  claimHostnames,
  fixNotAllowed,
  hostnameFault,
  laterFaults,
  selectListeners,
  whyNotAllowed,
} from './route-listeners.ts';

const NONE: readonly never[] = Object.freeze([]);

export function analyzeParent(
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
      return unwrittenParent(base, 'ParentNotFound', 'the parent Gateway does not exist');
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
      return unwrittenParent(base, 'NoController', 'no controller owns the parent Gateway');
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
      return unwrittenParent(base, 'ParentNotFound', 'the parent ListenerSet does not exist');
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
      return unwrittenParent(base, 'NoController', 'no controller owns the parent ListenerSet');
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
      return parentAnalysis(base, {
        written: true,
        controllerName,
        conditions: [
          condition('Accepted', 'False', 'NotAllowedByListeners', message, generation, {
            basis: 'implementation',
          }),
          scope.resolvedRefs,
        ],
        accepted: false,
        gateway,
        listeners: NONE,
        hostnames: NONE,
      });
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
    return unwrittenParent(
      base,
      'UnsupportedParentKind',
      `parent kind ${parent.kind}.${parent.group || 'core'} is not analyzed`,
    );
  }

  // What a verdict on this parent needs; made once (closures would hold as much, and more).
  const where: ParentWhere = { scope, base, field, controllerName, gateway };

  // 1. Listener selection by sectionName and port.
  const candidates =
    parent.sectionName === undefined && parent.port === undefined
      ? listeners
      : selectListeners(ctx, listeners, parent.sectionName, parent.port);
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
    return rejectParent(where, {
      reason: 'NoMatchingParent',
      message: `${parentLabelOf(parent)} has ${what}.`,
      fix: `Its listeners are: ${names}.`,
    });
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
    return rejectParent(where, {
      reason: 'NotAllowedByListeners',
      message: [
        `No selected listener allows this ${kind} from namespace ${namespace}: ${why}.`,
        ...later.messages,
      ].join(' '),
      fix: fixNotAllowed(candidates, kind),
      alternatives: [
        ...(optional.length > 0 && later.reasons.length === 0 ? ['Accepted'] : []),
        ...later.reasons,
      ],
      optionalListeners: later.reasons.length === 0 ? optional.map((listener) => listener.name) : NONE,
    });
  }

  // 3. Rules: when every rule is invalid the Route is not accepted.
  if (scope.rules.length > 0 && scope.invalidRules.size === scope.rules.length) {
    const hostnames = hostnameFault(scope, allowed);
    return rejectParent(where, {
      reason: 'UnsupportedValue',
      message: [
        `Every rule is invalid: ${[...scope.invalidRules.values()].join('; ')}.`,
        ...(hostnames ? [hostnames] : []),
      ].join(' '),
      fix: 'Fix the rules listed above.',
      alternatives: hostnames ? ['NoMatchingListenerHostname'] : NONE,
    });
  }

  // 4. Hostnames.
  let attached: string[] | undefined;
  // The first listener's hostnames as they come (most Routes attach to one listener); a list of
  // their own once a second listener adds to them.
  let served: readonly string[] = NONE;
  // Listeners attached to that are not accepted: nothing is served there.
  let unserved: ListenerAnalysis[] | undefined;
  for (const listener of allowed) {
    const shared = HOSTNAME_KINDS.has(kind)
      ? routeHostnamesOnListener(listener.hostname, scope.hostnames)
      : ANY_HOSTNAME;
    if (shared.length === 0) continue;
    if (!listener.accepted) (unserved ??= []).push(listener);
    if (attached === undefined) {
      attached = [listener.name];
      served = shared;
      continue;
    }
    attached.push(listener.name);
    for (const hostname of shared) if (!served.includes(hostname)) served = [...served, hostname];
  }
  if (attached === undefined) {
    return rejectParent(where, {
      reason: 'NoMatchingListenerHostname',
      message: hostnameFault(scope, allowed) ?? '',
      fix: 'Add a hostname the listener serves, or change the listener hostname.',
    });
  }

  // 5. An HTTPRoute and a GRPCRoute may not share a hostname on a listener: the older wins.
  if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
    const lost = claimHostnames(ctx, scope, parent.key, allowed, attached);
    if (lost.length > 0) {
      for (const name of lost.map((entry) => entry.listener)) attached.splice(attached.indexOf(name), 1);
      const left = attached;
      unserved = unserved?.filter((listener) => left.includes(listener.name));
      if (attached.length === 0) {
        const mentions = [...new Map(lost.map((entry) => [entry.winner.key, entry.winner])).values()];
        const winners = mentions.map((mention) => mention.text).join(', ');
        return rejectParent(where, {
          reason: 'NotAllowedByListeners',
          message: `${winners} (older) already serves these hostnames on the same listener; an HTTPRoute and a GRPCRoute may not share a hostname, and only the older is accepted.`,
          fix: `Use hostnames that ${winners} does not serve.`,
          basis: 'implementation',
          mentions,
        });
      }
    }
  }

  // The spec bases attachment on allowedRoutes alone, so a listener that is not accepted still
  // counts the Route; whether the Route is Accepted where nothing is served is the implementation's call.
  if (unserved !== undefined && unserved.length > 0) reportUnserved(where, unserved);
  const accepted =
    unserved !== undefined && unserved.length === attached.length
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
    return writtenParent(where, {
      conditions: ctx.shared.acceptedConditions(accepted, scope.resolvedRefs),
      accepted: true,
      listeners: listenerNames,
      hostnames: hostnamesServed,
    });
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
  return writtenParent(where, {
    conditions,
    accepted: true,
    listeners: listenerNames,
    hostnames: hostnamesServed,
  });
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

function unwrittenParent(base: ParentBase, reason: UnwrittenReason, because: string): RouteParentAnalysis {
  return parentAnalysis(base, {
    written: false,
    unwrittenReason: reason,
    unwrittenBecause: because,
    conditions: NONE,
    accepted: false,
    listeners: NONE,
    hostnames: NONE,
  });
}

/** What a written verdict says; the parent's controller and Gateway come from where it is judged. */
type WrittenVerdict = Pick<
  ParentVerdict,
  'conditions' | 'accepted' | 'listeners' | 'hostnames' | 'optionalListeners'
>;

function writtenParent(where: ParentWhere, verdict: WrittenVerdict): RouteParentAnalysis {
  return parentAnalysis(where.base, {
    written: true,
    controllerName: where.controllerName,
    conditions: verdict.conditions,
    accepted: verdict.accepted,
    gateway: where.gateway,
    listeners: verdict.listeners,
    hostnames: verdict.hostnames,
    optionalListeners: verdict.optionalListeners,
  });
}

/**
 * How sure a rejection is: by default it follows from the spec; with alternatives (other faults
 * the spec orders no differently, or an attachment the implementation may allow) it is the
 * implementation's call.
 */
interface Rejection {
  readonly reason: string;
  readonly message: string;
  readonly fix: string;
  readonly basis?: PredictedCondition['basis'];
  readonly alternatives?: readonly string[];
  readonly optionalListeners?: readonly string[];
  /** Objects that the message names. */
  readonly mentions?: readonly Mention[];
}

function rejectParent(where: ParentWhere, rejection: Rejection): RouteParentAnalysis {
  const { reason, message, fix } = rejection;
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
  return writtenParent(where, {
    conditions: [
      condition('Accepted', 'False', reason, message, scope.generation, {
        basis,
        alternatives,
        mentions: rejection.mentions,
      }),
      scope.resolvedRefs,
    ],
    accepted: false,
    listeners: NONE,
    hostnames: NONE,
    optionalListeners: rejection.optionalListeners,
  });
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

function sameNames(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}
