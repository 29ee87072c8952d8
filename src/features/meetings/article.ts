// The news article drafted from a meeting record (issue 9, item 6), in the house style of the ward's
// own post (../shared/seed/ward-news-2017-02-13.txt): the opening sentence with the time of day,
// date and place and who worked with whom; the chair and the named attendees with their posts of the
// day as the ward prints them (abbreviations); a summary of the reports; the directives; and the
// numbered conclusions. Only the parts marked public go in. The draft then enters the portal's
// editorial flow (draft → submitted → published) like any article.
import type { Db } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { formatSessionDate } from '../../lib/vi/index.ts';
import { insertArticle, listCategories } from '../portal/service.ts';
import { getMeeting, type MeetingDetail } from './load.ts';
import { postLine, type PrintPost } from './posts.ts';

/** What a drafted article holds: portal fields (body in Markdown). */
export interface ArticleDraft {
  title: string;
  summary: string | null;
  body_md: string;
}

const named = (p: { name: string; posts: PrintPost[] }): string => {
  const posts = postLine(p.posts, true);
  return posts ? `đồng chí ${p.name} - ${posts}` : `đồng chí ${p.name}`;
};

/**
 * Record text as literal Markdown: every character Markdown could read as markup is escaped
 * (emphasis, links, images, code, HTML, strike-through; headings, quotes and lists at a line's
 * start), so "**x**" in a title stays "**x**" on the portal. Other punctuation stays as typed.
 */
const md = (s: string): string =>
  s
    .replace(/[\\`*_[\]<>~]/gu, '\\$&')
    .replace(/^([^\S\n\r\u2028\u2029]*)([#>+-])/gmu, '$1\\$2')
    .replace(/^([^\S\n\r\u2028\u2029]*)(\d+)([.)])(\s)/gmu, '$1$2\\$3$4');
const para = md;

/** A Vietnamese list: "A, B và C". */
function listVi(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
}

/**
 * Composes the article from a meeting's record (pure; see the module comment for the shape).
 * The kind's name in lower case words the meeting ("hội nghị", "buổi làm việc").
 */
export function composeArticle(d: MeetingDetail): ArticleDraft {
  const m = d.meeting;
  const noun = (d.kind?.name ?? 'cuộc họp').toLocaleLowerCase('vi');
  const paragraphs: string[] = [];
  paragraphs.push(md(`${formatSessionDate(m.starts_at)}, tại ${m.place}, ${m.title}.`));

  const who: string[] = [];
  const chairId = m.chair_person_id;
  const present = d.attendees.filter((a) => a.status !== 'excused' && a.status !== 'absent' && a.role !== 'press');
  const featured = present.filter((a) => a.featured && a.person_id !== chairId).map((a) => (a.person_id ? named(a) : `${a.name}${a.guest_title ? ` - ${a.guest_title}` : ''}`));
  if (m.others_text) featured.push(m.others_text);
  if (d.chair) who.push(`Chủ trì ${noun}, ${named(d.chair)}`);
  if (featured.length) who.push(`dự ${noun} có ${featured.join('; ')}`);
  if (who.length) paragraphs.push(md(`${who.join('; ')}.`));

  const reports = d.reports.filter((r) => r.is_public);
  if (reports.length) {
    const orgs = [...new Set(reports.map((r) => r.org_short ?? r.org_name))];
    paragraphs.push(md(`Tại ${noun}, lãnh đạo ${listVi(orgs)} đã trình bày báo cáo.`));
    for (const r of reports) for (const line of r.summary.split(/\n{2,}/u)) if (line.trim()) paragraphs.push(para(line.trim()));
  }
  if (m.is_public && m.summary) for (const line of m.summary.split(/\n{2,}/u)) if (line.trim()) paragraphs.push(para(line.trim()));

  for (const dir of d.directives.filter((x) => x.is_public)) {
    for (const line of dir.content.split(/\n{2,}/u)) if (line.trim()) paragraphs.push(para(line.trim()));
  }

  const conclusions = d.conclusions.map((c) => c.conclusion).filter((c) => c.is_public);
  if (conclusions.length) {
    const addressed = [...new Set(conclusions.flatMap((c) => [c.lead_org_id, ...c.addressed_org_ids]).filter((x): x is string => !!x))].map((o) => d.orgs.get(o)?.short_name ?? d.orgs.get(o)?.name ?? '');
    const speaker = d.chair ? named(d.chair) : 'chủ trì hội nghị';
    paragraphs.push(md(`Kết luận ${noun}, ${speaker} đề nghị ${listVi(addressed.filter(Boolean))} thực hiện tốt một số nhiệm vụ chủ yếu sau:`));
    // The conclusions keep the numbers of the record and the notice (a private one leaves a gap).
    const list = conclusions.map((c) => `${c.number}. ${md(c.content.replace(/\s+/gu, (ws) => (ws.includes('\n') ? ' ' : ws)))}`);
    paragraphs.push(list.join('\n'));
  }
  const lead = `${formatSessionDate(m.starts_at)}, tại ${m.place}, ${m.title}.`;
  return { title: m.title, summary: lead.length <= 600 ? lead : null, body_md: paragraphs.join('\n\n') };
}

/**
 * Drafts the portal article of a held meeting marked public, in a category of the portal, as one
 * command (the article's own `article.create` audit row plus `meeting.article`). The meeting keeps
 * the article's id; a second draft is refused (409). 403, 404, 422 (not public, not held), 400.
 */
export async function draftArticle(db: Db, actor: Actor, meetingId: string, categoryId: string): Promise<string> {
  return runCommand(db, actor, 'meeting.article', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    await requireAccess(c.trx, actor, 'portal.edit');
    const d = await getMeeting(c.trx, actor, meetingId);
    if (!d.meeting.is_public) throw new AppError(422, 'meeting.err.notPublic');
    if (d.meeting.status !== 'held' && d.meeting.status !== 'approved') throw new AppError(422, 'meeting.err.articleNotHeld');
    if (d.meeting.article_id) throw new AppError(409, 'meeting.err.articleExists');
    const categories = await listCategories(c.trx, actor.wardId);
    if (!categories.some((k) => k.id === categoryId)) throw new ValidationError({ category_id: 'err.choice' });
    const draft = composeArticle(d);
    const articleId = await insertArticle(c.trx, actor, { category_id: categoryId, ...draft });
    await c.trx.updateTable('meeting').set((eb) => ({ article_id: articleId, version: eb('version', '+', 1) })).where('id', '=', meetingId).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting.article', entityType: 'meeting', entityId: meetingId, summary: draft.title, after: { article_id: articleId } });
    return articleId;
  });
}
