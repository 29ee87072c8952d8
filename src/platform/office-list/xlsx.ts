// The Excel file of an office list (docs/DESIGN.md D52): one sheet named in Vietnamese, a title
// block (ward, list title, the filter in words, the date), then the header row (frozen, repeated
// on every printed page, with Excel's filter buttons) and the rows numbered (STT). Dates are
// date cells (dd/mm/yyyy), instants date-time cells in Vietnam time, numbers numbers: the clerk
// sorts and sums in Excel. Streamed (exceljs WorkbookWriter): rows are committed as written.
import { Writable } from 'node:stream';
import { FONT, fill, merged, streamingSheet, thin } from '../../export/xlsx.ts';
import type { T } from '../i18n/index.ts';
import type { ColumnType, ListColumn } from './spec.ts';

const VN_OFFSET_MS = 7 * 3_600_000;

/** A column's value as an Excel cell value: Date for dates (UTC midnight of the calendar day; instants shifted to Vietnam time). */
function cellValue(type: ColumnType | undefined, v: string | number | null): string | number | Date | null {
  if (v === null || v === '') return null;
  if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  if (type === 'datetime' && typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms + VN_OFFSET_MS);
  }
  if (type === 'percent' && typeof v === 'number') return v / 100;
  return v;
}

/** Points a line of 12-pt Times New Roman takes. */
const LINE_PT = 15.6;

/** How many lines `text` wraps to in a column `width` characters wide (12-pt Times runs about 1.1 characters a width unit). */
function wrappedLines(text: string, width: number): number {
  const per = Math.max(4, Math.floor(width * 1.1) - 1);
  return text.split('\n').reduce((n, line) => {
    let count = 1;
    let used = 0;
    for (const word of line.split(' ')) {
      const w = word.length + (used ? 1 : 0);
      if (used + w > per && used > 0) {
        count++;
        used = word.length;
      } else used += w;
    }
    return n + count;
  }, 0);
}

const NUM_FMT: Partial<Record<ColumnType, string>> = { date: 'dd/mm/yyyy', datetime: 'dd/mm/yyyy hh:mm', percent: '0%', number: '#,##0' };

/** What the title block says: the ward (upper case), the list's title, the filter in words, the dated line. */
export interface ListHeading {
  ward: string;
  title: string;
  filter: string;
  /** "Hoàng Liệt, ngày 30 tháng 11 năm 2026" */
  dated: string;
  count: string;
}

/**
 * The workbook of `rows` under `columns` (.xlsx bytes): sheet `sheet`, landscape A4 unless
 * `landscape` is false. Column 1 is STT (1…n).
 */
export async function listWorkbook<R>(o: { sheet: string; heading: ListHeading; columns: ListColumn<R>[]; rows: readonly R[]; t: T; landscape?: boolean }): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const { columns, t } = o;
  const last = columns.length + 1;
  const headRow = 6;
  const { wb, ws } = streamingSheet(sink, {
    name: o.sheet,
    columns: [{ width: 6 }, ...columns.map((c) => ({ width: c.width ?? 16 }))],
    frozenRows: headRow,
    frozenCols: 0,
    printTitleRows: `${headRow}:${headRow}`,
    landscape: o.landscape !== false,
  });
  const left = Math.max(1, Math.min(last, Math.ceil(last / 2)));
  merged(ws, 1, 1, left, o.heading.ward.toUpperCase(), { font: { name: FONT, size: 12, bold: true }, alignment: { horizontal: 'left', vertical: 'middle' } });
  merged(ws, 2, 1, last, o.heading.dated, { font: { name: FONT, size: 12, italic: true }, alignment: { horizontal: 'right', vertical: 'middle' } });
  merged(ws, 3, 1, last, o.heading.title.toUpperCase(), { font: { name: FONT, size: 14, bold: true } });
  merged(ws, 4, 1, last, o.heading.filter, { font: { name: FONT, size: 12, italic: true } });
  merged(ws, 5, 1, last, o.heading.count, { font: { name: FONT, size: 12 } });
  ws.getRow(4).height = 30;
  for (let r = 1; r <= 5; r++) ws.getRow(r).commit();
  const head = ws.getRow(headRow);
  [t('list.stt'), ...columns.map((c) => (c.header ? c.header(t) : t(c.label)))].forEach((h, i) => {
    const cell = head.getCell(i + 1);
    cell.value = h;
    cell.style = { font: { name: FONT, size: 12, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border: thin, fill: fill('E8EEF7') };
  });
  head.height = 32;
  head.commit();
  if (o.rows.length > 0) ws.autoFilter = { from: { row: headRow, column: 1 }, to: { row: headRow + o.rows.length, column: last } };
  o.rows.forEach((row, i) => {
    const r = ws.getRow(headRow + 1 + i);
    const stt = r.getCell(1);
    stt.value = i + 1;
    stt.style = { font: { name: FONT, size: 12 }, alignment: { horizontal: 'center', vertical: 'top' }, border: thin };
    let lines = 1;
    columns.forEach((c, j) => {
      const cell = r.getCell(j + 2);
      const v = c.value(row, t);
      cell.value = cellValue(c.type, v);
      if (typeof v === 'string' && (!c.type || c.type === 'text')) lines = Math.max(lines, wrappedLines(v, c.width ?? 16));
      const numFmt = c.type ? NUM_FMT[c.type] : undefined;
      cell.style = { font: { name: FONT, size: 12 }, alignment: { vertical: 'top', wrapText: true, ...(c.type && c.type !== 'text' ? { horizontal: 'center' } : {}) }, border: thin, ...(numFmt ? { numFmt } : {}) };
    });
    // An explicit height: LibreOffice and Excel do not grow a wrapped row written by a stream.
    r.height = lines * LINE_PT + 2;
    r.commit();
  });
  ws.commit();
  await wb.commit();
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}
