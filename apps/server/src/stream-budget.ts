/**
 * The memory that open streams hold together, and how many streams one credential or one address
 * may keep open. A stream's memory is what it has written and the client has not yet read: the
 * bytes queued in its socket. A client that stops reading would otherwise hold everything sent
 * to it for as long as it keeps the connection open.
 *
 * - Each stream counts the bytes it alone holds. A snapshot frame that several streams were sent
 *   (the admin's, one Buffer per revision) is counted once, for as long as any of them still holds
 *   part of it; frames written after it are counted per stream.
 * - When all streams together hold more than `totalBytes`, the streams holding the most are closed
 *   until the rest fit. A closed client's EventSource reconnects by itself, resuming from its last
 *   event id while the server still holds the deltas it missed.
 * - A stream holding more than `clientBytes` beyond its last snapshot gets no more deltas until it
 *   drains (then a fresh snapshot): see routes/stream.ts.
 * - New streams beyond `perCredential` (the admin, or one share link) or `perAddress` are refused.
 */
import type { ServerResponse } from 'node:http';

export interface StreamLimits {
  /** Unsent bytes all streams may hold together. */
  readonly totalBytes: number;
  /** Unsent bytes one stream may hold beyond its last snapshot before it stops getting deltas. */
  readonly clientBytes: number;
  /** Open streams per credential (the admin; each share link). */
  readonly perCredential: number;
  /** Open streams per client address. */
  readonly perAddress: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  totalBytes: 256 * 1024 * 1024,
  clientBytes: 8 * 1024 * 1024,
  perCredential: 32,
  perAddress: 32,
};

/** A stream's socket as the budget sees it: what it writes, and how much of it is still queued. */
export class BudgetedStream {
  /** The last snapshot, when it is shared with other streams. */
  private shared: Buffer | undefined;
  /** Bytes written since the last snapshot (or since the start), counted as this stream's own. */
  private own = 0;
  /** Of those, the bytes of a snapshot only this stream holds. */
  private ownSnapshot = 0;

  private readonly res: ServerResponse;
  readonly credential: string;
  readonly address: string;
  /** Closes the stream at once, dropping what is queued; the budget calls it to reclaim memory. */
  readonly close: () => void;

  constructor(res: ServerResponse, credential: string, address: string, close: () => void) {
    this.res = res;
    this.credential = credential;
    this.address = address;
    this.close = close;
  }

  /** Writes a snapshot frame shared with other streams (counted once across them). */
  writeShared(frame: Buffer): void {
    this.shared = frame;
    this.own = 0;
    this.ownSnapshot = 0;
    this.res.write(frame);
  }

  /** Writes a frame this stream alone holds (a delta, a scoped snapshot, a heartbeat). */
  write(frame: Buffer | string): void {
    this.own += typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    this.res.write(frame);
  }

  /** Writes a snapshot (or a replay of missed deltas) that only this stream holds. */
  writeSnapshot(frame: Buffer | string): void {
    this.shared = undefined;
    this.own = 0;
    this.write(frame);
    this.ownSnapshot = this.own;
  }

  /** Unsent bytes that this stream alone holds. The queue drains in order, own frames last. */
  backlog(): number {
    return Math.min(this.res.writableLength, this.own);
  }

  /** Unsent bytes written after the last snapshot: what a slow client let pile up. */
  backlogSinceSnapshot(): number {
    return Math.min(this.res.writableLength, this.own - this.ownSnapshot);
  }

  /** The shared snapshot while part of it is still queued here. */
  sharedPending(): Buffer | undefined {
    return this.shared && this.res.writableLength > this.own ? this.shared : undefined;
  }
}

export class StreamBudget {
  private readonly streams = new Set<BudgetedStream>();
  /** Streams closed to keep all of them within the budget (for metrics). */
  reclaimed = 0;

  readonly limits: StreamLimits;

  constructor(limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
    this.limits = limits;
  }

  /** Whether a new stream for this credential from this address may open. */
  check(credential: string, address: string): string | undefined {
    let sameCredential = 0;
    let sameAddress = 0;
    for (const stream of this.streams) {
      if (stream.credential === credential) sameCredential++;
      if (stream.address === address) sameAddress++;
    }
    if (sameCredential >= this.limits.perCredential)
      return `this credential already has ${sameCredential} open streams (the limit); close a tab or window of the map`;
    if (sameAddress >= this.limits.perAddress)
      return `this address already has ${sameAddress} open streams (the limit)`;
    if (this.bufferedBytes() >= this.limits.totalBytes)
      return 'the server holds as much unsent stream data as it may; retry shortly';
    return undefined;
  }

  add(stream: BudgetedStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  get size(): number {
    return this.streams.size;
  }

  /** Unsent bytes all streams hold, each shared snapshot counted once. */
  bufferedBytes(): number {
    let total = 0;
    const shared = new Set<Buffer>();
    for (const stream of this.streams) {
      total += stream.backlog();
      const pending = stream.sharedPending();
      if (pending && !shared.has(pending)) {
        shared.add(pending);
        total += pending.length;
      }
    }
    return total;
  }

  /**
   * Closes the streams that alone hold the most until all of them fit the budget. A snapshot
   * shared by several streams is freed only with the last of them, so closing streams that hold
   * nothing of their own would cost their clients and free nothing.
   */
  enforce(): void {
    let total = this.bufferedBytes();
    if (total <= this.limits.totalBytes) return;
    const byBacklog = [...this.streams].sort((a, b) => b.backlog() - a.backlog());
    for (const stream of byBacklog) {
      if (total <= this.limits.totalBytes || stream.backlog() === 0) break;
      stream.close();
      this.streams.delete(stream);
      this.reclaimed++;
      total = this.bufferedBytes();
    }
  }
}
