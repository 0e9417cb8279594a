/**
 * Findings about a ReferenceGrant itself: entries that can never permit a reference the spec
 * defines, and grants that no existing reference relies on.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
import type { AnalysisContext } from './analysis-context.ts';
import type { DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import { CORE_GROUP, GATEWAY_GROUP, GATEWAY_X_GROUP, MULTICLUSTER_GROUP } from './gateway-api.ts';
import type { ObjectKey } from './object-key.ts';
import { grantUseTally } from './reference-grants.ts';

/** Referrer kind → the target kinds it may reference across namespaces (R53). */
const VALID_PAIRS: Readonly<Record<string, readonly string[]>> = {
  [`${GATEWAY_GROUP}/Gateway`]: [`${CORE_GROUP}/Secret`, `${CORE_GROUP}/ConfigMap`],
  [`${GATEWAY_GROUP}/ListenerSet`]: [`${CORE_GROUP}/Secret`],
  [`${GATEWAY_X_GROUP}/XListenerSet`]: [`${CORE_GROUP}/Secret`],
  [`${GATEWAY_GROUP}/HTTPRoute`]: [`${CORE_GROUP}/Service`, `${MULTICLUSTER_GROUP}/ServiceImport`],
  [`${GATEWAY_GROUP}/GRPCRoute`]: [`${CORE_GROUP}/Service`, `${MULTICLUSTER_GROUP}/ServiceImport`],
  [`${GATEWAY_GROUP}/TLSRoute`]: [`${CORE_GROUP}/Service`, `${MULTICLUSTER_GROUP}/ServiceImport`],
  [`${GATEWAY_GROUP}/TCPRoute`]: [`${CORE_GROUP}/Service`, `${MULTICLUSTER_GROUP}/ServiceImport`],
  [`${GATEWAY_GROUP}/UDPRoute`]: [`${CORE_GROUP}/Service`, `${MULTICLUSTER_GROUP}/ServiceImport`],
};

export interface GrantAnalysis {
  readonly key: ObjectKey;
  readonly usedBy: readonly string[];
  readonly findings: readonly Finding[];
}

export function analyzeReferenceGrant(
  ctx: AnalysisContext,
  decoded: DecodedObject<'ReferenceGrant'>,
): GrantAnalysis {
  const grant = decoded.object;
  const namespace = grant.metadata.namespace ?? 'default';
  const label = `ReferenceGrant ${namespace}/${grant.metadata.name}`;
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const hints: string[] = [];
  const known = (group: string, kind: string) =>
    Object.keys(VALID_PAIRS).some((pair) => pair.endsWith(`/${kind}`)) ? `${group}/${kind}` : undefined;
  let usable = false;
  grant.spec.from.forEach((from, fromIndex) => {
    const fromGroup = from.group ?? '';
    const targets = VALID_PAIRS[`${fromGroup}/${from.kind}`];
    if (!targets) {
      const suggestion =
        known(GATEWAY_GROUP, from.kind) && fromGroup !== GATEWAY_GROUP
          ? ` (did you mean group "${GATEWAY_GROUP}"?)`
          : '';
      hints.push(
        `from[${fromIndex}] names ${from.kind} in group "${fromGroup}", which never references across namespaces${suggestion}`,
      );
      return;
    }
    if (from.namespace === namespace) {
      hints.push(
        `from[${fromIndex}] is namespace ${namespace}, the grant's own namespace; references within a namespace need no grant, and a grant must live in the namespace of the objects it exposes`,
      );
      return;
    }
    for (const to of grant.spec.to) {
      const pair = `${to.group ?? ''}/${to.kind}`;
      if (targets.includes(pair)) usable = true;
    }
  });
  grant.spec.to.forEach((to, toIndex) => {
    const group = to.group ?? '';
    if ((group === 'core' || group === 'v1') && ['Service', 'Secret', 'ConfigMap'].includes(to.kind)) {
      hints.push(`to[${toIndex}] uses group "${group}"; the core group is written as ""`);
    }
  });
  if (!usable) {
    findings.push(
      finding('reference-grant-unusable', {
        subject: decoded.key,
        field: 'spec',
        message: `${label} can never permit a reference: ${hints.join('; ') || 'no from/to pair is a reference the Gateway API defines (Routes → Services, Gateways → Secrets and ConfigMaps)'}.`,
      }),
    );
  }
  const usedBy = [...ctx.tally(grantUseTally(decoded.key))].sort();
  if (usable && usedBy.length === 0) {
    findings.push(
      finding('reference-grant-unused', {
        subject: decoded.key,
        message: `${label} permits references from ${grant.spec.from.map((from) => `${from.kind}s in ${from.namespace}`).join(', ')} to ${grant.spec.to.map((to) => (to.name ? `${to.kind} ${to.name}` : `every ${to.kind}`)).join(', ')}, but no such reference exists.`,
      }),
    );
  }
  return { key: decoded.key, usedBy, findings };
}
