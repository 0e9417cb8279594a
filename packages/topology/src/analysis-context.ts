/**
 * What an analysis step may read. Every read is recorded by the engine as a dependency, which
 * is how a change to one object re-analyzes exactly the units that read it.
 */
import type { BackendTLSPolicy, GatewayClass, ListenerSet, ReferenceGrant } from './gateway-api.ts';
import type { DecodedObject } from './decode-object.ts';
import type { ObjectKey } from './object-key.ts';
import type { GatewayAnalysis, ListenerSetAnalysis, RouteAnalysis } from './analysis-results.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { SharedValues } from './shared-values.ts';

export interface AnalyzerOptions {
  /** Listener protocols the modelled controller supports. Default: the core set. */
  readonly protocols?: readonly string[];
  /** Whether TLS listeners in Terminate mode are supported (conformance feature TLSRouteModeTerminate). */
  readonly tlsTerminate?: boolean;
  /** Whether TLS-terminating and TLS Passthrough listeners may share a port (conformance feature TLSRouteModeMixed). */
  readonly mixedTlsModesOnPort?: boolean;
  /**
   * `verify`: an ExtensionRef filter whose object is not among the input is unresolved (right
   * for manifests, which hold everything). `trust`: not judged (a live cluster's extension kinds
   * are not watched).
   */
  readonly extensionRefs?: 'verify' | 'trust';
}

/** Kinds gatemap reads only where RBAC lets it, and whose absence it must not take for missing. */
export type ReadGuardedKind = 'Secret' | 'ConfigMap';

const CORE_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] as const;

export interface AnalysisContext {
  readonly options: Required<AnalyzerOptions>;
  /** Equal values shared between the objects this engine analyzes (this engine's own). */
  readonly shared: SharedValues;
  /** Any object by key (records the key, so creation of a missing object is noticed too). */
  get(key: ObjectKey): DecodedObject | undefined;
  /** True when an object with this group, kind, namespace and name exists, known kind or not. */
  exists(key: ObjectKey): boolean;
  gatewayClass(name: string): GatewayClass | undefined;
  /** ReferenceGrants that live in `namespace` (the target side of a reference). */
  grantsIn(namespace: string): readonly { readonly key: ObjectKey; readonly grant: ReferenceGrant }[];
  /** The labels of a Namespace; one not in the input still has `kubernetes.io/metadata.name`. */
  namespaceLabels(namespace: string): Readonly<Record<string, string>>;
  /** ListenerSets whose parentRef names this Gateway. */
  listenerSetsOf(gateway: ObjectKey): readonly { readonly key: ObjectKey; readonly set: ListenerSet }[];
  /** The analysis of a ListenerSet (analyzed before Routes). */
  listenerSetResult(key: ObjectKey): ListenerSetAnalysis | undefined;
  /** BackendTLSPolicies that target this Service. */
  policiesFor(service: ObjectKey): readonly { readonly key: ObjectKey; readonly policy: BackendTLSPolicy }[];
  /**
   * Whether gatemap may read objects of a guarded kind in a namespace: when not, a reference to
   * one that is absent is not checked, rather than missing (RBAC denies the read, not the object).
   */
  readable(kind: ReadGuardedKind, namespace: string): boolean;
  /** Items contributed to a tally by other units (e.g. the Routes using a ReferenceGrant). */
  tally(name: string): ReadonlySet<string>;
  /** Policies of discovered kinds (generic policies) whose targetRefs name this object. */
  policiesTargeting(target: ObjectKey): readonly GenericPolicy[];
  /** The analysis of a Route (analyzed before policies). */
  routeResult(key: ObjectKey): RouteAnalysis | undefined;
  /** The analysis of a Gateway (analyzed before ListenerSets and Routes). */
  gatewayResult(key: ObjectKey): GatewayAnalysis | undefined;
}

export const DEFAULT_OPTIONS: Required<AnalyzerOptions> = {
  protocols: CORE_PROTOCOLS,
  tlsTerminate: true,
  mixedTlsModesOnPort: true,
  extensionRefs: 'verify',
};
