// Document profiles and numbers on the database under test (SQLite, or PostgreSQL when
// ROVIEC_TEST_DATABASE_URL is set): which profile applies to which body on which day, the number
// formats of Party and state bodies, periods per year and per term, a second number for the same
// subject refused with nothing written, a rolled-back command leaving no gap, and 50 numbers
// issued concurrently (on PostgreSQL from two database handles, as two instances would).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, DB_KIND, type TestDb } from '../../../test/support/app.ts';
import { openDb, type Db } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand, runMaintenance } from '../../platform/command.ts';
import { AppError } from '../../platform/errors.ts';
import { loadDemo } from '../../demo/seed.ts';
import { PARTY_SPEC } from '../../db/migrations/0006_documents.ts';
import * as docs from './service.ts';
import type { IssueInput } from './service.ts';

let t: TestDb;
let db: Db;
let wardA = '';
let wardB = '';
const org: Record<string, string> = {};
let office: Actor;
let subjectSeq = 0;

before(async () => {
  t = await createTestDb();
  db = t.db;
  await loadDemo(db);
  // These tests count from the first number and record their own terms: start from none (the demo
  // records the Party Committee's terms and numbers the minutes and notice of 10/02/2017).
  await runMaintenance(db, 'test.reset_numbering', async (q) => {
    await q.deleteFrom('issued_document').execute();
    await q.deleteFrom('document_number_seq').execute();
    await q.deleteFrom('body_term').execute();
  });
  const wards = await db.selectFrom('unit').select(['id', 'code']).where('code', 'in', ['DEMO-DONGTAM', 'DEMO-VINHTUY']).execute();
  wardA = wards.find((w) => w.code === 'DEMO-DONGTAM')?.id ?? '';
  wardB = wards.find((w) => w.code === 'DEMO-VINHTUY')?.id ?? '';
  for (const o of await db.selectFrom('organization').select(['id', 'kind', 'short_name']).where('ward_id', '=', wardA).execute()) {
    if (o.short_name) org[o.short_name] = o.id;
  }
  const u = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  office = { userId: u.id, label: u.display_name, wardId: wardA, roles: new Set(['office']), headOf: [], memberOf: [], ip: null };
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

const subject = () => `00000000-0000-7000-8000-${String(++subjectSeq).padStart(12, '0')}`;

/** Issues one number in its own command, as a meeting would. */
const issue = (input: Partial<IssueInput> & Pick<IssueInput, 'issuerOrgId' | 'date'>, handle: Db = db, actor: Actor = office) =>
  runCommand(handle, actor, 'test.issue', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    return docs.issueNumber(c, { docType: 'TB', subjectKind: 'test', subjectId: subject(), title: 'Thông báo kết luận', ...input });
  });

const count = async (table: 'issued_document' | 'audit_event') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('profiles', () => {
  test('the built-in profile of the body family in force on the date', async () => {
    const code = async (o: string, date: string, ward = wardA) => (await docs.resolveProfile(db, ward, o, date)).row.code;
    assert.equal(await code('party_committee', '2017-02-10'), 'party-11-hd-vptw-2004');
    assert.equal(await code('standing_committee', '2018-04-02'), 'party-11-hd-vptw-2004');
    assert.equal(await code('standing_committee', '2018-04-03'), 'party-36-hd-vptw-2018');
    assert.equal(await code('fatherland_front', '2026-01-01'), 'party-36-hd-vptw-2018');
    assert.equal(await code('people_committee', '2020-03-05'), 'state-nd30-2020');
    assert.equal(await code('people_committee', '2019-12-31'), 'state-tt01-2011');
    assert.equal(await code('people_council', '2026-03-05'), 'state-nd30-2020');
    await assert.rejects(docs.resolveProfile(db, wardA, 'party_committee', '1999-01-01'), (e: AppError) => e.status === 422 && e.key === 'doc.err.noProfile');
  });

  test("a ward's profile effective 2026-01-09 wins from that day, not before, and only in that ward", async () => {
    const spec = { ...PARTY_SPEC, title: { ...PARTY_SPEC.title, style: { size: 15, bold: true, caps: true } } };
    const id = await docs.createProfile(db, office, {
      based_on_id: 'dp-party-36-hd-vptw-2018',
      code: 'party-399-qd-tw-2026',
      name: 'Văn bản của Đảng (Quy định 399-QĐ/TW)',
      family: 'party',
      org_kinds: ['party_committee', 'standing_committee'],
      effective_from: '2026-01-09',
      effective_to: null,
      spec: JSON.stringify(spec),
      note: 'Quy định 399-QĐ/TW ngày 09/01/2026',
    });
    const on = async (kind: string, date: string, ward = wardA) => (await docs.resolveProfile(db, ward, kind, date)).row;
    assert.equal((await on('party_committee', '2026-01-08')).code, 'party-36-hd-vptw-2018');
    assert.equal((await on('party_committee', '2026-01-09')).id, id);
    assert.equal((await docs.resolveProfile(db, wardA, 'standing_committee', '2026-05-01')).spec.title.style.size, 15);
    assert.equal((await on('mass_organization', '2026-05-01')).code, 'party-36-hd-vptw-2018', 'kinds not listed keep the built-in profile');
    assert.equal((await on('party_committee', '2026-05-01', wardB)).code, 'party-36-hd-vptw-2018', 'another ward keeps the built-in profile');
  });

  test('a malformed spec, a kind of the other family or a taken code is refused with nothing written', async () => {
    const base = { based_on_id: null, name: 'Thử', family: 'party' as const, org_kinds: ['party_cell' as const], effective_from: '2027-01-01', effective_to: null, note: null };
    const before = await db.selectFrom('document_profile').select('id').execute();
    const bad = { ...PARTY_SPEC, national: [{ text: 'ĐẢNG CỘNG SẢN VIỆT NAM', style: { size: 99 }, rule: false }] };
    await assert.rejects(docs.createProfile(db, office, { ...base, code: 'thu-1', spec: JSON.stringify(bad) }), (e: AppError) => e.status === 400 && /national\.0\.style\.size/.test(e.fields?.spec ?? ''));
    await assert.rejects(docs.createProfile(db, office, { ...base, code: 'thu-2', spec: '{not json' }), (e: AppError) => e.status === 400 && !!e.fields?.spec);
    await assert.rejects(docs.createProfile(db, office, { ...base, code: 'thu-3', org_kinds: ['people_committee'], spec: JSON.stringify(PARTY_SPEC) }), (e: AppError) => e.fields?.org_kinds === 'doc.err.kindFamily');
    await assert.rejects(docs.createProfile(db, office, { ...base, code: 'state-nd30-2020', spec: JSON.stringify(PARTY_SPEC) }), (e: AppError) => e.fields?.code === 'doc.err.codeTaken');
    const member: Actor = { ...office, roles: new Set(['member']) };
    await assert.rejects(docs.createProfile(db, member, { ...base, code: 'thu-4', spec: JSON.stringify(PARTY_SPEC) }), (e: AppError) => e.status === 403);
    assert.equal((await db.selectFrom('document_profile').select('id').execute()).length, before.length);
  });
});

describe('numbers', () => {
  test('Party numbers "n-TB/ĐU" per term, shared by the Standing Committee; state numbers "n/TB-UBND" per year', async () => {
    const a = await issue({ issuerOrgId: org['Đảng ủy'] ?? '', date: '2017-02-10' });
    assert.deepEqual([a.number, a.numberText, a.periodKey], [1, '1-TB/ĐU', '2015 - 2020']);
    const b = await issue({ issuerOrgId: org['BTV Đảng ủy'] ?? '', date: '2017-03-01' });
    assert.deepEqual([b.number, b.numberText], [2, '2-TB/ĐU'], 'the Standing Committee issues as ĐU, in the same sequence');
    const gm = await issue({ issuerOrgId: org['BTV Đảng ủy'] ?? '', date: '2017-03-01', docType: 'GM' });
    assert.equal(gm.numberText, '1-GM/ĐU', 'each type has its own sequence');
    const cv = await issue({ issuerOrgId: org['Đảng ủy'] ?? '', date: '2017-03-01', docType: 'CV' });
    assert.equal(cv.numberText, '1-CV/ĐU');
    const s1 = await issue({ issuerOrgId: org.UBND ?? '', date: '2026-12-31' });
    const s2 = await issue({ issuerOrgId: org.UBND ?? '', date: '2026-12-31' });
    const s3 = await issue({ issuerOrgId: org.UBND ?? '', date: '2027-01-01' });
    assert.deepEqual([s1.numberText, s2.numberText, s3.numberText], ['1/TB-UBND', '2/TB-UBND', '1/TB-UBND']);
    assert.deepEqual([s1.periodKey, s3.periodKey], ['2026', '2027']);
    assert.equal((await issue({ issuerOrgId: org.UBND ?? '', date: '2026-05-05', docType: 'CV' })).numberText, '1/UBND', 'a state letter has no type code');
    assert.equal((await issue({ issuerOrgId: org['Hội LHPN'] ?? '', date: '2026-05-05', docType: 'BC' })).numberText, '1-BC/HLHPN');
    const row = await db.selectFrom('issued_document').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.profile_id, 'dp-party-11-hd-vptw-2004');
    const audit = await db.selectFrom('audit_event').select(['action', 'summary']).where('entity_id', '=', a.id).executeTakeFirstOrThrow();
    assert.deepEqual(audit, { action: 'document.issue', summary: '1-TB/ĐU Thông báo kết luận' });
  });

  test('recorded terms decide the Party period; without one the five-year congress cycle does', async () => {
    const du = org['Đảng ủy'] ?? '';
    await docs.recordBodyTerm(db, office, { org_id: du, name: '2015 - 2020', start_on: '2015-08-20', end_on: '2020-07-10' });
    await docs.recordBodyTerm(db, office, { org_id: du, name: null, start_on: '2020-07-11', end_on: '2025-06-30' });
    await assert.rejects(docs.recordBodyTerm(db, office, { org_id: du, name: null, start_on: '2025-01-01', end_on: null }), (e: AppError) => e.fields?.start_on === 'doc.err.termOverlap');
    assert.equal((await issue({ issuerOrgId: du, date: '2020-03-01', docType: 'KH' })).periodKey, '2015 - 2020', 'recorded term (the calendar cycle would say 2020 - 2025)');
    const n = await issue({ issuerOrgId: du, date: '2020-07-11', docType: 'KH' });
    assert.deepEqual([n.periodKey, n.number], ['2020 - 2025', 1], 'a new term starts again at 1');
    assert.equal((await issue({ issuerOrgId: du, date: '2025-08-01', docType: 'KH' })).periodKey, '2025 - 2030', 'after the last recorded term: the congress cycle');
    assert.equal(docs.congressTerm('2019-12-31'), '2015 - 2020');
    assert.equal(docs.congressTerm('2030-01-01'), '2030 - 2035');
  });

  test('the same subject is never numbered twice: 409 with the number, nothing written', async () => {
    const subjectId = subject();
    const first = await issue({ issuerOrgId: org['Đảng ủy'] ?? '', date: '2017-02-10', subjectKind: 'meeting', subjectId });
    const [docsBefore, auditBefore] = [await count('issued_document'), await count('audit_event')];
    await assert.rejects(issue({ issuerOrgId: org['Đảng ủy'] ?? '', date: '2017-02-11', subjectKind: 'meeting', subjectId }), (e: AppError) => {
      assert.equal(e.status, 409);
      assert.equal(e.key, 'doc.err.alreadyIssued');
      assert.deepEqual(e.params, { number: first.numberText });
      return true;
    });
    assert.deepEqual([await count('issued_document'), await count('audit_event')], [docsBefore, auditBefore]);
    const next = await issue({ issuerOrgId: org['Đảng ủy'] ?? '', date: '2017-02-11' });
    assert.equal(next.number, first.number + 1, 'the refused issue took no number');
    const listed = await docs.issuedFor(db, wardA, 'meeting', subjectId);
    assert.deepEqual(listed.map((r) => r.number_text), [first.numberText]);
    assert.deepEqual(await docs.issuedFor(db, wardB, 'meeting', subjectId), [], 'another ward sees none');
  });

  test('a rolled-back command leaves no gap', async () => {
    const ubnd = org.UBND ?? '';
    const a = await issue({ issuerOrgId: ubnd, date: '2028-01-02', docType: 'QD' });
    await assert.rejects(
      runCommand(db, office, 'test.fail', async (c) => {
        await requireAccess(c.trx, office, 'ward.office');
        await docs.issueNumber(c, { issuerOrgId: ubnd, date: '2028-01-03', docType: 'QD', subjectKind: 'test', subjectId: subject(), title: 'Sẽ hủy' });
        throw new Error('later step failed');
      }),
      /later step failed/,
    );
    const b = await issue({ issuerOrgId: ubnd, date: '2028-01-04', docType: 'QD' });
    assert.deepEqual([a.numberText, b.numberText], ['1/QĐ-UBND', '2/QĐ-UBND']);
    assert.equal((await db.selectFrom('issued_document').select('id').where('title', '=', 'Sẽ hủy').execute()).length, 0);
  });

  test('50 notice numbers issued concurrently are exactly 1..50' + (DB_KIND === 'postgres' ? ' (two database handles)' : ' (one handle: SQLite serializes writers)'), async () => {
    // On SQLite two handles in one process would wait on each other synchronously
    // (better-sqlite3 blocks the event loop while busy), so the race is between 50 commands on
    // one handle there; on PostgreSQL each handle is a pool of 10 connections, as two instances.
    const handles = DB_KIND === 'postgres' ? [openDb(t.url, { poolSize: 10 }), openDb(t.url, { poolSize: 10 })] : [];
    const dbs = handles.length ? handles.map((h) => h.db) : [db];
    try {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => issue({ issuerOrgId: org.UBND ?? '', date: '2029-04-01', title: `Thông báo ${i}` }, dbs[i % dbs.length])));
      const numbers = results.map((r) => r.number).sort((x, y) => x - y);
      assert.deepEqual(numbers, Array.from({ length: 50 }, (_, i) => i + 1));
      assert.equal(new Set(results.map((r) => r.numberText)).size, 50);
      const stored = await db.selectFrom('issued_document').select('number').where('ward_id', '=', wardA).where('doc_type', '=', 'TB').where('period_key', '=', '2029').execute();
      assert.deepEqual(stored.map((r) => r.number).sort((x, y) => x - y), numbers);
      // The same subject asked for at once from both handles: one number, one 409, no gap.
      const subjectId = subject();
      const both = await Promise.allSettled(dbs.concat(dbs).slice(0, 2).map((h) => issue({ issuerOrgId: org.UBND ?? '', date: '2029-04-02', subjectKind: 'meeting', subjectId }, h)));
      assert.equal(both.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = both.find((r) => r.status === 'rejected');
      assert.equal((refused?.reason as AppError).status, 409);
      assert.equal((await issue({ issuerOrgId: org.UBND ?? '', date: '2029-04-03' })).number, 52);
    } finally {
      for (const h of handles) await h.destroy();
    }
  });
});
