// The roll-up's indicator tables as XLSX (issue 10, item 6): sheet 1, per indicator the value of
// each organization and the total by the indicator's rule; sheet 2, the completeness board (each
// organization's state, dates, late mark; expected, received, on time and the rates). Times New
// Roman, the official title block (export/xlsx.ts), numbers as numbers with Vietnamese-looking
// formats so a clerk can compute with them.
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { officialDateLine } from '../../export/docx.ts';
import { fill, FONT, merged, streamingSheet, thin, titleBlock } from '../../export/xlsx.ts';
import { formatDateTime } from '../../lib/vi/index.ts';
import { translate } from '../../platform/i18n/index.ts';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { forbidden } from '../../platform/errors.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { letterheadOf } from '../documents/service.ts';
import type { Board } from './board.ts';
import { formatTotal, isWardReader, rollupNumber } from './export.ts';
import { getRequest } from './load.ts';
import { getRollup, type RollupView } from './rollup.ts';
import type { IndicatorSpec } from './schema.ts';

export interface XlsxHead {
  /** Issuer lines of the title block: higher body (or ''), the body. */
  issuer: [string, string];
  /** The right column of the issuer's letterhead (documents' `letterheadOf`, D61). */
  motto: [string, string];
  place: string;
  today: string;
  /** Organization id → short name, for the column headers. */
  shortNames: ReadonlyMap<string, string>;
}

const head: Partial<ExcelJS.Style> = { font: { name: FONT, size: 11, bold: true }, fill: fill('F1ECE4'), border: thin, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
const base: Partial<ExcelJS.Style> = { font: { name: FONT, size: 11 }, border: thin, alignment: { vertical: 'top', wrapText: true } };
const NUM_FMT: Record<IndicatorSpec['type'], string> = { integer: '#,##0', decimal: '#,##0.####', percent: '0.##"%"', boolean: '@' };

/** A cell value of an indicator: the number itself; yes/no as "Có"/"Không"; blank when not reported. */
function valueCell(cell: ExcelJS.Cell, type: IndicatorSpec['type'], v: number | null, bold = false): void {
  cell.value = v === null ? null : type === 'boolean' ? (v ? 'Có' : 'Không') : v;
  cell.style = { ...base, font: { name: FONT, size: 11, bold }, numFmt: NUM_FMT[type], alignment: { horizontal: type === 'boolean' ? 'center' : 'right', vertical: 'top' } };
}

/**
 * Writes the workbook to `out` (streamed; resolves when complete). Sheet "Chỉ tiêu": STT, chỉ
 * tiêu, đơn vị, cách tổng hợp, one column per organization, tổng hợp. Sheet "Tình hình nộp": the
 * board of `board` and its rates.
 */
export async function writeRollupXlsx(out: Writable, v: RollupView, board: Board, h: XlsxHead): Promise<void> {
  const vi = (k: string) => translate('vi', k as Parameters<typeof translate>[1]);
  const FIRST_ORG = 5;
  const TOTAL = FIRST_ORG + v.orgs.length;
  const { wb, ws } = streamingSheet(out, {
    name: 'Chỉ tiêu',
    columns: [{ width: 6 }, { width: 46 }, { width: 12 }, { width: 12 }, ...v.orgs.map(() => ({ width: 13 })), { width: 14 }],
    frozenRows: 6,
    frozenCols: 2,
    printTitleRows: '6:6',
  });
  let row = titleBlock(ws, { lastCol: Math.max(TOTAL, 6), issuer: h.issuer, motto: h.motto, place: officialDateLine(h.place, h.today), title: `BẢNG TỔNG HỢP CHỈ TIÊU - ${v.request.title.toLocaleUpperCase('vi')}`, subtitle: `${v.formName}, ${v.periodName.charAt(0).toLocaleLowerCase('vi')}${v.periodName.slice(1)}` });
  const labels = ['STT', 'Chỉ tiêu', 'Đơn vị', 'Cách tổng hợp', ...v.orgs.map((o) => h.shortNames.get(o.id) ?? o.name), 'Tổng hợp'];
  labels.forEach((l, i) => merged(ws, row, i + 1, i + 1, l, head));
  ws.getRow(row).height = 32;
  ws.getRow(row).commit();
  row++;
  v.indicators.forEach((ind, i) => {
    const x = ws.getRow(row);
    x.getCell(1).value = i + 1;
    x.getCell(2).value = ind.spec.name;
    x.getCell(3).value = ind.spec.unit;
    x.getCell(4).value = vi(`report.aggregate.${ind.spec.aggregate}`);
    for (let c = 1; c <= 4; c++) x.getCell(c).style = { ...base, alignment: { vertical: 'top', wrapText: true, horizontal: c === 2 ? 'left' : 'center' } };
    v.orgs.forEach((o, j) => valueCell(x.getCell(FIRST_ORG + j), ind.spec.type, ind.values.find((val) => val.orgId === o.id)?.value ?? null));
    if (ind.spec.type === 'boolean') {
      const t = x.getCell(TOTAL);
      t.value = formatTotal(ind);
      t.style = { ...base, font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: 'center', vertical: 'top' } };
    } else valueCell(x.getCell(TOTAL), ind.spec.type, ind.total, true);
    x.height = Math.max(16, 15 * Math.ceil(ind.spec.name.length / 48));
    x.commit();
    row++;
  });
  if (v.missing.length) {
    merged(ws, row + 1, 1, TOTAL, `Chưa tổng hợp: ${v.missing.map((m) => `${h.shortNames.get(m.id) ?? m.name} (${vi(`report.status.${m.status}`).toLocaleLowerCase('vi')})`).join('; ')}.`, { font: { name: FONT, size: 11, italic: true }, alignment: { horizontal: 'left', wrapText: true } });
    ws.getRow(row + 1).commit();
  }
  ws.commit();

  const bs = wb.addWorksheet('Tình hình nộp', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  bs.columns = [{ width: 6 }, { width: 40 }, { width: 16 }, { width: 20 }, { width: 12 }];
  merged(bs, 1, 1, 5, `TÌNH HÌNH NỘP BÁO CÁO - ${v.request.title.toLocaleUpperCase('vi')}`, { font: { name: FONT, size: 13, bold: true } });
  merged(bs, 2, 1, 5, `Hạn nộp: ${v.request.due_on.split('-').reverse().join('/')}`, { font: { name: FONT, size: 11, italic: true } });
  ['STT', 'Tổ chức', 'Trạng thái', 'Nộp lần đầu', 'Trễ hạn'].forEach((l, i) => merged(bs, 4, i + 1, i + 1, l, head));
  board.lines.forEach((line, i) => {
    const x = bs.getRow(5 + i);
    const s = line.submission;
    x.values = [i + 1, h.shortNames.get(s.org_id) ?? s.org_id, vi(`report.status.${line.state}`), s.first_submitted_at ? formatDateTime(s.first_submitted_at) : '', line.late || line.overdue ? 'Có' : ''];
    for (let c = 1; c <= 5; c++) x.getCell(c).style = { ...base, alignment: { vertical: 'top', horizontal: c === 2 ? 'left' : 'center' } };
  });
  const r = board.rates;
  const sum = 6 + board.lines.length;
  const pct = (x: number | null) => (x === null ? '–' : x);
  const lines: [string, number | string, string?][] = [
    ['Số báo cáo phải nộp', r.expected],
    ['Số báo cáo đã nhận', r.received],
    ['Trong đó đúng hạn', r.onTime],
    ['Tỷ lệ nộp báo cáo', pct(r.reportingRate), '0.0%'],
    ['Tỷ lệ nộp đúng hạn', pct(r.onTimeRate), '0.0%'],
  ];
  lines.forEach(([label, value, fmt], i) => {
    const x = bs.getRow(sum + i);
    x.getCell(2).value = label;
    x.getCell(2).style = { ...base, font: { name: FONT, size: 11, bold: true } };
    x.getCell(3).value = value;
    x.getCell(3).style = { ...base, alignment: { horizontal: 'center' }, ...(fmt ? { numFmt: fmt } : {}) };
  });
  bs.commit();
  await wb.commit();
}

/**
 * Loads what the roll-up workbook needs (so refusals come before any byte is sent) and returns
 * its file name and a writer. Ward readers only: 403; 404.
 */
export async function rollupXlsx(q: Queryable, actor: Actor, requestId: string): Promise<{ filename: string; write: (out: Writable) => Promise<void> }> {
  if (!isWardReader(actor)) throw forbidden();
  const v = await getRollup(q, actor, requestId);
  const d = await getRequest(q, actor, requestId);
  // The superior body of the report's date (issued, else today: D64).
  const { header, place, right } = await letterheadOf(q, actor.wardId, v.issuer, (await rollupNumber(q, actor, requestId))?.issued_on ?? todayInVietnam());
  const issuer = header.issuer.split('\n');
  const h: XlsxHead = {
    issuer: header.higherBody ? [header.higherBody, issuer.join(' ')] : issuer.length > 1 ? [issuer[0] ?? '', issuer.slice(1).join(' ')] : ['', issuer[0] ?? ''],
    motto: [right[0], right[1]],
    place,
    today: todayInVietnam(),
    shortNames: new Map((await listOrgs(q, actor)).map((o) => [o.id, o.short_name ?? o.name])),
  };
  return { filename: `Chỉ tiêu - ${v.request.title.replace(/[\\/:*?"<>|]+/g, '-').slice(0, 120)}.xlsx`, write: (out) => writeRollupXlsx(out, v, d.board, h) };
}
