/**
 * Reported conditions beside the ones gatemap predicts for the same place (the object's status, a
 * listener, a parent, an ancestor), so that the two can be read side by side. Places are paired
 * by `conditionScopeKey`: parents and ancestors by the object their reference resolves to.
 */
import { conditionScope, conditionScopeKey, type ConditionPlace } from './condition-scope.ts';
import type { PredictedCondition } from './conditions.ts';
import type { Condition } from './meta.ts';
import type { PredictedStatus } from './predicted-status.ts';
import type { ReportedConditions } from './reported-conditions.ts';

export interface ConditionRow {
  /** The place as people read it; where both name it, as the prediction does. */
  readonly scope: string;
  readonly type: string;
  readonly reported: Condition | undefined;
  readonly predicted: PredictedCondition | undefined;
  /** The reported condition's observedGeneration is behind the object's generation. */
  readonly stale: boolean;
  /** Reported and predicted status or reason differ, where the prediction holds a controller to it. */
  readonly differs: boolean;
}

export interface ConditionsToPair {
  /** The namespace of the object whose status it is: its references default to it. */
  readonly namespace: string;
  /** The object's metadata.generation. */
  readonly generation?: number;
  readonly predicted: PredictedStatus | undefined;
  readonly reported: readonly ReportedConditions[];
}

/**
 * One row per place and condition type: places in the order first met (predicted ones first),
 * types in the order first met within their place.
 */
export function pairConditions({
  namespace,
  generation,
  predicted,
  reported,
}: ConditionsToPair): ConditionRow[] {
  const places = new Map<
    string,
    { readonly scope: string; readonly reported: Condition[]; readonly predicted: PredictedCondition[] }
  >();
  const placeOf = (place: ConditionPlace, scope = conditionScope(namespace, place)) => {
    const key = conditionScopeKey(namespace, place);
    let found = places.get(key);
    if (!found) places.set(key, (found = { scope, reported: [], predicted: [] }));
    return found;
  };
  for (const { place, conditions } of predictedPlaces(predicted))
    placeOf(place).predicted.push(...conditions);
  for (const entry of reported) placeOf(entry, entry.scope).reported.push(...entry.conditions);

  const rows: ConditionRow[] = [];
  for (const { scope, reported: got, predicted: want } of places.values()) {
    const types = new Set([...want.map((item) => item.type), ...got.map((item) => item.type)]);
    for (const type of types) {
      const reportedCondition = got.find((item) => item.type === type);
      const predictedCondition = want.find((item) => item.type === type);
      rows.push({
        scope,
        type,
        reported: reportedCondition,
        predicted: predictedCondition,
        stale:
          reportedCondition?.observedGeneration !== undefined &&
          generation !== undefined &&
          reportedCondition.observedGeneration < generation,
        // Runtime and unreadable (RBAC) predictions are Unknown: nothing to hold the controller to.
        differs:
          reportedCondition !== undefined &&
          predictedCondition !== undefined &&
          predictedCondition.basis !== 'runtime' &&
          predictedCondition.basis !== 'rbac' &&
          (reportedCondition.status !== predictedCondition.status ||
            reportedCondition.reason !== predictedCondition.reason),
      });
    }
  }
  return rows;
}

function predictedPlaces(
  predicted: PredictedStatus | undefined,
): { readonly place: ConditionPlace; readonly conditions: readonly PredictedCondition[] }[] {
  switch (predicted?.kind) {
    case 'gateway':
    case 'listenerset':
      return [
        { place: {}, conditions: predicted.status.conditions },
        ...predicted.status.listeners.map((listener) => ({
          place: { listener: listener.name },
          conditions: listener.conditions,
        })),
      ];
    case 'gatewayclass':
    case 'flat-policy':
      return [{ place: {}, conditions: predicted.status.conditions }];
    case 'route':
      return predicted.status.parents.map(({ parentRef, conditions }) => ({
        place: { parentRef },
        conditions,
      }));
    case 'policy':
      return predicted.status.ancestors.map(({ ancestorRef, conditions }) => ({
        place: { ancestorRef },
        conditions,
      }));
    default:
      return [];
  }
}
