import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

// A CSRF refusal is one answer whatever went wrong with the token (missing, forged, another
// session's): 403 with the code `err.csrf` in JSON under /api, the Vietnamese page for forms. And the
// pages of refused forms say what happened and where to go: an expired form back to its page, an
// ended session to sign in and back, a refusal with no form to draw again what was not saved.

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test('a CSRF refusal: 403 JSON with code err.csrf under /api, the 403 page for forms, missing or forged alike', async () => {
  const c = t.client();
  await c.login('vanphong');
  const body = JSON.stringify({ full_name: 'Không Có Mã' });
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  for (const headers of [json, { ...json, 'x-csrf-token': 'forged' }]) {
    const res = await c.request('POST', '/api/v1/people', { body, headers });
    assert.equal(res.status, 403);
    const j = res.json<{ error: string; message: string }>();
    assert.equal(j.error, 'err.csrf', JSON.stringify(headers));
    assert.match(j.message, /phải gửi tiêu đề x-csrf-token/, 'a program is told which header, not to reload a form');
  }
  for (const form of ['full_name=X', '_csrf=forged&full_name=X']) {
    const res = await c.request('POST', '/app/people', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 403);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.text, /Phiên làm việc của biểu mẫu đã hết hạn/);
  }
  assert.equal((await t.db.selectFrom('person').select('id').where('full_name', 'in', ['X', 'Không Có Mã']).execute()).length, 0);
});

test('an expired form says so, with a way back: "Biểu mẫu đã hết hạn" and the form page; a session ended meanwhile offers to sign in and come back', async () => {
  const c = t.client();
  await c.login('vanphong');
  const p = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const form = `/app/people/${p.id}/edit`;
  const forged = await c.request('POST', `/app/people/${p.id}`, { body: '_csrf=forged&full_name=X', headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${t.base}${form}` } });
  assert.equal(forged.status, 403);
  assert.match(forged.text, /<h1>Biểu mẫu đã hết hạn<\/h1>/);
  assert.doesNotMatch(forged.text, /Không có quyền truy cập/);
  assert.ok(forged.text.includes(`<a class="button primary" href="${form}">Mở lại biểu mẫu</a>`), forged.text.slice(0, 2000));
  // A Referer that is no page of the app is not followed: the form's own page instead.
  const foreign = await c.request('POST', `/app/people/${p.id}`, { body: '_csrf=forged&full_name=X', headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://evil.example/app/x' } });
  assert.ok(foreign.text.includes(`href="/app/people/${p.id}">Mở lại biểu mẫu</a>`), 'the page of the form');
  // Signed out in another tab, then the form is sent: sign in again, back to the form.
  const out = t.client();
  const res = await out.request('POST', `/app/people/${p.id}`, { body: 'full_name=X', headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${t.base}${form}` } });
  assert.equal(res.status, 401);
  assert.match(res.text, /<h1>Cần đăng nhập lại<\/h1>/);
  assert.ok(res.text.includes(`href="/login?next=${encodeURIComponent(form)}">Đăng nhập lại</a>`));
});

test('a refusal with no form to draw again says what was not saved, not "check the marked fields"', async () => {
  const c = t.client();
  await c.login('vanphong');
  const res = await c.post('/app/ward', { wardId: 'khong-phai-ma' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<p>Chưa lưu được: [^<]+<\/p>/);
  assert.doesNotMatch(res.text, /kiểm tra các ô được đánh dấu/);
});
