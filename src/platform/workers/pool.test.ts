// The heavy-job pool (docs/DESIGN.md D45): jobs run on worker threads with their own database
// handle, a refusal crosses the thread as the same AppError, the cap refuses with 503 and
// Retry-After (also over HTTP), an in-memory database runs in process. Real SQLite / PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { threadId } from 'node:worker_threads';
import { buildApp } from '../../app.ts';
import { openDb } from '../../db/index.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { AppError } from '../errors.ts';
import { registerJobs } from './jobs.ts';
import { BUSY_RETRY_AFTER_S, BusyError, createHeavyPool, isPrivateDb } from './pool.ts';
import { createTestDb, startTestApp, type TestDb } from '../../../test/support/app.ts';
import { TEST_JOBS_MODULE } from '../../../test/support/heavy-jobs.ts';

let tdb: TestDb;
before(async () => {
  tdb = await createTestDb();
});
after(async () => tdb.drop());

const run = <T,>(p: { run(n: string, i: unknown): Promise<unknown> }, name: string, input?: unknown) => p.run(name, input) as Promise<T>;

test('jobs run on a worker thread with its own handle; a refusal is the same AppError; the cap answers BusyError', async () => {
  const pool = createHeavyPool(tdb.url, TEST_JOBS_MODULE, tdb.handle, { threads: 1, queue: 1 });
  try {
    assert.equal(pool.mode, 'threads');
    const units = Number((await tdb.db.selectFrom('unit').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(Number(await run(pool, 'test.count')), units);
    const first = run<{ threadId: number }>(pool, 'test.wait', 300); // runs
    const second = run<{ threadId: number }>(pool, 'test.wait', 10); // waits in the queue
    await assert.rejects(run(pool, 'test.wait', 10), (e: unknown) => e instanceof BusyError && e.status === 503 && e.key === 'workers.busy');
    const [a, b] = await Promise.all([first, second]);
    assert.notEqual(a.threadId, threadId);
    assert.equal(a.threadId, b.threadId); // one thread
    await assert.rejects(run(pool, 'test.refuse'), (e: unknown) => e instanceof AppError && e.status === 404 && e.key === 'err.404.title');
    assert.ok(await run(pool, 'test.wait', 1), 'the pool takes work again once the queue has drained');
  } finally {
    await pool.close();
  }
});

test('an in-memory SQLite database cannot be opened by a worker: its jobs run in process', async () => {
  for (const url of ['sqlite::memory:', ':memory:']) assert.ok(isPrivateDb(url), url);
  assert.ok(!isPrivateDb(tdb.url));
  const mem = openDb('sqlite::memory:');
  try {
    await migrateToLatest(mem.db);
    const pool = createHeavyPool('sqlite::memory:', TEST_JOBS_MODULE, mem, {});
    assert.equal(pool.mode, 'in-process');
    assert.equal(Number(await run(pool, 'test.count')), 0); // the app's own (empty) in-memory database
    assert.deepEqual(await run(pool, 'test.wait', 1), { threadId });
    await pool.close();
  } finally {
    await mem.destroy();
  }
});

test('over HTTP, a full pool answers 503 in Vietnamese with Retry-After, then serves again', async () => {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  registerJobs({ 'test.hold': () => held });
  const t = await startTestApp({ config: {} });
  const { app } = await buildApp(t.config, openDb(t.url, { poolSize: 2 }), { heavy: { inProcess: true, threads: 1, queue: 0 } });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    const c = (await t.client()).withBase(`http://127.0.0.1:${addr.port}`);
    await c.login('vanphong');
    const busy = app.heavy.run('test.hold', undefined);
    const res = await c.get('/app/schedule?year=2017&all=1');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), String(BUSY_RETRY_AFTER_S));
    assert.match(res.text, /Hệ thống đang bận xử lý nhiều yêu cầu in và xuất tệp/);
    const xlsx = await c.getBuffer('/app/schedule.xlsx?year=2017');
    assert.equal(xlsx.status, 503);
    release();
    await busy;
    assert.equal((await c.get('/app/schedule?year=2017&all=1')).status, 200);
    assert.equal((await c.getBuffer('/app/schedule.xlsx?year=2017')).status, 200);
  } finally {
    release();
    await app.close();
    await t.close();
  }
});

