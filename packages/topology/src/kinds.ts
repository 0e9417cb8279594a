/**
 * The kinds gatemap understands, as rows of one table: adding a kind adds a row (and its shape
 * and role to `KnownKinds`).
 * Versions are those still served by clusters in the field; an object of a listed kind with an
 * unlisted version is kept and reported, never dropped silently.
 */
import type { ConfigMap, Namespace, Secret, Service, ServiceImport } from './core-v1.ts';
import {
  CORE_GROUP,
  GATEWAY_GROUP,
  GATEWAY_X_GROUP,
  MULTICLUSTER_GROUP,
  type BackendTLSPolicy,
  type Gateway,
  type GatewayClass,
  type ListenerSet,
  type ReferenceGrant,
  type Route,
} from './gateway-api.ts';
import { NETWORKING_GROUP, type Ingress, type IngressClass } from './ingress.ts';

/**
 * What gatemap reads each kind it understands as (its shape), and the role the kind plays: the
 * types of the rows of `KINDS`, where the compiler holds each row to its kind's role.
 */
interface KnownKinds {
  readonly GatewayClass: { readonly shape: GatewayClass; readonly role: 'gatewayclass' };
  readonly Gateway: { readonly shape: Gateway; readonly role: 'gateway' };
  readonly HTTPRoute: { readonly shape: Route<'HTTPRoute'>; readonly role: 'route' };
  readonly GRPCRoute: { readonly shape: Route<'GRPCRoute'>; readonly role: 'route' };
  readonly TLSRoute: { readonly shape: Route<'TLSRoute'>; readonly role: 'route' };
  readonly TCPRoute: { readonly shape: Route<'TCPRoute'>; readonly role: 'route' };
  readonly UDPRoute: { readonly shape: Route<'UDPRoute'>; readonly role: 'route' };
  readonly ReferenceGrant: { readonly shape: ReferenceGrant; readonly role: 'referencegrant' };
  readonly ListenerSet: { readonly shape: ListenerSet<'ListenerSet'>; readonly role: 'listenerset' };
  readonly XListenerSet: { readonly shape: ListenerSet<'XListenerSet'>; readonly role: 'listenerset' };
  readonly BackendTLSPolicy: { readonly shape: BackendTLSPolicy; readonly role: 'policy' };
  readonly Service: { readonly shape: Service; readonly role: 'backend' };
  readonly ServiceImport: { readonly shape: ServiceImport; readonly role: 'backend' };
  readonly Namespace: { readonly shape: Namespace; readonly role: 'namespace' };
  readonly Secret: { readonly shape: Secret; readonly role: 'secret' };
  readonly ConfigMap: { readonly shape: ConfigMap; readonly role: 'configmap' };
  readonly Ingress: { readonly shape: Ingress; readonly role: 'ingress' };
  readonly IngressClass: { readonly shape: IngressClass; readonly role: 'ingressclass' };
}

export type KnownKind = keyof KnownKinds;

export type KindRole = KnownKinds[KnownKind]['role'];

/** The shape gatemap reads a known kind as: `KindShape<'HTTPRoute'>` is a `Route<'HTTPRoute'>`. */
export type KindShape<Kind extends KnownKind> = KnownKinds[Kind]['shape'];

export type RoleOf<Kind extends KnownKind> = KnownKinds[Kind]['role'];

/** The kinds that play a role: `KindOfRole<'route'>` is the five Route kinds. */
export type KindOfRole<Role extends KindRole> = {
  readonly [Kind in KnownKind]: RoleOf<Kind> extends Role ? Kind : never;
}[KnownKind];

interface KindRow<Kind extends KnownKind> {
  readonly kind: Kind;
  readonly group: string;
  /** Versions in order of preference (storage/newest first). */
  readonly versions: readonly string[];
  readonly namespaced: boolean;
  readonly role: RoleOf<Kind>;
  /** Lower-case plural used in API paths. */
  readonly plural: string;
  /** Read as metadata only by the live server. */
  readonly metadataOnly?: boolean;
}

/** A row of `KINDS`; `KindInfo<'Gateway'>` is the Gateway's, whose role is `gateway`. */
export type KindInfo<Kind extends KnownKind = KnownKind> = { readonly [Each in Kind]: KindRow<Each> }[Kind];

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'GatewayClass',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1beta1'],
    namespaced: false,
    role: 'gatewayclass',
    plural: 'gatewayclasses',
  },
  {
    kind: 'Gateway',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1beta1'],
    namespaced: true,
    role: 'gateway',
    plural: 'gateways',
  },
  {
    kind: 'HTTPRoute',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1beta1'],
    namespaced: true,
    role: 'route',
    plural: 'httproutes',
  },
  {
    kind: 'GRPCRoute',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1alpha2'],
    namespaced: true,
    role: 'route',
    plural: 'grpcroutes',
  },
  {
    kind: 'TLSRoute',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1alpha3', 'v1alpha2'],
    namespaced: true,
    role: 'route',
    plural: 'tlsroutes',
  },
  {
    kind: 'TCPRoute',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1alpha2'],
    namespaced: true,
    role: 'route',
    plural: 'tcproutes',
  },
  {
    kind: 'UDPRoute',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1alpha2'],
    namespaced: true,
    role: 'route',
    plural: 'udproutes',
  },
  {
    kind: 'ReferenceGrant',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1beta1', 'v1alpha2'],
    namespaced: true,
    role: 'referencegrant',
    plural: 'referencegrants',
  },
  {
    kind: 'ListenerSet',
    group: GATEWAY_GROUP,
    versions: ['v1'],
    namespaced: true,
    role: 'listenerset',
    plural: 'listenersets',
  },
  {
    kind: 'XListenerSet',
    group: GATEWAY_X_GROUP,
    versions: ['v1alpha1'],
    namespaced: true,
    role: 'listenerset',
    plural: 'xlistenersets',
  },
  {
    kind: 'BackendTLSPolicy',
    group: GATEWAY_GROUP,
    versions: ['v1', 'v1alpha3'],
    namespaced: true,
    role: 'policy',
    plural: 'backendtlspolicies',
  },
  {
    kind: 'Service',
    group: CORE_GROUP,
    versions: ['v1'],
    namespaced: true,
    role: 'backend',
    plural: 'services',
  },
  {
    kind: 'ServiceImport',
    group: MULTICLUSTER_GROUP,
    versions: ['v1alpha1'],
    namespaced: true,
    role: 'backend',
    plural: 'serviceimports',
  },
  {
    kind: 'Namespace',
    group: CORE_GROUP,
    versions: ['v1'],
    namespaced: false,
    role: 'namespace',
    plural: 'namespaces',
  },
  {
    kind: 'Secret',
    group: CORE_GROUP,
    versions: ['v1'],
    namespaced: true,
    role: 'secret',
    plural: 'secrets',
    metadataOnly: true,
  },
  {
    kind: 'ConfigMap',
    group: CORE_GROUP,
    versions: ['v1'],
    namespaced: true,
    role: 'configmap',
    plural: 'configmaps',
    metadataOnly: true,
  },
  {
    kind: 'Ingress',
    group: NETWORKING_GROUP,
    versions: ['v1'],
    namespaced: true,
    role: 'ingress',
    plural: 'ingresses',
  },
  {
    kind: 'IngressClass',
    group: NETWORKING_GROUP,
    versions: ['v1'],
    namespaced: false,
    role: 'ingressclass',
    plural: 'ingressclasses',
  },
];

const byKind: ReadonlyMap<string, KindInfo> = new Map(KINDS.map((info) => [info.kind, info]));
// Nested by group then kind, so a lookup builds no string (it runs for every reference).
const byGroupKind: ReadonlyMap<string, ReadonlyMap<string, KindInfo>> = groupByGroup(KINDS);

function groupByGroup(kinds: readonly KindInfo[]): ReadonlyMap<string, ReadonlyMap<string, KindInfo>> {
  const groups = new Map<string, Map<string, KindInfo>>();
  for (const info of kinds) {
    let inGroup = groups.get(info.group);
    if (!inGroup) groups.set(info.group, (inGroup = new Map()));
    inGroup.set(info.kind, info);
  }
  return groups;
}

/** Looks a kind up by its group and kind, as written in a reference. */
export function findKind(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(group)?.get(kind);
}

/** Looks a known kind up by name alone (kind names are unique across the groups we understand). */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Splits `group/version` (or the core group's bare `version`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: CORE_GROUP, version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
