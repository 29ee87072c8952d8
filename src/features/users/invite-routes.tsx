import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORM_ROUTE } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { RequestSchemaError, schemaRefusal, typedValues } from '../../platform/http/schemas.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { ADMINS } from '../../platform/auth/roles.ts';
import { translator } from '../../platform/i18n/index.ts';
import { emptyForm, type FormState, type Option } from '../../ui/components.tsx';
import { listOrgs } from '../orgs/service.ts';
import { getPerson } from '../people/service.ts';
import type { Actor } from '../../platform/actor.ts';
import { searchBox } from '../../platform/validation.ts';
import { ActivateInput, activateAccount, activationUrl, guessFailed, guessGood, InviteInput, invitePrefill, inviteUser, linkState, pickPeople, reinviteUser, reserveGuess, sendInviteMail, type InviteResult } from './invite.ts';
import { ActivatePage, InviteDonePage, InviteFormPage, InvitePickPage, LinkGonePage, type MailOutcome } from './invite-views.tsx';

const PickQuery = z.object({ person_id: z.string().uuid().optional().catch(undefined), q: searchBox(100) });
const TokenParams = z.object({ token: z.string().max(200) });

/**
 * Invitations (`/app/users/invite`, `/app/users/:id/invite`, administrators) and activation
 * (`/activate/:token`, anonymous). docs/DESIGN.md D39.
 */
export function inviteRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const admin = { config: { access: ADMINS } };

  /** The ward's live organizations, the person's own first (marked). */
  const orgOptions = async (req: FastifyRequest, actor: Actor, own: string[]): Promise<Option[]> => {
    const t = translator(req.locale);
    const live = (await listOrgs(db, actor)).filter((o) => o.valid_to === null);
    const mine = live.filter((o) => own.includes(o.id));
    const rest = live.filter((o) => !own.includes(o.id));
    return [...mine.map((o) => ({ value: o.id, label: `${o.name} (${t('invite.ownOrgs')})` })), ...rest.map((o) => ({ value: o.id, label: o.name }))];
  };

  /** The form for a person, with `form` (a fresh prefill when absent). */
  const formPage = async (req: FastifyRequest, personId: string, form?: FormState) => {
    const actor = actorOf(req);
    const pre = await invitePrefill(db, actor, personId);
    const orgs = await orgOptions(req, actor, pre.orgIds);
    const shown = form ?? emptyForm({ username: pre.username, email: pre.person.email ?? '', org_id: pre.orgIds.length === 1 ? pre.orgIds[0] : '' });
    return (ctx: Parameters<typeof InviteFormPage>[0]['ctx']) => <InviteFormPage ctx={ctx} form={shown} person={pre.person} existing={pre.existing} orgOptions={orgs} />;
  };

  /** Mails the link when it can, and shows it once (never cached). */
  const done = async (req: FastifyRequest, reply: FastifyReply, made: InviteResult, reset = false) => {
    let mail: MailOutcome = 'noEmail';
    if (made.email) {
      if (!app.config.smtpUrl) mail = 'noSmtp';
      else {
        const res = await sendInviteMail(app.config, made, req.auth.ward?.name ?? '').catch(() => ({ sent: 0, failed: 1 }));
        mail = res.sent === 1 ? 'sent' : 'failed';
        if (mail === 'failed') req.log.warn({ user: made.userId }, 'invitation e-mail failed');
      }
    }
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(req, reply, (ctx) => <InviteDonePage ctx={ctx} made={made} url={activationUrl(app.config.publicUrl, made.token)} mail={mail} reset={reset} />);
  };

  app.get('/app/users/invite', { ...admin, schema: { querystring: PickQuery } }, async (req, reply) => {
    const { person_id, q } = req.query;
    if (person_id) return sendPage(req, reply, await formPage(req, person_id));
    const rows = q.trim() ? await pickPeople(db, actorOf(req), q) : null;
    return sendPage(req, reply, (ctx) => <InvitePickPage ctx={ctx} q={q} rows={rows} />);
  });

  app.post('/app/users/invite', { ...admin, ...FORM_ROUTE, schema: { body: InviteInput } }, async (req, reply) => {
    const raw = typedValues(req);
    const personId = typeof raw.person_id === 'string' && /^[0-9a-f-]{36}$/i.test(raw.person_id) ? raw.person_id : null;
    try {
      if (req.validationError instanceof RequestSchemaError) throw schemaRefusal(req.validationError, req.locale);
      return await done(req, reply, await inviteUser(db, actorOf(req), req.body));
    } catch (e) {
      if (!(e instanceof ValidationError) || !personId) throw e;
      return sendPage(req, reply, await formPage(req, personId, { values: raw, errors: e.fields ?? {} }), 400);
    }
  });

  app.post('/app/users/:id/invite', { ...admin, schema: { params: IdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const account = await db.selectFrom('app_user').select('person_id').where('id', '=', req.params.id).executeTakeFirst();
    const email = account?.person_id ? ((await getPerson(db, actor, account.person_id).catch(() => null))?.person.email ?? null) : null;
    const made = await reinviteUser(db, actor, req.params.id, email);
    return done(req, reply, made, true);
  });

  // ---- Activation: anonymous; the token is the proof. No session is written (no CSRF token is
  // minted: the form needs none, a forged cross-site post would have to know the token). Never
  // cached, never sent on as a Referer, and its path is redacted in the request log (app.ts).
  const activation = { config: { access: 'public' as const, csrf: false as const } };
  const guard = (reply: FastifyReply) => reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');

  /** Counts the guess; answers the page for a token that is not live (404/410/429), else null. */
  const checkLink = async (req: FastifyRequest, reply: FastifyReply, token: string) => {
    const reserved = await reserveGuess(db, req.ip);
    if (!reserved.allowed) return { gone: sendPage(req, reply, (ctx) => <LinkGonePage ctx={ctx} state="throttled" minutes={reserved.minutes} />, 429) };
    const link = await linkState(db, token);
    if (link.state === 'unknown') {
      await guessFailed(db, req.ip, reserved);
      return { gone: sendPage(req, reply, (ctx) => <LinkGonePage ctx={ctx} state="unknown" />, 404) };
    }
    await guessGood(db, req.ip);
    if (link.state !== 'live') return { gone: sendPage(req, reply, (ctx) => <LinkGonePage ctx={ctx} state={link.state} wardName={link.wardName} />, 410) };
    return { link };
  };

  app.get('/activate/:token', { ...activation, schema: { params: TokenParams } }, async (req, reply) => {
    guard(reply);
    const token = req.params.token;
    const checked = await checkLink(req, reply, token);
    if ('gone' in checked) return checked.gone;
    const link = checked.link;
    return sendPage(req, reply, (ctx) => <ActivatePage ctx={ctx} token={token} link={link} form={emptyForm()} />);
  });

  app.post('/activate/:token', { ...activation, ...FORM_ROUTE, schema: { params: TokenParams, body: ActivateInput } }, async (req, reply) => {
    guard(reply);
    const token = req.params.token;
    const checked = await checkLink(req, reply, token);
    if ('gone' in checked) return checked.gone;
    const link = checked.link;
    try {
      if (req.validationError instanceof RequestSchemaError) throw schemaRefusal(req.validationError, req.locale);
      await activateAccount(db, token, req.body, req.ip);
      return reply.redirect('/login?ok=activated', 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 410) return sendPage(req, reply, (ctx) => <LinkGonePage ctx={ctx} state="used" wardName={link.wardName} />, 410);
      if (!(e instanceof ValidationError)) throw e;
      // Passwords are never shown again: the form comes back empty with its messages.
      return sendPage(req, reply, (ctx) => <ActivatePage ctx={ctx} token={token} link={link} form={{ values: {}, errors: e.fields ?? {} }} />, 400);
    }
  });
}
