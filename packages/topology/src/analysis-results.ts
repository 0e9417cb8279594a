/**
 * What the analyzers produce for a Gateway, a ListenerSet, their listeners and a Route's backends.
 * The shapes live apart from the analyzers so that what reads them (the analysis context, the
 * engine's shared values) need not import the analyzers, which import the context.
 */
import type { PredictedCondition } from './conditions.ts';
import type { Finding } from './findings.ts';
import type { LabelSelector, RouteGroupKind, RouteKind } from './gateway-api.ts';
import type { ObjectKey } from './object-key.ts';
import type { ResolvedBackendRef } from './resolve-refs.ts';
import type { RouteParentAnalysis } from './route-scope.ts';

/** Which Route namespaces a listener admits. */
export type AllowedNamespaces =
  | { readonly from: 'All' }
  | { readonly from: 'Same'; readonly namespace: string }
  | { readonly from: 'Selector'; readonly selector: LabelSelector }
  | { readonly from: 'None'; readonly why: string };

export interface ListenerAnalysis {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
  readonly tlsMode?: string;
  /** Field path of the listener in its owner, e.g. `spec.listeners[2]`. */
  readonly field: string;
  /** The kinds status lists: none while the listener is not accepted (conformance expects []). */
  readonly supportedKinds: readonly Required<RouteGroupKind>[];
  /**
   * The kinds Routes attach through: those of `allowedRoutes` the protocol serves, whether or not
   * the listener is accepted. The spec bases attachment on `allowedRoutes` alone, never on status.
   */
  readonly attachableKinds: readonly Required<RouteGroupKind>[];
  /**
   * Kinds the spec lets an implementation serve here or not (TCPRoute on a TLS Terminate
   * listener). They are in neither list above; a controller that serves them lists them too.
   */
  readonly optionalKinds: readonly Required<RouteGroupKind>[];
  readonly allowed: AllowedNamespaces;
  readonly conditions: readonly PredictedCondition[];
  readonly accepted: boolean;
  readonly conflicted: boolean;
  readonly resolvedRefs: boolean;
}

export interface GatewayAnalysis {
  readonly key: ObjectKey;
  readonly generation: number | undefined;
  readonly className: string;
  /** The class's controllerName; undefined when the class does not exist. */
  readonly controllerName: string | undefined;
  /** A controller will process this Gateway: its GatewayClass exists. */
  readonly owned: boolean;
  readonly conditions: readonly PredictedCondition[];
  readonly listeners: readonly ListenerAnalysis[];
  readonly findings: readonly Finding[];
  readonly grantUses: ReadonlySet<ObjectKey>;
}

export interface ListenerSetAnalysis {
  readonly key: ObjectKey;
  readonly generation: number | undefined;
  readonly parent: ObjectKey;
  /** The parent Gateway exists and a controller owns it; otherwise status is left untouched. */
  readonly owned: boolean;
  readonly controllerName: string | undefined;
  readonly accepted: boolean;
  readonly conditions: readonly PredictedCondition[];
  readonly listeners: readonly ListenerAnalysis[];
  readonly findings: readonly Finding[];
  readonly grantUses: ReadonlySet<ObjectKey>;
}

export interface BackendAnalysis {
  /** Field path, e.g. `spec.rules[0].backendRefs[1]` or `spec.rules[0].filters[0].requestMirror.backendRef`. */
  readonly field: string;
  readonly rule: number;
  readonly role: 'backend' | 'mirror';
  readonly ref: ResolvedBackendRef;
  /** Share of the rule's traffic in percent (weights), for `backend` refs. */
  readonly share?: number;
  readonly resolved: boolean;
  readonly reason?: string;
  readonly message?: string;
  readonly grant?: ObjectKey;
}

/** What a Route's analysis found: its parents, backends, findings and the grants it uses. */
export interface RouteAnalysis {
  readonly key: ObjectKey;
  readonly kind: RouteKind;
  readonly generation: number | undefined;
  readonly parents: readonly RouteParentAnalysis[];
  readonly backends: readonly BackendAnalysis[];
  readonly findings: readonly Finding[];
  readonly grantUses: ReadonlySet<ObjectKey>;
}
