// Routes of the meetings calendar. `calendarRoutes(app)` is registered inside the meetings feature
// plugin. Pages for any signed-in user ('auth'; what each sees is the meeting scope), the .ics of
// one meeting, and the public personal feed `/lich/<token>.ics` (the secret token is the access).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../platform/http/api.ts';
import { actorOf, sendPage } from '../../../platform/http/context.ts';
import { doneAt } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/errors.ts';
import { todayInVietnam } from '../../../lib/vi/index.ts';
import { addressOf } from './ics.ts';
import { createFeed, feedCalendar, feedStatus, revokeFeed } from './feed.ts';
import { parseMonth } from './month.ts';
import { meetingInvite, monthView } from './service.ts';
import { CALENDAR_PATH, FEED_PAGE_PATH, FeedPage, MonthPage } from './views.tsx';
import './messages.ts';
import { contentDisposition } from '../../../platform/files/index.ts';

/** `?month=YYYY-MM` (optional): anything else is a 400 with a Vietnamese message. */
export const MonthQuery = z.object({
  month: z
    .string()
    .refine((v) => parseMonth(v) !== null, { message: 'cal.err.month' })
    .optional(),
});

const FeedParams = z.object({ token: z.string().regex(/^cal_[A-Za-z0-9_-]{43}$/) });
const RevokeBody = z.object({ feed: z.string().uuid() });

/** The configured origin (ROVIEC_PUBLIC_URL), for absolute links in calendars: never the request's Host header (D29). */
const originOf = (req: FastifyRequest) => req.server.config.publicUrl;

/** Registers the calendar's routes (paths are absolute: /app/meetings/calendar…, /app/meetings/:id/invite.ics, /lich/:token.ics). */
export function calendarRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const signedIn = { config: { access: 'auth' as const } };
  const organizerEmail = () => addressOf(app.config.mailFrom);

  app.get(CALENDAR_PATH, { ...signedIn, schema: { querystring: MonthQuery } }, async (req, reply) => {
    const month = req.query.month ?? todayInVietnam().slice(0, 7);
    const view = await monthView(db, actorOf(req), month);
    return sendPage(req, reply, (ctx) => <MonthPage ctx={ctx} view={view} />);
  });

  app.get('/app/meetings/:id/invite.ics', { ...signedIn, schema: { params: IdParams } }, async (req, reply) => {
    const ics = await meetingInvite(db, actorOf(req), req.params.id, { baseUrl: originOf(req), organizerEmail: organizerEmail() });
    return reply
      .type(`text/calendar; charset=utf-8; method=${ics.method}`)
      .header('cache-control', 'private, no-cache')
      .header('content-disposition', contentDisposition('attachment', 'cuoc-hop.ics'))
      .send(ics.text);
  });

  app.get(FEED_PAGE_PATH, signedIn, async (req, reply) => {
    const live = await feedStatus(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <FeedPage ctx={ctx} live={live} />);
  });

  // Create or renew: the page answers directly with the secret URL, shown this once.
  app.post(FEED_PAGE_PATH, signedIn, async (req, reply) => {
    const actor = actorOf(req);
    const { token } = await createFeed(db, actor);
    const live = await feedStatus(db, actor);
    reply.header('cache-control', 'no-store');
    return sendPage(req, reply, (ctx) => <FeedPage ctx={ctx} live={live} created={{ url: `${originOf(req)}/lich/${token}.ics` }} />);
  });

  app.post(`${FEED_PAGE_PATH}/revoke`, { ...signedIn, schema: { body: RevokeBody } }, async (req, reply) => {
    await revokeFeed(db, actorOf(req), req.body.feed);
    return reply.redirect(doneAt(req, FEED_PAGE_PATH, 'done.feed.revoked'), 303);
  });

  // The personal feed: no session; the token is the credential. Revoked or unknown → 404.
  app.get('/lich/:token.ics', { config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } }, schema: { params: FeedParams } }, async (req, reply) => {
    const text = await feedCalendar(db, req.params.token, { baseUrl: originOf(req), organizerEmail: organizerEmail() });
    if (text === null) throw notFound();
    return reply.type('text/calendar; charset=utf-8; method=PUBLISH').header('cache-control', 'private, max-age=300').send(text);
  });
}
