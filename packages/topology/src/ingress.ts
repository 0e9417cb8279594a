/**
 * Ingress and IngressClass (`networking.k8s.io/v1`), as gatemap reads them: the objects a
 * migration to the Gateway API starts from. Data only; decoding is in `decode-ingress.ts`,
 * coverage in `ingress-coverage.ts`.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/
 */
import type { ObjectMeta } from './meta.ts';

export const NETWORKING_GROUP = 'networking.k8s.io';

/** The deprecated class annotation, still honoured when `spec.ingressClassName` is unset (I1). */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The annotation that makes an IngressClass the default for new Ingresses (I1). */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** How an Ingress path is matched (I5–I7); the API server requires one of these. */
export type IngressPathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export const INGRESS_PATH_TYPES: readonly IngressPathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];

/** A Service port by `name` (a `spec.ports[].name` of the Service) or by `number`, one of the two (I11). */
export interface ServiceBackendPort {
  readonly name?: string;
  readonly number?: number;
}

/**
 * Where an Ingress sends a request: a Service of the Ingress's namespace, or a typed local
 * object (`resource`), one of the two (I11).
 */
export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: ServiceBackendPort };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
}

export interface HTTPIngressPath {
  /** Required by the API server for Exact and Prefix; absent means `/` to most controllers. */
  readonly path?: string;
  readonly pathType: IngressPathType;
  readonly backend: IngressBackend;
}

export interface IngressRule {
  /** A precise host or a single-label wildcard (`*.foo.com`, I2); absent means every host (I3). */
  readonly host?: string;
  readonly http?: { readonly paths: readonly HTTPIngressPath[] };
}

export interface IngressTLS {
  readonly hosts?: readonly string[];
  readonly secretName?: string;
}

/** @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/ */
export interface Ingress {
  readonly apiVersion: string;
  readonly kind: 'Ingress';
  readonly metadata: ObjectMeta;
  readonly spec?: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    readonly tls?: readonly IngressTLS[];
    readonly rules?: readonly IngressRule[];
  };
  readonly status?: {
    readonly loadBalancer?: {
      readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[];
    };
  };
}

/** @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-class-v1/ */
export interface IngressClass {
  readonly apiVersion: string;
  readonly kind: 'IngressClass';
  readonly metadata: ObjectMeta;
  readonly spec?: {
    /** The controller that serves the class's Ingresses, e.g. `k8s.io/ingress-nginx`. */
    readonly controller?: string;
    readonly parameters?: {
      readonly apiGroup?: string;
      readonly kind: string;
      readonly name: string;
      readonly scope?: string;
      readonly namespace?: string;
    };
  };
}

/**
 * The class an Ingress asks for: `spec.ingressClassName`, else the deprecated annotation (I1),
 * else undefined (served only by controllers that take class-less Ingresses).
 */
export function ingressClassOf(ingress: Ingress): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
}
