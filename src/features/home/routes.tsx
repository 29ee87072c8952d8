// Routes of the home page "Việc của tôi" (D49): /app for every signed-in role, and the whole lists
// behind its "xem tất cả" links (/app/home/<list>). Reads only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { ALL_ROLES } from '../../platform/auth/roles.ts';
import { pageFields } from '../../platform/list.ts';
import { homeFor, homeList, HOME_LISTS } from './service.ts';
import { HomeListPage, HomePage } from './views.tsx';

const ListParams = z.object({ list: z.enum(HOME_LISTS) });
const ListQuery = z.object({ page: pageFields().page });

export function homeRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/app', { config: { access: ALL_ROLES } }, async (req, reply) => {
    const h = await homeFor(app.db, actorOf(req));
    return sendPage(req, reply, (ctx) => <HomePage ctx={ctx} h={h} />);
  });

  app.get('/app/home/:list', { config: { access: ALL_ROLES }, schema: { params: ListParams, querystring: ListQuery } }, async (req, reply) => {
    const { list } = req.params;
    const data = await homeList(app.db, actorOf(req), list, req.query.page);
    return sendPage(req, reply, (ctx) => <HomeListPage ctx={ctx} list={list} page={req.query.page} data={data} />);
  });
}
