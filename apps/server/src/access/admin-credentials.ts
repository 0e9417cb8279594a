/**
 * The admin credential: a random token printed at start-up (or GATEMAP_ADMIN_TOKEN), accepted as
 * `Authorization: Bearer`, and exchanged once via `/?token=` for a signed, HttpOnly session
 * cookie. Comparisons are constant-time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_TTL_MS = 12 * 3600_000;

export function generateAdminToken(): string {
  return `gma_${randomBytes(32).toString('base64url')}`;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time equality of two secrets (compared as digests, so lengths do not leak). */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export class AdminCredentials {
  private readonly token: string;
  private readonly key: Buffer;
  private readonly now: () => number;

  constructor(token: string, now: () => number = Date.now) {
    this.token = token;
    this.key = digest(`gatemap-session:${token}`);
    this.now = now;
  }

  matches(presented: string): boolean {
    return secretsEqual(presented, this.token);
  }

  /** A session cookie value: issue time and an HMAC over it, bound to the current admin token. */
  issueSession(): string {
    const issued = String(this.now());
    return `${issued}.${this.sign(issued)}`;
  }

  verifySession(value: string): boolean {
    const [issued, signature] = value.split('.');
    if (!issued || !signature || !/^\d+$/.test(issued)) return false;
    if (!secretsEqual(signature, this.sign(issued))) return false;
    const age = this.now() - Number(issued);
    return age >= 0 && age < SESSION_TTL_MS;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}
