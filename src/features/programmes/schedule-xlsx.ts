// The progress schedule as XLSX: the same rows, words and colours as the page.
import type { Writable } from 'node:stream';
import { cellRef, fill, FONT, merged, streamingSheet, thin, titleBlock } from '../../export/xlsx.ts';
import { formatDate, formatLongDate } from '../../lib/vi/index.ts';
import { translate, type Locale } from '../../platform/i18n/index.ts';
import { cellText, cellWords, rowOrg, STATUS_KEYS, type CellTone, type Schedule } from './schedule.ts';

export const TONE_FILL: Record<CellTone | 'span', string | null> = { done: 'CFE8CF', ok: 'DBE9F7', behind: 'F7D4CF', plan: 'F2F2F2', span: 'FBFAF6', none: null };
const STATUS_FILL: Record<string, string> = { done: 'CFE8CF', done_late: 'FCE9C8', overdue: 'F7D4CF', late: 'FCE9C8', on_track: 'DBE9F7', not_started: 'F2F2F2' };

export interface XlsxHeading {
  wardName: string;
  scopeName: string; // organization, or "Toàn phường"
  /** Ward-wide: rows grouped under a line per organization (the default). */
  grouped?: boolean;
  filters: string; // the filters applied, in words
  place: string; // "Đồng Tâm" — for the dated line (placeOfWard)
  today: string;
}

/** Writes the schedule workbook to `out` (streams; resolves when the file is complete). */
export async function writeScheduleXlsx(out: Writable, s: Schedule, h: XlsxHeading, locale: Locale = 'vi'): Promise<void> {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(locale, k, p);
  const words = cellWords(t);
  const FIRST_MONTH = 6;
  const LAST = FIRST_MONTH + 12; // status column
  const { wb, ws } = streamingSheet(out, {
    name: t('sched.sheet', { year: s.year }),
    columns: [{ width: 5 }, { width: 44 }, { width: 18 }, { width: 16 }, { width: 11 }, ...Array.from({ length: 12 }, () => ({ width: 10 })), { width: 14 }],
    frozenRows: 7,
    frozenCols: 2,
    printTitleRows: '6:7',
  });
  let row = titleBlock(ws, {
    lastCol: LAST,
    issuer: [h.wardName.toUpperCase(), h.scopeName.toUpperCase()],
    motto: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    place: `${h.place}, ${formatLongDate(h.today)}`,
    title: t('sched.xlsxTitle', { year: s.year }),
    subtitle: [h.scopeName, h.filters, t('sched.legend')].filter(Boolean).join(' — '),
  });
  const head = { font: { name: FONT, size: 10, bold: true }, fill: fill('F1ECE4'), border: thin, alignment: { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true } };
  const heads = [t('sched.no'), t('sched.task'), t('task.owner'), t('task.lead'), t('task.due')];
  heads.forEach((label, i) => merged(ws, row, i + 1, i + 1, label, head, row + 1));
  merged(ws, row, FIRST_MONTH, FIRST_MONTH + 11, `${t('task.progress')} ${s.year}`, head);
  for (let m = 1; m <= 12; m++) Object.assign(ws.getCell(row + 1, FIRST_MONTH + m - 1), { value: t('sched.month', { n: m }), style: head });
  merged(ws, row, LAST, LAST, t('task.status'), head, row + 1);
  // Border the covered cells of vertical merges too, so the header prints as a closed grid.
  for (const c of [1, 2, 3, 4, 5, LAST]) ws.getCell(row + 1, c).style = head;
  for (let c = FIRST_MONTH + 1; c <= FIRST_MONTH + 11; c++) ws.getCell(row, c).style = head;
  ws.getRow(row).height = 20;
  ws.getRow(row).commit();
  ws.getRow(row + 1).commit();
  row += 2;

  const base = { font: { name: FONT, size: 10 }, border: thin, alignment: { vertical: 'top' as const, wrapText: true } };
  let n = 0;
  let lastOrg: string | null = null;
  for (const r of s.rows) {
    const org = rowOrg(r.task).name;
    if (h.grouped !== false && r.depth === 0 && org !== lastOrg) {
      lastOrg = org;
      merged(ws, row, 1, LAST, org, { ...base, font: { name: FONT, size: 10, bold: true }, fill: fill('E9E3D9'), alignment: { horizontal: 'left', vertical: 'middle' } });
      ws.getRow(row).commit();
      row++;
    }
    const x = ws.getRow(row);
    x.getCell(1).value = r.depth ? '' : ++n;
    x.getCell(2).value = (r.depth ? '– ' : '') + r.task.title;
    x.getCell(3).value = r.task.owner_name ?? '';
    x.getCell(4).value = r.task.lead_short ?? r.task.lead_name ?? '';
    x.getCell(5).value = r.task.due_on ? formatDate(r.task.due_on) : '';
    for (let c = 1; c <= 5; c++) x.getCell(c).style = base;
    x.getCell(1).style = { ...base, alignment: { horizontal: 'center', vertical: 'top' } };
    r.cells.forEach((c, i) => {
      const cell = x.getCell(FIRST_MONTH + i);
      cell.value = cellText(c, words);
      const key = c.tone === 'none' ? (c.inSpan ? 'span' : 'none') : c.tone;
      const f = TONE_FILL[key];
      cell.style = { ...base, alignment: { horizontal: 'center', vertical: 'top', wrapText: true }, font: { name: FONT, size: 9, bold: key === 'behind', color: key === 'behind' ? { argb: 'FF7A1212' } : undefined }, ...(f ? { fill: fill(f) } : {}) };
    });
    // Streaming rows are not measured by spreadsheet programs: give wrapped rows their height.
    const lines = Math.max(Math.ceil(((r.depth ? 2 : 0) + r.task.title.length) / 46), ...r.cells.map((c) => Math.ceil(cellText(c, words).length / 10)), 1);
    x.height = Math.min(120, 13 * lines + 2);
    const st = x.getCell(LAST);
    st.value = t(STATUS_KEYS[r.task.status]);
    st.style = { ...base, fill: fill(STATUS_FILL[r.task.status] ?? 'FFFFFF'), alignment: { horizontal: 'center', vertical: 'top', wrapText: true } };
    x.commit();
    row++;
  }
  ws.getCell(cellRef(row + 1, 2)).value = t('sched.printedOn', { date: formatDate(h.today) });
  ws.getRow(row + 1).commit();
  ws.commit();
  await wb.commit();
}
