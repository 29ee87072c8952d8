// Reads outside a transaction do not wait for one (SQLite: the read connection of D43; PostgreSQL:
// the pool), see exactly what is committed, and writes stay serialized. On the database under test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../test/support/app.ts';
import { newId } from './dialect.ts';
import { openDb, sqliteSynchronous, type Db, type Queryable } from './index.ts';
import { runMaintenance } from '../platform/command.ts';
import { loadDemo } from '../demo/seed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let t: TestDb;
let db: Db;
before(async () => {
  t = await createTestDb();
  db = t.db;
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

const put = (q: Queryable, key: string, value: string) => runMaintenance(q, 'test.driver', (m) => m.insertInto('app_setting').values({ key, value }).execute());
const valueOf = async (q: Queryable, key: string) => (await q.selectFrom('app_setting').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
/** Resolves after `ms` at the latest (only so that a driver that makes the read wait fails instead of hanging). */
async function atMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

test('a read outside a transaction answers while the transaction is open and awaits, and sees only what is committed', async () => {
  const key = 'drv-' + newId();
  const events: string[] = [];
  let outside!: Promise<string | null>;
  await db.transaction().execute(async (trx) => {
    await put(trx, key, 'inside');
    assert.equal(await valueOf(trx, key), 'inside', 'the transaction reads its own write');
    outside = valueOf(db, key).then((v) => {
      events.push('read');
      return v;
    });
    // The transaction awaits something that is not the database (as a badly written command might).
    await atMost(outside, 5000);
    events.push('commit');
  });
  assert.deepEqual(events, ['read', 'commit'], 'the read did not wait for the transaction');
  assert.equal(await outside, null, 'an uncommitted write is not visible outside');
  assert.equal(await valueOf(db, key), 'inside', 'the next read after the commit sees it');
});

test('a write outside a transaction waits for it and is not part of it', async () => {
  const inside = 'drv-in-' + newId();
  const outsideKey = 'drv-out-' + newId();
  let write!: Promise<unknown>;
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await put(trx, inside, 'x');
      write = put(db, outsideKey, 'y');
      await new Promise((r) => setImmediate(r));
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
  await write;
  assert.equal(await valueOf(db, inside), null, 'the rolled-back write is gone');
  assert.equal(await valueOf(db, outsideKey), 'y', 'the write made outside committed on its own');
});

test('many reads and transactions at once all complete, each transaction whole', async () => {
  const keys = Array.from({ length: 20 }, () => 'drv-many-' + newId());
  await Promise.all(
    keys.flatMap((k) => [
      db.transaction().execute(async (trx) => {
        await put(trx, k, 'a');
        await new Promise((r) => setImmediate(r));
        await put(trx, k + '-b', 'b');
      }),
      valueOf(db, k),
    ]),
  );
  const rows = await db.selectFrom('app_setting').select('key').where('key', 'like', 'drv-many-%').execute();
  assert.equal(rows.length, 40);
});

const onPg = !!process.env.ROVIEC_TEST_DATABASE_URL;

test('transactions that end together commit together (SQLite group commit, D69): each whole, a failed one alone undone, each durable before it resolves', async () => {
  const keys = Array.from({ length: 12 }, () => 'drv-group-' + newId());
  const other = openDb(t.url, { poolSize: 1 }); // another handle: sees only what is committed to the file
  try {
    const seenWhenDone: (string | null)[] = [];
    const results = await Promise.allSettled(
      keys.map((k, i) =>
        db
          .transaction()
          .execute(async (trx) => {
            await put(trx, k, 'a');
            await new Promise((r) => setImmediate(r));
            if (i === 4) throw new Error('rolled back');
            await put(trx, k + '-b', 'b');
          })
          .then(async () => seenWhenDone.push(await valueOf(other.db, k + '-b'))),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      keys.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    );
    assert.deepEqual(seenWhenDone, Array(11).fill('b'), 'every transaction was committed to the file when it resolved');
    for (const [i, k] of keys.entries()) {
      assert.equal(await valueOf(other.db, k), i === 4 ? null : 'a', k);
      assert.equal(await valueOf(other.db, k + '-b'), i === 4 ? null : 'b', k);
    }
  } finally {
    await other.destroy();
  }
});

test('a statement outside a transaction after transactions that ended commits after them, never inside their group (SQLite)', { skip: onPg }, async () => {
  const k = 'drv-after-' + newId();
  const order: string[] = [];
  await Promise.all([
    db.transaction().execute(async (trx) => {
      await put(trx, k, 'tx');
      order.push('tx');
    }),
    (async () => {
      await new Promise((r) => setImmediate(r));
      await runMaintenance(db, 'test.driver', (m) => m.updateTable('app_setting').set({ value: 'outside' }).where('key', '=', k).execute());
      order.push('outside');
    })(),
  ]);
  assert.deepEqual(order, ['tx', 'outside']);
  assert.equal(await valueOf(db, k), 'outside');
});

test('a transaction that fails leaves the file free for another connection\'s write at once (SQLite group commit)', { skip: onPg }, async () => {
  const file = t.url.replace(/^sqlite:/, '');
  const raw = new Database(file);
  raw.pragma('busy_timeout = 0'); // no waiting: a held write lock is an error here
  try {
    const writeElsewhere = () => {
      raw.exec('begin immediate');
      raw.exec('rollback');
    };
    // Alone: nothing waits in the outer transaction, so it must end with the failure.
    await assert.rejects(db.transaction().execute(async (trx) => {
      await put(trx, 'drv-fail-' + newId(), 'x');
      throw new Error('refused');
    }), /refused/);
    assert.doesNotThrow(writeElsewhere, 'the write lock is free after a failed transaction alone');
    // After members that ended: the group commits, then the lock is free.
    const ok = db.transaction().execute((trx) => put(trx, 'drv-ok-' + newId(), 'y'));
    const bad = db.transaction().execute(async (trx) => {
      await put(trx, 'drv-fail-' + newId(), 'x');
      throw new Error('refused');
    });
    await Promise.allSettled([ok, bad]);
    await ok;
    assert.doesNotThrow(writeElsewhere, 'the write lock is free once the group committed');
  } finally {
    raw.close();
  }
});

test('closing a SQLite handle commits the group waiting for it first', { skip: onPg }, async () => {
  const k = 'drv-close-' + newId();
  const h = openDb(t.url, { poolSize: 1 });
  const tx = h.db.transaction().execute((trx) => put(trx, k, 'v'));
  const close = (async () => {
    await new Promise((r) => setImmediate(r));
    await h.destroy();
  })();
  await Promise.all([tx, close]);
  assert.equal(await valueOf(db, k), 'v');
});

// PostgreSQL streams through pg-cursor, which the app does not use.
test('a streamed read works outside and inside a transaction (SQLite)', { skip: onPg }, async () => {
  const key = 'drv-stream-' + newId();
  await put(db, key, 'v');
  const seen: string[] = [];
  for await (const r of db.selectFrom('app_setting').select('key').where('key', '=', key).stream()) seen.push(r.key);
  await db.transaction().execute(async (trx) => {
    for await (const r of trx.selectFrom('app_setting').select('key').where('key', '=', key).stream()) seen.push(r.key);
  });
  assert.deepEqual(seen, [key, key]);
});

test('an in-memory SQLite database keeps working on its one connection', { skip: onPg }, async () => {
  const h = openDb('sqlite::memory:');
  try {
    await sql`create table app_setting (key text primary key, value text not null)`.execute(h.db);
    await put(h.db, 'a', '1');
    const events: string[] = [];
    await h.db.transaction().execute(async (trx) => {
      await put(trx, 'b', '2');
      // No second connection: the outside read waits for the commit, then sees it.
      const read = valueOf(h.db, 'b').then((v) => (events.push('read:' + v), v));
      await atMost(read, 50);
      events.push('commit');
    });
    assert.equal(await valueOf(h.db, 'b'), '2');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, ['commit', 'read:2']);
    assert.equal(await valueOf(h.db, 'a'), '1');
  } finally {
    await h.destroy();
  }
});

test('a reopened SQLite database has the planner statistics: a sub-task lookup uses the parent index', { skip: onPg }, async () => {
  const d = await createTestDb();
  try {
    const wardId = await loadDemo(d.db);
    await d.handle.destroy();
    const h = openDb(d.url);
    try {
      const plan = await sql<{ detail: string }>`explain query plan select id from task where ward_id = ${wardId} and parent_id = ${'x'}`.execute(h.db);
      assert.match(plan.rows.map((r) => r.detail).join('; '), /task_parent_idx/);
    } finally {
      await h.destroy();
    }
  } finally {
    await d.drop();
  }
});

test('SQLite waits for the disk at each commit (synchronous FULL) everywhere but under NODE_ENV=test (NORMAL; D66)', async () => {
  for (const env of ['production', 'development', undefined]) assert.equal(sqliteSynchronous({ NODE_ENV: env }), 'FULL', String(env));
  assert.equal(sqliteSynchronous({ NODE_ENV: 'test' }), 'NORMAL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-sync-'));
  try {
    /** `pragma synchronous` of a database opened by openDb in a fresh process (NODE_ENV unset when undefined). */
    const synchronousIn = (nodeEnv: string | undefined): number => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (nodeEnv === undefined) delete env.NODE_ENV;
      else env.NODE_ENV = nodeEnv;
      const file = JSON.stringify('sqlite:' + path.join(dir, `${nodeEnv}.sqlite`));
      const code = `const { openDb } = await import('./src/db/index.ts'); const { sql } = await import('kysely');
        const h = openDb(${file}); const r = await sql.raw('pragma synchronous').execute(h.db);
        process.stdout.write(JSON.stringify(r.rows)); await h.destroy();`;
      const r = spawnSync(process.execPath, ['--import', './scripts/ts-loader.mjs', '--input-type=module', '-e', code], { cwd: ROOT, env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return (JSON.parse(r.stdout) as { synchronous: number }[])[0]!.synchronous;
    };
    assert.equal(synchronousIn('production'), 2, 'FULL');
    assert.equal(synchronousIn(undefined), 2, 'FULL');
    assert.equal(synchronousIn('test'), 1, 'NORMAL');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
