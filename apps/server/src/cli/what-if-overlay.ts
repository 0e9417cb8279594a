/**
 * The change a what-if applies to a cluster: the objects of the `-f` files, where a document with
 * `$patch: delete` deletes its object instead (the core's `splitDeletions`), and the objects
 * `--delete` names. Objects that name no namespace go where `kubectl apply` would put them.
 */
import {
  decodeObject,
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
  type SourceLocation,
} from '@gatemap/topology';

export interface WhatIfOverlay {
  readonly overlay: Overlay;
  /** Where each object of the files was written. */
  readonly sources: ReadonlyMap<ObjectKey, SourceLocation>;
  /** Problems with the files themselves (bad YAML, malformed objects), as `analyze` reports them. */
  readonly issues: readonly Finding[];
  /** Objects of kinds gatemap does not read: applying them changes nothing it judges. */
  readonly leftOut: readonly ObjectKey[];
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
  const leftOut: ObjectKey[] = [];
  for (const change of ingested.changes) {
    if (change.type === 'upsert') upserts.push(change.object);
    else if (change.type === 'upsert-unknown' && !leftOut.includes(change.object.key))
      leftOut.push(change.object.key);
  }
  return { overlay: { upserts, deletes }, sources: ingested.sources, issues: ingested.issues, leftOut };
}

/**
 * The overlay with the objects it creates (those `existing` lacks) made as the API server makes
 * them, at `now`: precedence among Routes and listeners goes to the oldest, and an object created
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
  return { upserts, deletes: overlay.deletes };
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
