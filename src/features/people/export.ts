// The people sheet out (issue 13, item 4; docs/DESIGN.md D38): the import template and the export
// of a ward's people, in the SAME shape (import-parse.ts COLUMNS), so an export can be imported
// again. A second sheet "Hướng dẫn" lists the ward's organizations and residential groups.
import type ExcelJS from 'exceljs';
import { lazy } from '../../lib/lazy.ts';
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { fold, formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { listWardUnits } from '../units/service.ts';
import { withPersonalData, recordPersonalExport } from './personal.ts';
import { membershipRows, positionRows, type MembershipRow, type PositionRow } from './repo.ts';
import { groupBy } from '../../lib/group.ts';
import { COLUMNS, type ColumnKey } from './import-parse.ts';

const excel = lazy<typeof ExcelJS>('exceljs');

const FONT = { name: 'Times New Roman', size: 12 };

/** A workbook with the people sheet: header row (bold, frozen), column widths, text columns. */
function peopleSheet(): { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet } {
  const wb = new (excel().Workbook)();
  wb.creator = 'RõViệc';
  const ws = wb.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: { font: FONT, numFmt: c.key === 'stt' ? 'General' : '@' } }));
  const head = ws.getRow(1);
  head.font = { ...FONT, bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.height = 32;
  head.eachCell((cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }));
  return { wb, ws };
}

/** The "Hướng dẫn" sheet: how to fill the list, then the ward's organizations and residential groups to pick from. */
async function guideSheet(q: Queryable, actor: Pick<Actor, 'wardId'>, wb: ExcelJS.Workbook): Promise<void> {
  const ws = wb.addWorksheet('Hướng dẫn');
  ws.columns = [{ width: 34 }, { width: 60 }];
  const lines: [string, string][] = [
    ['Cách điền', 'Mỗi dòng một người. Không đổi dòng tiêu đề của trang "Danh sách".'],
    ['Ngày', 'Ghi ngày/tháng/năm, ví dụ 05/09/1980.'],
    ['Giới tính', 'Nam hoặc Nữ (có thể để trống).'],
    ['Chức vụ', 'Nhiều chức vụ ngăn cách bằng dấu ; — "Tổ chức của chức vụ" ghi theo cùng thứ tự.'],
    ['Hội viên của', 'Tên viết tắt (hoặc tên đầy đủ) các tổ chức, ngăn cách bằng dấu ;'],
    ['Từ ngày', 'Một ngày cho tất cả, hoặc mỗi chức vụ/tổ chức một ngày theo cùng thứ tự.'],
    ['Trùng người', 'Người cùng họ tên và ngày sinh với người đã có trong đơn vị sẽ bị báo lỗi.'],
  ];
  ws.addRow(['HƯỚNG DẪN ĐIỀN DANH SÁCH']).font = { ...FONT, bold: true, size: 14 };
  for (const l of lines) ws.addRow(l).font = FONT;
  ws.addRow([]);
  ws.addRow(['Tổ chức (tên viết tắt)', 'Tên đầy đủ']).font = { ...FONT, bold: true };
  for (const o of (await listOrgs(q, actor)).filter((x) => x.valid_to === null)) ws.addRow([o.short_name ?? o.name, o.name]).font = FONT;
  ws.addRow([]);
  ws.addRow(['Tổ dân phố/Thôn', '']).font = { ...FONT, bold: true };
  for (const u of (await listWardUnits(q, actor)).filter((x) => !x.is_ward)) ws.addRow([u.name]).font = FONT;
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

/** The import template: the header row, one example row, widths, and the "Hướng dẫn" sheet of this ward. */
export async function templateWorkbook(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<Buffer> {
  const { wb, ws } = peopleSheet();
  const orgs = (await listOrgs(q, actor)).filter((o) => o.valid_to === null);
  const units = (await listWardUnits(q, actor)).filter((u) => !u.is_ward);
  const org = orgs[0];
  ws.addRow({
    stt: 1,
    full_name: 'Nguyễn Văn An',
    gender: 'Nam',
    birth_date: '05/09/1980',
    phone: '0912 345 678',
    email: 'nguyenvanan@example.vn',
    unit: units[0]?.name ?? '',
    post_title: org ? 'Ủy viên' : '',
    post_org: org ? (org.short_name ?? org.name) : '',
    post_start: org ? '01/07/2025' : '',
    member_of: org ? (org.short_name ?? org.name) : '',
    member_start: org ? '01/07/2025' : '',
    note: EXAMPLE_NOTE,
  } satisfies Record<ColumnKey, string | number>);
  await guideSheet(q, actor, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The note of the template's example row: an import refuses a row that still carries it (import.ts). */
export const EXAMPLE_NOTE = 'Dòng ví dụ: xóa trước khi nhập';

/** How the sheet names each organization: its short name when no other organization of the ward answers to it, else its name. */
function orgLabels(orgs: readonly { id: string; name: string; short_name: string | null; valid_to: string | null }[]): Map<string, string> {
  const uses = new Map<string, number>();
  for (const o of orgs.filter((x) => x.valid_to === null)) for (const k of new Set([o.name, o.short_name].filter((x): x is string => !!x).map((x) => fold(x)))) uses.set(k, (uses.get(k) ?? 0) + 1);
  return new Map(orgs.map((o) => [o.id, o.short_name && uses.get(fold(o.short_name)) === 1 ? o.short_name : o.name]));
}

const joined = (xs: string[]) => xs.join('; ');
/** One date when every span starts the same day, else one per span in order. */
const dates = (xs: string[]) => (new Set(xs).size <= 1 ? (xs[0] ? formatDate(xs[0]) : '') : joined(xs.map((d) => formatDate(d))));

/** The export's workbook and the people it shows (for the audit event the request records). */
export interface PeopleExport {
  bytes: Uint8Array;
  shown: { id: string; personal_hidden: boolean }[];
}

/**
 * Every person of the actor's ward still followed, with the posts and memberships they hold today
 * (Vietnam day), in the import shape; personal details only where the actor reads them
 * (personal.ts). Reads only: run by the worker pool (`people.export-xlsx`, D63) or in process;
 * the caller records the export (`recordExport`).
 */
export async function buildExportWorkbook(db: Queryable, actor: Actor): Promise<PeopleExport> {
  const today = todayInVietnam();
  const people = await db.selectFrom('person').select(['id', 'full_name', 'gender', 'birth_date', 'phone', 'email', 'unit_id', 'note']).where('ward_id', '=', actor.wardId).where('ended_on', 'is', null).orderBy('sort_key').orderBy('id').execute();
  const shown = await withPersonalData(db, actor, people);
  const ids = people.map((p) => p.id);
  const orgs = orgLabels(await listOrgs(db, actor));
  const units = new Map((await listWardUnits(db, actor)).map((u) => [u.id, u.name]));
  const posts = new Map<string, PositionRow[]>();
  const members = new Map<string, MembershipRow[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const [k, v] of groupBy(await positionRows(db, actor.wardId, chunk, today), (p) => p.person_id)) posts.set(k, v);
    const open = (await membershipRows(db, actor.wardId, chunk)).filter((m) => m.start_on <= today && (m.end_on === null || m.end_on >= today));
    for (const [k, v] of groupBy(open, (m) => m.person_id)) members.set(k, v);
  }
  const { wb, ws } = peopleSheet();
  shown.forEach((p, i) => {
    const ps = posts.get(p.id) ?? [];
    const ms = members.get(p.id) ?? [];
    ws.addRow({
      stt: i + 1,
      full_name: p.full_name,
      gender: p.gender === 'nam' ? 'Nam' : p.gender === 'nu' ? 'Nữ' : '',
      birth_date: p.birth_date ? formatDate(p.birth_date) : '',
      phone: p.phone ?? '',
      email: p.email ?? '',
      unit: p.unit_id ? (units.get(p.unit_id) ?? '') : '',
      post_title: joined(ps.map((x) => x.title)),
      post_org: joined(ps.map((x) => orgs.get(x.org_id) ?? x.org_name)),
      post_start: dates(ps.map((x) => x.start_on)),
      member_of: joined(ms.map((x) => orgs.get(x.org_id) ?? x.org_name)),
      member_start: dates(ms.map((x) => x.start_on)),
      note: p.note ?? '',
    } satisfies Record<ColumnKey, string | number>);
  });
  await guideSheet(db, actor, wb);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return { bytes, shown: shown.map((p) => ({ id: p.id, personal_hidden: p.personal_hidden })) };
}

/** Records a built export as one `person.export` audit event, as the API's reads are. */
export function recordExport(db: Db, actor: Actor, built: PeopleExport): Promise<void> {
  return recordPersonalExport(db, actor, built.shown, 'GET /app/people/export.xlsx');
}
