// The progress schedule as XLSX: the same rows, words and colours as the page, under the issuing
// body's letterhead and over its signature block (schedule-paper.ts, docs/DESIGN.md D56).
import type { Writable } from 'node:stream';
import { cellRef, fill, FONT, merged, streamingSheet, thin, titleBlock } from '../../export/xlsx.ts';
import { formatDate, formatNumber } from '../../lib/vi/index.ts';
import { translate, type Locale } from '../../platform/i18n/index.ts';
import { cellText, cellWords, rowOrg, STATUS_KEYS, type CellTone, type Schedule, type ScheduleRow } from './schedule.ts';
import { carriedFrom, coordinatingText, rowNotes, type SchedulePaper } from './schedule-paper.ts';

export const TONE_FILL: Record<CellTone | 'span', string | null> = { done: 'CFE8CF', ok: 'DBE9F7', behind: 'F7D4CF', plan: 'F2F2F2', span: 'FBFAF6', none: null };
const STATUS_FILL: Record<string, string> = { done: 'CFE8CF', done_late: 'FCE9C8', overdue: 'F7D4CF', late: 'FCE9C8', on_track: 'DBE9F7', not_started: 'F2F2F2' };

export interface XlsxHeading {
  /** Letterhead, dated line and signature of the issuing body. */
  paper: SchedulePaper;
  scopeName: string; // organization, or "Toàn phường"
  /** Ward-wide: rows grouped under a line per organization (the default). */
  grouped?: boolean;
  filters: string; // the filters applied, in words
  today: string;
}

/**
 * Writes the schedule workbook to `out` (streams; resolves when the file is complete). `s.rows` may
 * be a list (`buildSchedule`) or an async stream (`streamSchedule`): each row is committed as it is
 * written, so with a stream only one chunk of rows is in memory at a time.
 */
export async function writeScheduleXlsx(out: Writable, s: Pick<Schedule, 'year'> & { rows: Iterable<ScheduleRow> | AsyncIterable<ScheduleRow> }, h: XlsxHeading, locale: Locale = 'vi'): Promise<void> {
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(locale, k, p);
  const words = cellWords(t);
  // STT, task, owner, lead, coordinating, due; 12 months; status, notes.
  const FIRST_MONTH = 7;
  const LAST = FIRST_MONTH + 12; // status column
  const NOTES = LAST + 1;
  const { wb, ws } = streamingSheet(out, {
    name: t('sched.sheet', { year: s.year }),
    columns: [{ width: 5 }, { width: 40 }, { width: 16 }, { width: 14 }, { width: 16 }, { width: 11 }, ...Array.from({ length: 12 }, () => ({ width: 9 })), { width: 13 }, { width: 24 }],
    frozenRows: 7,
    frozenCols: 2,
    printTitleRows: '6:7',
  });
  const p = h.paper;
  let row = titleBlock(ws, {
    lastCol: NOTES,
    issuer: p.higher ? [p.left[0] ?? '', p.left.slice(1).join(' ')] : ['', p.left.join(' ')],
    motto: [p.right[0], p.right[1]],
    mark: p.mark === 'star' ? '*' : undefined,
    place: p.dateLine,
    title: t('sched.xlsxTitle', { year: s.year }),
    subtitle: [h.scopeName, h.filters, t('sched.legend')].filter(Boolean).join(' — '),
  });
  const head = { font: { name: FONT, size: 10, bold: true }, fill: fill('F1ECE4'), border: thin, alignment: { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true } };
  const heads = [t('sched.no'), t('sched.task'), t('task.owner'), t('task.lead'), t('sched.coordinating'), t('task.due')];
  heads.forEach((label, i) => merged(ws, row, i + 1, i + 1, label, head, row + 1));
  merged(ws, row, FIRST_MONTH, FIRST_MONTH + 11, `${t('task.progress')} ${s.year}`, head);
  for (let m = 1; m <= 12; m++) Object.assign(ws.getCell(row + 1, FIRST_MONTH + m - 1), { value: t('sched.month', { n: m }), style: head });
  merged(ws, row, LAST, LAST, t('task.status'), head, row + 1);
  merged(ws, row, NOTES, NOTES, t('sched.notes'), head, row + 1);
  // Border the covered cells of vertical merges too, so the header prints as a closed grid.
  for (const c of [1, 2, 3, 4, 5, 6, LAST, NOTES]) ws.getCell(row + 1, c).style = head;
  for (let c = FIRST_MONTH + 1; c <= FIRST_MONTH + 11; c++) ws.getCell(row, c).style = head;
  ws.getRow(row).height = 20;
  ws.getRow(row).commit();
  ws.getRow(row + 1).commit();
  row += 2;

  const base = { font: { name: FONT, size: 10 }, border: thin, alignment: { vertical: 'top' as const, wrapText: true } };
  let n = 0;
  let lastOrg: string | null = null;
  for await (const r of s.rows) {
    const org = rowOrg(r.task).name;
    if (h.grouped !== false && r.depth === 0 && org !== lastOrg) {
      lastOrg = org;
      merged(ws, row, 1, NOTES, org, { ...base, font: { name: FONT, size: 10, bold: true }, fill: fill('E9E3D9'), alignment: { horizontal: 'left', vertical: 'middle' } });
      ws.getRow(row).commit();
      row++;
    }
    const x = ws.getRow(row);
    x.getCell(1).value = r.depth ? '' : ++n;
    x.getCell(2).value = (r.depth ? '– ' : '') + r.task.title;
    x.getCell(3).value = r.task.owner_name ?? '';
    x.getCell(4).value = r.task.lead_short ?? r.task.lead_name ?? '';
    x.getCell(5).value = coordinatingText(r.task);
    x.getCell(6).value = r.task.due_on ? formatDate(r.task.due_on) : '';
    for (let c = 1; c <= 6; c++) x.getCell(c).style = base;
    x.getCell(1).style = { ...base, alignment: { horizontal: 'center', vertical: 'top' } };
    r.cells.forEach((c, i) => {
      const cell = x.getCell(FIRST_MONTH + i);
      const from = c.month === 1 ? carriedFrom(r.task.start_on, s.year) : null;
      cell.value = [from ? t('sched.from', { m: from.m, y: from.y }) : '', cellText(c, words)].filter(Boolean).join(' · ');
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
    const notes = rowNotes(r.task, s.year, t, formatDate, formatNumber);
    x.getCell(NOTES).value = notes;
    x.getCell(NOTES).style = { ...base, font: { name: FONT, size: 9 } };
    x.height = Math.max(x.height ?? 0, Math.min(120, 12 * Math.ceil(notes.length / 30) + 2));
    x.commit();
    row++;
  }
  ws.getCell(cellRef(row + 1, 2)).value = t('sched.printedOn', { date: formatDate(h.today) });
  ws.getRow(row + 1).commit();
  signatureBlock(ws, row + 2, p, NOTES, t('sched.recipients'), t('sched.signHint'));
  ws.commit();
  await wb.commit();
}

/**
 * "Nơi nhận" (left, columns 1–4, 10 pt) and the signer (right, the last six columns: prefix and post
 * bold, the hint in italics, room to sign, the name bold) from row `from`; rows committed.
 */
function signatureBlock(ws: Parameters<typeof merged>[0], from: number, p: SchedulePaper, lastCol: number, recipientsLabel: string, hint: string): void {
  const left = [{ text: recipientsLabel, bold: true, italic: true }, ...p.recipients.map((text) => ({ text, bold: false, italic: false }))];
  const right = [
    { text: p.sign.prefix, bold: true, italic: false },
    { text: p.sign.title, bold: true, italic: false },
    { text: hint, bold: false, italic: true },
    { text: '', bold: false, italic: false },
    { text: '', bold: false, italic: false },
    { text: p.sign.name, bold: true, italic: false },
  ];
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const l = left[i];
    const r = right[i];
    if (l) merged(ws, from + i, 1, 4, l.text, { font: { name: FONT, size: 10, bold: l.bold, italic: l.italic }, alignment: { horizontal: 'left', vertical: 'top' } });
    if (r) merged(ws, from + i, lastCol - 5, lastCol, r.text, { font: { name: FONT, size: 12, bold: r.bold, italic: r.italic } });
    ws.getRow(from + i).commit();
  }
}
