// The schedule's heavy jobs (docs/DESIGN.md D45), run by platform/workers off the event loop: the
// print view (every row of a year as one HTML page) and the XLSX export. Both build the schedule
// with `buildSchedule` and render it with the same views and writer as before, so the output is
// the same wherever they run (schedule-jobs.test.ts compares them).
import { Writable } from 'node:stream';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { translate, type Locale, type MessageKey } from '../../platform/i18n/index.ts';
import { renderHtml } from '../../platform/http/context.ts';
import { fromPlainContext, type PlainPageContext } from '../../platform/workers/context.ts';
import { registerJobs, type JobEnv } from '../../platform/workers/jobs.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { once, type StampReader } from '../../platform/kept.ts';
import { inForceDuring, keptOrgs, listOrgs, type OrgRow } from '../orgs/service.ts';
import { allSources, sourceShort } from '../sources/service.ts';
import { buildSchedule, schedulePage, schedulePrintFrame, streamSchedule, STATUS_KEYS, yearStamp, type SchedulePageQuery, type ScheduleQuery } from './schedule.ts';
import { keptPrintRows } from './schedule-kept.ts';
import { keptScheduleBodies, scheduleBodiesHtml, SchedulePage } from './schedule-views.tsx';
import { withParts } from '../../ui/kept-part.tsx';
import { writeScheduleXlsx } from './schedule-xlsx.ts';
import { checkTaskFilters, ownerOptions } from './service.ts';
import { keptSchedulePaper, schedulePaper } from './schedule-paper.ts';

/**
 * The filters' choices: organizations in force that year (and the one asked for, even if it was not),
 * documents, and the people who own tasks that year. Errors: 404 when a filter names what is not of
 * the ward (`org`, `source`, `owner`, `programme`: an unknown id, another ward's, D81): an empty
 * page under a filter that does not hold would mislead. `stamp`: the year's stamp as the request
 * reads it once (`yearStamp`); `orgsOf`: the ward's organizations, when the caller reads them for
 * something else too.
 */
export async function scheduleOptions(db: Queryable, actor: Actor, year: number, f: Pick<ScheduleQuery, 'org' | 'source' | 'owner' | 'programme'>, stamp?: () => Promise<string>, orgsOf: () => Promise<readonly OrgRow[]> = () => listOrgs(db, actor)) {
  const [orgs, sources, owners] = await Promise.all([orgsOf(), allSources(db, actor), ownerOptions(db, actor, year, stamp), checkTaskFilters(db, actor, f)]);
  return {
    orgs: orgs.filter((o) => o.id === f.org || inForceDuring(o, `${year}-01-01`, `${year}-12-31`)).map((o) => ({ value: o.id, label: o.name })),
    sources: sources.map((s) => ({ value: s.id, label: sourceShort(s) })),
    owners,
  };
}

const yearOf = (q: ScheduleQuery, today: string) => q.year ?? Number(today.slice(0, 4));

/** Input of the schedule page: the acting user as data, the page's query and context. */
export interface SchedulePageInput {
  actor: Actor;
  query: SchedulePageQuery;
  ctx: PlainPageContext;
  today?: string;
}

/**
 * What a request's kept reads are checked against (D81): its stamp reader (platform/kept.ts
 * `stampReaderOf`, the directory stamp read with the session) and the unit-tree version read with
 * the account. Without it (a worker, a test) the organizations and the paper are read afresh.
 */
export interface KeptReads {
  stamps: StampReader;
  treeVersion: string;
}

/** The ward's organizations for one request: kept (orgs room `keptOrgs`) when `kept` is given, read once either way. */
const orgsFor = (db: Queryable, actor: Actor, kept?: KeptReads) => once(() => (kept ? keptOrgs(db, actor, kept.stamps) : listOrgs(db, actor)));

/**
 * One page of the schedule as HTML (UTF-8 parts, see ui/kept-part.tsx `withParts`): schedule-query.ts loads only
 * its rows, kept with their rendered row groups while the year's stamp is unchanged (D74, D77).
 */
export async function renderSchedulePage({ db }: Pick<JobEnv, 'db'>, input: SchedulePageInput, kept?: KeptReads): Promise<Buffer[]> {
  const { actor, query } = input;
  const today = input.today ?? todayInVietnam();
  const stamp = yearStamp(db, actor, query, today); // read once for the rows and the owner filter
  const [s, opts] = await Promise.all([schedulePage(db, actor, query, query.page ?? 1, today, stamp), scheduleOptions(db, actor, yearOf(query, today), query, stamp, orgsFor(db, actor, kept))]);
  const orgName = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? null) : null;
  const ctx = fromPlainContext(input.ctx);
  const page = renderHtml(<SchedulePage ctx={ctx} s={s} shown={s.rows.length} total={s.total} page={s.page} pages={s.pages} groups={s.groups} query={query} orgName={orgName} paper={null} {...opts} />);
  return withParts(page, [keptScheduleBodies(ctx, s.rows, !query.org, s.year)]);
}

/** Input of `programmes.schedule-rows`: the print view's rows for one filter on one day. */
export interface ScheduleRowsInput {
  actor: Actor;
  query: ScheduleQuery;
  ctx: PlainPageContext;
  today: string;
}

/** The print view's rows as HTML (its <tbody> groups): every row of the filter loaded and rendered — the heavy part, on a worker thread (D45, D77). */
export async function renderScheduleRows({ db }: Pick<JobEnv, 'db'>, input: ScheduleRowsInput): Promise<string> {
  const s = await buildSchedule(db, input.actor, input.query, input.today);
  return scheduleBodiesHtml(fromPlainContext(input.ctx), s.rows, !input.query.org, s.year);
}

/**
 * The print view (`all=1`): every row of the filter as one HTML page (UTF-8 parts), on the paper of its
 * issuing body (letterhead, dated line, signature: D56). The frame (count, groups, filters, paper)
 * is read here; the rows come from `rows` (the heavy job, run off the event loop) unless kept for the
 * year's unchanged stamp (D77), so printing a year again costs a few queries.
 */
export async function renderSchedulePrint(db: Queryable, input: SchedulePageInput, rows: (input: ScheduleRowsInput) => Promise<string>, kept?: KeptReads): Promise<Buffer[]> {
  const { actor, query } = input;
  const today = input.today ?? todayInVietnam();
  const year = yearOf(query, today);
  // The year's stamp and the ward's organizations read once for the frame, the filters and the paper.
  const stamp = yearStamp(db, actor, query, today);
  const orgs = orgsFor(db, actor, kept);
  const wardName = input.ctx.ward?.name ?? '';
  const paperOf = () => (kept ? keptSchedulePaper(db, actor, query.org, wardName, today, year, orgs, kept.stamps, kept.treeVersion) : schedulePaper(db, actor, query.org, wardName, today, year, orgs));
  const [frame, opts, paper] = await Promise.all([schedulePrintFrame(db, actor, query, today, stamp), scheduleOptions(db, actor, year, query, stamp, orgs), paperOf()]);
  const ctx = fromPlainContext(input.ctx);
  const bodies = frame.total === 0 ? Buffer.alloc(0) : await keptPrintRows(db, `${frame.key}|${ctx.locale}`, frame.stamp, async () => Buffer.from(await rows({ actor, query, ctx: input.ctx, today })));
  const orgName = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? null) : null;
  const s = { year: frame.year, today, rows: [] };
  const page = renderHtml(<SchedulePage ctx={ctx} s={s} shown={frame.total} total={frame.total} page={1} pages={1} groups={frame.groups} query={query} orgName={orgName} paper={paper} {...opts} />);
  return withParts(page, [bodies]);
}

/** Input of `programmes.schedule-xlsx`. */
export interface ScheduleXlsxInput {
  actor: Actor;
  query: ScheduleQuery;
  locale: Locale;
  wardName: string;
  today?: string;
}

/** The schedule workbook (.xlsx bytes) with its filters in words; `year` names the file. */
export async function renderScheduleXlsx({ db }: Pick<JobEnv, 'db'>, input: ScheduleXlsxInput): Promise<{ year: number; bytes: Uint8Array }> {
  const { actor, query, locale } = input;
  const today = input.today ?? todayInVietnam();
  const orgs = once(() => listOrgs(db, actor)); // read once for the filters and the paper
  const [s, opts, paper] = await Promise.all([streamSchedule(db, actor, query, today), scheduleOptions(db, actor, yearOf(query, today), query, undefined, orgs), schedulePaper(db, actor, query.org, input.wardName, today, yearOf(query, today), orgs)]);
  const t = (k: MessageKey) => translate(locale, k);
  const scope = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? '') : t('sched.wardWide');
  const filters = [
    query.source ? `${t('sched.source')}: ${opts.sources.find((o) => o.value === query.source)?.label ?? ''}` : '',
    query.status ? `${t('task.status')}: ${t(STATUS_KEYS[query.status])}` : '',
    query.owner ? `${t('task.owner')}: ${opts.owners.find((o) => o.value === query.owner)?.label ?? ''}` : '',
    query.month ? translate(locale, 'task.month', { n: query.month }) : '',
  ].filter(Boolean);
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await writeScheduleXlsx(sink, s, { paper, scopeName: scope, grouped: !query.org, filters: filters.join('; '), today }, locale);
  // (the workbook ends `sink` itself: commit resolves once it has finished)
  const all = Buffer.concat(chunks);
  return { year: s.year, bytes: new Uint8Array(all.buffer, all.byteOffset, all.byteLength) };
}

registerJobs({ 'programmes.schedule-rows': renderScheduleRows, 'programmes.schedule-xlsx': renderScheduleXlsx });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'programmes.schedule-rows': typeof renderScheduleRows;
    'programmes.schedule-xlsx': typeof renderScheduleXlsx;
  }
}
