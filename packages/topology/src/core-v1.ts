/**
 * The core and multicluster objects Gateway API refers to. Secrets and ConfigMaps are kept by
 * metadata (plus, when a manifest carries it, their data keys), never more.
 */
import type { ObjectMeta } from './meta.ts';

interface Typed<KindName extends string> {
  readonly apiVersion: string;
  readonly kind: KindName;
  readonly metadata: ObjectMeta;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
  readonly appProtocol?: string;
  readonly targetPort?: number | string;
}

/** @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/ */
export interface Service extends Typed<'Service'> {
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly externalName?: string;
    readonly ports?: readonly ServicePort[];
    readonly selector?: Readonly<Record<string, string>>;
  };
}

/** @see https://github.com/kubernetes-sigs/mcs-api */
export interface ServiceImport extends Typed<'ServiceImport'> {
  readonly spec?: { readonly ports?: readonly ServicePort[]; readonly type?: string };
}

/** @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/namespace-v1/ */
export type Namespace = Typed<'Namespace'>;

/**
 * A Secret by metadata. `data` is present only when a manifest carried it; the live server reads
 * Secrets as metadata only, so a Secret that exists counts as usable unless its data is present
 * and malformed.
 */
export interface Secret extends Typed<'Secret'> {
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

/** A ConfigMap by metadata; `data` only when a manifest carried it. */
export interface ConfigMap extends Typed<'ConfigMap'> {
  readonly data?: Readonly<Record<string, string>>;
}
