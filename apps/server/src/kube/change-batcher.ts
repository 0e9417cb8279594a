/**
 * Hands engine changes to the consumer in batches: a LIST page at once (one call per page), watch
 * events gathered for a few milliseconds so that a burst costs one analysis, not hundreds.
 */
import type { Change } from '@gatemap/topology';

export class ChangeBatcher {
  private pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly deliver: (changes: Change[]) => void;
  /** How long the first queued watch change may wait for others (bounds the added latency). */
  private readonly windowMs: number;

  constructor(deliver: (changes: Change[]) => void, windowMs: number) {
    this.deliver = deliver;
    this.windowMs = windowMs;
  }

  /** Queues `changes`; `immediate` flushes them (and anything queued before) now, in order. */
  add(changes: readonly Change[], immediate: boolean): void {
    if (this.closed) return;
    for (const change of changes) this.pending.push(change);
    if (immediate) this.flush();
    else if (this.timer === undefined && this.pending.length > 0) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.deliver(batch);
  }

  /** Drops what is queued; nothing is delivered after this. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.closed = true;
  }
}
