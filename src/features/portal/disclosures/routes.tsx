// Disclosures: the public index at /cong-khai (with the articles of the "Công khai" category), one
// page per item, and the staff pages under /app/portal/disclosures (office, Standing Committee, admin).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, sendPage } from '../../../platform/http/context.ts';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../../platform/http/forms.ts';
import { IdParams } from '../../../platform/http/api.ts';
import { parseInput } from '../../../platform/validation.ts';
import { todayInVietnam } from '../../../lib/vi/index.ts';
import { emptyForm, type FormState } from '../../../ui/components.tsx';
import { filesOf } from '../repo.ts';
import { PUBLIC_PAGE_SIZE, categoryPage } from '../service.ts';
import { addAttachment } from '../files.ts';
import { publicKit } from '../routes-public.tsx';
import { uploadRoute } from '../routes-staff.tsx';
import { AttachmentMeta, PageQuery, PORTAL_APPROVERS } from '../schema.ts';
import { DISCLOSURE_SLUG } from '../views/public.tsx';
import { DEFAULT_DURATION_DAYS, DisclosureInput, DisclosureQuery, DisclosureUpdateInput, WithdrawInput } from './schema.ts';
import * as svc from './service.ts';
import { DisclosureFormPage, DisclosureIndexPage, DisclosureListPage, DisclosurePublicPage, DisclosureStaffPage } from './views.tsx';
import { officeListRoutes } from '../../../platform/office-list/routes.tsx';
import { sliceRows, wholeListQuery } from '../../../platform/office-list/spec.ts';
import { pastTheEnd, toLimitOffset } from '../../../platform/list.ts';
import { translator } from '../../../platform/i18n/index.ts';
import { disclosureList, filteredDisclosures, StaffDisclosureQuery } from './list.ts';

const pub = { config: { access: 'public' as const } };
const approvers = { config: { access: PORTAL_APPROVERS } };

// The public index's query: its filters and the page of the category's articles. Every field
// falls back (`.catch`), so odd input never fails: the reader sees what the hand parsing showed.
const IndexQuery = DisclosureQuery.extend(PageQuery.shape);

export async function disclosureRoutes(plain: FastifyInstance): Promise<void> {
  // Staff pages declare params and bodies (zod, platform/http/schemas.ts); the attachment upload
  // keeps its multipart fields by hand. The public item page keeps its slug as is: an unknown one
  // is the portal's own 404.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const { withSite, html, notFoundPage } = publicKit(app);

  app.get('/cong-khai', { ...pub, schema: { querystring: IndexQuery } }, async (req, reply) =>
    withSite(req, reply, async (ctx) => {
      const { trang, tinh_trang, loai } = req.query;
      const query: DisclosureQuery = { tinh_trang, loai };
      const today = todayInVietnam();
      const category = ctx.categories.find((c) => c.slug === DISCLOSURE_SLUG);
      const [rows, articles] = await Promise.all([svc.publicDisclosures(db, ctx.site.ward_id, query, today), category ? categoryPage(db, ctx.site.ward_id, category.id, trang) : Promise.resolve({ rows: [], total: 0 })]);
      return html(reply, <DisclosureIndexPage ctx={ctx} rows={rows} query={query} today={today} category={category} articles={articles.rows} total={articles.total} page={trang} pageSize={PUBLIC_PAGE_SIZE} />);
    }),
  );

  app.get('/cong-khai/:slug', pub, async (req, reply) =>
    withSite(req, reply, async (ctx) => {
      const row = await svc.publicDisclosure(db, ctx.site.ward_id, (req.params as { slug: string }).slug);
      if (!row) return notFoundPage(reply, ctx);
      const [files, article] = await Promise.all([
        filesOf(db, ctx.site.ward_id, 'disclosure', [row.id]),
        svc.linkedArticle(db, ctx.site.ward_id, row.article_id),
      ]);
      return html(reply, <DisclosurePublicPage ctx={ctx} row={row} today={todayInVietnam()} files={files} article={article ?? null} />);
    }),
  );

  const articleOptions = async (req: FastifyRequest) =>
    (await db.selectFrom('article').select(['id', 'title']).where('ward_id', '=', actorOf(req).wardId).where('status', '=', 'published').orderBy('published_at', 'desc').limit(200).execute()).map((a) => ({ value: a.id, label: a.title }));
  const formPage = async (req: FastifyRequest, form: FormState, action: string, isNew: boolean) => {
    const articles = await articleOptions(req);
    return (ctx: Parameters<typeof DisclosureFormPage>[0]['ctx']) => <DisclosureFormPage ctx={ctx} form={form} action={action} title={ctx.t(isNew ? 'disclosure.new' : 'disclosure.edit')} articles={articles} />;
  };
  const staffPage = async (req: FastifyRequest, reply: FastifyReply, id: string, uploadForm: FormState, status = 200) => {
    const actor = actorOf(req);
    const row = await svc.getDisclosure(db, actor, id);
    const files = await filesOf(db, actor.wardId, 'disclosure', [id]);
    return sendPage(req, reply, (ctx) => <DisclosureStaffPage ctx={ctx} row={row} today={todayInVietnam()} files={files} uploadForm={uploadForm} />, status);
  };

  app.get('/app/portal/disclosures', { ...approvers, schema: { querystring: StaffDisclosureQuery } }, async (req, reply) => {
    const query = req.query;
    const { rows, total } = sliceRows(await filteredDisclosures(db, actorOf(req), query, translator(req.locale)), toLimitOffset(query));
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    return sendPage(req, reply, (ctx) => <DisclosureListPage ctx={ctx} rows={rows} total={total} today={todayInVietnam()} query={query} wholeQuery={wholeListQuery(req.url)} />);
  });
  // Its print view and Excel export of the whole filter (D52).
  officeListRoutes(app, disclosureList);
  app.get('/app/portal/disclosures/new', approvers, async (req, reply) =>
    sendPage(req, reply, await formPage(req, emptyForm({ posted_on: todayInVietnam(), duration_days: DEFAULT_DURATION_DAYS, forms: ['notice_board', 'website'] }), '/app/portal/disclosures', true)),
  );
  app.post('/app/portal/disclosures', { ...approvers, ...FORM_ROUTE, schema: { body: DisclosureInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/portal/disclosures/${await svc.createDisclosure(db, actorOf(req), req.body)}?ok=saved`,
      (form) => formPage(req, form, '/app/portal/disclosures', true),
    ),
  );
  app.get('/app/portal/disclosures/:id', { ...approvers, schema: { params: IdParams } }, async (req, reply) => staffPage(req, reply, req.params.id, emptyForm()));
  app.get('/app/portal/disclosures/:id/edit', { ...approvers, schema: { params: IdParams } }, async (req, reply) => {
    const row = await svc.getDisclosure(db, actorOf(req), req.params.id);
    return sendPage(req, reply, await formPage(req, emptyForm({ ...row, forms: svc.formsOf(row) }), `/app/portal/disclosures/${row.id}`, false));
  });
  // With FORM_ROUTE a bad id does not answer at once: idParam makes it the 404.
  app.post('/app/portal/disclosures/:id', { ...approvers, ...FORM_ROUTE, schema: { params: IdParams, body: DisclosureUpdateInput } }, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await svc.updateDisclosure(db, actorOf(req), id, req.body);
        return `/app/portal/disclosures/${id}?ok=saved`;
      },
      (form) => formPage(req, form, `/app/portal/disclosures/${id}`, false),
    );
  });
  app.post('/app/portal/disclosures/:id/withdraw', { ...approvers, schema: { params: IdParams, body: WithdrawInput } }, async (req, reply) => {
    const id = req.params.id;
    await svc.withdrawDisclosure(db, actorOf(req), id, req.body.version);
    return reply.redirect(doneAt(req, `/app/portal/disclosures/${id}`, 'done.disclosure.withdrawn'), 303);
  });
  await uploadRoute(
    app,
    '/app/portal/disclosures/:id/attachments',
    'attachment',
    (req, reply, id, form) => staffPage(req, reply, id, form, 400),
    async (req, id, u) => {
      await addAttachment(db, actorOf(req), app.config.filesDir, { type: 'disclosure', id }, u.upload, parseInput(AttachmentMeta, u.fields, req.locale).title);
      return doneAt(req, `/app/portal/disclosures/${id}`, 'done.file.added');
    },
    PORTAL_APPROVERS,
  );
}
