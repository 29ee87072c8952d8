import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Schedule stamps (issue 12, docs/DESIGN.md D74): a counter per scope of the schedule, bumped by
// triggers in the writing transaction whenever a row the schedule's scan reads changes, so a read
// can tell in one small query whether a slot list it keeps (programmes/schedule-kept.ts) is still
// the one the scan would give. Scopes: a programme's id (its tasks, their stored status and month
// cells, milestones, coordinating organizations and sources; the programme row and its sources);
// `y:<ward>:<year>` for the tasks outside programmes due that year; `o:<ward>` for the ward's
// organizations (names, order, tree); `p:<ward>` for its people's names (the owner filter). One row
// per programme, not per ward: writers of different programmes never wait on one hot row; on
// PostgreSQL the triggers are deferred to the commit, so a counter row is locked only while
// committing. Not a record of a ward (no ward_id): derived bookkeeping; a missing row reads as
// "never bumped".

/** The scope of a task row `r` ('new' or 'old'), as SQL. */
const taskScope = (r: string) => `coalesce(${r}.programme_id, 'y:' || ${r}.ward_id || ':' || coalesce(substr(${r}.due_on, 1, 4), ''))`;
const bumpValue = (scope: string) => sql.raw(`insert into schedule_stamp(scope, n) values (${scope}, 1) on conflict (scope) do update set n = schedule_stamp.n + 1`);
/** Bumps the scope of the task a row `r` of task_state, task_month or task_source refers to (none if the task is gone). */
const bumpOfTask = (r: string) => sql.raw(`insert into schedule_stamp(scope, n) select ${taskScope('t')}, 1 from task t where t.id = ${r}.task_id on conflict (scope) do update set n = schedule_stamp.n + 1`);

/** Each trigger: table, the scope kind of its rows, and the update condition (null: any update). */
const TRIGGERS: { table: string; kind: 'task' | 'ref' | 'programme' | 'programme_ref' | 'org' | 'person'; updateOf?: string; when?: (o: string, n: string) => string }[] = [
  { table: 'task', kind: 'task' },
  { table: 'task_state', kind: 'ref', updateOf: 'status', when: (o, n) => `${o}.status <> ${n}.status` },
  { table: 'task_month', kind: 'ref', updateOf: 'in_span, planned, tone', when: (o, n) => `${o}.in_span <> ${n}.in_span or ${o}.tone <> ${n}.tone or coalesce(${o}.planned, -1) <> coalesce(${n}.planned, -1)` },
  { table: 'task_source', kind: 'ref' },
  { table: 'milestone', kind: 'ref' },
  { table: 'task_org', kind: 'ref' },
  { table: 'programme', kind: 'programme' },
  { table: 'programme_source', kind: 'programme_ref' },
  { table: 'organization', kind: 'org' },
  { table: 'person', kind: 'person', updateOf: 'full_name, sort_key, ward_id' },
];

function bumpSql(kind: (typeof TRIGGERS)[number]['kind'], r: string) {
  if (kind === 'task') return bumpValue(taskScope(r));
  if (kind === 'ref') return bumpOfTask(r);
  if (kind === 'programme') return bumpValue(`${r}.id`);
  if (kind === 'programme_ref') return bumpValue(`${r}.programme_id`);
  if (kind === 'person') return bumpValue(`'p:' || ${r}.ward_id`);
  return bumpValue(`'o:' || ${r}.ward_id`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schedule_stamp')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  const pg = dialectOf(db) === 'postgres';
  for (const t of TRIGGERS) {
    if (pg) {
      const fn = sql.raw(`schedule_stamp_${t.table}_trg`);
      await sql`create function ${fn}() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') then ${bumpSql(t.kind, 'old')}; end if;
          if tg_op in ('UPDATE', 'INSERT') then ${bumpSql(t.kind, 'new')}; end if;
          return null;
        end $$`.execute(db);
      const tr = sql.raw(`schedule_stamp_${t.table}`);
      const upd = sql.raw(t.updateOf ? `update of ${t.updateOf}` : 'update');
      // Deferred to the commit: the counter row is locked only while the transaction commits, not
      // from the first write on, so writers of one programme wait on each other for a commit at most.
      await sql`create constraint trigger ${sql.raw(`${t.table}_ss_id`)} after insert or delete on ${sql.raw(t.table)} deferrable initially deferred for each row execute function ${fn}()`.execute(db);
      await sql`create constraint trigger ${tr} after ${upd} on ${sql.raw(t.table)} deferrable initially deferred for each row ${sql.raw(t.when ? `when (${t.when('old', 'new')})` : '')} execute function ${fn}()`.execute(db);
      continue;
    }
    const name = (s: string) => sql.raw(`schedule_stamp_${t.table}_${s}`);
    const tbl = sql.raw(t.table);
    await sql`create trigger ${name('ai')} after insert on ${tbl} begin ${bumpSql(t.kind, 'new')}; end`.execute(db);
    await sql`create trigger ${name('ad')} after delete on ${tbl} begin ${bumpSql(t.kind, 'old')}; end`.execute(db);
    const upd = sql.raw(t.updateOf ? `update of ${t.updateOf}` : 'update');
    const when = sql.raw(t.when ? `when ${t.when('old', 'new')}` : '');
    await sql`create trigger ${name('au')} after ${upd} on ${tbl} ${when} begin ${bumpSql(t.kind, 'old')}; ${bumpSql(t.kind, 'new')}; end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  for (const t of TRIGGERS) {
    if (pg) {
      await sql`drop trigger if exists ${sql.raw(`${t.table}_ss_id`)} on ${sql.raw(t.table)}`.execute(db);
      await sql`drop trigger if exists ${sql.raw(`schedule_stamp_${t.table}`)} on ${sql.raw(t.table)}`.execute(db);
      await sql`drop function if exists ${sql.raw(`schedule_stamp_${t.table}_trg`)}()`.execute(db);
    } else for (const s of ['ai', 'ad', 'au']) await sql`drop trigger if exists ${sql.raw(`schedule_stamp_${t.table}_${s}`)}`.execute(db);
  }
  await db.schema.dropTable('schedule_stamp').ifExists().execute();
}
