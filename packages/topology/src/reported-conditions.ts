/**
 * The conditions a controller wrote in an object's status, listed by where they sit (see
 * condition-scope.ts), as the object details of the API carry them.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routestatus
 */
import { conditionScope, type ConditionPlace } from './condition-scope.ts';
import type { GatewayStatus, ParentReference, Route } from './gateway-api.ts';
import type { Condition, KubeObject } from './meta.ts';

export interface ReportedConditions extends ConditionPlace {
  /** Where they sit, as people read it (`conditionScope`). */
  readonly scope: string;
  /** The controller that wrote a parent's or an ancestor's entry. */
  readonly controllerName?: string;
  readonly conditions: readonly Condition[];
  /** A listener's attachedRoutes, as reported. */
  readonly attachedRoutes?: number;
}

/** The object's reported conditions: its own, then its listeners', parents' and ancestors'. */
export function reportedConditions(object: KubeObject): ReportedConditions[] {
  const status = object.status as
    | (GatewayStatus &
        Route['status'] & {
          conditions?: unknown;
          ancestors?: { ancestorRef: ParentReference; controllerName: string; conditions?: Condition[] }[];
        })
    | undefined;
  if (!status) return [];
  const namespace = object.metadata.namespace ?? 'default';
  const out: ReportedConditions[] = [];
  if (status.conditions) out.push({ scope: 'status', conditions: status.conditions as Condition[] });
  for (const listener of status.listeners ?? [])
    out.push({
      scope: conditionScope(namespace, { listener: listener.name }),
      listener: listener.name,
      conditions: listener.conditions ?? [],
      attachedRoutes: listener.attachedRoutes,
    });
  for (const { parentRef, controllerName, conditions } of status.parents ?? [])
    out.push({
      scope: conditionScope(namespace, { parentRef }),
      parentRef,
      controllerName,
      conditions: conditions ?? [],
    });
  for (const { ancestorRef, controllerName, conditions } of status.ancestors ?? [])
    out.push({
      scope: conditionScope(namespace, { ancestorRef }),
      ancestorRef,
      controllerName,
      conditions: conditions ?? [],
    });
  return out;
}
