/**
 * The server's SQLite files (share links, history): opened with their pragmas, their schema
 * brought up to date by numbered migrations, and writes grouped in transactions.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * Opens `path` (`:memory:` for a database that lives as long as the process), creating its
 * directory, runs `pragmas`, then each of `migrations` not yet applied, in order, each in its own
 * transaction with its number recorded in `schema_migrations`.
 */
export function openDatabase(path: string, pragmas: string, migrations: readonly string[]): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`${pragmas}; CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  for (const [index, sql] of migrations.entries()) {
    if (index + 1 <= current) continue;
    inTransaction(db, () => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(index + 1);
    });
  }
  return db;
}

/** Runs `body` in one transaction: all of its writes, or none when it throws. */
export function inTransaction(db: DatabaseSync, body: () => void): void {
  db.exec('BEGIN');
  try {
    body();
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
