// Programmes, tasks and progress over the JSON API: the same services, rules and messages as the pages.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX, apiRoute, apiVersion, IdParams, storedEnum } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { optLongText } from '../../platform/validation.ts';
import { ValidationError } from '../../platform/errors.ts';
import { apiLimitOffset, apiPageFields } from '../../platform/list.ts';
import { APPROVALS, PROGRAMME_STATUSES, ProgrammeInput, ProgressInput, TaskApiInput, TaskApiPatch, patchTaskPlan, YEAR, type TaskPlan } from './schema.ts';
import { APPROVERS, PROG_READERS, PROG_WRITERS, PROGRESS_WRITERS } from './access.ts';
import * as svc from './service.ts';
import { ScheduleQuery } from './schedule.ts';
import { taskListPage } from './schedule-query.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { SIX_CLEAR, TASK_STATUSES } from './status.ts';
import { progressRows } from './repo.ts';
import { orgSubtree } from '../orgs/service.ts';

const isoDate = z.iso.date();
const instant = z.iso.datetime();
const TAGS = ['programmes'];

const ProgrammeOut = z.object({
  id: z.string(),
  org_id: z.string(),
  year: z.number().int(),
  title: z.string(),
  status: storedEnum(PROGRAMME_STATUSES),
  approved_version: z.number().int(),
  decision_comment: z.string().nullable(),
  version: z.number().int(),
  updated_at: instant,
});

const TaskOut = z.object({
  id: z.string(),
  programme_id: z.string().nullable(),
  parent_id: z.string().nullable(),
  origin_kind: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  owner_person_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  lead_org_id: z.string().nullable(),
  lead_name: z.string().nullable(),
  coordinating_org_ids: z.array(z.string()),
  source_ids: z.array(z.string()),
  start_on: isoDate.nullable(),
  due_on: isoDate.nullable(),
  result_kind: z.string().nullable(),
  target_value: z.number().nullable(),
  target_unit: z.string().nullable(),
  deliverable: z.string().nullable(),
  actual_value: z.number().nullable(),
  actual_result: z.string().nullable(),
  milestones: z.array(z.object({ month: z.string(), due_on: isoDate, planned_percent: z.number() })),
  progress_percent: z.number().nullable(),
  progress_on: isoDate.nullable(),
  done_on: isoDate.nullable(),
  /** Derived from the dates, milestones and progress (Asia/Ho_Chi_Minh), never stored. */
  status: storedEnum(TASK_STATUSES),
  approval: storedEnum(APPROVALS),
  /** Which of the six "rõ" are still missing; empty when the task can be approved. */
  missing: z.array(storedEnum(SIX_CLEAR)),
  version: z.number().int(),
});

const taskOut = (t: svc.TaskView) => ({ ...t, coordinating_org_ids: t.coordinating.map((c) => c.org_id), milestones: t.milestones.map((m) => ({ month: m.month, due_on: m.due_on, planned_percent: m.planned_percent })) });

const ProgressOut = z.object({ id: z.string(), reported_on: isoDate, percent: z.number(), value: z.number().nullable(), note: z.string().nullable(), actor_label: z.string(), created_at: instant });
const Created = z.object({ id: z.string() });
const VersionBody = z.object({ version: apiVersion(), comment: optLongText(2000) });
const ReturnBody = z.object({ version: apiVersion(), comment: z.string().trim().min(1).max(2000) });
const YearQuery = z.object({ year: YEAR.optional() });
const ApiProgress = ProgressInput.safeExtend({ version: apiVersion() });
/** The task list comes a page at a time: a ward-wide year runs to thousands of tasks. */
const TASK_PAGES = { size: 200, maxSize: 1000 };
/** The schedule's filters (the month too, with its year: tasks with work or a mark in that month, D63) and a page. */
const TaskListQuery = ScheduleQuery.extend(apiPageFields(TASK_PAGES));

export function programmesApi(app: FastifyInstance): void {
  const db = app.db;
  const P = `${API_PREFIX}/programmes`;
  const T = `${API_PREFIX}/tasks`;

  apiRoute(app, { method: 'GET', url: P, access: PROG_READERS, summary: 'api.prog.list', tags: TAGS, query: YearQuery, response: z.object({ items: z.array(ProgrammeOut) }) }, async ({ req, query }) => ({
    items: await svc.listProgrammes(db, actorOf(req), query.year ?? null),
  }));

  apiRoute(app, { method: 'POST', url: P, access: PROG_WRITERS, summary: 'api.prog.create', tags: TAGS, body: ProgrammeInput, response: Created, status: 201 }, async ({ req, body }) => ({
    id: await svc.createProgramme(db, actorOf(req), body),
  }));

  apiRoute(
    app,
    { method: 'GET', url: `${P}/:id`, access: PROG_READERS, summary: 'api.prog.get', tags: TAGS, params: IdParams, response: z.object({ programme: ProgrammeOut, source_ids: z.array(z.string()), tasks: z.array(TaskOut), versions: z.array(z.object({ version_no: z.number().int(), approved_at: instant, approved_by: z.string() })) }) },
    async ({ req, params }) => {
      const d = await svc.getProgramme(db, actorOf(req), params.id);
      return { programme: d.programme, source_ids: d.sources.map((s) => s.id), tasks: d.tasks.map(taskOut), versions: d.versions };
    },
  );

  const lifecycle = [
    ['submit', PROG_WRITERS, VersionBody, 'api.prog.submit'],
    ['approve', APPROVERS, VersionBody, 'api.prog.approve'],
    ['return', APPROVERS, ReturnBody, 'api.prog.return'],
  ] as const;
  for (const [action, access, body, summary] of lifecycle) {
    apiRoute(app, { method: 'POST', url: `${P}/:id/${action}`, access, summary, tags: TAGS, params: IdParams, body, response: ProgrammeOut, errors: [409, 422] }, async ({ req, params, body: b }) => {
      const actor = actorOf(req);
      if (action === 'submit') await svc.submitProgramme(db, actor, params.id, { version: b.version, comment: b.comment ?? null }, req.locale);
      else if (action === 'approve') await svc.approveProgramme(db, actor, params.id, { version: b.version, comment: b.comment ?? null }, req.locale);
      else await svc.returnProgramme(db, actor, params.id, { version: b.version, comment: b.comment ?? '' });
      return (await svc.getProgramme(db, actor, params.id)).programme;
    });
  }

  apiRoute(app, { method: 'POST', url: `${P}/:id/tasks`, access: PROG_WRITERS, summary: 'api.task.create', tags: TAGS, params: IdParams, body: TaskApiInput, response: Created, status: 201 }, async ({ req, params, body }) => ({
    id: await svc.createTask(db, actorOf(req), params.id, body),
  }));

  apiRoute(app, { method: 'GET', url: T, access: PROG_READERS, summary: 'api.task.list', tags: TAGS, query: TaskListQuery, response: z.object({ items: z.array(TaskOut), total: z.number().int() }) }, async ({ req, query }) => {
    const actor = actorOf(req);
    if (query.month !== undefined && query.year === undefined) throw new ValidationError({ month: 'sched.err.monthNeedsYear' });
    await svc.checkTaskFilters(db, actor, query); // 404 for a filter naming what is not of the ward (D81)
    const orgIds = query.org ? [...(await orgSubtree(db, actor.wardId, [query.org]))] : null;
    const { limit, offset } = apiLimitOffset(query, TASK_PAGES);
    // Counted and cut in SQL over the stored status and month cells (D41): only the page's tasks are loaded.
    const filter = { year: query.year ?? null, month: query.month ?? null, orgIds, ownerId: query.owner, sourceId: query.source, programmeId: query.programme };
    const page = await taskListPage(db, actor, filter, query.status ?? null, limit, offset, todayInVietnam());
    return { items: page.items.map(taskOut), total: page.total };
  });

  apiRoute(app, { method: 'GET', url: `${T}/:id`, access: PROG_READERS, summary: 'api.task.get', tags: TAGS, params: IdParams, response: TaskOut.extend({ progress: z.array(ProgressOut), children: z.array(TaskOut) }) }, async ({ req, params }) => {
    const d = await svc.getTask(db, actorOf(req), params.id);
    return { ...taskOut(d.task), progress: d.progress, children: d.children.map(taskOut) };
  });

  apiRoute(app, { method: 'PATCH', url: `${T}/:id`, access: PROG_WRITERS, summary: 'api.task.update', tags: TAGS, params: IdParams, body: TaskApiPatch, response: TaskOut, errors: [409] }, async ({ req, params, body }) => {
    const actor = actorOf(req);
    const t = await svc.getTaskView(db, actor, params.id);
    const current = {
      title: t.title, description: t.description, owner_person_id: t.owner_person_id, lead_org_id: t.lead_org_id,
      coordinating_org_ids: t.coordinating.map((c) => c.org_id), start_on: t.start_on, due_on: t.due_on,
      result_kind: t.result_kind as TaskPlan['result_kind'], target_value: t.target_value, target_unit: t.target_unit, deliverable: t.deliverable,
      source_ids: t.source_ids, origin_kind: t.origin_kind as TaskPlan['origin_kind'], origin_ref: t.origin_ref, origin_note: t.origin_note,
      milestones: t.milestones.map((m) => ({ month: m.month, planned_percent: m.planned_percent, title: m.title })),
    };
    await svc.updateTask(db, actor, params.id, patchTaskPlan(current, body));
    return taskOut(await svc.getTaskView(db, actor, params.id));
  });

  const taskActions = [
    ['submit', PROG_WRITERS, VersionBody, 'api.task.submit'],
    ['approve', APPROVERS, VersionBody, 'api.task.approve'],
    ['return', APPROVERS, ReturnBody, 'api.task.return'],
  ] as const;
  for (const [action, access, body, summary] of taskActions) {
    apiRoute(app, { method: 'POST', url: `${T}/:id/${action}`, access, summary, tags: TAGS, params: IdParams, body, response: TaskOut, errors: [409, 422] }, async ({ req, params, body: b }) => {
      const actor = actorOf(req);
      if (action === 'submit') await svc.submitTask(db, actor, params.id, b.version, req.locale);
      else if (action === 'approve') await svc.approveTask(db, actor, params.id, b.version, req.locale);
      else await svc.returnTask(db, actor, params.id, { version: b.version, comment: b.comment ?? '' });
      return taskOut(await svc.getTaskView(db, actor, params.id));
    });
  }

  apiRoute(app, { method: 'GET', url: `${T}/:id/progress`, access: PROG_READERS, summary: 'api.task.progress', tags: TAGS, params: IdParams, response: z.object({ items: z.array(ProgressOut) }) }, async ({ req, params }) => {
    const d = await svc.getTask(db, actorOf(req), params.id);
    return { items: (await progressRows(db, actorOf(req).wardId, [d.task.id])).reverse() };
  });

  apiRoute(app, { method: 'POST', url: `${T}/:id/progress`, access: PROGRESS_WRITERS, summary: 'api.task.report', tags: TAGS, params: IdParams, body: ApiProgress, response: TaskOut, status: 201, errors: [409, 422] }, async ({ req, params, body }) => {
    const actor = actorOf(req);
    return taskOut((await svc.postProgress(db, actor, params.id, body)).task); // the task as the command left it (D80)
  });
}
