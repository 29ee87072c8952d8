// Reports as official documents (issue 10, item 6): the ward roll-up as a numbered report (Báo
// cáo, type BC) of the request's issuing body, and one organization's report as its own draft.
// What they say is written here; the documents room lays them out by the issuer's profile (Party
// format of Hướng dẫn 36-HD/VPTW, state format of Nghị định 30/2020/NĐ-CP), numbers the roll-up
// once (command `report.issue`) and renders .docx, and .pdf through LibreOffice.
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError, forbidden, ValidationError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { formatNumber, todayInVietnam, toIsoDate } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { higherBodyOn } from '../units/service.ts';
import { issuedFor, issuerHeader, issueNumber, renderDocument, renderPdf, signaturePrefix, type Block, type RenderInput } from '../documents/service.ts';
import { getSubmission, type SubmissionDetail } from './load.ts';
import { getRollup, type RollupIndicator, type RollupView } from './rollup.ts';
import type { IndicatorSpec } from './schema.ts';
import { WARD_READERS } from './submissions.ts';

/** What an issued roll-up is recorded under in the documents room (`issued_document.subject_kind`). */
export const ROLLUP_SUBJECT = 'report_request';
/** The most organization columns in one indicator table; more organizations continue in the next table. */
export const ORG_COLUMNS_PER_TABLE = 3;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
/** The head a body's report is signed for (under "T/M …" / "TM. …"). */
const HEAD_OF: Record<string, string> = { party_committee: 'BÍ THƯ', standing_committee: 'BÍ THƯ', party_cell: 'BÍ THƯ', inspection_committee: 'CHỦ NHIỆM', people_committee: 'CHỦ TỊCH', people_council: 'CHỦ TỊCH', fatherland_front: 'CHỦ TỊCH', mass_organization: 'CHỦ TỊCH', association: 'CHỦ TỊCH' };

/**
 * One indicator value as printed, Vietnamese style: integer "1.234", decimal "1.234,5", percent
 * "85,5%", yes/no "Có"/"Không"; null (not reported) "–".
 */
export function formatIndicator(type: IndicatorSpec['type'], v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  if (type === 'boolean') return v ? 'Có' : 'Không';
  if (type === 'percent') return `${formatNumber(v)}%`;
  return formatNumber(v);
}

/**
 * The aggregate of an indicator as printed: by its type, except a yes/no indicator summed, which
 * counts the "Có" answers ("2/3 có"), or averaged, the share of them ("66,7% có"). '–' when
 * nothing was reported or the rule is 'none'.
 */
export function formatTotal(ind: Pick<RollupIndicator, 'spec' | 'total' | 'values'>): string {
  if (ind.spec.type === 'boolean' && ind.spec.aggregate === 'sum') {
    const reported = ind.values.filter((v) => v.value !== null).length;
    return reported ? `${formatNumber(ind.total ?? 0)}/${reported} có` : '–';
  }
  // An average of yes/no answers is the share of "Có".
  if (ind.spec.type === 'boolean' && ind.total !== null && ind.spec.aggregate === 'average') return `${formatNumber(Math.round(ind.total * 1000) / 10)}% có`;
  return formatIndicator(ind.spec.type, ind.total);
}

/** Section text as paragraphs, one a line; a line naming a reporting organization ("Hội LHPN phường:") in bold italics. */
function textBlocks(text: string, orgNames: ReadonlySet<string>): Block[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l): Block => (orgNames.has(l.replace(/:$/u, '')) && l.endsWith(':') ? { kind: 'paragraph', text: l, bold: true, italic: true } : { kind: 'paragraph', text: l }));
}

/**
 * The indicator tables of a roll-up: STT, chỉ tiêu, đơn vị, one column per organization (at most
 * ORG_COLUMNS_PER_TABLE a table: more organizations continue in a further table) and the total.
 * Indicators nobody reported are left out (the XLSX keeps every one). Column widths in per cent
 * of the text width.
 */
export function indicatorTables(v: Pick<RollupView, 'indicators' | 'orgs'>, shortNames: ReadonlyMap<string, string>): Block[] {
  const reported = v.indicators.filter((ind) => ind.values.some((x) => x.value !== null));
  if (reported.length === 0) return [];
  const orgs = v.orgs.length ? v.orgs : [];
  const chunks: (typeof orgs)[] = [];
  for (let i = 0; i < Math.max(orgs.length, 1); i += ORG_COLUMNS_PER_TABLE) chunks.push(orgs.slice(i, i + ORG_COLUMNS_PER_TABLE));
  return chunks.map((chunk): Block => {
    const orgW = 11;
    const nameW = 100 - 8 - 13 - 13 - orgW * chunk.length;
    return {
      kind: 'table',
      columns: ['STT', 'Chỉ tiêu', 'Đơn vị', ...chunk.map((o) => shortNames.get(o.id) ?? o.name), 'Tổng hợp'],
      widths: [8, nameW, 13, ...chunk.map(() => orgW), 13],
      rows: reported.map((ind, i) => [String(i + 1), ind.spec.name, ind.spec.unit, ...chunk.map((o) => formatIndicator(ind.spec.type, ind.values.find((x) => x.orgId === o.id)?.value ?? null)), formatTotal(ind)]),
    };
  });
}

/** "Quý IV năm 2026" → "quý IV năm 2026" (inside a sentence; the numeral keeps its capitals). */
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
const statusWord = (s: string) => translate('vi', `report.status.${s}` as Parameters<typeof translate>[1]).toLocaleLowerCase('vi');

/**
 * What the ward roll-up says, for the documents room to lay out as a report (BC) of the request's
 * issuing body: an opening naming the reports it is built on (and those still missing), each
 * section with text (empty ones left out) as "I. TITLE" and its text (the office's edit, else each organization's
 * part under its name), the indicator tables after the first section, the signature for the body
 * ("T/M BAN THƯỜNG VỤ" / "TM. ỦY BAN NHÂN DÂN") and the recipients (`reportTo`, the body above,
 * first).
 */
export function rollupDocument(v: RollupView, shortNames: ReadonlyMap<string, string>, reportTo: string | null = null): Omit<RenderInput, 'numberText' | 'date'> {
  const names = new Set(v.orgs.map((o) => o.name));
  const issuerName = v.issuer.name;
  const blocks: Block[] = [];
  const basis = v.orgs.length ? `Trên cơ sở báo cáo của ${v.orgs.length} tổ chức (${v.orgs.map((o) => shortNames.get(o.id) ?? o.name).join(', ')})` : 'Chưa có báo cáo nào được duyệt';
  blocks.push({ kind: 'paragraph', text: `${basis}, ${issuerName} tổng hợp kết quả ${lowerFirst(v.periodName)} như sau:` });
  if (v.missing.length) blocks.push({ kind: 'paragraph', italic: true, text: `Chưa tổng hợp báo cáo của: ${v.missing.map((m) => `${shortNames.get(m.id) ?? m.name} (${statusWord(m.status)})`).join('; ')}.` });
  const tables = indicatorTables(v, shortNames);
  const written = v.sections.filter((s) => s.text.trim());
  written.forEach((s, i) => {
    blocks.push({ kind: 'heading', text: `${ROMAN[i] ?? String(i + 1)}. ${s.spec.title.toLocaleUpperCase('vi')}` }, ...textBlocks(s.text, names));
    if (i === 0 && tables.length) blocks.push({ kind: 'paragraph', text: 'Một số chỉ tiêu chủ yếu:', bold: true }, ...tables);
  });
  if (written.length === 0 && tables.length) blocks.push(...tables);
  blocks.push({ kind: 'paragraph', text: `Trên đây là báo cáo ${lowerFirst(v.periodName)} của ${issuerName}./.` });
  const recipients = [...(reportTo ? [`${reportTo} (để báo cáo);`] : []), 'Các tổ chức trong hệ thống chính trị phường;', 'Lưu Văn phòng.'];
  return {
    issuerOrgId: v.issuer.id,
    docType: 'BC',
    subject: v.request.title,
    blocks,
    signature: { prefix: signaturePrefix(v.issuer.kind, 'collective'), title: HEAD_OF[v.issuer.kind] ?? 'CHỦ TỊCH', name: '' },
    recipients,
  };
}

/**
 * What one organization's report says, as a report (BC) of that organization: its sections with
 * text ("I. TITLE" and the text), then its indicators (STT, chỉ tiêu, đơn vị, giá trị; a figure the
 * head changed from what the record computed shows both), sent to `reportedTo` (the body that
 * asked). Never numbered here: the organization
 * numbers its own documents in its own register (D21).
 */
export function submissionDocument(d: SubmissionDetail, reportedTo: string | null): Omit<RenderInput, 'numberText' | 'date'> {
  const blocks: Block[] = [];
  const written = d.spec.sections.filter((s) => (d.content.sections[s.code] ?? '').trim());
  written.forEach((s, i) => {
    blocks.push({ kind: 'heading', text: `${ROMAN[i] ?? String(i + 1)}. ${s.title.toLocaleUpperCase('vi')}` }, ...textBlocks(d.content.sections[s.code] ?? '', new Set()));
  });
  if (d.spec.indicators.length) {
    blocks.push({ kind: 'heading', text: `${ROMAN[written.length] ?? ''}. CÁC CHỈ TIÊU` });
    blocks.push({
      kind: 'table',
      columns: ['STT', 'Chỉ tiêu', 'Đơn vị', 'Giá trị'],
      widths: [8, 57, 15, 20],
      rows: d.spec.indicators.map((ind, i) => {
        const x = d.content.indicators[ind.code];
        const value = formatIndicator(ind.type, x?.value ?? null);
        const differs = x && x.computed !== null && x.value !== x.computed;
        return [String(i + 1), ind.name, ind.unit, differs ? `${value} (hệ thống: ${formatIndicator(ind.type, x.computed)})` : value];
      }),
    });
  }
  blocks.push({ kind: 'paragraph', text: `Trên đây là báo cáo ${lowerFirst(d.periodName)} của ${d.org.name}./.` });
  return {
    issuerOrgId: d.org.id,
    docType: 'BC',
    subject: d.request.title,
    blocks,
    signature: { prefix: signaturePrefix(d.org.kind, 'collective'), title: HEAD_OF[d.org.kind] ?? 'CHỦ TỊCH', name: '' },
    recipients: [...(reportedTo ? [`${reportedTo} (để báo cáo);`] : []), 'Lưu.'],
  };
}

/** The roll-up's issued number and date, or null while it is a draft. */
export async function rollupNumber(q: Queryable, actor: Pick<Actor, 'wardId'>, requestId: string): Promise<{ number_text: string; issued_on: string } | null> {
  const rows = await issuedFor(q, actor.wardId, ROLLUP_SUBJECT, requestId);
  return rows.find((r) => r.doc_type === 'BC') ?? null;
}

/**
 * Numbers the ward roll-up of a request (command `report.issue`): once per request, as a report
 * (BC) of the request's issuing body, dated `date` ('YYYY-MM-DD', default today in Vietnam; not
 * before the period starts, not after today). Later downloads print that number and date.
 * Returns the number text ("5-BC/ĐU"). The office (`ward.office`). 400 bad date, 403, 404, 409
 * already numbered (doc.err.alreadyIssued), 422 nothing accepted yet or no profile applies.
 */
export function issueRollup(db: Db, actor: Actor, requestId: string, date: string | null = null): Promise<string> {
  return runCommand(db, actor, 'report.issue', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const v = await getRollup(c.trx, actor, requestId);
    if (v.orgs.length === 0) throw new AppError(422, 'report.err.nothingAccepted');
    const today = todayInVietnam();
    const day = date ?? today;
    if (day < v.request.period_start || day > today) throw new ValidationError({ date: 'report.err.issueDate' });
    const issued = await issueNumber(c, { issuerOrgId: v.request.issuer_org_id, docType: 'BC', date: day, subjectKind: ROLLUP_SUBJECT, subjectId: v.request.id, title: v.request.title });
    await c.audit({ action: 'report.issue', entityType: 'report_request', entityId: v.request.id, summary: `${issued.numberText} ${v.request.title}`, after: { number: issued.numberText, date: day } });
    return issued.numberText;
  });
}

export type ExportFormat = 'docx' | 'pdf';
export interface ExportFile {
  body: Buffer;
  filename: string;
}

const FILE_UNSAFE = /[\\/:*?"<>|]+/g;
const fileTitle = (s: string) => s.replace(FILE_UNSAFE, '-').slice(0, 120).trim();

async function render(q: Queryable, actor: Actor, input: RenderInput, format: ExportFormat, filename: string): Promise<ExportFile> {
  if (format === 'pdf') return { body: (await renderPdf(q, actor, input)).pdf, filename: `${filename}.pdf` };
  return { body: (await renderDocument(q, actor, input)).docx, filename: `${filename}.docx` };
}

/** Whether the actor reads the whole ward's reports (the office, the Standing Committee, the administrator). */
export const isWardReader = (actor: Actor): boolean => WARD_READERS.some((r) => actor.roles.has(r));

/** Organization id → short name (else name), for table headers. */
async function shortNamesOf(q: Queryable, actor: Actor): Promise<Map<string, string>> {
  return new Map((await listOrgs(q, actor)).map((o) => [o.id, o.short_name ?? o.name]));
}

/**
 * The ward roll-up as .docx or .pdf: numbered and dated as issued, else a draft ("Số      -BC/ĐU")
 * dated today. File name "Báo cáo 5-BC-ĐU - <request title>". Ward readers only (403 for others),
 * 404, 422 no profile, 503 PDF unavailable.
 */
export async function rollupFile(q: Queryable, actor: Actor, requestId: string, format: ExportFormat): Promise<ExportFile> {
  if (!isWardReader(actor)) throw forbidden();
  const v = await getRollup(q, actor, requestId);
  const issued = await rollupNumber(q, actor, requestId);
  const date = issued?.issued_on ?? todayInVietnam();
  const { issuer: body } = await issuerHeader(q, actor.wardId, v.issuer, date);
  // "Nơi nhận" names the superior body of the report's date (D64), as its header does.
  const reportTo = body.higher_body ? await higherBodyOn(q, actor.wardId, body.higher_body, date) : null;
  const input: RenderInput = { ...rollupDocument(v, await shortNamesOf(q, actor), reportTo), numberText: issued?.number_text ?? null, date };
  return render(q, actor, input, format, fileTitle(`Báo cáo ${issued ? issued.number_text : 'dự thảo'} - ${v.request.title}`));
}

/**
 * One organization's report as .docx or .pdf, an unnumbered report of that organization dated
 * the day it was last submitted (else today). Whoever may read it (`mayRead`: 403), 404, 503.
 */
export async function submissionFile(q: Queryable, actor: Actor, submissionId: string, format: ExportFormat): Promise<ExportFile> {
  const d = await getSubmission(q, actor, submissionId);
  const at = d.submission.submitted_at;
  const date = at ? toIsoDate(at) : todayInVietnam();
  const to = d.request.issuer_org_id !== d.org.id ? ((await listOrgs(q, actor)).find((o) => o.id === d.request.issuer_org_id)?.name ?? null) : null;
  const input: RenderInput = { ...submissionDocument(d, to), numberText: null, date };
  return render(q, actor, input, format, fileTitle(`Báo cáo ${d.org.short_name ?? d.org.name} - ${d.periodName}`));
}
