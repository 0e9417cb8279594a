/**
 * Where share links live, as the server sees it: SQLite on a laptop (`share-store.ts`), the
 * Kubernetes API when several replicas serve the same links (`kube-share-store.ts`). Both keep
 * tokens only as SHA-256 hashes and pass one behavioural suite (`test/share-link-store.suite.ts`).
 *
 * `verify` and `isActive` are synchronous: they run in the access hook of every request and in
 * every open stream's once-a-second check, so a store answers them from what it holds in memory.
 * Writes and the admin's reads may go over the network.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ShareLink, ShareLinkUse } from '@gatemap/topology';

export type { ShareLink, ShareLinkUse } from '@gatemap/topology';

export interface NewShareLink {
  readonly label: string;
  readonly cluster?: string;
  readonly namespaces: readonly string[];
  readonly routes?: readonly string[];
  readonly expiresInMs: number;
  readonly createdBy: string;
}

type Awaitable<Value> = Value | Promise<Value>;

export interface ShareLinkStore {
  /** Creates a link; the token is returned once and never stored. */
  create(input: NewShareLink): Awaitable<{ link: ShareLink; token: string }>;
  get(id: string): Awaitable<ShareLink | undefined>;
  /** Every link, revoked and expired ones included, the newest first. */
  list(): Awaitable<ShareLink[]>;
  /**
   * The link a token opens, if the token is genuine and the link neither expired nor revoked.
   * Malformed, unknown, tampered, expired and revoked tokens are all simply refused, and so is
   * every token while the store cannot vouch that what it holds is current.
   */
  verify(token: string): ShareLink | undefined;
  /** Whether a link (by id) may still be used; false too while the store is not current. */
  isActive(id: string): boolean;
  /** Marks a link revoked (at once for every server sharing the store); undefined for an unknown id. */
  revoke(id: string): Awaitable<ShareLink | undefined>;
  /** Counts a use; written later, together with others ({@link flushUses}). */
  recordUse(id: string, what: string, remote?: string): void;
  /** Uses of a link by kind and address, the most recent first. */
  uses(id: string): Awaitable<ShareLinkUse[]>;
  /** Writes the uses gathered since the last write. */
  flushUses(): Awaitable<void>;
  /**
   * Whether the store is current: false while a server cannot reach where the links live, so
   * that it reports not ready instead of serving links that may have been revoked since.
   */
  ready(): boolean;
  /**
   * Calls `listener` with the id of each link revoked elsewhere (another replica) as soon as the
   * store learns of it, so that open streams end at once rather than at their next check. A store
   * that only this server writes need not implement it.
   */
  onRevoked?(listener: (id: string) => void): void;
  /** Writes what is pending and releases the store. */
  close(): Awaitable<void>;
}

/** Summary rows kept per link (kind of use × address); the least recently seen go first. */
export const USE_ROWS_PER_LINK = 100;
/** How long uses gather in memory before they are written together. */
export const USE_FLUSH_MS = 2000;

const TOKEN_PREFIX = 'gms_';

/** A token for link `id`: `gms_<id>.<secret>` with 256 random bits of secret, and the hash of the secret to store. */
export function mintToken(id: string): { token: string; tokenHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${TOKEN_PREFIX}${id}.${secret}`, tokenHash: hashSecret(secret).toString('hex') };
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** The id and secret of a well-formed token; undefined for anything else. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const [id, secret] = token.slice(TOKEN_PREFIX.length).split('.');
  return id && secret ? { id, secret } : undefined;
}

/**
 * Whether `secret` hashes to `storedHex`. Compares even when there is no stored hash (unknown id),
 * so that timing does not tell ids apart.
 */
export function secretMatches(secret: string, storedHex: string | undefined): boolean {
  const presented = hashSecret(secret);
  const stored = storedHex === undefined ? Buffer.alloc(presented.length) : Buffer.from(storedHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented) && storedHex !== undefined;
}

/** Whether a link may be used at `now`. */
export function isUsable(link: Pick<ShareLink, 'revokedAt' | 'expiresAt'>, now: number): boolean {
  return link.revokedAt === undefined && Date.parse(link.expiresAt) > now;
}

/** Parses durations such as `30m`, `24h`, `7d`; undefined when malformed or out of range (1 minute to 90 days). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})(m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return ms >= 60_000 && ms <= 90 * 86_400_000 ? ms : undefined;
}

/** Pending uses of one link: by `what` and address, as gathered since the last write. */
export type PendingUses = Map<
  string,
  { what: string; remote: string; count: number; firstAt: string; lastAt: string }
>;

/** Adds one use to a link's pending uses. */
export function gatherUse(
  pending: Map<string, PendingUses>,
  {
    id,
    what,
    remote,
    at,
  }: { readonly id: string; readonly what: string; readonly remote: string; readonly at: string },
): void {
  let byUse = pending.get(id);
  if (!byUse) pending.set(id, (byUse = new Map()));
  const key = `${what}\n${remote}`;
  const use = byUse.get(key);
  if (use) {
    use.count++;
    use.lastAt = at;
  } else byUse.set(key, { what, remote, count: 1, firstAt: at, lastAt: at });
}
