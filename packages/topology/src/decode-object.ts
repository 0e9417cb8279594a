/**
 * Turns untrusted input (a parsed manifest document, an API server object) into a typed object,
 * or into issues that name the field at fault. Never throws.
 */
import type { KubeObject } from './meta.ts';
import {
  findKind,
  splitApiVersion,
  type KindInfo,
  type KindOfRole,
  type KindRole,
  type KindShape,
  type KnownKind,
  type RoleOf,
} from './kinds.ts';
import {
  any,
  arr,
  int,
  isPlainObject,
  obj,
  rec,
  str,
  validate,
  type Schema,
  type SchemaIssue,
} from './schema.ts';
import { objectKey, qualifiedKind, type ObjectKey } from './object-key.ts';
import { capLists, listLimits, type ListExcess } from './limits.ts';
import { INGRESS_CLASS_SCHEMA, INGRESS_SCHEMA } from './decode-ingress.ts';

const labelSelector = obj({
  matchLabels: rec(str),
  matchExpressions: arr(obj({ key: str, operator: str, values: arr(str) }, ['key', 'operator'])),
});
const metadata = obj(
  {
    name: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int(),
    creationTimestamp: str,
    labels: rec(str),
    annotations: rec(str),
  },
  ['name'],
);
const condition = obj({ type: str, status: str, reason: str, message: str, observedGeneration: int() }, [
  'type',
  'status',
]);
const conditions = arr(condition);
/** What gatemap reads from any object's status, whatever its kind. */
const anyStatus = obj({
  conditions,
  listeners: arr(obj({ name: str, attachedRoutes: int(), conditions })),
  parents: arr(obj({ parentRef: any, controllerName: str, conditions })),
  ancestors: arr(obj({ ancestorRef: any, controllerName: str, conditions })),
});
const parentRef = obj(
  { group: str, kind: str, namespace: str, name: str, sectionName: str, port: int(1, 65535) },
  ['name'],
);
const backendObjectRef = obj({ group: str, kind: str, namespace: str, name: str, port: int(1, 65535) }, [
  'name',
]);
const filter = obj(
  {
    type: str,
    requestMirror: obj(
      {
        backendRef: backendObjectRef,
        percent: int(0, 100),
        fraction: obj({ numerator: int(0), denominator: int(1) }),
      },
      ['backendRef'],
    ),
    extensionRef: obj({ group: str, kind: str, name: str }, ['kind', 'name']),
  },
  ['type'],
);
const backendRef = obj(
  {
    group: str,
    kind: str,
    namespace: str,
    name: str,
    port: int(1, 65535),
    weight: int(0, 1000000),
    filters: arr(filter),
  },
  ['name'],
);
const routeStatus = obj({
  parents: arr(obj({ parentRef, controllerName: str, conditions }, ['parentRef'])),
});
const valueMatch = arr(obj({ type: str, name: str, value: str }, ['name']));
const httpMatch = obj({
  path: obj({ type: str, value: str }),
  headers: valueMatch,
  queryParams: valueMatch,
  method: str,
});
const grpcMatch = obj({ method: obj({ type: str, service: str, method: str }), headers: valueMatch });
const routeOf = (match: Schema) =>
  obj(
    {
      spec: obj({
        parentRefs: arr(parentRef),
        hostnames: arr(str),
        rules: arr(
          obj({ name: str, matches: arr(match), filters: arr(filter), backendRefs: arr(backendRef) }),
        ),
      }),
      status: routeStatus,
    },
    ['spec'],
  );
const route = routeOf(any);
const secretRef = obj({ group: str, kind: str, name: str, namespace: str }, ['name']);
const caRef = obj({ group: str, kind: str, name: str, namespace: str }, ['name']);
const listener = obj(
  {
    name: str,
    hostname: str,
    port: int(1, 65535),
    protocol: str,
    tls: obj({ mode: str, certificateRefs: arr(secretRef), options: rec(str) }),
    allowedRoutes: obj({
      namespaces: obj({ from: str, selector: labelSelector }),
      kinds: arr(obj({ group: str, kind: str }, ['kind'])),
    }),
  },
  ['name', 'protocol'],
);
const listenerStatus = obj({
  name: str,
  supportedKinds: arr(obj({ group: str, kind: str })),
  attachedRoutes: int(),
  conditions,
});
const validation = obj({ caCertificateRefs: arr(caRef), mode: str });

const listenerSet = obj(
  {
    spec: obj(
      {
        parentRef: obj({ group: str, kind: str, name: str, namespace: str }, ['name']),
        listeners: arr(listener),
      },
      ['parentRef'],
    ),
    status: obj({ conditions, listeners: arr(listenerStatus) }),
  },
  ['spec'],
);

const SCHEMAS: Readonly<Record<KnownKind, Schema>> = {
  GatewayClass: obj(
    {
      spec: obj(
        {
          controllerName: str,
          description: str,
          parametersRef: obj({ group: str, kind: str, name: str, namespace: str }, ['kind', 'name']),
        },
        ['controllerName'],
      ),
      status: obj({ conditions }),
    },
    ['spec'],
  ),
  Gateway: obj(
    {
      spec: obj(
        {
          gatewayClassName: str,
          listeners: arr(listener),
          addresses: arr(obj({ type: str, value: str })),
          infrastructure: obj({
            parametersRef: obj({ group: str, kind: str, name: str }, ['kind', 'name']),
            labels: rec(str),
            annotations: rec(str),
          }),
          tls: obj({
            backend: obj({ clientCertificateRef: secretRef }),
            frontend: obj({
              default: obj({ validation }),
              perPort: arr(obj({ port: int(1, 65535), tls: obj({ validation }) }, ['port'])),
            }),
          }),
          allowedListeners: obj({ namespaces: obj({ from: str, selector: labelSelector }) }),
        },
        ['gatewayClassName'],
      ),
      status: obj({
        conditions,
        listeners: arr(listenerStatus),
        attachedListenerSets: int(),
        addresses: arr(any),
      }),
    },
    ['spec'],
  ),
  HTTPRoute: routeOf(httpMatch),
  GRPCRoute: routeOf(grpcMatch),
  TLSRoute: route,
  TCPRoute: route,
  UDPRoute: route,
  ReferenceGrant: obj(
    {
      spec: obj(
        {
          from: arr(obj({ group: str, kind: str, namespace: str }, ['kind', 'namespace'])),
          to: arr(obj({ group: str, kind: str, name: str }, ['kind'])),
        },
        ['from', 'to'],
      ),
    },
    ['spec'],
  ),
  ListenerSet: listenerSet,
  XListenerSet: listenerSet,
  BackendTLSPolicy: obj(
    {
      spec: obj({
        targetRefs: arr(obj({ group: str, kind: str, name: str, sectionName: str }, ['kind', 'name'])),
        targetRef: obj({ group: str, kind: str, name: str, sectionName: str }, ['kind', 'name']),
        validation: obj({
          caCertificateRefs: arr(obj({ group: str, kind: str, name: str }, ['kind', 'name'])),
          wellKnownCACertificates: str,
          hostname: str,
        }),
        tls: any,
      }),
      status: obj({ ancestors: arr(obj({ ancestorRef: parentRef, controllerName: str, conditions })) }),
    },
    ['spec'],
  ),
  Service: obj({
    spec: obj({
      type: str,
      clusterIP: str,
      externalName: str,
      ports: arr(obj({ name: str, port: int(1, 65535), protocol: str, appProtocol: str }, ['port'])),
      selector: rec(str),
    }),
  }),
  ServiceImport: obj({
    spec: obj({
      type: str,
      ports: arr(obj({ name: str, port: int(1, 65535), protocol: str, appProtocol: str }, ['port'])),
    }),
  }),
  Namespace: obj({}),
  Secret: obj({ type: str, data: rec(str), stringData: rec(str) }),
  ConfigMap: obj({ data: rec(str), binaryData: rec(str) }),
  Ingress: INGRESS_SCHEMA,
  IngressClass: INGRESS_CLASS_SCHEMA,
};

/** An object of a known kind: the shape gatemap reads it as, with whatever else its input holds. */
export type KnownObject<Kind extends KnownKind = KnownKind> = KindShape<Kind> & KubeObject;

interface DecodedOf<Kind extends KnownKind> {
  readonly key: ObjectKey;
  /** The role of its kind (as in `info`), here so that a switch on it narrows `object`. */
  readonly role: RoleOf<Kind>;
  readonly info: KindInfo<Kind>;
  readonly version: string;
  readonly object: KnownObject<Kind>;
  /**
   * Lists that were longer than the CRD allows, and were cut to its limit in `object` (the API
   * server rejects such an object; the analysis reports it and reads only the first entries).
   */
  readonly overLimit?: readonly ListExcess[];
}

/**
 * An object of a kind the analyzer understands, validated against its schema. Its type follows
 * from its kind: `DecodedObject<'Gateway'>` holds a Gateway, and `role` tells the kinds apart.
 */
export type DecodedObject<Kind extends KnownKind = KnownKind> = { [Each in Kind]: DecodedOf<Each> }[Kind];

/** The decoded objects of the kinds that play a role: `DecodedOfRole<'route'>` is any Route. */
export type DecodedOfRole<Role extends KindRole> = DecodedObject<KindOfRole<Role>>;

/**
 * The object of a decoded object of `kind`, or undefined for none or one of another kind (an
 * object found by a key of that kind is always of it).
 */
export function objectOfKind<Kind extends KnownKind>(
  decoded: DecodedObject | undefined,
  kind: Kind,
): KnownObject<Kind> | undefined {
  const object = decoded?.object;
  return object !== undefined && isOfKind(object, kind) ? object : undefined;
}

/** Whether the object of a decoded object is of `kind`, and so of its kind's shape (decoding checked it). */
function isOfKind<Kind extends KnownKind>(object: KubeObject, kind: Kind): object is KnownObject<Kind> {
  return object.kind === kind;
}

/** An object gatemap keeps and reports but does not analyze. */
export interface UnknownObject {
  readonly key: ObjectKey;
  readonly group: string;
  readonly version: string;
  readonly object: KubeObject;
  /** Why it is not analyzed: an unknown kind, or a known kind in a version we do not read. */
  readonly why: 'unknown-kind' | 'unknown-version';
}

export type DecodeResult =
  | { readonly ok: true; readonly value: DecodedObject }
  | { readonly ok: true; readonly unknown: UnknownObject }
  | { readonly ok: false; readonly issues: readonly SchemaIssue[]; readonly label: string };

/** True when `value` holds a `null`, an `undefined` or a `__proto__` key anywhere. */
function needsCleaning(value: unknown, depth = 0): boolean {
  if (depth > 64) return true;
  if (Array.isArray(value)) {
    for (const item of value)
      if (item === null || item === undefined || needsCleaning(item, depth + 1)) return true;
    return false;
  }
  if (typeof value === 'object' && value !== null) {
    for (const field in value) {
      const item = (value as Record<string, unknown>)[field];
      if (item === null || item === undefined || field === '__proto__' || needsCleaning(item, depth + 1))
        return true;
    }
  }
  return false;
}

/** Removes `null`s (absent fields to the analyzer) and `__proto__` keys; copies only when needed. */
function stripNulls(value: unknown, depth = 0): unknown {
  if (depth === 0 && !needsCleaning(value)) return value;
  if (depth > 64) return undefined;
  if (Array.isArray(value))
    return value.filter((item) => item !== null).map((item) => stripNulls(item, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [field, item] of Object.entries(value)) {
      if (item !== null && item !== undefined && field !== '__proto__')
        out[field] = stripNulls(item, depth + 1);
    }
    return out;
  }
  return value;
}

/** Human label for an object that may be malformed: `Kind namespace/name`, as far as known. */
function describeRaw(raw: unknown): string {
  if (!isPlainObject(raw)) return 'document';
  const kind = typeof raw['kind'] === 'string' ? raw['kind'] : 'object';
  const meta = isPlainObject(raw['metadata']) ? raw['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '(unnamed)';
  const namespace = typeof meta['namespace'] === 'string' ? `${meta['namespace']}/` : '';
  return `${kind} ${namespace}${name}`;
}

/**
 * Decodes one object. `defaultNamespace` is applied to namespaced kinds that have none
 * (as kubectl does with `-n`).
 */
export function decodeObject(raw: unknown, defaultNamespace = 'default'): DecodeResult {
  const label = describeRaw(raw);
  const base = validate(
    raw,
    obj({ apiVersion: str, kind: str, metadata, status: anyStatus }, ['apiVersion', 'kind', 'metadata']),
  );
  if (base.length > 0 || !isPlainObject(raw)) return { ok: false, issues: base, label };
  const clean = stripNulls(raw) as Record<string, unknown> & KubeObject;
  const { group, version } = splitApiVersion(clean.apiVersion);
  const info = findKind(group, clean.kind);
  const meta = clean.metadata;
  const namespaced = info ? info.namespaced : meta.namespace !== undefined;
  const namespace = namespaced ? (meta.namespace ?? defaultNamespace) : undefined;
  const { namespace: _written, ...clusterMeta } = meta;
  const object: KubeObject = {
    ...clean,
    metadata: namespace === undefined ? clusterMeta : { ...meta, namespace },
  };
  const key = objectKey(group, clean.kind, namespace, meta.name);
  if (!info) {
    return { ok: true, unknown: { key, group, version, object, why: 'unknown-kind' } };
  }
  if (!info.versions.includes(version)) {
    return { ok: true, unknown: { key, group, version, object, why: 'unknown-version' } };
  }
  // Lists are cut to the CRD's limits before the schema is checked: the work on an object (its
  // validation, then its analysis) is bounded by the limits, not by the input.
  const issues: SchemaIssue[] = [];
  const value = decodeKnown({ key, info, version, object, issues });
  if (value === undefined)
    return {
      ok: false,
      issues,
      label: `${qualifiedKind(group, clean.kind)} ${namespace ? `${namespace}/` : ''}${meta.name}`,
    };
  return { ok: true, value };
}

/** An object of a known kind and version with its lists capped, or undefined when it is not of its kind's shape. */
function decodeKnown<Kind extends KnownKind>({
  key,
  info,
  version,
  object,
  issues,
}: {
  readonly key: ObjectKey;
  readonly info: KindInfo<Kind>;
  readonly version: string;
  readonly object: KubeObject;
  readonly issues: SchemaIssue[];
}): DecodedObject<Kind> | undefined {
  const capped = capLists(object, listLimits(info.kind, version));
  if (!hasShape(capped.object, info.kind, issues)) return undefined;
  const decoded: DecodedOf<Kind> =
    capped.excesses.length === 0
      ? { key, role: info.role, info, version, object: capped.object }
      : { key, role: info.role, info, version, object: capped.object, overLimit: capped.excesses };
  return decoded;
}

/**
 * Whether an object has its kind's shape; when not, adds the issues found. The schemas check
 * what the analyzer reads, which the compiler cannot see: an object's type rests on this test.
 */
function hasShape<Kind extends KnownKind>(
  object: KubeObject,
  kind: Kind,
  issues: SchemaIssue[],
): object is KnownObject<Kind> {
  for (const issue of validate(object, SCHEMAS[kind])) issues.push(issue);
  return issues.length === 0;
}
