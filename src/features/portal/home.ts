// Reads for the home page "Việc của tôi" (issue 11 item 1, docs/DESIGN.md D49): the articles
// waiting for the actor's decision, and the articles the actor wrote that are in the editorial
// flow. Bounded (a limit and a count each). Who decides is the `portal.publish` permission — the
// one the publish, return and unpublish steps check (`isApprover` = the same role list).
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { hasAccess, writingActor } from '../../platform/access.ts';

/** An article on the home page. */
export interface ArticleLine {
  id: string;
  title: string;
  status: string;
  /** Submitted (queue) or last changed (mine), ISO instant. */
  at: string | null;
  author: string;
  /** The approver's note when returned. */
  note: string | null;
}

/** Articles submitted for publication, oldest first (`limit`, with the total); empty for an actor who may not publish. */
export async function articlesAwaitingMe(q: Queryable, actor: Actor, limit: number): Promise<{ items: ArticleLine[]; total: number }> {
  if (!(await hasAccess(q, await writingActor(q, actor), 'portal.publish'))) return { items: [], total: 0 };
  const base = () => q.selectFrom('article').where('ward_id', '=', actor.wardId).where('status', '=', 'submitted');
  const [rows, count] = await Promise.all([
    base().select(['id', 'title', 'status', 'submitted_at', 'author_label', 'review_note']).orderBy('submitted_at').orderBy('id').limit(limit).execute(),
    base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, at: r.submitted_at, author: r.author_label, note: null })), total: toNumber(count.n) };
}

/**
 * The actor's own articles (author_user_id) submitted, returned (with the note), or published
 * since `since` (ISO instant), most recently changed first (`limit`, with the total).
 */
export async function myArticles(q: Queryable, actor: Actor, since: string, limit: number): Promise<{ items: ArticleLine[]; total: number }> {
  const userId = actor.userId;
  if (!userId) return { items: [], total: 0 };
  const base = () =>
    q
      .selectFrom('article')
      .where('ward_id', '=', actor.wardId)
      .where('author_user_id', '=', userId)
      .where((e) => e.or([e('status', 'in', ['submitted', 'returned']), e.and([e('status', '=', 'published'), e('updated_at', '>=', since)])]));
  const [rows, count] = await Promise.all([
    base().select(['id', 'title', 'status', 'updated_at', 'author_label', 'review_note']).orderBy('updated_at', 'desc').orderBy('id').limit(limit).execute(),
    base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, at: r.updated_at, author: r.author_label, note: r.status === 'returned' ? r.review_note : null })), total: toNumber(count.n) };
}
