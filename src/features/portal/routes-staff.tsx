// Editorial pages under /app/portal: editors draft and submit; office and Standing Committee
// approve (publish now or at a time), return with comments, unpublish; admin does everything.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { formWrite, idParam } from '../../platform/http/forms.ts';
import { parseInput } from '../../platform/validation.ts';
import { AppError, ValidationError, notFound } from '../../platform/errors.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import * as portal from './service.ts';
import { addAttachment, addImage, removeFile, ATTACHMENT_MAX_BYTES, IMAGE_MAX_BYTES, type Upload } from './files.ts';
import { formAndFiles } from '../../platform/files/index.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { diffLines } from './diff.ts';
import { AdminListQuery, ArticleInput, ArticleUpdateInput, AttachmentMeta, CategoryInput, CategoryUpdateInput, ImageMeta, PORTAL_APPROVERS, PORTAL_STAFF, PublishInput, ReturnInput, VersionInput } from './schema.ts';
import { ArticleDetailPage, ArticleFormPage, ArticleListPage, CategoryFormPage, CategoryListPage, RevisionPage, revisionText } from './views/staff.tsx';

const staff = { config: { access: PORTAL_STAFF } };
const approvers = { config: { access: PORTAL_APPROVERS } };

export async function portalStaffRoutes(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const categoryOptions = async (req: FastifyRequest) => (await portal.listCategories(db, actorOf(req).wardId)).map((c) => ({ value: c.id, label: c.name }));

  app.get('/app/portal', staff, async (req, reply) => {
    const actor = actorOf(req);
    const query = parseInput(AdminListQuery, req.query, req.locale);
    const [{ rows, total }, categories] = await Promise.all([portal.listStaffArticles(db, actor, query), portal.listCategories(db, actor.wardId)]);
    return sendPage(req, reply, (ctx) => <ArticleListPage ctx={ctx} rows={rows} total={total} query={query} categories={categories} />);
  });

  app.get('/app/portal/articles/new', staff, async (req, reply) => {
    const options = await categoryOptions(req);
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={emptyForm()} action="/app/portal/articles" title={ctx.t('portal.staff.new')} categories={options} cancel="/app/portal" />);
  });

  app.post('/app/portal/articles', staff, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/portal/articles/${await portal.createArticle(db, actorOf(req), parseInput(ArticleInput, req.body, req.locale))}?ok=saved`,
      async (form) => {
        const options = await categoryOptions(req);
        return (ctx) => <ArticleFormPage ctx={ctx} form={form} action="/app/portal/articles" title={ctx.t('portal.staff.new')} categories={options} cancel="/app/portal" />;
      },
    ),
  );

  const detailView = async (req: FastifyRequest, id: string, form: FormState, uploadForm: FormState) => {
    const actor = actorOf(req);
    const [d, categories] = await Promise.all([portal.getArticle(db, actor, id), portal.listCategories(db, actor.wardId)]);
    return (ctx: PageContext) => <ArticleDetailPage ctx={ctx} d={d} categories={categories} form={form} uploadForm={uploadForm} />;
  };
  const detailPage = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, uploadForm: FormState, status = 200) =>
    sendPage(req, reply, await detailView(req, id, form, uploadForm), status);

  app.get('/app/portal/articles/:id', staff, async (req, reply) => detailPage(req, reply, idParam(req), emptyForm(), emptyForm()));

  app.get('/app/portal/articles/:id/edit', staff, async (req, reply) => {
    const d = await portal.getArticle(db, actorOf(req), idParam(req));
    if (!d.canEdit) throw new AppError(403, 'err.403.body');
    const options = await categoryOptions(req);
    const a = d.article;
    return sendPage(req, reply, (ctx) => <ArticleFormPage ctx={ctx} form={emptyForm(a)} action={`/app/portal/articles/${a.id}`} title={ctx.t('portal.staff.edit')} categories={options} cancel={`/app/portal/articles/${a.id}`} />);
  });

  app.post('/app/portal/articles/:id', staff, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await portal.updateArticle(db, actorOf(req), id, parseInput(ArticleUpdateInput, req.body, req.locale));
        return `/app/portal/articles/${id}?ok=saved`;
      },
      async (form) => {
        const options = await categoryOptions(req);
        return (ctx) => <ArticleFormPage ctx={ctx} form={form} action={`/app/portal/articles/${id}`} title={ctx.t('portal.staff.edit')} categories={options} cancel={`/app/portal/articles/${id}`} />;
      },
    );
  });

  // Workflow steps: a validation error re-renders the article page with the message (400).
  const step = (name: string, run: (req: FastifyRequest, id: string) => Promise<unknown>) =>
    app.post(`/app/portal/articles/:id/${name}`, staff, async (req, reply) => {
      const id = idParam(req);
      return formWrite(
        req,
        reply,
        async () => {
          await run(req, id);
          return `/app/portal/articles/${id}?ok=saved`;
        },
        async (form) => await detailView(req, id, form, emptyForm()),
      );
    });
  step('submit', (req, id) => portal.submitArticle(db, actorOf(req), id, parseInput(VersionInput, req.body, req.locale).version));
  step('publish', (req, id) => portal.publishArticle(db, actorOf(req), id, parseInput(PublishInput, req.body, req.locale)));
  step('return', (req, id) => portal.returnArticle(db, actorOf(req), id, parseInput(ReturnInput, req.body, req.locale)));
  step('unpublish', (req, id) => portal.unpublishArticle(db, actorOf(req), id, parseInput(VersionInput, req.body, req.locale).version));

  app.get('/app/portal/articles/:id/revisions/:rev', staff, async (req, reply) => {
    const rev = Number((req.params as { rev: string }).rev);
    if (!Number.isInteger(rev) || rev < 1) throw notFound();
    const r = await portal.getRevision(db, actorOf(req), idParam(req), rev);
    const lines = r.prev ? diffLines(revisionText(r.prev), revisionText(r.rev)) : [];
    return sendPage(req, reply, (ctx) => <RevisionPage ctx={ctx} article={r.article} rev={r.rev} prev={r.prev} lines={lines} />);
  });

  const articleUploadPage = (req: FastifyRequest, reply: FastifyReply, id: string, uploadForm: FormState) => detailPage(req, reply, id, emptyForm(), uploadForm, 400);
  await uploadRoute(app, '/app/portal/articles/:id/images', 'file', articleUploadPage, (req, id, u) =>
    addImage(db, actorOf(req), app.config.filesDir, { type: 'article', id }, u.upload, parseInput(ImageMeta, u.fields, req.locale)).then(() => `/app/portal/articles/${id}?ok=saved`),
    PORTAL_STAFF,
    IMAGE_MAX_BYTES,
  );
  await uploadRoute(app, '/app/portal/articles/:id/attachments', 'attachment', articleUploadPage, (req, id, u) =>
    addAttachment(db, actorOf(req), app.config.filesDir, { type: 'article', id }, u.upload, parseInput(AttachmentMeta, u.fields, req.locale).title).then(() => `/app/portal/articles/${id}?ok=saved`),
  );

  app.post('/app/portal/files/:id/delete', staff, async (req, reply) => {
    const owner = await removeFile(db, actorOf(req), app.config.filesDir, idParam(req));
    return reply.redirect(owner.type === 'article' ? `/app/portal/articles/${owner.id}?ok=saved` : `/app/portal/disclosures/${owner.id}?ok=saved`, 303);
  });

  // Categories: everyone on the portal reads them; office, Standing Committee and admin change them.
  app.get('/app/portal/categories', staff, async (req, reply) => {
    const categories = await portal.listCategories(db, actorOf(req).wardId);
    return sendPage(req, reply, (ctx) => <CategoryListPage ctx={ctx} categories={categories} />);
  });
  app.get('/app/portal/categories/new', approvers, async (req, reply) => sendPage(req, reply, (ctx) => <CategoryFormPage ctx={ctx} form={emptyForm({ sort_order: 100, on_home: '1' })} action="/app/portal/categories" title={ctx.t('portal.cat.new')} />));
  app.post('/app/portal/categories', approvers, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await portal.createCategory(db, actorOf(req), parseInput(CategoryInput, req.body, req.locale));
        return '/app/portal/categories?ok=saved';
      },
      async (form) => (ctx) => <CategoryFormPage ctx={ctx} form={form} action="/app/portal/categories" title={ctx.t('portal.cat.new')} />,
    ),
  );
  app.get('/app/portal/categories/:id/edit', approvers, async (req, reply) => {
    const id = idParam(req);
    const c = (await portal.listCategories(db, actorOf(req).wardId)).find((x) => x.id === id);
    if (!c) throw notFound();
    return sendPage(req, reply, (ctx) => <CategoryFormPage ctx={ctx} form={emptyForm({ ...c, on_home: String(c.on_home) })} action={`/app/portal/categories/${id}`} title={ctx.t('portal.cat.edit')} />);
  });
  app.post('/app/portal/categories/:id', approvers, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await portal.updateCategory(db, actorOf(req), id, parseInput(CategoryUpdateInput, req.body, req.locale));
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
    scope.post(path, { config: { access }, bodyLimit: maxBytes + 64 * 1024 }, async (req, reply) => {
      const id = idParam(req);
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
