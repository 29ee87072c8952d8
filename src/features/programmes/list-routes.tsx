// The programme list and the task list across programmes (docs/DESIGN.md D52): pages whose filters
// and sort are in the URL, and their print view and Excel export of the whole filter.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { pastTheEnd, toLimitOffset } from '../../platform/list.ts';
import { officeListRoutes } from '../../platform/office-list/routes.tsx';
import { sliceRows, wholeListQuery } from '../../platform/office-list/spec.ts';
import { translator } from '../../platform/i18n/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { mayApproveSome, PROG_READERS, PROG_WRITERS } from './access.ts';
import { filteredProgrammes, filteredTasks, programmeList, ProgrammeListPageQuery, taskList, taskListYear, TaskListQuery } from './lists.ts';
import { defaultProgrammeYear, listProgrammes } from './load.ts';
import { ProgrammeListPage } from './views/list.tsx';
import { TaskListPage } from './views/task-list.tsx';

export function programmeListRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const read = { config: { access: PROG_READERS } };
  const orgOptions = async (req: Parameters<typeof actorOf>[0]) => (await listOrgs(db, actorOf(req))).filter((o) => o.valid_to === null).map((o) => ({ value: o.id, label: o.name }));

  app.get('/app/programmes', { ...read, schema: { querystring: ProgrammeListPageQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const all = await filteredProgrammes(db, actor, query, translator(req.locale));
    const year = query.year ?? (await defaultProgrammeYear(db, actor));
    const { rows, total } = sliceRows(all, toLimitOffset(query));
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    const canCreate = PROG_WRITERS.some((r) => actor.roles.has(r));
    const orgs = await orgOptions(req);
    return sendPage(req, reply, (ctx) => <ProgrammeListPage ctx={ctx} items={rows} total={total} year={year} query={query} orgOptions={orgs} canCreate={canCreate} wholeQuery={wholeListQuery(req.url)} />);
  });
  officeListRoutes(app, programmeList);

  app.get('/app/tasks', { ...read, schema: { querystring: TaskListQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const year = await taskListYear(db, actor, query);
    const all = await filteredTasks(db, actor, { ...query, year }, translator(req.locale));
    const { rows, total } = sliceRows(all, toLimitOffset(query));
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    const [orgs, programmes] = await Promise.all([orgOptions(req), listProgrammes(db, actor, year)]);
    const d = { items: rows, total, year, query, orgOptions: orgs, programmeOptions: programmes.map((p) => ({ value: p.id, label: p.title })), wholeQuery: wholeListQuery(req.url), approvals: await mayApproveSome(db, actor) };
    return sendPage(req, reply, (ctx) => <TaskListPage ctx={ctx} d={d} />);
  });
  officeListRoutes(app, taskList);
}
