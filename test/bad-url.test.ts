// A URL the router cannot decode is refused in Vietnamese (page or JSON), with security headers,
// never Fastify's English JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demo: false });
});
after(async () => t.close());

test('undecodable URLs: a Vietnamese 400 page, Vietnamese JSON on the API, with a CSP', async () => {
  for (const p of ['/bai-viet/%ff', '/app/meetings/%E0%A4%A']) {
    const r = await fetch(t.base + p);
    assert.equal(r.status, 400, p);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(await r.text(), /<html lang="vi">.*Địa chỉ trang không hợp lệ/su);
  }
  const api = await fetch(`${t.base}/api/v1/meetings/%ff`, { headers: { accept: 'application/json' } });
  assert.equal(api.status, 400);
  assert.deepEqual(await api.json(), { error: 'bad_url', message: 'Địa chỉ trang không hợp lệ.' });
});
