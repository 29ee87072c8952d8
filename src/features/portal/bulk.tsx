// Publish or unpublish several articles at once (issue 11 item 4, D59): the staff list gets a
// checkbox per article for the portal's approvers; a confirm page names them; then each article
// goes through the same command as publishing or unpublishing one (`publishArticle`,
// `unpublishArticle`: its own transaction, version, access check and audit row), each reported.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { ValidationError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { idList, parseInput } from '../../platform/validation.ts';
import { Csrf, Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { BulkConfirm, bulkResult, eachOnItsOwn, type BulkItem } from '../../ui/bulk.tsx';
import { PORTAL_APPROVERS } from './schema.ts';
import { publishArticle, unpublishArticle } from './service.ts';

/** The path of the bulk step (POST only; the list is /app/portal). */
export const ARTICLE_BULK_PATH = '/app/portal/articles/bulk';

const Head = z.object({ ids: idList(), action: z.enum(['publish', 'unpublish']), confirm: z.string().optional() });

/** POST /app/portal/articles/bulk: without `confirm=1` the confirm page; with it, each article published or unpublished; PRG to the list. */
export function articleBulkRoutes(app: FastifyInstance): void {
  app.post(ARTICLE_BULK_PATH, { config: { access: PORTAL_APPROVERS } }, async (req, reply) => {
    const actor = actorOf(req);
    const tr = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(req.locale, key, params);
    const head = parseInput(Head, req.body, req.locale);
    if (head.ids.length === 0) throw new ValidationError({ ids: 'bulk.noneChosen' });
    const verb = head.action;
    const rows = await app.db.selectFrom('article').select(['id', 'title', 'status', 'version']).where('ward_id', '=', actor.wardId).where('id', 'in', [...head.ids]).orderBy('title').execute();
    if (head.confirm !== '1') {
      const items: BulkItem[] = rows.map((r) => ({ id: r.id, label: r.title, detail: tr(`portal.status.${r.status}` as Parameters<typeof translate>[1]) }));
      return sendPage(req, reply, (ctx) => (
        <Layout ctx={ctx} title={tr(`portal.bulk.title.${verb}`)}>
          <h1>{tr(`portal.bulk.title.${verb}`)}</h1>
          <BulkConfirm ctx={ctx} action={ARTICLE_BULK_PATH} verb={verb} question={tr(`portal.bulk.confirm.${verb}`, { n: items.length })} items={items} back="/app/portal" button={tr(`portal.bulk.do.${verb}`, { n: items.length })} />
        </Layout>
      ));
    }
    // Each article on its own (D53): one refused does not undo the others, and each says why.
    const outcomes = await eachOnItsOwn(rows, (r) => r.title, (r) => (verb === 'publish' ? publishArticle(app.db, actor, r.id, { version: r.version, publish_at: null }) : unpublishArticle(app.db, actor, r.id, r.version)), req.locale);
    const text = bulkResult(outcomes, (n) => tr(`portal.bulk.done.${verb}`, { n }), (n) => tr(`portal.bulk.refused.${verb}`, { n }));
    return reply.redirect(doneAt(req, '/app/portal', 'bulk.flash', { text }), 303);
  });
}

/**
 * The bar under the staff article list (approvers only): the action and "Tiếp tục", in the form
 * `ARTICLE_BULK_FORM` the rows' checkboxes belong to (their `form` attribute). Works without JS.
 */
export function ArticleBulkBar({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <form id={ARTICLE_BULK_FORM} method="post" action={ARTICLE_BULK_PATH} class="actions bulk-actions no-print">
      <Csrf ctx={ctx} />
      <label for="bulk-action">{t('bulk.action')}</label>
      <select id="bulk-action" name="action">
        <option value="publish">{t('portal.bulk.publish')}</option>
        <option value="unpublish">{t('portal.bulk.unpublish')}</option>
      </select>
      <button type="submit">{t('bulk.next')}</button>
    </form>
  );
}

/** The id of the bulk form the list's checkboxes name. */
export const ARTICLE_BULK_FORM = 'bulk-articles';
