// The home page "Việc của tôi" (issue 11 item 1, docs/DESIGN.md D49): what the signed-in user must
// do now, for every role. This room owns no rule: who approves what, who writes which report, who
// attends which meeting are asked of the programmes, portal, reports and meetings rooms through
// their service.ts; each of their functions is one bounded query (a limit and a count), so the
// page costs a fixed number of queries however large the ward.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { writingActor } from '../../platform/access.ts';
import { addDays, isoWeekday, todayInVietnam, vnDayEnd } from '../../lib/vi/index.ts';
import { awaitingMyApproval, BOARD_READERS, mayApproveSome, mySubmissions, myTasks, type ApprovalLine, type Bounded, type MyTasks } from '../programmes/service.ts';
import { articlesAwaitingMe, myArticles, type ArticleLine } from '../portal/service.ts';
import { listRequests, myReports, reportsAwaitingReview, type ReportLine, type RequestListItem } from '../reports/service.ts';
import { minutesAwaitingMe, upcomingMeetings, type MeetingLine } from '../meetings/service.ts';
import { myOrgs, type MyOrg } from './repo.ts';

/** Lines per section on the home page; "xem tất cả" leads to the whole list. */
export const HOME_LIMIT = 5;
/** How far ahead "sắp đến hạn" and the meetings look, in days. */
export const HORIZON_DAYS = 14;
/** How long an approved item stays under "Tôi đã trình", in days. */
export const RECENT_DAYS = 30;

/** The dates a home page is computed for ('YYYY-MM-DD', Vietnam). */
export interface HomeDates {
  today: string;
  /** The Sunday of this week (Vietnamese weeks run Monday to Sunday). */
  weekEnd: string;
  /** today + HORIZON_DAYS. */
  horizon: string;
}

/** The dates of the home page on Vietnam day `today`. */
export function homeDates(today: string = todayInVietnam()): HomeDates {
  return { today, weekEnd: addDays(today, 7 - isoWeekday(today)), horizon: addDays(today, HORIZON_DAYS) };
}

/** Everything the home page shows (each list bounded by HOME_LIMIT, with its total). */
export interface HomeData {
  dates: HomeDates;
  year: number;
  /** The Standing Committee: a card leading to its dashboard. */
  board: boolean;
  approvals: {
    /** Whether the actor approves anything at all (the section shows, empty or not). */
    any: boolean;
    programmes: Bounded<ApprovalLine>;
    tasks: Bounded<ApprovalLine>;
    articles: Bounded<ArticleLine>;
    minutes: Bounded<MeetingLine>;
    reports: Bounded<ReportLine>;
  };
  /** Null when the actor can own no task (no linked person, no organization). */
  tasks: MyTasks | null;
  reportsOwed: Bounded<ReportLine> | null;
  sent: {
    any: boolean;
    programmes: Bounded<ApprovalLine>;
    tasks: Bounded<ApprovalLine>;
    articles: Bounded<ArticleLine>;
    reports: Bounded<ReportLine>;
  };
  meetings: Bounded<MeetingLine> | null;
  /** An editor's way to start its work: "Viết bài mới". */
  newArticle: boolean;
  orgs: MyOrg[];
  /** The open report requests and their completeness, for the office that follows them up. */
  reportBoard: RequestListItem[];
}

const isOffice = (a: Actor) => a.roles.has('admin') || a.roles.has('office');

/** The home page of `actor` on Vietnam day `today`. About twenty bounded queries, run side by side. */
export async function homeFor(q: Queryable, actor: Actor, today: string = todayInVietnam()): Promise<HomeData> {
  const dates = homeDates(today);
  const year = Number(today.slice(0, 4));
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString();
  // What waits on the user to act is asked as the user writes: a body above the ward reads it, approves nothing.
  const writer = await writingActor(q, actor);
  const hasPersonOrOrg = actor.roles.has('org_head') || actor.roles.has('member') || actor.roles.has('standing') || actor.roles.has('office') || actor.roles.has('admin');
  const [approvals, articles, minutes, reviews, tasks, reports, sent, mine, meetings, orgs, board, approvesWork] = await Promise.all([
    awaitingMyApproval(q, writer, HOME_LIMIT),
    articlesAwaitingMe(q, writer, HOME_LIMIT),
    minutesAwaitingMe(q, writer, HOME_LIMIT),
    reportsAwaitingReview(q, writer, HOME_LIMIT),
    hasPersonOrOrg ? myTasks(q, actor, dates, HOME_LIMIT) : Promise.resolve(null),
    myReports(q, actor, since, HOME_LIMIT),
    mySubmissions(q, actor, since, HOME_LIMIT),
    myArticles(q, actor, since, HOME_LIMIT),
    upcomingMeetings(q, actor, new Date().toISOString(), vnDayEnd(dates.horizon), HOME_LIMIT),
    myOrgs(q, actor.wardId, actor.headOf, actor.memberOf, year),
    isOffice(actor) ? listRequests(q, actor, { page: 1 }) : Promise.resolve({ items: [] as RequestListItem[], total: 0 }),
    mayApproveSome(q, writer), // an association's head approves its branches' work (D50, D60)
  ]);
  const approver = writer.roles.has('admin') || writer.roles.has('standing') || writer.roles.has('office') || approvesWork;
  const taskOwner = tasks && (tasks.overdue.total + tasks.late.total + tasks.thisWeek.total + tasks.soon.total > 0 || actor.roles.has('org_head') || actor.roles.has('member'));
  const sentAny = actor.roles.has('org_head') || actor.roles.has('editor') || sent.programmes.total + sent.tasks.total + mine.total + reports.sent.total > 0;
  return {
    dates,
    year,
    board: actor.roles.has('standing') && BOARD_READERS.some((r) => actor.roles.has(r)),
    approvals: { any: approver || minutes.total > 0, programmes: approvals.programmes, tasks: approvals.tasks, articles, minutes, reports: reviews },
    tasks: taskOwner ? tasks : null,
    reportsOwed: actor.roles.has('org_head') ? reports.owed : null,
    sent: { any: sentAny, programmes: sent.programmes, tasks: sent.tasks, articles: mine, reports: reports.sent },
    meetings: actor.roles.has('editor') && !approver && !actor.roles.has('org_head') && !actor.roles.has('member') ? null : meetings,
    newArticle: writer.roles.has('editor'),
    orgs,
    reportBoard: board.items.filter((r) => r.request.status === 'open').slice(0, HOME_LIMIT),
  };
}

/** The whole lists behind "xem tất cả" (this room's own: the actor's tasks and approvals). */
export const HOME_LISTS = ['overdue', 'late', 'week', 'soon', 'programmes', 'tasks', 'sent-programmes', 'sent-tasks'] as const;
export type HomeList = (typeof HOME_LISTS)[number];
/** Lines per page of a whole list. */
export const LIST_PAGE = 50;

/** One page (1-based) of a whole list of the home page: its lines (tasks or approval lines) and total. */
export async function homeList(q: Queryable, actor: Actor, list: HomeList, page: number, today: string = todayInVietnam()): Promise<{ kind: 'task' | 'approval'; items: (ApprovalLine | MyTasks['overdue']['items'][number])[]; total: number }> {
  const offset = (page - 1) * LIST_PAGE;
  if (list === 'overdue' || list === 'late' || list === 'week' || list === 'soon') {
    const t = await myTasks(q, actor, homeDates(today), LIST_PAGE, offset);
    const g = list === 'overdue' ? t.overdue : list === 'late' ? t.late : list === 'week' ? t.thisWeek : t.soon;
    return { kind: 'task', ...g };
  }
  if (list === 'programmes' || list === 'tasks') {
    const a = await awaitingMyApproval(q, actor, LIST_PAGE, offset);
    return { kind: 'approval', ...(list === 'programmes' ? a.programmes : a.tasks) };
  }
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString();
  const s = await mySubmissions(q, actor, since, LIST_PAGE, offset);
  return { kind: 'approval', ...(list === 'sent-programmes' ? s.programmes : s.tasks) };
}
