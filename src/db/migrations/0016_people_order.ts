import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { personBinarySortKey } from '../../lib/vi/collate.ts';

// People list order and search (issues 11 and 12, docs/DESIGN.md D44).
// 1. `person.sort_key` is recomputed with the per-word key (given name with its tones, then
//    middle, then family name: every "Dung" before every "Dũng"); every writer of a name sets it
//    through the people service's personFields.
// 2. The list walks an index in its order: (ward_id, sort_key, id) replaces (ward_id, sort_key),
//    so page 1 reads 50 index entries instead of sorting the ward.
// 3. Word-start search over the folded `search_text` (lib/vi fold): SQLite keeps a contentless
//    FTS5 table in step by triggers (rowids from person_fts_key, as article_fts does: person ids
//    are text) and answers prefix queries ("huong"*); PostgreSQL a stored tsvector ('simple') with
//    a GIN index and prefix tsqueries ('huong':*). Both see the same tokens (letters and digits of
//    the folded text), so both return the same people.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';

  await recomputeSortKeys(db);

  await db.schema.dropIndex('person_ward_sort_idx').execute();
  await db.schema.createIndex('person_ward_sort_idx').on('person').columns(['ward_id', 'sort_key', 'id']).execute();

  await countTriggers(db, pg);

  if (pg) {
    await sql`alter table person add column search_tsv tsvector generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
    await sql`create index person_search_tsv on person using gin (search_tsv)`.execute(db);
    return;
  }
  await sql`create table person_fts_key (rid integer primary key, person_id text not null unique)`.execute(db);
  await sql`create virtual table person_fts using fts5(search_text, content='', contentless_delete=1)`.execute(db);
  await sql`insert into person_fts_key(person_id) select id from person order by id`.execute(db);
  await sql`insert into person_fts(rowid, search_text) select k.rid, p.search_text from person p join person_fts_key k on k.person_id = p.id`.execute(db);
  const insert = sql`insert into person_fts(rowid, search_text) values ((select rid from person_fts_key where person_id = new.id), new.search_text)`;
  await sql`create trigger person_fts_ai after insert on person begin
    insert into person_fts_key(person_id) values (new.id);
    ${insert};
  end`.execute(db);
  await sql`create trigger person_fts_au after update of search_text on person begin
    delete from person_fts where rowid = (select rid from person_fts_key where person_id = old.id);
    ${insert};
  end`.execute(db);
  await sql`create trigger person_fts_ad after delete on person begin
    delete from person_fts where rowid = (select rid from person_fts_key where person_id = old.id);
    delete from person_fts_key where person_id = old.id;
  end`.execute(db);
}

/** Sets `person.sort_key` of every row whose stored key is not personBinarySortKey of its name; returns how many changed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function recomputeSortKeys(db: Kysely<any>): Promise<number> {
  const people = (await db.selectFrom('person').select(['id', 'full_name', 'sort_key']).execute()) as { id: string; full_name: string; sort_key: string }[];
  let changed = 0;
  for (const p of people) {
    const key = personBinarySortKey(p.full_name);
    if (key === p.sort_key) continue;
    await db.updateTable('person').set({ sort_key: key }).where('id', '=', p.id).execute();
    changed++;
  }
  return changed;
}

/** SQL of the app_setting key counting a person row `r` ('new' or 'old'): see PEOPLE_COUNT_KEY in the people repo. */
const countKey = (r: 'new' | 'old') => sql.raw(`'people_count:' || ${r}.ward_id || (case when ${r}.ended_on is null then ':active' else ':ended' end)`);
const bump = (r: 'new' | 'old', d: '+' | '-') =>
  sql`insert into app_setting(key, value) values (${countKey(r)}, ${sql.raw(d === '+' ? "'1'" : "'-1'")}) on conflict (key) do update set value = cast(cast(app_setting.value as integer) ${sql.raw(d)} 1 as text)`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function countTriggers(db: Kysely<any>, pg: boolean): Promise<void> {
  await sql`insert into app_setting(key, value)
    select 'people_count:' || ward_id || (case when ended_on is null then ':active' else ':ended' end), cast(count(*) as text) from person
    group by ward_id, case when ended_on is null then ':active' else ':ended' end`.execute(db);
  const moved = sql.raw(`old.ward_id <> new.ward_id or (old.ended_on is null) <> (new.ended_on is null)`);
  if (pg) {
    await sql`create function person_count_trg() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and not (${moved}) then return null; end if;
        if tg_op in ('UPDATE', 'DELETE') then ${bump('old', '-')}; end if;
        if tg_op in ('UPDATE', 'INSERT') then ${bump('new', '+')}; end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger person_count after insert or delete or update of ward_id, ended_on on person for each row execute function person_count_trg()`.execute(db);
    return;
  }
  await sql`create trigger person_count_ai after insert on person begin ${bump('new', '+')}; end`.execute(db);
  await sql`create trigger person_count_ad after delete on person begin ${bump('old', '-')}; end`.execute(db);
  await sql`create trigger person_count_au after update of ward_id, ended_on on person when ${moved} begin ${bump('old', '-')}; ${bump('new', '+')}; end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger if exists person_count on person`.execute(db);
    await sql`drop function if exists person_count_trg()`.execute(db);
    await sql`drop index if exists person_search_tsv`.execute(db);
    await sql`alter table person drop column if exists search_tsv`.execute(db);
  } else {
    for (const tr of ['person_fts_ai', 'person_fts_au', 'person_fts_ad', 'person_count_ai', 'person_count_ad', 'person_count_au']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
    await sql`drop table if exists person_fts`.execute(db);
    await sql`drop table if exists person_fts_key`.execute(db);
  }
  await sql`delete from app_setting where key like 'people_count:%'`.execute(db);
  await db.schema.dropIndex('person_ward_sort_idx').ifExists().execute();
  await db.schema.createIndex('person_ward_sort_idx').on('person').columns(['ward_id', 'sort_key']).execute();
}
