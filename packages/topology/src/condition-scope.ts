/**
 * Where a list of conditions sits in an object's status: the object's own conditions, a
 * listener's (ListenerStatus), a parent's (RouteParentStatus) or an ancestor's
 * (PolicyAncestorStatus). Parents and ancestors are references, read through the resolver
 * (resolve-refs.ts): a reference written with its defaults and one written without them are the
 * same place.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus
 */
import type { ParentReference } from './gateway-api.ts';
import { resolveParentRef } from './resolve-refs.ts';

/** At most one field is set; none means the object's own `status.conditions`. */
export interface ConditionPlace {
  /** A listener's status, by the listener's name. */
  readonly listener?: string;
  /** A parent's status, by the parentRef as the controller (or gatemap) wrote it. */
  readonly parentRef?: ParentReference;
  /** A policy ancestor's status, by the ancestorRef as written. */
  readonly ancestorRef?: ParentReference;
}

/**
 * The place as people read it: `status`, `listener http`, `parent Gateway infra/web (https)`,
 * `ancestor Gateway infra/web`. References are named with their defaults applied, from the
 * namespace of the object whose status it is.
 */
export function conditionScope(objectNamespace: string, place: ConditionPlace): string {
  const ref = place.parentRef ?? place.ancestorRef;
  if (ref) {
    const resolved = resolveParentRef(objectNamespace, ref);
    const section = resolved.sectionName ? ` (${resolved.sectionName})` : '';
    return `${place.parentRef ? 'parent' : 'ancestor'} ${resolved.kind} ${resolved.namespace}/${resolved.name}${section}`;
  }
  return place.listener === undefined ? 'status' : `listener ${place.listener}`;
}

/**
 * What identifies the place: equal for the same listener, and for references that resolve to the
 * same object, whichever section or port of it they name.
 */
export function conditionScopeKey(objectNamespace: string, place: ConditionPlace): string {
  if (place.parentRef) return `parent ${resolveParentRef(objectNamespace, place.parentRef).key}`;
  if (place.ancestorRef) return `ancestor ${resolveParentRef(objectNamespace, place.ancestorRef).key}`;
  return place.listener === undefined ? 'status' : `listener ${place.listener}`;
}
