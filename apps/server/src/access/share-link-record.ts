/**
 * A share link's record as the Kubernetes share store keeps it: a Secret named
 * `gatemap-share-<id>` whose data holds the token's SHA-256, the link as JSON and its uses as
 * JSON. Decoding refuses anything that is not a well-formed record; uses merge by kind and address.
 */
import { USE_ROWS_PER_LINK, type ShareLink } from './share-link-store.ts';

export const NAME_PREFIX = 'gatemap-share-';

/** What a record holds besides the token hash: the link, less its id (the record's name) and uses. */
export type StoredLink = Omit<ShareLink, 'id' | 'uses' | 'lastUsedAt'>;

export interface UseRow {
  readonly what: string;
  readonly remote: string;
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
}

export interface StoredUses {
  readonly count: number;
  readonly lastUsedAt?: string;
  readonly rows: readonly UseRow[];
}

export interface SecretObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly type?: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly data?: Readonly<Record<string, string>>;
}

export const EMPTY_USES: StoredUses = { count: 0, rows: [] };

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function idOf(name: string): string | undefined {
  return name.startsWith(NAME_PREFIX) ? name.slice(NAME_PREFIX.length) : undefined;
}

/** The parts of a record, or undefined when it is not a well-formed share-link record. */
export function decodeRecord(
  object: SecretObject,
): { id: string; tokenHash: string; stored: StoredLink; uses: StoredUses } | undefined {
  const id = idOf(object.metadata.name);
  const data = object.data ?? {};
  const field = (key: string) => {
    const value = data[key];
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
  };
  const tokenHash = field('token-sha256');
  const link = field('link');
  if (id === undefined || tokenHash === undefined || !/^[0-9a-f]{64}$/.test(tokenHash) || link === undefined)
    return undefined;
  try {
    const stored = JSON.parse(link) as StoredLink;
    if (
      typeof stored.label !== 'string' ||
      !Array.isArray(stored.namespaces) ||
      typeof stored.expiresAt !== 'string' ||
      typeof stored.createdAt !== 'string'
    )
      return undefined;
    const usesText = field('uses');
    const uses = usesText === undefined ? EMPTY_USES : (JSON.parse(usesText) as StoredUses);
    return { id, tokenHash, stored, uses: { ...EMPTY_USES, ...uses } };
  } catch {
    return undefined;
  }
}

/** Adds gathered uses to stored ones: counts add up, the least recently seen rows beyond the limit go. */
export function mergeUses(stored: StoredUses, gathered: readonly UseRow[]): StoredUses {
  const rows = new Map(stored.rows.map((row) => [`${row.what}\n${row.remote}`, row]));
  let count = stored.count;
  let lastUsedAt = stored.lastUsedAt;
  for (const use of gathered) {
    count += use.count;
    if (lastUsedAt === undefined || use.lastAt > lastUsedAt) lastUsedAt = use.lastAt;
    const key = `${use.what}\n${use.remote}`;
    const row = rows.get(key);
    rows.set(
      key,
      row
        ? {
            ...row,
            count: row.count + use.count,
            firstAt: row.firstAt < use.firstAt ? row.firstAt : use.firstAt,
            lastAt: row.lastAt > use.lastAt ? row.lastAt : use.lastAt,
          }
        : { what: use.what, remote: use.remote, count: use.count, firstAt: use.firstAt, lastAt: use.lastAt },
    );
  }
  const kept = [...rows.values()]
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
    .slice(0, USE_ROWS_PER_LINK);
  return { count, ...(lastUsedAt === undefined ? {} : { lastUsedAt }), rows: kept };
}
