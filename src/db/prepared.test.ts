// Prepared queries (D78): the rows of a query built once and run with new values are the rows of the
// query built afresh, on the database under test, inside a transaction too; a build that does not
// pass each argument into the query exactly once is refused on first use; on PostgreSQL it is a
// named statement of the connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type KyselyPlugin } from 'kysely';
import { createTestDb, DB_KIND, type TestDb } from '../../test/support/app.ts';
import type { Queryable } from './index.ts';
import { preparedQuery } from './prepared.ts';
import { NAME_AFTER, NAMED_TEXT_MAX, statementName } from './pg-client.ts';

let t: TestDb;
before(async () => {
  t = await createTestDb({ demo: true });
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

const build = (q: Queryable, ward: string, kind: string) =>
  q.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', ward).where('kind', '=', kind).where('valid_to', 'is', null).orderBy('sort_order').orderBy('id').limit(50);

test('a prepared query gives the rows of the same query built afresh, for every value', async () => {
  const run = preparedQuery(build);
  const wards = await t.db.selectFrom('organization').select('ward_id as id').distinct().execute();
  const kinds = await t.db.selectFrom('organization').select('kind').distinct().execute();
  assert.ok(wards.length >= 2 && kinds.length >= 3);
  let some = 0;
  for (const { id } of wards) {
    for (const { kind } of kinds) {
      const rows = await run(t.db, id, kind);
      assert.deepEqual(rows, await build(t.db, id, kind).execute(), `${id} ${kind}`);
      some += rows.length;
    }
  }
  assert.ok(some > 10, 'some rows were compared');
  const w = wards[0]!.id;
  const k = kinds[0]!.kind;
  await t.db.transaction().execute(async (tx) => assert.deepEqual(await run(tx, w, k), await build(tx, w, k).execute()));
  assert.deepEqual(await run(t.db, 'no such ward', k), []);
});

test('the plugins see every run (the write guard, tracers); a write is refused', async () => {
  const kinds: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => (kinds.push(args.node.kind), args.node),
    transformResult: (args) => Promise.resolve(args.result),
  };
  const run = preparedQuery(build);
  const w = (await t.db.selectFrom('organization').select('ward_id').executeTakeFirstOrThrow()).ward_id;
  await run(t.db, w, 'party'); // built on the plain handle
  const traced = t.db.withPlugin(counter);
  await run(traced, w, 'party');
  await run(traced, w, 'front');
  assert.deepEqual(kinds, ['SelectQueryNode', 'SelectQueryNode']);
  const write = preparedQuery((q: Queryable, id: string) => q.updateTable('organization').set({ name: 'x' }).where('id', '=', id));
  await assert.rejects(write(t.db, 'x'), /reads only|outside a command/); // the write guard, or this check inside a command
});

test('an argument used twice or not at all is refused on first use', async () => {
  const twice = preparedQuery((q: Queryable, ward: string) => q.selectFrom('organization').select('id').where('ward_id', '=', ward).where('unit_id', '=', ward));
  await assert.rejects(twice(t.db, 'x'), /argument 0 must be a value of the query exactly once/);
  const unused = preparedQuery((q: Queryable, _ward: string) => q.selectFrom('organization').select('id').limit(1));
  await assert.rejects(unused(t.db, 'x'), /argument 0/);
});

test('on PostgreSQL a prepared query is a named statement of its connection, parsed once', { skip: DB_KIND !== 'postgres' && 'PostgreSQL only' }, async () => {
  const run = preparedQuery(build);
  const w = (await t.db.selectFrom('organization').select('ward_id').executeTakeFirstOrThrow()).ward_id;
  await t.db.transaction().execute(async (tx) => {
    await run(tx, w, 'party');
    await run(tx, w, 'front');
    const named = await sql<{ name: string }>`select name from pg_prepared_statements where statement like '%from "organization"%' and name like 'roviec_%'`.execute(tx);
    assert.equal(named.rows.length, 1, 'one named statement on this connection');
  });
});

test('a read or write sent NAME_AFTER times is named from then on; other statements never are', () => {
  const text = `select "id" from "organization" where "ward_id" = $1 and "name" = $2 -- ${Math.random()}`;
  for (let i = 1; i < NAME_AFTER; i++) assert.equal(statementName(text), undefined, `run ${i}`);
  const name = statementName(text);
  assert.match(name ?? '', /^roviec_\d+$/);
  assert.equal(statementName(text), name, 'the same name on every later run');
  const count = `select count(*) as "n" from "organization" where "ward_id" = $1 -- ${Math.random()}`;
  for (let i = 1; i < NAME_AFTER; i++) statementName(count);
  assert.ok(statementName(count), 'count(*) is named: its result columns are its own');
  for (const other of ['begin', 'commit', 'select * from "meeting" where "id" = $1', 'select "a"."x", "meeting_attendee".* from "meeting_attendee"', 'update "task" set "title" = $1 returning *', 'create table "x" ("id" text)', 'alter table "x" add column "y" text', 'set local statement_timeout = 1000', `select ${'$1,'.repeat(NAMED_TEXT_MAX / 3)} 1`]) {
    for (let i = 0; i <= NAME_AFTER; i++) assert.equal(statementName(other), undefined, other.slice(0, 40));
  }
});

test('on PostgreSQL a command statement run a few times is a named statement of its connection', { skip: DB_KIND !== 'postgres' && 'PostgreSQL only' }, async () => {
  const w = (await t.db.selectFrom('organization').select('ward_id').executeTakeFirstOrThrow()).ward_id;
  const marker = `n${Date.now()}`;
  await t.db.transaction().execute(async (tx) => {
    for (let i = 0; i < NAME_AFTER + 2; i++) {
      const ward = i % 2 ? w : 'no such ward';
      const rows = await tx.selectFrom('organization').select(['id', sql.lit(marker).as('m')]).where('ward_id', '=', ward).execute();
      const want = await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).execute();
      assert.deepEqual(rows, want.map((r) => ({ ...r, m: marker })), `the rows of run ${i}`);
    }
    const named = await sql<{ name: string }>`select name from pg_prepared_statements where statement like ${`%${marker}%`} and name like 'roviec_%'`.execute(tx);
    assert.equal(named.rows.length, 1, 'one named statement on this connection');
  });
});

test('on PostgreSQL a star list is never named: a column added meanwhile does not break it', { skip: DB_KIND !== 'postgres' && 'PostgreSQL only' }, async () => {
  const table = sql.table(`star_${Date.now()}`);
  await sql`create table ${table} (id text)`.execute(t.db);
  await sql`insert into ${table} (id) values ('a')`.execute(t.db);
  await t.db.connection().execute(async (c) => {
    for (let i = 0; i <= NAME_AFTER; i++) assert.deepEqual((await sql`select * from ${table} where id = ${'a'}`.execute(c)).rows, [{ id: 'a' }]);
    await sql`alter table ${table} add column extra text`.execute(t.db);
    assert.deepEqual((await sql`select * from ${table} where id = ${'a'}`.execute(c)).rows, [{ id: 'a', extra: null }], 'the new column, no "cached plan must not change result type"');
  });
  await sql`drop table ${table}`.execute(t.db);
});
