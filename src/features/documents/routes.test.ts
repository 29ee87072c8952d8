// The document profile pages over real HTTP, by role: the office and the admin list profiles,
// add one as a copy of a built-in with an edited spec, download a sample .docx and record terms;
// every other role gets 403 and an anonymous visitor is sent to the login page. A malformed spec
// re-renders the form with the problem named (400) and writes nothing.
import { runMaintenance } from '../../platform/command.ts';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp();
  // The office records terms here itself: start without the demo's.
  await runMaintenance(app.db, 'test.reset_terms', (q) => q.deleteFrom('body_term').execute());
});
after(async () => app.close());

const PATHS = ['/app/documents/profiles', '/app/documents/profiles/new?from=dp-party-36-hd-vptw-2018', '/app/documents/profiles/dp-state-nd30-2020/sample.docx'];

test('route × role: admin and office allowed; standing, org_head, member, editor 403; anonymous to login', async () => {
  const anon = app.client();
  for (const p of PATHS) {
    const res = await anon.get(p);
    assert.equal(res.status, 302, p);
    assert.ok(res.location?.startsWith('/login?next='), p);
  }
  assert.equal((await anon.post('/app/documents/profiles', { code: 'x' }, { csrf: false })).status, 401, 'an anonymous write is 401');
  for (const [user, allowed] of [['quantri', true], ['vanphong', true], ['thuongvu', false], ['phunu', false], ['hoivien', false], ['bientap', false]] as const) {
    const c = app.client();
    assert.equal((await c.login(user)).status, 302, `${user} logs in`);
    for (const p of PATHS) assert.equal((await c.get(p)).status, allowed ? 200 : 403, `${user} GET ${p}`);
    const post = await c.post('/app/documents/terms', { org_id: '00000000-0000-7000-8000-000000000000', start_on: '01/01/2030' });
    assert.equal(post.status, allowed ? 400 : 403, `${user} POST terms`);
  }
});

test('the office adds the 2026 Party profile as a copy with a new effective date; a bad spec is refused', async () => {
  const c = app.client();
  await c.login('vanphong');
  const list = await c.get('/app/documents/profiles');
  for (const s of ['party-36-hd-vptw-2018', 'state-nd30-2020', 'Nghị định 30/2020/NĐ-CP']) assert.ok(list.text.includes(s), s);
  const form = await c.get('/app/documents/profiles/new?from=dp-party-36-hd-vptw-2018');
  const spec = /<textarea id="f-spec" name="spec"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.text)?.[1] ?? '';
  const json = JSON.parse(spec.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')) as { title: { style: { size: number } } };
  assert.equal(json.title.style.size, 16);
  json.title.style.size = 15;
  const fields = {
    based_on_id: 'dp-party-36-hd-vptw-2018',
    code: 'party-399-qd-tw-2026',
    name: 'Văn bản của Đảng (Quy định 399-QĐ/TW)',
    family: 'party',
    effective_from: '09/01/2026',
    note: 'Quy định 399-QĐ/TW ngày 09/01/2026',
  };
  const count = async () => (await app.db.selectFrom('document_profile').select('id').execute()).length;
  const before = await count();
  const bad = await c.post('/app/documents/profiles', { ...fields, org_kinds: 'party_committee', spec: JSON.stringify({ ...json, pageNumber: { position: 'side', fromPage: 2, size: 13 } }) });
  assert.equal(bad.status, 400);
  assert.ok(bad.text.includes('Cấu hình không hợp lệ: pageNumber.position'), 'the problem is named');
  assert.equal(await count(), before);
  const body = new URLSearchParams({ _csrf: await c.csrf(), ...fields, spec: JSON.stringify(json) });
  body.append('org_kinds', 'party_committee');
  body.append('org_kinds', 'standing_committee');
  const ok = await c.request('POST', '/app/documents/profiles', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(ok.status, 303);
  const row = await app.db.selectFrom('document_profile').selectAll().where('code', '=', 'party-399-qd-tw-2026').executeTakeFirstOrThrow();
  assert.deepEqual([row.ward_id, row.effective_from, JSON.parse(row.org_kinds), JSON.parse(row.spec).title.style.size], [app.wardA, '2026-01-09', ['party_committee', 'standing_committee'], 15]);
  const audit = await app.db.selectFrom('audit_event').select('action').where('entity_id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(audit.action, 'document_profile.create');
  const sample = await c.get(`/app/documents/profiles/${row.id}/sample.docx`);
  assert.equal(sample.status, 200);
  assert.match(sample.headers.get('content-type') ?? '', /wordprocessingml/);
  assert.match(sample.headers.get('content-disposition') ?? '', /party-399-qd-tw-2026\.docx/);
});

test('the office records a term of the Party Committee', async () => {
  const c = app.client();
  await c.login('vanphong');
  const du = await app.db.selectFrom('organization').select('id').where('ward_id', '=', app.wardA).where('kind', '=', 'party_committee').executeTakeFirstOrThrow();
  const res = await c.post('/app/documents/terms', { org_id: du.id, start_on: '10/07/2020', end_on: '30/06/2025' });
  assert.equal(res.status, 303);
  const page = await c.get('/app/documents/profiles');
  assert.ok(page.text.includes('2020 - 2025'));
  const overlap = await c.post('/app/documents/terms', { org_id: du.id, start_on: '01/01/2024' });
  assert.equal(overlap.status, 400);
  assert.ok(overlap.text.includes('trùng thời gian'));
});
