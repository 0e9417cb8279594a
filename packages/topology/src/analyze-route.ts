/**
 * Predicts a Route's status: per parentRef, `Accepted` and `ResolvedRefs`, and which listeners it
 * attaches to, with the tallies it counts in (attachedRoutes, hostname claims, the Gateways that
 * reach a backend). Its parts follow the spec's: rules (`route-rules.ts`), backends
 * (`route-backends.ts`), parents (`route-parents.ts`, with listener selection in
 * `route-listeners.ts`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 */
import type { RouteParentAnalysis, RouteScope, RouteTally } from './route-scope.ts';
export type { RouteTally } from './route-scope.ts';
import type { AnalysisContext } from './analysis-context.ts';
import type { RouteAnalysis } from './analysis-results.ts';
import { condition } from './conditions.ts';
import type { DecodedOfRole } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import type { ObjectKey } from './object-key.ts';
import { grantUseTally } from './reference-grants.ts';
import { analyzeBackends } from './route-backends.ts';
import { analyzeParent } from './route-parents.ts';
import {
  checkExtensionRefs,
  checkParentRefUniqueness,
  checkHostnames,
  checkRules,
  HOSTNAME_KINDS,
} from './route-rules.ts';

export type { RouteAnalysis } from './analysis-results.ts';

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

export function backendOfTally(service: ObjectKey): string {
  return `backend-of:${service}`;
}

/** Analyzes a Route; the tallies it counts in are appended to `tallies`. */
export function analyzeRoute(
  ctx: AnalysisContext,
  decoded: DecodedOfRole<'route'>,
  tallies: RouteTally[] = [],
): RouteAnalysis {
  const route = decoded.object;
  const kind = route.kind;
  const namespace = route.metadata.namespace ?? 'default';
  const generation = route.metadata.generation;
  const label = `${kind} ${namespace}/${route.metadata.name}`;
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const rules = route.spec.rules ?? [];
  const hostnames = HOSTNAME_KINDS.has(kind) ? (route.spec.hostnames ?? []) : [];

  checkHostnames(decoded.key, kind, hostnames, findings);
  checkParentRefUniqueness(route, decoded.key, findings);

  // Rules: limits across them, which are invalid (and dropped), and every backend reference.
  const checkedRules = checkRules(decoded.key, label, kind, rules, findings);
  const invalidRules = checkedRules.invalidRules;
  const { backends, allResolved, grants, services } = analyzeBackends(
    ctx,
    decoded.key,
    route,
    namespace,
    rules,
    findings,
  );
  const extensionFailures = checkExtensionRefs(
    ctx,
    decoded.key,
    label,
    namespace,
    rules,
    checkedRules,
    findings,
  );
  let resolvedRefs = ctx.shared.allResolved(generation);
  if (extensionFailures.length > 0 || !allResolved) {
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
    invalidRules,
    resolvedRefs,
    findings,
    tallies,
  };
  const parentRefs = route.spec.parentRefs ?? [];
  const parents = parentRefs.map((parentRef, index) => analyzeParent(ctx, scope, parentRef, index));

  // Tallies: listener attachment (counted once per listener however many parentRefs select it),
  // and which Gateways reach each backend (BackendTLSPolicy ancestors).
  const attachedFrom = tallies.length;
  let gateways: ObjectKey[] | undefined;
  let anyAccepted = false;
  // A parent that serves the Route's own list of hostnames (most do: `analyzeParent` keeps the
  // list rather than a copy) serves every one of them.
  let servesAll = false;
  for (const parent of parents) {
    if (!parent.accepted) continue;
    anyAccepted = true;
    if (parent.hostnames === hostnames) servesAll = true;
    if (parent.gateway !== undefined) {
      if (gateways === undefined) gateways = [parent.gateway];
      else if (!gateways.includes(parent.gateway)) gateways.push(parent.gateway);
    }
    const listeners = parent.listeners;
    for (const listener of listeners) {
      const tally = ctx.shared.attachedTally(parent.parent.key, listener);
      if (!hasTally(tallies, attachedFrom, tally)) tallies.push({ tally, item: decoded.key });
    }
  }
  // Only Services that a policy targets need to know their Gateways (its ancestors).
  if (services.length > 0 && gateways)
    for (const service of services)
      for (const gateway of gateways) tallies.push({ tally: backendOfTally(service), item: gateway });

  // Hostnames that no attached listener serves.
  if (hostnames.length > 0 && anyAccepted && !servesAll) {
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
  // Last, as the engine's own tallies come last for a Gateway or ListenerSet.
  if (grants.size > 0)
    for (const grant of grants) tallies.push({ tally: grantUseTally(grant), item: decoded.key });
  return {
    key: decoded.key,
    kind,
    generation,
    parents,
    backends,
    findings: findings.length === 0 ? NO_FINDINGS : findings,
    grantUses: grants,
  };
}

function hasTally(tallies: readonly RouteTally[], from: number, tally: string): boolean {
  // From `from` on: the tallies this Route added so far.
  for (let index = from; index < tallies.length; index++) if (tallies[index]?.tally === tally) return true;
  return false;
}

/** Whether an accepted parent serves a hostname of the Route (itself, or one within it). */
function servedBy(parents: readonly RouteParentAnalysis[], hostname: string): boolean {
  for (const parent of parents) {
    if (!parent.accepted) continue;
    const served = parent.hostnames;
    for (const shared of served) {
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
