/**
 * Building and reading status conditions.
 */
import type { Condition, ConditionStatus } from './meta.ts';
import type { Mention } from './mention.ts';

/**
 * A condition as gatemap predicts it. `basis` says how sure the prediction is:
 * `spec` (follows from the spec and conformance), `implementation` (the spec leaves the choice to
 * the controller; `alternatives` lists other reasons a conformant controller may write), or
 * `runtime` (only a running data plane can tell; the status shown is Unknown), or `rbac` (gatemap
 * may not read an object the condition depends on, e.g. a Secret where RBAC denies Secrets; the
 * status shown is Unknown and the message says what was not checked).
 */
export interface PredictedCondition extends Condition {
  readonly basis: 'spec' | 'implementation' | 'runtime' | 'rbac';
  readonly alternatives?: readonly string[];
  /** Objects the message names besides the condition's own object. */
  readonly mentions?: readonly Mention[];
}

export function condition(
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
  generation: number | undefined,
  extra: Partial<Pick<PredictedCondition, 'basis' | 'alternatives' | 'mentions'>> = {},
): PredictedCondition {
  // One object shape for every condition (absent fields are undefined, which JSON omits): the
  // analyzer builds hundreds of thousands of them, and uniform shapes keep property access fast.
  return {
    type,
    status,
    reason,
    message,
    observedGeneration: generation,
    basis: extra.basis ?? 'spec',
    alternatives: extra.alternatives && extra.alternatives.length > 0 ? extra.alternatives : undefined,
    mentions: extra.mentions && extra.mentions.length > 0 ? extra.mentions : undefined,
  };
}

/** Finds a condition by type. */
export function findCondition<ConditionType extends Condition>(
  conditions: readonly ConditionType[] | undefined,
  type: string,
): ConditionType | undefined {
  // Reported status comes from the input: a missing list may be null as well as absent.
  if (!conditions) return undefined;
  for (const entry of conditions) if (entry.type === type) return entry;
  return undefined;
}

/** Drops gatemap's annotations so a condition is in the exact Gateway API status shape. */
export function toStatusCondition(predicted: PredictedCondition, lastTransitionTime: string): Condition {
  return {
    type: predicted.type,
    status: predicted.status,
    reason: predicted.reason,
    message: predicted.message,
    ...(predicted.observedGeneration === undefined
      ? {}
      : { observedGeneration: predicted.observedGeneration }),
    lastTransitionTime,
  };
}
