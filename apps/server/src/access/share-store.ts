/**
 * Share links, kept in SQLite (node:sqlite): a file that survives restarts, with numbered schema
 * migrations. Tokens are random and stored only as SHA-256 hashes; a presented token is checked
 * with a constant-time comparison. Every use of a link is recorded.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface ShareLink {
  readonly id: string;
  readonly label: string;
  readonly cluster?: string;
  readonly namespaces: readonly string[];
  readonly routes?: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
  readonly createdBy: string;
  readonly uses: number;
  readonly lastUsedAt?: string;
}

export interface ShareLinkUse {
  readonly at: string;
  readonly what: string;
  readonly remote?: string;
}

export interface NewShareLink {
  readonly label: string;
  readonly cluster?: string;
  readonly namespaces: readonly string[];
  readonly routes?: readonly string[];
  readonly expiresInMs: number;
  readonly createdBy: string;
}

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
];

const TOKEN_PREFIX = 'gms_';

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
  uses?: number;
  last_used_at?: string | null;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest();

export class ShareStore {
  private readonly db: DatabaseSync;
  private readonly now: () => number;

  constructor(path: string, now: () => number = Date.now) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.now = now;
    this.db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL)',
    );
    const current =
      (
        this.db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
          version: number | null;
        }
      ).version ?? 0;
    MIGRATIONS.forEach((sql, index) => {
      if (index + 1 <= current) return;
      this.db.exec('BEGIN');
      try {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(index + 1);
        this.db.exec('COMMIT');
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /** Creates a link; the token is returned once and never stored. */
  create(input: NewShareLink): { link: ShareLink; token: string } {
    const id = randomBytes(9).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date(this.now()).toISOString();
    const expiresAt = new Date(this.now() + input.expiresInMs).toISOString();
    this.db
      .prepare(
        'INSERT INTO share_links (id, token_hash, label, cluster, namespaces, routes, created_at, expires_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        hash(secret).toString('hex'),
        input.label,
        input.cluster ?? null,
        JSON.stringify(input.namespaces),
        input.routes ? JSON.stringify(input.routes) : null,
        createdAt,
        expiresAt,
        input.createdBy,
      );
    return { link: this.get(id)!, token: `${TOKEN_PREFIX}${id}.${secret}` };
  }

  get(id: string): ShareLink | undefined {
    const row = this.db
      .prepare(
        'SELECT l.*, (SELECT COUNT(*) FROM share_link_uses u WHERE u.link_id = l.id) AS uses, (SELECT MAX(at) FROM share_link_uses u WHERE u.link_id = l.id) AS last_used_at FROM share_links l WHERE l.id = ?',
      )
      .get(id) as Row | undefined;
    return row ? toLink(row) : undefined;
  }

  list(): ShareLink[] {
    const rows = this.db
      .prepare(
        'SELECT l.*, (SELECT COUNT(*) FROM share_link_uses u WHERE u.link_id = l.id) AS uses, (SELECT MAX(at) FROM share_link_uses u WHERE u.link_id = l.id) AS last_used_at FROM share_links l ORDER BY created_at DESC',
      )
      .all() as unknown as Row[];
    return rows.map(toLink);
  }

  /**
   * The link a token opens, if the token is genuine and the link neither expired nor revoked.
   * Malformed, unknown, tampered, expired and revoked tokens are all simply refused.
   */
  verify(token: string): ShareLink | undefined {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
    const [id, secret] = token.slice(TOKEN_PREFIX.length).split('.');
    if (!id || !secret) return undefined;
    const row = this.db
      .prepare('SELECT id, token_hash, expires_at, revoked_at FROM share_links WHERE id = ?')
      .get(id) as Pick<Row, 'id' | 'token_hash' | 'expires_at' | 'revoked_at'> | undefined;
    const presented = hash(secret);
    // Compare even when the id is unknown, so timing does not tell ids apart.
    const stored = row ? Buffer.from(row.token_hash, 'hex') : Buffer.alloc(presented.length);
    const genuine = timingSafeEqual(stored, presented) && row !== undefined;
    if (!genuine || row.revoked_at !== null || Date.parse(row.expires_at) <= this.now()) return undefined;
    return this.get(id);
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

  recordUse(id: string, what: string, remote?: string): void {
    this.db
      .prepare('INSERT INTO share_link_uses (link_id, at, what, remote) VALUES (?, ?, ?, ?)')
      .run(id, new Date(this.now()).toISOString(), what, remote ?? null);
  }

  uses(id: string, limit = 200): ShareLinkUse[] {
    const rows = this.db
      .prepare('SELECT at, what, remote FROM share_link_uses WHERE link_id = ? ORDER BY id DESC LIMIT ?')
      .all(id, limit) as unknown as { at: string; what: string; remote: string | null }[];
    return rows.map((row) => ({ at: row.at, what: row.what, ...(row.remote ? { remote: row.remote } : {}) }));
  }

  close(): void {
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
    uses: row.uses ?? 0,
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
  };
}

/** Parses durations such as `30m`, `24h`, `7d`; undefined when malformed or out of range (1 minute to 90 days). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})(m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return ms >= 60_000 && ms <= 90 * 86_400_000 ? ms : undefined;
}
