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
  const board = await c.get('/app/programmes/dashboard');
  assert.match(board.text, /2017/);
});
