/**
 * A BackendTLSPolicy's targets in the terms of the generic policy attachment (`PolicyTargetState`),
 * read from its own analysis (`analyze-policy.ts`), which judges them by the Gateway API's rules
 * for the kind: a target that does not exist is `target-not-found`; a policy that loses a
 * conflict (an older one, then the first by `{namespace}/{name}`, holds the same Service and
 * section: R58) is `Accepted=False/Conflicted`, and one colliding targetRef marks every target of
 * the policy `conflicted` (P39). The policy report and the effective stacks both read it here.
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
import type { PolicyAnalysis } from './analyze-policy.ts';
import { findCondition } from './conditions.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';
import { policyTargetLevel, type PolicyTargetLevel, type PolicyTargetState } from './policy-attachment.ts';

export interface BackendTlsTarget {
  /** `spec.targetRefs[i]`, in the order the policy lists them. */
  readonly field: string;
  readonly target: ObjectKey;
  /** A Service port's name. */
  readonly sectionName?: string;
  readonly level: PolicyTargetLevel;
  readonly state: PolicyTargetState;
}

/** The kind as the stacks and the report name it (`group/Kind`). */
export const BACKEND_TLS_KIND = 'gateway.networking.k8s.io/BackendTLSPolicy';

/** Each target of an analyzed BackendTLSPolicy with its attachment (see the module's header). */
export function backendTlsTargets(analysis: PolicyAnalysis): readonly BackendTlsTarget[] {
  const accepted = findCondition(analysis.conditions, 'Accepted');
  const conflicted = accepted?.status === 'False' && accepted.reason === 'Conflicted';
  return analysis.targets.map((target, index) => ({
    field: `spec.targetRefs[${index}]`,
    target: target.key,
    ...(target.sectionName === undefined ? {} : { sectionName: target.sectionName }),
    level: policyTargetLevel(parseObjectKey(target.key).kind, target.sectionName !== undefined),
    state: !target.exists ? 'target-not-found' : conflicted ? 'conflicted' : 'attached',
  }));
}
