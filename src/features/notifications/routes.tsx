// Pages of the notifications room (docs/DESIGN.md D50): the list (paged, mark one or all read), the
// mail setting posted from /app/account, and the mailer that mails new notifications after the
// command that made them has committed.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { pageFields, pastTheEnd } from '../../platform/list.ts';
import { ValidationError } from '../../platform/errors.ts';
import { deliverPendingMail, listNotifications, markNotificationsRead, NOTIFS_PAGE_SIZE, runMailDigest, setMailMode } from './service.ts';
import { NotificationsPage } from './views.tsx';

const ListQuery = z.object({ page: pageFields().page });
const PageBody = z.object({ page: pageFields().page }).partial();
const MailBody = z.object({ mail_mode: z.string().max(20).optional() });

/** The notifications pages: list, mark read, mail setting. */
export function notificationRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;

  app.get('/app/notifications', { config: { access: 'auth' }, schema: { querystring: ListQuery } }, async (req, reply) => {
    const page = req.query.page;
    const r = await listNotifications(db, actorOf(req), page);
    const last = pastTheEnd(req.url, { page, page_size: NOTIFS_PAGE_SIZE }, r.total);
    if (last) return reply.redirect(last);
    return sendPage(req, reply, (ctx) => <NotificationsPage ctx={ctx} items={r.items} total={r.total} unread={r.unread} page={page} pageSize={NOTIFS_PAGE_SIZE} />);
  });

  app.post('/app/notifications/read', { config: { access: 'auth' } }, async (req, reply) => {
    await markNotificationsRead(db, actorOf(req), null);
    return reply.redirect(doneAt(req, '/app/notifications', 'notifs.markedAll'), 303);
  });

  app.post('/app/notifications/:id/read', { config: { access: 'auth' }, schema: { params: IdParams, body: PageBody } }, async (req, reply) => {
    await markNotificationsRead(db, actorOf(req), req.params.id);
    const page = req.body?.page ?? 1;
    return reply.redirect(doneAt(req, page > 1 ? `/app/notifications?page=${page}` : '/app/notifications', 'notifs.markedOne'), 303);
  });

  app.post('/app/account/mail', { config: { access: 'auth' }, schema: { body: MailBody } }, async (req, reply) => {
    const mode = req.body?.mail_mode ?? '';
    if (!mode) throw new ValidationError({ mail_mode: 'notifs.err.mode' });
    const saved = await setMailMode(db, actorOf(req), mode);
    return reply.redirect(doneAt(req, '/app/account#nhan-thu', `notifs.mailSaved.${saved}`), 303);
  });
}

/** How often the mailer looks for notifications not yet mailed (a request that wrote one wakes it at once). */
export const MAILER_EVERY_MS = 60_000;

/**
 * The notification mailer, on the root instance (fastify-plugin): after every successful write
 * request (POST, PUT, PATCH, DELETE answered below 400) — the command has committed by then — and
 * every minute, one pass of `deliverPendingMail` and of the daily digest. A pass never overlaps
 * another in this instance; instances do not need to agree (the claims do). Nothing without SMTP.
 * `app.notificationMail()` runs a pass now and resolves when it ends (tests, the CLI).
 */
export const notificationMailer = fp(
  async (app: FastifyInstance) => {
    let running: Promise<void> | null = null;
    let again = false;
    const pass = (): Promise<void> => {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await deliverPendingMail(app.db, app.config);
            await runMailDigest(app.db, app.config);
          } while (again);
        } catch (err) {
          app.log.error({ err }, 'notification mail failed');
        } finally {
          running = null;
        }
      })();
      return running;
    };
    app.decorate('notificationMail', pass);
    if (!app.config.smtpUrl) return;
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) void pass();
    });
    const timer = setInterval(() => void pass(), MAILER_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'notification-mailer' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs one pass of the notification mailer now (immediate mail and digest); resolves when done. */
    notificationMail: () => Promise<void>;
  }
}
