// Reads for the home page "Việc của tôi" (issue 11 item 1, docs/DESIGN.md D49): the reports the
// actor's organizations owe (requested, not yet sent, or returned), the reports they sent and where
// they stand, and — for the office, which accepts or returns them — the reports waiting for review.
// Bounded (a limit and a count each). The rules are those of submissions.ts: an organization
// writes its report with `org.write` on it (`WRITABLE` statuses), the office reviews (`ward.office`).
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { hasAccess, writableOrgs } from '../../platform/access.ts';
import { WRITABLE } from './submissions.ts';

/** A report (one organization's submission to one request) on the home page. */
export interface ReportLine {
  /** The submission's id: its page is /app/reports/submissions/<id>. */
  id: string;
  title: string;
  org: string;
  status: string;
  due_on: string;
  /** Sent on (ISO instant) for sent reports, else null. */
  at: string | null;
  /** The office's comment when returned. */
  comment: string | null;
}

type Bounded = { items: ReportLine[]; total: number };
const NONE: Bounded = { items: [], total: 0 };

function submissions(q: Queryable, wardId: string) {
  return q
    .selectFrom('report_submission as s')
    .innerJoin('report_request as r', 'r.id', 's.request_id')
    .innerJoin('organization as o', 'o.id', 's.org_id')
    .where('s.ward_id', '=', wardId)
    .where('r.ward_id', '=', wardId);
}

async function bounded(list: ReturnType<typeof submissions>, order: 'due' | 'sent', limit: number): Promise<Bounded> {
  const [rows, count] = await Promise.all([
    list
      .select(['s.id', 'r.title', 'o.name as org', 's.status', 'r.due_on', 's.submitted_at', 's.return_comment'])
      .orderBy(order === 'due' ? 'r.due_on' : 's.updated_at', order === 'due' ? 'asc' : 'desc')
      .orderBy('s.id')
      .limit(limit)
      .execute(),
    list.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ id: r.id, title: r.title, org: r.org, status: r.status, due_on: r.due_on, at: r.submitted_at, comment: r.status === 'returned' ? r.return_comment : null })), total: toNumber(count.n) };
}

/**
 * The reports of the organizations the actor heads (org.write scope of an organization head; a
 * ward-wide editor owes none of its own): `owed` — open requests, not sent or returned, due first;
 * `sent` — submitted and waiting, or accepted since `since` (ISO instant), newest first.
 */
export async function myReports(q: Queryable, actor: Actor, since: string, limit: number): Promise<{ owed: Bounded; sent: Bounded }> {
  const scope = await writableOrgs(q, actor);
  if (scope === 'all' || scope.size === 0) return { owed: NONE, sent: NONE };
  const orgs = [...scope];
  const mine = () => submissions(q, actor.wardId).where('s.org_id', 'in', orgs);
  const [owed, sent] = await Promise.all([
    bounded(mine().where('r.status', '=', 'open').where('s.status', 'in', [...WRITABLE]), 'due', limit),
    bounded(mine().where((e) => e.or([e('s.status', '=', 'submitted'), e.and([e('s.status', '=', 'accepted'), e('s.accepted_at', '>=', since)])])), 'sent', limit),
  ]);
  return { owed, sent };
}

/** Reports sent to the office and waiting for it to accept or return them (`ward.office`), oldest due first. */
export async function reportsAwaitingReview(q: Queryable, actor: Actor, limit: number): Promise<Bounded> {
  if (!(await hasAccess(q, actor, 'ward.office'))) return NONE;
  return bounded(submissions(q, actor.wardId).where('s.status', '=', 'submitted'), 'due', limit);
}
