// Editorial pages under /app/portal: editors draft and submit; office and Standing Committee
// approve (publish now or at a time), return with comments, unpublish; admin does everything.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../platform/http/forms.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { IdParams } from '../../platform/http/api.ts';
import { parseInput, int } from '../../platform/validation.ts';
import { AppError, ValidationError, notFound } from '../../platform/errors.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import * as portal from './service.ts';
import { addAttachment, addImage, removeFile, ATTACHMENT_MAX_BYTES, IMAGE_MAX_BYTES, type Upload } from './files.ts';
import { formAndFiles } from '../../platform/files/index.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { diffLines } from './diff.ts';
import { ArticleInput, ArticleUpdateInput, AttachmentMeta, CategoryInput, CategoryUpdateInput, ImageMeta, PORTAL_APPROVERS, PORTAL_STAFF, PublishInput, ReturnInput, VersionInput } from './schema.ts';
import { ArticleDetailPage, ArticleFormPage, ArticleListPage, CategoryFormPage, CategoryListPage, RevisionPage, revisionText } from './views/staff.tsx';
import { officeListRoutes } from '../../platform/office-list/routes.tsx';
import { wholeListQuery } from '../../platform/office-list/spec.ts';
import { pastTheEnd, toLimitOffset } from '../../platform/list.ts';
import { articleList, staffArticleRows, StaffArticleQuery } from './staff-list.ts';
import { siteOrigin } from './routes-public.tsx';

const staff = { config: { access: PORTAL_STAFF } };
const approvers = { config: { access: PORTAL_APPROVERS } };

/** A revision's path: the article's id and the revision number (a misfit is a 404). */
const RevisionParams = z.object({ id: z.string().uuid(), rev: int(1) });

export async function portalStaffRoutes(plain: FastifyInstance): Promise<void> {
  // Params, query and bodies are declared on the routes (zod, platform/http/schemas.ts); the
  // upload routes keep parsing their multipart fields by hand (params declared in uploadRoute).
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const categoryOptions = async (req: FastifyRequest) => (await portal.listCategories(db, actorOf(req).wardId)).map((c) => ({ value: c.id, label: c.name }));

  app.get('/app/portal', { ...staff, schema: { querystring: StaffArticleQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const [{ rows, total }, categories] = await Promise.all([staffArticleRows(db, actor.wardId, query, toLimitOffset(query)), portal.listCategories(db, actor.wardId)]);
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    return sendPage(req, reply, (ctx) => <ArticleListPage ctx={ctx} rows={rows} total={total} query={query} categories={categories} wholeQuery={wholeListQuery(req.url)} />);
  });
  // Its print view and Excel export of the whole filter (D52): /app/portal/print, /app/portal.xlsx.
  officeListRoutes(app, articleList);

  app.get('/app/portal/articles/new', staff, async (req, reply) => {
    const options = await categoryOptions(req);
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={emptyForm()} action="/app/portal/articles" title={ctx.t('portal.staff.new')} categories={options} cancel="/app/portal" />);
  });

  app.post('/app/portal/articles', { ...staff, ...FORM_ROUTE, schema: { body: ArticleInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/portal/articles/${await portal.createArticle(db, actorOf(req), req.body)}?ok=saved`,
      async (form) => {
        const options = await categoryOptions(req);
        return (ctx) => <ArticleFormPage ctx={ctx} form={form} action="/app/portal/articles" title={ctx.t('portal.staff.new')} categories={options} cancel="/app/portal" />;
      },
    ),
  );

  const detailView = async (req: FastifyRequest, id: string, form: FormState, uploadForm: FormState) => {
    const actor = actorOf(req);
    const [d, categories, portalBase] = await Promise.all([portal.getArticle(db, actor, id), portal.listCategories(db, actor.wardId), portal.portalBaseOf(db, actor.wardId, (site) => siteOrigin(site, app.config.publicUrl))]);
    return (ctx: PageContext) => <ArticleDetailPage ctx={ctx} d={d} categories={categories} form={form} uploadForm={uploadForm} portalBase={portalBase} />;
  };
  const detailPage = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, uploadForm: FormState, status = 200) =>
    sendPage(req, reply, await detailView(req, id, form, uploadForm), status);

  app.get('/app/portal/articles/:id', { ...staff, schema: { params: IdParams } }, async (req, reply) => detailPage(req, reply, req.params.id, emptyForm(), emptyForm()));

  app.get('/app/portal/articles/:id/edit', { ...staff, schema: { params: IdParams } }, async (req, reply) => {
    const d = await portal.getArticle(db, actorOf(req), req.params.id);
    if (!d.canEdit) throw new AppError(403, 'err.403.body');
    const options = await categoryOptions(req);
    const a = d.article;
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={emptyForm(a)} action={`/app/portal/articles/${a.id}`} title={ctx.t('portal.staff.edit')} categories={options} cancel={`/app/portal/articles/${a.id}`} />);
  });

  // With FORM_ROUTE a bad id does not answer at once: idParam makes it the 404.
  app.post('/app/portal/articles/:id', { ...staff, ...FORM_ROUTE, schema: { params: IdParams, body: ArticleUpdateInput } }, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await portal.updateArticle(db, actorOf(req), id, req.body);
        return `/app/portal/articles/${id}?ok=saved`;
      },
      async (form) => {
        const options = await categoryOptions(req);
        return (ctx) => <ArticleFormPage ctx={ctx} form={form} action={`/app/portal/articles/${id}`} title={ctx.t('portal.staff.edit')} categories={options} cancel={`/app/portal/articles/${id}`} />;
      },
    );
  });

  // Workflow steps: a validation error re-renders the article page with the message (400); a
  // step done says what happened ("Đã gửi bài viết để duyệt.", D64), never "Đã lưu.".
  const step = <S extends z.ZodType>(name: string, body: S, run: (req: FastifyRequest, id: string, input: z.output<S>) => Promise<MessageKey>) =>
    app.post(`/app/portal/articles/:id/${name}`, { ...staff, ...FORM_ROUTE, schema: { params: IdParams, body } }, async (req, reply) => {
      const id = idParam(req);
      return formWrite(
        req,
        reply,
        async () => {
          return doneAt(req, `/app/portal/articles/${id}`, await run(req, id, req.body as z.output<S>));
        },
        async (form) => await detailView(req, id, form, emptyForm()),
      );
    });
  step('submit', VersionInput, async (req, id, input) => (await portal.submitArticle(db, actorOf(req), id, input.version), 'done.article.submitted'));
  step('publish', PublishInput, async (req, id, input) => (await portal.publishArticle(db, actorOf(req), id, input), input.publish_at ? 'done.article.scheduled' : 'done.article.published'));
  step('return', ReturnInput, async (req, id, input) => (await portal.returnArticle(db, actorOf(req), id, input), 'done.article.returned'));
  step('unpublish', VersionInput, async (req, id, input) => (await portal.unpublishArticle(db, actorOf(req), id, input.version), 'done.article.unpublished'));

  app.get('/app/portal/articles/:id/revisions/:rev', { ...staff, schema: { params: RevisionParams } }, async (req, reply) => {
    const { id, rev } = req.params;
    const r = await portal.getRevision(db, actorOf(req), id, rev);
    const lines = r.prev ? diffLines(revisionText(r.prev), revisionText(r.rev)) : [];
    return sendPage(req, reply, (ctx) => <RevisionPage ctx={ctx} article={r.article} rev={r.rev} prev={r.prev} lines={lines} />);
  });

  const articleUploadPage = (req: FastifyRequest, reply: FastifyReply, id: string, uploadForm: FormState) => detailPage(req, reply, id, emptyForm(), uploadForm, 400);
  await uploadRoute(app, '/app/portal/articles/:id/images', 'file', articleUploadPage, (req, id, u) =>
    addImage(db, actorOf(req), app.config.filesDir, { type: 'article', id }, u.upload, parseInput(ImageMeta, u.fields, req.locale)).then(() => doneAt(req, `/app/portal/articles/${id}`, 'done.file.added')),
    PORTAL_STAFF,
    IMAGE_MAX_BYTES,
  );
  await uploadRoute(app, '/app/portal/articles/:id/attachments', 'attachment', articleUploadPage, (req, id, u) =>
    addAttachment(db, actorOf(req), app.config.filesDir, { type: 'article', id }, u.upload, parseInput(AttachmentMeta, u.fields, req.locale).title).then(() => doneAt(req, `/app/portal/articles/${id}`, 'done.file.added')),
  );

  app.post('/app/portal/files/:id/delete', { ...staff, schema: { params: IdParams } }, async (req, reply) => {
    const owner = await removeFile(db, actorOf(req), app.config.filesDir, req.params.id);
    return reply.redirect(doneAt(req, owner.type === 'article' ? `/app/portal/articles/${owner.id}` : `/app/portal/disclosures/${owner.id}`, 'done.file.deleted'), 303);
  });

  // Categories: everyone on the portal reads them; office, Standing Committee and admin change them.
  app.get('/app/portal/categories', staff, async (req, reply) => {
    const categories = await portal.listCategories(db, actorOf(req).wardId);
    return sendPage(req, reply, (ctx) => <CategoryListPage ctx={ctx} categories={categories} />);
  });
  app.get('/app/portal/categories/new', approvers, async (req, reply) => sendPage(req, reply, (ctx) => <CategoryFormPage ctx={ctx} form={emptyForm({ sort_order: 100, on_home: '1' })} action="/app/portal/categories" title={ctx.t('portal.cat.new')} />));
  app.post('/app/portal/categories', { ...approvers, ...FORM_ROUTE, schema: { body: CategoryInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await portal.createCategory(db, actorOf(req), req.body);
        return '/app/portal/categories?ok=saved';
      },
      async (form) => (ctx) => <CategoryFormPage ctx={ctx} form={form} action="/app/portal/categories" title={ctx.t('portal.cat.new')} />,
    ),
  );
  app.get('/app/portal/categories/:id/edit', { ...approvers, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    const c = (await portal.listCategories(db, actorOf(req).wardId)).find((x) => x.id === id);
    if (!c) throw notFound();
    return sendPage(req, reply, (ctx) => <CategoryFormPage ctx={ctx} form={emptyForm({ ...c, on_home: String(c.on_home) })} action={`/app/portal/categories/${id}`} title={ctx.t('portal.cat.edit')} />);
  });
  app.post('/app/portal/categories/:id', { ...approvers, ...FORM_ROUTE, schema: { params: IdParams, body: CategoryUpdateInput } }, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await portal.updateCategory(db, actorOf(req), id, req.body);
        return '/app/portal/categories?ok=saved';
      },
      async (form) => (ctx) => <CategoryFormPage ctx={ctx} form={form} action={`/app/portal/categories/${id}`} title={ctx.t('portal.cat.edit')} />,
    );
  });
}

export interface Uploaded {
  upload: Upload;
  fields: Record<string, string>;
}

/**
 * A POST route taking one uploaded file (at most `maxBytes`): multipart is parsed only here, with
 * the fields attached to the body; the CSRF token comes in the header or the `_csrf` query parameter. A validation error re-renders `page` (400) with the message
 * under `errorField`; success redirects (303) to what `run` returns.
 */
export async function uploadRoute(
  app: FastifyInstance,
  path: string,
  errorField: string,
  page: (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState) => Promise<FastifyReply>,
  run: (req: FastifyRequest, id: string, u: Uploaded) => Promise<string>,
  access: readonly Role[] = PORTAL_STAFF,
  maxBytes: number = ATTACHMENT_MAX_BYTES,
): Promise<void> {
  await app.register(async (scope) => {
    // Multipart for this route only, with its own limit (one file); the feature checks what arrives.
    await registerMultipart(scope, { fileSize: maxBytes, files: 1 });
    // Params declared; the multipart fields are read by hand (uploaded) and checked by `run`.
    scope.withTypeProvider<ZodTypeProvider>().post(path, { config: { access }, bodyLimit: maxBytes + 64 * 1024, schema: { params: IdParams } }, async (req, reply) => {
      const id = req.params.id;
      const u = uploaded(req);
      try {
        return reply.redirect(await run(req, id, u), 303);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const errors = Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [k === 'file' ? errorField : k, v]));
        return page(req, reply, id, { values: u.fields, errors });
      }
    });
  });
}

/** The one file of the form (platform/files reads the parts) and its other fields as strings; no file or several: an empty upload. */
function uploaded(req: FastifyRequest): Uploaded {
  const { fields: raw, files } = formAndFiles(req, 'file');
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== null && !Array.isArray(v)) fields[k] = String(v);
  const upload = files.length === 1 ? (files[0] as Upload) : { filename: '', data: Buffer.alloc(0), truncated: false };
  return { upload, fields };
}
