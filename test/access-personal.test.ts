// Issue 8, "personal data shown to everyone": birth date, phone and email of a person are shown
// only to those who need them — admin, office and Standing Committee of the ward, the head of an
// organization the person takes part in, the person themselves — on pages and in the API, and
// every API export of them is recorded (Nghị định 13/2023/NĐ-CP).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { createToken } from '../src/platform/auth/tokens.ts';

let t: TestApp;
after(async () => t.close());

const ACCOUNTS = ['quantri', 'thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap', 'thanhpho'] as const;
type Account = (typeof ACCOUNTS)[number];

const PHONE = { dung: '0912 111 222', mai: '0913 333 444', ha: '0914 555 666' };
/** Who reads whose details: the Party Secretary (thuongvu's person), Lê Thị Mai (hoivien's, Hội LHPN), Trần Thị Thu Hà (Hội LHPN head's post). */
const READS: Record<Account, { dung: boolean; mai: boolean; ha: boolean }> = {
  quantri: { dung: true, mai: true, ha: true },
  vanphong: { dung: true, mai: true, ha: true },
  thuongvu: { dung: true, mai: true, ha: true },
  phunu: { dung: false, mai: true, ha: true }, // her organization's people only
  hoivien: { dung: false, mai: true, ha: false }, // herself only
  bientap: { dung: false, mai: false, ha: false },
  thanhpho: { dung: false, mai: false, ha: false }, // a city-level reader: the directory, not contact details
};

const NAMES = { dung: 'Dương Ngọc Dũng', mai: 'Lê Thị Mai', ha: 'Trần Thị Thu Hà' };
const ids: Record<keyof typeof PHONE, string> = { dung: '', mai: '', ha: '' };
before(async () => {
  t = await startTestApp();
  // The office records a phone and a birth date for three people (through the API, audited).
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  for (const key of ['dung', 'mai', 'ha'] as const) {
    const p = await t.db.selectFrom('person').selectAll().where('ward_id', '=', t.wardA).where('full_name', '=', NAMES[key]).executeTakeFirstOrThrow();
    ids[key] = p.id;
    const res = await office.api('PATCH', `/api/v1/people/${p.id}`, { phone: PHONE[key], birth_date: '1970-01-02', version: p.version });
    assert.equal(res.status, 200, res.text.slice(0, 300));
  }
});

async function tokenOf(username: string): Promise<string> {
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await runMaintenance(t.db, 'test.token', (q) => createToken(q, u.id, 'personal', null))).token;
}
interface ApiPerson {
  id: string;
  phone: string | null;
  birth_date: string | null;
  personal_hidden: boolean;
}

test('each role sees birth date and phone only of the people it needs, on the person page, the list and the API', async () => {
  const wrong: string[] = [];
  for (const username of ACCOUNTS) {
    const c: Client = t.client();
    assert.equal((await c.login(username)).status, 302, username);
    const token = await tokenOf(username);
    for (const key of ['dung', 'mai', 'ha'] as const) {
      const expected = READS[username][key];
      const page = await c.get(`/app/people/${ids[key]}`);
      const onPage = page.text.includes(PHONE[key]);
      const list = await c.get(`/app/people?q=${encodeURIComponent(NAMES[key])}`);
      const inList = list.text.includes(PHONE[key]);
      const apiList = (await c.api('GET', `/api/v1/people?q=${encodeURIComponent(NAMES[key])}`, undefined, token)).json<{ items: ApiPerson[] }>().items;
      const detail = (await c.api('GET', `/api/v1/people/${ids[key]}`, undefined, token)).json<{ person: ApiPerson }>().person;
      const inApi = detail.phone === PHONE[key] && detail.birth_date === '1970-01-02' && !detail.personal_hidden;
      const hiddenInApi = detail.phone === null && detail.birth_date === null && detail.personal_hidden;
      const listed = apiList.find((p) => p.id === ids[key]);
      const inApiList = listed?.phone === PHONE[key];
      if (onPage !== expected) wrong.push(`${username} ${key}: person page shows=${onPage}`);
      if (inList !== expected) wrong.push(`${username} ${key}: list shows=${inList}`);
      if (expected ? !inApi : !hiddenInApi) wrong.push(`${username} ${key}: API detail ${JSON.stringify(detail)}`);
      if (inApiList !== expected) wrong.push(`${username} ${key}: API list shows=${inApiList}`);
      if (!expected && !page.text.includes('Không hiển thị (thông tin cá nhân)')) wrong.push(`${username} ${key}: page does not say the details are withheld`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('sorting by birth date is only for those who read every birth date (the order would tell them)', async () => {
  const c = t.client();
  assert.equal((await c.login('bientap')).status, 302);
  const token = await tokenOf('bientap');
  const byName = (await c.api('GET', '/api/v1/people?page_size=50', undefined, token)).json<{ items: ApiPerson[] }>().items.map((p) => p.id);
  const byBirth = (await c.api('GET', '/api/v1/people?page_size=50&sort=birth_date&dir=desc', undefined, token)).json<{ items: ApiPerson[] }>().items.map((p) => p.id);
  assert.deepEqual(byBirth, byName);
  const office = await tokenOf('vanphong');
  const officeBirth = (await c.api('GET', '/api/v1/people?page_size=50&sort=birth_date&dir=desc', undefined, office)).json<{ items: ApiPerson[] }>().items.map((p) => p.id);
  assert.notDeepEqual(officeBirth, byName, 'the office sorts by birth date');
});

test('every API export of personal details is recorded with who, which people and which fields; nothing when none was shown', async () => {
  const exports = () => t.db.selectFrom('audit_event').select(['actor_user_id', 'entity_id', 'after_json']).where('action', '=', 'person.export').orderBy('at').orderBy('id').execute();
  const before = (await exports()).length;
  const office = await tokenOf('vanphong');
  const c = t.client();
  assert.equal((await c.api('GET', '/api/v1/people?page_size=20', undefined, office)).status, 200);
  assert.equal((await c.api('GET', `/api/v1/people/${ids.dung}`, undefined, office)).status, 200);
  const editor = await tokenOf('bientap');
  assert.equal((await c.api('GET', '/api/v1/people?page_size=20', undefined, editor)).status, 200);
  const member = await tokenOf('hoivien');
  assert.equal((await c.api('GET', `/api/v1/people/${ids.mai}`, undefined, member)).status, 200);
  const rows = (await exports()).slice(before);
  const officeId = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'vanphong').executeTakeFirstOrThrow()).id;
  const memberId = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).id;
  assert.deepEqual(
    rows.map((r) => [r.actor_user_id, r.entity_id]),
    [
      [officeId, null],
      [officeId, ids.dung],
      [memberId, ids.mai],
    ],
    'the editor saw no details: nothing to record',
  );
  const listed = JSON.parse(rows[0]?.after_json ?? '{}') as { ids: string[]; fields: string[] };
  assert.equal(listed.ids.length, 20);
  assert.deepEqual(listed.fields, ['birth_date', 'phone', 'email']);
});

test('the audit log withholds personal details from a reader who may not read them; the office sees them', async () => {
  const path = `/app/audit?type=person&entity=${ids.dung}`;
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  const seen = await office.get(path);
  assert.equal(seen.status, 200);
  assert.ok(seen.text.includes(PHONE.dung), 'the office reads the phone it recorded');
  const city = t.client();
  assert.equal((await city.login('thanhpho')).status, 302);
  const hidden = await city.get(path);
  assert.equal(hidden.status, 200, 'the city-level reader reads the ward audit log');
  assert.ok(!hidden.text.includes(PHONE.dung), 'but not the phone number in it');
  assert.ok(hidden.text.includes('Không hiển thị (thông tin cá nhân)'));
});
