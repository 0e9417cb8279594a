/**
 * A server's history: a recorder per cluster (history-recorder.ts) and the store they write to
 * (history-store.ts). Recording runs in the hub's apply, after the apply's delta has been
 * published to the streams; writing runs later, batched: every batch recorded in one turn of the
 * event loop is written in one transaction on the next (`setImmediate`), so a burst of applies
 * costs one write and no stream waits for the disk. Reads flush what is pending first.
 *
 * Retention runs every `pruneEveryMs` and after every `pruneAfterRows` rows written.
 */
import type { Change, TopologyEngine } from '@gatemap/topology';
import type { HistoryEntry, HistoryPage, KubeObject } from '@gatemap/topology';
import {
  HistoryRecorder,
  type AppliedChanges,
  type PreviousObjects,
  type RecordedBatch,
} from './history-recorder.ts';
import {
  DEFAULT_RETENTION,
  HistoryStore,
  type HistoryQuery,
  type RetentionOptions,
} from './history-store.ts';

export interface HistoryOptions extends Partial<RetentionOptions> {
  /** The SQLite file, or `:memory:`. */
  readonly path: string;
  readonly pruneEveryMs?: number;
  readonly pruneAfterRows?: number;
  readonly log?: (level: 'warn', message: string) => void;
  readonly now?: () => number;
}

export class HistoryService {
  readonly store: HistoryStore;
  readonly retention: RetentionOptions;
  private readonly recorders = new Map<string, HistoryRecorder>();
  private pending: RecordedBatch[] = [];
  private flushing: NodeJS.Immediate | undefined;
  private rowsSincePrune = 0;
  private readonly pruneAfterRows: number;
  private readonly timer: NodeJS.Timeout;
  private readonly log: HistoryOptions['log'];
  private readonly now: () => number;
  /** For metrics and benchmarks: time spent recording and writing, in ms. */
  readonly stats = { recordMs: 0, writeMs: 0, entries: 0, versions: 0 };

  constructor(options: HistoryOptions) {
    this.store = new HistoryStore(options.path);
    this.retention = {
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION.retentionMs,
      maxBytes: options.maxBytes ?? DEFAULT_RETENTION.maxBytes,
    };
    this.pruneAfterRows = options.pruneAfterRows ?? 5_000;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => this.prune(), options.pruneEveryMs ?? 60_000).unref();
    this.prune();
  }

  /** What the engine holds of the objects `changes` touch: call before applying them. */
  before(cluster: string, engine: TopologyEngine, changes: readonly Change[]): PreviousObjects {
    return this.recorder(cluster).previousObjects(engine, changes);
  }

  /** Records one apply; returns its entries (none while the cluster's first sync runs). */
  applied(
    cluster: string,
    input: {
      readonly engine: TopologyEngine;
      readonly before: PreviousObjects;
      readonly changeSet: AppliedChanges;
    },
  ): readonly HistoryEntry[] {
    const started = performance.now();
    const batch = this.recorder(cluster).record({ ...input, at: new Date(this.now()).toISOString() });
    this.stats.recordMs += performance.now() - started;
    this.enqueue(batch);
    return batch.entries;
  }

  /** The cluster's first sync is done: what it holds now is the baseline. */
  synced(cluster: string, engine: TopologyEngine): void {
    const recorder = this.recorder(cluster);
    if (!recorder.inBaseline) return;
    const at = new Date(this.now()).toISOString();
    this.enqueue(recorder.finishBaseline(engine, at));
    this.flush();
    this.store.markBaseline(cluster, at);
  }

  page(query: HistoryQuery): HistoryPage {
    this.flush();
    return this.store.page(query);
  }

  /** The objects of a cluster at `at`, or why not: before the horizon, or not recorded yet. */
  objectsAt(cluster: string, at: string): KubeObject[] | { readonly horizon: string | undefined } {
    this.flush();
    const horizon = this.store.horizon(cluster);
    if (horizon === undefined || at < horizon) return { horizon };
    return this.store.objectsAt(cluster, at);
  }

  /** Writes what is pending now. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.pending.length === 0) return;
    const batches = this.pending;
    this.pending = [];
    const started = performance.now();
    this.store.write(batches);
    this.stats.writeMs += performance.now() - started;
    for (const batch of batches) {
      this.rowsSincePrune += batch.entries.length + batch.versions.length;
      this.stats.entries += batch.entries.length;
      this.stats.versions += batch.versions.length;
    }
    if (this.rowsSincePrune >= this.pruneAfterRows) this.prune();
  }

  prune(): void {
    this.rowsSincePrune = 0;
    this.store.prune(this.retention, this.now());
    const used = this.store.usedBytes();
    if (used > this.retention.maxBytes)
      this.log?.(
        'warn',
        `history: ${used} bytes in use after pruning, over --history-max-size (${this.retention.maxBytes}): the current version of every object is kept; raise the limit`,
      );
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    this.store.close();
  }

  private enqueue(batch: RecordedBatch): void {
    if (batch.entries.length === 0 && batch.versions.length === 0) return;
    this.pending.push(batch);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private recorder(cluster: string): HistoryRecorder {
    let recorder = this.recorders.get(cluster);
    if (!recorder)
      this.recorders.set(
        cluster,
        (recorder = new HistoryRecorder({
          cluster,
          lastSeq: this.store.lastSeq(cluster),
          stored: this.store.latestPrints(cluster),
        })),
      );
    return recorder;
  }
}
