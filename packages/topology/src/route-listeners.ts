/**
 * Which listeners of a parent a Route may attach to: those its parentRef selects by sectionName
 * and port, then those whose allowedRoutes admit its kind and namespace, and, between an HTTPRoute
 * and a GRPCRoute on one listener, the older where their hostnames meet.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
 */
import type { AnalysisContext } from './analysis-context.ts';
import { listenerAllowsNamespace, type ListenerAnalysis } from './analyze-listeners.ts';
import { GATEWAY_GROUP, type RouteKind } from './gateway-api.ts';
import { intersectHostname, routeHostnamesOnListener } from './hostnames.ts';
import { formatLabelSelector } from './label-selector.ts';
import { mentionObject, type Mention } from './mention.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { compareByAge } from './precedence.ts';
import type { RouteScope } from './route-scope.ts';
import { HOSTNAME_KINDS } from './route-rules.ts';

const NONE: readonly never[] = Object.freeze([]);

/**
 * The listeners a parentRef's sectionName and port select (both when both are given). A
 * sectionName selects one listener, so one selected is answered with the list that
 * `SharedValues` keeps for it.
 */
export function selectListeners(
  ctx: AnalysisContext,
  listeners: readonly ListenerAnalysis[],
  sectionName: string | undefined,
  port: number | undefined,
): readonly ListenerAnalysis[] {
  let first: ListenerAnalysis | undefined;
  let selected: ListenerAnalysis[] | undefined;
  for (const listener of listeners) {
    if (
      (sectionName === undefined || listener.name === sectionName) &&
      (port === undefined || listener.port === port)
    ) {
      if (first === undefined) first = listener;
      else (selected ??= [first]).push(listener);
    }
  }
  return selected ?? (first === undefined ? NONE : ctx.shared.listenerList(first));
}

/** The candidates that admit this kind of Route from its namespace (all of them, as they are, when all do). */
export function allowedListeners(
  ctx: AnalysisContext,
  candidates: readonly ListenerAnalysis[],
  kind: RouteKind,
  namespace: string,
): readonly ListenerAnalysis[] {
  let allowed: ListenerAnalysis[] | undefined;
  let index = -1;
  for (const listener of candidates) {
    index++;
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
  for (const entry of kinds) if (entry.kind === kind) return true;
  return false;
}

/**
 * Claims this Route's hostnames on each attached listener and returns the listeners where a
 * Route of the other kind (HTTPRoute vs GRPCRoute) that is older (then first by namespace/name)
 * already claims an intersecting hostname. HTTPRoutes claim only where GRPCRoutes exist, so a
 * listener without GRPCRoutes costs nothing.
 */
export function claimHostnames(
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
  for (const name of attached) {
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

export function whyNotAllowed(
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

export function fixNotAllowed(listeners: readonly ListenerAnalysis[], kind: RouteKind): string {
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

/**
 * Faults a Route also has on these listeners that later checks would report (every rule invalid,
 * no hostname in common). The spec orders none of them before an earlier check's reason.
 */
export function laterFaults(
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
export function hostnameFault(
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
