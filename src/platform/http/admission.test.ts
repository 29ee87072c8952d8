// Write admission (D73): the gate's order and bounds, and over HTTP on the real app — a write waits
// for a slot while reads run, one more than the queue is a Vietnamese 503 with Retry-After that saved
// nothing, and the slot is freed when the response is done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import type { FastifyRequest } from 'fastify';
import { AdmissionGate, isAdmittedWrite, WriteBusyError } from './admission.ts';
import { loadConfig } from '../../config.ts';

test('the gate admits in arrival order, bounds its queue and frees each slot once', async () => {
  const gate = new AdmissionGate({ slots: 2, idleSlots: 2, queue: 2 });
  const order: string[] = [];
  const a = await gate.enter();
  const b = await gate.enter();
  const c = gate.enter().then((r) => (order.push('c'), r));
  const d = gate.enter().then((r) => (order.push('d'), r));
  await assert.rejects(gate.enter(), WriteBusyError);
  assert.deepEqual(gate.state, { running: 2, waiting: 2, reads: 0 });
  b();
  b(); // a second release of the same slot does nothing
  const rc = await c;
  assert.deepEqual(gate.state, { running: 2, waiting: 1, reads: 0 });
  a();
  const rd = await d;
  assert.deepEqual(order, ['c', 'd']);
  rc();
  rd();
  assert.deepEqual(gate.state, { running: 0, waiting: 0, reads: 0 });
});

test('the gate narrows to `slots` while a read is in flight and widens to `idleSlots` a grace time after the last one ends', async () => {
  const gate = new AdmissionGate({ slots: 1, idleSlots: 3, queue: 10 }, 30); // narrow for 30 ms after the last read
  const [a, b, c] = await Promise.all([gate.enter(), gate.enter(), gate.enter()]); // no read: three at once
  gate.readStarted();
  gate.readStarted();
  let admitted = 0;
  const d = gate.enter().then((r) => (admitted++, r));
  const e = gate.enter().then((r) => (admitted++, r));
  a();
  b();
  await Promise.resolve();
  assert.equal(admitted, 0); // one still runs and reads are in flight: width 1
  c();
  const rd = await d;
  assert.deepEqual([admitted, gate.state.running, gate.state.waiting], [1, 1, 1]);
  gate.readEnded();
  assert.equal(gate.state.waiting, 1); // a read is still in flight
  gate.readEnded(); // the last read: the gate widens once 30 ms pass without another
  await Promise.resolve();
  assert.equal(gate.state.waiting, 1);
  const re = await e;
  assert.deepEqual(gate.state, { running: 2, waiting: 0, reads: 0 });
  rd();
  re();
  assert.deepEqual(gate.state, { running: 0, waiting: 0, reads: 0 });
});

test('a write queued after the last read ended is admitted when the grace time is over, though nothing else happens', async () => {
  // Found by a full run that hung: the widening timer, armed only when the last read ended with
  // writes waiting, was never armed for a write queued after it (or was spent when it fired a little
  // early), and the write waited for another request that never came.
  const gate = new AdmissionGate({ slots: 1, idleSlots: 3, queue: 10 }, 30);
  const a = await gate.enter(); // holds its slot for the whole test
  gate.readStarted();
  gate.readEnded(); // no write waits yet: nothing to widen for
  const b = gate.enter(); // during the grace time the gate is narrow (1, taken by a)
  await Promise.resolve();
  assert.equal(gate.state.waiting, 1);
  const admitted = await Promise.race([b.then(() => true), sleep(1000).then(() => false)]);
  assert.equal(admitted, true, 'admitted once the gate widened, with a still running');
  assert.deepEqual(gate.state, { running: 2, waiting: 0, reads: 0 });
  (await b)();
  a();
});

test('the write share by database (D79, D81): 0.10 on SQLite, 0.25 on PostgreSQL, whatever ROVIEC_WRITE_SHARE says when set', () => {
  const share = (env: Record<string, string>, over = {}) => loadConfig({ NODE_ENV: 'test', ...env }, over).writeAdmission.share;
  assert.equal(share({ DATABASE_URL: 'sqlite:/tmp/roviec-share.sqlite' }), 0.1);
  assert.equal(share({ DATABASE_URL: 'postgres://u@localhost/db' }), 0.25);
  assert.equal(share({ DATABASE_URL: 'postgres://u@localhost/db', ROVIEC_WRITE_SHARE: '0.5' }), 0.5);
  assert.equal(share({ DATABASE_URL: 'sqlite:/tmp/roviec-share.sqlite' }, { databaseUrl: 'postgres://u@localhost/db' }), 0.25, 'the database the app opens decides');
  assert.throws(() => share({ ROVIEC_WRITE_SHARE: '0' }), /ROVIEC_WRITE_SHARE/);
});

test('while reads are served, writes hold slots at most `share` of the time: after holding d ms the next waits 3·d at share 0.25', async () => {
  const gate = new AdmissionGate({ slots: 1, idleSlots: 4, queue: 10, share: 0.25 }, 1000);
  gate.readStarted(); // a read in flight the whole test
  // One writer alone, save after save: never paused.
  for (let i = 0; i < 3; i++) {
    const one = await gate.enter();
    await sleep(10);
    one();
  }
  const t1 = performance.now();
  (await gate.enter())();
  assert.ok(performance.now() - t1 < 5, 'a lone writer is not held back');
  const a = await gate.enter(); // nothing running, no pause: admitted at once
  const waiting = gate.enter(); // another write waits: contention
  await sleep(20);
  a(); // held ~20 ms with a write waiting: no write before ~60 ms from now
  const t0 = performance.now();
  // Nothing runs and nothing else will release: the pause itself must admit the waiting one.
  const b = await Promise.race([waiting, sleep(2000).then(() => null)]);
  const waited = performance.now() - t0;
  assert.ok(b, 'the waiting write was admitted when the pause ended');
  assert.ok(waited >= 50, `waited ${waited.toFixed(0)} ms`);
  assert.ok(waited < 500, `waited ${waited.toFixed(0)} ms`);
  b();
  gate.readEnded();
  // No read for the grace time: no pause, every write at once.
  const idle = new AdmissionGate({ slots: 1, idleSlots: 4, queue: 10, share: 0.25 }, 0);
  const held = await Promise.all([idle.enter(), idle.enter(), idle.enter(), idle.enter()]);
  held.forEach((r) => r());
  assert.deepEqual(idle.state, { running: 0, waiting: 0, reads: 0 });
});

test('what is admitted: signed-in writes, multipart uploads included; not reads or public routes (log-in)', () => {
  const req = (method: string, access: unknown, type = 'application/json') => ({ method, headers: { 'content-type': type }, routeOptions: { config: { access } } }) as unknown as FastifyRequest;
  assert.equal(isAdmittedWrite(req('POST', ['admin', 'office'])), true);
  assert.equal(isAdmittedWrite(req('PATCH', ['org_head'], 'application/x-www-form-urlencoded')), true);
  assert.equal(isAdmittedWrite(req('DELETE', ['admin'])), true);
  assert.equal(isAdmittedWrite(req('GET', ['admin'])), false);
  assert.equal(isAdmittedWrite(req('HEAD', 'public')), false);
  assert.equal(isAdmittedWrite(req('POST', 'public', 'application/x-www-form-urlencoded')), false);
  assert.equal(isAdmittedWrite(req('POST', ['member'], 'multipart/form-data; boundary=x')), true);
  assert.equal(isAdmittedWrite(req('POST', undefined)), false); // no route (404)
});

let t: TestApp;
let office: Client;
let taskId = '';
before(async () => {
  t = await startTestApp({ config: { writeAdmission: { slots: 1, idleSlots: 1, queue: 1, share: 1 } } });
  office = t.client();
  await office.login('vanphong');
  const leaf = await t.db
    .selectFrom('task')
    .select('id')
    .where('ward_id', '=', t.wardA)
    .where('parent_id', 'is', null)
    .where((e) => e.not(e.exists(e.selectFrom('task as k').select('k.id').whereRef('k.parent_id', '=', 'task.id'))))
    .orderBy('id')
    .executeTakeFirstOrThrow();
  taskId = leaf.id;
});
after(async () => t.close());

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await sleep(10);
  assert.ok(cond(), 'condition not reached in 5 s');
}

test('over HTTP: a write waits for the slot while reads run; one more than the queue is a 503 with Retry-After that saved nothing; the slot is freed after the answer', async () => {
  const gate = t.app.writeGate;
  assert.ok(gate);
  const version = async () => (await office.api('GET', `/api/v1/tasks/${taskId}`)).json<{ version: number }>().version;
  const v = await version();
  const hold = await gate.enter(); // the one slot is taken
  const waiting = office.api('POST', `/api/v1/tasks/${taskId}/progress`, { percent: 40, note: 'chờ lượt', version: v });
  await until(() => gate.state.waiting === 1);
  // Reads are never queued.
  const read = await office.get('/app/people');
  assert.equal(read.status, 200);
  assert.equal(await version(), v);
  // The queue (1) is full: refused at once, in Vietnamese, with Retry-After.
  const refused = await office.api('POST', `/api/v1/tasks/${taskId}/progress`, { percent: 50, version: v });
  assert.equal(refused.status, 503, refused.text);
  assert.equal(refused.headers.get('retry-after'), '5');
  assert.match(refused.json<{ message: string }>().message, /quá nhiều yêu cầu ghi cùng lúc/);
  const form = await office.post('/app/tasks/' + taskId + '/progress', { percent: 50, version: v });
  assert.equal(form.status, 503);
  assert.match(form.text, /quá nhiều yêu cầu ghi cùng lúc/);
  hold();
  const done = await waiting;
  assert.equal(done.status, 201, done.text);
  assert.equal(await version(), v + 1); // only the admitted post was saved
  await until(() => gate.state.running === 0 && gate.state.waiting === 0);
  // And writes run again at once.
  const next = await office.api('POST', `/api/v1/tasks/${taskId}/progress`, { percent: 60, version: v + 1 });
  assert.equal(next.status, 201, next.text);
  await until(() => gate.state.running === 0 && gate.state.reads === 0); // every read counted out again
});

// The task page's progress form is always multipart (it may carry photos): it waits for a slot like
// any other write, but only once its body has arrived (D77).
test('over HTTP: a multipart progress form waits for the slot after its body is read, and is saved once admitted', async () => {
  const gate = t.app.writeGate;
  assert.ok(gate);
  const v = (await office.api('GET', `/api/v1/tasks/${taskId}`)).json<{ version: number }>().version;
  const hold = await gate.enter();
  const fd = new FormData();
  fd.set('_csrf', await office.csrf());
  fd.set('percent', '70');
  fd.set('note', 'gửi kèm biểu mẫu có tệp');
  fd.set('version', String(v));
  fd.append('files', new Blob([]), '');
  const posted = office.request('POST', `/app/tasks/${taskId}/progress?_csrf=${encodeURIComponent(await office.csrf())}`, { body: fd });
  await until(() => gate.state.waiting === 1);
  const now = await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow();
  assert.equal(now.version, v, 'nothing saved while it waits');
  hold();
  const res = await posted;
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const after = await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow();
  assert.equal(after.version, v + 1);
  await until(() => gate.state.running === 0 && gate.state.waiting === 0);
});
