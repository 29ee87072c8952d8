import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test("pages open on the ward's working year: the 2017 demo when this year has no programme", async () => {
  const c = t.client();
  await c.login('thuongvu');
  const list = await c.get('/app/programmes');
  assert.equal(list.status, 200);
  assert.match(list.text, /Hội Liên hiệp Phụ nữ phường/);
  const schedule = await c.get('/app/schedule');
  assert.equal(schedule.status, 302);
  assert.match(schedule.location ?? '', /^\/app\/schedule\?year=2017$/);
  // The page's own filters go along; anything else (a control character in a stray parameter) does not.
  const kept = await c.get('/app/schedule?status=late&q=%00&x=%0d%0aSet-Cookie:a');
  assert.equal(kept.status, 302);
  assert.equal(kept.location, '/app/schedule?status=late&year=2017');
  const board = await c.get('/app/programmes/dashboard');
  assert.match(board.text, /2017/);
});
