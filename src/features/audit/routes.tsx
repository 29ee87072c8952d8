import type { FastifyInstance } from 'fastify';
import { pastTheEnd } from '../../platform/list.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AUDIT_READERS } from '../../platform/auth/roles.ts';
import { wardUserOptions } from '../users/service.ts';
import { AuditQuery } from './schema.ts';
import { listAudit } from './service.ts';
import { AuditPage } from './views.tsx';
import { officeListRoutes } from '../../platform/office-list/routes.tsx';
import { wholeListQuery } from '../../platform/office-list/spec.ts';
import { auditList } from './list.ts';

/** The audit log of the current ward: read-only, there is no route that edits or deletes it. */
export function auditRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/app/audit', { config: { access: AUDIT_READERS }, schema: { querystring: AuditQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const [{ items, total, names }, userOptions] = await Promise.all([listAudit(app.db, actor, query), wardUserOptions(app.db, actor)]);
    const last = pastTheEnd(req.url, query, total);
    if (last) return reply.redirect(last);
    return sendPage(req, reply, (ctx) => <AuditPage ctx={ctx} items={items} total={total} names={names} query={query} userOptions={userOptions} wholeQuery={wholeListQuery(req.url)} />);
  });
  // Its print view and Excel export of the whole filter (D52): /app/audit/print, /app/audit.xlsx.
  officeListRoutes(app, auditList);
}
