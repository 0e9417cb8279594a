/**
 * The change a what-if applies to a cluster: the objects of the `-f` files, where a document with
 * `$patch: delete` deletes its object instead (the core's `splitDeletions`), and the objects
 * `--delete` names. Objects that name no namespace go where `kubectl apply` would put them.
 * Objects of policy kinds — the cluster's, or those the files' CRDs define — are applied as
 * policies once the cluster's kinds are known (`withPolicies`); other kinds are left out.
 */
import {
  decodeObject,
  definesPolicyKind,
  discoverPolicyKinds,
  ingestManifests,
  KINDS,
  kindInfo,
  objectKey,
  splitDeletions,
  type DecodedObject,
  type Finding,
  type KindInfo,
  type ObjectKey,
  type Overlay,
  type ParsedManifests,
  type PolicyKind,
  type SourceLocation,
  type UnknownObject,
} from '@gatemap/topology';

export interface WhatIfOverlay {
  readonly overlay: Overlay;
  /** Where each object of the files was written. */
  readonly sources: ReadonlyMap<ObjectKey, SourceLocation>;
  /** Problems with the files themselves (bad YAML, malformed objects), as `analyze` reports them. */
  readonly issues: readonly Finding[];
  /** Objects of kinds gatemap does not decode, as given last: policies among them (`withPolicies`). */
  readonly unknown: readonly UnknownObject[];
  /** The policy kinds the CustomResourceDefinitions among the files define. */
  readonly policyKinds: readonly PolicyKind[];
  /** Where objects that name no namespace go. */
  readonly defaultNamespace: string;
}

export function buildOverlay(input: {
  readonly parsed: readonly ParsedManifests[];
  readonly deletes: readonly ObjectKey[];
  readonly defaultNamespace: string;
  readonly maxObjects: number;
}): WhatIfOverlay {
  const deletes = [...input.deletes];
  const kept = input.parsed.map((file): ParsedManifests => {
    const split = splitDeletions(file.documents, input.defaultNamespace);
    for (const key of split.deletes) if (!deletes.includes(key)) deletes.push(key);
    return { documents: split.upserts, errors: file.errors };
  });
  const ingested = ingestManifests(kept, {
    defaultNamespace: input.defaultNamespace,
    maxObjects: input.maxObjects,
  });
  const upserts: DecodedObject[] = [];
  const unknown = new Map<ObjectKey, UnknownObject>();
  for (const change of ingested.changes) {
    if (change.type === 'upsert') upserts.push(change.object);
    else if (change.type === 'upsert-unknown') unknown.set(change.object.key, change.object);
  }
  const crds = [...unknown.values()].flatMap((object) =>
    object.object.kind === 'CustomResourceDefinition' ? [object.object] : [],
  );
  return {
    overlay: { upserts, deletes },
    sources: ingested.sources,
    issues: ingested.issues,
    unknown: [...unknown.values()],
    policyKinds: discoverPolicyKinds(crds).kinds,
    defaultNamespace: input.defaultNamespace,
  };
}

/**
 * The overlay with the objects of `kinds` (the cluster's policy kinds and the files') applied as
 * policies, and the keys of what is left out: objects of other kinds gatemap does not read, which
 * change nothing it judges. A CRD that defines one of the kinds is its definition, neither.
 */
export function withPolicies(
  built: WhatIfOverlay,
  kinds: readonly PolicyKind[],
): {
  readonly overlay: Overlay;
  readonly leftOut: readonly ObjectKey[];
  /** `built.sources`, with the keys of the policies placed in the default namespace. */
  readonly sources: ReadonlyMap<ObjectKey, SourceLocation>;
} {
  const byId = new Map(kinds.map((kind) => [`${kind.group}/${kind.kind}`, kind]));
  const policies: UnknownObject[] = [];
  const leftOut: ObjectKey[] = [];
  const sources = new Map(built.sources);
  for (const object of built.unknown) {
    const kind =
      object.why === 'unknown-kind' ? byId.get(`${object.group}/${object.object.kind}`) : undefined;
    if (kind === undefined) {
      if (!definesPolicyKind(object.object, kinds)) leftOut.push(object.key);
      continue;
    }
    const policy = placed(object, kind, built.defaultNamespace);
    const source = built.sources.get(object.key);
    if (policy !== object && source !== undefined) sources.set(policy.key, source);
    policies.push(policy);
  }
  return { overlay: { ...built.overlay, policies }, leftOut, sources };
}

/**
 * A policy of a namespaced kind that names no namespace, where `kubectl apply` puts it (the files
 * are read before the kind's scope is known, so its key names none yet).
 */
function placed(object: UnknownObject, kind: PolicyKind, namespace: string): UnknownObject {
  const { metadata } = object.object;
  if (!kind.namespaced || (metadata.namespace !== undefined && metadata.namespace !== '')) return object;
  return {
    ...object,
    key: objectKey(kind.group, kind.kind, namespace, metadata.name),
    object: { ...object.object, metadata: { ...metadata, namespace } },
  };
}

/**
 * The cluster's policy kinds, then those the files' CRDs define that it does not have (applied
 * with the change, the CRD and its objects together).
 */
export function mergePolicyKinds(
  cluster: readonly PolicyKind[],
  files: readonly PolicyKind[],
): readonly PolicyKind[] {
  const known = (kind: PolicyKind) =>
    cluster.some((other) => other.group === kind.group && other.kind === kind.kind);
  return [...cluster, ...files.filter((kind) => !known(kind))];
}

/**
 * The overlay with the objects it creates (those `existing` lacks, policies among them) made as
 * the API server makes them, at `now`: precedence among Routes and listeners goes to the oldest, and an object created
 * by the change is the newest, whatever creationTimestamp its file gives (the server sets its own).
 */
export function createdAt(overlay: Overlay, existing: ReadonlySet<ObjectKey>, now: Date): Overlay {
  const creationTimestamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const upserts = overlay.upserts.map((upsert) => {
    if (existing.has(upsert.key)) return upsert;
    const decoded = decodeObject({
      ...upsert.object,
      metadata: { ...upsert.object.metadata, creationTimestamp },
    });
    return decoded.ok && 'value' in decoded ? decoded.value : upsert;
  });
  const policies = overlay.policies?.map((policy) =>
    existing.has(policy.key)
      ? policy
      : {
          ...policy,
          object: { ...policy.object, metadata: { ...policy.object.metadata, creationTimestamp } },
        },
  );
  return { upserts, deletes: overlay.deletes, ...(policies ? { policies } : {}) };
}

const DELETE_SHAPE = 'give KIND/NAMESPACE/NAME, or KIND/NAME for a cluster-scoped kind';

/**
 * The key of the object `--delete` names: `KIND/NAMESPACE/NAME`, or `KIND/NAME` for a
 * cluster-scoped kind, where KIND is a kind gatemap reads, as kubectl spells it (`HTTPRoute`,
 * `httproute`, `httproutes`, `httproutes.gateway.networking.k8s.io`); a message saying what is
 * wrong when it is not one.
 */
export function parseDeleteFlag(text: string): ObjectKey | { readonly error: string } {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part.trim() === ''))
    return { error: `--delete "${text}": ${DELETE_SHAPE}` };
  const [written = '', ...rest] = parts;
  const info = findKindNamed(written);
  if (!info)
    return {
      error: `--delete "${text}": gatemap reads no kind "${written}"; it reads ${KINDS.map((kind) => kind.kind).join(', ')}`,
    };
  if (info.namespaced && rest.length === 1)
    return { error: `--delete "${text}": ${info.kind} is namespaced: give ${info.kind}/NAMESPACE/NAME` };
  if (!info.namespaced && rest.length === 2)
    return { error: `--delete "${text}": ${info.kind} is cluster-scoped: give ${info.kind}/NAME` };
  const [first = '', second] = rest;
  return second === undefined
    ? objectKey(info.group, info.kind, undefined, first)
    : objectKey(info.group, info.kind, first, second);
}

function findKindNamed(written: string): KindInfo | undefined {
  const exact = kindInfo(written);
  if (exact) return exact;
  const wanted = written.toLowerCase();
  return KINDS.find((info) => {
    const names = [info.kind.toLowerCase(), info.plural];
    return (
      names.includes(wanted) ||
      (info.group !== '' && names.some((name) => `${name}.${info.group}` === wanted))
    );
  });
}
