import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { translate } from '../../platform/i18n/index.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { allSources, sourceShort } from '../sources/service.ts';
import { BOARD_READERS, PROG_READERS } from './access.ts';
import { buildBoard } from './board.ts';
import { BoardPage } from './board-views.tsx';
import { buildSchedule, orgGroups, schedulePage, SchedulePageQuery, ScheduleQuery, STATUS_KEYS, type SchedulePageData } from './schedule.ts';
import { writeScheduleXlsx } from './schedule-xlsx.ts';
import { SchedulePage } from './schedule-views.tsx';
import { ProgrammeListQuery } from './schema.ts';
import { defaultProgrammeYear, ownerOptions } from './service.ts';
import { listNotifications, markAllRead } from './reminders.ts';
import { NotificationsPage } from './notification-views.tsx';

/**
 * The place on the dated line of the export: per Nghị định 30/2020/NĐ-CP, for a body at ward or
 * commune level, the name of that ward or commune ("Đồng Tâm, ngày …"; a numbered ward keeps its
 * word: "Phường 12, ngày …").
 */
export function placeOfWard(wardName: string): string {
  const m = /^(phường|xã|thị trấn|đặc khu)\s+(\S.*)$/iu.exec(wardName.trim());
  return m && !/^\d+$/.test(m[2] ?? '') ? (m[2] as string) : wardName.trim();
}

export function scheduleRoutes(plain: FastifyInstance): void {
  // The queries are declared on the routes (zod, platform/http/schemas.ts).
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const read = { config: { access: PROG_READERS } };

  /** The filters' choices: organizations, documents, and the people who own tasks that year. */
  const options = async (req: FastifyRequest, year: number) => {
    const actor = actorOf(req);
    const [orgs, sources, owners] = await Promise.all([listOrgs(db, actor), allSources(db, actor), ownerOptions(db, actor, year)]);
    return {
      orgs: orgs.filter((o) => o.valid_to === null).map((o) => ({ value: o.id, label: o.name })),
      sources: sources.map((s) => ({ value: s.id, label: sourceShort(s) })),
      owners,
    };
  };
  const yearOf = (q: ScheduleQuery) => q.year ?? Number(todayInVietnam().slice(0, 4));

  app.get('/app/schedule', { ...read, schema: { querystring: SchedulePageQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    // Open on the ward's working year, with the year in the URL like every other filter (the
    // query as sent: req.query is already the parsed value).
    if (query.year === undefined || query.year === null) {
      const params = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
      params.set('year', String(await defaultProgrammeYear(db, actor)));
      return reply.redirect(`/app/schedule?${params.toString()}`);
    }
    // One page: only its rows are loaded (schedule-query.ts); the print view (`all=1`) has every row.
    const whole = async (): Promise<SchedulePageData> => {
      const s = await buildSchedule(db, actor, query);
      return { ...s, total: s.rows.length, page: 1, pages: 1, groups: orgGroups(s.rows) };
    };
    const [s, opts] = await Promise.all([query.all ? whole() : schedulePage(db, actor, query, query.page ?? 1), options(req, yearOf(query))]);
    const orgName = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? null) : null;
    return sendPage(req, reply, (ctx) => <SchedulePage ctx={ctx} s={s} rows={s.rows} total={s.total} page={s.page} pages={s.pages} groups={s.groups} query={query} orgName={orgName} {...opts} />);
  });

  app.get('/app/schedule.xlsx', { ...read, schema: { querystring: ScheduleQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const [s, opts] = await Promise.all([buildSchedule(db, actor, query), options(req, yearOf(query))]);
    const t = (k: Parameters<typeof translate>[1]) => translate(req.locale, k);
    const scope = query.org ? (opts.orgs.find((o) => o.value === query.org)?.label ?? '') : t('sched.wardWide');
    const filters = [
      query.source ? `${t('sched.source')}: ${opts.sources.find((o) => o.value === query.source)?.label ?? ''}` : '',
      query.status ? `${t('task.status')}: ${t(STATUS_KEYS[query.status])}` : '',
      query.owner ? `${t('task.owner')}: ${opts.owners.find((o) => o.value === query.owner)?.label ?? ''}` : '',
      query.month ? translate(req.locale, 'task.month', { n: query.month }) : '',
    ].filter(Boolean);
    const wardName = req.auth.ward?.name ?? '';
    const out = new PassThrough();
    writeScheduleXlsx(out, s, { wardName, scopeName: scope, grouped: !query.org, filters: filters.join('; '), place: placeOfWard(wardName), today: todayInVietnam() }, req.locale).catch((err: unknown) => {
      req.log.error({ err }, 'xlsx export failed');
      out.destroy(err as Error);
    });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="bieu-tien-do-${s.year}.xlsx"`);
    return reply.send(out);
  });

  app.get('/app/programmes/dashboard', { config: { access: BOARD_READERS }, schema: { querystring: ProgrammeListQuery } }, async (req, reply) => {
    const { year } = req.query;
    const actor = actorOf(req);
    const b = await buildBoard(db, actor, year ?? (await defaultProgrammeYear(db, actor)));
    return sendPage(req, reply, (ctx) => <BoardPage ctx={ctx} b={b} />);
  });

  app.get('/app/notifications', { config: { access: 'auth' } }, async (req, reply) => {
    const actor = actorOf(req);
    const items = await listNotifications(db, actor);
    return sendPage(req, reply, (ctx) => <NotificationsPage ctx={ctx} items={items} />);
  });

  app.post('/app/notifications/read', { config: { access: 'auth' } }, async (req, reply) => {
    await markAllRead(db, actorOf(req));
    return reply.redirect('/app/notifications?ok=saved', 303);
  });
}
