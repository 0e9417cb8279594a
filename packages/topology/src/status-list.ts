/**
 * `analyze --status`: the input Gateways, ListenerSets, Routes, BackendTLSPolicies and policies
 * of discovered kinds with `.status` filled as a conformant controller would write it, as a
 * Kubernetes List.
 */
import { toStatusCondition } from './conditions.ts';
import type { TopologyEngine } from './engine.ts';
import type { KubeObject } from './meta.ts';
import type { ObjectKey } from './object-key.ts';
import { predictStatus } from './predicted-status.ts';

export interface KubeList {
  readonly apiVersion: 'v1';
  readonly kind: 'List';
  readonly items: readonly KubeObject[];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Removes server bookkeeping that is noise in output: managedFields and kubectl's last-applied copy. */
export function withoutBookkeeping(object: KubeObject): KubeObject {
  const { managedFields: _managed, annotations, ...metadata } = object.metadata;
  const kept = annotations
    ? Object.fromEntries(Object.entries(annotations).filter(([name]) => name !== LAST_APPLIED))
    : undefined;
  return {
    ...object,
    metadata: { ...metadata, ...(kept && Object.keys(kept).length > 0 ? { annotations: kept } : {}) },
  };
}

export function buildStatusList(
  engine: TopologyEngine,
  keys: readonly ObjectKey[],
  lastTransitionTime: string,
): KubeList {
  const items: KubeObject[] = [];
  for (const key of keys) {
    const object =
      engine.object(key)?.object ??
      (engine.genericPolicyObject(key) === undefined ? undefined : engine.unknownObject(key)?.object);
    const predicted = predictStatus(engine, key);
    if (!object || !predicted || predicted.kind === 'gatewayclass') continue;
    const strip = (conditions: Parameters<typeof toStatusCondition>[0][]) =>
      conditions.map((item) => toStatusCondition(item, lastTransitionTime));
    let status: unknown;
    switch (predicted.kind) {
      case 'gateway':
      case 'listenerset':
        status = {
          conditions: strip([...predicted.status.conditions]),
          listeners: predicted.status.listeners.map((listener) => ({
            name: listener.name,
            supportedKinds: listener.supportedKinds,
            attachedRoutes: listener.attachedRoutes,
            conditions: strip([...listener.conditions]),
          })),
          ...(predicted.status.attachedListenerSets === undefined
            ? {}
            : { attachedListenerSets: predicted.status.attachedListenerSets }),
        };
        break;
      case 'route':
        status = {
          parents: predicted.status.parents.map((parent) => ({
            parentRef: parent.parentRef,
            controllerName: parent.controllerName,
            conditions: strip([...parent.conditions]),
          })),
        };
        break;
      case 'policy':
        status = {
          ancestors: predicted.status.ancestors.map((ancestor) => ({
            ancestorRef: ancestor.ancestorRef,
            controllerName: ancestor.controllerName,
            conditions: strip([...ancestor.conditions]),
          })),
        };
        break;
      case 'flat-policy':
        status = { conditions: strip([...predicted.status.conditions]) };
        break;
    }
    items.push({ ...withoutBookkeeping(object), status });
  }
  return { apiVersion: 'v1', kind: 'List', items };
}
