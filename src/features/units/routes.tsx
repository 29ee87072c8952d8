import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import type { z } from 'zod';
import { ADMINS, DIRECTORY_READERS } from '../../platform/auth/roles.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { UnitCreateInput, UnitEndInput, UnitMoveInput, UnitRenameInput, UnitTreeQuery, UnitUpdateInput } from './schema.ts';
import { nameHistory } from './names.ts';
import { sectionWrite } from './section-write.ts';
import * as units from './service.ts';
import { mergeRoutes } from './merge-routes.tsx';
import { provinceUnitsRoutes } from './province-routes.tsx';
import { provinceAdminRoots } from './province.ts';
import { UnitEditPage, UnitNewPage, UnitTreePage, type UnitEditForms } from './views.tsx';

export function unitsRoutes(plain: FastifyInstance): void {
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts) where they fit.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  provinceUnitsRoutes(plain);
  const read = { config: { access: DIRECTORY_READERS } };
  const admin = { config: { access: ADMINS } };
  mergeRoutes(plain);

  const newView = async (req: FastifyRequest, form: FormState) => {
    const today = todayInVietnam();
    const parents = (await units.listWardUnits(db, actorOf(req))).filter((u) => (u.valid_to === null || u.valid_to >= today) && units.parentFits('to_dan_pho', u)).map((u) => ({ value: u.id, label: u.name }));
    return (ctx: PageContext) => <UnitNewPage ctx={ctx} form={form} parents={parents} />;
  };

  /** The edit page; the form that failed (if any) keeps what was typed and its messages. */
  const editView = async (req: FastifyRequest, id: string, failed?: { which: keyof UnitEditForms; form: FormState }) => {
    const { unit, parent, moveTargets } = await units.getUnitForEdit(db, actorOf(req), id);
    const forms: UnitEditForms = { edit: emptyForm({ ...unit }), rename: emptyForm({ version: unit.version, code: unit.code }), move: emptyForm({ version: unit.version }), end: emptyForm({ version: unit.version }) };
    if (failed) forms[failed.which] = failed.form;
    const parents = moveTargets.map((u) => ({ value: u.id, label: u.name }));
    const history = await nameHistory(db, unit.id);
    return (ctx: PageContext) => <UnitEditPage ctx={ctx} unit={unit} parent={parent} parents={parents} forms={forms} history={history} />;
  };

  /** A write from the edit page: redirect to the tree on success, re-render the edit page on a validation error. */
  const editWrite = sectionWrite(editView, () => '/app/units?ok=saved');

  app.get('/app/units', { ...read, schema: { querystring: UnitTreeQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const { on } = req.query;
    const onDate = on ?? todayInVietnam();
    const nodes = await units.unitTreeOn(db, actor.wardId, onDate);
    // An administrator granted above the ward also gets the way to the province's pages (D35).
    const provinceAdmin = actor.userId !== null && (await provinceAdminRoots(db, actor.userId)).length > 0;
    return sendPage(req, reply, (ctx) => <UnitTreePage ctx={ctx} nodes={nodes} onDate={onDate} wardId={actor.wardId} canEdit={units.canEditUnits(actor)} provinceAdmin={provinceAdmin} />);
  });

  app.get('/app/units/new', admin, async (req, reply) => {
    const view = await newView(req, emptyForm({ kind: 'to_dan_pho', parent_id: actorOf(req).wardId, valid_from: formatDate(todayInVietnam()) }));
    return sendPage(req, reply, view);
  });

  app.post('/app/units', { ...admin, ...FORM_ROUTE, schema: { body: UnitCreateInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        await units.createWardUnit(db, actorOf(req), req.body);
        return '/app/units?ok=saved';
      },
      (form) => newView(req, form),
    ),
  );

  app.get('/app/units/:id/edit', admin, async (req, reply) => sendPage(req, reply, await editView(req, idParam(req))));

  app.post(
    '/app/units/:id',
    { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: UnitUpdateInput } },
    editWrite('edit', (req, id) => units.updateUnit(db, actorOf(req), id, req.body as z.output<typeof UnitUpdateInput>)),
  );
  app.post(
    '/app/units/:id/rename',
    { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: UnitRenameInput } },
    editWrite('rename', (req, id) => units.renameWardUnit(db, actorOf(req), id, req.body as z.output<typeof UnitRenameInput>)),
  );
  app.post(
    '/app/units/:id/move',
    { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: UnitMoveInput } },
    editWrite('move', (req, id) => units.moveUnit(db, actorOf(req), id, req.body as z.output<typeof UnitMoveInput>)),
  );
  app.post(
    '/app/units/:id/end',
    { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: UnitEndInput } },
    editWrite('end', (req, id) => units.endUnit(db, actorOf(req), id, req.body as z.output<typeof UnitEndInput>)),
  );
}
