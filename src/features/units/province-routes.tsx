// Routes of a province administrator's unit pages (D35), under /app/units/province. The route gate
// is 'province-admin' (an admin grant at a unit that is none of the account's wards; such an
// administrator may have no ward yet); the services check the grants are above a ward and which
// units they cover, and answer 403 for anyone else.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { FORM_ROUTE, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { sectionWrite } from './section-write.ts';
import { sendPage } from '../../platform/http/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { ProvinceMoveInput, ProvinceTreeQuery, ProvinceUnitCreateInput, UnitRenameInput } from './schema.ts';
import { createProvinceUnit, getProvinceUnit, moveProvinceUnit, provinceTreeOn, renameProvinceUnit, type UnitsActor } from './province.ts';
import { ProvinceNewPage, ProvinceTreePage, ProvinceUnitPage, type ProvinceUnitForms } from './province-views.tsx';
import { WARD_KINDS } from './service.ts';

const BASE = '/app/units/province';

/** The signed-in account as the province services see it (no ward needed). 401 when nobody is signed in. */
function unitsActorOf(req: FastifyRequest): UnitsActor {
  const identity = req.auth.identity;
  if (!identity) throw new AppError(401, 'err.401');
  return { userId: identity.userId, label: identity.displayName, wardId: req.auth.ward?.id ?? '', ip: req.ip };
}

export function provinceUnitsRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const auth = { config: { access: 'province-admin' as const } };

  const newView = async (req: FastifyRequest, form: FormState, rootId?: string | null) => {
    const tree = await provinceTreeOn(db, unitsActorOf(req), todayInVietnam(), rootId);
    // Parents: the province, its districts and its wards (for residential groups).
    const parents = tree.nodes.filter((n) => n.ward_id === null || WARD_KINDS.has(n.kind)).map((n) => ({ value: n.id, label: `${'— '.repeat(n.depth)}${n.name}` }));
    return (ctx: PageContext) => <ProvinceNewPage ctx={ctx} form={form} parents={parents} />;
  };

  const unitView = async (req: FastifyRequest, id: string, failed?: { which: keyof ProvinceUnitForms; form: FormState }, on: string | null = null) => {
    const d = await getProvinceUnit(db, unitsActorOf(req), id);
    const forms: ProvinceUnitForms = { rename: emptyForm({ version: d.unit.version, code: d.unit.code }), move: emptyForm({ version: d.unit.version }) };
    if (failed) forms[failed.which] = failed.form;
    const targets = d.moveTargets.map((u) => ({ value: u.id, label: u.name }));
    return (ctx: PageContext) => <ProvinceUnitPage ctx={ctx} unit={d.unit} on={on ?? todayInVietnam()} parent={d.parent} history={d.history} targets={targets} forms={forms} />;
  };

  const unitWrite = sectionWrite(unitView, (id) => `${BASE}/${id}?ok=saved`);

  app.get(BASE, { ...auth, schema: { querystring: ProvinceTreeQuery } }, async (req, reply) => {
    const tree = await provinceTreeOn(db, unitsActorOf(req), req.query.on ?? todayInVietnam(), req.query.root);
    return sendPage(req, reply, (ctx) => <ProvinceTreePage ctx={ctx} roots={tree.roots} root={tree.root} on={tree.on} nodes={tree.nodes} />);
  });

  app.get(`${BASE}/new`, { ...auth, schema: { querystring: ProvinceTreeQuery } }, async (req, reply) =>
    sendPage(req, reply, await newView(req, emptyForm({ valid_from: formatDate(todayInVietnam()) }), req.query.root)),
  );

  app.post(BASE, { ...auth, ...FORM_ROUTE, schema: { body: ProvinceUnitCreateInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        const id = await createProvinceUnit(db, unitsActorOf(req), req.body);
        return `${BASE}/${id}?ok=saved`;
      },
      (form) => newView(req, form),
    ),
  );

  app.get(`${BASE}/:id`, { ...auth, schema: { params: IdParams, querystring: ProvinceTreeQuery } }, async (req, reply) =>
    sendPage(req, reply, await unitView(req, idParam(req), undefined, req.query.on)),
  );

  app.post(
    `${BASE}/:id/rename`,
    { ...auth, ...FORM_ROUTE, schema: { params: IdParams, body: UnitRenameInput } },
    unitWrite('rename', (req, id) => renameProvinceUnit(db, unitsActorOf(req), id, req.body as z.output<typeof UnitRenameInput>)),
  );
  app.post(
    `${BASE}/:id/move`,
    { ...auth, ...FORM_ROUTE, schema: { params: IdParams, body: ProvinceMoveInput } },
    unitWrite('move', (req, id) => moveProvinceUnit(db, unitsActorOf(req), id, req.body as z.output<typeof ProvinceMoveInput>)),
  );
}
