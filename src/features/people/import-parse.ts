// Reading a people file (issue 13, item 4; docs/DESIGN.md D38): what kind of file it is, decided
// from its bytes (never its name), its text encoding for CSV, and its cells as a table with the
// Vietnamese headers of the import shape. Pure: no database, no access check.
import type ExcelJS from 'exceljs';
import { lazy } from '../../lib/lazy.ts';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { fileTypeFromBuffer } from 'file-type';
import { cleanText, fold } from '../../lib/vi/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';

const excel = lazy<typeof ExcelJS>('exceljs');

/**
 * Limits of one import file: 5 MB and 5,000 data rows; an XLSX (a zip) at most 40 MB unzipped and
 * no part packed more than 200 times (a "zip bomb" that would fill the server's memory when
 * ExcelJS unzips it, D38); a cell at most 2,000 characters (longer is a row error).
 */
export const IMPORT_LIMITS = { maxBytes: 5 * 1024 * 1024, maxRows: 5000, maxUnzipped: 40 * 1024 * 1024, maxRatio: 200, maxCell: 2000 } as const;

/** The columns of the import (and export) shape, in order, with their Vietnamese headers. */
export const COLUMNS = [
  { key: 'stt', header: 'STT', width: 6 },
  { key: 'full_name', header: 'Họ và tên', width: 28 },
  { key: 'gender', header: 'Giới tính', width: 10 },
  { key: 'birth_date', header: 'Ngày sinh (ngày/tháng/năm)', width: 14 },
  { key: 'phone', header: 'Điện thoại', width: 14 },
  { key: 'email', header: 'Thư điện tử', width: 24 },
  { key: 'unit', header: 'Tổ dân phố/Thôn', width: 20 },
  { key: 'post_title', header: 'Chức vụ', width: 24 },
  { key: 'post_org', header: 'Tổ chức của chức vụ', width: 22 },
  { key: 'post_start', header: 'Chức vụ từ ngày', width: 14 },
  { key: 'member_of', header: 'Hội viên của', width: 26 },
  { key: 'member_start', header: 'Hội viên từ ngày', width: 14 },
  { key: 'note', header: 'Ghi chú', width: 24 },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
/** Headers a file must have (a file without them is refused as a whole). */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['full_name', 'birth_date'];

/** One data row as read: its row number in the file (as a spreadsheet shows it) and its cells by column. */
export interface RawRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
  /** Columns whose text was longer than IMPORT_LIMITS.maxCell (kept cut to that length; a row error). */
  long?: ColumnKey[];
}

/** A refusal of the whole file: 400 with its message (the page shows it on the `file` field). */
const refuse = (key: MessageKey, params?: Record<string, string | number>) => new AppError(400, key, params);

/** A header as compared: no diacritics, no case, no bracketed hint, letters and digits only. */
function headerKey(s: string): string {
  return fold(s.replace(/\([^()]*\)/g, ' ')).replace(/[^a-z0-9]+/g, '');
}
const HEADER_INDEX = new Map<string, ColumnKey>(COLUMNS.map((c) => [headerKey(c.header), c.key]));
// A few spellings offices use for the same column.
for (const [alias, key] of [
  ['Họ tên', 'full_name'],
  ['Email', 'email'],
  ['Số điện thoại', 'phone'],
  ['Tổ dân phố', 'unit'],
  ['Thôn', 'unit'],
  ['Tổ chức', 'post_org'],
  ['Số thứ tự', 'stt'],
] as const) {
  HEADER_INDEX.set(headerKey(alias), key);
}

/** Lower-case Vietnamese letters beyond ASCII (NFC); their upper-case forms are added below. */
const VI_LOWER = 'àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ';
const VI_LETTERS = new Set([...VI_LOWER, ...VI_LOWER.toUpperCase()]);

/**
 * TCVN3 (ABC, TCVN 5712:1993), the font encoding of older Vietnamese files: the byte → letter
 * table of its lower-case font (the upper-case toned letters lived in a second font and are not
 * distinguishable as bytes).
 */
const TCVN3: Record<number, string> = {
  0xa1: 'Ă', 0xa2: 'Â', 0xa3: 'Ê', 0xa4: 'Ô', 0xa5: 'Ơ', 0xa6: 'Ư', 0xa7: 'Đ',
  0xa8: 'ă', 0xa9: 'â', 0xaa: 'ê', 0xab: 'ô', 0xac: 'ơ', 0xad: 'ư', 0xae: 'đ',
  0xb5: 'à', 0xb6: 'ả', 0xb7: 'ã', 0xb8: 'á', 0xb9: 'ạ', 0xbb: 'ằ', 0xbc: 'ẳ', 0xbd: 'ẵ', 0xbe: 'ắ', 0xc6: 'ặ',
  0xc7: 'ầ', 0xc8: 'ẩ', 0xc9: 'ẫ', 0xca: 'ấ', 0xcb: 'ậ', 0xcc: 'è', 0xce: 'ẻ', 0xcf: 'ẽ', 0xd0: 'é', 0xd1: 'ẹ',
  0xd2: 'ề', 0xd3: 'ể', 0xd4: 'ễ', 0xd5: 'ế', 0xd6: 'ệ', 0xd7: 'ì', 0xd8: 'ỉ', 0xdc: 'ĩ', 0xdd: 'í', 0xde: 'ị',
  0xdf: 'ò', 0xe1: 'ỏ', 0xe2: 'õ', 0xe3: 'ó', 0xe4: 'ọ', 0xe5: 'ồ', 0xe6: 'ổ', 0xe7: 'ỗ', 0xe8: 'ố', 0xe9: 'ộ',
  0xea: 'ờ', 0xeb: 'ở', 0xec: 'ỡ', 0xed: 'ớ', 0xee: 'ợ', 0xef: 'ù', 0xf1: 'ủ', 0xf2: 'ũ', 0xf3: 'ú', 0xf4: 'ụ',
  0xf5: 'ừ', 0xf6: 'ử', 0xf7: 'ữ', 0xf8: 'ứ', 0xf9: 'ự', 0xfa: 'ỳ', 0xfb: 'ỷ', 0xfc: 'ỹ', 0xfd: 'ý', 0xfe: 'ỵ',
};

function decodeTcvn3(data: Buffer): string {
  let s = '';
  for (const b of data) s += b < 0x80 ? String.fromCharCode(b) : (TCVN3[b] ?? '\ufffd');
  return s;
}

/**
 * How Vietnamese a decoded text looks: `vi` counts Vietnamese letters beyond ASCII, `odd` counts
 * what a wrong decoding leaves (symbols and foreign letters beyond ASCII, replacement marks, a
 * capital letter right after a small one inside a word).
 */
function score(text: string): { vi: number; odd: number } {
  let vi = 0;
  let odd = 0;
  const chars = [...text.normalize('NFC')];
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0) ?? 0;
    if (VI_LETTERS.has(ch)) {
      vi++;
      const prev = chars[i - 1] ?? '';
      if (ch !== ch.toLowerCase() && /\p{Ll}/u.test(prev)) odd++;
    } else if (code >= 0x80) odd++;
    else if (code < 0x20 && ch !== '\n' && ch !== '\r' && ch !== '\t') odd++;
  });
  return { vi, odd };
}

/**
 * The text of a CSV file: UTF-8 with or without BOM; otherwise Windows-1258 when it decodes to
 * Vietnamese; a TCVN3 (ABC) file is refused with how to save it again; anything else is refused
 * as not a spreadsheet. Errors: AppError 400 `import.err.tcvn3` / `import.err.notSheet`.
 */
export function decodeCsv(data: Buffer): string {
  if (data.includes(0)) throw refuse('import.err.notSheet');
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const body = bom ? data.subarray(3) : data;
  try {
    const utf8 = new TextDecoder('utf-8', { fatal: true }).decode(body);
    if (score(utf8).odd > Math.max(2, utf8.length / 50) && !bom) throw refuse('import.err.notSheet');
    return utf8;
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
  const cp1258 = score(iconv.decode(body, 'windows1258'));
  const tcvn3 = score(decodeTcvn3(body));
  if (tcvn3.vi > 0 && tcvn3.odd < cp1258.odd) throw refuse('import.err.tcvn3');
  if (cp1258.vi > 0 && cp1258.odd <= Math.max(1, cp1258.vi / 20)) return iconv.decode(body, 'windows1258').normalize('NFC');
  throw refuse('import.err.notSheet');
}

/** The text of one spreadsheet cell: dates as dd/mm/yyyy, numbers as written, links and rich text as their text. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel keeps a date as a day number: exceljs gives it as midnight UTC of that day.
    const d = String(v.getUTCDate()).padStart(2, '0');
    const m = String(v.getUTCMonth() + 1).padStart(2, '0');
    return `${d}/${m}/${v.getUTCFullYear()}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

/** Finds the header row among the first rows and maps each column position to its key. */
function mapHeaders(rows: string[][]): { headerAt: number; cols: Map<number, ColumnKey> } {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const cols = new Map<number, ColumnKey>();
    (rows[r] ?? []).forEach((h, i) => {
      const key = HEADER_INDEX.get(headerKey(h));
      if (key && ![...cols.values()].includes(key)) cols.set(i, key);
    });
    if ([...cols.values()].includes('full_name')) {
      const missing = REQUIRED_COLUMNS.filter((k) => ![...cols.values()].includes(k));
      if (missing.length) throw refuse('import.err.missingHeaders', { headers: missing.map((k) => COLUMNS.find((c) => c.key === k)?.header ?? k).join(', ') });
      return { headerAt: r, cols };
    }
  }
  throw refuse('import.err.missingHeaders', { headers: REQUIRED_COLUMNS.map((k) => COLUMNS.find((c) => c.key === k)?.header ?? k).join(', ') });
}

/** The data rows of a table of strings (row numbers from 1), blank rows dropped, at most IMPORT_LIMITS.maxRows. */
function toRows(table: string[][], firstRowNumber = 1): RawRow[] {
  const { headerAt, cols } = mapHeaders(table);
  const out: RawRow[] = [];
  for (let r = headerAt + 1; r < table.length; r++) {
    const line = table[r] ?? [];
    if (line.every((c) => cleanText(c) === '')) continue;
    const cells: Partial<Record<ColumnKey, string>> = {};
    const long: ColumnKey[] = [];
    for (const [i, key] of cols) {
      const v = cleanText(line[i] ?? '');
      if (v.length > IMPORT_LIMITS.maxCell) long.push(key);
      if (v) cells[key] = v.slice(0, IMPORT_LIMITS.maxCell);
    }
    out.push({ row: r + firstRowNumber, cells, ...(long.length ? { long } : {}) });
    if (out.length > IMPORT_LIMITS.maxRows) throw refuse('import.err.tooManyRows', { n: IMPORT_LIMITS.maxRows });
  }
  if (out.length === 0) throw refuse('import.err.noRows');
  return out;
}

/**
 * Refuses a zip whose parts would unzip too large, read from its central directory before any
 * unzipping (APPNOTE.TXT 4.3.12/4.3.16: end record 0x06054b50, entries 0x02014b50): the sum of
 * the declared unpacked sizes over IMPORT_LIMITS.maxUnzipped, a part packed more than
 * IMPORT_LIMITS.maxRatio times, a ZIP64 size, or a directory that cannot be read.
 * Errors: AppError 400 `import.err.unzipTooLarge` / `import.err.notSheet`.
 */
export function assertZipSizes(data: Buffer): void {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw refuse('import.err.notSheet');
  const entries = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  let total = 0;
  const tooLarge = () => refuse('import.err.unzipTooLarge', { mb: IMPORT_LIMITS.maxUnzipped / 1024 / 1024 });
  for (let n = 0; n < entries; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) throw refuse('import.err.notSheet');
    const packed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    if (packed === 0xffffffff || size === 0xffffffff) throw tooLarge();
    total += size;
    if (total > IMPORT_LIMITS.maxUnzipped) throw tooLarge();
    if (size > 1024 * 1024 && size > Math.max(1, packed) * IMPORT_LIMITS.maxRatio) throw tooLarge();
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
}

/** The cells of the first sheet of an XLSX workbook (not the "Hướng dẫn" sheet), as strings. */
async function xlsxTable(data: Buffer): Promise<string[][]> {
  assertZipSizes(data);
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw refuse('import.err.notSheet');
  }
  const ws = wb.worksheets.find((w) => fold(w.name) !== fold('Hướng dẫn')) ?? wb.worksheets[0];
  if (!ws) throw refuse('import.err.noRows');
  if (ws.rowCount > IMPORT_LIMITS.maxRows + 20) throw refuse('import.err.tooManyRows', { n: IMPORT_LIMITS.maxRows });
  const table: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const line: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, COLUMNS.length); c++) line.push(cellText(row.getCell(c).value));
    table.push(line);
  }
  return table;
}

/** The cells of a CSV text, the delimiter (comma, semicolon or tab) guessed from its first line. */
function csvTable(text: string): string[][] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: first.split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ?? ',';
  try {
    return parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: IMPORT_LIMITS.maxRows + 20 }) as string[][];
  } catch {
    throw refuse('import.err.notSheet');
  }
}

/**
 * Reads an uploaded people file into rows: XLSX when its bytes are an OOXML workbook, an old
 * Excel 97 file refused with how to save it again, any other recognised binary (image, PDF, ZIP…)
 * refused, else CSV (see `decodeCsv`). Throws AppError 400 with a message on `file`
 * (`import.err.*`): too large, not a spreadsheet, TCVN3, missing headers, no rows, too many rows.
 */
export async function readPeopleFile(data: Buffer): Promise<RawRow[]> {
  if (data.length > IMPORT_LIMITS.maxBytes) throw refuse('import.err.tooLarge', { mb: IMPORT_LIMITS.maxBytes / 1024 / 1024 });
  if (data.length === 0) throw refuse('import.err.empty');
  const kind = await fileTypeFromBuffer(data);
  if (kind?.ext === 'xlsx') return toRows(await xlsxTable(data));
  if (kind?.ext === 'xls' || kind?.ext === 'cfb') throw refuse('import.err.xls');
  if (kind) throw refuse('import.err.notSheet');
  return toRows(csvTable(decodeCsv(data)));
}
