/**
 * A server's history: a recorder per cluster (history-recorder.ts) and the store they write to
 * (history-store.ts), both off the stream's path.
 *
 * Recording an apply starts after its delta has been published, on the next turn of the event
 * loop, and runs `RECORD_SLICE_MS` at a time with a turn for I/O in between; whatever is left of
 * it runs at once before the next apply (the engine must not change under a recording) and
 * before any read. New entries go to `onEntries` (the hub's stream) when their recording is done.
 *
 * Writing waits a turn for I/O (so that a large delta frame drains to its sockets first), then
 * writes what is pending in transactions of at most `WRITE_SLICE` rows with a turn in between: a
 * burst of 10,000 changes never holds the streams for the length of its whole write. Reads write
 * what is pending first.
 *
 * Retention runs every `pruneEveryMs` and after every `pruneAfterRows` rows written.
 */
import type { Change, HistoryEntry, HistoryPage, KubeObject, TopologyEngine } from '@gatemap/topology';
import {
  HistoryRecorder,
  type AppliedChanges,
  type PreviousObjects,
  type RecordedBatch,
} from './history-recorder.ts';
import { HistoryStore, type HistoryQuery } from './history-store.ts';
import { DEFAULT_RETENTION, type RetentionOptions } from './retention.ts';

/** Time a recording runs before it lets the event loop turn. */
const RECORD_SLICE_MS = 8;
/** Rows written per transaction by the background writer. */
const WRITE_SLICE = 250;

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
  /** Recordings not finished yet, oldest first. */
  private readonly recordings: {
    readonly cluster: string;
    readonly steps: Generator<void, RecordedBatch, void>;
    /** Runs once the steps are done. */
    readonly done?: () => void;
  }[] = [];
  private recorder: NodeJS.Immediate | undefined;
  private listener: ((cluster: string, entries: readonly HistoryEntry[]) => void) | undefined;
  private pending: RecordedBatch[] = [];
  private writer: NodeJS.Immediate | undefined;
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

  /** Where new entries go once recorded (the hub publishes them on the stream). */
  onEntries(listener: (cluster: string, entries: readonly HistoryEntry[]) => void): void {
    this.listener = listener;
  }

  /**
   * What the engine holds of the objects `changes` touch: call before applying them. Finishes
   * the recordings still running first: they read the engine as it is.
   */
  before(cluster: string, engine: TopologyEngine, changes: readonly Change[]): PreviousObjects {
    this.settle();
    return this.recorderOf(cluster).previousObjects(engine, changes);
  }

  /** Records one apply, from the next turn of the event loop (no entries while the first sync runs). */
  applied(
    cluster: string,
    input: {
      readonly engine: TopologyEngine;
      readonly before: PreviousObjects;
      readonly changeSet: AppliedChanges;
    },
  ): void {
    const steps = this.recorderOf(cluster).record({ ...input, at: new Date(this.now()).toISOString() });
    this.recordings.push({ cluster, steps });
    if (!this.recorder) this.scheduleRecording();
  }

  /** Finishes every recording now. */
  settle(): void {
    if (this.recorder) clearImmediate(this.recorder);
    this.recorder = undefined;
    this.runRecordings(Infinity);
  }

  private scheduleRecording(): void {
    this.recorder = setImmediate(() => {
      this.recorder = undefined;
      this.runRecordings(RECORD_SLICE_MS);
      if (this.recordings.length > 0) this.scheduleRecording();
    });
  }

  private runRecordings(budgetMs: number): void {
    const started = performance.now();
    try {
      while (this.recordings.length > 0) {
        const current = this.recordings[0]!;
        let step = current.steps.next();
        while (!step.done) {
          if (performance.now() - started > budgetMs) return;
          step = current.steps.next();
        }
        this.recordings.shift();
        this.enqueue(step.value);
        current.done?.();
        if (step.value.entries.length > 0) this.listener?.(current.cluster, step.value.entries);
      }
    } finally {
      this.stats.recordMs += performance.now() - started;
    }
  }

  /**
   * The cluster's first sync is done: what it holds now is the baseline (recorded in steps, as
   * an apply is); its history can be rebuilt from then on.
   */
  synced(cluster: string, engine: TopologyEngine): void {
    const recorder = this.recorderOf(cluster);
    if (!recorder.inBaseline) return;
    const at = new Date(this.now()).toISOString();
    this.recordings.push({
      cluster,
      steps: recorder.finishBaseline(engine, at),
      done: () => this.store.markBaseline(cluster, at),
    });
    if (!this.recorder) this.scheduleRecording();
  }

  page(query: HistoryQuery): HistoryPage {
    this.settle();
    this.flush();
    return this.store.page(query);
  }

  /** The objects of a cluster at `at`, or why not: before the horizon, or not recorded yet. */
  objectsAt(cluster: string, at: string): KubeObject[] | { readonly horizon: string | undefined } {
    this.settle();
    this.flush();
    const horizon = this.store.horizon(cluster);
    if (horizon === undefined || at < horizon) return { horizon };
    return this.store.objectsAt(cluster, at);
  }

  /** Writes everything pending now. */
  flush(): void {
    if (this.writer) clearImmediate(this.writer);
    this.writer = undefined;
    this.write(this.pending.splice(0));
  }

  private write(batches: readonly RecordedBatch[]): void {
    if (batches.length === 0) return;
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

  /** Writes the next slice of what is pending after `turns` turns of the event loop, then the rest. */
  private scheduleWrite(turns: number): void {
    this.writer = setImmediate(() => {
      if (turns > 1) return this.scheduleWrite(turns - 1);
      this.writer = undefined;
      this.write(takeRows(this.pending, WRITE_SLICE));
      if (this.pending.length > 0) this.scheduleWrite(1);
    });
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
    this.settle();
    this.flush();
    this.store.close();
  }

  private enqueue(batch: RecordedBatch): void {
    if (batch.entries.length === 0 && batch.versions.length === 0) return;
    this.pending.push(batch);
    if (!this.writer) this.scheduleWrite(2);
  }

  private recorderOf(cluster: string): HistoryRecorder {
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

/** Takes up to `limit` rows off the front of `pending`, splitting a batch that holds more. */
function takeRows(pending: RecordedBatch[], limit: number): RecordedBatch[] {
  const taken: RecordedBatch[] = [];
  let left = limit;
  while (left > 0 && pending.length > 0) {
    const batch = pending[0]!;
    const rows = batch.entries.length + batch.versions.length;
    if (rows <= left) {
      taken.push(batch);
      pending.shift();
      left -= rows;
      continue;
    }
    const entries = batch.entries.slice(0, left);
    const versions = batch.versions.slice(0, left - entries.length);
    taken.push({ entries, versions });
    pending[0] = {
      entries: batch.entries.slice(entries.length),
      versions: batch.versions.slice(versions.length),
    };
    left = 0;
  }
  return taken;
}
