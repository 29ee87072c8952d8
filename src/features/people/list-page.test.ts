// The people list's kept parts (D78): the page served from kept parts is the page made afresh, for
// several filters, after every kind of write the directory stamp watches — a person's details, a
// post, a membership, an organization's name, a new person — made by a command or raw; and a reader
// who sees only some people's details (an organization's head) never gets a page kept for the office.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { forgetKept, readStamp } from '../../platform/kept.ts';
import { runMaintenance } from '../../platform/command.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import type { Queryable } from '../../db/index.ts';

let t: TestApp;
let office: Client;
let head: Client;
let org: { id: string; name: string };
before(async () => {
  t = await startTestApp();
  office = t.client();
  head = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  assert.equal((await head.login('phunu')).status, 302);
  org = await t.db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
});
after(async () => t.close());

/** The page without what differs per request (CSRF tokens, the CSP nonce). */
const steady = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '_csrf').replace(/name="csrf-token" content="[^"]*"/g, 'csrf').replace(/nonce="[^"]*"/g, 'nonce');
const pages = () => ['/app/people', '/app/people?q=nguyen+van', `/app/people?org=${org.id}`, '/app/people?sort=birth_date&dir=desc&page=2', '/app/people?ended=1&on=10%2F02%2F2017'];

/** Every page: served twice (made, then kept), then made afresh with nothing kept; all three the same. */
async function sameAsFresh(what: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of pages()) {
    const a = await office.get(p);
    const b = await office.get(p);
    forgetKept();
    const fresh = await office.get(p);
    assert.equal(a.status, 200, `${what}: ${p}`);
    assert.equal(steady(b.text), steady(a.text), `${what}: ${p} kept`);
    assert.equal(steady(fresh.text), steady(a.text), `${what}: ${p} kept vs fresh`);
    out.set(p, a.text);
  }
  return out;
}

const raw = (fn: (q: Queryable) => Promise<unknown>) => t.db.transaction().execute((tx) => runMaintenance(tx, 'test.raw', async (m) => void (await fn(m))));
const stamp = () => readStamp(t.db, [`d:${t.wardA}`]);

test('the kept people list is the list made afresh, after every kind of write to the directory', async () => {
  await sameAsFresh('first');
  let before = await stamp();
  // Pages kept, then a write: the next page must show it without anything forgotten.
  const changes: [string, () => Promise<unknown>, (html: Map<string, string>) => void][] = [
    [
      'phone of a person (command)',
      async () => {
        const p = await t.db.selectFrom('person').select(['id', 'full_name', 'version']).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).orderBy('sort_key').executeTakeFirstOrThrow();
        const res = await office.post(`/app/people/${p.id}`, { full_name: p.full_name, phone: '0912 345 678', version: p.version });
        assert.equal(res.status, 303, 'saved');
      },
      (h) => assert.match(h.get('/app/people') ?? '', /0912 345 678/),
    ],
    ['name of an organization (raw)', () => raw((q) => q.updateTable('organization').set({ name: 'Hội Liên hiệp Phụ nữ phường Đồng Tâm mới' }).where('id', '=', org.id).execute()), (h) => assert.match(h.get('/app/people') ?? '', /Hội Liên hiệp Phụ nữ phường Đồng Tâm mới/)],
    ['a post ended (raw)', () => raw((q) => q.updateTable('position').set({ end_on: '2017-01-01' }).where('ward_id', '=', t.wardA).where('end_on', 'is', null).where('org_id', '=', org.id).execute()), () => undefined],
    ['memberships gone (raw)', () => raw((q) => q.deleteFrom('membership').where('ward_id', '=', t.wardA).where('org_id', '=', org.id).execute()), () => undefined],
    [
      'a new person (command)',
      async () => {
        const res = await office.post('/app/people', { full_name: 'Lưu Bảo A' });
        assert.equal(res.status, 303, 'saved');
      },
      (h) => assert.match(h.get('/app/people') ?? '', /Lưu Bảo A/),
    ],
  ];
  for (const [what, write, check] of changes) {
    await write();
    const now = await stamp();
    assert.notEqual(now, before, `${what} changes the directory stamp`);
    before = now;
    check(await sameAsFresh(what));
  }
  await sameAsFresh('nothing written');
  assert.equal(await stamp(), before, 'reads alone keep the stamp');
});

test("an organization's head never gets the office's kept page: only her own people's details", async () => {
  const phones = (html: string) => [...html.matchAll(/data-label="Điện thoại">([^<]+)</g)].map((m) => m[1]);
  await office.get('/app/people');
  const all = phones((await office.get('/app/people')).text); // kept
  const mine = await head.get('/app/people');
  assert.equal(mine.status, 200);
  const hers = phones(mine.text);
  assert.ok(all.length >= 40, `the office reads ${all.length} phones`);
  assert.ok(hers.length < all.length / 2, `the head reads ${hers.length} of them`);
  assert.ok(hers.every((p) => all.includes(p)));
  // She is listed by name whatever is asked (the order would tell birth dates): no sort link offered.
  assert.match((await office.get('/app/people')).text, /href="\/app\/people\?sort=birth_date/);
  assert.doesNotMatch(mine.text, /sort=birth_date/);
});

test('a person whose following ended today is still listed for an earlier date, not for today', async () => {
  const p = await t.db.selectFrom('person').select(['id', 'full_name', 'version']).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).orderBy('sort_key').executeTakeFirstOrThrow();
  const today = todayInVietnam();
  const res = await office.post(`/app/people/${p.id}/end`, { ended_on: `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`, version: p.version });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const count = (html: string) => Number(/Tổng số: ([\d.]+)/.exec(html)?.[1]?.replace(/\./g, '') ?? NaN);
  const now = await office.get('/app/people');
  const before = await office.get('/app/people?on=01%2F06%2F2017');
  assert.ok(!now.text.includes(`>${p.full_name}<`), 'not followed today');
  assert.ok(before.text.includes(`>${p.full_name}<`), 'followed on 01/06/2017');
  assert.equal(count(before.text), count(now.text) + 1, 'the count follows the date too');
});

test('a zero-width space inside a searched word does not split it', async () => {
  const names = (html: string) => [...html.matchAll(/<a href="\/app\/people\/[0-9a-f-]{36}[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
  const plain = names((await office.get('/app/people?q=h%C3%A0')).text);
  assert.ok(plain.length > 1, plain.join(', '));
  assert.deepEqual(names((await office.get('/app/people?q=h%E2%80%8B%C3%A0')).text), plain);
});
