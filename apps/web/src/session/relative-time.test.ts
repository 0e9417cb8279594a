import { describe, expect, it } from 'vitest';
import { agoText, expiryText, relativeTime } from './relative-time.ts';

const now = Date.parse('2026-03-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('relativeTime', () => {
  it('says hours for a day-long link and days from two days on', () => {
    expect(relativeTime(now + 24 * HOUR - MINUTE, now)).toBe('in 24 hours');
    expect(relativeTime(now + 7 * 24 * HOUR, now)).toBe('in 7 days');
    expect(relativeTime(now + 59 * MINUTE, now)).toBe('in 59 minutes');
    expect(relativeTime(now - 5 * MINUTE, now)).toBe('5 minutes ago');
    expect(relativeTime(now + 10_000, now)).toBe('in less than a minute');
    expect(relativeTime('not a date', now)).toBe('at an unknown time');
  });

  it('never puts a past event in the future', () => {
    expect(agoText(new Date(now + 20_000).toISOString(), now)).toBe('just now');
    expect(agoText(new Date(now - 2 * HOUR).toISOString(), now)).toBe('2 hours ago');
  });

  it('reads expiry forwards and backwards', () => {
    expect(expiryText(new Date(now + 3 * HOUR).toISOString(), now)).toBe('expires in 3 hours');
    expect(expiryText(new Date(now - 3 * HOUR).toISOString(), now)).toBe('expired 3 hours ago');
  });
});
