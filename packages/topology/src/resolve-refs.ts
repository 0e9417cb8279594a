/**
 * The one place where references get their defaults. Every reference from one object to another
 * goes through here, so the spec's defaults (group, kind, namespace) are applied once and the
 * same way everywhere — a Route's parentRef without a namespace means the Route's namespace,
 * never "no namespace".
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendobjectreference
 */
import {
  CORE_GROUP,
  GATEWAY_GROUP,
  type BackendObjectReference,
  type ParentReference,
  type SecretObjectReference,
} from './gateway-api.ts';
import { objectKey, type ObjectKey } from './object-key.ts';

/** A reference with every default applied. */
export interface ResolvedRef {
  readonly group: string;
  readonly kind: string;
  /** Undefined only for cluster-scoped targets. */
  readonly namespace: string | undefined;
  readonly name: string;
  readonly key: ObjectKey;
  /** The referrer and the target live in different namespaces. */
  readonly crossNamespace: boolean;
}

export interface ResolvedParentRef extends ResolvedRef {
  readonly sectionName?: string;
  readonly port?: number;
}

export interface ResolvedBackendRef extends ResolvedRef {
  readonly port?: number;
  readonly weight: number;
}

function resolved(
  group: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  fromNamespace: string | undefined,
): ResolvedRef {
  return {
    group,
    kind,
    namespace,
    name,
    key: objectKey(group, kind, namespace, name),
    crossNamespace: namespace !== undefined && fromNamespace !== undefined && namespace !== fromNamespace,
  };
}

/**
 * ParentRef defaults: group `gateway.networking.k8s.io`, kind `Gateway`, the Route's namespace.
 * The engine shares equal resolutions between Routes (`SharedValues.parentRef`).
 */
export function resolveParentRef(routeNamespace: string, ref: ParentReference): ResolvedParentRef {
  const group = parentRefGroup(ref);
  const kind = parentRefKind(ref);
  const namespace = parentRefNamespace(routeNamespace, ref);
  const key = objectKey(group, kind, namespace, ref.name);
  return Object.freeze(parentRefOf({ routeNamespace, group, kind, namespace, ref, key }));
}

/**
 * The parentRef defaults one part at a time, for a lookup that must not allocate
 * (`SharedValues.parentRef` finds an equal resolution before it makes one).
 */
export function parentRefGroup(ref: { readonly group?: string }): string {
  return ref.group ?? GATEWAY_GROUP;
}

export function parentRefKind(ref: { readonly kind?: string }): string {
  return ref.kind ?? 'Gateway';
}

export function parentRefNamespace(routeNamespace: string, ref: { readonly namespace?: string }): string {
  return ref.namespace ?? routeNamespace;
}

/** A resolved parentRef from its defaulted parts and its key. */
export function parentRefOf({
  routeNamespace,
  group,
  kind,
  namespace,
  ref,
  key,
}: {
  readonly routeNamespace: string;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly ref: ParentReference;
  readonly key: ObjectKey;
}): ResolvedParentRef {
  // Built in one literal (not spread): one shape for every parentRef.
  return {
    group,
    kind,
    namespace,
    name: ref.name,
    key,
    crossNamespace: namespace !== routeNamespace,
    sectionName: ref.sectionName,
    port: ref.port,
  };
}

/**
 * BackendRef defaults: core group, kind `Service`, the Route's namespace, weight 1. `key`, when
 * given, is the target's key as already made (the key an existing object is kept under).
 */
export function resolveBackendRef(
  routeNamespace: string,
  ref: BackendObjectReference & { readonly weight?: number },
  key?: ObjectKey,
): ResolvedBackendRef {
  const group = backendRefGroup(ref);
  const kind = backendRefKind(ref);
  const namespace = backendRefNamespace(routeNamespace, ref);
  // Built in one literal (not spread): there is one per backendRef.
  return {
    group,
    kind,
    namespace,
    name: ref.name,
    key: key ?? objectKey(group, kind, namespace, ref.name),
    crossNamespace: namespace !== routeNamespace,
    port: ref.port,
    weight: ref.weight ?? 1,
  };
}

/**
 * The backendRef defaults one part at a time, for a check and a lookup before the reference is
 * resolved (a Route's analysis resolves it with the key its target is kept under).
 */
export function backendRefGroup(ref: { readonly group?: string }): string {
  return ref.group ?? CORE_GROUP;
}

export function backendRefKind(ref: { readonly kind?: string }): string {
  return ref.kind ?? 'Service';
}

export function backendRefNamespace(routeNamespace: string, ref: { readonly namespace?: string }): string {
  return ref.namespace ?? routeNamespace;
}

/** SecretObjectReference defaults: core group, kind `Secret`, the referrer's namespace. */
export function resolveSecretRef(ownerNamespace: string, ref: SecretObjectReference): ResolvedRef {
  return resolved(
    ref.group ?? CORE_GROUP,
    ref.kind ?? 'Secret',
    ref.namespace ?? ownerNamespace,
    ref.name,
    ownerNamespace,
  );
}

/** ObjectReference (frontend CA certificates): group and kind as written, namespace defaults local. */
export function resolveObjectRef(
  ownerNamespace: string,
  ref: { group?: string; kind?: string; name: string; namespace?: string },
): ResolvedRef {
  return resolved(
    ref.group ?? CORE_GROUP,
    ref.kind ?? 'ConfigMap',
    ref.namespace ?? ownerNamespace,
    ref.name,
    ownerNamespace,
  );
}

/** A Gateway's class: cluster-scoped, by name. */
export function resolveGatewayClassRef(className: string): ResolvedRef {
  return resolved(GATEWAY_GROUP, 'GatewayClass', undefined, className, undefined);
}

/** A ListenerSet's parent: defaults group `gateway.networking.k8s.io`, kind `Gateway`, local namespace. */
export function resolveListenerSetParent(
  setNamespace: string,
  ref: { group?: string; kind?: string; name: string; namespace?: string },
): ResolvedRef {
  return resolved(
    ref.group ?? GATEWAY_GROUP,
    ref.kind ?? 'Gateway',
    ref.namespace ?? setNamespace,
    ref.name,
    setNamespace,
  );
}

/** A policy's local target (same namespace; group is written out, `""` for core). */
export function resolveLocalRef(
  namespace: string,
  ref: { group?: string; kind: string; name: string },
): ResolvedRef {
  return resolved(ref.group ?? CORE_GROUP, ref.kind, namespace, ref.name, namespace);
}

/**
 * A policy's target (GEP-713): group as written (`""` for core), the policy's namespace unless a
 * `NamespacedPolicyTargetReference` names another, which makes the reference cross-namespace.
 */
export function resolvePolicyTargetRef(
  policyNamespace: string,
  ref: { group?: string; kind: string; name: string; namespace?: string },
): ResolvedRef {
  return resolved(
    ref.group ?? CORE_GROUP,
    ref.kind,
    ref.namespace ?? policyNamespace,
    ref.name,
    policyNamespace,
  );
}
