import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/actor.ts';
import { DIRECTORY_READERS, DIRECTORY_WRITERS, type Role } from '../../platform/auth/roles.ts';
import { emptyForm, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import type { Db } from '../../db/index.ts';
import { listWardUnits } from '../units/service.ts';
import { OrgDetailQuery, OrgEndInput, OrgInput, OrgListQuery, OrgNewQuery, OrgUpdateInput, RelationEndInput, RelationInput } from './schema.ts';
import * as orgs from './service.ts';
import { OrgFormPage, OrgListPage, OrgPage, type OrgPageData, type PostHolder } from './views.tsx';
import { canUseOrgTemplates } from './template-service.ts';
import { orgTemplateRoutes } from './template-routes.tsx';
import { officeListRoutes } from '../../platform/office-list/routes.tsx';
import { wholeListQuery } from '../../platform/office-list/spec.ts';
import { orgList, orgListRows } from './list.ts';
import { translator } from '../../platform/i18n/index.ts';

/** Relations between organizations are kept by the office (and the administrator). */
const RELATION_WRITERS: readonly Role[] = ['admin', 'office'];
/**
 * Who holds a post in an organization on a date, and how many people take part there: asked of
 * the people room, which the composition root (features/index.ts) passes in, so that people →
 * orgs stays the only arrow between the two rooms.
 */
export type PostHoldersOf = (db: Db, actor: Actor, orgId: string, onDate: string) => Promise<{ holders: PostHolder[]; total: number }>;

export interface OrgsRoutesOptions {
  postHolders: PostHoldersOf;
}

/** The organization pages; `opts.postHolders` lists who holds a post there (see PostHoldersOf). */
export function orgsRoutes(plain: FastifyInstance, opts: OrgsRoutesOptions): void {
  const { postHolders } = opts;
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts) where they fit.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const read = { config: { access: DIRECTORY_READERS } };
  const write = { config: { access: DIRECTORY_WRITERS } };
  const relate = { config: { access: RELATION_WRITERS } };
  orgTemplateRoutes(plain);

  const unitOptions = async (req: FastifyRequest): Promise<Option[]> => (await listWardUnits(db, actorOf(req))).map((u) => ({ value: u.id, label: u.name }));

  const pageData = async (req: FastifyRequest, id: string, on: string | null): Promise<OrgPageData> => {
    const actor = actorOf(req);
    const onDate = on ?? todayInVietnam();
    const detail = await orgs.getOrgDetail(db, actor, id);
    const [{ holders, total }, all] = await Promise.all([postHolders(db, actor, id, onDate), detail.permissions.canRelate ? orgs.listOrgs(db, actor) : Promise.resolve([])]);
    const relationOptions = all.filter((o) => o.id !== id && !orgs.orgEnded(o, detail.today)).map((o) => ({ value: o.id, label: o.name }));
    return { detail, onDate, holders, peopleTotal: total, relationOptions };
  };

  /** The create/edit form with its choices: what the actor may pick, plus the current values. */
  const formView = async (req: FastifyRequest, form: FormState, target: { id: string; kind: string; parent: orgs.OrgRow | null } | null) => {
    const actor = actorOf(req);
    const [parentRows, units] = await Promise.all([orgs.parentOptions(db, actor), unitOptions(req)]);
    let parents = parentRows;
    let kinds: readonly string[] = orgs.creatableKinds(actor);
    if (target) {
      const below = await orgs.orgSubtree(db, actor.wardId, [target.id]);
      parents = parents.filter((p) => !below.has(p.id));
      if (target.parent && !parents.some((p) => p.id === target.parent?.id)) parents = [target.parent, ...parents];
      if (!kinds.includes(target.kind)) kinds = [target.kind, ...kinds];
    }
    const action = target ? `/app/orgs/${target.id}` : '/app/orgs';
    const back = target ? `/app/orgs/${target.id}` : '/app/orgs';
    return (ctx: PageContext) => <OrgFormPage ctx={ctx} form={form} action={action} title={ctx.t(target ? 'org.edit' : 'org.new')} kinds={kinds} parents={parents} units={units} isNew={!target} back={back} />;
  };

  const editTarget = async (req: FastifyRequest, id: string) => {
    const detail = await orgs.getOrgDetail(db, actorOf(req), id);
    if (!detail.permissions.canEdit) throw forbidden();
    return { detail, target: { id, kind: detail.org.kind, parent: detail.parent } };
  };

  app.get('/app/orgs', { ...read, schema: { querystring: OrgListQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const [items, canCreate, canTemplate] = await Promise.all([orgListRows(db, actor, query, translator(req.locale)), orgs.canCreateOrgs(db, actor), canUseOrgTemplates(db, actor)]);
    // After "Tạo các tổ chức" (template-routes.tsx): how many the template made, as the page's notice.
    const made = query.tpl && query.made !== null && query.made !== undefined ? { template: query.tpl, n: query.made } : null;
    const withNotice = (ctx: PageContext): PageContext => (made ? { ...ctx, notice: ctx.t(made.n > 0 ? 'org.template.made' : 'org.template.madeNone', made) } : ctx);
    return sendPage(req, reply, (ctx) => <OrgListPage ctx={withNotice(ctx)} items={items} query={query} canCreate={canCreate} canTemplate={canTemplate} wholeQuery={wholeListQuery(req.url)} />);
  });
  // Its print view and Excel export (D52): /app/orgs/print, /app/orgs.xlsx.
  officeListRoutes(app, orgList);

  app.get('/app/orgs/new', write, async (req, reply) => {
    const actor = actorOf(req);
    if (!(await orgs.canCreateOrgs(db, actor))) throw forbidden();
    const { parent: parentId } = parseInput(OrgNewQuery, req.query, req.locale);
    const all = await orgs.listOrgs(db, actor);
    const parent = parentId ? all.find((o) => o.id === parentId) : undefined;
    if (parentId && !parent) throw notFound();
    if (parent && !(await orgs.orgPermissions(db, actor, parent)).canAddChild) throw forbidden();
    const kinds = orgs.creatableKinds(actor);
    const values = {
      parent_id: parent?.id,
      unit_id: parent?.unit_id ?? actor.wardId,
      kind: kinds === orgs.BRANCH_KINDS ? 'branch' : undefined,
      sort_order: Math.max(0, ...all.map((o) => o.sort_order)) + 10,
      valid_from: formatDate(todayInVietnam()),
    };
    const view = await formView(req, emptyForm(values), null);
    return sendPage(req, reply, view);
  });

  app.post('/app/orgs', { ...write, ...FORM_ROUTE, schema: { body: OrgInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/orgs/${await orgs.createOrg(db, actorOf(req), req.body)}?ok=saved`,
      (form) => formView(req, form, null),
    ),
  );

  app.get('/app/orgs/:id', { ...read, schema: { params: IdParams, querystring: OrgDetailQuery } }, async (req, reply) => {
    const { on } = req.query;
    const data = await pageData(req, req.params.id, on);
    return sendPage(req, reply, (ctx) => <OrgPage ctx={ctx} data={data} endForm={emptyForm()} relationForm={emptyForm()} />);
  });

  app.get('/app/orgs/:id/edit', write, async (req, reply) => {
    const { detail, target } = await editTarget(req, idParam(req));
    const view = await formView(req, emptyForm(detail.org), target);
    return sendPage(req, reply, view);
  });

  app.post('/app/orgs/:id', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: OrgUpdateInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await orgs.updateOrg(db, actorOf(req), id, req.body);
        return `/app/orgs/${id}?ok=saved`;
      },
      async (form) => formView(req, form, (await editTarget(req, id)).target),
    );
  });

  app.post('/app/orgs/:id/end', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: OrgEndInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await orgs.endOrg(db, actorOf(req), id, req.body);
        return doneAt(req, `/app/orgs/${id}`, 'done.org.ended');
      },
      async (form) => {
        const data = await pageData(req, id, null);
        return (ctx) => <OrgPage ctx={ctx} data={data} endForm={form} relationForm={emptyForm()} />;
      },
    );
  });

  app.post('/app/orgs/:id/relations', { ...relate, ...FORM_ROUTE, schema: { params: IdParams, body: RelationInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await orgs.addRelation(db, actorOf(req), id, req.body);
        return `/app/orgs/${id}?ok=saved#relations`;
      },
      async (form) => {
        const data = await pageData(req, id, null);
        return (ctx) => <OrgPage ctx={ctx} data={data} endForm={emptyForm()} relationForm={form} />;
      },
    );
  });

  app.post('/app/org-relations/:id/end', relate, async (req, reply) => {
    const { orgId, relatedOrgId } = await orgs.endRelation(db, actorOf(req), idParam(req), parseInput(RelationEndInput, req.body, req.locale));
    const back = (req.query as { back?: unknown }).back;
    return reply.redirect(doneAt(req, `/app/orgs/${back === relatedOrgId ? relatedOrgId : orgId}#relations`, 'done.relation.ended'), 303);
  });
}
