/**
 * The history of a cluster as the server keeps it and sends it: each change to an object, and
 * each change of a verdict with the object changes that caused it. Wire types only; the server
 * records and stores the entries, the map draws them.
 *
 * Entries of one cluster are numbered by `seq`, in the order they were recorded; a verdict
 * change names its causes by the `seq` of their object-change entries, which were recorded in
 * the same apply, before it.
 *
 * A change to an object's status alone (a controller writing conditions) is not an object change
 * of its own: it is recorded, as `change: 'status'` without fields, only when it is the cause of
 * a verdict change (a `reported` condition or `stale` flipping), so that every verdict entry
 * names what produced it.
 */
import type { Mention } from './mention.ts';
import type { ObjectChange } from './object-diff.ts';
import type { ObjectKey } from './object-key.ts';
import type { VerdictChange } from './verdicts.ts';

/**
 * An object was created, deleted, or its spec, labels or annotations changed (`changed`, with
 * the fields); or, as the cause of a verdict change only, its status changed (`status`).
 */
export interface HistoryObjectEntry {
  readonly type: 'object';
  readonly cluster: string;
  readonly seq: number;
  /** When gatemap saw the change (ISO 8601, UTC, milliseconds). */
  readonly at: string;
  readonly key: ObjectKey;
  readonly change: Exclude<ObjectChange['change'], 'unchanged'> | 'status';
  readonly fields: ObjectChange['fields'];
  readonly omitted?: number;
  /** The object itself. */
  readonly mentions: readonly Mention[];
}

/** What caused a verdict change: an object change recorded in the same apply. */
export type HistoryCause =
  | {
      readonly seq: number;
      readonly key: ObjectKey;
      readonly change: HistoryObjectEntry['change'];
    }
  /** In a share link's view: a change to an object the link may not see. */
  | { readonly seq: number; readonly hidden: true };

/** A verdict of an object flipped, because of `causes`. */
export interface HistoryVerdictEntry {
  readonly type: 'verdict';
  readonly cluster: string;
  readonly seq: number;
  readonly at: string;
  readonly key: ObjectKey;
  readonly verdict: VerdictChange;
  /** One or more; empty only when the cause is not known (e.g. the first sync after a restart). */
  readonly causes: readonly HistoryCause[];
}

export type HistoryEntry = HistoryObjectEntry | HistoryVerdictEntry;

/** A page of history, newest first; `next` fetches the older entries after it. */
export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly next?: string;
}
