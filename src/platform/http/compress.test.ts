// Response compression (D43) on the real app: text compressed when accepted and identical once
// decoded, zip files and small bodies left alone, ETag/304 unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createToken } from '../auth/tokens.ts';
import { runMaintenance } from '../command.ts';
import { COMPRESS_THRESHOLD, isCompressible } from './compress.ts';

let t: TestApp;
let bearer: string;
before(async () => {
  t = await startTestApp();
  const uid = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'vanphong').executeTakeFirstOrThrow()).id;
  bearer = 'Bearer ' + (await runMaintenance(t.db, 'test.token', (q) => createToken(q, uid, 'compress', null))).token;
});
after(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { authorization: bearer, ...headers } });

function decode(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  assert.equal(encoding, undefined);
  return body;
}

/** The body without its per-request CSRF token (a signed-in page mints one on each request). */
const withoutToken = (html: string) => html.replace(/(name="csrf-token" content="|name="_csrf" value=")[^"]*/g, '$1');

test('HTML, CSS, JavaScript and JSON are compressed when accepted, and decode to the same bytes', async () => {
  for (const url of ['/', '/static/app.css', '/static/app.js', '/api/v1/people?page_size=50', '/app/people']) {
    const plain = await get(url);
    assert.equal(plain.statusCode, 200, url);
    assert.equal(plain.headers['content-encoding'], undefined, `${url}: nothing asked, nothing compressed`);
    assert.ok(plain.rawPayload.length > COMPRESS_THRESHOLD, `${url} is long enough to compress`);
    for (const [accept, want] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const res = await get(url, { 'accept-encoding': accept });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], want, `${url} with ${accept}`);
      assert.match(String(res.headers.vary), /accept-encoding/i);
      assert.ok(res.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${res.rawPayload.length} of ${plain.rawPayload.length} bytes`);
      assert.equal(withoutToken(decode(want, res.rawPayload).toString('utf8')), withoutToken(plain.rawPayload.toString('utf8')), `${url} decodes to the same body`);
    }
  }
});

test('XLSX and small bodies are sent as they are', async () => {
  const xlsx = await get('/app/people/import/template.xlsx', { 'accept-encoding': 'gzip, br' });
  assert.equal(xlsx.statusCode, 200);
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  assert.equal(xlsx.headers['content-encoding'], undefined);
  assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK', 'the zip as is');
  const small = await get('/healthz', { 'accept-encoding': 'gzip, br' });
  assert.ok(small.rawPayload.length < COMPRESS_THRESHOLD);
  assert.equal(small.headers['content-encoding'], undefined);
  assert.deepEqual(JSON.parse(small.payload).status, 'ok');
});

test('what is compressed: text types only, never zip documents, images or PDF', () => {
  for (const ct of ['text/html; charset=utf-8', 'text/css', 'application/javascript', 'text/javascript; charset=UTF-8', 'application/json; charset=utf-8', 'application/rss+xml', 'application/atom+xml', 'application/xml', 'image/svg+xml', 'text/csv'])
    assert.equal(isCompressible(ct), true, ct);
  for (const ct of [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.oasis.opendocument.text',
    'image/png',
    'image/jpeg',
    'image/webp',
    'application/pdf',
    'application/zip',
    'application/octet-stream',
  ])
    assert.equal(isCompressible(ct), false, ct);
});

test('ETag and 304 work the same with compression', async () => {
  const first = await get('/static/app.css', { 'accept-encoding': 'gzip' });
  const etag = first.headers.etag as string;
  assert.ok(etag, 'static files carry an ETag');
  const plain = await get('/static/app.css');
  assert.ok(plain.headers.etag, 'the plain file too');
  assert.notEqual(plain.headers.etag, etag, 'an ETag per representation: static files are sent precompressed (D63)');
  const again = await get('/static/app.css', { 'accept-encoding': 'gzip', 'if-none-match': etag });
  assert.equal(again.statusCode, 304);
  assert.equal(again.rawPayload.length, 0, 'a 304 has no body, compressed or not');
});
