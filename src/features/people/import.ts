// People import (issue 13, item 4; docs/DESIGN.md D38): rows read from a file (import-parse.ts)
// are checked against the ward (organizations, residential groups, people already there) and the
// people rules (rules.ts) without writing a person; the checked rows wait as a preview; a commit
// writes every person, post and membership in ONE command (`person.import`) or nothing.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { runCommand, type CommandContext } from '../../platform/command.ts';
import { requireAccess } from '../../platform/access.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { resolveMessage, translate, zodErrorMap, type Locale, type MessageKey, type Params } from '../../platform/i18n/index.ts';
import { DATE_YEARS } from '../../platform/validation.ts';
import { cleanText, fold, parseViDate } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { listWardUnits } from '../units/service.ts';
import { insertMembership, insertPerson, insertPosition } from './service.ts';
import { assertBirthDate, assertStartNotTooFar } from './rules.ts';
import { PersonInput, type MembershipInput, type PositionInput } from './schema.ts';
import { COLUMNS, IMPORT_LIMITS, type ColumnKey, type RawRow } from './import-parse.ts';
import { EXAMPLE_NOTE } from './export.ts';

/** How long an unconfirmed preview is kept. */
export const PREVIEW_TTL_HOURS = 24;

/** One fault of one row: its row number in the file, its column (null: the whole row), the message (translated). */
export interface RowError {
  row: number;
  col: ColumnKey | null;
  message: string;
}

/** One person to write: their record, posts and memberships, all checked. */
export interface PlannedPerson {
  row: number;
  person: PersonInput;
  posts: PositionInput[];
  memberships: MembershipInput[];
}

export interface ImportCounts {
  people: number;
  posts: number;
  memberships: number;
}

export interface CheckedImport {
  errors: RowError[];
  plan: PlannedPerson[];
  counts: ImportCounts;
}

/** The column's label as errors print it: its header without the format hint ("Ngày sinh"). */
export function columnLabel(col: ColumnKey): string {
  const header: string = COLUMNS.find((c) => c.key === col)?.header ?? col;
  const hint = header.indexOf(' (');
  return hint > 0 ? header.slice(0, hint) : header;
}

/** "Dòng 7, Ngày sinh: 31/02/1980 không phải là ngày" — one error as shown and printed. */
export function formatRowError(locale: Locale, e: RowError): string {
  return e.col ? translate(locale, 'import.rowColError', { row: e.row, col: columnLabel(e.col), message: e.message }) : translate(locale, 'import.rowError', { row: e.row, message: e.message });
}

/**
 * The messages of one row as one text, without doubled punctuation: each ends with its own full
 * stop (added when missing), joined by a space ("Số điện thoại không hợp lệ. Địa chỉ thư điện tử không hợp lệ.").
 */
export function joinMessages(messages: readonly string[]): string {
  return messages
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => (/[.!?…:]$/.test(m) ? m : `${m}.`))
    .join(' ');
}

/** How a name is compared for duplicates: NFC, spaces collapsed, lower case (diacritics count: Ân ≠ An). */
const nameKey = (name: string) => cleanText(name).toLocaleLowerCase('vi');
const personKey = (name: string, birth: string | null) => `${nameKey(name)}|${birth ?? ''}`;
const list = (v: string | undefined) => (v ?? '').split(';').map((x) => cleanText(x)).filter(Boolean);

/**
 * Checks rows against the ward of `actor` (read through `q`, the command's transaction at commit):
 * dates dd/mm/yyyy that exist, names, gender, phone and email as a person form takes them, known
 * residential groups (one of that name: two groups sharing it are ambiguous) and organizations
 * (short name or name, not ended; ambiguous likewise), posts and memberships
 * paired by ";" (a single date applies to all), the people rules (birth date not after today,
 * start not more than a year ahead: rules.ts), and no duplicate person — same name and birth
 * date — in the file or already in the ward. Messages in `locale`. Writes nothing.
 */
export async function checkRows(q: Queryable, actor: Pick<Actor, 'wardId'>, rows: readonly RawRow[], locale: Locale): Promise<CheckedImport> {
  const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
  const [orgs, units, existing] = await Promise.all([
    listOrgs(q, actor),
    listWardUnits(q, actor),
    q.selectFrom('person').select(['full_name', 'birth_date']).where('ward_id', '=', actor.wardId).execute(),
  ]);
  const orgIndex = new Map<string, string[]>();
  for (const o of orgs.filter((x) => x.valid_to === null)) {
    for (const k of new Set([o.short_name, o.name].filter((x): x is string => !!x).map((x) => fold(x)))) orgIndex.set(k, [...(orgIndex.get(k) ?? []), o.id]);
  }
  // A name two groups share (two wards merged, D36) is refused like an ambiguous organization name.
  const unitIndex = new Map<string, string[]>();
  for (const u of units.filter((x) => !x.is_ward)) unitIndex.set(fold(u.name), [...(unitIndex.get(fold(u.name)) ?? []), u.id]);
  const inWard = new Set(existing.map((p) => personKey(p.full_name, p.birth_date)));
  const seen = new Map<string, number>();
  const errors: RowError[] = [];
  const plan: PlannedPerson[] = [];
  const counts: ImportCounts = { people: 0, posts: 0, memberships: 0 };

  for (const r of rows) {
    const before = errors.length;
    const err = (col: ColumnKey | null, key: MessageKey, params?: Params) => errors.push({ row: r.row, col, message: t(key, params) });
    const c = r.cells;
    for (const col of r.long ?? []) err(col, 'import.err.cellTooLong', { n: IMPORT_LIMITS.maxCell });
    if (c.note?.trim() === EXAMPLE_NOTE) err('note', 'import.err.exampleRow'); // the template's own example, left in
    const dateOf = (col: ColumnKey, value: string | undefined): string | null => {
      if (!value) return null;
      const iso = parseViDate(value);
      if (!iso) return (err(col, 'import.err.notDate', { value }), null);
      const y = Number(iso.slice(0, 4));
      if (y < DATE_YEARS.min || y > DATE_YEARS.max) return (err(col, 'err.dateRange'), null);
      return iso;
    };
    const ruled = (col: ColumnKey, check: () => void) => {
      try {
        check();
      } catch (e) {
        if (!(e instanceof AppError) || !e.fields) throw e;
        for (const m of Object.values(e.fields)) err(col, 'import.message', { message: resolveMessage(locale, m) });
      }
    };

    const gender = c.gender ? ({ nam: 'nam', nu: 'nu' } as const)[fold(c.gender) as 'nam' | 'nu'] : null;
    if (c.gender && !gender) err('gender', 'import.err.gender', { value: c.gender });
    const birth = dateOf('birth_date', c.birth_date);
    if (birth) ruled('birth_date', () => assertBirthDate(birth));
    const unitIds = c.unit ? (unitIndex.get(fold(c.unit)) ?? []) : [];
    const unitId = unitIds.length === 1 ? (unitIds[0] ?? null) : null;
    if (c.unit && !unitId) err('unit', unitIds.length ? 'import.err.ambiguousUnit' : 'import.err.unknownUnit', { value: c.unit });
    const parsed = PersonInput.safeParse({ full_name: c.full_name ?? '', gender: gender ?? undefined, birth_date: birth ?? undefined, phone: c.phone, email: c.email, unit_id: unitId ?? undefined, note: c.note }, { error: zodErrorMap(locale) });
    const fieldCol: Record<string, ColumnKey> = { full_name: 'full_name', gender: 'gender', birth_date: 'birth_date', phone: 'phone', email: 'email', unit_id: 'unit', note: 'note' };
    if (!parsed.success) for (const i of parsed.error.issues) err(fieldCol[String(i.path[0])] ?? null, 'import.message', { message: resolveMessage(locale, i.message) });

    const orgOf = (col: ColumnKey, name: string): string | null => {
      const ids = orgIndex.get(fold(name)) ?? [];
      if (ids.length === 1) return ids[0] ?? null;
      err(col, ids.length ? 'import.err.ambiguousOrg' : 'import.err.unknownOrg', { value: name });
      return null;
    };
    const datesFor = (col: ColumnKey, raw: string | undefined, n: number): (string | null)[] => {
      const ds = list(raw);
      if (n === 0) return [];
      if (ds.length === 0) return (err(col, 'err.required'), []);
      if (ds.length !== 1 && ds.length !== n) return (err(col, 'import.err.pairs', { n }), []);
      const isos = ds.map((d) => dateOf(col, d));
      for (const iso of isos) if (iso) ruled(col, () => assertStartNotTooFar(iso));
      return Array.from({ length: n }, (_, i) => (ds.length === 1 ? isos[0] : isos[i]) ?? null);
    };

    const titles = list(c.post_title);
    const postOrgs = list(c.post_org);
    if (titles.length !== postOrgs.length) err(titles.length > postOrgs.length ? 'post_org' : 'post_title', 'import.err.postPairs');
    const postDates = datesFor('post_start', c.post_start, titles.length);
    const posts: PositionInput[] = [];
    titles.forEach((title, i) => {
      if (title.length > 150) err('post_title', 'err.tooLong', { n: 150 });
      const org = postOrgs[i] ? orgOf('post_org', postOrgs[i]) : null;
      const start = postDates[i];
      if (org && start && title.length <= 150) {
        if (posts.some((p) => p.org_id === org && p.title === title)) err('post_title', 'import.err.twice', { value: title });
        else posts.push({ org_id: org, title, abbreviation: null, rank: 100, start_on: start, end_on: null });
      }
    });
    const memberOrgs = list(c.member_of);
    const memberDates = datesFor('member_start', c.member_start, memberOrgs.length);
    const memberships: MembershipInput[] = [];
    memberOrgs.forEach((name, i) => {
      const org = orgOf('member_of', name);
      const start = memberDates[i];
      if (org && start) {
        if (memberships.some((m) => m.org_id === org)) err('member_of', 'import.err.twice', { value: name });
        else memberships.push({ org_id: org, member_no: null, start_on: start, end_on: null });
      }
    });

    if (c.full_name) {
      const key = personKey(c.full_name, birth);
      const first = seen.get(key);
      if (first !== undefined) err('full_name', 'import.err.dupInFile', { row: first });
      else seen.set(key, r.row);
      if (inWard.has(key)) err('full_name', 'import.err.dupInWard', { name: c.full_name });
    }
    if (errors.length === before && parsed.success) {
      plan.push({ row: r.row, person: parsed.data, posts, memberships });
      counts.people++;
      counts.posts += posts.length;
      counts.memberships += memberships.length;
    }
  }
  return { errors, plan, counts };
}

/**
 * Writes a checked plan inside a running command: each person, post and membership with the
 * people room's own insert functions (each keeps its record's history), then ONE `person.import`
 * audit event for the import: the file, the counts and a summary per row (row number, person id,
 * name, how many posts and memberships — no birth date, phone or email: D26).
 */
export async function writePlan(c: CommandContext, fileName: string, plan: readonly PlannedPerson[], counts: ImportCounts, importId: string | null): Promise<void> {
  const rows: { row: number; person_id: string; full_name: string; posts: number; memberships: number }[] = [];
  for (const p of plan) {
    const id = await insertPerson(c.trx, c.actor, p.person);
    for (const post of p.posts) await insertPosition(c.trx, c.actor, id, post, p.person.full_name);
    for (const m of p.memberships) await insertMembership(c.trx, c.actor, id, m);
    rows.push({ row: p.row, person_id: id, full_name: p.person.full_name, posts: p.posts.length, memberships: p.memberships.length });
  }
  const summary = `${counts.people} người, ${counts.posts} chức vụ, ${counts.memberships} hội viên — ${fileName}`;
  await c.audit({ action: 'person.import', entityType: 'people_import', entityId: importId, summary, after: { file: fileName, counts, rows } });
}

/** A preview as its page shows it. */
export interface ImportPreview {
  id: string;
  fileName: string;
  rows: RawRow[];
  errors: RowError[];
  counts: ImportCounts;
  rowCount: number;
  createdAt: string;
  committedAt: string | null;
}

/**
 * Checks the rows of an uploaded file and stores them as a preview of the actor's ward, owned by
 * the actor, for PREVIEW_TTL_HOURS (one `person.import_preview` command; expired previews of the
 * ward are removed in it). Writes no person. Returns the preview id. Access: admin, office
 * (`org.write` over the whole ward); 403 otherwise.
 */
export async function storePreview(db: Db, actor: Actor, fileName: string, rows: RawRow[], locale: Locale): Promise<string> {
  return runCommand(db, actor, 'person.import_preview', async (c) => {
    await requireAccess(c.trx, actor, 'org.write');
    if (!actor.userId) throw new AppError(403, 'err.403.body');
    const checked = await checkRows(c.trx, actor, rows, locale);
    const now = nowIso();
    await c.trx.deleteFrom('people_import').where('ward_id', '=', actor.wardId).where('expires_at', '<', now).execute();
    const id = newId();
    await c.trx
      .insertInto('people_import')
      .values({
        id,
        ward_id: actor.wardId,
        owner_id: actor.userId,
        file_name: fileName,
        rows_json: JSON.stringify(rows),
        errors_json: JSON.stringify(checked.errors),
        row_count: rows.length,
        people_count: checked.counts.people,
        post_count: checked.counts.posts,
        membership_count: checked.counts.memberships,
        created_at: now,
        expires_at: new Date(Date.now() + PREVIEW_TTL_HOURS * 3_600_000).toISOString(),
        committed_at: null,
      })
      .execute();
    await c.audit({ action: 'person.import_preview', entityType: 'people_import', entityId: id, summary: `${fileName}: ${rows.length} dòng, ${checked.errors.length} lỗi`, after: { file: fileName, rows: rows.length, errors: checked.errors.length, counts: checked.counts } });
    return id;
  });
}

/** The actor's own preview of its ward that has not expired, or 404. */
export async function getPreview(q: Queryable, actor: Pick<Actor, 'wardId' | 'userId'>, id: string): Promise<ImportPreview> {
  const r = await q
    .selectFrom('people_import')
    .selectAll()
    .where('ward_id', '=', actor.wardId)
    .where('id', '=', id)
    .where('owner_id', '=', actor.userId ?? '')
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  if (!r) throw notFound();
  return {
    id: r.id,
    fileName: r.file_name,
    rows: JSON.parse(r.rows_json) as RawRow[],
    errors: JSON.parse(r.errors_json) as RowError[],
    counts: { people: r.people_count, posts: r.post_count, memberships: r.membership_count },
    rowCount: r.row_count,
    createdAt: r.created_at,
    committedAt: r.committed_at,
  };
}

/**
 * Commits the actor's preview: checks its rows again against the ward as it is now and writes
 * them all in one `person.import` command, or nothing. The preview then keeps its counts only
 * (its rows are cleared). Errors: 404 (not the actor's, expired), 409 `import.err.committed` (a
 * second commit), 409 `import.err.hasErrors` (the preview has row errors), 409 `import.err.changed` (a row has an error now: upload again), 403.
 */
export async function commitPreview(db: Db, actor: Actor, id: string, locale: Locale): Promise<ImportCounts> {
  return runCommand(db, actor, 'person.import', async (c) => {
    await requireAccess(c.trx, actor, 'org.write');
    const preview = await getPreview(c.trx, actor, id);
    if (preview.committedAt) throw new AppError(409, 'import.err.committed');
    // A preview that had errors is refused as such (not as "the ward changed"): fix the file, upload again.
    if (preview.errors.length) throw new AppError(409, 'import.err.hasErrors');
    const checked = await checkRows(c.trx, actor, preview.rows, locale);
    if (checked.errors.length || checked.plan.length === 0) throw new AppError(409, 'import.err.changed');
    const res = await c.trx.updateTable('people_import').set({ committed_at: nowIso(), rows_json: '[]', errors_json: '[]' }).where('ward_id', '=', actor.wardId).where('id', '=', id).where('committed_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'import.err.committed');
    await writePlan(c, preview.fileName, checked.plan, checked.counts, id);
    return checked.counts;
  });
}

/**
 * The import without a stored preview (the CLI): checks `rows`; with errors returns them and
 * writes nothing; else (unless `dryRun`) writes them in one `person.import` command.
 */
export async function importRows(db: Db, actor: Actor, fileName: string, rows: RawRow[], dryRun: boolean): Promise<CheckedImport & { written: boolean }> {
  const first = await checkRows(db, actor, rows, 'vi');
  if (first.errors.length || dryRun) return { ...first, written: false };
  return runCommand(db, actor, 'person.import', async (c) => {
    await requireAccess(c.trx, actor, 'org.write');
    const checked = await checkRows(c.trx, actor, rows, 'vi');
    if (checked.errors.length) return { ...checked, written: false };
    await writePlan(c, fileName, checked.plan, checked.counts, null);
    return { ...checked, written: true };
  });
}

/** The counts of a committed import of the actor, for the notice of the people list; null when none. */
export async function committedCounts(q: Queryable, actor: Pick<Actor, 'wardId' | 'userId'>, id: string): Promise<ImportCounts | null> {
  const r = await q
    .selectFrom('people_import')
    .select(['people_count', 'post_count', 'membership_count'])
    .where('ward_id', '=', actor.wardId)
    .where('id', '=', id)
    .where('owner_id', '=', actor.userId ?? '')
    .where('committed_at', 'is not', null)
    .executeTakeFirst();
  return r ? { people: r.people_count, posts: r.post_count, memberships: r.membership_count } : null;
}

/** Whether the actor may import and export the ward's people (admin, office: who create people of any organization). */
export function canImport(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.has('admin') || actor.roles.has('office');
}

/**
 * The notice of the people list after a commit ("Đã nhập 300 người, 12 chức vụ, 150 hội viên."),
 * from the `imported` id of its URL: only the actor's own committed import of its ward; null otherwise.
 */
export async function importNotice(q: Queryable, actor: Pick<Actor, 'wardId' | 'userId'>, url: string, locale: Locale): Promise<string | null> {
  if (!url.includes('imported=')) return null; // most pages: no URL to parse
  const id = new URL(url, 'http://x').searchParams.get('imported');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const counts = await committedCounts(q, actor, id);
  return counts ? translate(locale, 'import.done', { ...counts }) : null;
}
