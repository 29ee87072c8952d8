// Static files go precompressed (issue 12 leftovers, D63): the brotli or gzip variant made once at
// start, with Content-Encoding, Vary and an ETag per representation; the bytes decode to exactly
// the source file; a client that accepts neither gets the file as it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { prepareStatic } from './static-files.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui/static');
let t: TestApp;
before(async () => {
  t = await startTestApp({ demo: false });
});
after(async () => t.close());

/** A raw GET (fetch would decode the body): status, headers and the bytes as they came. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

test('CSS, JS and SVG are sent precompressed, byte-exact once decoded, with Vary and an ETag per encoding', async () => {
  for (const name of ['app.css', 'app.js', 'portal.css', 'schedule.js']) {
    const source = fs.readFileSync(path.join(SRC, name));
    const url = `${t.base}/static/${name}`;
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br', name);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.match(String(br.headers['content-type']), name.endsWith('.css') ? /text\/css/ : /javascript/);
    assert.equal(Number(br.headers['content-length']), br.body.length, 'a file of known length, not a stream compressed per request');
    assert.ok(br.body.length < source.length);
    assert.deepEqual(zlib.brotliDecompressSync(br.body), source);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(zlib.gunzipSync(gz.body), source);
    const plain = await rawGet(url, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, source);
    assert.match(String(plain.headers.vary), /accept-encoding/i, 'the plain answer varies too, so a cache keeps them apart');
    const tags = new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]);
    assert.equal(tags.size, 3, `${name}: each representation has its own ETag`);
    const again = await rawGet(url, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    assert.equal(again.status, 304);
  }
  const png = await rawGet(`${t.base}/static/favicon.png`, { 'accept-encoding': 'br, gzip' });
  assert.equal(png.status, 200);
  assert.equal(png.headers['content-encoding'], undefined);
});

test('the variants are made once per content and reused', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-static-test-'));
  try {
    const src = path.join(root, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'a.css'), 'body { color: red; }\n'.repeat(200));
    fs.writeFileSync(path.join(src, 'tiny.js'), 'x');
    const first = prepareStatic(src, root);
    const a = first.files.find((f) => f.name === 'a.css');
    assert.ok(a && a.br !== null && a.gz !== null && a.br < a.raw && a.gz < a.raw);
    assert.deepEqual(first.files.find((f) => f.name === 'tiny.js'), { name: 'tiny.js', raw: 1, br: null, gz: null }, 'no variant larger than its file');
    const mark = fs.statSync(path.join(first.dir, 'a.css.br')).ctimeMs;
    assert.equal(prepareStatic(src, root).dir, first.dir);
    assert.equal(fs.statSync(path.join(first.dir, 'a.css.br')).ctimeMs, mark, 'not written again');
    assert.equal(fs.statSync(path.join(first.dir, 'a.css')).mtime.getTime(), fs.statSync(path.join(src, 'a.css')).mtime.getTime(), 'the source time (ms, as ETags use it), so ETags agree across instances');
    fs.appendFileSync(path.join(src, 'a.css'), 'p {}\n');
    assert.notEqual(prepareStatic(src, root).dir, first.dir, 'changed content, new directory');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
