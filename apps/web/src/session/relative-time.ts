/**
 * "in 23 hours", "5 minutes ago": coarse, for expiry and last-use times. Days from two days on,
 * hours from 90 minutes on, so that a 24-hour link reads "in 24 hours", not "in 1 day".
 */
const format = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(target: number | string, now: number): string {
  const at = typeof target === 'string' ? Date.parse(target) : target;
  if (Number.isNaN(at)) return 'at an unknown time';
  const diff = at - now;
  const size = Math.abs(diff);
  if (size < 45_000) return diff >= 0 ? 'in less than a minute' : 'just now';
  if (size >= 2 * DAY) return format.format(Math.round(diff / DAY), 'day');
  if (size >= 90 * MINUTE) return format.format(Math.round(diff / HOUR), 'hour');
  return format.format(Math.max(1, Math.round(size / MINUTE)) * Math.sign(diff), 'minute');
}

/**
 * For something that has happened (created, revoked, used): never in the future, even when the
 * server's clock is a little ahead or `now` was read a moment ago.
 */
export function agoText(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (!Number.isNaN(at) && at > now - 45_000) return 'just now';
  return relativeTime(at, now);
}

/** "expires in 3 hours" or "expired 2 days ago". */
export function expiryText(expiresAt: string, now: number): string {
  const at = Date.parse(expiresAt);
  return `${at > now ? 'expires' : 'expired'} ${relativeTime(at, now)}`;
}

/** A full local date and time, for tooltips beside the relative text. */
export function absoluteTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}
