/**
 * Smoke test for the PostgreSQL test harness.
 * - ROVIEC_TEST_DATABASE_URL=postgres://… (the `pg` phase of scripts/test.mjs): checks that server.
 * - unset (the `unit` phase): starts its own embedded PostgreSQL with startPostgres(), checks it, stops it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import process from 'node:process';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgres, type StartedPostgres } from './pg.ts';

const externalUrl = process.env.ROVIEC_TEST_DATABASE_URL;
const useExternal = externalUrl?.startsWith('postgres://') === true || externalUrl?.startsWith('postgresql://') === true;

describe(`PostgreSQL test harness (${useExternal ? 'ROVIEC_TEST_DATABASE_URL' : 'own embedded server'})`, () => {
  let server: StartedPostgres | undefined;
  let url = '';

  before(async () => {
    if (useExternal && externalUrl !== undefined) {
      url = externalUrl;
    } else {
      server = await startPostgres();
      url = server.url;
    }
  }, { timeout: 120_000 });

  after(async () => {
    await server?.stop();
  });

  it('answers select 1 and can create pg_trgm and unaccent', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const one = await client.query<{ one: number }>('select 1 as one');
      assert.equal(one.rows[0]?.one, 1);

      const version = await client.query<{ v: number }>("select current_setting('server_version_num')::int as v");
      assert.ok((version.rows[0]?.v ?? 0) >= 160000, 'PostgreSQL 16 or newer');

      await client.query('create extension if not exists pg_trgm');
      await client.query('create extension if not exists unaccent');
      const fuzzy = await client.query<{ s: number; u: string }>(
        "select similarity('phường', 'phường 1') as s, unaccent('Đại hội') as u",
      );
      assert.ok((fuzzy.rows[0]?.s ?? 0) > 0.3);
      assert.equal(fuzzy.rows[0]?.u, 'Dai hoi');
    } finally {
      await client.end();
    }
  });

  it('stop() removes the data directory', { skip: useExternal }, async () => {
    const own = await startPostgres();
    const dataDir = await (async () => {
      const client = new pg.Client({ connectionString: own.url });
      await client.connect();
      try {
        const res = await client.query<{ d: string }>("select current_setting('data_directory') as d");
        return res.rows[0]?.d ?? '';
      } finally {
        await client.end();
      }
    })();
    assert.ok(fs.existsSync(dataDir));
    await own.stop();
    await own.stop();
    assert.equal(fs.existsSync(dataDir), false);
  });
});
