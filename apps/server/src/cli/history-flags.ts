/**
 * `serve`'s history flags: `--history-retention` (an age: 14d, 12h, 30m), `--history-max-size`
 * (a size: 200MB, 1GiB) and `--no-history`.
 */
import { DEFAULT_RETENTION, type RetentionOptions } from '../history/retention.ts';
import { parseSize } from './limit-flags.ts';

export const HISTORY_OPTIONS = {
  'history-retention': { type: 'string' },
  'history-max-size': { type: 'string' },
  'no-history': { type: 'boolean', default: false },
} as const;

export const HISTORY_USAGE = `  --history-retention AGE   keep history this long: 14d (default), 12h, 30m
  --history-max-size SIZE   and at most this much of it, oldest dropped first (default 200MB)
  --no-history          keep no history (no timeline, no map as it was)
`;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const AGE = /^(\d+)(s|m|h|d)$/;

/** The retention the flags set, `off`, or a message naming the bad flag. */
export function readHistoryFlags(values: {
  readonly 'history-retention'?: string | undefined;
  readonly 'history-max-size'?: string | undefined;
  readonly 'no-history'?: boolean | undefined;
}): RetentionOptions | 'off' | string {
  if (values['no-history']) return 'off';
  let { retentionMs, maxBytes } = DEFAULT_RETENTION;
  const age = values['history-retention'];
  if (age !== undefined) {
    const match = AGE.exec(age.trim());
    const ms = match ? Number(match[1]) * (UNIT_MS[match[2]!] ?? 0) : 0;
    if (!(ms > 0)) return `--history-retention must be an age such as 14d, 12h or 30m, got "${age}"`;
    retentionMs = ms;
  }
  const size = values['history-max-size'];
  if (size !== undefined) {
    const bytes = parseSize(size);
    if (bytes === undefined || bytes < 1024 * 1024)
      return `--history-max-size must be a size of at least 1MiB such as 200MB, got "${size}"`;
    maxBytes = bytes;
  }
  return { retentionMs, maxBytes };
}
