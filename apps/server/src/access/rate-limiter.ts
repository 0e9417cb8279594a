/**
 * Limits failed credential checks per client address: after `limit` failures in `windowMs`,
 * further attempts are refused (429) until the window ends.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit = 20, windowMs = 60_000, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  blocked(address: string): number | undefined {
    const entry = this.failures.get(address);
    if (!entry) return undefined;
    if (entry.resetAt <= this.now()) {
      this.failures.delete(address);
      return undefined;
    }
    return entry.count >= this.limit ? Math.ceil((entry.resetAt - this.now()) / 1000) : undefined;
  }

  fail(address: string): void {
    const entry = this.failures.get(address);
    if (!entry || entry.resetAt <= this.now()) {
      if (this.failures.size > 10_000) this.failures.clear();
      this.failures.set(address, { count: 1, resetAt: this.now() + this.windowMs });
    } else entry.count++;
  }
}
