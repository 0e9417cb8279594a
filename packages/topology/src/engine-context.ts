/**
 * The analysis context an engine's units read through: each read is recorded in the dependency
 * tracker under the key whose change must re-run the reader (an object's key, a bucket of the
 * secondary indexes, a guarded kind's readability, a tally), then answered from the engine's state.
 */
import type { AnalysisContext, AnalyzerOptions, ReadGuardedKind } from './analysis-context.ts';
import type { GatewayAnalysis, ListenerSetAnalysis } from './analysis-results.ts';
import type { RouteAnalysis } from './analyze-route.ts';
import type { DependencyTracker } from './dependency-tracker.ts';
import type { EngineSlot, UnitKind, UnitResult } from './engine-slot.ts';
import { dependency, type ObjectIndexes } from './object-indexes.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { remember } from './remember.ts';
import type { SharedValues } from './shared-values.ts';

/** The dependency key of a guarded kind's readability. */
export const readableKey = (kind: ReadGuardedKind) => `readable:${kind}`;

/** What the context reads from. */
export interface EngineState {
  readonly tracker: DependencyTracker<EngineSlot, UnitKind, UnitResult>;
  readonly indexes: ObjectIndexes;
  readonly shared: SharedValues;
  readonly options: Required<AnalyzerOptions>;
  /** Namespaces readable per guarded kind; a kind not here is readable everywhere. */
  readonly readableNamespaces: ReadonlyMap<ReadGuardedKind, ReadonlySet<string>>;
}

export function engineContext(state: EngineState): AnalysisContext {
  const { tracker, indexes, readableNamespaces } = state;
  // Namespace keys are built once per namespace. Bounded: names come from the input.
  const namespaceKeys = new Map<string, ObjectKey>();
  return {
    options: state.options,
    shared: state.shared,
    get(key) {
      return tracker.readSlot(key).object;
    },
    exists(key) {
      const slot = tracker.readSlot(key);
      return slot.object !== undefined || slot.unknown !== undefined;
    },
    gatewayClass(name) {
      const key = objectKey('gateway.networking.k8s.io', 'GatewayClass', undefined, name);
      const found = tracker.readSlot(key).object;
      return found?.role === 'gatewayclass' ? found.object : undefined;
    },
    grantsIn(namespace) {
      tracker.readSlot(dependency.grants(namespace));
      return indexes.grantsIn(namespace);
    },
    namespaceLabels(namespace) {
      const slot = tracker.readSlot(remember(namespaceKeys, namespace, 65_536, namespaceKey));
      return (slot.labels ??= Object.freeze({
        ...(slot.object?.object.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': namespace,
      }));
    },
    listenerSetsOf(gateway) {
      tracker.readSlot(dependency.listenerSets(gateway));
      return indexes.listenerSetsOf(gateway);
    },
    listenerSetResult(key) {
      const unit = tracker.readResult(key).unit;
      return unit?.kind === 'listenerset' ? (unit.result as ListenerSetAnalysis | undefined) : undefined;
    },
    gatewayResult(key) {
      const unit = tracker.readResult(key).unit;
      return unit?.kind === 'gateway' ? (unit.result as GatewayAnalysis | undefined) : undefined;
    },
    policiesTargeting(target) {
      tracker.readSlot(dependency.policiesOn(target));
      return indexes.policiesTargeting(target);
    },
    routeResult(key) {
      const unit = tracker.readResult(key).unit;
      return unit?.kind === 'route' ? (unit.result as RouteAnalysis | undefined) : undefined;
    },
    policiesFor(service) {
      tracker.readSlot(dependency.policies(service));
      return indexes.policiesFor(service);
    },
    readable(kind, namespace) {
      tracker.readSlot(readableKey(kind));
      return readableNamespaces.get(kind)?.has(namespace) ?? true;
    },
    tally(name) {
      return tracker.readTally(name);
    },
  };
}

const namespaceKey = (namespace: string) => objectKey('', 'Namespace', undefined, namespace);
