/**
 * The status a conformant controller would write, in the Gateway API status shape, from the
 * engine's analysis. Conditions keep gatemap's `basis` annotations; `toStatusCondition` strips
 * them for output that must be exactly the API's shape.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routestatus
 */
import type { PredictedCondition } from './conditions.ts';
import { objectOfKind } from './decode-object.ts';
import type { TopologyEngine } from './engine.ts';
import { GATEWAY_GROUP, type ParentReference, type RouteGroupKind } from './gateway-api.ts';
import { kindInfo } from './kinds.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';

interface PredictedListenerStatus {
  readonly name: string;
  readonly supportedKinds: readonly Required<RouteGroupKind>[];
  readonly attachedRoutes: number;
  readonly conditions: readonly PredictedCondition[];
}

interface PredictedGatewayStatus {
  readonly conditions: readonly PredictedCondition[];
  readonly listeners: readonly PredictedListenerStatus[];
  readonly attachedListenerSets?: number;
}

interface PredictedRouteParentStatus {
  readonly parentRef: ParentReference;
  readonly controllerName: string;
  readonly conditions: readonly PredictedCondition[];
}

/** An ancestor entry; `sectionName` is the listener a policy on a listener names. */
interface PredictedPolicyAncestorStatus {
  readonly ancestorRef: ParentReference;
  readonly controllerName: string;
  readonly conditions: readonly PredictedCondition[];
}

export type PredictedStatus =
  | { readonly kind: 'gateway' | 'listenerset'; readonly status: PredictedGatewayStatus }
  | { readonly kind: 'route'; readonly status: { readonly parents: readonly PredictedRouteParentStatus[] } }
  | {
      readonly kind: 'policy';
      readonly status: { readonly ancestors: readonly PredictedPolicyAncestorStatus[] };
    }
  /** A policy of a discovered kind whose status is flat conditions (P21). */
  | { readonly kind: 'flat-policy'; readonly status: { readonly conditions: readonly PredictedCondition[] } }
  | {
      readonly kind: 'gatewayclass';
      readonly status: { readonly conditions: readonly PredictedCondition[] };
    };

/** The predicted status of an object, or undefined for kinds without status or unknown keys. */
export function predictStatus(engine: TopologyEngine, key: ObjectKey): PredictedStatus | undefined {
  const gateway = engine.gateway(key);
  if (gateway) {
    const hasSets = objectOfKind(engine.object(key), 'Gateway')?.spec.allowedListeners !== undefined;
    return {
      kind: 'gateway',
      status: {
        conditions: gateway.conditions,
        listeners: gateway.owned
          ? gateway.listeners.map((listener) => ({
              name: listener.name,
              supportedKinds: listener.supportedKinds,
              attachedRoutes: engine.attachedRouteCount(key, listener.name),
              conditions: listener.conditions,
            }))
          : [],
        ...(gateway.owned && (hasSets || engine.attachedListenerSetCount(key) > 0)
          ? { attachedListenerSets: engine.attachedListenerSetCount(key) }
          : {}),
      },
    };
  }
  const set = engine.listenerSet(key);
  if (set) {
    return {
      kind: 'listenerset',
      status: {
        conditions: set.conditions,
        listeners: set.listeners.map((listener) => ({
          name: listener.name,
          supportedKinds: listener.supportedKinds,
          attachedRoutes: engine.attachedRouteCount(key, listener.name),
          conditions: listener.conditions,
        })),
      },
    };
  }
  const route = engine.route(key);
  if (route) {
    return {
      kind: 'route',
      status: {
        parents: route.parents
          .filter((parent) => parent.written && parent.controllerName !== undefined)
          .map((parent) => ({
            parentRef: parent.parentRef,
            controllerName: parent.controllerName ?? '',
            conditions: parent.conditions,
          })),
      },
    };
  }
  const policy = engine.policy(key);
  if (policy) {
    return {
      kind: 'policy',
      status: {
        ancestors: policy.ancestors
          .filter((ancestor) => ancestor.controllerName !== undefined)
          .map((ancestor) => {
            const [, namespace = '', name = ''] = ancestor.gateway.split('/');
            return {
              ancestorRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace, name },
              controllerName: ancestor.controllerName ?? '',
              conditions: ancestor.conditions,
            };
          }),
      },
    };
  }
  const generic = engine.genericPolicy(key);
  if (generic) {
    const read = engine.genericPolicyObject(key);
    // A kind known only by name (`--policy-kinds`) has no schema: its object's own status tells
    // the shape (Kuadrant's unlabelled kinds write flat conditions, P21).
    const flat =
      read?.kind.status === 'conditions' ||
      (read?.kind.status === 'unknown' && read.ancestors === undefined && read.conditions !== undefined);
    if (flat) return { kind: 'flat-policy', status: { conditions: generic.conditions } };
    return {
      kind: 'policy',
      status: {
        ancestors: generic.ancestors
          .filter((ancestor) => ancestor.controllerName !== undefined)
          .map((ancestor) => {
            const { kind, namespace = '', name } = parseObjectKey(ancestor.ancestor);
            return {
              ancestorRef: {
                group: kindInfo(kind)?.group ?? GATEWAY_GROUP,
                kind,
                namespace,
                name,
                ...(ancestor.sectionName === undefined ? {} : { sectionName: ancestor.sectionName }),
              },
              controllerName: ancestor.controllerName ?? '',
              conditions: ancestor.conditions,
            };
          }),
      },
    };
  }
  const gatewayClass = engine.gatewayClass(key);
  if (gatewayClass) return { kind: 'gatewayclass', status: { conditions: gatewayClass.conditions } };
  return undefined;
}
