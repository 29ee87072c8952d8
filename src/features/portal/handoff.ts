// Who hears of an article's editorial steps (issue 11 item 2, docs/DESIGN.md D50), inside the
// step's command: submitted → those who publish (the ward office and the Standing Committee);
// returned (with the note), published, scheduled → its author. Never the actor; once per user
// and step (the key names the article's version after the step).
import type { AuditActor, CommandTx } from '../../platform/command.ts';
import { translate } from '../../platform/i18n/index.ts';
import { notify, usersOfRoles } from '../../platform/notify.ts';
import { formatDateTime } from '../../lib/vi/index.ts';
import type { ArticleRow } from './repo.ts';

/** Roles told of a submitted article (they may publish or return it). */
export const ARTICLE_REVIEWERS = ['office', 'standing'] as const;

/** Notifies the people an editorial step concerns; `action` is the step's audit action ('article.submit', …). */
export async function notifyArticle(trx: CommandTx, actor: AuditActor, action: string, a: Pick<ArticleRow, 'id' | 'ward_id' | 'title' | 'author_user_id' | 'review_note' | 'published_at' | 'version'>): Promise<string[]> {
  const event = { 'article.submit': 'submitted', 'article.return': 'returned', 'article.publish': 'published', 'article.schedule': 'scheduled' }[action];
  if (!event) return [];
  const users = event === 'submitted' ? await usersOfRoles(trx, a.ward_id, ARTICLE_REVIEWERS) : a.author_user_id ? [a.author_user_id] : [];
  const to = users.filter((u) => u !== actor.userId);
  if (to.length === 0) return [];
  const message = translate('vi', `handoff.article.${event as 'submitted'}`, { title: a.title, comment: a.review_note ?? '', when: a.published_at ? formatDateTime(a.published_at) : '' });
  return notify(trx, { wardId: a.ward_id, userIds: to, kind: `article_${event}`, message, link: `/app/portal/articles/${a.id}`, dedupeKey: `article:${a.id}:${event}:${a.version + 1}` });
}
