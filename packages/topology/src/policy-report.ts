/**
 * Every policy and every Route's effective policy stacks, as `gatemap analyze` prints them (text
 * and JSON): per policy, its kind, each target with its attachment (attached, conflicted, target
 * or section missing, not checked) and the ancestors a controller would write; per Route on which
 * any policy applies, its stack per parent and listener, and per Service on which any applies, its
 * stack and those of its ports (`policy-stack.ts`). BackendTLSPolicy,
 * which gatemap reads itself, is reported in the same terms as policies of discovered kinds.
 * @see https://gateway-api.sigs.k8s.io/reference/policy-attachment/
 */
import type { PolicyAnalysis } from './analyze-policy.ts';
import { BACKEND_TLS_KIND, backendTlsTargets } from './backend-tls-attachment.ts';
import { findCondition, type PredictedCondition } from './conditions.ts';
import type { DecodedObject } from './decode-object.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { ObjectKey } from './object-key.ts';
import type { PolicyTargetLevel, PolicyTargetState } from './policy-attachment.ts';
import type { PolicyDetailsSource } from './policy-details.ts';
import {
  routePolicyStacks,
  servicePolicyStack,
  type RoutePolicyStack,
  type ServicePolicyStack,
} from './policy-stack.ts';

export interface PolicyReportTarget {
  /** The field the reference was read from, e.g. `spec.targetRefs[0]`. */
  readonly field: string;
  readonly target: ObjectKey;
  readonly sectionName?: string;
  readonly level: PolicyTargetLevel;
  readonly state: PolicyTargetState;
  /** `implementation` where the generic rules leave the verdict to the controller. */
  readonly basis: 'spec' | 'implementation';
  readonly conflictWith?: ObjectKey;
}

export interface PolicyReportEntry {
  readonly policy: ObjectKey;
  /** `group/Kind`. */
  readonly kind: string;
  /** The kind's class as its CRD labels it (P2), `unknown` without the label. */
  readonly class: 'Direct' | 'Inherited' | 'unknown';
  readonly targets: readonly PolicyReportTarget[];
  /** The policy's Accepted over all its targets. */
  readonly accepted: PredictedCondition | undefined;
  readonly ancestors: readonly {
    readonly ancestor: ObjectKey;
    readonly sectionName?: string;
    readonly conditions: readonly PredictedCondition[];
  }[];
}

export interface PolicyReport {
  /** Sorted by key. */
  readonly policies: readonly PolicyReportEntry[];
  /** Routes on which at least one policy applies, sorted by key. */
  readonly routes: readonly { readonly route: ObjectKey; readonly stacks: readonly RoutePolicyStack[] }[];
  /** Services on which at least one policy applies (BackendTLSPolicy among them), sorted by key. */
  readonly services: readonly ServicePolicyStack[];
}

/** What the report reads (a `TopologyEngine` is one). */
export interface PolicyReportSource extends PolicyDetailsSource {
  allObjects(): IterableIterator<DecodedObject>;
  allUnknown(): IterableIterator<{ readonly key: ObjectKey }>;
}

/** The report of every policy and Route; O(objects + policies' targets). */
export function buildPolicyReport(source: PolicyReportSource): PolicyReport {
  const policies: PolicyReportEntry[] = [];
  const routes: ObjectKey[] = [];
  const services: ObjectKey[] = [];
  for (const object of source.allObjects()) {
    if (object.role === 'route') routes.push(object.key);
    if (object.role === 'backend') services.push(object.key);
    if (object.role !== 'policy') continue;
    const analysis = source.policy(object.key);
    if (analysis) policies.push(backendTlsEntry(analysis));
  }
  for (const { key } of source.allUnknown()) {
    const policy = source.genericPolicyObject(key);
    const entry = policy && genericEntry(source, policy);
    if (entry) policies.push(entry);
  }
  policies.sort((a, b) => compareKeys(a.policy, b.policy));
  return {
    policies,
    routes:
      source.policyKinds().length === 0
        ? []
        : routes
            .sort(compareKeys)
            .map((route) => ({ route, stacks: routePolicyStacks(source, route) }))
            .filter(({ stacks }) =>
              stacks.some(
                (stack) => stack.kinds.length > 0 || stack.rules.some((rule) => rule.kinds.length > 0),
              ),
            ),
    services: services
      .sort(compareKeys)
      .map((service) => servicePolicyStack(source, service))
      .filter((stack) => stack.kinds.length > 0 || stack.ports.length > 0),
  };
}

function genericEntry(source: PolicyReportSource, policy: GenericPolicy): PolicyReportEntry | undefined {
  const analysis = source.genericPolicy(policy.key);
  if (analysis === undefined) return undefined;
  return {
    policy: policy.key,
    kind: analysis.kind,
    class: policy.kind.class,
    targets: analysis.targets.map((target) => ({
      field: target.field,
      target: target.target.key,
      ...(target.sectionName === undefined ? {} : { sectionName: target.sectionName }),
      level: target.level,
      state: target.state,
      basis: target.basis,
      ...(target.conflictWith === undefined ? {} : { conflictWith: target.conflictWith }),
    })),
    accepted: findCondition(analysis.conditions, 'Accepted'),
    ancestors: analysis.ancestors.map((ancestor) => ({
      ancestor: ancestor.ancestor,
      ...(ancestor.sectionName === undefined ? {} : { sectionName: ancestor.sectionName }),
      conditions: ancestor.conditions,
    })),
  };
}

/** A BackendTLSPolicy in the same terms: a conflict marks every target (P39). */
function backendTlsEntry(analysis: PolicyAnalysis): PolicyReportEntry {
  return {
    policy: analysis.key,
    kind: BACKEND_TLS_KIND,
    class: 'Direct',
    targets: backendTlsTargets(analysis).map((target) => ({ ...target, basis: 'spec' })),
    accepted: findCondition(analysis.conditions, 'Accepted'),
    ancestors: analysis.ancestors.map((ancestor) => ({
      ancestor: ancestor.gateway,
      conditions: ancestor.conditions,
    })),
  };
}

function compareKeys(a: ObjectKey, b: ObjectKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
