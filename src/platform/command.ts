// The command runner: every write of RõViệc is one command. A command opens one transaction,
// checks access first, runs its change, and writes its audit_event rows in that same transaction;
// any error (including a failed audit write) rolls back everything it wrote.
//
// Two mechanisms keep it so:
// - at compile time, write statements take a `CommandTx` (a transaction branded by the runner),
//   which `scripts/check-writes.ts` verifies for every insert/update/delete in src/;
// - at run time, `WriteGuardPlugin` (installed on every database handle) refuses a write to a
//   ward table outside a command, a write before the command checked access, and a command that
//   wrote without recording an audit event.
// Writes that are not records of the ward (sessions, throttles, view counters, settings,
// delivery logs, demo and benchmark data) run through `runMaintenance` with a named reason.
import { AsyncLocalStorage } from 'node:async_hooks';
import { AliasNode, TableNode } from 'kysely';
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { isTransientConflict, isUniqueViolation } from '../db/dialect.ts';
import type { Queryable, Tx } from '../db/index.ts';
import type { Actor } from './actor.ts';
import { writeAudit, type AuditInput } from './audit.ts';
import { AppError } from './errors.ts';

declare const commandBrand: unique symbol;
declare const maintenanceBrand: unique symbol;

/** A transaction opened by `runCommand`: the only handle repository write functions accept. */
export type CommandTx = Tx & { readonly [commandBrand]: true };
/** A handle for `runMaintenance` work (not a ward record): sessions, counters, seeding. */
export type MaintenanceTx = Queryable & { readonly [maintenanceBrand]: true };

/** Who acts, as recorded in the audit (a request's actor or the system). */
export type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

/** What a running command exposes to its body. */
export interface CommandContext {
  /** The command's transaction. */
  readonly trx: CommandTx;
  readonly actor: AuditActor;
  /** The command's name, e.g. `task.update`; also the default audit action. */
  readonly name: string;
  /** Writes one audit_event in the command's transaction. */
  audit(e: AuditInput): Promise<void>;
}

interface CommandState {
  kind: 'command';
  name: string;
  trx: Tx;
  writes: number;
  audits: number;
  accessChecked: boolean;
}
interface MaintenanceState {
  kind: 'maintenance';
  reason: string;
}

const current = new AsyncLocalStorage<CommandState | MaintenanceState>();

let generation = 0;
/**
 * A number that grows each time a command or a maintenance body ends (committed or not, after
 * its commit). Memoized access scopes (platform/access.ts) are recomputed when it changed, so a
 * check after a command sees its writes; the portal's freshly probed article pages (D68) are
 * probed again, so a write of this process shows on its very next request.
 */
export function commandGeneration(): number {
  return generation;
}

/** Tables that hold no ward record and are written by maintenance only (see `runMaintenance`). */
export const INFRASTRUCTURE_TABLES: ReadonlySet<string> = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'session',
  'login_throttle',
  'app_setting',
  'article_view',
]);

/** A write that the runner refuses: a bug in our code, never a user's fault (surfaces as a 500). */
export class CommandViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandViolation';
  }
}

/**
 * Runs `body` as one command named `name` (e.g. `task.update`) for `actor`.
 *
 * - `db` is the database, or the `trx` of a command already running: then `body` joins that
 *   command (same transaction, same audit accounting) instead of opening a nested one.
 * - `body` must call an access check (`requireAccess` of platform/access.ts, or `markSystem` for
 *   work the system does on its own) before its first write; a write before it throws.
 * - If the command wrote anything, it must have written at least one audit_event
 *   (`c.audit(...)`); otherwise it throws and everything rolls back.
 * - Any error thrown by `body` or by the audit write rolls back the whole transaction.
 *
 * - A unique-key violation or a PostgreSQL deadlock/serialization failure (a race with another
 *   command) rolls back and runs `body` again, up to RACE_ATTEMPTS times, then answers 409
 *   `err.duplicate`: never a 500. So `body` must not have effects outside the transaction
 *   before its last write (mail, files on disk are made by the caller before the command).
 *
 * Returns what `body` returns. Errors: whatever `body` throws (AppError for users' mistakes),
 * `CommandViolation` for a write outside these rules, AppError 409 `err.duplicate` for a race lost
 * RACE_ATTEMPTS times.
 */
export async function runCommand<R>(db: Queryable, actor: AuditActor, name: string, body: (c: CommandContext) => Promise<R>): Promise<R> {
  const outer = current.getStore();
  if (outer?.kind === 'command' && db.isTransaction) {
    // Joining the running command: its transaction, its access check and its audit count.
    return body(contextOf(outer, actor, name));
  }
  if (db.isTransaction) throw new CommandViolation(`command ${name} started inside a transaction that is not a command`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await (db as Exclude<Queryable, Tx>).transaction().execute(async (trx) => {
        const state: CommandState = { kind: 'command', name, trx, writes: 0, audits: 0, accessChecked: false };
        return current.run(state, async () => {
          const result = await body(contextOf(state, actor, name));
          if (state.writes > 0 && state.audits === 0) throw new CommandViolation(`command ${name} wrote ${state.writes} row set(s) without an audit event`);
          return result;
        });
      });
    } catch (e) {
      // A race lost against another command (check-then-insert of a unique key, a deadlock):
      // everything was rolled back, so the command runs again and sees the winner's row — a
      // slug takes the next suffix, a duplicate gets the same refusal as when typed later.
      if (!isUniqueViolation(e) && !isTransientConflict(e)) throw e;
      if (attempt >= RACE_ATTEMPTS) throw new AppError(409, 'err.duplicate');
    } finally {
      generation++;
    }
  }
}

/** How many times a command that lost a race on a unique key (or a deadlock) runs before a 409. */
export const RACE_ATTEMPTS = 10;

function contextOf(state: CommandState, actor: AuditActor, name: string): CommandContext {
  const trx = state.trx as CommandTx;
  return { trx, actor, name, audit: (e) => writeAudit(trx, actor, e) };
}

/** Records that the running command has checked its actor's access (called by platform/access.ts). */
export function markAccessChecked(): void {
  const s = current.getStore();
  if (s?.kind === 'command') s.accessChecked = true;
}

/**
 * For commands the system runs on its own (reminders, roll-ups of derived values, the demo):
 * no user to check, so the check is this explicit statement. Refused for a signed-in actor.
 */
export function markSystem(actor: AuditActor): void {
  if (actor.userId !== null) throw new CommandViolation('markSystem is for system actors only');
  markAccessChecked();
}

/**
 * Runs `body` as maintenance: writes that are not records of a ward (sessions, login throttles,
 * view counters, settings, delivery logs) or bulk data made by the demo, benchmarks and test
 * fixtures. `reason` names it (e.g. `portal.view-counter`), for the write guard's messages and the
 * list of maintenance writers in docs/DESIGN.md. Not audited. Returns what `body` returns.
 */
export function runMaintenance<R>(db: Queryable, reason: string, body: (q: MaintenanceTx) => Promise<R>): Promise<R> {
  return current.run({ kind: 'maintenance', reason }, () => body(db as MaintenanceTx)).finally(() => {
    generation++;
  });
}

/** The name of a table operand (`t` or `t as alias`), '?' for anything else. */
function tableName(node: OperationNode | undefined): string {
  if (node && TableNode.is(node)) return node.table.identifier.name;
  if (node && AliasNode.is(node) && TableNode.is(node.node)) return node.node.table.identifier.name;
  return '?';
}

/** The table a write statement names, or null for a read. */
function writtenTable(node: RootOperationNode): string | null {
  switch (node.kind) {
    case 'InsertQueryNode':
      return node.into ? node.into.table.identifier.name : '?';
    case 'UpdateQueryNode':
      return tableName(node.table);
    case 'DeleteQueryNode':
      return tableName(node.from.froms[0]);
    case 'RawNode': {
      const text = node.sqlFragments.join('?');
      const m = /^\s*(?:insert\s+into|update|delete\s+from)\s+"?([a-z_][a-z0-9_]*)/i.exec(text);
      return m ? (m[1] ?? '?').toLowerCase() : null;
    }
    default:
      return null;
  }
}

/**
 * Kysely plugin that enforces the command rules at run time on every handle (see the top of this
 * file). Cheap: one AsyncLocalStorage read per write statement, nothing per read.
 */
export class WriteGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(args.node);
    if (table === null) return args.node;
    const s = current.getStore();
    if (s?.kind === 'maintenance') return args.node;
    if (!s) {
      if (INFRASTRUCTURE_TABLES.has(table)) throw new CommandViolation(`write to ${table} outside runMaintenance`);
      throw new CommandViolation(`write to ${table} outside a command`);
    }
    if (table === 'audit_event') {
      s.audits++;
      return args.node;
    }
    if (!s.accessChecked) throw new CommandViolation(`command ${s.name} wrote ${table} before checking access`);
    s.writes++;
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
