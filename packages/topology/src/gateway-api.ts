/**
 * Gateway API object shapes (v1, with the fields of v1alpha2/v1alpha3/v1beta1 that still matter).
 * Field names follow the spec exactly; every field a user may omit is optional here, and defaults
 * are applied by the resolvers, never by mutating these objects.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */
import type { Condition, ObjectMeta } from './meta.ts';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_X_GROUP = 'gateway.networking.x-k8s.io';
export const CORE_GROUP = '';
export const MULTICLUSTER_GROUP = 'multicluster.x-k8s.io';

interface Typed<KindName extends string> {
  readonly apiVersion: string;
  readonly kind: KindName;
  readonly metadata: ObjectMeta;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#parametersreference */
interface ParametersReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayclass */
export interface GatewayClass extends Typed<'GatewayClass'> {
  readonly spec: {
    readonly controllerName: string;
    readonly parametersRef?: ParametersReference;
    readonly description?: string;
  };
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#secretobjectreference */
export interface SecretObjectReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#objectreference */
interface ObjectReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  readonly values?: readonly string[];
}

/** @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/ */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface RouteGroupKind {
  readonly group?: string;
  readonly kind: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes */
interface AllowedRoutes {
  readonly namespaces?: {
    readonly from?: 'All' | 'Same' | 'Selector' | string;
    readonly selector?: LabelSelector;
  };
  readonly kinds?: readonly RouteGroupKind[];
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#listenertlsconfig */
interface ListenerTLSConfig {
  readonly mode?: 'Terminate' | 'Passthrough' | string;
  readonly certificateRefs?: readonly SecretObjectReference[];
  readonly options?: Readonly<Record<string, string>>;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#listener */
export interface Listener {
  readonly name: string;
  readonly hostname?: string;
  readonly port: number;
  readonly protocol: string;
  readonly tls?: ListenerTLSConfig;
  readonly allowedRoutes?: AllowedRoutes;
}

interface FrontendTLSValidation {
  readonly caCertificateRefs?: readonly ObjectReference[];
  readonly mode?: 'AllowValidOnly' | 'AllowInsecureFallback' | string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig */
interface GatewayTLSConfig {
  readonly backend?: { readonly clientCertificateRef?: SecretObjectReference };
  readonly frontend?: {
    readonly default?: { readonly validation?: FrontendTLSValidation };
    readonly perPort?: readonly {
      readonly port: number;
      readonly tls?: { readonly validation?: FrontendTLSValidation };
    }[];
  };
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway */
export interface Gateway extends Typed<'Gateway'> {
  readonly spec: {
    readonly gatewayClassName: string;
    readonly listeners: readonly Listener[];
    readonly addresses?: readonly { readonly type?: string; readonly value?: string }[];
    readonly infrastructure?: {
      readonly parametersRef?: { readonly group: string; readonly kind: string; readonly name: string };
      readonly labels?: Readonly<Record<string, string>>;
      readonly annotations?: Readonly<Record<string, string>>;
    };
    readonly tls?: GatewayTLSConfig;
    readonly allowedListeners?: {
      readonly namespaces?: {
        readonly from?: 'All' | 'Same' | 'Selector' | 'None' | string;
        readonly selector?: LabelSelector;
      };
    };
  };
  readonly status?: GatewayStatus;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerstatus */
export interface ListenerStatus {
  readonly name: string;
  readonly supportedKinds: readonly RouteGroupKind[];
  readonly attachedRoutes: number;
  readonly conditions: readonly Condition[];
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus */
export interface GatewayStatus {
  readonly addresses?: readonly { readonly type?: string; readonly value: string }[];
  readonly conditions?: readonly Condition[];
  readonly listeners?: readonly ListenerStatus[];
  readonly attachedListenerSets?: number;
}

/** A listener of a ListenerSet: the same shape as a Gateway's. */
type ListenerEntry = Listener;

type ListenerSetKind = 'ListenerSet' | 'XListenerSet';

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset */
export interface ListenerSet<Kind extends ListenerSetKind = ListenerSetKind> extends Typed<Kind> {
  readonly spec: {
    readonly parentRef: {
      readonly group?: string;
      readonly kind?: string;
      readonly name: string;
      readonly namespace?: string;
    };
    readonly listeners: readonly ListenerEntry[];
  };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly listeners?: readonly ListenerStatus[];
  };
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference */
export interface ParentReference {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#backendobjectreference */
export interface BackendObjectReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
}

interface HTTPHeaderMatch {
  readonly type?: string;
  readonly name: string;
  readonly value: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch */
interface HTTPRouteMatch {
  readonly path?: { readonly type?: string; readonly value?: string };
  readonly headers?: readonly HTTPHeaderMatch[];
  readonly queryParams?: readonly HTTPHeaderMatch[];
  readonly method?: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter */
export interface HTTPRouteFilter {
  readonly type: string;
  readonly requestMirror?: {
    readonly backendRef: BackendObjectReference;
    readonly percent?: number;
    readonly fraction?: { readonly numerator: number; readonly denominator?: number };
  };
  readonly requestRedirect?: Readonly<Record<string, unknown>>;
  readonly urlRewrite?: Readonly<Record<string, unknown>>;
  readonly requestHeaderModifier?: Readonly<Record<string, unknown>>;
  readonly responseHeaderModifier?: Readonly<Record<string, unknown>>;
  readonly extensionRef?: { readonly group: string; readonly kind: string; readonly name: string };
  readonly [field: string]: unknown;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref */
export interface BackendRef extends BackendObjectReference {
  readonly weight?: number;
  readonly filters?: readonly HTTPRouteFilter[];
}

/** One rule of any Route kind; fields a kind lacks are simply absent. */
export interface RouteRule {
  readonly name?: string;
  readonly matches?: readonly HTTPRouteMatch[] | readonly Readonly<Record<string, unknown>>[];
  readonly filters?: readonly HTTPRouteFilter[];
  readonly backendRefs?: readonly BackendRef[];
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
  readonly [field: string]: unknown;
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus */
interface RouteParentStatus {
  readonly parentRef: ParentReference;
  readonly controllerName: string;
  readonly conditions: readonly Condition[];
}

/** HTTPRoute, GRPCRoute, TLSRoute, TCPRoute and UDPRoute share this shape. */
export interface Route<Kind extends RouteKind = RouteKind> extends Typed<Kind> {
  readonly spec: {
    readonly parentRefs?: readonly ParentReference[];
    readonly hostnames?: readonly string[];
    readonly rules?: readonly RouteRule[];
  };
  readonly status?: { readonly parents?: readonly RouteParentStatus[] };
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#referencegrant */
export interface ReferenceGrant extends Typed<'ReferenceGrant'> {
  readonly spec: {
    readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[];
    readonly to: readonly { readonly group: string; readonly kind: string; readonly name?: string }[];
  };
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#localpolicytargetreferencewithsectionname */
export interface LocalPolicyTargetReferenceWithSectionName {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly sectionName?: string;
}

/** @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicy */
export interface BackendTLSPolicy extends Typed<'BackendTLSPolicy'> {
  readonly spec: {
    readonly targetRefs?: readonly LocalPolicyTargetReferenceWithSectionName[];
    /** v1alpha2's single target, read when `targetRefs` is absent. */
    readonly targetRef?: LocalPolicyTargetReferenceWithSectionName;
    readonly validation: {
      readonly caCertificateRefs?: readonly {
        readonly group: string;
        readonly kind: string;
        readonly name: string;
      }[];
      readonly wellKnownCACertificates?: string;
      readonly hostname: string;
    };
  };
  readonly status?: {
    readonly ancestors?: readonly {
      readonly ancestorRef: ParentReference;
      readonly controllerName: string;
      readonly conditions: readonly Condition[];
    }[];
  };
}
