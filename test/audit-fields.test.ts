// The audit log's "Chi tiết" reads in words (D60): every field a command audits has a label
// registered by its room (platform/audit-fields.ts). Two ways to catch the next unlabelled field:
// (1) read the source: every key of an object literal written as an audit row's before/after, and
// every column of the entity's table (rows are audited whole), must be registered for the rooms
// whose words are in; (2) exercise the programme and task commands over HTTP and check every field
// of every audit row they wrote. And a task's history shows "Thời hạn hoàn thành" and 31/12/2026,
// not `due_on` and 2026-12-31.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldExpr, sources } from './support/source-scan.ts';
import '../src/features/messages.ts';
import { auditField } from '../src/platform/audit-fields.ts';
import { isMessageKey } from '../src/platform/i18n/index.ts';
import { startTestApp, type Client, type TestApp } from './support/app.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * Entity types whose fields have their words: every audited entity type (a new one fails here
 * until its room registers its fields, platform/audit-fields.ts, and it is listed).
 */
const COVERED = ['programme', 'task', 'person', 'position', 'membership', 'organization', 'unit', 'app_user', 'api_token', 'article', 'disclosure', 'portal_category', 'portal_site', 'meeting', 'meeting_kind', 'calendar_feed', 'source_document', 'report_form', 'report_request', 'report_submission', 'document_profile', 'issued_document', 'people_import'];

/** The keys of an object literal's top level (`k: …`, shorthand `k`); spreads are rows, left to the table's columns. */
function literalKeys(obj: string): string[] {
  const inner = obj.slice(1, -1);
  const keys: string[] = [];
  let i = 0;
  while (i < inner.length) {
    const part = fieldExpr(inner, i);
    const m = /^([a-z_][a-z0-9_]*)\s*(?::|$)/i.exec(part);
    if (m && !part.startsWith('...')) keys.push(m[1] as string);
    i += inner.slice(i).indexOf(part) + part.length + 1;
  }
  return keys;
}

/** Every audit call's entity type (when a literal) and the keys its before/after literals write. */
function auditedKeys(): { byType: Map<string, Set<string>>; types: Set<string> } {
  const byType = new Map<string, Set<string>>();
  const types = new Set<string>();
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const call of text.matchAll(/(?:\.audit|writeAudit)\(/g)) {
      if (text.slice(Math.max(0, call.index - 9), call.index) === 'function ') continue;
      const open = call.index + call[0].length - 1;
      const args = text.slice(open + 1, open + 1 + fieldExpr(text, open + 1).length);
      const type = /\bentityType: '([a-z_]+)'/.exec(args)?.[1];
      if (!type) continue;
      types.add(type);
      for (const side of ['before', 'after']) {
        const m = new RegExp(`\\b${side}: `).exec(args);
        if (!m) continue;
        const e = fieldExpr(args, m.index + m[0].length);
        const keys = byType.get(type) ?? new Set<string>();
        for (const obj of e.startsWith('{') ? [e] : [...e.matchAll(/\{[^{}]*\}/g)].map((x) => x[0])) for (const k of literalKeys(obj)) keys.add(k);
        byType.set(type, keys);
      }
    }
  }
  return { byType, types };
}

/** The columns of a table (src/db/types.ts), by its snake_case name. */
function columns(table: string): string[] {
  const types = fs.readFileSync(path.join(SRC, 'db/types.ts'), 'utf8');
  const name = table.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase()) + 'Table';
  const body = new RegExp(`export interface ${name} \\{([^}]*)\\}`).exec(types)?.[1] ?? '';
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1] as string);
}

test('every field audited for a covered entity type has a label, from the literals and the table’s columns', () => {
  const { byType, types } = auditedKeys();
  assert.ok(types.size > 15, `found ${types.size} entity types`);
  const unlisted = [...types].filter((e) => !COVERED.includes(e));
  assert.deepEqual(unlisted, [], 'a new audited entity type: register its fields (platform/audit-fields.ts) and list it in COVERED');
  const missing: string[] = [];
  for (const type of COVERED) {
    const fields = new Set([...(byType.get(type) ?? []), ...columns(type)]);
    assert.ok(fields.size > 5, type);
    for (const f of fields) {
      const spec = auditField(type, f);
      if (spec === undefined) missing.push(`${type}.${f}`);
      else if (spec && !isMessageKey(spec.label)) missing.push(`${type}.${f}: no message ${spec.label}`);
    }
  }
  assert.deepEqual(missing, [], 'register these fields beside the room’s messages (its audit-fields.ts)');
  // The reader of the source finds what it should.
  assert.ok(byType.get('task')?.has('approval') && byType.get('programme')?.has('version_no'));
});

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp();
  office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
});
after(async () => t.close());

test('a task’s history reads in words: the form’s labels, dd/mm/yyyy, names, statuses; every field the commands wrote has a label', async () => {
  const org = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Đoàn TN').executeTakeFirstOrThrow()).id;
  const mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  const p = await office.post('/app/programmes', { org_id: org, year: 2026, title: 'Chương trình công tác năm 2026 của Đoàn TN (thử nhật ký)' });
  assert.equal(p.status, 303, p.text.slice(0, 300));
  const pid = /programmes\/([0-9a-f-]{36})/.exec(p.location ?? '')?.[1] as string;
  const form = { title: 'Ra quân tình nguyện (thử nhật ký)', description: 'Mỗi chi đoàn một buổi', owner_person_id: mai, lead_org_id: org, start_on: '01/01/2026', due_on: '30/11/2026', m11: '100', result_kind: 'deliverable', deliverable: 'Báo cáo' };
  const c = await office.post(`/app/programmes/${pid}/tasks`, form);
  assert.equal(c.status, 303, c.text.slice(0, 300));
  const id = /tasks\/([0-9a-f-]{36})/.exec(c.location ?? '')?.[1] as string;
  const version = async () => (await t.db.selectFrom('task').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  assert.equal((await office.post(`/app/tasks/${id}`, { ...form, due_on: '31/12/2026', m11: '', m12: '100', version: await version() })).status, 303);
  assert.equal((await office.post(`/app/tasks/${id}/progress`, { percent: '40', reported_on: '30/11/2026', version: await version() })).status, 303);
  const pv = async () => (await t.db.selectFrom('programme').select('version').where('id', '=', pid).executeTakeFirstOrThrow()).version;
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: await pv() })).status, 303);
  const btv = t.client();
  await btv.login('thuongvu');
  assert.equal((await btv.post(`/app/programmes/${pid}/decide`, { decision: 'return', comment: 'Bổ sung chỉ tiêu', version: await pv() })).status, 303);

  const page = await office.get(`/app/audit?entity=${id}`);
  assert.equal(page.status, 200);
  const inDetails = (html: string) => [...html.matchAll(/<details>[\s\S]*?<\/details>/g)].map((m) => m[0]).join('\n');
  const details = inDetails(page.text);
  if (process.env.SHOW_DETAILS) console.log(details.replace(/<\/(td|th)>/g, ' | ').replace(/<\/tr>/g, '\n').replace(/<[^<>]+>/g, ''));
  assert.match(details, /Thời hạn hoàn thành/);
  assert.match(details, /31\/12\/2026/);
  assert.match(details, /30\/11\/2026/);
  assert.match(details, /Người phụ trách/);
  assert.match(details, /Lê Thị Mai/, 'the owner by name');
  assert.match(details, /Đoàn Thanh niên|Đoàn TN/, 'the lead organization by name');
  assert.match(details, /Bị trả lại|Đã trình duyệt/, 'the approval in words');
  assert.match(details, /40%/);
  for (const raw of [/due_on/, /2026-12-31/, /owner_person_id/, /lead_org_id/, new RegExp(mai), /"submitted"|>submitted</, /T\d{2}:\d{2}:\d{2}/]) assert.doesNotMatch(details, raw);
  // In English, the same details through the same keys.
  const en = t.client();
  await en.login('vanphong');
  await en.get('/lang/en?next=/app/audit');
  const enDetails = inDetails((await en.get(`/app/audit?entity=${id}`)).text);
  assert.match(enDetails, /Deadline/);
  assert.match(enDetails, /31\/12\/2026/);
  assert.doesNotMatch(enDetails, /due_on|Thời hạn hoàn thành/);
  const prog = await office.get(`/app/audit?entity=${pid}`);
  assert.match(prog.text, /Tên chương trình/);
  assert.doesNotMatch(inDetails(prog.text), /org_id|>draft<|>returned<|source_ids/);

  // Every field of every audit row these commands wrote has its words.
  const rows = await t.db.selectFrom('audit_event').select(['entity_type', 'action', 'before_json', 'after_json']).where('entity_id', 'in', [id, pid]).execute();
  assert.ok(rows.length >= 5, `${rows.length} rows`);
  const missing = new Set<string>();
  for (const r of rows)
    for (const j of [r.before_json, r.after_json]) {
      const v = j ? (JSON.parse(j) as unknown) : null;
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) if (auditField(r.entity_type, k) === undefined) missing.add(`${r.action}: ${r.entity_type}.${k}`);
    }
  assert.deepEqual([...missing], []);
});

test('every field of every audit row of the seeded wards (demo meetings, reports, portal, people) has its words', async () => {
  const rows = await t.db.selectFrom('audit_event').select(['entity_type', 'action', 'before_json', 'after_json']).execute();
  const types = new Set(rows.map((r) => r.entity_type));
  assert.ok(types.size >= 5, [...types].join(', '));
  const missing = new Set<string>();
  for (const r of rows)
    for (const j of [r.before_json, r.after_json]) {
      const v = j ? (JSON.parse(j) as unknown) : null;
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) if (auditField(r.entity_type, k) === undefined) missing.add(`${r.action}: ${r.entity_type}.${k}`);
    }
  assert.deepEqual([...missing], []);
  // A demo meeting's history reads in words: the form's labels, organizations by name, no stored names.
  const meeting = rows.find((r) => r.entity_type === 'meeting' && r.action === 'meeting.create' && r.after_json?.includes('host_org_id'));
  assert.ok(meeting, 'a demo meeting was created through its command');
  const mid = (await t.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'meeting.create').where('after_json', '=', meeting.after_json).executeTakeFirstOrThrow()).entity_id;
  const page = await office.get(`/app/audit?entity=${mid}`);
  assert.equal(page.status, 200);
  const details = [...page.text.matchAll(/<details>[\s\S]*?<\/details>/g)].map((m) => m[0]).join('\n');
  assert.match(details, /Cơ quan chủ trì/);
  assert.match(details, /Tên cuộc họp/);
  for (const raw of [/host_org_id/, /starts_at/, /chair_person_id/, /T\d{2}:\d{2}:\d{2}/]) assert.doesNotMatch(details, raw);
});
