// The ward-tables registry against the schema: every table with ward_id is registered, the order
// is safe for deletes (checked on the real foreign keys of this database kind), and every unique
// key that includes ward_id has its merge rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDb, DB_KIND, type TestDb } from '../../test/support/app.ts';
import { wardTables } from '../../scripts/check-wards.ts';
import { WARD_TABLE_LABELS, WARD_TABLE_LABELS_EN, WARD_TABLES, WARD_UNIQUE_KEYS, wardTableLabel } from './ward-tables.ts';

let tdb: TestDb;
before(async () => {
  tdb = await createTestDb();
});
after(async () => {
  await tdb.handle.destroy();
  await tdb.drop();
});

test('every table that carries ward_id is registered, once', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  assert.deepEqual([...WARD_TABLES].sort(), [...wardTables(root)].sort());
  assert.equal(new Set(WARD_TABLES).size, WARD_TABLES.length);
});

test('every ward table has a Vietnamese and an English label (the merge preview never shows a table name)', () => {
  assert.deepEqual(Object.keys(WARD_TABLE_LABELS).sort(), [...WARD_TABLES].sort());
  assert.deepEqual(Object.keys(WARD_TABLE_LABELS_EN).sort(), [...WARD_TABLES].sort());
  for (const table of WARD_TABLES) {
    assert.notEqual(wardTableLabel(table), table, table);
    assert.match(wardTableLabel(table), /^\p{Lu}/u, table);
  }
  assert.equal(wardTableLabel('person'), 'Người');
});

/** Foreign keys of the database: [from table, to table]. */
async function foreignKeys(): Promise<[string, string][]> {
  if (DB_KIND === 'postgres') {
    const r = await sql<{ f: string; t: string }>`
      select distinct tc.table_name as f, ccu.table_name as t
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(tdb.db);
    return r.rows.map((x) => [x.f, x.t]);
  }
  const r = await sql<{ f: string; t: string }>`select m.name as f, fk."table" as t from sqlite_master m, pragma_foreign_key_list(m.name) fk where m.type = 'table'`.execute(tdb.db);
  return r.rows.map((x) => [x.f, x.t]);
}

test(`${DB_KIND}: the order deletes children before parents (real foreign keys)`, async () => {
  const fks = await foreignKeys();
  assert.ok(fks.length > 50, 'the foreign keys were read');
  const pos = new Map(WARD_TABLES.map((t, i) => [t as string, i]));
  const wrong = fks.filter(([f, t]) => f !== t && pos.has(f) && pos.has(t) && (pos.get(f) as number) > (pos.get(t) as number));
  assert.deepEqual(wrong, []);
});

/** Unique indexes and constraints of the database: table and columns. */
async function uniqueKeys(): Promise<{ table: string; columns: string[] }[]> {
  if (DB_KIND === 'postgres') {
    const r = await sql<{ tbl: string; cols: string[] }>`
      select t.relname as tbl, array_agg(a.attname::text order by k.n) as cols
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_namespace ns on ns.oid = t.relnamespace
      cross join lateral unnest(x.indkey) with ordinality k(attnum, n)
      join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
      where x.indisunique and ns.nspname = current_schema()
      group by t.relname, x.indexrelid`.execute(tdb.db);
    return r.rows.map((x) => ({ table: x.tbl, columns: x.cols }));
  }
  const idx = await sql<{ tbl: string; idx: string }>`select m.name as tbl, il.name as idx from sqlite_master m, pragma_index_list(m.name) il where m.type = 'table' and il."unique" = 1`.execute(tdb.db);
  const out: { table: string; columns: string[] }[] = [];
  for (const i of idx.rows) {
    const cols = await sql<{ name: string }>`select name from pragma_index_info(${i.idx}) order by seqno`.execute(tdb.db);
    out.push({ table: i.tbl, columns: cols.rows.map((c) => c.name) });
  }
  return out;
}

test(`${DB_KIND}: every unique key with ward_id has its merge rule`, async () => {
  const keys = (await uniqueKeys()).filter((k) => k.columns.includes('ward_id') && k.columns.length > 1);
  const found = keys.map((k) => `${k.table}(${k.columns.filter((c) => c !== 'ward_id').join(',')})`).sort();
  const registered = WARD_UNIQUE_KEYS.map((k) => `${k.table}(${k.columns.join(',')})`).sort();
  assert.deepEqual(found, registered);
});
