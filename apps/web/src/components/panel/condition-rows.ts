/**
 * The drill-down's conditions table: each condition the controller reported beside the one
 * gatemap predicts for the same place, paired by the core (pair-conditions.ts).
 */
import { pairConditions, type ConditionRow, type ObjectResponse } from '@gatemap/topology';

export function conditionRows(response: ObjectResponse): ConditionRow[] {
  return pairConditions({
    namespace: response.node.namespace ?? 'default',
    generation: response.node.generation,
    predicted: response.predicted,
    reported: response.reported,
  });
}
