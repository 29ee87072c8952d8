import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { mailSetting } from '../notifications/index.ts';
import { safeRedirectPath } from '../../platform/http/redirect.ts';
import { SESSION_COOKIE } from '../../platform/http/security.ts';
import { FORM_ROUTE, formWrite } from '../../platform/http/forms.ts';
import { RequestSchemaError, schemaRefusal, typedValues } from '../../platform/http/schemas.ts';
import { emptyForm } from '../../ui/components.tsx';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { changePassword, login } from './service.ts';
import { AccountPage, LoginPage } from './views.tsx';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

const PasswordBody = z.object({
  current: z.string().min(1).max(200),
  next: z.string().min(1).max(200),
  repeat: z.string().min(1).max(200),
});

/** The page to go to after signing in: a path on this site, else the dashboard. */
function safeNext(next: unknown): string {
  return safeRedirectPath(next, '/app');
}

const WardBody = z.object({ wardId: z.string().uuid() });

export function accountRoutes(plain: FastifyInstance): void {
  // Bodies are declared on the routes (zod, platform/http/schemas.ts). The login page's `next`
  // stays read by hand: any value, even a repeated one, falls back to the dashboard.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/login', { config: { access: 'public' } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    if (req.auth.identity) return reply.redirect(next);
    return sendPage(req, reply, (ctx) => <LoginPage ctx={ctx} form={emptyForm()} next={next} />);
  });

  // Login keeps its own answers (400 form, 401/403/429 with their messages), so its body misfit
  // reaches the handler (FORM_ROUTE) rather than formWrite.
  app.post('/login', { config: { access: 'public' }, ...FORM_ROUTE, schema: { body: LoginBody } }, async (req, reply) => {
    const raw = typedValues(req);
    const next = safeNext(raw.next);
    if (req.validationError instanceof RequestSchemaError) {
      const e = schemaRefusal(req.validationError, req.locale);
      if (!(e instanceof ValidationError)) throw e;
      return sendPage(req, reply, (ctx) => <LoginPage ctx={ctx} form={{ values: { username: raw.username }, errors: e.fields ?? {} }} next={next} />, 400);
    }
    const body = req.body;
    const result = await login(app.db, body.username, body.password, req.ip);
    if (!result.ok) {
      const status = result.reason === 'throttled' ? 429 : result.reason === 'disabled' ? 403 : 401;
      const message =
        result.reason === 'throttled'
          ? translate(req.locale, 'auth.throttled', { minutes: result.minutes ?? 15 })
          : translate(req.locale, result.reason === 'disabled' ? 'auth.disabled' : 'auth.invalid');
      return sendPage(req, reply, (ctx) => <LoginPage ctx={ctx} form={emptyForm({ username: body.username })} message={message} next={next} />, status);
    }
    await req.session.regenerate();
    req.session.userId = result.userId;
    if (result.homeWardId) req.session.wardId = result.homeWardId;
    return reply.redirect(next);
  });

  app.post('/logout', { config: { access: 'public', csrf: 'signed-in' } }, async (req, reply) => {
    await req.session.destroy();
    // The browser forgets the dead session's id too (its row is already gone).
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure });
    return reply.redirect('/login?ok=loggedOut');
  });

  app.post('/app/ward', { config: { access: 'auth' }, schema: { body: WardBody } }, async (req, reply) => {
    const { wardId } = req.body;
    if (!req.auth.wards.some((w) => w.id === wardId)) throw new AppError(403, 'err.403.body');
    req.session.wardId = wardId;
    return reply.redirect('/app');
  });

  app.get('/app/account', { config: { access: 'auth' } }, async (req, reply) => {
    const mail = await mailSetting(app.db, actorOf(req));
    return sendPage(req, reply, (ctx) => <AccountPage ctx={ctx} form={emptyForm()} mail={mail} />);
  });

  app.post('/app/account/password', { config: { access: 'auth' }, ...FORM_ROUTE, schema: { body: PasswordBody } }, async (req, reply) => {
    const identity = req.auth.identity;
    if (!identity) throw new AppError(401, 'err.401');
    // Passwords are never shown again: a refusal re-renders an empty form with the messages.
    return formWrite(
      req,
      reply,
      async () => {
        await changePassword(app.db, identity.userId, req.body, req.session.sessionId, req.ip);
        return '/app/account?ok=password';
      },
      async (form) => {
        const mail = await mailSetting(app.db, actorOf(req));
        return (ctx) => <AccountPage ctx={ctx} form={form} mail={mail} />;
      },
      { values: {} },
    );
  });
}
