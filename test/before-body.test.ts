import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { DECLARED, ZERO_ID, cookieOf, partialUpload } from './support/upload.ts';

// Issue 8 kind 10, "Work before authentication", on every route: a 15 MB multipart POST is
// answered before its body is read — anonymous callers everywhere, and a signed-in caller with a
// valid CSRF token everywhere but the routes that take files (docs/DESIGN.md D10, D27).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const writeRoutes = () => [...new Set(t.app.routeRules.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH' || r.method === 'DELETE').map((r) => `${r.method} ${r.url}`))];
const fill = (url: string) => url.replace(/:[a-zA-Z_]+/g, ZERO_ID);

// The routes that take files: the only ones allowed to read a multipart body.
const UPLOAD_ROUTES = new Set([
  'POST /app/portal/articles/:id/images',
  'POST /app/portal/articles/:id/attachments',
  'POST /app/portal/disclosures/:id/attachments',
  'POST /app/tasks/:id/progress',
  'POST /app/sources',
  'POST /app/sources/:id',
  'POST /app/meetings/:id/reports',
  'POST /app/meetings/:id/files',
  'POST /app/reports/submissions/:id/files',
  'POST /app/people/import',
]);

test('an anonymous 15 MB multipart request to any writing route is refused before its body is read', async () => {
  const routes = writeRoutes();
  assert.ok(routes.length > 50, `${routes.length} writing routes`);
  const late: string[] = [];
  for (const r of routes) {
    const [method, url] = r.split(' ') as [string, string];
    if (method !== 'POST') continue; // partialUpload posts; the other methods' access is the same hook
    const res = await partialUpload(t.base, fill(url), {}, 3000);
    if (res.status === null || res.status < 400 || res.status >= 500 || res.sent >= DECLARED / 10) late.push(`${r}: ${res.status}`);
  }
  assert.deepEqual(late, []);
});

test('signed in with a valid CSRF token, only the upload routes read a multipart body; the others answer before it', async () => {
  const admin = t.client();
  assert.equal((await admin.login('quantri')).status, 302);
  const token = encodeURIComponent(await admin.csrf());
  const readBody: string[] = [];
  const wrong: string[] = [];
  for (const r of writeRoutes()) {
    const [method, url] = r.split(' ') as [string, string];
    if (method !== 'POST' || url === '/logout') continue;
    const res = await partialUpload(t.base, `${fill(url)}?_csrf=${token}`, { cookie: cookieOf(admin) }, 1500);
    if (res.status === null) readBody.push(r);
    else if (res.status < 400 || res.status >= 500) wrong.push(`${r}: ${res.status}`);
  }
  assert.deepEqual(wrong, []);
  const notUploads = readBody.filter((r) => !UPLOAD_ROUTES.has(r));
  assert.deepEqual(notUploads, [], 'routes that read a multipart body but take no files');
  assert.ok(readBody.length >= 3, `control: the upload routes do read their body (${readBody.join(', ')})`);
});
