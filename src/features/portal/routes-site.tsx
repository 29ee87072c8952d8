// The portal's settings and the editor's preview under /app/portal, and /favicon.ico.
// docs/DESIGN.md D55 (footer), D57 (this page, the preview, the favicon).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { FORM_ROUTE, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { RequestSchemaError, schemaRefusal } from '../../platform/http/schemas.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import * as portal from './service.ts';
import { siteSettings, updateSiteFooter } from './site.ts';
import { renderMarkdown } from './text.ts';
import { ArticlePreviewInput, PORTAL_STAFF, SiteFooterInput } from './schema.ts';
import { ArticleFormPage } from './views/staff.tsx';
import { SiteFooterPage } from './views/site.tsx';

const staff = { config: { access: PORTAL_STAFF } };

/** The footer settings page, the article preview (new and edit), and /favicon.ico. */
export function portalSiteRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  // Footer: every portal role with portal.edit (the command checks it again; others get 403 from the route).
  app.get('/app/portal/site', staff, async (req, reply) => {
    const s = await siteSettings(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <SiteFooterPage ctx={ctx} form={emptyForm(s)} />);
  });
  app.post('/app/portal/site', { ...staff, ...FORM_ROUTE, schema: { body: SiteFooterInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await updateSiteFooter(db, actorOf(req), req.body);
        return '/app/portal/site?ok=saved';
      },
      async (form) => (ctx) => <SiteFooterPage ctx={ctx} form={form} />,
    ),
  );

  // "Xem trước": the form comes back with the body rendered by the public page's renderer and
  // sanitizer; nothing is written. A body over the limit re-renders the form with the message (400).
  const categoryOptions = async (req: FastifyRequest) => (await portal.listCategories(db, actorOf(req).wardId)).map((c) => ({ value: c.id, label: c.name }));
  const preview = async (req: FastifyRequest, action: string, cancel: string) => {
    const values = (req.body ?? {}) as Record<string, unknown>;
    let form: FormState = { values, errors: {} };
    let html: string | undefined;
    if (req.validationError instanceof RequestSchemaError) {
      const e = schemaRefusal(req.validationError, req.locale);
      if (!(e instanceof ValidationError)) throw e;
      form = { values, errors: e.fields ?? {} };
    } else html = renderMarkdown(typeof values.body_md === 'string' ? values.body_md : '');
    const options = await categoryOptions(req);
    return { form, html, options, action, cancel };
  };
  app.post('/app/portal/articles/preview', { ...staff, ...FORM_ROUTE, schema: { body: ArticlePreviewInput } }, async (req, reply) => {
    const p = await preview(req, '/app/portal/articles', '/app/portal');
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={p.form} action={p.action} title={ctx.t('portal.staff.new')} categories={p.options} cancel={p.cancel} preview={p.html} />, p.html === undefined ? 400 : 200);
  });
  app.post('/app/portal/articles/:id/preview', { ...staff, ...FORM_ROUTE, schema: { params: IdParams, body: ArticlePreviewInput } }, async (req, reply) => {
    const id = idParam(req);
    const d = await portal.getArticle(db, actorOf(req), id);
    if (!d.canEdit) throw new AppError(403, 'err.403.body');
    const p = await preview(req, `/app/portal/articles/${id}`, `/app/portal/articles/${id}`);
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={p.form} action={p.action} title={ctx.t('portal.staff.edit')} categories={p.options} cancel={p.cancel} preview={p.html} />, p.html === undefined ? 400 : 200);
  });

  // Browsers ask for /favicon.ico whatever the page says: the PNG, cached like the static files.
  app.get('/favicon.ico', { config: { access: 'public' as const } }, async (_req, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/static/favicon.png', 301));
}
