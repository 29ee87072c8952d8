// The month-by-month progress schedule (biểu tiến độ theo tháng): tasks down, 12 months across,
// each cell the planned against the actual. Built once, rendered as HTML and as XLSX.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { orgsBelow } from '../../platform/access.ts';
import { flag, optId, int } from '../../platform/validation.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { TASK_STATUSES, type TaskStatus } from './status.ts';
import { blank, YEAR } from './schema.ts';

export const ScheduleQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
  org: optId(),
  source: optId(),
  owner: optId(),
  status: z.preprocess(blank, z.enum(TASK_STATUSES).optional()),
  month: z.preprocess(blank, int(1, 12).optional()),
  programme: optId(),
});
export type ScheduleQuery = z.output<typeof ScheduleQuery>;

/** The page's own query: the filters, a page of rows, or every row at once (`all=1`, for printing). */
export const SchedulePageQuery = ScheduleQuery.extend({
  page: z.preprocess(blank, int(1, 100_000).optional()),
  all: flag(),
});
export type SchedulePageQuery = z.output<typeof SchedulePageQuery>;

/**
 * Rows per page of the schedule on screen. The ward-wide grid of a real year runs to thousands of
 * rows (≈ 1 KB of HTML each): a page of 100 stays light on an office PC or a phone; the print view
 * (`all=1`) and the XLSX always hold every row.
 */
export const SCHEDULE_PAGE_ROWS = 100;

export { cellsOf, type CellTone, type Schedule, type ScheduleCell, type ScheduleRow } from './schedule-cells.ts';
import type { Schedule, ScheduleCell, ScheduleRow } from './schedule-cells.ts';
import { loadSlots, scheduleSlots, slotsKey, type ScheduleFilter, type ScheduleSlot } from './schedule-query.ts';
import { keptRows, scheduleStamp } from './schedule-kept.ts';
import { once } from '../../platform/kept.ts';

/**
 * Builds the schedule for the ward (or one organization and its branches) with the filters
 * applied, every row (the print view, the XLSX): the stored state (state.ts), arranged and loaded
 * by schedule-query.ts. Throws nothing for an empty result.
 */
export async function buildSchedule(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, today: string = todayInVietnam()): Promise<Schedule> {
  const year = query.year ?? Number(today.slice(0, 4));
  const slots = await scheduleSlots(q, actor.wardId, await filterOf(q, actor, query, year), today);
  return { year, today, rows: await loadSlots(q, actor, slots, year, today) };
}

/** Rows of the schedule loaded this many at a time by `streamSchedule`. */
export const SCHEDULE_STREAM_ROWS = 250;

/** The schedule as a stream of rows: the XLSX writes each chunk before the next is loaded. */
export interface ScheduleStream {
  year: number;
  today: string;
  /** Every row of `buildSchedule`, in its order. */
  rows: AsyncIterable<ScheduleRow>;
  /** How many rows `rows` yields. */
  total: number;
}

/**
 * The rows of `buildSchedule` (same filters, same order, same content), loaded `chunk` rows at a
 * time: the light scan of every row first (schedule-query.ts, ≈ 10 columns a row), then each
 * chunk's tasks, milestones and stored cells only when the consumer asks for them, so a year of
 * 10,000 tasks never sits in memory as TaskViews (D69). Throws nothing for an empty result.
 */
export async function streamSchedule(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, today: string = todayInVietnam(), chunk = SCHEDULE_STREAM_ROWS): Promise<ScheduleStream> {
  const year = query.year ?? Number(today.slice(0, 4));
  const slots = await scheduleSlots(q, actor.wardId, await filterOf(q, actor, query, year), today);
  async function* rows(): AsyncGenerator<ScheduleRow> {
    for (let i = 0; i < slots.length; i += chunk) yield* await loadSlots(q, actor, slots.slice(i, i + chunk), year, today);
  }
  return { year, today, rows: rows(), total: slots.length };
}

/** One page of the schedule on screen, with every organization's row count (the page's headings). */
export interface SchedulePageData extends Schedule {
  /** Rows of the whole schedule, every page. */
  total: number;
  page: number;
  pages: number;
  groups: OrgGroup[];
}

/**
 * One page of the schedule (`page` from 1; past the last gives the last): the page's rows loaded,
 * the rows of other pages only scanned (ids, organization, stored status and month cell). The same
 * rows, pages and groups as `pageOfRows`/`orgGroups` over `buildSchedule`. The slots and the
 * page's loaded rows are kept in this process while the year's stamp is unchanged (D74): the rows
 * are shared, callers must not mutate them. `stamp`: the year's stamp as the request reads it once
 * (`yearStamp`), shared with the page's other kept parts.
 */
export async function schedulePage(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, page: number, today: string = todayInVietnam(), stamp = yearStamp(q, actor, query, today)): Promise<SchedulePageData> {
  const year = query.year ?? Number(today.slice(0, 4));
  const f = await filterOf(q, actor, query, year);
  // The slot list and the page's loaded rows are kept while the year's stamp is unchanged (D74).
  const slots = await scheduleSlots(q, actor.wardId, f, today, stamp);
  const { pages, groups } = cut(slots);
  const p = pickPage(pages, page);
  const rows = await keptRows(q, 'rows', `${slotsKey(actor.wardId, f, today)}|${p.page}`, stamp, () => loadSlots(q, actor, p.rows, year, today));
  return { year, today, rows: rows as ScheduleRow[], total: slots.length, page: p.page, pages: p.pages, groups };
}

/**
 * The schedule stamp of the query's year (`scheduleStamp` with the people's counter), read at most
 * once however many kept parts of one request ask for it (slots, rows, the owner filter's list).
 */
export function yearStamp(q: Queryable, actor: Pick<Actor, 'wardId'>, query: Pick<ScheduleQuery, 'year'>, today: string): () => Promise<string> {
  return once(() => scheduleStamp(q, actor.wardId, query.year ?? Number(today.slice(0, 4)), true));
}

/** The print view's frame: everything but its rows (D77). */
export interface SchedulePrintFrame {
  year: number;
  today: string;
  /** Rows of the whole filter. */
  total: number;
  groups: OrgGroup[];
  /** The kept slot list's key and the stamp read before it was used: the print rows are kept under them. */
  key: string;
  stamp: string;
}

/**
 * The print view (every row at once) without loading a row: the filter's count and organization
 * groups from its kept slot list (D74), the same as `buildSchedule`'s rows would give. Errors: 404
 * for an organization of another ward (as `buildSchedule`). `stamp` as for `schedulePage`.
 */
export async function schedulePrintFrame(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, today: string = todayInVietnam(), stamp = yearStamp(q, actor, query, today)): Promise<SchedulePrintFrame> {
  const year = query.year ?? Number(today.slice(0, 4));
  const f = await filterOf(q, actor, query, year);
  const slots = await scheduleSlots(q, actor.wardId, f, today, stamp);
  return { year, today, total: slots.length, groups: cut(slots).groups, key: slotsKey(actor.wardId, f, today), stamp: await stamp() };
}

async function filterOf(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, year: number): Promise<ScheduleFilter> {
  const orgIds = query.org ? [...(await orgsBelow(q, actor.wardId, [query.org]))] : null;
  return { year, orgIds, sourceId: query.source, ownerId: query.owner, programmeId: query.programme, status: query.status, month: query.month };
}

export const STATUS_KEYS: Record<TaskStatus, `status.${TaskStatus}`> = {
  not_started: 'status.not_started',
  on_track: 'status.on_track',
  late: 'status.late',
  overdue: 'status.overdue',
  done: 'status.done',
  done_late: 'status.done_late',
};

export interface CellWords {
  plan: string;
  actual: string;
  done: string;
  behind: string;
  /** A month inside the task's dates with nothing else to say: a mark, so the shading is never alone. */
  inSpan: string;
}

/** "KH 50% · TH 30%" — the cell in words, the same on screen, in print and in the XLSX. */
export function cellText(c: ScheduleCell, words: CellWords): string {
  const parts: string[] = [];
  if (c.planned !== null) parts.push(`${words.plan} ${fmtPct(c.planned)}`);
  if (c.actual !== null && c.tone !== 'plan') parts.push(`${words.actual} ${fmtPct(c.actual)}`);
  if (c.tone === 'done') parts.push(words.done);
  else if (c.tone === 'behind') parts.push(words.behind);
  if (parts.length === 0 && c.inSpan) parts.push(words.inSpan);
  return parts.join(' · ');
}

/** The cell words in a language: "KH", "TH", "xong", "chậm", "•". */
export function cellWords(t: (key: 'sched.plan' | 'sched.actual' | 'sched.doneWord' | 'sched.behindWord' | 'sched.inSpanMark') => string): CellWords {
  return { plan: t('sched.plan'), actual: t('sched.actual'), done: t('sched.doneWord'), behind: t('sched.behindWord'), inSpan: t('sched.inSpanMark') };
}

/** The organization a row is grouped under: its programme's, or its lead organization. */
export const rowOrg = (t: Pick<ScheduleSlot['task'], 'programme_org_id' | 'programme_org_name' | 'lead_org_id' | 'lead_name'>): { id: string | null; name: string } => ({
  id: t.programme_org_id ?? t.lead_org_id,
  name: t.programme_org_name ?? t.lead_name ?? '—',
});

export interface OrgGroup {
  orgId: string | null;
  name: string;
  rows: number;
}

/** Each organization of the schedule with its number of rows, in the schedule's order. */
export function orgGroups(rows: readonly Pick<ScheduleSlot, 'task'>[]): OrgGroup[] {
  const out = new Map<string, OrgGroup>();
  for (const r of rows) {
    const o = rowOrg(r.task);
    const key = o.id ?? o.name;
    const g = out.get(key) ?? { orgId: o.id, name: o.name, rows: 0 };
    g.rows++;
    out.set(key, g);
  }
  return [...out.values()];
}

/**
 * One page of rows: pages break only before a ward task, so a task and its branch sub-tasks stay
 * together (a task with more sub-tasks than a page holds gets a page of its own).
 */
export function pageOfRows<R extends { depth: number }>(rows: readonly R[], page: number, size = SCHEDULE_PAGE_ROWS): { rows: R[]; page: number; pages: number } {
  return pickPage(pagesOfRows(rows, size), page);
}

/** Every page of `rows` (`pageOfRows`' cut), in order; at least one (empty) page. */
export function pagesOfRows<R extends { depth: number }>(rows: readonly R[], size = SCHEDULE_PAGE_ROWS): R[][] {
  const pages: R[][] = [];
  let cur: R[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && rows[j]?.depth) j++; // the block: a row and the sub-tasks under it
    const block = rows.slice(i, j);
    if (cur.length && cur.length + block.length > size) {
      pages.push(cur);
      cur = [];
    }
    cur.push(...block);
    i = j;
  }
  if (cur.length) pages.push(cur);
  return pages.length ? pages : [[]];
}

/** Page `page` (from 1; past the last gives the last) of `pages`. */
function pickPage<R>(pages: readonly R[][], page: number): { rows: R[]; page: number; pages: number } {
  const p = Math.min(Math.max(1, page), pages.length);
  return { rows: pages[p - 1] ?? [], page: p, pages: pages.length };
}

/** Pages and groups of a kept slot list, computed once per list (the list is shared and never changes, D74). */
const cutOf = new WeakMap<readonly ScheduleSlot[], { pages: ScheduleSlot[][]; groups: OrgGroup[] }>();
function cut(slots: readonly ScheduleSlot[]): { pages: ScheduleSlot[][]; groups: OrgGroup[] } {
  let c = cutOf.get(slots);
  if (!c) cutOf.set(slots, (c = { pages: pagesOfRows(slots), groups: orgGroups(slots) }));
  return c;
}

export function fmtPct(n: number): string {
  return `${String(Math.round(n * 10) / 10).replace('.', ',')}%`;
}
