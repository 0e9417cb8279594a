import { describe, expect, it } from 'vitest';
import { Backoff, sleep } from './backoff.ts';

describe('Backoff', () => {
  it('doubles from 1 s to 30 s with jitter, and starts over after reset', () => {
    const backoff = new Backoff();
    const ceilings = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    for (const ceiling of ceilings) {
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
    backoff.reset();
    expect(backoff.next()).toBeLessThanOrEqual(1_000);
  });
});

describe('sleep', () => {
  it('ends at once when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
