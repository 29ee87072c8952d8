// Reading a workbook back for comparisons: every cell of the first sheet (address, value, style),
// row heights, merges and the sheet's name, as plain data that `assert.deepEqual` can compare.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';

export interface SheetDump {
  cells: string[];
  merges: string[];
  name: string;
}

/** The first sheet of the XLSX `bytes`, dumped (see the top of this file). */
export async function dumpFirstSheet(bytes: Buffer | Uint8Array): Promise<SheetDump> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.ok(ws, 'the workbook has a sheet');
  const cells: string[] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    cells.push(`row ${n} height ${row.height}`);
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(`${cell.address} ${JSON.stringify(cell.value)} ${JSON.stringify(cell.style)}`));
  });
  const merges = (ws.model as unknown as { merges: string[] }).merges;
  return { cells, merges: [...merges].sort(), name: ws.name };
}
