/**
 * What a change would do: objects (a cluster's, or files) overlaid with a change (files to apply,
 * objects to delete), and the verdicts that would flip (verdicts.ts), from one engine: the base is
 * loaded and the verdicts of every object taken, the overlay is applied as one batch, and the
 * verdicts of every object the apply changed or removed are taken again and compared.
 *
 * An overlay object replaces the base object of its key whole, as `kubectl apply` of a full
 * manifest does for the fields it sets (fields only the live object sets, and that an apply would
 * keep, are not merged in). The exceptions are what the API server keeps across an apply: an
 * overlay object without `status` keeps the base object's, and one without `creationTimestamp`
 * keeps its age (precedence among Routes and listeners is by age).
 *
 * Policies of discovered kinds (GEP-713) take part on both sides when their kinds are given
 * (`policyKinds`): the base's and the overlay's objects of those kinds are read as policies, so
 * that a target that goes away, or a new policy that challenges an established one, shows as the
 * policy's verdicts flipping. A new policy is the newest (the caller dates it: see `createdAt`).
 *
 * What controllers have reported describes their lag, not the change: the verdict changes leave
 * out reported conditions, staleness and the findings that compare reported status with the
 * prediction (`status-disagrees`, `status-stale`).
 *
 * `breaks` is true when something that works today would not: a verdict change that `broke` (a
 * working state before, none after; see verdicts.ts), of an object of the base that the overlay
 * does not delete, which is
 * - an `Accepted`, `ResolvedRefs` or `Programmed` condition, at any place (a Route's parent, a
 *   listener, a Gateway, a ListenerSet, a GatewayClass, a policy ancestor), whether it turns False
 *   (or Unknown) or its place gets no status at all (a Route's parentRef whose Gateway is gone);
 * - or an error finding raised on an object that had no finding of its code before.
 * New objects with problems do not break anything that worked; their verdicts are listed as
 * `changed`, with `after.ok` false.
 *
 * A base read from a cluster with credentials that may not list some kinds everywhere says where
 * it could (`readable`), so that a reference into a namespace it could not read is "not checked"
 * on both sides rather than missing.
 */
import type { AnalyzerOptions, ReadGuardedKind } from './analysis-context.ts';
import { decodeObject, type DecodedObject, type UnknownObject } from './decode-object.ts';
import { TopologyEngine, type Change } from './engine.ts';
import { FINDINGS, type Finding } from './findings.ts';
import type { ManifestDocument } from './ingest-manifests.ts';
import { findKind, splitApiVersion } from './kinds.ts';
import { isPlainObject } from './schema.ts';
import type { KubeObject } from './meta.ts';
import type { PolicyKind } from './policy-discovery.ts';
import { diffObjects, type FieldChange } from './object-diff.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { compareChanges, diffVerdicts, verdictsOf, type VerdictChange, type Verdicts } from './verdicts.ts';

export interface Overlay {
  readonly upserts: readonly DecodedObject[];
  readonly deletes: readonly ObjectKey[];
  /** Objects of the policy kinds (`PredictChangeInput.policyKinds`) to apply. */
  readonly policies?: readonly UnknownObject[];
}

export interface PredictChangeInput {
  readonly base: readonly DecodedObject[];
  /** The base's objects of the policy kinds, read as policies (policy-attachment.ts). */
  readonly basePolicies?: readonly UnknownObject[];
  /** The policy kinds, discovered from CRDs or named, on both sides of the change. */
  readonly policyKinds?: readonly PolicyKind[];
  readonly overlay: Overlay;
  readonly options?: AnalyzerOptions;
  /** Where the base's source could read the kinds RBAC may deny; a kind not listed was readable everywhere. */
  readonly readable?: readonly ReadableNamespaces[];
}

/** The namespaces where a source could read a guarded kind (the engine's `readable` change). */
export interface ReadableNamespaces {
  readonly kind: ReadGuardedKind;
  readonly namespaces: 'all' | readonly string[];
}

export interface PredictedObjectChange {
  readonly key: ObjectKey;
  /**
   * `added`: not in the base; `replaced`: in the base and different; `removed`: deleted from the
   * base; `unchanged`: the same as in the base (see object-diff.ts), or a delete of an object the
   * base does not hold.
   */
  readonly change: 'added' | 'replaced' | 'removed' | 'unchanged';
  /** For `replaced`: what differs (object-diff.ts). */
  readonly fields: readonly FieldChange[];
  readonly omitted?: number;
}

export interface PredictedChange {
  /** The objects of the overlay, by key. */
  readonly objects: readonly PredictedObjectChange[];
  /** Problems first, then by object and verdict id. */
  readonly verdicts: readonly VerdictChange[];
  /**
   * The findings the `finding` verdict changes are about, in their order (one per change): as
   * raised after the change, or, for one cleared, as it was before; with their messages and fixes.
   */
  readonly findings: readonly Finding[];
  readonly breaks: boolean;
}

/** An object to apply: of a kind gatemap reads, or of a policy kind. */
type ObjectUpsert = Extract<Change, { readonly type: 'upsert' | 'upsert-unknown' }>;

const BREAKING_CONDITIONS: ReadonlySet<string> = new Set(['Accepted', 'ResolvedRefs', 'Programmed']);
const STATUS_CODES: ReadonlySet<string> = new Set([
  FINDINGS['status-disagrees'].code,
  FINDINGS['status-stale'].code,
]);

export function predictChange(input: PredictChangeInput): PredictedChange {
  return predictOn(new TopologyEngine(input.options), input);
}

/**
 * `predictChange` on an empty engine of the caller's, which is left holding the base with the
 * overlay applied; `onBase` runs once the base is loaded, before the overlay is applied.
 */
export function predictOn(
  engine: TopologyEngine,
  { base, basePolicies = [], policyKinds = [], overlay, readable = [] }: Omit<PredictChangeInput, 'options'>,
  onBase?: () => void,
): PredictedChange {
  engine.apply([
    ...(policyKinds.length > 0 ? [{ type: 'policy-kinds', kinds: policyKinds } satisfies Change] : []),
    ...readable.map(({ kind, namespaces }): Change => ({ type: 'readable', kind, namespaces })),
    ...base.map((object): Change => ({ type: 'upsert', object })),
    ...basePolicies.map((object): Change => ({ type: 'upsert-unknown', object })),
  ]);
  onBase?.();
  const before = new Map<ObjectKey, Verdicts | undefined>();
  const findingsBefore = new Map<ObjectKey, readonly Finding[]>();
  for (const { key } of [...base, ...basePolicies]) {
    before.set(key, verdictsOf(engine, key));
    findingsBefore.set(key, engine.findingsFor(key));
  }

  const objects: PredictedObjectChange[] = [];
  const changes: Change[] = [];
  const deleted = new Set(overlay.deletes);
  // An object given twice is applied as given last, as an apply of both would leave it.
  const upserts = new Map<ObjectKey, ObjectUpsert>();
  for (const object of overlay.upserts) upserts.set(object.key, { type: 'upsert', object });
  for (const object of overlay.policies ?? []) upserts.set(object.key, { type: 'upsert-unknown', object });
  for (const upsert of upserts.values()) {
    const key = upsert.object.key;
    if (deleted.has(key)) continue;
    const was = engine.object(key)?.object ?? engine.unknownObject(key)?.object;
    const kept: ObjectUpsert =
      was === undefined
        ? upsert
        : upsert.type === 'upsert'
          ? { type: 'upsert', object: keepServerFields(was, upsert.object) }
          : { type: 'upsert-unknown', object: keepUnknownServerFields(was, upsert.object) };
    const diff = diffObjects(was, kept.object.object);
    objects.push({
      key,
      change: !was ? 'added' : diff.change === 'unchanged' ? 'unchanged' : 'replaced',
      fields: diff.fields,
      ...(diff.omitted === undefined ? {} : { omitted: diff.omitted }),
    });
    changes.push(kept);
  }
  for (const key of deleted) {
    const held = engine.object(key) ?? engine.unknownObject(key);
    objects.push({ key, change: held ? 'removed' : 'unchanged', fields: [] });
    changes.push({ type: 'delete', key });
  }
  objects.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));

  const applied = engine.apply(changes);
  const verdicts: VerdictChange[] = [];
  for (const key of new Set([...applied.changed, ...applied.removed, ...upserts.keys()])) {
    for (const change of diffVerdicts(key, before.get(key), verdictsOf(engine, key)))
      if (isAboutTheChange(change)) verdicts.push(change);
  }
  verdicts.sort(compareChanges);
  const findings: Finding[] = [];
  for (const change of verdicts) {
    const verdict = change.after ?? change.before;
    if (verdict?.aspect !== 'finding') continue;
    const from = change.after ? engine.findingsFor(change.key) : (findingsBefore.get(change.key) ?? []);
    const found = from.find((item) => `finding:${item.id}` === change.id);
    if (found) findings.push(found);
  }
  return { objects, verdicts, findings, breaks: verdicts.some((change) => breaksWorking(change, before)) };
}

function isAboutTheChange(change: VerdictChange): boolean {
  const verdict = change.after ?? change.before;
  if (verdict === undefined || verdict.aspect === 'reported' || verdict.aspect === 'stale') return false;
  return !(verdict.aspect === 'finding' && STATUS_CODES.has(verdict.type));
}

function breaksWorking(change: VerdictChange, before: ReadonlyMap<ObjectKey, Verdicts | undefined>): boolean {
  if (change.direction !== 'broke') return false;
  const verdict = change.after ?? change.before;
  if (verdict === undefined) return false;
  if (verdict.aspect === 'condition') return BREAKING_CONDITIONS.has(verdict.type);
  if (verdict.aspect !== 'finding' || change.after?.severity !== 'error') return false;
  for (const earlier of before.get(change.key)?.byId.values() ?? [])
    if (earlier.aspect === 'finding' && earlier.type === verdict.type) return false;
  return true;
}

/** The overlay object with what the API server keeps across an apply: status and age. */
function keepServerFields(was: KubeObject, upsert: DecodedObject): DecodedObject {
  const kept = withServerFields(was, upsert.object);
  if (kept === upsert.object) return upsert;
  const decoded = decodeObject(kept);
  return decoded.ok && 'value' in decoded ? decoded.value : upsert;
}

/** The same for an object of a policy kind, which is not decoded further. */
function keepUnknownServerFields(was: KubeObject, upsert: UnknownObject): UnknownObject {
  const kept = withServerFields(was, upsert.object);
  return kept === upsert.object ? upsert : { ...upsert, object: kept };
}

/** `object` with the status and creationTimestamp of `was` where it has none (itself when nothing is added). */
function withServerFields(was: KubeObject, object: KubeObject): KubeObject {
  const status = object.status ?? was.status;
  const creationTimestamp = object.metadata.creationTimestamp ?? was.metadata.creationTimestamp;
  if (status === object.status && creationTimestamp === object.metadata.creationTimestamp) return object;
  return {
    ...object,
    metadata: { ...object.metadata, ...(creationTimestamp ? { creationTimestamp } : {}) },
    ...(status === undefined ? {} : { status }),
  };
}

/**
 * Splits overlay documents into objects to apply and objects to delete: a document with the
 * top-level field `$patch: delete` deletes the object of its apiVersion, kind, namespace and name
 * (namespaced kinds default to `defaultNamespace`, as when they are applied). Other documents,
 * including malformed deletions, are left to be ingested (ingest-manifests.ts), which reports
 * what is wrong with them.
 */
export function splitDeletions(
  documents: readonly ManifestDocument[],
  defaultNamespace = 'default',
): { readonly upserts: readonly ManifestDocument[]; readonly deletes: readonly ObjectKey[] } {
  const upserts: ManifestDocument[] = [];
  const deletes: ObjectKey[] = [];
  for (const document of documents) {
    const key = deletionKey(document.value, defaultNamespace);
    if (key === undefined) upserts.push(document);
    else if (!deletes.includes(key)) deletes.push(key);
  }
  return { upserts, deletes };
}

function deletionKey(value: unknown, defaultNamespace: string): ObjectKey | undefined {
  if (!isPlainObject(value) || value['$patch'] !== 'delete') return undefined;
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !isPlainObject(metadata))
    return undefined;
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || name === '') return undefined;
  const { group } = splitApiVersion(apiVersion);
  const written = typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
  const namespaced = findKind(group, kind)?.namespaced ?? written !== undefined;
  return objectKey(group, kind, namespaced ? (written ?? defaultNamespace) : undefined, name);
}
