/**
 * How long history is kept and how large it may grow (see `history-store.ts` for how retention
 * is applied). Apart from the store, so that reading `--history-*` flags loads no SQLite.
 */

export interface RetentionOptions {
  /** Entries older than this go (default 14 days). */
  readonly retentionMs: number;
  /** At most this many bytes of pages in use (default 200 MB). */
  readonly maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionOptions = {
  retentionMs: 14 * 24 * 3600 * 1000,
  maxBytes: 200 * 1000 * 1000,
};
