// Reports' exports, the Word documents of meetings and document profiles, built on the worker pool
// (issue 12 leftovers, docs/DESIGN.md D63), are the files built in process: every part of each
// .docx/.xlsx byte for byte, only the creation and modification times of docProps/core.xml
// apart; the same refusals (404 for another ward's record). Threads (the test app) against an
// app on the same database whose pool runs in process. SQLite and, with ROVIEC_TEST_DATABASE_URL, PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { inProcessTwin, zipParts } from './support/twin.ts';
import { startTestApp, type TestApp, type Client } from './support/app.ts';

let t: TestApp;
let c: Client;
let local: Client;
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

async function same(url: string): Promise<void> {
  const [w, l] = [await c.getBuffer(url), await local.getBuffer(url)];
  assert.equal(w.status, 200, url);
  assert.equal(l.status, 200, url);
  assert.equal(w.headers.get('content-type'), l.headers.get('content-type'), url);
  assert.equal(w.headers.get('content-disposition'), l.headers.get('content-disposition'), url);
  const pw = await zipParts(w.body);
  assert.ok(Object.keys(pw).length > 3, url);
  assert.deepEqual(pw, await zipParts(l.body), url);
}

test('the pools differ: threads and in process', () => {
  assert.equal(t.app.heavy.mode, 'threads');
  assert.equal(inProcess.heavy.mode, 'in-process');
});

test('reports: the roll-up as Word and XLSX and one organization\'s report as Word are the same from a worker', async () => {
  const request = await t.db.selectFrom('report_request').select('id').where('ward_id', '=', t.wardA).orderBy('id').executeTakeFirstOrThrow();
  await same(`/app/reports/${request.id}/rollup.docx`);
  await same(`/app/reports/${request.id}/rollup.xlsx`);
  const sub = await t.db.selectFrom('report_submission').select('id').where('ward_id', '=', t.wardA).orderBy('id').executeTakeFirstOrThrow();
  await same(`/app/reports/submissions/${sub.id}/report.docx`);
  const other = await t.db.selectFrom('report_request').select('id').where('ward_id', '=', t.wardB).executeTakeFirst();
  if (other) {
    const [w, l] = [await c.get(`/app/reports/${other.id}/rollup.docx`), await local.get(`/app/reports/${other.id}/rollup.docx`)];
    assert.equal(w.status, 404);
    assert.equal(l.status, 404);
  }
});

test('meetings and document profiles: the Word documents are the same from a worker', async () => {
  const meeting = await t.db.selectFrom('meeting').select('id').where('ward_id', '=', t.wardA).orderBy('starts_at').executeTakeFirstOrThrow();
  for (const doc of ['invitation', 'minutes', 'notice']) await same(`/app/meetings/${meeting.id}/documents/${doc}.docx`);
  // The built-in profiles (no ward) every ward reads.
  for (const id of ['dp-state-nd30-2020', 'dp-party-36-hd-vptw-2018']) await same(`/app/documents/profiles/${id}/sample.docx`);
  const [w, l] = [await c.get(`/app/meetings/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/documents/minutes.docx`), await local.get(`/app/meetings/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/documents/minutes.docx`)];
  assert.equal(w.status, 404, 'a refusal inside a job is the same refusal');
  assert.equal(l.status, 404);
});
