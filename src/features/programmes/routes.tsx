import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { VNode } from 'preact';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { RequestSchemaError, schemaRefusal, typedValues } from '../../platform/http/schemas.ts';
import { actorOf, noticeFor, sendPage } from '../../platform/http/context.ts';
import { AppError, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { resolveMessage, translate, type MessageKey } from '../../platform/i18n/index.ts';
import { emptyForm, withQuery, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { registerNav } from '../../ui/layout.tsx';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { fmtPct } from './schedule.ts';
import { getOrg, listOrgs } from '../orgs/service.ts';
import { peopleChoice } from '../people/service.ts';
import { spreadTyped, taskFormIntent, type SpreadBefore } from './task-form-aids.ts';
import { allSources } from '../sources/service.ts';
import { APPROVERS, mayApproveSome, PROG_READERS, PROG_WRITERS, PROGRESS_WRITERS } from './access.ts';
import { checkFiles, formAndFiles, openWorkFile, sendWorkFile, wantsOriginal, storeWorkFiles, WORK_FILES } from '../../platform/files/index.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { parseInput, int, optId } from '../../platform/validation.ts';
import { DecideInput, DecisionInput, MONTH_FIELDS, planFromForm, ProgrammeInput, ProgrammeListQuery, ProgrammeUpdateInput, ProgressInput, ReturnInput, TaskFormInput, TaskFormUpdateInput } from './schema.ts';
import * as svc from './service.ts';
import { ProgrammeFormPage, ProgrammePage, TaskFormPage, TaskPage, VersionPage } from './views.tsx';
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

/** The confirmation of a submit: "Đã trình Ban Thường vụ duyệt." (to the approver it went to). */
const submitted = (r: { to: string }) => ({ notice: { key: 'approval.done.submitted' as MessageKey, params: { to: r.to } } });
/** The confirmation of a decision: "Đã trả lại cho Hội LHPN phường, kèm ý kiến." */
const decided = (what: 'approved' | 'returned', org: string) => ({ notice: { key: `approval.done.${what}` as MessageKey, params: { org } } });
/** A return's comment, required: a refusal that names the box. */
function needComment(comment: string | null | undefined): string {
  if (!comment) throw new ValidationError({ comment: 'approval.err.commentRequired' });
  return comment;
}

/** A programme version's path: its id and its number (a misfit is a 404). */
const VersionParams = z.object({ id: z.string().uuid(), no: int(1) });
/** The new-task form's query: the lead organization kept by "Lưu và thêm nhiệm vụ khác". */
const NewTaskQuery = z.object({ lead_org_id: optId() });

export async function programmeRoutes(plain: FastifyInstance): Promise<void> {
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts); the
  // evidence upload keeps parsing its multipart fields by hand.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  registerNav({ href: '/app/programmes', key: 'nav.programmes', roles: PROG_READERS, also: ['/app/tasks', '/app/schedule', '/app/sources'] });
  const db = app.db;
  const read = { config: { access: PROG_READERS } };
  const write = { config: { access: PROG_WRITERS } };
  const approve = { config: { access: APPROVERS } };
  const report = { config: { access: PROGRESS_WRITERS } };
  const thisYear = () => Number(todayInVietnam().slice(0, 4));

  // ---- Programmes

  // The programme list (filters, sort, print, Excel): list-routes.tsx (D52).

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
    const actor = actorOf(req);
    const d = await svc.getProgramme(db, actor, req.params.id);
    const approvals = await mayApproveSome(db, actor);
    return sendPage(req, reply, (ctx) => <ProgrammePage ctx={ctx} d={d} approvals={approvals} />);
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
  const action = <S extends z.ZodType>(base: 'programmes' | 'tasks', path: string, opts: typeof write, body: S, run: (req: FastifyRequest, id: string, input: z.output<S>) => Promise<{ notice: { key: MessageKey; params: Record<string, string> } }>) =>
    app.post(`/app/${base}/:id/${path}`, { ...opts, ...FORM_ROUTE, schema: { params: IdParams, body } }, async (req, reply) => {
      const id = idParam(req);
      try {
        if (req.validationError instanceof RequestSchemaError) throw schemaRefusal(req.validationError, req.locale);
        // A confirmation that says what happened and to whom (D50, D64), never only "Đã lưu.".
        const { notice } = await run(req, id, req.body as z.output<S>);
        return reply.redirect(doneAt(req, `/app/${base}/${id}`, notice.key, notice.params), 303);
      } catch (e) {
        const r = refusal(req, e);
        if (!r) throw e;
        const actor = actorOf(req);
        if (base === 'programmes') {
          const d = await svc.getProgramme(db, actor, id);
          // Tasks not six-clear: each named with the fields it lacks and a link to its form, under the reason.
          const notClear = e instanceof AppError && e.key === 'prog.err.notReady';
          const message = notClear ? translate(req.locale, 'prog.err.notReady', { tasks: '' }).trim() : r.message;
          return sendPage(req, reply, (ctx) => <ProgrammePage ctx={ctx} d={d} actionError={message} notClear={notClear} />, r.status);
        }
        const d = await svc.getTask(db, actor, id);
        return sendPage(req, reply, (ctx) => <TaskPage ctx={ctx} d={d} progressForm={emptyForm({ version: d.task.version })} actionError={r.message} />, r.status);
      }
    });
  action('programmes', 'submit', write, DecisionInput, async (req, id, input) => submitted(await svc.submitProgramme(db, actorOf(req), id, input, req.locale)));
  action('programmes', 'decide', approve, DecideInput, async (req, id, input) => {
    const actor = actorOf(req);
    if (input.decision === 'approve') {
      await svc.approveProgramme(db, actor, id, input, req.locale);
      return decided('approved', (await svc.getProgramme(db, actor, id)).orgName);
    }
    return decided('returned', (await svc.returnProgramme(db, actor, id, { comment: needComment(input.comment), version: input.version })).to);
  });
  action('programmes', 'approve', approve, DecisionInput, async (req, id, input) => {
    await svc.approveProgramme(db, actorOf(req), id, input, req.locale);
    return decided('approved', (await svc.getProgramme(db, actorOf(req), id)).orgName);
  });
  action('programmes', 'return', approve, ReturnInput, async (req, id, input) => decided('returned', (await svc.returnProgramme(db, actorOf(req), id, input)).to));

  app.get('/app/programmes/:id/versions/:no', { ...read, schema: { params: VersionParams } }, async (req, reply) => {
    const { id, no } = req.params;
    const v = await svc.getProgrammeVersion(db, actorOf(req), id, no);
    return sendPage(req, reply, (ctx) => <VersionPage ctx={ctx} title={v.programme.title} no={no} approvedAt={v.version.approved_at} approvedBy={v.version.approved_by} tasks={v.snapshot.tasks} back={`/app/programmes/${v.programme.id}`} />);
  });

  // ---- Tasks

  type TaskFormOpts = { action: string; title: string; year: number; isNew: boolean; back: string };
  /** The task form; `aid` says which aid answered (a line above the form says what it did; `spreadBefore`: the months run before the year). */
  const taskForm = async (req: FastifyRequest, form: FormState, o: TaskFormOpts, aid?: 'spread' | 'owner', spreadBefore?: SpreadBefore) => {
    const actor = actorOf(req);
    const lead = String(form.values.lead_org_id ?? '');
    const ownerQ = String(form.values.owner_q ?? '').trim().slice(0, 100);
    const leadOrgId = /^[0-9a-f-]{36}$/i.test(lead) ? lead : null;
    const [all, choice, orgs, sources] = await Promise.all([svc.personOptions(db, actor), peopleChoice(db, actor, { text: ownerQ, orgId: leadOrgId, limit: ownerQ ? 50 : 300 }), listOrgs(db, actor), allSources(db, actor)]);
    const first = choice.first.map((p) => ({ value: p.id, label: p.full_name }));
    const firstIds = new Set(first.map((p) => p.value));
    let others = ownerQ ? choice.others.map((p) => ({ value: p.id, label: p.full_name })) : all.filter((p) => !firstIds.has(p.value));
    // A search keeps the owner already chosen in the list, so posting the form does not drop them.
    const chosen = String(form.values.owner_person_id ?? '');
    if (ownerQ && chosen && !firstIds.has(chosen) && !others.some((p) => p.value === chosen)) others = [...all.filter((p) => p.value === chosen), ...others];
    const found = first.length + choice.others.length;
    const notice = aid === 'spread' ? [translate(req.locale, 'task.spreadDone'), ...(spreadBefore ? [translate(req.locale, 'task.spreadBefore', { ...spreadBefore })] : [])].join(' ') : aid === 'owner' && ownerQ ? (found ? translate(req.locale, 'task.ownerFound', { n: found }) : translate(req.locale, 'task.ownerNone', { q: ownerQ })) : undefined;
    const orgOptions = orgs.filter((x) => x.valid_to === null).map((x) => ({ value: x.id, label: x.name }));
    return (ctx: PageContext): VNode => <TaskFormPage ctx={ctx} form={form} {...o} people={{ first, others }} orgs={orgOptions} sources={sources} notice={notice} />;
  };
  /**
   * A task form's post. The aids answer the form again as typed, nothing saved: "Chia đều các mốc"
   * (200 with the months filled, or 400 naming the missing date) and the owner search (200). A
   * save redirects like any form; "Lưu và thêm nhiệm vụ khác" to `againUrl`, a fresh form (D53).
   */
  const taskPost = async (req: FastifyRequest, reply: FastifyReply, o: TaskFormOpts, save: () => Promise<string>, againUrl?: () => string) => {
    const values = typedValues(req);
    const intent = taskFormIntent(values);
    if (intent === 'owner') return sendPage(req, reply, await taskForm(req, { values, errors: {} }, o, 'owner'));
    if (intent === 'spread') {
      const r = spreadTyped(values, o.year);
      if ('errors' in r) return sendPage(req, reply, await taskForm(req, { values, errors: r.errors }, o), 400);
      return sendPage(req, reply, await taskForm(req, { values: r.values, errors: {} }, o, 'spread', r.before));
    }
    return formWrite(
      req,
      reply,
      async () => {
        const to = await save();
        if (intent !== 'again' || !againUrl) return to;
        return doneAt(req, againUrl(), 'task.savedAgain');
      },
      (form) => taskForm(req, form, o),
    );
  };
  const tr = (req: FastifyRequest, key: MessageKey) => translate(req.locale, key);

  /** The task for one of its forms; 403 when the actor may not change its plan. */
  const editableTask = async (req: FastifyRequest, id: string) => {
    const f = await svc.taskForForm(db, actorOf(req), id);
    if (!f.canEdit) throw forbidden();
    svc.assertTasksOpen(f.programme);
    return f;
  };

  app.get('/app/programmes/:id/tasks/new', { ...write, schema: { params: IdParams, querystring: NewTaskQuery } }, async (req, reply) => {
    const { programme: p, sourceIds } = await editableProgramme(req, req.params.id);
    svc.assertTasksOpen(p);
    const view = await taskForm(req, emptyForm({ lead_org_id: req.query.lead_org_id ?? p.org_id, start_on: `${p.year}-01-01`, origin_kind: 'programme', source_ids: sourceIds }), { action: `/app/programmes/${p.id}/tasks`, title: `${tr(req, 'task.new')} — ${p.title}`, year: p.year, isNew: true, back: `/app/programmes/${p.id}` });
    return sendPage(req, reply, view);
  });

  app.post('/app/programmes/:id/tasks', { ...write, ...FORM_ROUTE, schema: { params: IdParams, body: TaskFormInput } }, async (req, reply) => {
    const id = idParam(req);
    const { programme: p } = await svc.programmeForForm(db, actorOf(req), id);
    return taskPost(
      req,
      reply,
      { action: `/app/programmes/${id}/tasks`, title: tr(req, 'task.new'), year: p.year, isNew: true, back: `/app/programmes/${id}` },
      async () => `/app/tasks/${await svc.createTask(db, actorOf(req), id, planFromForm(req.body, p.year))}?ok=saved`,
      () => withQuery(`/app/programmes/${id}/tasks/new`, { lead_org_id: req.body.lead_org_id }),
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
    return taskPost(req, reply, { action: `/app/tasks/${id}`, title: tr(req, 'task.edit'), year, isNew: false, back: `/app/tasks/${id}` }, async () => {
      const input = req.body;
      const was = await svc.updateTask(db, actorOf(req), id, { ...planFromForm(input, year), version: input.version });
      // A submitted or approved plan that changed is a draft again: said, not left to be noticed (D77).
      return was === 'draft' ? `/app/tasks/${id}?ok=saved` : noticeFor(req, `/app/tasks/${id}`, { key: 'task.backToDraft' });
    });
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
    return taskPost(
      req,
      reply,
      { action: `/app/tasks/${id}/subtasks`, title: tr(req, 'task.newSub'), year, isNew: true, back: `/app/tasks/${id}` },
      async () => `/app/tasks/${await svc.createSubtask(db, actorOf(req), id, planFromForm(req.body, year))}?ok=saved`,
      () => `/app/tasks/${id}/subtasks/new`,
    );
  });

  action('tasks', 'submit', write, DecisionInput, async (req, id, input) => submitted(await svc.submitTask(db, actorOf(req), id, input.version, req.locale)));
  action('tasks', 'decide', approve, DecideInput, async (req, id, input) => {
    const actor = actorOf(req);
    if (input.decision === 'approve') return decided('approved', (await svc.approveTask(db, actor, id, input.version, req.locale, input.comment ?? null)).to);
    return decided('returned', (await svc.returnTask(db, actor, id, { comment: needComment(input.comment), version: input.version })).to);
  });
  action('tasks', 'approve', approve, DecisionInput, async (req, id, input) => decided('approved', (await svc.approveTask(db, actorOf(req), id, input.version, req.locale)).to));
  action('tasks', 'return', approve, ReturnInput, async (req, id, input) => decided('returned', (await svc.returnTask(db, actorOf(req), id, input)).to));

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
        let posted: svc.ProgressPosted;
        try {
          posted = await svc.postProgress(db, actorOf(req), id, input, stored);
        } catch (e) {
          await stored?.discard();
          throw e;
        }
        return reply.redirect(doneAt(req, `/app/tasks/${id}`, ...progressNotice(posted)), 303);
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

/**
 * The notice after a progress post: a figure dated before a later report is recorded but does not
 * become the task's current figure, so the notice says which one stays and why.
 */
function progressNotice(posted: svc.ProgressPosted): [MessageKey, Record<string, string>?] {
  const { task, reportedOn } = posted;
  if (task.progress_on === null || task.progress_on <= reportedOn) return ['done.progress.saved'];
  return ['done.progress.savedEarlier', { day: formatDate(reportedOn), percent: task.progress_percent === null ? '—' : fmtPct(task.progress_percent), latest: formatDate(task.progress_on) }];
}
