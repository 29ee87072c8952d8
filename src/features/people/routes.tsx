import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { pastTheEnd } from '../../platform/list.ts';
import { officeListRoutes } from '../../platform/office-list/routes.tsx';
import { wholeListQuery } from '../../platform/office-list/spec.ts';
import { peopleList } from './list.ts';
import { peopleListParts } from './list-page.tsx';
import { stampReaderOf } from '../../platform/kept.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { forbidden } from '../../platform/errors.ts';
import { hasAccess } from '../../platform/access.ts';
import { DIRECTORY_READERS, DIRECTORY_WRITERS } from '../../platform/auth/roles.ts';
import { emptyForm, type Option } from '../../ui/components.tsx';
import { getOrg, listOrgs } from '../orgs/service.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { listWardUnits } from '../units/service.ts';
import { EndInput, MembershipInput, MembershipUpdateInput, PeopleQuery, PersonCreateInput, PersonUpdateInput, PositionInput, PositionUpdateInput, SpanEndInput } from './schema.ts';
import * as people from './service.ts';
import { canImport, importNotice } from './import.ts';
import { bulkEndRoutes } from './bulk-end.tsx';
import { MembershipFormPage, PersonFormPage, PersonPage, PeopleListPage, PositionFormPage } from './views.tsx';

export function peopleRoutes(plain: FastifyInstance): void {
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts) where they fit.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const read = { config: { access: DIRECTORY_READERS } };
  const write = { config: { access: DIRECTORY_WRITERS } };

  const orgOptions = async (req: FastifyRequest, writableOnly: boolean): Promise<Option[]> => {
    const actor = actorOf(req);
    const orgs = writableOnly ? await people.writableOrgOptions(db, actor) : await listOrgs(db, actor);
    return orgs.map((o) => ({ value: o.id, label: o.name }));
  };
  // A form page applies the rule its save applies (403 page otherwise): a post or membership is
  // edited by who may write its organization; a new one needs an organization the actor may write.
  const requireOrgWritable = async (req: FastifyRequest, orgId: string): Promise<void> => {
    if (!(await hasAccess(db, actorOf(req), 'org.write', [orgId]))) throw forbidden();
  };
  const writableOrgOptionsOrForbidden = async (req: FastifyRequest): Promise<Option[]> => {
    const orgs = await orgOptions(req, true);
    if (orgs.length === 0) throw forbidden();
    return orgs;
  };
  const unitOptions = async (req: FastifyRequest): Promise<Option[]> => (await listWardUnits(db, actorOf(req))).map((u) => ({ value: u.id, label: u.name }));

  app.get('/app/people', { ...read, schema: { querystring: PeopleQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const canCreate = DIRECTORY_WRITERS.some((r) => actor.roles.has(r));
    // Filtered by one organization the actor may write, current members only: boxes to end memberships at once (D59).
    const org = query.org && query.ended !== '1' && canCreate && (await hasAccess(db, actor, 'org.write', [query.org])) ? await getOrg(db, actor, query.org) : undefined;
    const bulkOrg = org ? { id: org.id, name: org.name } : undefined;
    // The filters and the table come kept while the ward's directory is unchanged (list-page.tsx, D78).
    const { total, parts } = await peopleListParts(db, actor, query, req.locale, wholeListQuery(req.url), bulkOrg?.id ?? null, stampReaderOf(req, db));
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    const notice = await importNotice(db, actor, req.url, req.locale); // after an import: "Đã nhập 300 người…"
    return sendPage(req, reply, (ctx) => <PeopleListPage ctx={notice ? { ...ctx, notice } : ctx} canCreate={canCreate} canImport={canImport(actor)} bulkOrg={bulkOrg} />, 200, parts);
  });
  // Its print view and Excel export of the whole filter (D52): /app/people/print, /app/people.xlsx.
  officeListRoutes(app, peopleList);
  bulkEndRoutes(plain);

  app.get('/app/people/new', write, async (req, reply) => {
    const [units, orgs] = await Promise.all([unitOptions(req), writableOrgOptionsOrForbidden(req)]);
    return sendPage(req, reply, (ctx) => <PersonFormPage ctx={ctx} form={emptyForm()} action="/app/people" title={ctx.t('person.new')} unitOptions={units} orgOptions={orgs} isNew />);
  });

  app.post('/app/people', { ...write, ...FORM_ROUTE, schema: { body: PersonCreateInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/people/${await people.createPerson(db, actorOf(req), req.body)}?ok=saved`,
      async (form) => {
        const [units, orgs] = await Promise.all([unitOptions(req), orgOptions(req, true)]);
        return (ctx) => <PersonFormPage ctx={ctx} form={form} action="/app/people" title={ctx.t('person.new')} unitOptions={units} orgOptions={orgs} isNew />;
      },
    ),
  );

  app.get('/app/people/:id', { ...read, schema: { params: IdParams, querystring: PeopleQuery.pick({ on: true }) } }, async (req, reply) => {
    const actor = actorOf(req);
    const { on } = req.query;
    const detail = await people.getPerson(db, actor, req.params.id, on ?? undefined);
    const units = detail.person.unit_id ? await listWardUnits(db, actor) : [];
    const unitName = units.find((u) => u.id === detail.person.unit_id)?.name ?? null;
    return sendPage(req, reply, (ctx) => <PersonPage ctx={ctx} detail={detail} unitName={unitName} endForm={emptyForm()} />);
  });

  app.get('/app/people/:id/edit', write, async (req, reply) => {
    const detail = await people.getPerson(db, actorOf(req), idParam(req));
    if (!detail.canEdit) throw forbidden();
    const units = await unitOptions(req);
    const id = detail.person.id;
    return sendPage(req, reply, (ctx) => <PersonFormPage ctx={ctx} form={emptyForm(detail.person)} action={`/app/people/${id}`} title={ctx.t('person.edit')} unitOptions={units} orgOptions={[]} isNew={false} personId={id} />);
  });

  app.post('/app/people/:id', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: PersonUpdateInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await people.updatePerson(db, actorOf(req), id, req.body);
        return `/app/people/${id}?ok=saved`;
      },
      async (form) => {
        const units = await unitOptions(req);
        return (ctx) => <PersonFormPage ctx={ctx} form={form} action={`/app/people/${id}`} title={ctx.t('person.edit')} unitOptions={units} orgOptions={[]} isNew={false} personId={id} />;
      },
    );
  });

  app.post('/app/people/:id/end', write, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await people.endPerson(db, actorOf(req), id, parseInput(EndInput, req.body, req.locale));
        return doneAt(req, `/app/people/${id}`, 'done.person.ended');
      },
      async (form) => {
        const detail = await people.getPerson(db, actorOf(req), id);
        return (ctx) => <PersonPage ctx={ctx} detail={detail} unitName={null} endForm={form} />;
      },
    );
  });

  /** A post form's body whose print order was left blank: after the chosen organization's last post, as the hint says (not a fixed 100). */
  const blankRankAfterLast = async (req: FastifyRequest): Promise<Record<string, unknown>> => {
    const body = { ...(req.body as Record<string, unknown>) };
    if (String(body.rank ?? '').trim() === '' && typeof body.org_id === 'string' && /^[0-9a-f-]{36}$/i.test(body.org_id)) body.rank = await people.nextPositionRank(db, actorOf(req), body.org_id);
    return body;
  };

  // Posts (chức vụ): a person holds several at once, each with its own term.
  app.get('/app/people/:id/positions/new', write, async (req, reply) => {
    const detail = await people.getPerson(db, actorOf(req), idParam(req));
    const orgs = await writableOrgOptionsOrForbidden(req);
    const p = detail.person;
    // Defaults (D53): from today; the organization the head leads (else the person's first one the
    // actor may write). The print order is left blank, as its hint says: saved, it goes after the
    // last post of the organization then chosen (D65), never a number worked out for another one.
    const writable = new Set(orgs.map((o) => o.value));
    const actor = actorOf(req);
    const orgId = [...actor.headOf, ...detail.memberships.filter((m) => m.end_on === null).map((m) => m.org_id)].find((o) => writable.has(o)) ?? '';
    return sendPage(req, reply, (ctx) => <PositionFormPage ctx={ctx} form={emptyForm({ org_id: orgId, rank: '', start_on: todayInVietnam() })} action={`/app/people/${p.id}/positions`} title={ctx.t('position.new')} orgOptions={orgs} personId={p.id} personName={p.full_name} isNew />);
  });

  app.post('/app/people/:id/positions', write, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await people.addPosition(db, actorOf(req), id, parseInput(PositionInput, await blankRankAfterLast(req), req.locale));
        return `/app/people/${id}?ok=saved`;
      },
      async (form) => {
        const detail = await people.getPerson(db, actorOf(req), id);
        const orgs = await orgOptions(req, true);
        return (ctx) => <PositionFormPage ctx={ctx} form={form} action={`/app/people/${id}/positions`} title={ctx.t('position.new')} orgOptions={orgs} personId={id} personName={detail.person.full_name} isNew />;
      },
    );
  });

  app.get('/app/positions/:id/edit', write, async (req, reply) => {
    const actor = actorOf(req);
    const pos = await people.getPosition(db, actor, idParam(req));
    await requireOrgWritable(req, pos.org_id);
    const detail = await people.getPerson(db, actor, pos.person_id);
    const orgs = await orgOptions(req, true);
    return sendPage(req, reply, (ctx) => <PositionFormPage ctx={ctx} form={emptyForm(pos)} action={`/app/positions/${pos.id}`} title={ctx.t('common.edit')} orgOptions={orgs} personId={pos.person_id} personName={detail.person.full_name} isNew={false} />);
  });

  app.post('/app/positions/:id', write, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => `/app/people/${await people.updatePosition(db, actorOf(req), id, parseInput(PositionUpdateInput, await blankRankAfterLast(req), req.locale))}?ok=saved`,
      async (form) => {
        const actor = actorOf(req);
        const pos = await people.getPosition(db, actor, id);
        const orgs = await orgOptions(req, true);
        return (ctx) => <PositionFormPage ctx={ctx} form={form} action={`/app/positions/${id}`} title={ctx.t('common.edit')} orgOptions={orgs} personId={pos.person_id} personName="" isNew={false} />;
      },
    );
  });

  app.post('/app/positions/:id/end', write, async (req, reply) => {
    const personId = await people.endPosition(db, actorOf(req), idParam(req), parseInput(SpanEndInput, req.body, req.locale));
    return reply.redirect(doneAt(req, `/app/people/${personId}`, 'done.position.ended'), 303);
  });

  app.get('/app/people/:id/memberships/new', write, async (req, reply) => {
    const detail = await people.getPerson(db, actorOf(req), idParam(req));
    const orgs = await writableOrgOptionsOrForbidden(req);
    const p = detail.person;
    return sendPage(req, reply, (ctx) => <MembershipFormPage ctx={ctx} form={emptyForm()} action={`/app/people/${p.id}/memberships`} orgOptions={orgs} personId={p.id} personName={p.full_name} />);
  });

  app.post('/app/people/:id/memberships', write, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await people.addMembership(db, actorOf(req), id, parseInput(MembershipInput, req.body, req.locale));
        return `/app/people/${id}?ok=saved`;
      },
      async (form) => {
        const detail = await people.getPerson(db, actorOf(req), id);
        const orgs = await orgOptions(req, true);
        return (ctx) => <MembershipFormPage ctx={ctx} form={form} action={`/app/people/${id}/memberships`} orgOptions={orgs} personId={id} personName={detail.person.full_name} />;
      },
    );
  });

  app.get('/app/memberships/:id/edit', write, async (req, reply) => {
    const actor = actorOf(req);
    const m = await people.getMembership(db, actor, idParam(req));
    await requireOrgWritable(req, m.org_id);
    const detail = await people.getPerson(db, actor, m.person_id);
    const orgs = await orgOptions(req, true);
    return sendPage(req, reply, (ctx) => <MembershipFormPage ctx={ctx} form={emptyForm(m)} action={`/app/memberships/${m.id}`} orgOptions={orgs} personId={m.person_id} personName={detail.person.full_name} isNew={false} />);
  });

  app.post('/app/memberships/:id', write, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => `/app/people/${await people.updateMembership(db, actorOf(req), id, parseInput(MembershipUpdateInput, req.body, req.locale))}?ok=saved`,
      async (form) => {
        const actor = actorOf(req);
        const m = await people.getMembership(db, actor, id);
        const detail = await people.getPerson(db, actor, m.person_id);
        const orgs = await orgOptions(req, true);
        return (ctx) => <MembershipFormPage ctx={ctx} form={form} action={`/app/memberships/${id}`} orgOptions={orgs} personId={m.person_id} personName={detail.person.full_name} isNew={false} />;
      },
    );
  });

  app.post('/app/memberships/:id/end', write, async (req, reply) => {
    const personId = await people.endMembership(db, actorOf(req), idParam(req), parseInput(SpanEndInput, req.body, req.locale));
    return reply.redirect(doneAt(req, `/app/people/${personId}`, 'done.membership.ended'), 303);
  });
}
