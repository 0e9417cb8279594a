/**
 * History kept in SQLite (node:sqlite), in its own file beside the share links: entries (object
 * and verdict changes, as their wire JSON) and versions (each object's JSON as it changed, for
 * the map as it was), per cluster. Writes come in batches, one transaction each.
 *
 * Retention: entries and versions older than `retentionMs` go, oldest first, and so do the
 * oldest while the database uses more than `maxBytes`. Size is measured from the database: the
 * pages in use, `(page_count - freelist_count) * page_size`, so a deletion counts at once; freed
 * pages are reused by later writes, so the file stays about that size. A version older than the
 * cut is kept when it is its object's newest one before the cut (a rebuild of the cut moment
 * needs it), unless it records a deletion; the cut becomes the cluster's horizon, the oldest
 * moment the map can be rebuilt at.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { HistoryEntry, HistoryPage, KubeObject, ObjectKey } from '@gatemap/topology';
import { fingerprint, type RecordedBatch } from './history-recorder.ts';
import type { RetentionOptions } from './retention.ts';
import { inTransaction, openDatabase } from '../sqlite.ts';

/** Migrations in order; a database records the last one applied. Never edit a released one. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE history_entries (
     cluster TEXT NOT NULL,
     seq INTEGER NOT NULL,
     at TEXT NOT NULL,
     key TEXT NOT NULL,
     type TEXT NOT NULL,
     problem INTEGER NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (cluster, seq)
   );
   CREATE INDEX history_entries_by_object ON history_entries(cluster, key, seq);
   CREATE INDEX history_entries_by_time ON history_entries(cluster, at);
   CREATE TABLE history_versions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     cluster TEXT NOT NULL,
     key TEXT NOT NULL,
     seq INTEGER NOT NULL,
     at TEXT NOT NULL,
     json TEXT
   );
   CREATE INDEX history_versions_by_object ON history_versions(cluster, key, id);
   CREATE INDEX history_versions_by_time ON history_versions(at);
   CREATE TABLE history_horizons (cluster TEXT PRIMARY KEY, horizon TEXT NOT NULL);`,
];

export interface HistoryQuery {
  readonly cluster: string;
  readonly key?: ObjectKey;
  /** ISO 8601 bounds, inclusive. */
  readonly since?: string;
  readonly until?: string;
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly cursor?: string;
  /** Only verdict entries that broke or whose value does not work. */
  readonly problems?: boolean;
}

/** A cursor is the `seq` of the last entry of the page before. */
const CURSOR = /^[0-9]{1,15}$/;

export class HistoryStore {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(path: string) {
    this.db = openDatabase(path, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL', MIGRATIONS);
  }

  /** Writes one or more recorded batches in one transaction. */
  write(batches: readonly RecordedBatch[]): void {
    const entry = this.statement(
      'INSERT OR REPLACE INTO history_entries (cluster, seq, at, key, type, problem, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const version = this.statement(
      'INSERT INTO history_versions (cluster, key, seq, at, json) VALUES (?, ?, ?, ?, ?)',
    );
    this.transaction(() => {
      for (const batch of batches) {
        for (const item of batch.entries)
          entry.run(
            item.cluster,
            item.seq,
            item.at,
            item.key,
            item.type,
            isProblem(item) ? 1 : 0,
            JSON.stringify(item),
          );
        for (const row of batch.versions) version.run(row.cluster, row.key, row.seq, row.at, row.json);
      }
    });
  }

  /** A page of entries, newest first (see `HistoryQuery`). */
  page(query: HistoryQuery): HistoryPage {
    const where = ['cluster = ?'];
    const values: SQLInputValue[] = [query.cluster];
    if (query.key !== undefined) {
      where.push('key = ?');
      values.push(query.key);
    }
    if (query.cursor !== undefined && CURSOR.test(query.cursor)) {
      where.push('seq < ?');
      values.push(Number(query.cursor));
    }
    if (query.since !== undefined) {
      where.push('at >= ?');
      values.push(query.since);
    }
    if (query.until !== undefined) {
      where.push('at <= ?');
      values.push(query.until);
    }
    if (query.problems) where.push('problem = 1');
    const rows = this.statement(
      `SELECT seq, json FROM history_entries WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
    ).all(...values, query.limit + 1) as { seq: number; json: string }[];
    const more = rows.length > query.limit;
    const kept = more ? rows.slice(0, query.limit) : rows;
    const entries = kept.map((row) => JSON.parse(row.json) as HistoryEntry);
    const last = kept.at(-1);
    return more && last ? { entries, next: String(last.seq) } : { entries };
  }

  /** The last seq recorded for a cluster (0 for none). */
  lastSeq(cluster: string): number {
    const row = this.statement('SELECT MAX(seq) AS seq FROM history_entries WHERE cluster = ?').get(
      cluster,
    ) as {
      seq: number | null;
    };
    const versions = this.statement('SELECT MAX(seq) AS seq FROM history_versions WHERE cluster = ?').get(
      cluster,
    ) as { seq: number | null };
    return Math.max(row.seq ?? 0, versions.seq ?? 0);
  }

  /** The fingerprint of the latest version of each object the cluster still holds. */
  latestPrints(cluster: string): Map<ObjectKey, string> {
    const prints = new Map<ObjectKey, string>();
    for (const row of this.latest(cluster, undefined))
      if (row.json !== null) prints.set(row.key as ObjectKey, fingerprint(row.json));
    return prints;
  }

  /** The objects of a cluster as they were at `at` (ISO 8601). */
  objectsAt(cluster: string, at: string): KubeObject[] {
    const objects: KubeObject[] = [];
    for (const row of this.latest(cluster, at))
      if (row.json !== null) objects.push(JSON.parse(row.json) as KubeObject);
    return objects;
  }

  /** The oldest moment the map of a cluster can be rebuilt at, once its first sync is recorded. */
  horizon(cluster: string): string | undefined {
    const row = this.statement('SELECT horizon FROM history_horizons WHERE cluster = ?').get(cluster) as
      { horizon: string } | undefined;
    return row?.horizon;
  }

  /** Marks a cluster's first recorded sync (a later one keeps the first). */
  markBaseline(cluster: string, at: string): void {
    this.statement('INSERT OR IGNORE INTO history_horizons (cluster, horizon) VALUES (?, ?)').run(
      cluster,
      at,
    );
  }

  /** Bytes of the pages in use (see the module's doc). */
  usedBytes(): number {
    const pragma = (name: string) => {
      const row = this.db.prepare(`PRAGMA ${name}`).get() as Record<string, number>;
      return Object.values(row)[0] ?? 0;
    };
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  /**
   * Drops what retention no longer keeps: everything older than the age limit, then the oldest
   * tenth at a time while over the size limit. Returns the rows deleted.
   */
  prune(options: RetentionOptions, now = Date.now()): number {
    let deleted = this.pruneBefore(new Date(now - options.retentionMs).toISOString());
    for (let round = 0; round < 30 && this.usedBytes() > options.maxBytes; round++) {
      const count = (
        this.statement(
          'SELECT (SELECT COUNT(*) FROM history_entries) + (SELECT COUNT(*) FROM history_versions) AS count',
        ).get() as { count: number }
      ).count;
      const cut = this.statement(
        'SELECT at FROM (SELECT at FROM history_entries UNION ALL SELECT at FROM history_versions) ORDER BY at LIMIT 1 OFFSET ?',
      ).get(Math.max(1, Math.floor(count / 10))) as { at: string } | undefined;
      if (!cut) break;
      const removed = this.pruneBefore(cut.at);
      deleted += removed;
      if (removed === 0) break;
    }
    if (deleted > 0) this.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    return deleted;
  }

  close(): void {
    this.db.close();
  }

  /** Deletes entries before `cut`, and versions before it that a rebuild at `cut` does not need. */
  private pruneBefore(cut: string): number {
    let deleted = 0;
    this.transaction(() => {
      deleted += Number(this.statement('DELETE FROM history_entries WHERE at < ?').run(cut).changes);
      deleted += Number(
        this.statement(
          `DELETE FROM history_versions WHERE at < ?1 AND (json IS NULL OR id NOT IN
             (SELECT MAX(id) FROM history_versions WHERE at < ?1 GROUP BY cluster, key))`,
        ).run(cut).changes,
      );
      this.statement('UPDATE history_horizons SET horizon = ?1 WHERE horizon < ?1').run(cut);
    });
    return deleted;
  }

  /** The latest version of each object of a cluster, at or before `at` when given. */
  private latest(cluster: string, at: string | undefined): { key: string; json: string | null }[] {
    return this.statement(
      `SELECT v.key, v.json FROM history_versions v JOIN
         (SELECT MAX(id) AS id FROM history_versions WHERE cluster = ?1 AND at <= ?2 GROUP BY key) last
       ON v.id = last.id`,
    ).all(cluster, at ?? '9999') as { key: string; json: string | null }[];
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private transaction(body: () => void): void {
    inTransaction(this.db, body);
  }
}

/** A verdict entry that broke, or whose value does not work (what `problems=true` keeps). */
function isProblem(entry: HistoryEntry): boolean {
  return (
    entry.type === 'verdict' && (entry.verdict.direction === 'broke' || entry.verdict.after?.ok === false)
  );
}
