// Commands of `roviec` that live beside their feature (setup, units, organizations, people import,
// invitations, demo removal): each file under src/cli/ exports a map of CliCommand, and this
// registry joins them so src/main.ts dispatches them with its own. docs/DESIGN.md D34.
import type { Config } from '../config.ts';
import { openDb, type DbHandle } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { UNIT_COMMANDS } from './units.ts';

/** One `roviec <name>` command (name may be two words, e.g. "unit add"). */
export interface CliCommand {
  /** One line for `roviec --help` (Vietnamese), shown after the name. */
  summary: string;
  /** The full `roviec <name> --help` text (Vietnamese). */
  help: string;
  /** Runs the command; throws UsageError (exit 2), AppError (exit 2) or anything else (exit 1). */
  run(args: string[], config: Config): Promise<void>;
}

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

/** Every feature command, by name. Add a feature's map here (one import, one spread). */
export const FEATURE_COMMANDS: Readonly<Record<string, CliCommand>> = {
  ...UNIT_COMMANDS,
};
