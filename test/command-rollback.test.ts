// Every write is a command: when its audit write fails, the change rolls back. Over HTTP, on the
// database under test: office creates an organization while audit_event refuses inserts (the
// table is renamed for the test); the answer is an error and nothing is written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const orgsNamed = async (name: string) => (await t.db.selectFrom('organization').select('id').where('name', '=', name).execute()).length;

test('a service write whose audit row is refused answers an error and leaves nothing written', async () => {
  const c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
  const form = { kind: 'association', name: 'Hội Sinh vật cảnh phường', short_name: 'Hội SVC', unit_id: t.wardA, sort_order: '', valid_from: '01/01/2018' };
  // The session exists already (its row is written outside audit_event); now the audit table goes.
  await c.get('/app/orgs/new');
  await runMaintenance(t.db, 'test.break-audit', (q) => sql`alter table audit_event rename to audit_event_off`.execute(q));
  try {
    const res = await c.post('/app/orgs', form);
    assert.equal(res.status, 500);
    assert.equal(await orgsNamed(form.name), 0, 'the organization was rolled back with its failed audit row');
  } finally {
    await runMaintenance(t.db, 'test.break-audit', (q) => sql`alter table audit_event_off rename to audit_event`.execute(q));
  }
  // With the audit table back, the same command succeeds and records its audit row.
  const ok = await c.post('/app/orgs', form);
  assert.equal(ok.status, 303);
  assert.equal(await orgsNamed(form.name), 1);
  const audits = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'org.create').where('summary', '=', form.name).execute();
  assert.equal(audits.length, 1);
});
