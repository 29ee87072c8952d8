// Ending several memberships at once (issue 11 item 4, D59): the people list filtered by an
// organization has boxes; the confirm page names the people and asks one end date; each membership
// goes through endMembership (its own access check and audit row); refusals are named; CSRF; roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const orgId = async (short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', short).executeTakeFirstOrThrow()).id;
/** Open memberships of an organization: person id, name, start. */
const openOf = (org: string) =>
  t.db.selectFrom('membership').innerJoin('person', 'person.id', 'membership.person_id').select(['membership.id', 'membership.person_id', 'person.full_name', 'membership.start_on']).where('membership.ward_id', '=', t.wardA).where('membership.org_id', '=', org).where('membership.end_on', 'is', null).orderBy('membership.start_on').execute();
const endOf = async (id: string) => (await t.db.selectFrom('membership').select('end_on').where('id', '=', id).executeTakeFirstOrThrow()).end_on;

test('memberships ended at once with one date; one started later and one not a member are refused with their reason', async () => {
  const pn = await orgId('Hội LHPN');
  const open = await openOf(pn);
  assert.ok(open.length >= 2, 'the demo association has members');
  const [a, b] = open as [(typeof open)[0], (typeof open)[0]];
  // A third chosen membership starts after the end date: made for the test through the people form.
  const head = await login('phunu');
  const outsider = (await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).where('id', 'not in', open.map((m) => m.person_id)).orderBy('full_name').executeTakeFirstOrThrow());
  const late = await head.post(`/app/people/${outsider.id}/memberships`, { org_id: pn, start_on: '01/06/2026' });
  assert.equal(late.status, 303, late.text.slice(0, 300));
  const stranger = (await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).where('id', 'not in', [...open.map((m) => m.person_id), outsider.id]).orderBy('full_name').executeTakeFirstOrThrow());
  const ids = [a.person_id, b.person_id, outsider.id, stranger.id];

  // The list filtered by the association shows the boxes and the button to the head.
  const list = await head.get(`/app/people?org=${pn}`);
  assert.equal(list.status, 200);
  assert.match(list.text, /<form id="bulk-end" method="post" action="\/app\/people\/memberships\/end"/);
  assert.match(list.text, /<input type="checkbox" form="bulk-end" name="ids"/);
  assert.doesNotMatch((await head.get('/app/people')).text, /bulk-end/, 'not without an organization');
  // A member may not: no boxes, and the post is refused.
  const member = await login('hoivien');
  assert.doesNotMatch((await member.get(`/app/people?org=${pn}`)).text, /bulk-end/);
  assert.equal((await member.post('/app/people/memberships/end', { org: pn, ids, confirm: '1', end_on: '31/03/2026' })).status, 403);
  // Without CSRF: refused.
  assert.equal((await head.post('/app/people/memberships/end', { org: pn, ids, confirm: '1', end_on: '31/03/2026' }, { csrf: false })).status, 403);
  // Nothing chosen: 400 with the reason.
  const none = await head.post('/app/people/memberships/end', { org: pn });
  assert.equal(none.status, 400);
  assert.match(none.text, /Chưa chọn mục nào/);
  // The confirm page names them; a bad date stays there (400); nothing changes.
  const confirm = await head.post('/app/people/memberships/end', { org: pn, ids });
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Kết thúc sinh hoạt tại Hội Liên hiệp Phụ nữ phường của 4 người sau\?/);
  assert.ok(confirm.text.includes(a.full_name) && confirm.text.includes(stranger.full_name));
  assert.match(confirm.text, /Không có thẻ đang sinh hoạt tại tổ chức này/);
  const bad = await head.post('/app/people/memberships/end', { org: pn, ids, confirm: '1', end_on: '31/02/2026' });
  assert.equal(bad.status, 400);
  assert.equal(await endOf(a.id), null);
  // Done: two ended, two refused with their reasons; one audit row each.
  const done = await head.post('/app/people/memberships/end', { org: pn, ids, confirm: '1', end_on: '31/03/2026' });
  assert.equal(done.status, 303);
  assert.equal(done.location, `/app/people?org=${pn}`);
  assert.equal(await endOf(a.id), '2026-03-31');
  assert.equal(await endOf(b.id), '2026-03-31');
  const flash = (await head.get(done.location as string)).text;
  assert.match(flash, /Đã kết thúc 2 thẻ sinh hoạt; 2 thẻ không thể kết thúc: /);
  assert.ok(flash.includes(`«${outsider.full_name}» (Ngày kết thúc không được trước ngày bắt đầu)`), 'the later start is named');
  assert.ok(flash.includes(`«${stranger.full_name}» (Không có thẻ đang sinh hoạt tại tổ chức này)`));
  const audits = await t.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'membership.end').where('entity_id', 'in', [a.id, b.id]).execute();
  assert.equal(audits.length, 2);
});

test("a head ending memberships of an organization she does not lead: each refused by the command's own access check", async () => {
  // An organization outside the women's union and its branches, with a current member.
  const pn = await orgId('Hội LHPN');
  const mine = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where((e) => e.or([e('id', '=', pn), e('parent_id', '=', pn)])).execute()).map((o) => o.id);
  const other = await t.db.selectFrom('membership').select('org_id').where('ward_id', '=', t.wardA).where('end_on', 'is', null).where('org_id', 'not in', mine).executeTakeFirstOrThrow();
  const du = other.org_id;
  const open = await openOf(du);
  const head = await login('phunu');
  assert.doesNotMatch((await head.get(`/app/people?org=${du}`)).text, /bulk-end/);
  const done = await head.post('/app/people/memberships/end', { org: du, ids: [open[0]?.person_id as string], confirm: '1', end_on: '31/03/2026' });
  assert.equal(done.status, 303);
  assert.match((await head.get(done.location as string)).text, /1 thẻ không thể kết thúc: «[^»]+» \(Tài khoản của bạn không có quyền/);
  assert.equal(await endOf(open[0]?.id as string), null);
});
