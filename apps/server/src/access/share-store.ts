/**
 * Share links, kept in SQLite (node:sqlite): a file that survives restarts, with numbered schema
 * migrations. Tokens are random and stored only as SHA-256 hashes; a presented token is checked
 * with a constant-time comparison. Uses are kept as a count and a last-use time per link, and a
 * summary per kind of use and address (count, first and last time), at most `USE_ROWS_PER_LINK`
 * rows a link, the least recently seen dropped first: a link used a million times holds no more
 * rows than one used a hundred times. Uses are gathered in memory and written together at most
 * every `USE_FLUSH_MS` (and before any read of them, and on close), so a request costs no write to
 * disk; a crash loses at most that window of use counts, never a link or a revocation.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { inTransaction, openDatabase } from '../sqlite.ts';
import {
  gatherUse,
  isUsable,
  mintToken,
  parseToken,
  secretMatches,
  USE_FLUSH_MS,
  USE_ROWS_PER_LINK,
  type NewShareLink,
  type PendingUses,
  type ShareLink,
  type ShareLinkStore,
  type ShareLinkUse,
} from './share-link-store.ts';

export {
  USE_ROWS_PER_LINK,
  type NewShareLink,
  type ShareLink,
  type ShareLinkUse,
} from './share-link-store.ts';

/** Migrations in order; a database records the last one applied. Never edit a released one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE share_links (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL,
     label TEXT NOT NULL,
     cluster TEXT,
     namespaces TEXT NOT NULL,
     routes TEXT,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     revoked_at TEXT,
     created_by TEXT NOT NULL
   );
   CREATE TABLE share_link_uses (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     link_id TEXT NOT NULL REFERENCES share_links(id),
     at TEXT NOT NULL,
     what TEXT NOT NULL,
     remote TEXT
   );
   CREATE INDEX share_link_uses_by_link ON share_link_uses(link_id, at);`,
  // One row per use grew without bound: counts on the link, and a summary per kind and address.
  `ALTER TABLE share_links ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE share_links ADD COLUMN last_used_at TEXT;
   CREATE TABLE share_link_use_summary (
     link_id TEXT NOT NULL REFERENCES share_links(id),
     what TEXT NOT NULL,
     remote TEXT NOT NULL,
     count INTEGER NOT NULL,
     first_at TEXT NOT NULL,
     last_at TEXT NOT NULL,
     PRIMARY KEY (link_id, what, remote)
   );
   CREATE INDEX share_link_use_summary_by_last ON share_link_use_summary(link_id, last_at);
   UPDATE share_links SET
     uses = (SELECT COUNT(*) FROM share_link_uses u WHERE u.link_id = share_links.id),
     last_used_at = (SELECT MAX(at) FROM share_link_uses u WHERE u.link_id = share_links.id);
   INSERT INTO share_link_use_summary (link_id, what, remote, count, first_at, last_at)
     SELECT link_id, what, COALESCE(remote, ''), COUNT(*), MIN(at), MAX(at)
     FROM share_link_uses GROUP BY link_id, what, COALESCE(remote, '');
   DELETE FROM share_link_use_summary WHERE rowid IN (
     SELECT rowid FROM (
       SELECT rowid, ROW_NUMBER() OVER (PARTITION BY link_id ORDER BY last_at DESC) AS rank
       FROM share_link_use_summary
     ) WHERE rank > ${USE_ROWS_PER_LINK}
   );
   DROP TABLE share_link_uses;`,
];

interface Row {
  id: string;
  token_hash: string;
  label: string;
  cluster: string | null;
  namespaces: string;
  routes: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  created_by: string;
  uses: number;
  last_used_at: string | null;
}

export class ShareStore implements ShareLinkStore {
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  /** Uses not yet written, by link, then by `what` and address. */
  private pending = new Map<string, PendingUses>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(path: string, now: () => number = Date.now) {
    this.db = openDatabase(path, 'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON', MIGRATIONS);
    this.now = now;
  }

  /** Creates a link; the token is returned once and never stored. */
  create(input: NewShareLink): { link: ShareLink; token: string } {
    const id = randomBytes(9).toString('base64url');
    const { token, tokenHash } = mintToken(id);
    const createdAt = new Date(this.now()).toISOString();
    const expiresAt = new Date(this.now() + input.expiresInMs).toISOString();
    this.db
      .prepare(
        'INSERT INTO share_links (id, token_hash, label, cluster, namespaces, routes, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        tokenHash,
        input.label,
        input.cluster ?? null,
        JSON.stringify(input.namespaces),
        input.routes ? JSON.stringify(input.routes) : null,
        createdAt,
        expiresAt,
        input.createdBy,
      );
    return { link: this.read(id)!, token };
  }

  get(id: string): ShareLink | undefined {
    this.flushUses();
    return this.read(id);
  }

  /** A link as last written: its use counts may lag by the uses not yet flushed. */
  private read(id: string): ShareLink | undefined {
    const row = this.db.prepare('SELECT * FROM share_links WHERE id = ?').get(id) as Row | undefined;
    return row ? toLink(row) : undefined;
  }

  list(): ShareLink[] {
    this.flushUses();
    const rows = this.db
      .prepare('SELECT * FROM share_links ORDER BY created_at DESC')
      .all() as unknown as Row[];
    return rows.map(toLink);
  }

  /**
   * The link a token opens, if the token is genuine and the link neither expired nor revoked.
   * Malformed, unknown, tampered, expired and revoked tokens are all simply refused.
   */
  verify(token: string): ShareLink | undefined {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const row = this.db
      .prepare('SELECT id, token_hash, expires_at, revoked_at FROM share_links WHERE id = ?')
      .get(parsed.id) as Pick<Row, 'id' | 'token_hash' | 'expires_at' | 'revoked_at'> | undefined;
    if (!secretMatches(parsed.secret, row?.token_hash) || !row) return undefined;
    const usable = isUsable(
      { expiresAt: row.expires_at, ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }) },
      this.now(),
    );
    return usable ? this.read(row.id) : undefined;
  }

  /** Whether a link (by id) may still be used. */
  isActive(id: string): boolean {
    const row = this.db.prepare('SELECT expires_at, revoked_at FROM share_links WHERE id = ?').get(id) as
      Pick<Row, 'expires_at' | 'revoked_at'> | undefined;
    return row !== undefined && row.revoked_at === null && Date.parse(row.expires_at) > this.now();
  }

  revoke(id: string): ShareLink | undefined {
    this.db
      .prepare('UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date(this.now()).toISOString(), id);
    return this.get(id);
  }

  /** Always current: the file is local. */
  ready(): boolean {
    return true;
  }

  recordUse(id: string, what: string, remote?: string): void {
    gatherUse(this.pending, { id, what, remote: remote ?? '', at: new Date(this.now()).toISOString() });
    this.flushTimer ??= setTimeout(() => this.flushUses(), USE_FLUSH_MS).unref();
  }

  /** Writes the uses gathered since the last write, in one transaction. */
  flushUses(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    const countLink = this.db.prepare(
      'UPDATE share_links SET uses = uses + ?, last_used_at = MAX(COALESCE(last_used_at, ?), ?) WHERE id = ?',
    );
    const summarize = this.db.prepare(
      `INSERT INTO share_link_use_summary (link_id, what, remote, count, first_at, last_at)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM share_links WHERE id = ?)
       ON CONFLICT (link_id, what, remote) DO UPDATE SET count = count + excluded.count, last_at = excluded.last_at`,
    );
    const trim = this.db.prepare(
      `DELETE FROM share_link_use_summary WHERE link_id = ? AND rowid NOT IN (
         SELECT rowid FROM share_link_use_summary WHERE link_id = ? ORDER BY last_at DESC, rowid DESC LIMIT ?)`,
    );
    inTransaction(this.db, () => {
      for (const [id, byUse] of pending) {
        let count = 0;
        let lastAt = '';
        for (const use of byUse.values()) {
          count += use.count;
          if (use.lastAt > lastAt) lastAt = use.lastAt;
          summarize.run(id, use.what, use.remote, use.count, use.firstAt, use.lastAt, id);
        }
        countLink.run(count, lastAt, lastAt, id);
        if (this.summaryRows(id) > USE_ROWS_PER_LINK) trim.run(id, id, USE_ROWS_PER_LINK);
      }
    });
  }

  private summaryRows(id: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS rows FROM share_link_use_summary WHERE link_id = ?').get(id) as {
        rows: number;
      }
    ).rows;
  }

  /** Rows of all links' use summaries (bounded by links × USE_ROWS_PER_LINK). */
  useRows(): number {
    this.flushUses();
    return (this.db.prepare('SELECT COUNT(*) AS rows FROM share_link_use_summary').get() as { rows: number })
      .rows;
  }

  /** Uses of a link by kind and address, the most recent first. */
  uses(id: string): ShareLinkUse[] {
    this.flushUses();
    const rows = this.db
      .prepare(
        'SELECT what, remote, count, first_at, last_at FROM share_link_use_summary WHERE link_id = ? ORDER BY last_at DESC, rowid DESC',
      )
      .all(id) as unknown as {
      what: string;
      remote: string;
      count: number;
      first_at: string;
      last_at: string;
    }[];
    return rows.map((row) => ({
      at: row.last_at,
      firstAt: row.first_at,
      count: row.count,
      what: row.what,
      ...(row.remote ? { remote: row.remote } : {}),
    }));
  }

  close(): void {
    this.flushUses();
    this.db.close();
  }
}

function toLink(row: Row): ShareLink {
  return {
    id: row.id,
    label: row.label,
    ...(row.cluster === null ? {} : { cluster: row.cluster }),
    namespaces: JSON.parse(row.namespaces) as string[],
    ...(row.routes === null ? {} : { routes: JSON.parse(row.routes) as string[] }),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
    createdBy: row.created_by,
    uses: row.uses,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  };
}
