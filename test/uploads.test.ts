// Uploads are refused before their body is read: authentication, the role and CSRF are checked in
// onRequest, and multipart is parsed only inside the routes that take files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { DECLARED, ZERO_ID, cookieOf, partialUpload } from './support/upload.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const uploadPath = `/app/portal/articles/${ZERO_ID}/attachments`;

test('an anonymous 15 MB multipart POST to an upload route is refused (401) before its body is read', async () => {
  const r = await partialUpload(t.base, uploadPath, {}, 5000);
  assert.equal(r.status, 401, 'answered before the body arrived');
  assert.ok(r.sent < DECLARED / 10, `answered after ${r.sent} of ${DECLARED} bytes`);
  // The same with a session cookie that is not signed in, and on the evidence upload of a task.
  const anon = t.client();
  await anon.get('/login');
  const evidence = await partialUpload(t.base, `/app/tasks/${ZERO_ID}/progress?_csrf=${encodeURIComponent(await anon.csrf())}`, { cookie: cookieOf(anon) }, 5000);
  assert.equal(evidence.status, 401);
});

test('a signed-in user without the role gets 403 before the body is read, even with a valid CSRF token', async () => {
  const member = t.client();
  assert.equal((await member.login('hoivien')).status, 302);
  const r = await partialUpload(t.base, `${uploadPath}?_csrf=${encodeURIComponent(await member.csrf())}`, { cookie: cookieOf(member) }, 5000);
  assert.equal(r.status, 403);
  assert.ok(r.sent < DECLARED / 10);
});

test('a multipart upload without a CSRF token in the header or query is refused (403) before its body is read', async () => {
  const editor = t.client();
  assert.equal((await editor.login('bientap')).status, 302);
  const r = await partialUpload(t.base, uploadPath, { cookie: cookieOf(editor) }, 5000);
  assert.equal(r.status, 403);
  // The control: with the role and the token the server does read the body, so it gives no answer
  // while the body is unfinished. This is what every refusal above would look like if the checks
  // ran after parsing.
  const allowed = await partialUpload(t.base, `${uploadPath}?_csrf=${encodeURIComponent(await editor.csrf())}`, { cookie: cookieOf(editor) }, 1500);
  assert.equal(allowed.status, null, 'the server waits for the body of an allowed upload');
});

test('multipart is accepted only by the routes that take uploads (415 elsewhere)', async () => {
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  const fd = new FormData();
  fd.set('full_name', 'Người Tải Tệp');
  const res = await office.request('POST', `/app/people?_csrf=${encodeURIComponent(await office.csrf())}`, { body: fd });
  assert.equal(res.status, 415);
  const n = await t.db.selectFrom('person').select('id').where('full_name', '=', 'Người Tải Tệp').execute();
  assert.equal(n.length, 0);
});
