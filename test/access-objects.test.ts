// Issue 8, "object-level access through a side door": every object a request touches is checked
// (the person, the post, the membership, the organization — on add, edit and end), and a
// membership or post grants nothing before it starts or after it ends. The matrix: every demo
// account against people, posts and memberships of organizations it does not own (and of the other
// ward), through the pages and the API → 403 or 404, and not one row or audit event written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client, type Res } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { addDays, todayInVietnam } from '../src/lib/vi/index.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const ACCOUNTS = ['quantri', 'thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap', 'thanhpho', 'vinhtuy.doan'] as const;
/** Accounts that write every person of ward A (admin, office at the ward). */
const WARD_A_KEEPERS = new Set(['quantri', 'vanphong']);

/** The day `n` days from today (Vietnam day) as a form types it, dd/mm/yyyy: future starts stay within the one-year limit. */
const dayFromToday = (n: number): string => addDays(todayInVietnam(), n).split('-').reverse().join('/');

const orgOf = async (wardId: string, short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', wardId).where('short_name', '=', short).executeTakeFirstOrThrow()).id;
const personNamed = async (wardId: string, name: string) => (await t.db.selectFrom('person').select(['id', 'version']).where('ward_id', '=', wardId).where('full_name', '=', name).executeTakeFirstOrThrow());

/** Everything the people room writes, and the audit log (sign-ins aside): equal before and after refused requests. */
async function snapshot(): Promise<string> {
  const [people, posts, members, audit] = await Promise.all([
    t.db.selectFrom('person').selectAll().orderBy('id').execute(),
    t.db.selectFrom('position').selectAll().orderBy('id').execute(),
    t.db.selectFrom('membership').selectAll().orderBy('id').execute(),
    // Sign-ins are recorded too; every other event counts.
    t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('action', 'not like', 'auth.%').executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify([people, posts, members, Number(audit.n)]);
}

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302, username);
  return c;
}
async function tokenOf(username: string): Promise<string> {
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await runMaintenance(t.db, 'test.token', (q) => createToken(q, u.id, 'matrix', null))).token;
}

interface Target {
  person: { id: string; version: number };
  post: { id: string; org_id: string; version: number };
  membership: { id: string; org_id: string; version: number };
  /** An organization of the target's ward the actor does not own. */
  org: string;
}

/** A person outside Hội LHPN (the Party Secretary), his Đảng ủy post, a membership of a Hội CCB branch member. */
async function targetIn(wardId: string, name: string): Promise<Target> {
  const person = await personNamed(wardId, name);
  const post = await t.db.selectFrom('position').select(['id', 'org_id', 'version']).where('person_id', '=', person.id).where('end_on', 'is', null).orderBy('rank').executeTakeFirstOrThrow();
  const pn = await t.db.selectFrom('organization').select('id').where('ward_id', '=', wardId).where('short_name', '=', 'Hội LHPN').executeTakeFirst();
  const membership = await t.db
    .selectFrom('membership')
    .select(['id', 'org_id', 'version'])
    .where('ward_id', '=', wardId)
    .where('end_on', 'is', null)
    .$if(!!pn, (q) => q.where('org_id', '<>', pn?.id as string))
    .orderBy('id')
    .executeTakeFirst();
  return { person, post, membership: membership ?? { id: post.id, org_id: post.org_id, version: post.version }, org: post.org_id };
}

/** Every way to touch a person, a post or a membership, through the pages and the API. */
function attempts(c: Client, token: string, x: Target): [string, () => Promise<Res>][] {
  const p = x.person.id;
  return [
    ['page: edit form', () => c.get(`/app/people/${p}/edit`)],
    ['page: edit person', () => c.post(`/app/people/${p}`, { full_name: 'Tên bị sửa', version: x.person.version })],
    ['page: end person', () => c.post(`/app/people/${p}/end`, { ended_on: '01/01/2024', reason: 'Thử', version: x.person.version })],
    ['page: add post', () => c.post(`/app/people/${p}/positions`, { org_id: x.org, title: 'Chức vụ lạ', rank: 1, start_on: '01/01/2024' })],
    ['page: edit post form', () => c.get(`/app/positions/${x.post.id}/edit`)],
    ['page: edit membership form', () => c.get(`/app/memberships/${x.membership.id}/edit`)],
    ['page: edit post', () => c.post(`/app/positions/${x.post.id}`, { org_id: x.post.org_id, title: 'Đổi chức vụ', rank: 1, start_on: '01/01/2015', version: x.post.version })],
    ['page: end post', () => c.post(`/app/positions/${x.post.id}/end`, { end_on: '01/01/2024', version: x.post.version })],
    ['page: add membership', () => c.post(`/app/people/${p}/memberships`, { org_id: x.org, start_on: '01/01/2024' })],
    ['page: edit membership', () => c.post(`/app/memberships/${x.membership.id}`, { org_id: x.membership.org_id, start_on: '01/01/2015', version: x.membership.version })],
    ['page: end membership', () => c.post(`/app/memberships/${x.membership.id}/end`, { end_on: '01/01/2024', version: x.membership.version })],
    ['api: patch person', () => c.api('PATCH', `/api/v1/people/${p}`, { full_name: 'Tên bị sửa', version: x.person.version }, token)],
    ['api: add post', () => c.api('POST', `/api/v1/people/${p}/positions`, { org_id: x.org, title: 'Chức vụ lạ', start_on: '01/01/2024' }, token)],
    ['api: end post', () => c.api('POST', `/api/v1/positions/${x.post.id}/end`, { end_on: '2024-01-01', version: x.post.version }, token)],
  ];
}

test('every account against people, posts and memberships it does not own, in its ward and the other: 403/404, nothing written', async () => {
  const inA = await targetIn(t.wardA, 'Dương Ngọc Dũng');
  const inB = await targetIn(t.wardB, 'Bùi Quang Huy');
  // The side door first: the head of Hội LHPN adds the target to her own organization (her right),
  // starting in 200 days — which must give her nothing over him.
  const head = await signedIn('phunu');
  const joined = await head.post(`/app/people/${inA.person.id}/memberships`, { org_id: await orgOf(t.wardA, 'Hội LHPN'), start_on: dayFromToday(200), end_on: dayFromToday(250) });
  assert.equal(joined.status, 303, joined.text.slice(0, 300));
  const before = await snapshot();
  // The accounts run side by side (each one's requests in order): nothing may be written at all.
  const wrong = (
    await Promise.all(
      ACCOUNTS.map(async (username) => {
        const out: string[] = [];
        const [c, token] = await Promise.all([signedIn(username), tokenOf(username)]);
        const targets: [string, Target][] = [['ward B', inB]];
        // vinhtuy.doan works in ward B, where the target post is in its own Đoàn TN: ward A (404)
        // is its foreign ward. Ward A's keepers (admin, office) own every object of ward A.
        if (username === 'vinhtuy.doan') targets[0] = ['ward A', inA];
        else if (!WARD_A_KEEPERS.has(username)) targets.push(['ward A', inA]);
        for (const [where, x] of targets) {
          for (const [what, call] of attempts(c, token, x)) {
            const res = await call();
            if (res.status !== 403 && res.status !== 404) out.push(`${username} ${where} ${what}: ${res.status}`);
          }
        }
        return out;
      }),
    )
  ).flat();
  assert.deepEqual(wrong, []);
  assert.equal(await snapshot(), before, 'nothing written');
});

test('an organization head’s membership (even a future one) gives no hold on a person who belongs elsewhere', async () => {
  const phunu = await signedIn('phunu');
  const token = await tokenOf('phunu');
  const pn = await orgOf(t.wardA, 'Hội LHPN');
  const dung = await personNamed(t.wardA, 'Dương Ngọc Dũng');
  // Adding people to her own organization is her work: a future membership and one running today
  // (the two do not overlap, nor the one the matrix test added for days 200 to 250).
  for (const [start_on, end_on] of [[dayFromToday(300), ''], ['01/01/2024', dayFromToday(100)]]) {
    const added = await phunu.post(`/app/people/${dung.id}/memberships`, { org_id: pn, start_on, end_on });
    assert.equal(added.status, 303, added.text.slice(0, 300));
  }
  const before = await snapshot();
  assert.equal((await phunu.get(`/app/people/${dung.id}/edit`)).status, 403);
  assert.equal((await phunu.post(`/app/people/${dung.id}`, { full_name: 'Dương Ngọc Dũng (sửa)', version: dung.version })).status, 403);
  assert.equal((await phunu.api('PATCH', `/api/v1/people/${dung.id}`, { full_name: 'Dương Ngọc Dũng (sửa)', version: dung.version }, token)).status, 403);
  assert.equal((await phunu.post(`/app/people/${dung.id}/end`, { ended_on: '01/01/2024', reason: 'Thử', version: dung.version })).status, 403);
  assert.equal(await snapshot(), before, 'nothing written');
  const open = await t.db.selectFrom('position').select('id').where('person_id', '=', dung.id).where('end_on', 'is', null).execute();
  assert.ok(open.length >= 2, 'his posts are still open');
});

test('a membership grants nothing before it starts: a person whose only membership starts in 300 days is not the head’s yet', async () => {
  const office = await signedIn('vanphong');
  const pn = await orgOf(t.wardA, 'Hội LHPN');
  const made = await office.post('/app/people', { full_name: 'Phạm Thị Tương Lai', gender: 'nu', membership_org_id: pn, membership_start_on: dayFromToday(300) });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const id = /\/app\/people\/([^/?]+)/.exec(made.location ?? '')?.[1] as string;
  const phunu = await signedIn('phunu');
  const before = await snapshot();
  assert.equal((await phunu.post(`/app/people/${id}`, { full_name: 'Đã sửa', version: 1 })).status, 403);
  assert.equal(await snapshot(), before);
  // The same membership from a past date: she is the head's person now (the check can pass).
  const m = await t.db.selectFrom('membership').select(['id', 'version']).where('person_id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await office.post(`/app/memberships/${m.id}`, { org_id: pn, start_on: '01/01/2020', version: m.version })).status, 303);
  const edited = await phunu.post(`/app/people/${id}`, { full_name: 'Phạm Thị Hiện Tại', gender: 'nu', version: 1 });
  assert.equal(edited.status, 303, edited.text.slice(0, 300));
});

test('an organization head edits and ends people who belong only to her organizations, and ends their posts there', async () => {
  const phunu = await signedIn('phunu');
  const mai = await personNamed(t.wardA, 'Lê Thị Mai');
  const edited = await phunu.post(`/app/people/${mai.id}`, { full_name: 'Lê Thị Mai', gender: 'nu', phone: '0912 000 111', version: mai.version });
  assert.equal(edited.status, 303, edited.text.slice(0, 300));
  const m = await t.db.selectFrom('membership').select(['id', 'version']).where('person_id', '=', mai.id).orderBy('id').executeTakeFirstOrThrow();
  assert.equal((await phunu.post(`/app/memberships/${m.id}/end`, { end_on: '31/12/2024', version: m.version })).status, 303);
});

// Issue 8 follow-up (a fresh tester): a head could add the same membership three times, overlapping,
// one starting in 2030; a post likewise. Overlaps and starts more than a year ahead are refused.
test('a membership or post overlapping another of the same person in the same organization (same title) is refused, and so is a start more than a year ahead', async () => {
  const office = await signedIn('vanphong');
  const phunu = await signedIn('phunu');
  const pn = await orgOf(t.wardA, 'Hội LHPN');
  const made = await office.post('/app/people', { full_name: 'Hoàng Thị Trùng Lặp', gender: 'nu' });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const id = /\/app\/people\/([^/?]+)/.exec(made.location ?? '')?.[1] as string;
  const first = await phunu.post(`/app/people/${id}/memberships`, { org_id: pn, start_on: dayFromToday(-10) });
  assert.equal(first.status, 303, first.text.slice(0, 300));
  const before = await snapshot();
  const overlap = await phunu.post(`/app/people/${id}/memberships`, { org_id: pn, start_on: '01/01/2017' });
  assert.equal(overlap.status, 400);
  assert.match(overlap.text, /đã là hội viên, thành viên của tổ chức này trong thời gian trùng với khoảng này/);
  const again = await phunu.post(`/app/people/${id}/memberships`, { org_id: pn, start_on: dayFromToday(0) });
  assert.equal(again.status, 400);
  const far = await phunu.post(`/app/people/${id}/memberships`, { org_id: pn, start_on: '01/01/2030' });
  assert.equal(far.status, 400);
  assert.match(far.text, /Ngày bắt đầu không được quá một năm sau ngày hôm nay/);
  const farPost = await phunu.post(`/app/people/${id}/positions`, { org_id: pn, title: 'Ủy viên BCH', start_on: dayFromToday(367) });
  assert.equal(farPost.status, 400);
  assert.equal(await snapshot(), before, 'nothing written');
  // Before the first one, ended in time: no overlap.
  assert.equal((await phunu.post(`/app/people/${id}/memberships`, { org_id: pn, start_on: '01/01/2017', end_on: dayFromToday(-11) })).status, 303);
  // Editing the first into the earlier one is refused; editing it alone is not.
  const m = await t.db.selectFrom('membership').select(['id', 'version', 'start_on']).where('person_id', '=', id).orderBy('start_on', 'desc').executeTakeFirstOrThrow();
  assert.equal((await phunu.post(`/app/memberships/${m.id}`, { org_id: pn, start_on: '01/01/2020', version: m.version })).status, 400);
  assert.equal((await phunu.post(`/app/memberships/${m.id}`, { org_id: pn, member_no: 'PN-1', start_on: dayFromToday(-5), version: m.version })).status, 303);
  // Posts: the same title overlapping is refused; another title at the same time is held at once.
  assert.equal((await phunu.post(`/app/people/${id}/positions`, { org_id: pn, title: 'Ủy viên BCH', start_on: '01/01/2020' })).status, 303);
  const postBefore = await snapshot();
  const samePost = await phunu.post(`/app/people/${id}/positions`, { org_id: pn, title: 'Ủy viên BCH', start_on: '01/01/2022' });
  assert.equal(samePost.status, 400);
  assert.match(samePost.text, /đã giữ chức vụ cùng chức danh tại tổ chức này trong thời gian trùng/);
  assert.equal(await snapshot(), postBefore, 'nothing written');
  assert.equal((await phunu.post(`/app/people/${id}/positions`, { org_id: pn, title: 'Phó Chủ tịch Hội LHPN', start_on: '01/01/2022' })).status, 303);
});

test('the edit form of a post or membership answers 403 to a head who may not save it, 200 in her own organization', async () => {
  const phunu = await signedIn('phunu');
  const inA = await targetIn(t.wardA, 'Dương Ngọc Dũng');
  const page = await phunu.get(`/app/positions/${inA.post.id}/edit`);
  assert.equal(page.status, 403);
  assert.doesNotMatch(page.text, /<form[^>]*action="\/app\/positions\//);
  assert.equal((await phunu.get(`/app/memberships/${inA.membership.id}/edit`)).status, 403);
  const pn = await orgOf(t.wardA, 'Hội LHPN');
  const own = await t.db.selectFrom('membership').select('id').where('org_id', '=', pn).orderBy('id').executeTakeFirstOrThrow();
  assert.equal((await phunu.get(`/app/memberships/${own.id}/edit`)).status, 200);
});

test('a form page resolves the roles a save would hold: the city-level account gets 403 on a new-category form it cannot save', async () => {
  const city = await signedIn('thanhpho');
  assert.equal((await city.get('/app/portal/categories/new')).status, 403);
  assert.equal((await city.post('/app/portal/categories', { name: 'Thử', sort_order: 100 })).status, 403);
  const admin = await signedIn('quantri');
  assert.equal((await admin.get('/app/portal/categories/new')).status, 200);
});
