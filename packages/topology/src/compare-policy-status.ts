/**
 * Compares the status a controller reported on a policy of a discovered kind with what the
 * generic rules predict (`policy-attachment.ts`), as `compare-status.ts` does for Gateways and
 * Routes: stale conditions (observedGeneration behind generation) and disagreements. Only
 * predictions with basis `spec` hold a controller to account (a missing target, a lost conflict
 * of a Direct kind); which ancestors a controller writes, and whether its kind's own validation
 * accepts the policy, are its own.
 */
import { isStaleCondition } from './compare-status.ts';
import { findCondition, type PredictedCondition } from './conditions.ts';
import { finding, type Finding } from './findings.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { Condition } from './meta.ts';
import type { Mention } from './mention.ts';
import type { GenericPolicyAnalysis } from './policy-attachment.ts';
import { resolveParentRef } from './resolve-refs.ts';

const NOTHING: readonly Finding[] = Object.freeze([]);

export function comparePolicyStatus(
  policy: GenericPolicy,
  analysis: GenericPolicyAnalysis,
): readonly Finding[] {
  if (policy.ancestors === undefined && policy.conditions === undefined) return NOTHING;
  const generation = policy.metadata.generation;
  const namespace = policy.metadata.namespace ?? 'default';
  const stale: string[] = [];
  const disagreements: string[] = [];
  const mentions: Mention[] = [];
  const compare = (
    where: string,
    reported: readonly Condition[],
    predicted: PredictedCondition | undefined,
  ) => {
    for (const item of reported)
      if (isStaleCondition(generation, item))
        stale.push(`${where}${item.type} (observedGeneration ${item.observedGeneration})`);
    const got = findCondition(reported, 'Accepted');
    if (!predicted || !got || predicted.basis !== 'spec' || isStaleCondition(generation, got)) return;
    if (got.status !== predicted.status) {
      if (predicted.mentions) mentions.push(...predicted.mentions);
      disagreements.push(
        `${where}Accepted is reported ${got.status} (${got.reason}) but the generic policy rules predict ${predicted.status} (${predicted.reason}): ${predicted.message}`,
      );
    }
  };
  const overall = findCondition(analysis.conditions, 'Accepted');
  compare('', policy.conditions ?? [], overall);
  for (const reported of policy.ancestors ?? []) {
    const ref = resolveParentRef(namespace, reported.ancestorRef);
    const named: Mention = { key: ref.key, text: `${ref.kind} ${ref.namespace}/${ref.name}` };
    if (!mentions.some((mention) => mention.key === named.key)) mentions.push(named);
    const where = `ancestor ${named.text}${ref.sectionName ? ` (${ref.sectionName})` : ''} `;
    const predicted = analysis.ancestors.find(
      (ancestor) => ancestor.ancestor === ref.key && ancestor.sectionName === ref.sectionName,
    );
    // An ancestor gatemap does not predict is still held to the policy-level verdict when the
    // spec decides it (every target missing, or lost to an older policy of a Direct kind).
    compare(
      where,
      reported.conditions,
      findCondition(predicted?.conditions, 'Accepted') ?? (analysis.attached ? undefined : overall),
    );
  }
  const findings: Finding[] = [];
  if (stale.length > 0)
    findings.push(
      finding('status-stale', {
        subject: policy.key,
        field: 'status',
        message: `Status is stale: the object is at generation ${generation ?? '?'}, but ${stale.join(', ')} describe an older spec. The controller has not processed the latest change (it may be down, lagging, or rejecting the object).`,
        mentions,
      }),
    );
  disagreements.forEach((text, index) => {
    findings.push(
      finding('status-disagrees', {
        subject: policy.key,
        field: 'status',
        discriminator: `status:${index}`,
        message: `${text}.`,
        mentions,
      }),
    );
  });
  return findings;
}
