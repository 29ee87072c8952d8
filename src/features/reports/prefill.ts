// What RõViệc already knows of an organization over a report's period (issue 10, item 4): its
// tasks done, done late and overdue, the meetings it held, the conclusions addressed to it, its
// indicators' values, the articles published about it; the figures a form's indicators are
// pre-filled from, and a Vietnamese draft of the "kết quả đạt được" section. Read-only: the draft
// holds copies the head edits (rules: docs/DESIGN.md D19).
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { notFound, ValidationError } from '../../platform/errors.ts';
import { fold, formatDate, formatNumber, isDay, todayInVietnam, vnDayEnd, vnDayStart } from '../../lib/vi/index.ts';
import { orgMeetingRecord } from '../meetings/service.ts';
import { getOrg } from '../orgs/service.ts';
import { publishedBetween } from '../portal/service.ts';
import { orgTasksForPeriod, type OrgPeriodTask } from '../programmes/service.ts';

/** A period's inclusive dates, 'YYYY-MM-DD' (Vietnam calendar days). */
export interface PeriodRange {
  start: string;
  end: string;
}

/** A task as the pre-fill lists it; `progress_percent` as it stood at the period's end. */
export interface PrefillTask {
  id: string;
  title: string;
  programme_id: string | null;
  due_on: string | null;
  done_on: string | null;
  progress_percent: number | null;
}

export interface Prefill {
  tasks: { done: PrefillTask[]; doneLate: PrefillTask[]; overdue: PrefillTask[] };
  /** Meetings the organization hosted and held in the period, oldest first. */
  meetings: { id: string; title: string; starts_at: string }[];
  /** Conclusions naming the organization (lead, coordinating, addressed), of meetings held in the period; `state` as at the period's end. */
  conclusions: { id: string; meeting_id: string; meeting_title: string; number: number; text: string; state: string; role: string }[];
  /** The organization's indicator tasks alive in the period, with the value reported by the period's end. */
  indicators: { task_id: string; title: string; target_value: number | null; target_unit: string | null; actual_value: number | null }[];
  /** Articles published in the period about the organization; `url` is the portal's public path. */
  articles: { id: string; title: string; published_at: string; url: string }[];
}

/** The computed figures a form indicator can be pre-filled from (its spec names one as `source`). */
export const PREFILL_SOURCES = ['tasks_done', 'tasks_done_late', 'tasks_overdue', 'meetings_held', 'conclusions_addressed', 'conclusions_done', 'articles_published'] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/** The count behind each source (all integers ≥ 0). */
export function prefillFigures(p: Prefill): Record<PrefillSource, number> {
  return {
    tasks_done: p.tasks.done.length,
    tasks_done_late: p.tasks.doneLate.length,
    tasks_overdue: p.tasks.overdue.length,
    meetings_held: p.meetings.length,
    conclusions_addressed: p.conclusions.length,
    conclusions_done: p.conclusions.filter((c) => c.state === 'done').length,
    articles_published: p.articles.length,
  };
}

const inRange = (day: string | null, r: PeriodRange): day is string => !!day && day >= r.start && day <= r.end;

/**
 * Sorts the organization's tasks (as `orgTasksForPeriod` returns them: top-level tasks of its
 * approved programmes and tasks it leads whose parent is not its own) over `r`:
 * - done: done_on in [start, end]; doneLate: those with done_on > due_on (also in done);
 * - overdue: due_on ≤ end, started by end (start_on ≤ end or none), not done by end (done_on none or > end).
 * Pure.
 */
export function sortTasks(tasks: readonly OrgPeriodTask[], r: PeriodRange): Prefill['tasks'] {
  const view = (t: OrgPeriodTask): PrefillTask => ({ id: t.id, title: t.title, programme_id: t.programme_id, due_on: t.due_on, done_on: t.done_on, progress_percent: t.percent_at_end });
  const done = tasks.filter((t) => inRange(t.done_on, r)).sort((a, b) => (a.done_on as string).localeCompare(b.done_on as string));
  const overdue = tasks.filter((t) => !!t.due_on && t.due_on <= r.end && (!t.start_on || t.start_on <= r.end) && (!t.done_on || t.done_on > r.end));
  return { done: done.map(view), doneLate: done.filter((t) => !!t.due_on && (t.done_on as string) > t.due_on).map(view), overdue: overdue.map(view) };
}

/** Whether folded `text` names the organization: its name, short name, or name without the trailing "phường …/xã …" (whole words). */
export function mentions(text: string, names: readonly string[]): boolean {
  const hay = ` ${fold(text)} `;
  return names.some((n) => n.length > 0 && hay.includes(` ${n} `));
}

/** The folded names an article may call the organization by. */
export function orgNames(org: { name: string; short_name: string | null }): string[] {
  const name = fold(org.name);
  const bare = name.replace(/ (phuong|xa|thi tran)( .*)?$/u, '');
  return [...new Set([name, bare, fold(org.short_name ?? '')].filter((n) => n.length >= 3))];
}

/**
 * What RõViệc knows of organization `orgId` (of actor.wardId) over `period`; read-only, no access
 * check beyond ward scoping (the caller checked). Ward-scoped throughout, a handful of queries:
 * - tasks: see `sortTasks`; sub-tasks of the organization's own tasks are not listed (the parent,
 *   whose progress is theirs rolled up, stands for them, as on the programme board and list);
 *   programmes never approved are left out (a proposal is not yet the organization's work);
 * - meetings: those it hosted, held or with minutes approved, starting in the period;
 * - conclusions: of meetings held in the period (any host) naming it as lead, coordinating or
 *   addressed, with the derived state (meetings room) at the period's end, or today while the
 *   period runs;
 * - indicators: its indicator tasks alive in the period whose latest value (if any) was reported
 *   in the period (an older figure is not this period's result), with the latest value reported on or
 *   before the end (a parent: the sum of its sub-tasks' latest values);
 * - articles: published in the period and either drafted from a meeting it hosted or was invited
 *   to, or naming it in title or summary (`mentions`, diacritics folded).
 * Errors: 400 a malformed period or start after end; 404 an organization not of the actor's ward.
 */
export async function prefillFor(q: Queryable, actor: Actor, orgId: string, period: PeriodRange): Promise<Prefill> {
  if (!isDay(period.start) || !isDay(period.end) || period.start > period.end) throw new ValidationError({ period: 'err.format' });
  const org = await getOrg(q, actor, orgId);
  if (!org) throw notFound();
  const from = vnDayStart(period.start);
  const to = vnDayEnd(period.end);
  const closeOf = period.end < todayInVietnam() ? period.end : null;
  const [tasks, record, published] = await Promise.all([orgTasksForPeriod(q, actor, orgId, period.start, period.end), orgMeetingRecord(q, actor, orgId, from, to, closeOf), publishedBetween(q, actor.wardId, from, to)]);
  const fromMeetings = new Set(record.articleIds);
  const names = orgNames(org);
  return {
    tasks: sortTasks(tasks, period),
    meetings: record.hosted.map((m) => ({ id: m.id, title: m.title, starts_at: m.starts_at })),
    conclusions: record.conclusions.map((c) => ({ id: c.id, meeting_id: c.meeting_id, meeting_title: c.meeting_title, number: c.number, text: c.content, state: c.state, role: c.role })),
    // A value reported before the period is not this period's result (a task overdue since 2017 does not report its 2017 figure in 2025).
    indicators: tasks.filter((t) => t.result_kind === 'indicator' && (t.value_on === null || t.value_on >= period.start)).map((t) => ({ task_id: t.id, title: t.title, target_value: t.target_value, target_unit: t.target_unit, actual_value: t.value_at_end })),
    articles: published.filter((a) => fromMeetings.has(a.id) || mentions(`${a.title} ${a.summary ?? ''}`, names)).map((a) => ({ id: a.id, title: a.title, published_at: a.published_at, url: a.url })),
  };
}

type Locale = 'vi' | 'en';
const NUM = (n: number, locale: Locale) => (locale === 'vi' ? formatNumber(n) : String(n));
const DAY = (d: string, locale: Locale) => (locale === 'vi' ? formatDate(d) : d);

/**
 * The narrative's sentences, Vietnamese first (the reports room may move them to its messages.ts).
 * Each takes the counts and the joined titles.
 */
const TEXT = {
  vi: {
    done: (n: string, late: string | null, list: string) => `Hoàn thành ${n} nhiệm vụ${late ? ` (${late} nhiệm vụ hoàn thành trễ hạn)` : ''}: ${list}.`,
    noneDone: () => 'Trong kỳ chưa có nhiệm vụ nào hoàn thành.',
    lateMark: 'trễ hạn',
    overdue: (n: string, list: string) => `Còn ${n} nhiệm vụ quá hạn chưa hoàn thành: ${list}.`,
    due: (d: string) => `hạn ${d}`,
    indicators: (list: string) => `Kết quả các chỉ tiêu: ${list}.`,
    indicator: (title: string, actual: string, target: string, unit: string) => `${title} đạt ${actual}${target ? `/${target}` : ''}${unit ? ` ${unit}` : ''}`,
    noValue: 'chưa báo cáo',
    meetings: (n: string, list: string) => `Tổ chức ${n} hội nghị, cuộc họp: ${list}.`,
    conclusions: (n: string, done: string) => `Được giao thực hiện ${n} kết luận của các hội nghị trong kỳ; đến cuối kỳ đã hoàn thành ${done} kết luận.`,
    articles: (n: string, list: string) => `Có ${n} tin, bài về hoạt động của đơn vị được đăng trên Cổng thông tin điện tử phường: ${list}.`,
  },
  en: {
    done: (n: string, late: string | null, list: string) => `Completed ${n} task(s)${late ? ` (${late} completed late)` : ''}: ${list}.`,
    noneDone: () => 'No task was completed in the period.',
    lateMark: 'late',
    overdue: (n: string, list: string) => `${n} task(s) overdue and not completed: ${list}.`,
    due: (d: string) => `due ${d}`,
    indicators: (list: string) => `Indicators: ${list}.`,
    indicator: (title: string, actual: string, target: string, unit: string) => `${title} reached ${actual}${target ? `/${target}` : ''}${unit ? ` ${unit}` : ''}`,
    noValue: 'not reported',
    meetings: (n: string, list: string) => `Held ${n} meeting(s): ${list}.`,
    conclusions: (n: string, done: string) => `Assigned ${n} meeting conclusion(s) in the period; ${done} done by the period's end.`,
    articles: (n: string, list: string) => `${n} article(s) about the organization published on the ward portal: ${list}.`,
  },
} satisfies Record<Locale, Record<string, unknown>>;

/**
 * Vietnamese (or English) narrative lines for the "kết quả đạt được" section drafted from the
 * figures: tasks done with their titles and the late count, overdue tasks with their due dates,
 * indicator values, meetings held, conclusions and their completion, articles. Plain text, one
 * paragraph per line; parts with nothing to say are left out (the task line always appears).
 */
export function prefillNarrative(p: Prefill, locale: Locale = 'vi'): string {
  const t = TEXT[locale];
  const n = (x: number) => NUM(x, locale);
  const lines: string[] = [];
  const late = new Set(p.tasks.doneLate.map((x) => x.id));
  if (p.tasks.done.length) {
    const list = p.tasks.done.map((x) => (late.has(x.id) ? `${x.title} (${t.lateMark})` : x.title)).join('; ');
    lines.push(t.done(n(p.tasks.done.length), late.size ? n(late.size) : null, list));
  } else lines.push(t.noneDone());
  if (p.tasks.overdue.length) lines.push(t.overdue(n(p.tasks.overdue.length), p.tasks.overdue.map((x) => (x.due_on ? `${x.title} (${t.due(DAY(x.due_on, locale))})` : x.title)).join('; ')));
  if (p.indicators.length) {
    const list = p.indicators.map((i) => (i.actual_value === null ? `${i.title}: ${t.noValue}` : t.indicator(i.title, n(i.actual_value), i.target_value === null ? '' : n(i.target_value), i.target_unit ?? '')));
    lines.push(t.indicators(list.join('; ')));
  }
  if (p.meetings.length) lines.push(t.meetings(n(p.meetings.length), p.meetings.map((m) => m.title).join('; ')));
  if (p.conclusions.length) lines.push(t.conclusions(n(p.conclusions.length), n(p.conclusions.filter((c) => c.state === 'done').length)));
  if (p.articles.length) lines.push(t.articles(n(p.articles.length), p.articles.map((a) => `“${a.title}”`).join('; ')));
  return lines.join('\n');
}
