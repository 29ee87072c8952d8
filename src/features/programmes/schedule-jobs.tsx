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
import { inForceDuring, listOrgs } from '../orgs/service.ts';
import { allSources, sourceShort } from '../sources/service.ts';
import { buildSchedule, orgGroups, streamSchedule, schedulePage, STATUS_KEYS, type SchedulePageData, type SchedulePageQuery, type ScheduleQuery } from './schedule.ts';
import { SchedulePage } from './schedule-views.tsx';
import { writeScheduleXlsx } from './schedule-xlsx.ts';
import { ownerOptions } from './service.ts';
import { schedulePaper } from './schedule-paper.ts';

/** The filters' choices: organizations, documents, and the people who own tasks that year. */
export async function scheduleOptions(db: Queryable, actor: Actor, year: number) {
  const [orgs, sources, owners] = await Promise.all([listOrgs(db, actor), allSources(db, actor), ownerOptions(db, actor, year)]);
  return {
    orgs: orgs.filter((o) => inForceDuring(o, `${year}-01-01`, `${year}-12-31`)).map((o) => ({ value: o.id, label: o.name })),
    sources: sources.map((s) => ({ value: s.id, label: sourceShort(s) })),
    owners,
  };
}

const yearOf = (q: ScheduleQuery, today: string) => q.year ?? Number(today.slice(0, 4));

/** Input of `programmes.schedule-page`: the acting user as data, the page's query and context. */
export interface SchedulePageInput {
  actor: Actor;
  query: SchedulePageQuery;
  ctx: PlainPageContext;
  today?: string;
}

/**
 * The schedule page as HTML: one page of rows (schedule-query.ts loads only its rows), or every row
 * at once for printing (`all=1`, the heavy one, run by a worker thread).
 */
export async function renderSchedulePage({ db }: Pick<JobEnv, 'db'>, input: SchedulePageInput): Promise<string> {
  const { actor, query } = input;
  const today = input.today ?? todayInVietnam();
  const whole = async (): Promise<SchedulePageData> => {
    const s = await buildSchedule(db, actor, query, today);
    return { ...s, total: s.rows.length, page: 1, pages: 1, groups: orgGroups(s.rows) };
  };
  // The print view is a paper of its issuing body: letterhead, dated line, signature (D56).
  const [s, opts, paper] = await Promise.all([
    query.all ? whole() : schedulePage(db, actor, query, query.page ?? 1, today),
    scheduleOptions(db, actor, yearOf(query, today)),
    query.all ? schedulePaper(db, actor, query.org, input.ctx.ward?.name ?? '', today, yearOf(query, today)) : null,
  ]);
  const orgName = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? null) : null;
  const ctx = fromPlainContext(input.ctx);
  return renderHtml(<SchedulePage ctx={ctx} s={s} rows={s.rows} total={s.total} page={s.page} pages={s.pages} groups={s.groups} query={query} orgName={orgName} paper={paper} {...opts} />);
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
  const [s, opts, paper] = await Promise.all([streamSchedule(db, actor, query, today), scheduleOptions(db, actor, yearOf(query, today)), schedulePaper(db, actor, query.org, input.wardName, today, yearOf(query, today))]);
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

registerJobs({ 'programmes.schedule-page': renderSchedulePage, 'programmes.schedule-xlsx': renderScheduleXlsx });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'programmes.schedule-page': typeof renderSchedulePage;
    'programmes.schedule-xlsx': typeof renderScheduleXlsx;
  }
}
