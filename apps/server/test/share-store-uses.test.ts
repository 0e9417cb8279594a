/**
 * The share-link store keeps what the admin needs to know of a link's uses (how often, when last,
 * of which kind, from where) in storage that does not grow with the number of requests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ShareStore, USE_ROWS_PER_LINK } from '../src/access/share-store.ts';

function databasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'gatemap-store-')), 'gatemap.sqlite');
}

/** Rows in every table of the database but the links themselves and the migration record. */
function rowsBesideLinks(path: string): number {
  const db = new DatabaseSync(path);
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    let rows = 0;
    for (const { name } of tables) {
      if (name === 'share_links' || name === 'schema_migrations') continue;
      rows += (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return rows;
  } finally {
    db.close();
  }
}

const link = { label: 'shop', namespaces: ['shop'], expiresInMs: 3_600_000, createdBy: 'admin' };

describe('share link uses', () => {
  it('counts 24,000 uses without keeping a row for each', () => {
    const path = databasePath();
    let now = Date.parse('2026-12-01T00:00:00Z');
    const store = new ShareStore(path, () => now);
    const { link: created } = store.create(link);
    for (let i = 0; i < 24_000; i++) {
      now += 1000;
      store.recordUse(created.id, i % 2 === 0 ? 'api' : 'stream', '10.0.0.7');
    }
    store.recordUse(created.id, 'open', '10.0.0.8');
    const after = store.get(created.id);
    expect(after?.uses).toBe(24_001);
    expect(after?.lastUsedAt).toBe(new Date(now).toISOString());
    expect(store.uses(created.id)).toEqual([
      {
        at: new Date(now).toISOString(),
        firstAt: new Date(now).toISOString(),
        count: 1,
        what: 'open',
        remote: '10.0.0.8',
      },
      {
        at: new Date(now).toISOString(),
        firstAt: new Date(Date.parse('2026-12-01T00:00:02Z')).toISOString(),
        count: 12_000,
        what: 'stream',
        remote: '10.0.0.7',
      },
      {
        at: new Date(now - 1000).toISOString(),
        firstAt: new Date(Date.parse('2026-12-01T00:00:01Z')).toISOString(),
        count: 12_000,
        what: 'api',
        remote: '10.0.0.7',
      },
    ]);
    store.close();
    expect(rowsBesideLinks(path)).toBe(3);
  });

  it('keeps at most the most recent summaries of a link used from many addresses', () => {
    const path = databasePath();
    let now = Date.parse('2026-12-01T00:00:00Z');
    const store = new ShareStore(path, () => now);
    const { link: one } = store.create(link);
    const { link: other } = store.create(link);
    for (let i = 0; i < 3 * USE_ROWS_PER_LINK; i++) {
      now += 1000;
      store.recordUse(one.id, 'api', `10.0.${Math.floor(i / 256)}.${i % 256}`);
    }
    store.recordUse(other.id, 'open', '10.9.9.9');
    const uses = store.uses(one.id);
    expect(uses).toHaveLength(USE_ROWS_PER_LINK);
    // The newest addresses stay; every use is still counted on the link.
    expect(uses[0]?.remote).toBe(
      `10.0.${Math.floor((3 * USE_ROWS_PER_LINK - 1) / 256)}.${(3 * USE_ROWS_PER_LINK - 1) % 256}`,
    );
    expect(store.get(one.id)?.uses).toBe(3 * USE_ROWS_PER_LINK);
    expect(store.uses(other.id)).toHaveLength(1);
    store.close();
    expect(rowsBesideLinks(path)).toBe(USE_ROWS_PER_LINK + 1);
  });

  it('carries the uses of a database written one row per use over into the summary', () => {
    const path = databasePath();
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE schema_migrations (version INTEGER NOT NULL);
      INSERT INTO schema_migrations (version) VALUES (1);
      CREATE TABLE share_links (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, label TEXT NOT NULL, cluster TEXT,
        namespaces TEXT NOT NULL, routes TEXT, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT,
        created_by TEXT NOT NULL);
      CREATE TABLE share_link_uses (id INTEGER PRIMARY KEY AUTOINCREMENT, link_id TEXT NOT NULL REFERENCES share_links(id),
        at TEXT NOT NULL, what TEXT NOT NULL, remote TEXT);
      INSERT INTO share_links VALUES ('abc', '00', 'old', NULL, '["shop"]', NULL, '2026-11-01T00:00:00.000Z',
        '2027-01-01T00:00:00.000Z', NULL, 'admin');`);
    const insert = old.prepare('INSERT INTO share_link_uses (link_id, at, what, remote) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 250; i++)
      insert.run(
        'abc',
        new Date(Date.parse('2026-11-02T00:00:00Z') + i * 1000).toISOString(),
        'api',
        i < 200 ? '10.0.0.1' : null,
      );
    old.close();
    const store = new ShareStore(path);
    expect(store.get('abc')?.uses).toBe(250);
    expect(store.get('abc')?.lastUsedAt).toBe(
      new Date(Date.parse('2026-11-02T00:00:00Z') + 249_000).toISOString(),
    );
    expect(store.uses('abc').map((use) => [use.what, use.remote, use.count])).toEqual([
      ['api', undefined, 50],
      ['api', '10.0.0.1', 200],
    ]);
    store.close();
    expect(rowsBesideLinks(path)).toBe(2);
  });
});
