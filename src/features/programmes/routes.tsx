import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { VNode } from 'preact';
import { FORM_ROUTE, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { RequestSchemaError, schemaRefusal } from '../../platform/http/schemas.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { AppError, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { resolveMessage, translate, type MessageKey } from '../../platform/i18n/index.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { registerNav } from '../../ui/layout.tsx';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { getOrg, listOrgs } from '../orgs/service.ts';
import { allSources } from '../sources/service.ts';
import { APPROVERS, PROG_READERS, PROG_WRITERS, PROGRESS_WRITERS } from './access.ts';
import { checkFiles, formAndFiles, openWorkFile, sendWorkFile, wantsOriginal, storeWorkFiles, WORK_FILES } from '../../platform/files/index.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { parseInput, int } from '../../platform/validation.ts';
import { DecisionInput, MONTH_FIELDS, planFromForm, ProgrammeInput, ProgrammeListQuery, ProgrammeUpdateInput, ProgressInput, ReturnInput, TaskFormInput, TaskFormUpdateInput } from './schema.ts';
import * as svc from './service.ts';
import { ProgrammeFormPage, ProgrammeListPage, ProgrammePage, TaskFormPage, TaskPage, VersionPage } from './views.tsx';
import type { TaskView } from './service.ts';

/** A user-caused refusal of an action (not a form error): shown on the page it came from. */
function refusal(req: FastifyRequest, e: unknown): { status: number; message: string } | null {
  if (e instanceof ValidationError) return { status: 400, message: [translate(req.locale, e.key), ...Object.values(e.fields ?? {}).map((m) => resolveMessage(req.locale, m))].join(' ') };
  if (e instanceof AppError && e.status >= 400 && e.status < 500 && e.status !== 404 && e.status !== 403) return { status: e.status, message: translate(req.locale, e.key, e.params) };
  return null;
}

/** Form values of a task for editing: month fields from its milestones. */
function taskFormValues(task: TaskView, year: number): Record<string, unknown> {
  const v: Record<string, unknown> = { ...task, source_ids: task.source_ids, coordinating_org_ids: task.coordinating.map((c) => c.org_id) };
  for (const m of task.milestones) if (m.month.startsWith(`${year}-`)) v[MONTH_FIELDS[Number(m.month.slice(5)) - 1] as string] = String(m.planned_percent).replace('.', ',');
  if (task.target_value !== null) v.target_value = String(task.target_value).replace('.', ',');
  return v;
}

/** A programme version's path: its id and its number (a misfit is a 404). */
const VersionParams = z.object({ id: z.string().uuid(), no: int(1) });

export async function programmeRoutes(plain: FastifyInstance): Promise<void> {
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts); the
  // evidence upload keeps parsing its multipart fields by hand.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  registerNav({ href: '/app/programmes', key: 'nav.programmes', roles: PROG_READERS });
  const db = app.db;
  const read = { config: { access: PROG_READERS } };
  const write = { config: { access: PROG_WRITERS } };
  const approve = { config: { access: APPROVERS } };
  const report = { config: { access: PROGRESS_WRITERS } };
  const thisYear = () => Number(todayInVietnam().slice(0, 4));

  // ---- Programmes

  app.get('/app/programmes', { ...read, schema: { querystring: ProgrammeListQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const { year } = req.query;
    const y = year ?? (await svc.defaultProgrammeYear(db, actor));
    const items = await svc.listProgrammes(db, actor, y);
    const canCreate = PROG_WRITERS.some((r) => actor.roles.has(r));
    return sendPage(req, reply, (ctx) => <ProgrammeListPage ctx={ctx} items={items} year={y} canCreate={canCreate} />);
  });

  const programmeForm = async (req: FastifyRequest, form: FormState, action: string, isNew: boolean) => {
    const actor = actorOf(req);
    const [orgs, sources] = await Promise.all([svc.programmeOrgOptions(db, actor), allSources(db, actor)]);
    return (ctx: PageContext) => <ProgrammeFormPage ctx={ctx} form={form} action={action} isNew={isNew} orgOptions={orgs.map((o) => ({ value: o.id, label: o.name }))} sources={sources} />;
  };

  app.get('/app/programmes/new', { ...write, schema: { querystring: ProgrammeListQuery } }, async (req, reply) => {
    const { year } = req.query;
    const actor = actorOf(req);
    const y = year ?? thisYear();
    const orgId = actor.headOf[0] ?? '';
    const org = orgId ? await getOrg(db, actor, orgId) : undefined;
    const view = await programmeForm(req, emptyForm({ year: y, org_id: orgId, title: org ? translate(req.locale, 'prog.defaultTitle', { year: y, org: org.name }) : '' }), '/app/programmes', true);
    return sendPage(req, reply, view);
  });

  app.post('/app/programmes', { ...write, ...FORM_ROUTE, schema: { body: ProgrammeInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/programmes/${await svc.createProgramme(db, actorOf(req), req.body)}?ok=saved`,
      (form) => programmeForm(req, form, '/app/programmes', true),
    ),
  );

  app.get('/app/programmes/:id', { ...read, schema: { params: IdParams } }, async (req, reply) => {
    const d = await svc.getProgramme(db, actorOf(req), req.params.id);
    return sendPage(req, reply, (ctx) => <ProgrammePage ctx={ctx} d={d} />);
  });

  /** The programme for one of its forms; 403 when the actor may not change it. */
  const editableProgramme = async (req: FastifyRequest, id: string) => {
    const f = await svc.programmeForForm(db, actorOf(req), id);
    if (!f.canEdit) throw forbidden();
    return f;
  };

  app.get('/app/programmes/:id/edit', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const { programme: p, sourceIds } = await editableProgramme(req, req.params.id);
    const view = await programmeForm(req, emptyForm({ ...p, source_ids: sourceIds }), `/app/programmes/${p.id}`, false);
    return sendPage(req, reply, view);
  });

  // With FORM_ROUTE a bad id does not answer at once: idParam makes it the 404 before anything is read.
  app.post('/app/programmes/:id', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: ProgrammeUpdateInput } }, async (req, reply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await svc.updateProgramme(db, actorOf(req), id, req.body);
        return `/app/programmes/${id}?ok=saved`;
      },
      (form) => programmeForm(req, form, `/app/programmes/${id}`, false),
    );
  });

  /**
   * Lifecycle actions (submit, approve, return) of a programme or a task: a redirect on success;
   * on a refusal, the page it came from again with the reason (4xx), naming what is missing. The
   * body is declared with FORM_ROUTE, so a misfit is shown on that page like any other refusal.
   */
  const action = <S extends z.ZodType>(base: 'programmes' | 'tasks', path: string, opts: typeof write, body: S, run: (req: FastifyRequest, id: string, input: z.output<S>) => Promise<unknown>) =>
    app.post(`/app/${base}/:id/${path}`, { ...opts, ...FORM_ROUTE, schema: { params: IdParams, body } }, async (req, reply) => {
      const id = idParam(req);
      try {
        if (req.validationError instanceof RequestSchemaError) throw schemaRefusal(req.validationError, req.locale);
        await run(req, id, req.body as z.output<S>);
        return reply.redirect(`/app/${base}/${id}?ok=saved`, 303);
      } catch (e) {
        const r = refusal(req, e);
        if (!r) throw e;
        const actor = actorOf(req);
        if (base === 'programmes') {
          const d = await svc.getProgramme(db, actor, id);
          return sendPage(req, reply, (ctx) => <ProgrammePage ctx={ctx} d={d} actionError={r.message} />, r.status);
        }
        const d = await svc.getTask(db, actor, id);
        return sendPage(req, reply, (ctx) => <TaskPage ctx={ctx} d={d} progressForm={emptyForm({ version: d.task.version })} actionError={r.message} />, r.status);
      }
    });
  action('programmes', 'submit', write, DecisionInput, (req, id, input) => svc.submitProgramme(db, actorOf(req), id, input, req.locale));
  action('programmes', 'approve', approve, DecisionInput, (req, id, input) => svc.approveProgramme(db, actorOf(req), id, input, req.locale));
  action('programmes', 'return', approve, ReturnInput, (req, id, input) => svc.returnProgramme(db, actorOf(req), id, input));

  app.get('/app/programmes/:id/versions/:no', { ...read, schema: { params: VersionParams } }, async (req, reply) => {
    const { id, no } = req.params;
    const v = await svc.getProgrammeVersion(db, actorOf(req), id, no);
    return sendPage(req, reply, (ctx) => <VersionPage ctx={ctx} title={v.programme.title} no={no} approvedAt={v.version.approved_at} approvedBy={v.version.approved_by} tasks={v.snapshot.tasks} back={`/app/programmes/${v.programme.id}`} />);
  });

  // ---- Tasks

  const taskForm = async (req: FastifyRequest, form: FormState, o: { action: string; title: string; year: number; isNew: boolean; back: string }) => {
    const actor = actorOf(req);
    const [people, orgs, sources] = await Promise.all([svc.personOptions(db, actor), listOrgs(db, actor), allSources(db, actor)]);
    const orgOptions = orgs.filter((x) => x.valid_to === null).map((x) => ({ value: x.id, label: x.name }));
    return (ctx: PageContext): VNode => <TaskFormPage ctx={ctx} form={form} {...o} people={people} orgs={orgOptions} sources={sources} />;
  };
  const tr = (req: FastifyRequest, key: MessageKey) => translate(req.locale, key);

  /** The task for one of its forms; 403 when the actor may not change its plan. */
  const editableTask = async (req: FastifyRequest, id: string) => {
    const f = await svc.taskForForm(db, actorOf(req), id);
    if (!f.canEdit) throw forbidden();
    return f;
  };

  app.get('/app/programmes/:id/tasks/new', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const { programme: p, sourceIds } = await editableProgramme(req, req.params.id);
    const view = await taskForm(req, emptyForm({ lead_org_id: p.org_id, start_on: `${p.year}-01-01`, origin_kind: 'programme', source_ids: sourceIds }), { action: `/app/programmes/${p.id}/tasks`, title: `${tr(req, 'task.new')} — ${p.title}`, year: p.year, isNew: true, back: `/app/programmes/${p.id}` });
    return sendPage(req, reply, view);
  });

  app.post('/app/programmes/:id/tasks', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: TaskFormInput } }, async (req, reply) => {
    const id = idParam(req);
    const { programme: p } = await svc.programmeForForm(db, actorOf(req), id);
    return formWrite(
      req,
      reply,
      async () => `/app/tasks/${await svc.createTask(db, actorOf(req), id, planFromForm(req.body, p.year))}?ok=saved`,
      (form) => taskForm(req, form, { action: `/app/programmes/${id}/tasks`, title: tr(req, 'task.new'), year: p.year, isNew: true, back: `/app/programmes/${id}` }),
    );
  });

  app.get('/app/tasks/:id', { ...read, schema: { params: IdParams } }, async (req, reply) => {
    const d = await svc.getTask(db, actorOf(req), req.params.id);
    return sendPage(req, reply, (ctx) => <TaskPage ctx={ctx} d={d} progressForm={emptyForm({ version: d.task.version })} />);
  });

  app.get('/app/tasks/:id/edit', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const { task, year } = await editableTask(req, req.params.id);
    const view = await taskForm(req, emptyForm(taskFormValues(task, year)), { action: `/app/tasks/${task.id}`, title: tr(req, 'task.edit'), year, isNew: false, back: `/app/tasks/${task.id}` });
    return sendPage(req, reply, view);
  });

  app.post('/app/tasks/:id', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: TaskFormUpdateInput } }, async (req, reply) => {
    const id = idParam(req);
    const { year } = await svc.taskForForm(db, actorOf(req), id);
    return formWrite(
      req,
      reply,
      async () => {
        const input = req.body;
        await svc.updateTask(db, actorOf(req), id, { ...planFromForm(input, year), version: input.version });
        return `/app/tasks/${id}?ok=saved`;
      },
      (form) => taskForm(req, form, { action: `/app/tasks/${id}`, title: tr(req, 'task.edit'), year, isNew: false, back: `/app/tasks/${id}` }),
    );
  });

  app.get('/app/tasks/:id/subtasks/new', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const { task: t, year } = await editableTask(req, req.params.id);
    if (t.parent_id) throw new AppError(422, 'task.err.nestedSubtask');
    const view = await taskForm(req, emptyForm({ start_on: t.start_on, due_on: t.due_on, result_kind: t.result_kind, target_unit: t.target_unit, origin_kind: t.origin_kind, source_ids: t.source_ids, title: t.title }), { action: `/app/tasks/${t.id}/subtasks`, title: `${tr(req, 'task.newSub')} — ${t.title}`, year, isNew: true, back: `/app/tasks/${t.id}` });
    return sendPage(req, reply, view);
  });

  app.post('/app/tasks/:id/subtasks', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: TaskFormInput } }, async (req, reply) => {
    const id = idParam(req);
    const { year } = await svc.taskForForm(db, actorOf(req), id);
    return formWrite(
      req,
      reply,
      async () => `/app/tasks/${await svc.createSubtask(db, actorOf(req), id, planFromForm(req.body, year))}?ok=saved`,
      (form) => taskForm(req, form, { action: `/app/tasks/${id}/subtasks`, title: tr(req, 'task.newSub'), year, isNew: true, back: `/app/tasks/${id}` }),
    );
  });

  action('tasks', 'submit', write, DecisionInput, (req, id, input) => svc.submitTask(db, actorOf(req), id, input.version, req.locale));
  action('tasks', 'approve', approve, DecisionInput, (req, id, input) => svc.approveTask(db, actorOf(req), id, input.version, req.locale));
  action('tasks', 'return', approve, ReturnInput, (req, id, input) => svc.returnTask(db, actorOf(req), id, input));

  // ---- Progress with evidence (multipart, or urlencoded without files)

  // Multipart for this route only: evidence files, at most WORK_FILES.maxFiles of WORK_FILES.maxBytes each.
  // Its params are declared; its fields are parsed by hand (multipart parts are not plain fields).
  await app.register(async (scope) => {
    await registerMultipart(scope, { fileSize: WORK_FILES.maxBytes, files: WORK_FILES.maxFiles });
    scope.withTypeProvider<ZodTypeProvider>().post('/app/tasks/:id/progress', { ...report, schema: { params: IdParams } }, async (req, reply) => {
      const id = req.params.id;
      const { fields, files } = formAndFiles(req, 'files');
      req.body = fields;
      const rerender = async (form: FormState, message?: string) => {
        const d = await svc.getTask(db, actorOf(req), id);
        return (ctx: PageContext) => <TaskPage ctx={ctx} d={d} progressForm={form} actionError={message} />;
      };
      try {
        const input = parseInput(ProgressInput, fields, req.locale);
        const checked = await checkFiles(files, WORK_FILES);
        const stored = checked.length ? await storeWorkFiles(app.config.filesDir, actorOf(req), checked) : null;
        try {
          await svc.postProgress(db, actorOf(req), id, input, stored);
        } catch (e) {
          await stored?.discard();
          throw e;
        }
        return reply.redirect(`/app/tasks/${id}?ok=saved`, 303);
      } catch (e) {
        if (e instanceof ValidationError) return sendPage(req, reply, await rerender({ values: fields, errors: e.fields ?? {} }), 400);
        const r = refusal(req, e);
        if (!r) throw e;
        // A conflict keeps what was typed: the form comes back filled, with the newest version to retry against.
        const d = await svc.getTask(db, actorOf(req), id);
        return sendPage(req, reply, await rerender({ values: { ...fields, version: d.task.version }, errors: {} }, r.message), r.status);
      }
    });
  });

  // Evidence of progress and the files of source documents, which every reader of programmes may
  // see. A work file linked elsewhere (a meeting's documents) is served by its own room, with that
  // room's visibility; here it is a 404, as is a file no longer linked to anything.
  app.get('/app/files/:id', { ...read, schema: { params: IdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    if (!(await svc.isProgrammeFile(db, actor, req.params.id))) throw notFound();
    const f = await openWorkFile(db, app.config.filesDir, actor, req.params.id);
    const sent = sendWorkFile(reply, app.config.filesDir, f, { original: wantsOriginal(req.query) });
    if (!sent) throw notFound();
    return sent;
  });
}
