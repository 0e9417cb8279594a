/**
 * The drill-down's conditions table: each condition the controller reported beside the one
 * gatemap predicts for the same place (the object's status, a listener, a parent), so the two
 * can be read side by side. Scopes are named as the API names reported ones: `status`,
 * `listener <name>`, `parent <Kind> <namespace>/<name>`.
 */
import type { Condition, ObjectResponse, ParentReference, PredictedCondition } from '@gatemap/topology';

export interface ConditionRow {
  readonly scope: string;
  readonly type: string;
  readonly reported: Condition | undefined;
  readonly predicted: PredictedCondition | undefined;
  /** The reported condition's observedGeneration is behind the object's generation. */
  readonly stale: boolean;
  /** Reported and predicted status or reason differ. */
  readonly differs: boolean;
}

function parentScope(prefix: string, ref: ParentReference, namespace: string): string {
  const section = ref.sectionName ? ` (${ref.sectionName})` : '';
  return `${prefix} ${ref.kind ?? 'Gateway'} ${ref.namespace ?? namespace}/${ref.name}${section}`;
}

/** Lower case, without a trailing section in parentheses: how scopes are matched. */
function scopeKey(scope: string): string {
  return scope
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function predictedScopes(
  response: ObjectResponse,
): { scope: string; conditions: readonly PredictedCondition[] }[] {
  const predicted = response.predicted;
  const namespace = response.node.namespace ?? 'default';
  if (!predicted) return [];
  switch (predicted.kind) {
    case 'gateway':
    case 'listenerset':
      return [
        { scope: 'status', conditions: predicted.status.conditions },
        ...predicted.status.listeners.map((listener) => ({
          scope: `listener ${listener.name}`,
          conditions: listener.conditions,
        })),
      ];
    case 'gatewayclass':
      return [{ scope: 'status', conditions: predicted.status.conditions }];
    case 'route':
      return predicted.status.parents.map((parent) => ({
        scope: parentScope('parent', parent.parentRef, namespace),
        conditions: parent.conditions,
      }));
    case 'policy':
      return predicted.status.ancestors.map((ancestor) => ({
        scope: parentScope('ancestor', ancestor.ancestorRef, namespace),
        conditions: ancestor.conditions,
      }));
    default:
      return [];
  }
}

export function conditionRows(response: ObjectResponse): ConditionRow[] {
  const generation = response.node.generation;
  const scopes = new Map<string, { scope: string; reported: Condition[]; predicted: PredictedCondition[] }>();
  const entry = (scope: string) => {
    const key = scopeKey(scope);
    let found = scopes.get(key);
    if (!found) {
      found = { scope, reported: [], predicted: [] };
      scopes.set(key, found);
    }
    return found;
  };
  for (const item of predictedScopes(response)) entry(item.scope).predicted.push(...item.conditions);
  for (const item of response.reported) entry(item.scope).reported.push(...item.conditions);

  const rows: ConditionRow[] = [];
  for (const { scope, reported, predicted } of scopes.values()) {
    const types = [...new Set([...predicted.map((item) => item.type), ...reported.map((item) => item.type)])];
    for (const type of types) {
      const got = reported.find((item) => item.type === type);
      const want = predicted.find((item) => item.type === type);
      rows.push({
        scope,
        type,
        reported: got,
        predicted: want,
        stale:
          got?.observedGeneration !== undefined &&
          generation !== undefined &&
          got.observedGeneration < generation,
        differs:
          got !== undefined &&
          want !== undefined &&
          want.basis !== 'runtime' &&
          want.basis !== 'rbac' &&
          (got.status !== want.status || got.reason !== want.reason),
      });
    }
  }
  return rows;
}
