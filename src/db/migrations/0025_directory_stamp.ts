import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// The directory stamp (issue 12, docs/DESIGN.md D78): a counter `d:<ward>` in the stamp table of
// 0024 (platform/kept.ts), bumped by triggers in the writing transaction on any change of the
// ward's people, posts, memberships or organizations, so a kept page of the people list can tell
// in one small query that it still shows what its queries would read. As in 0024, deferred to the
// commit on PostgreSQL so the counter row is locked only while committing.

const TABLES = ['person', 'position', 'membership', 'organization'] as const;
const bump = (r: string) => sql.raw(`insert into schedule_stamp(scope, n) values ('d:' || ${r}.ward_id, 1) on conflict (scope) do update set n = schedule_stamp.n + 1`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  for (const t of TABLES) {
    const tbl = sql.raw(t);
    if (pg) {
      const fn = sql.raw(`directory_stamp_${t}_trg`);
      await sql`create function ${fn}() returns trigger language plpgsql as $$
        begin
          if tg_op in ('UPDATE', 'DELETE') then ${bump('old')}; end if;
          if tg_op in ('UPDATE', 'INSERT') then ${bump('new')}; end if;
          return null;
        end $$`.execute(db);
      await sql`create constraint trigger ${sql.raw(`directory_stamp_${t}`)} after insert or update or delete on ${tbl} deferrable initially deferred for each row execute function ${fn}()`.execute(db);
      continue;
    }
    const name = (s: string) => sql.raw(`directory_stamp_${t}_${s}`);
    await sql`create trigger ${name('ai')} after insert on ${tbl} begin ${bump('new')}; end`.execute(db);
    await sql`create trigger ${name('ad')} after delete on ${tbl} begin ${bump('old')}; end`.execute(db);
    await sql`create trigger ${name('au')} after update on ${tbl} begin ${bump('old')}; ${bump('new')}; end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  for (const t of TABLES) {
    if (pg) {
      await sql`drop trigger if exists ${sql.raw(`directory_stamp_${t}`)} on ${sql.raw(t)}`.execute(db);
      await sql`drop function if exists ${sql.raw(`directory_stamp_${t}_trg`)}()`.execute(db);
    } else for (const s of ['ai', 'ad', 'au']) await sql`drop trigger if exists ${sql.raw(`directory_stamp_${t}_${s}`)}`.execute(db);
  }
}
