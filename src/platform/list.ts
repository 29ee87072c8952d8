// One way to page and sort a list, for pages and the API alike (docs/DESIGN.md D11).
//
// Query words: `page` (1-based) and `page_size`; `sort` (a column key from the
// list's whitelist) and `dir` ('asc' | 'desc'). The public portal keeps its
// Vietnamese word `trang` for the page (same helper, other name).

import { z } from 'zod';
import { int } from './validation.ts';

/** Highest page number accepted (a deeper page is refused as invalid input, not clamped). */
export const MAX_PAGE = 100_000;

/** Limits of one list's paging: the page size used when none is asked, and the largest one accepted. */
export interface PageLimits {
  size: number;
  maxSize: number;
}

/** The default for pages: 50 rows, and at most 200 when a caller asks for more. */
export const PAGE_LIMITS: PageLimits = { size: 50, maxSize: 200 };

/**
 * zod fields `page` and `page_size` to spread into a list's query schema:
 * `z.object({ q: …, ...pageFields(PAGE_LIMITS) })`. `page` defaults to 1; `page_size` to
 * `limits.size`, refused above `limits.maxSize`.
 */
export function pageFields(limits: PageLimits = PAGE_LIMITS) {
  return {
    page: int(1, MAX_PAGE, { default: 1 }),
    page_size: int(1, limits.maxSize, { default: limits.size }),
  };
}

/** A page asked for: 1-based page number and rows a page. */
export interface PageRequest {
  page: number;
  page_size: number;
}

/** page/page_size → the SQL `limit`/`offset` of that page. */
export function toLimitOffset(p: PageRequest): { limit: number; offset: number } {
  return { limit: p.page_size, offset: (p.page - 1) * p.page_size };
}

/** `page_size` for a link of the list: left out when it is the default, so URLs stay short. */
export function pageSizeParam(p: PageRequest, limits: PageLimits = PAGE_LIMITS): number | undefined {
  return p.page_size === limits.size ? undefined : p.page_size;
}

/** The page block of a list answer: `{ page, page_size, total }` (pages of the API answer it beside `items`). */
export function pageInfo(p: PageRequest, total: number): { page: number; page_size: number; total: number } {
  return { page: p.page, page_size: p.page_size, total };
}

export type SortDir = 'asc' | 'desc';

/** The sort asked for in the URL, already checked against the list's whitelist. */
export interface SortRequest<K extends string = string> {
  sort?: K | undefined;
  dir?: SortDir | undefined;
}

/**
 * zod fields `sort` and `dir` for a list whose sortable columns are `keys`. On a page an unknown
 * key or direction is dropped (the list falls back to its default order) rather than refused,
 * so an old bookmark still opens; with `strict` (the API, where a program sent it and must be
 * told) it is a 400 naming the field. Only these keys ever reach the repository, which maps each
 * to a fixed column: no user text reaches SQL.
 */
export function sortFields<const K extends readonly [string, ...string[]]>(keys: K, opts: { strict?: boolean } = {}) {
  if (opts.strict) return { sort: z.enum(keys).optional(), dir: z.enum(['asc', 'desc']).optional() };
  return {
    sort: z.enum(keys).optional().catch(undefined),
    dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  };
}

/**
 * zod fields of an API list that also took `limit`/`offset` before `page`/`page_size` existed:
 * all four optional; see apiLimitOffset.
 */
export function apiPageFields(limits: PageLimits = PAGE_LIMITS) {
  return {
    page: int(1, MAX_PAGE).optional(),
    page_size: int(1, limits.maxSize).optional(),
    limit: int(1, limits.maxSize).optional(),
    offset: int(0, 10_000_000).optional(),
  };
}

/**
 * limit/offset of an API list: from `page`/`page_size` when either is given (a `limit` beside a
 * `page` is its page size: `limit=10&page=2` is rows 11–20, not page 2 of 200-row pages), else
 * from `limit`/`offset` (defaults: `limits.size`, 0).
 */
export function apiLimitOffset(
  q: { page?: number | undefined; page_size?: number | undefined; limit?: number | undefined; offset?: number | undefined },
  limits: PageLimits = PAGE_LIMITS,
): { limit: number; offset: number } {
  if (q.page !== undefined || q.page_size !== undefined) return toLimitOffset({ page: q.page ?? 1, page_size: q.page_size ?? q.limit ?? limits.size });
  return { limit: q.limit ?? limits.size, offset: q.offset ?? 0 };
}

/**
 * Where a page past the end of a list should go: the same URL (`url`, path and query as asked)
 * with `page` set to the last page, or null when `p.page` is within the `total` rows (or the list
 * is empty: its page 1 says so). Lists clamp as the schedule does, so `?page=99999` shows the
 * last page instead of "Trang 99999/3" with a link to another empty page.
 */
export function pastTheEnd(url: string, p: PageRequest, total: number): string | null {
  const last = Math.max(1, Math.ceil(total / p.page_size));
  if (p.page <= last || total === 0) return null;
  const at = url.indexOf('?');
  const params = new URLSearchParams(at >= 0 ? url.slice(at + 1) : '');
  params.set('page', String(last));
  return `${at >= 0 ? url.slice(0, at) : url}?${params.toString()}`;
}
