// The schedule's heavy jobs give the same output on a worker thread as in the request's own thread
// (docs/DESIGN.md D45): the print view's HTML and the XLSX's cells, styles and merges, compared
// between the test app (pool on threads) and a second app on the same database whose pool runs in
// process. Runs on SQLite and, with ROVIEC_TEST_DATABASE_URL, on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { dumpFirstSheet, type SheetDump } from '../../../test/support/xlsx.ts';
import { buildApp } from '../../app.ts';
import { openDb } from '../../db/index.ts';

let t: TestApp;
let c: Client; // the test app: heavy jobs on worker threads
let local: Client; // the same session on an app whose jobs run in process
let inProcess: FastifyInstance;
before(async () => {
  t = await startTestApp();
  c = t.client();
  await c.login('vanphong');
  ({ app: inProcess } = await buildApp(t.config, openDb(t.url, { poolSize: 3 }), { heavy: { inProcess: true } }));
  await inProcess.listen({ port: 0, host: '127.0.0.1' });
  const addr = inProcess.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  local = c.withBase(`http://127.0.0.1:${addr.port}`);
});
after(async () => {
  await inProcess?.close();
  await t.close();
});

/** The page without its per-request CSRF token. */
const stable = (html: string) => html.replace(/(name="csrf-token" content="|name="_csrf" value=")[^"]+"/g, '$1…"');

test('the two apps run their heavy jobs differently: threads and in process', () => {
  assert.equal(t.app.heavy.mode, 'threads');
  assert.equal(inProcess.heavy.mode, 'in-process');
});

test('the print view (all=1) rendered by a worker is the page rendered in process, filters included', async () => {
  const pn = (await t.db.selectFrom('organization').select('id').where('short_name', '=', 'Hội LHPN').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  for (const q of ['year=2017&all=1', `year=2017&all=1&org=${pn}`, 'year=2017&all=1&status=overdue', 'year=2017&all=1&month=3']) {
    const [w, l] = [await c.get(`/app/schedule?${q}`), await local.get(`/app/schedule?${q}`)];
    assert.equal(w.status, 200, q);
    assert.equal(l.status, 200, q);
    assert.match(w.text, /<table class="sched">/, q);
    assert.equal(stable(w.text), stable(l.text), q);
  }
  // Page 1 on screen (in process in both) still matches too.
  const [w, l] = [await c.get('/app/schedule?year=2017'), await local.get('/app/schedule?year=2017')];
  assert.equal(stable(w.text), stable(l.text));
});

/** The first sheet of the schedule XLSX at `q`, and the file name the response gives. */
async function sheetOf(client: Client, q: string): Promise<SheetDump & { disposition: string | null }> {
  const res = await client.getBuffer(`/app/schedule.xlsx?${q}`);
  assert.equal(res.status, 200, q);
  return { ...(await dumpFirstSheet(res.body as unknown as Buffer)), disposition: res.headers.get('content-disposition') };
}

test('the XLSX written by a worker has the same cells, styles and merges as the one written in process', async () => {
  const pn = (await t.db.selectFrom('organization').select('id').where('short_name', '=', 'Hội LHPN').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  for (const q of ['year=2017', `year=2017&org=${pn}`, 'year=2017&status=overdue&month=5']) {
    const [w, l] = [await sheetOf(c, q), await sheetOf(local, q)];
    assert.ok(w.cells.length > 100, `${q}: ${w.cells.length} cells`);
    assert.ok(w.cells.some((x) => x.includes('BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2017')));
    assert.deepEqual(w, l, q);
  }
});

test('a refusal inside a job is the same refusal: an organization of another ward is a 404 page either way', async () => {
  const other = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).id;
  const [w, l] = [await c.get(`/app/schedule?year=2017&all=1&org=${other}`), await local.get(`/app/schedule?year=2017&all=1&org=${other}`)];
  assert.equal(w.status, 404);
  assert.equal(w.status, l.status);
  // An unknown organization is no "whole ward" page either, on screen, in print or in Excel (D77).
  const unknown = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  for (const q of [`year=2017&org=${unknown}`, `year=2017&all=1&org=${unknown}`]) assert.equal((await c.get(`/app/schedule?${q}`)).status, 404, q);
  assert.equal((await c.getBuffer(`/app/schedule.xlsx?year=2017&org=${unknown}`)).status, 404);
  assert.equal(stable(w.text), stable(l.text));
});
