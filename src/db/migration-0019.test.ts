// Migration 0019 (docs/DESIGN.md D72) on a database that already ran every other migration, 0021
// included (numbers are handed out per branch): it runs after them, fills the folded titles of the
// articles already there, rebuilds the SQLite index with them, and search finds and ranks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { DB_KIND, PG_URL } from '../../test/support/app.ts';
import { createScratchPgDb } from '../../test/support/scratch-db.ts';
import { openDb } from './index.ts';
import { MIGRATIONS, migrateToLatest } from './migrate.ts';
import { runMaintenance } from '../platform/command.ts';
import { loadDemo } from '../demo/seed.ts';
import { fold } from '../lib/vi/index.ts';
import { searchArticles } from '../features/portal/repo.ts';

test(`0019 after 0021: folded titles filled, the index rebuilt, search finds and ranks by them (${DB_KIND})`, async () => {
  let url: string;
  let drop: () => Promise<void>;
  if (PG_URL) ({ url, drop } = await createScratchPgDb(PG_URL, 't_mig_'));
  else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-mig-'));
    url = 'sqlite:' + path.join(dir, 'm.sqlite');
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const h = openDb(url, { poolSize: 2 });
  try {
    const { '0019_search_title': _skip, ...others } = MIGRATIONS;
    const before = new Migrator({ db: h.db, provider: { getMigrations: async () => others } });
    const r = await runMaintenance(h.db, 'test.migrate', () => before.migrateToLatest());
    assert.equal(r.error, undefined);
    // The demo's articles are written by today's service (with title_text): take the column away as before 0019.
    await sql`alter table article add column title_text text not null default ''`.execute(h.db);
    const ward = await loadDemo(h.db);
    await runMaintenance(h.db, 'test.blank', (q) => q.updateTable('article').set({ title_text: '' }).execute());
    await sql`alter table article drop column title_text`.execute(h.db);

    assert.deepEqual(await migrateToLatest(h.db), ['0019_search_title']);
    const rows = await h.db.selectFrom('article').select(['title', 'title_text']).execute();
    assert.ok(rows.length > 0);
    for (const a of rows) assert.equal(a.title_text, fold(a.title));
    const now = new Date().toISOString();
    const res = await searchArticles(h.db, ward, now, { terms: ['dang', 'uy'], exact: [], categoryId: null, from: null, to: null, limit: 50, offset: 0 });
    assert.ok(res.hits.length > 0);
    assert.ok(res.hits.some((x) => x.rank === 2), 'a title with both words ranks by them');
    for (let i = 1; i < res.hits.length; i++) assert.ok((res.hits[i - 1]?.rank ?? 0) >= (res.hits[i]?.rank ?? 0));
  } finally {
    await h.destroy();
    await drop();
  }
});
