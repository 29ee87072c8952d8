// An idle PostgreSQL connection cut by the server (restart, failover, an administrator) must not
// stop the process: the pool drops it, says so, and the next query opens a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDb, PG_URL } from './support/app.ts';
import { openDb } from '../src/db/index.ts';

test('idle connections terminated by the server: no crash, the next query works', { skip: PG_URL ? false : 'PostgreSQL only' }, async () => {
  const t = await createTestDb();
  const h = openDb(t.url, { poolSize: 3 });
  try {
    // Three connections open and idle in the pool.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(h.db)));
    const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(t.db);
    assert.ok((killed.rows[0]?.n ?? 0) >= 1);
    await new Promise((r) => setTimeout(r, 300));
    const r = await sql<{ one: number }>`select 1 as one`.execute(h.db);
    assert.equal(r.rows[0]?.one, 1);
  } finally {
    await h.destroy();
    await t.handle.destroy();
    await t.drop();
  }
});
