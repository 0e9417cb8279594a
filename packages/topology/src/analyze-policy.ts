/**
 * Predicts a BackendTLSPolicy's status, per ancestor Gateway (the Gateways whose accepted Routes
 * send traffic to a targeted Service).
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
import type { AnalysisContext } from './analysis-context.ts';
import { backendOfTally } from './analyze-route.ts';
import { condition, type PredictedCondition } from './conditions.ts';
import { objectOfKind, type DecodedObject } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { listLimitFindings } from './limits.ts';
import {
  CORE_GROUP,
  type BackendTLSPolicy,
  type LocalPolicyTargetReferenceWithSectionName,
} from './gateway-api.ts';
import { mentionObject, type Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';
import { compareByAge } from './precedence.ts';
import { resolveLocalRef } from './resolve-refs.ts';

interface PolicyAncestorAnalysis {
  readonly gateway: ObjectKey;
  readonly controllerName: string | undefined;
  readonly conditions: readonly PredictedCondition[];
}

export interface PolicyAnalysis {
  readonly key: ObjectKey;
  readonly generation: number | undefined;
  readonly targets: readonly {
    readonly key: ObjectKey;
    readonly sectionName?: string;
    readonly exists: boolean;
  }[];
  readonly accepted: boolean;
  readonly conditions: readonly PredictedCondition[];
  readonly ancestors: readonly PolicyAncestorAnalysis[];
  readonly findings: readonly Finding[];
}

export function policyTargets(
  policy: BackendTLSPolicy,
): readonly LocalPolicyTargetReferenceWithSectionName[] {
  const legacy = policy.spec.targetRef;
  return policy.spec.targetRefs ?? (legacy ? [legacy] : []);
}

export function analyzePolicy(
  ctx: AnalysisContext,
  decoded: DecodedObject<'BackendTLSPolicy'>,
): PolicyAnalysis {
  const policy = decoded.object;
  const namespace = policy.metadata.namespace ?? 'default';
  const generation = policy.metadata.generation;
  // Lists over the CRD's limits were cut when the object was decoded; say so first.
  const findings: Finding[] = listLimitFindings(decoded);
  const label = `BackendTLSPolicy ${namespace}/${policy.metadata.name}`;
  const targets = policyTargets(policy).map((target, index) => {
    const ref = resolveLocalRef(namespace, target);
    const exists = ctx.get(ref.key) !== undefined;
    if (!exists) {
      findings.push(
        finding('policy-target-not-found', {
          subject: decoded.key,
          related: [ref.key],
          field: `spec.targetRefs[${index}]`,
          message: `${label} targets ${ref.kind} ${namespace}/${ref.name}, which does not exist.`,
        }),
      );
    }
    return {
      key: ref.key,
      ...(target.sectionName === undefined ? {} : { sectionName: target.sectionName }),
      exists,
    };
  });

  // Conflicts: an older policy on the same target and section wins.
  let conflict: string | undefined;
  let conflictWith: Mention | undefined;
  for (const target of targets) {
    for (const other of ctx.policiesFor(target.key)) {
      if (other.key === decoded.key) continue;
      const sameSection = policyTargets(other.policy).some(
        (entry) =>
          resolveLocalRef(namespace, entry).key === target.key &&
          (entry.sectionName ?? '') === (target.sectionName ?? ''),
      );
      if (sameSection && compareByAge(other.policy.metadata, policy.metadata) < 0 && !conflict) {
        conflictWith = mentionObject(other.key);
        conflict = `${conflictWith.text} is older and targets the same ${target.sectionName ? `section "${target.sectionName}" of ` : ''}${target.key.split('/').slice(1).join('/')}.`;
      }
    }
  }

  const refs = policy.spec.validation?.caCertificateRefs ?? [];
  const failures: { reason: string; message: string }[] = [];
  /** References gatemap may not read (RBAC), so neither found nor missing. */
  const unchecked: string[] = [];
  refs.forEach((raw, index) => {
    const ref = resolveLocalRef(namespace, raw);
    const at = `spec.validation.caCertificateRefs[${index}]`;
    if (ref.group !== CORE_GROUP || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) {
      failures.push({
        reason: 'InvalidKind',
        message: `${at} refers to ${ref.kind} (group "${ref.group}"); a CA certificate must be a ConfigMap.`,
      });
      return;
    }
    const found = objectOfKind(ctx.get(ref.key), ref.kind);
    if (!found && !ctx.readable(ref.kind, namespace))
      unchecked.push(`${at}: ${ref.kind} ${namespace}/${ref.name} not checked: no read access.`);
    else if (!found)
      failures.push({
        reason: 'InvalidCACertificateRef',
        message: `${at}: ${ref.kind} ${namespace}/${ref.name} does not exist.`,
      });
    else if (found.data !== undefined && !/-----BEGIN CERTIFICATE-----/.test(found.data['ca.crt'] ?? '')) {
      failures.push({
        reason: 'InvalidCACertificateRef',
        message: `${at}: ${ref.kind} ${namespace}/${ref.name} has no PEM certificate under ca.crt.`,
      });
    }
  });
  const wellKnown = policy.spec.validation?.wellKnownCACertificates;
  const conditions: PredictedCondition[] = [];
  // Every reason not to accept the policy, in the order found: the spec orders none of them.
  const rejections: { reason: string; message: string; mentions?: readonly Mention[] }[] = [];
  if (conflict) {
    rejections.push({
      reason: 'Conflicted',
      message: conflict,
      ...(conflictWith ? { mentions: [conflictWith] } : {}),
    });
    findings.push(
      finding('policy-conflicted', {
        subject: decoded.key,
        field: 'spec.targetRefs',
        message: `${label} is ignored: ${conflict}`,
        ...(conflictWith ? { mentions: [conflictWith] } : {}),
      }),
    );
  }
  if (wellKnown !== undefined && wellKnown !== 'System')
    rejections.push({
      reason: 'Invalid',
      message: `wellKnownCACertificates "${wellKnown}" is not supported.`,
    });
  if (refs.length > 0 && failures.length === refs.length)
    rejections.push({
      reason: 'NoValidCACertificate',
      message: failures.map((failure) => failure.message).join(' '),
    });
  conditions.push(
    rejections.length > 0
      ? competingCondition('Accepted', rejections, generation)
      : unchecked.length > 0 && failures.length + unchecked.length === refs.length
        ? // Whether any CA certificate is usable depends on what gatemap may not read.
          condition('Accepted', 'Unknown', 'RefNotChecked', unchecked.join(' '), generation, {
            basis: 'rbac',
          })
        : condition('Accepted', 'True', 'Accepted', 'Policy is accepted.', generation),
  );
  if (failures.length > 0) {
    conditions.push(competingCondition('ResolvedRefs', failures, generation));
    findings.push(
      finding('policy-ca-invalid', {
        subject: decoded.key,
        field: 'spec.validation.caCertificateRefs',
        message: `${label}: ${failures.map((failure) => failure.message).join(' ')}`,
      }),
    );
  } else if (unchecked.length > 0) {
    conditions.push(
      condition('ResolvedRefs', 'Unknown', 'RefNotChecked', unchecked.join(' '), generation, {
        basis: 'rbac',
      }),
    );
  } else {
    conditions.push(
      condition('ResolvedRefs', 'True', 'ResolvedRefs', 'All references are resolved.', generation),
    );
  }
  const gateways = new Set<ObjectKey>();
  for (const target of targets)
    for (const gateway of ctx.tally(backendOfTally(target.key))) gateways.add(gateway as ObjectKey);
  const ancestors = [...gateways]
    .sort()
    .map((gateway) => ({ gateway, controllerName: ctx.gatewayResult(gateway)?.controllerName, conditions }));
  return {
    key: decoded.key,
    generation,
    targets,
    accepted: conditions[0]?.status === 'True',
    conditions,
    ancestors,
    findings,
  };
}

/** A False condition from faults the spec orders none of: the first's reason, the others' as alternatives. */
function competingCondition(
  type: string,
  faults: readonly {
    readonly reason: string;
    readonly message: string;
    readonly mentions?: readonly Mention[];
  }[],
  generation: number | undefined,
): PredictedCondition {
  const reason = faults[0]?.reason ?? 'Invalid';
  const alternatives = [...new Set(faults.map((fault) => fault.reason))].filter((other) => other !== reason);
  return condition(type, 'False', reason, faults.map((fault) => fault.message).join(' '), generation, {
    basis: alternatives.length > 0 ? 'implementation' : 'spec',
    alternatives,
    mentions: faults.flatMap((fault) => fault.mentions ?? []),
  });
}
