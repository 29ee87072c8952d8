// The database of a `roviec` command: opened, migrated, closed. docs/DESIGN.md D34.
import type { Config } from '../config.ts';
import { openDb, type DbHandle } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * Opens the database of `config`, migrates it to the latest version, runs `fn` and closes the
 * database whatever happens.
 */
export async function withDb<R>(config: Config, fn: (h: DbHandle) => Promise<R>): Promise<R> {
  const h = openDb(config.databaseUrl);
  try {
    await migrateToLatest(h.db);
    return await fn(h);
  } finally {
    await h.destroy();
  }
}
