// One mechanism for an office list (docs/DESIGN.md D52): a list of a room (people, tasks, the audit
// log…) declares its query (one zod schema, every filter and the sort in the URL), its columns
// (header, plain value, type) and how it loads a range of its rows in order. From that one spec the
// platform serves the page's "Tải danh sách (Excel)" (`<path>.xlsx?<same query>`) and "In danh sách"
// (`<path>/print?<same query>`) of the WHOLE filtered list, with row numbers (STT) and a title
// block, on the worker pool when the list is large, refused above MAX_LIST_ROWS with a message.
// Rooms register their specs (registerOfficeList) in a module that features/jobs.ts imports, so a
// worker thread knows them by name.
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../actor.ts';
import type { Role } from '../auth/roles.ts';
import type { MessageKey, T } from '../i18n/index.ts';
import type { SortDir } from '../list.ts';
import { compareVi } from '../../lib/vi/index.ts';

/** Most rows one print view or export holds; a longer filtered list is refused with a message (filter it down). */
export const MAX_LIST_ROWS = 10_000;
/** Above this many rows the print view and the export run on the worker pool (D45) rather than in the request's thread. */
export const HEAVY_LIST_ROWS = 300;

/** What a cell holds for print and export: text, a number, or null (empty). */
export type CellValue = string | number | null;

/**
 * How a column's value is shown and exported: 'text'; 'date' (a 'YYYY-MM-DD' calendar date: a
 * real date cell dd/mm/yyyy in Excel); 'datetime' (an ISO UTC instant: a date-time cell in Vietnam
 * time); 'number'; 'percent' (a number 0–100 shown "45%").
 */
export type ColumnType = 'text' | 'date' | 'datetime' | 'number' | 'percent';

/**
 * One column of an office list, as printed and exported (the page may show a richer cell, a link,
 * through ui/office-list.tsx `tableColumns`).
 * - `key`: the column's name; for a sortable column the `sort` word of the URL.
 * - `label`: the Vietnamese header (a message key), the same on the page, on paper and in Excel.
 * - `value`: the plain value of a row (`type` says how to read it).
 * - `width`: Excel width in characters (default 16); print widths follow it.
 * - `sortValue`: the key of an in-memory sort (sortRows); a SQL list sorts in its repository.
 */
export interface ListColumn<R> {
  key: string;
  label: MessageKey;
  /** The header when it is more than the label (e.g. "Chức vụ ngày 30/11/2026"). */
  header?: (t: T) => string;
  value: (row: R, t: T) => CellValue;
  type?: ColumnType;
  width?: number;
  sortable?: boolean;
  sortValue?: (row: R) => string | number | null;
}

/** The rows asked of a list: `limit` rows from `offset`, in the list's order. */
export interface RowRange {
  limit: number;
  offset: number;
}

/** A query every office list has: the sort words (possibly absent). */
export interface ListQueryBase {
  sort?: string | undefined;
  dir?: SortDir | undefined;
}

/**
 * An office list. `Q` is the parsed query of its page (zod schema `query`), `R` a row.
 * - `name`: unique, the job's key (`people`, `tasks`, `audit`…); `path`: the page's URL.
 * - `title`: the list's title on paper and in Excel ("Danh sách người"); `sheet`: the sheet's
 *   Vietnamese name (at most 31 characters, none of `[]:*?/\`); `file`: the download's name, ASCII.
 * - `access`: the roles of the page (the print view and export answer the same roles).
 * - `load`: the rows of `range` in order, and how many rows the filter holds; every scope and
 *   personal-data rule of the page applies (the room's service function).
 * - `describe`: the filter in words ("Tổ chức: Hội LHPN phường"), one phrase per filter set.
 * - `recordExport`: called with the rows once they were printed or exported (the people list
 *   records a `person.export` audit event, Nghị định 13/2023/NĐ-CP Art. 27).
 */
export interface OfficeList<Q extends object, R> {
  name: string;
  path: string;
  title: MessageKey;
  sheet: string;
  file: string;
  access: readonly Role[];
  query: z.ZodType<Q>;
  columns: (t: T, query: Q) => ListColumn<R>[];
  load: (db: Queryable, actor: Actor, query: Q, range: RowRange) => Promise<{ rows: R[]; total: number }>;
  describe: (db: Queryable, actor: Actor, query: Q, t: T) => Promise<string[]>;
  recordExport?: (db: Db, actor: Actor, rows: R[], via: string) => Promise<void>;
  /** Landscape paper (default true: office lists are wide). */
  landscape?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of lists of any row type
export type AnyOfficeList = OfficeList<any, any>;
const lists = new Map<string, AnyOfficeList>();

/** Registers a list by name (at module load, in every thread). The same name with another spec throws. */
export function registerOfficeList<Q extends object, R>(spec: OfficeList<Q, R>): OfficeList<Q, R> {
  const seen = lists.get(spec.name);
  if (seen && seen !== spec) throw new Error(`office list registered twice: ${spec.name}`);
  lists.set(spec.name, spec as AnyOfficeList);
  return spec;
}

/** The list registered as `name`; throws for an unknown name (a programming error). */
export function officeList(name: string): AnyOfficeList {
  const spec = lists.get(name);
  if (!spec) throw new Error(`unknown office list: ${name}`);
  return spec;
}

/** Every list registered so far (tests walk them all). */
export function registeredOfficeLists(): AnyOfficeList[] {
  return [...lists.values()];
}

/** Two non-empty keys: numbers as numbers, text in Vietnamese order. */
function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareVi(String(a), String(b));
}

/**
 * Sorts `rows` in memory by the asked column (its `sortValue`, else its `value`), `dir` ('asc'
 * default), empty values last either way, ties kept in the incoming order (stable): the sort of a
 * list whose rows are few (the ward's programmes of a year, its tasks) or already in memory. An
 * unknown or unsortable key leaves the order as it is.
 */
export function sortRows<R>(rows: readonly R[], columns: readonly ListColumn<R>[], query: ListQueryBase, t: T): R[] {
  const col = query.sort ? columns.find((c) => c.key === query.sort && c.sortable) : undefined;
  if (!col) return [...rows];
  const key = (r: R) => (col.sortValue ? col.sortValue(r) : col.value(r, t));
  const sign = query.dir === 'desc' ? -1 : 1;
  const keyed = rows.map((r, i) => ({ r, i, k: key(r) }));
  keyed.sort((x, y) => {
    const ex = x.k === null || x.k === '';
    const ey = y.k === null || y.k === '';
    if (ex || ey) return ex === ey ? x.i - y.i : ex ? 1 : -1;
    return sign * compareValues(x.k as string | number, y.k as string | number) || x.i - y.i;
  });
  return keyed.map((x) => x.r);
}

/** `range` of `rows` with their count: the `load` of an in-memory list. */
export function sliceRows<R>(rows: readonly R[], range: RowRange): { rows: R[]; total: number } {
  return { rows: rows.slice(range.offset, range.offset + range.limit), total: rows.length };
}

/** The query words of the whole list: the page's query string without its paging words (`page`, `page_size`, `after`). */
export function wholeListQuery(url: string): string {
  const at = url.indexOf('?');
  const params = new URLSearchParams(at >= 0 ? url.slice(at + 1) : '');
  for (const k of ['page', 'page_size', 'after', 'print', 'ok']) params.delete(k);
  const s = params.toString();
  return s ? `?${s}` : '';
}
