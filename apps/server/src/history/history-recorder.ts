/**
 * Turns what one apply did to a cluster's engine into history: an object entry for each object
 * created, deleted or changed (object-diff.ts), a verdict entry for each verdict that changed
 * (verdicts.ts) with the object entries of the same apply that caused it, and a version of each
 * object whose JSON changed (status included), for rebuilding the map as it was.
 *
 * Phases. Until the cluster's first sync is done (`baseline`), applies record versions only: the
 * initial list is the baseline, not a storm of "created". When it is done (`finishBaseline`), the
 * verdicts of every object are computed once, and objects whose stored version is gone from the
 * cluster (deleted while the server was down) get a deleted version. After that every apply
 * records entries.
 *
 * Causes. A verdict change names the object changes of this apply that led the engine to
 * re-analyze it (`ChangeSet.causes`); a cause whose change records nothing (an identical object
 * sent again) is left out, and a change with none left has no causes. An object whose status
 * alone changed has no object entry of its own; when a verdict change names it as a cause (a
 * `reported` condition or `stale` flipping), a `status` entry without fields is recorded for it,
 * so that every verdict entry explains itself. A verdict of an object created in this apply is
 * recorded only when it does not work (a Route rejected on arrival); the rest of a new object's
 * verdicts are what its `created` entry says.
 *
 * Memory: the last verdicts of every object, equal ones held once (`VerdictPool`; about 80 bytes
 * an object on the generated estate of 10,000 Routes, 1 kB each without it), and a 28-character
 * fingerprint of each object's last stored version.
 *
 * No I/O and no clock: the service gives it the time, and writes what it returns.
 */
import { createHash } from 'node:crypto';
import {
  diffObjects,
  diffVerdicts,
  mentionObject,
  verdictsOf,
  type Change,
  type ChangeSet,
  type HistoryCause,
  type HistoryEntry,
  type HistoryObjectEntry,
  type KubeObject,
  type ObjectKey,
  type TopologyEngine,
  type VerdictChange,
  type Verdicts,
} from '@gatemap/topology';
import { VerdictPool } from './verdict-pool.ts';

/** One version of an object: its JSON as the engine was given it, or null once deleted. */
interface VersionRow {
  readonly cluster: string;
  readonly key: ObjectKey;
  readonly seq: number;
  readonly at: string;
  readonly json: string | null;
}

export interface RecordedBatch {
  readonly entries: readonly HistoryEntry[];
  readonly versions: readonly VersionRow[];
}

/** What the engine held of each object an apply touches, taken before the apply. */
export type PreviousObjects = ReadonlyMap<ObjectKey, KubeObject | undefined>;

/**
 * What an apply changed, read only after the baseline: `causes` names, for each changed key, the
 * keys of the apply that led the engine to re-analyze it (see `ChangeSet.causes`).
 */
export type AppliedChanges = Pick<ChangeSet, 'changed' | 'removed' | 'causes'>;

export interface RecorderState {
  readonly cluster: string;
  /** The last seq this cluster's history holds (0 for none). */
  readonly lastSeq: number;
  /** The fingerprint of the latest stored version of each object (see `fingerprint`). */
  readonly stored: Map<ObjectKey, string>;
}

const EMPTY: RecordedBatch = { entries: [], versions: [] };
/** Objects recorded between two yields of `record`. */
const STEP = 64;

export class HistoryRecorder {
  readonly cluster: string;
  private seq: number;
  private readonly stored: Map<ObjectKey, string>;
  /** Each object's verdicts as last recorded; filled when the baseline is finished. */
  private readonly verdicts = new Map<ObjectKey, Verdicts>();
  /** Equal verdicts of many objects, held once (see `VerdictPool`). */
  private readonly pool = new VerdictPool();
  private baseline = true;

  constructor(state: RecorderState) {
    this.cluster = state.cluster;
    this.seq = state.lastSeq;
    this.stored = state.stored;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get inBaseline(): boolean {
    return this.baseline;
  }

  /** What the engine holds of every object `changes` touch: call before applying them. */
  previousObjects(engine: TopologyEngine, changes: readonly Change[]): PreviousObjects {
    const before = new Map<ObjectKey, KubeObject | undefined>();
    for (const change of changes) {
      const key = keyOf(change);
      if (key !== undefined && !before.has(key)) before.set(key, objectOf(engine, key));
    }
    return before;
  }

  /**
   * The history of one apply (see the module's doc), in steps: it yields after every `STEP`
   * objects, and may be resumed later as long as the engine has not changed in between (the
   * caller finishes it before the next apply).
   */
  *record(input: {
    readonly engine: TopologyEngine;
    readonly before: PreviousObjects;
    readonly changeSet: AppliedChanges;
    readonly at: string;
  }): Generator<void, RecordedBatch, void> {
    const { engine, before, at, changeSet } = input;
    let work = 0;
    const versions: VersionRow[] = [];
    const objectChanges = new Map<ObjectKey, Omit<HistoryObjectEntry, 'seq'>>();
    const statusOnly = new Set<ObjectKey>();
    for (const [key, was] of before) {
      if (++work % STEP === 0) yield;
      const now = objectOf(engine, key);
      const json = now === undefined ? null : JSON.stringify(now);
      const print = json === null ? undefined : fingerprint(json);
      const versionChanged = this.stored.get(key) !== print;
      if (versionChanged) {
        versions.push({ cluster: this.cluster, key, seq: this.seq, at, json });
        if (print === undefined) this.stored.delete(key);
        else this.stored.set(key, print);
      }
      if (this.baseline) continue;
      const diff = diffObjects(was, now);
      if (diff.change === 'unchanged') {
        if (versionChanged && was !== undefined && now !== undefined) statusOnly.add(key);
        continue;
      }
      objectChanges.set(key, {
        type: 'object',
        cluster: this.cluster,
        at,
        key,
        change: diff.change,
        fields: diff.fields,
        ...(diff.omitted === undefined ? {} : { omitted: diff.omitted }),
        mentions: [mentionObject(key)],
      });
    }
    if (this.baseline) return versions.length === 0 ? EMPTY : { entries: [], versions };
    for (const key of changeSet.removed) this.verdicts.delete(key);

    // Verdict changes first, to learn which status-only changes are causes; then number entries.
    const flips: { readonly change: VerdictChange; readonly causes: readonly ObjectKey[] }[] = [];
    const cited = new Set<ObjectKey>();
    for (const key of changeSet.changed) {
      if (++work % STEP === 0) yield;
      const now = verdictsOf(engine, key);
      const was = this.verdicts.get(key);
      if (now === undefined) {
        this.verdicts.delete(key);
        continue;
      }
      this.verdicts.set(key, this.pool.share(now));
      const isNew = was === undefined;
      const changes = diffVerdicts(key, was, now).filter((change) => !isNew || change.after?.ok === false);
      if (changes.length === 0) continue;
      // Causes that changed nothing an entry records (a resync's identical object) are left out.
      const causes = (changeSet.causes.get(key) ?? []).filter(
        (cause) => objectChanges.has(cause) || statusOnly.has(cause),
      );
      for (const cause of causes) cited.add(cause);
      for (const change of changes) flips.push({ change, causes });
    }

    const entries: HistoryEntry[] = [];
    const seqOf = new Map<ObjectKey, HistoryCause>();
    for (const [key, change] of objectChanges) {
      const entry: HistoryObjectEntry = { ...change, seq: ++this.seq };
      entries.push(entry);
      seqOf.set(key, { seq: entry.seq, key, change: entry.change });
    }
    for (const key of statusOnly) {
      if (!cited.has(key)) continue;
      const entry: HistoryObjectEntry = {
        type: 'object',
        cluster: this.cluster,
        seq: ++this.seq,
        at,
        key,
        change: 'status',
        fields: [],
        mentions: [mentionObject(key)],
      };
      entries.push(entry);
      seqOf.set(key, { seq: entry.seq, key, change: 'status' });
    }
    for (const { change, causes } of flips)
      entries.push({
        type: 'verdict',
        cluster: this.cluster,
        seq: ++this.seq,
        at,
        key: change.key,
        verdict: change,
        causes: causes.flatMap((cause) => seqOf.get(cause) ?? []),
      });
    return { entries, versions };
  }

  /**
   * Ends the baseline: every object's verdicts, as the base the next changes are compared with,
   * and a deleted version of each stored object the cluster no longer holds. In steps, as `record`.
   */
  *finishBaseline(engine: TopologyEngine, at: string): Generator<void, RecordedBatch, void> {
    if (!this.baseline) return EMPTY;
    this.baseline = false;
    const present = new Set<ObjectKey>();
    for (const decoded of engine.allObjects()) present.add(decoded.key);
    for (const unknown of engine.allUnknown()) present.add(unknown.key);
    let work = 0;
    for (const key of present) {
      if (++work % STEP === 0) yield;
      const verdicts = verdictsOf(engine, key);
      if (verdicts) this.verdicts.set(key, this.pool.share(verdicts));
    }
    const versions: VersionRow[] = [];
    for (const key of [...this.stored.keys()])
      if (!present.has(key)) {
        versions.push({ cluster: this.cluster, key, seq: this.seq, at, json: null });
        this.stored.delete(key);
      }
    return { entries: [], versions };
  }
}

/** A short digest of a version's JSON: what the recorder keeps in memory to skip unchanged ones. */
export function fingerprint(json: string): string {
  return createHash('sha1').update(json).digest('base64');
}

function keyOf(change: Change): ObjectKey | undefined {
  switch (change.type) {
    case 'upsert':
    case 'upsert-unknown':
      return change.object.key;
    case 'delete':
      return change.key;
    default:
      return undefined;
  }
}

function objectOf(engine: TopologyEngine, key: ObjectKey): KubeObject | undefined {
  return engine.object(key)?.object ?? engine.unknownObject(key)?.object;
}
