// XLSX writers (exceljs, streaming): a Vietnamese title block, merged headers, fills that match
// the screen, frozen panes and an A4 print setup. Rows are committed as they are written, so a
// large export keeps a small, flat memory footprint.
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { lazy } from '../lib/lazy.ts';

const excel = lazy<typeof ExcelJS>('exceljs');

export type Sheet = ExcelJS.Worksheet;
export const FONT = 'Times New Roman';

export interface SheetSpec {
  name: string;
  columns: { width: number }[];
  /** Rows above the data that stay visible (title block + header). */
  frozenRows: number;
  frozenCols: number;
  /** Rows repeated at the top of every printed page, e.g. '6:7'. */
  printTitleRows: string;
  landscape?: boolean;
}

/** A streaming workbook writing to `out`, with one sheet set up for A4 printing. */
export function streamingSheet(out: Writable, spec: SheetSpec): { wb: ExcelJS.stream.xlsx.WorkbookWriter; ws: Sheet } {
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'RõViệc';
  wb.created = new Date();
  const ws = wb.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: spec.frozenCols, ySplit: spec.frozenRows, topLeftCell: cellRef(spec.frozenRows + 1, spec.frozenCols + 1), activeCell: cellRef(spec.frozenRows + 1, spec.frozenCols + 1) }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.landscape === false ? 'portrait' : 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 },
      printTitlesRow: spec.printTitleRows,
    },
    headerFooter: { oddFooter: 'Trang &P/&N' },
  });
  ws.columns = spec.columns.map((c) => ({ width: c.width }));
  return { wb, ws };
}

export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
export const cellRef = (row: number, col: number): string => `${colLetter(col)}${row}`;

export const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: argb.length === 6 ? 'FF' + argb : argb } });
export const thin: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/** Writes text into a merged range with a style. */
export function merged(ws: Sheet, row: number, fromCol: number, toCol: number, value: string, style: Partial<ExcelJS.Style> = {}, toRow = row): void {
  if (toCol > fromCol || toRow > row) ws.mergeCells(row, fromCol, toRow, toCol);
  const cell = ws.getCell(row, fromCol);
  cell.value = value;
  Object.assign(cell, { style: { font: { name: FONT, size: 11 }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, ...style } });
}

/**
 * The title block of an official table: issuing body on the left, the national motto on the right
 * (Party bodies: "ĐẢNG CỘNG SẢN VIỆT NAM"), an optional `mark` under the body ("*"), then the title
 * and a subtitle across the sheet.
 */
export function titleBlock(ws: Sheet, o: { lastCol: number; issuer: [string, string]; motto: [string, string]; title: string; subtitle: string; place: string; mark?: string }): number {
  const half = Math.max(2, Math.floor(o.lastCol / 3));
  const right = o.lastCol - half - 1;
  merged(ws, 1, 1, half, o.issuer[0], { font: { name: FONT, size: 11 } });
  merged(ws, 1, right, o.lastCol, o.motto[0], { font: { name: FONT, size: 11, bold: true } });
  merged(ws, 2, 1, half, o.issuer[1], { font: { name: FONT, size: 11, bold: true } });
  merged(ws, 2, right, o.lastCol, o.motto[1], { font: { name: FONT, size: 11, bold: true, underline: true } });
  merged(ws, 3, right, o.lastCol, o.place, { font: { name: FONT, size: 11, italic: true } });
  if (o.mark) merged(ws, 3, 1, half, o.mark, { font: { name: FONT, size: 11 } }); // "*" under a Party body (HD 36-HD/VPTW)
  merged(ws, 4, 1, o.lastCol, o.title, { font: { name: FONT, size: 14, bold: true } });
  merged(ws, 5, 1, o.lastCol, o.subtitle, { font: { name: FONT, size: 11, italic: true } });
  for (let r = 1; r <= 5; r++) ws.getRow(r).commit();
  return 6; // the next free row
}
