import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, fullPageContext, sendHtmlParts, sendPage } from '../../platform/http/context.ts';
import { toPlainContext } from '../../platform/workers/context.ts';
import { loadUnread } from '../../platform/http/unread.ts';
import { runHeavy } from '../../platform/workers/pool.ts';
import { stampReaderOf } from '../../platform/kept.ts';
import { BOARD_READERS, PROG_READERS } from './access.ts';
import { buildBoard } from './board.ts';
import { BoardPage } from './board-views.tsx';
import { SchedulePageQuery, ScheduleQuery } from './schedule.ts';
import { renderSchedulePage, renderSchedulePrint } from './schedule-jobs.tsx';
import { BoardQuery } from './schema.ts';
import { defaultProgrammeYear } from './service.ts';
import { contentDisposition } from '../../platform/files/index.ts';

export { placeOfWard } from './schedule-paper.ts';

export function scheduleRoutes(plain: FastifyInstance): void {
  // The queries are declared on the routes (zod, platform/http/schemas.ts).
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const read = { config: { access: PROG_READERS } };

  app.get('/app/schedule', { ...read, schema: { querystring: SchedulePageQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    // Open on the ward's working year, with the year in the URL like every other filter (the
    // query as sent: req.query is already the parsed value).
    if (query.year === undefined || query.year === null) {
      // Only the page's own parameters (validated above): another one (`q=%00`) is nothing to carry on.
      const sent = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
      const params = new URLSearchParams([...sent].filter(([k]) => k in SchedulePageQuery.shape));
      params.set('year', String(await defaultProgrammeYear(db, actor)));
      return reply.redirect(`/app/schedule?${params.toString()}`);
    }
    await loadUnread(req); // the header's unread count (D49)
    const input = { actor, query, ctx: toPlainContext(await fullPageContext(req, reply)) };
    // Every row at once (printing, ~1 KB of HTML a row) is heavy: its rows are rendered by a worker
    // thread (D45) and kept while the year's stamp is unchanged (D77).
    // Kept reads (D81) need the unit-tree version read with the account; without it all is read afresh.
    const tree = req.auth.treeVersion;
    const kept = tree === undefined ? undefined : { stamps: stampReaderOf(req, db), treeVersion: tree };
    const html = query.all ? await renderSchedulePrint(db, input, (rows) => runHeavy(reply, 'programmes.schedule-rows', rows), kept) : await renderSchedulePage({ db }, input, kept);
    return sendHtmlParts(reply, html);
  });

  app.get('/app/schedule.xlsx', { ...read, schema: { querystring: ScheduleQuery } }, async (req, reply) => {
    const wardName = req.auth.ward?.name ?? '';
    const { year, bytes } = await runHeavy(reply, 'programmes.schedule-xlsx', { actor: actorOf(req), query: req.query, locale: req.locale, wardName });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', contentDisposition('attachment', `bieu-tien-do-${year}.xlsx`));
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  app.get('/app/programmes/dashboard', { config: { access: BOARD_READERS }, schema: { querystring: BoardQuery } }, async (req, reply) => {
    const { year, all } = req.query;
    const actor = actorOf(req);
    const b = await buildBoard(db, actor, year ?? (await defaultProgrammeYear(db, actor)), undefined, all);
    return sendPage(req, reply, (ctx) => <BoardPage ctx={ctx} b={b} />);
  });
}
