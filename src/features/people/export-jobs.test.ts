// The people export built on a worker thread is the export built in process (issue 12 leftovers,
// docs/DESIGN.md D63): every part of the XLSX (sheets, styles, shared strings) byte for byte, only
// the workbook's creation time (docProps/core.xml) apart; and each records one audit event.
// Runs on SQLite and, with ROVIEC_TEST_DATABASE_URL, on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { inProcessTwin, zipParts } from '../../../test/support/twin.ts';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let c: Client; // heavy jobs on worker threads
let local: Client; // the same session on an app whose jobs run in process
let inProcess: FastifyInstance;
before(async () => {
  t = await startTestApp();
  c = t.client();
  await c.login('vanphong');
  ({ app: inProcess, client: local } = await inProcessTwin(t, c));
});
after(async () => {
  await inProcess?.close();
  await t.close();
});

const exports = () => t.db.selectFrom('audit_event').select('id').where('action', '=', 'person.export').execute();

test('the export written by a worker is the export written in process, part for part', async () => {
  assert.equal(t.app.heavy.mode, 'threads');
  assert.equal(inProcess.heavy.mode, 'in-process');
  const before = (await exports()).length;
  const [w, l] = [await c.getBuffer('/app/people/export.xlsx'), await local.getBuffer('/app/people/export.xlsx')];
  assert.equal(w.status, 200);
  assert.equal(l.status, 200);
  assert.equal(w.headers.get('content-disposition'), l.headers.get('content-disposition'));
  const [pw, pl] = [await zipParts(w.body), await zipParts(l.body)];
  assert.ok(Object.keys(pw).some((n) => n.startsWith('xl/worksheets/')));
  assert.ok((pw['xl/sharedStrings.xml'] ?? '').includes('Dương Ngọc Dũng'), 'the demo people are in it');
  assert.deepEqual(pw, pl);
  assert.equal((await exports()).length, before + 2, 'each download is one audit event, recorded by the request');
});
