/**
 * The kinds gatemap understands, as rows of one table: adding a kind adds a row.
 * Versions are those still served by clusters in the field; an object of a listed kind with an
 * unlisted version is kept and reported, never dropped silently.
 */
import { CORE_GROUP, GATEWAY_GROUP, GATEWAY_X_GROUP, MULTICLUSTER_GROUP } from './gateway-api.ts';

export type KnownKind =
  | 'GatewayClass'
  | 'Gateway'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'TLSRoute'
  | 'TCPRoute'
  | 'UDPRoute'
  | 'ReferenceGrant'
  | 'ListenerSet'
  | 'XListenerSet'
  | 'BackendTLSPolicy'
  | 'Service'
  | 'ServiceImport'
  | 'Namespace'
  | 'Secret'
  | 'ConfigMap';

export type KindRole =
  | 'gatewayclass'
  | 'gateway'
  | 'route'
  | 'referencegrant'
  | 'listenerset'
  | 'policy'
  | 'backend'
  | 'namespace'
  | 'secret'
  | 'configmap';

export interface KindInfo {
  readonly kind: KnownKind;
  readonly group: string;
  /** Versions in order of preference (storage/newest first). */
  readonly versions: readonly string[];
  readonly namespaced: boolean;
  readonly role: KindRole;
  /** Lower-case plural used in API paths. */
  readonly plural: string;
  /** Read as metadata only by the live server. */
  readonly metadataOnly?: boolean;
}

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

export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;

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

export function isRouteKind(kind: string): kind is (typeof ROUTE_KINDS)[number] {
  return (ROUTE_KINDS as readonly string[]).includes(kind);
}
