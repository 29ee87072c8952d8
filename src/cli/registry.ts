// Commands of `roviec` that live beside their feature (setup, units, organizations, people import,
// invitations, demo removal): each file under src/cli/ exports a map of CliCommand, and this
// registry joins them so src/main.ts dispatches them with its own. docs/DESIGN.md D34.
// A command file imports `withDb` from ./db.ts and only the CliCommand type from here (no cycle).
import type { Config } from '../config.ts';
import { PEOPLE_COMMANDS } from './people.ts';
import { SETUP_COMMANDS } from './setup.ts';
import { ORGS_COMMANDS } from './orgs.ts';
import { INVITE_COMMANDS } from './invite.ts';
import { MERGE_COMMANDS } from './merge.ts';
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

/** Every feature command, by name. Add a feature's map here (one import, one spread). */
export const FEATURE_COMMANDS: Readonly<Record<string, CliCommand>> = {
  ...PEOPLE_COMMANDS,
  ...SETUP_COMMANDS,
  ...ORGS_COMMANDS,
  ...INVITE_COMMANDS,
  ...MERGE_COMMANDS,
  ...UNIT_COMMANDS,
};
