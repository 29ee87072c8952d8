import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FORM_ROUTE, doneAt, formWrite, idParam } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { ValidationError } from '../../platform/errors.ts';
import { ADMINS } from '../../platform/auth/roles.ts';
import { emptyForm, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { nowIso } from '../../db/dialect.ts';
import { listOrgs } from '../orgs/service.ts';
import { GrantInput, TokenCreateInput, UserCreateInput, UserUpdateInput, UsersQuery } from './schema.ts';
import * as users from './service.ts';
import { TokensPage, UserNewPage, UserPage, UsersListPage, type UserForms } from './views.tsx';
import { inviteRoutes } from './invite-routes.tsx';
import { awaitingActivation } from './invite.ts';

export function usersRoutes(plain: FastifyInstance): void {
  // Params, query and body are declared on the routes (zod, platform/http/schemas.ts) where they fit.
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const admin = { config: { access: ADMINS } };
  const self = { config: { access: 'auth' as const } };

  /** Organizations of the ward that can still take an org-scoped role. */
  const orgOptions = async (req: FastifyRequest): Promise<Option[]> => (await listOrgs(db, actorOf(req))).filter((o) => o.valid_to === null).map((o) => ({ value: o.id, label: o.name }));

  /** The account page again, with one of its forms showing what was typed and the messages. */
  const userPage = (req: FastifyRequest, id: string, which: keyof UserForms) => async (form: FormState) => {
    const [user, orgs, awaiting] = await Promise.all([users.getWardUser(db, actorOf(req), id), orgOptions(req), awaitingActivation(db, id)]);
    const forms: UserForms = { [which]: which === 'name' ? { ...form, values: { version: user.version, ...form.values } } : form };
    return (ctx: PageContext) => <UserPage ctx={ctx} user={user} orgOptions={orgs} forms={forms} awaiting={awaiting} />;
  };

  app.get('/app/users', { ...admin, schema: { querystring: UsersQuery } }, async (req, reply) => {
    const query = req.query;
    const { items, total } = await users.listWardUsers(db, actorOf(req), query);
    return sendPage(req, reply, (ctx) => <UsersListPage ctx={ctx} items={items} total={total} query={query} />);
  });

  // Accounts are made from people with an activation link (invite-routes.tsx, D39): nobody types
  // a password for someone else. The old form's address leads there.
  app.get('/app/users/new', admin, async (_req, reply) => reply.redirect('/app/users/invite', 303));
  inviteRoutes(plain);

  app.post('/app/users', { ...admin, ...FORM_ROUTE, schema: { body: UserCreateInput } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => `/app/users/${await users.createUser(db, actorOf(req), req.body)}?ok=saved`,
      async (form) => {
        const orgs = await orgOptions(req);
        return (ctx) => <UserNewPage ctx={ctx} form={form} orgOptions={orgs} />;
      },
    ),
  );

  app.get('/app/users/:id', { ...admin, schema: { params: IdParams } }, async (req, reply) => {
    const [user, orgs, awaiting] = await Promise.all([users.getWardUser(db, actorOf(req), req.params.id), orgOptions(req), awaitingActivation(db, req.params.id)]);
    return sendPage(req, reply, (ctx) => <UserPage ctx={ctx} user={user} orgOptions={orgs} awaiting={awaiting} />);
  });

  app.post('/app/users/:id', { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: UserUpdateInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await users.updateUser(db, actorOf(req), id, req.body);
        return `/app/users/${id}?ok=saved`;
      },
      userPage(req, id, 'name'),
    );
  });

  app.post('/app/users/:id/grants', { ...admin, ...FORM_ROUTE, schema: { params: IdParams, body: GrantInput } }, async (req, reply) => {
    const id = req.params.id;
    return formWrite(
      req,
      reply,
      async () => {
        await users.addGrant(db, actorOf(req), id, req.body);
        return `/app/users/${id}?ok=saved`;
      },
      userPage(req, id, 'grant'),
    );
  });

  app.post('/app/users/:id/grants/:grantId/remove', admin, async (req, reply) => {
    const id = idParam(req);
    await users.removeGrant(db, actorOf(req), id, idParam(req, 'grantId'));
    return reply.redirect(doneAt(req, `/app/users/${id}`, 'done.grant.removed'), 303);
  });

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`/app/users/:id/${path}`, admin, async (req, reply) => {
      const id = idParam(req);
      await users.setWardUserDisabled(db, actorOf(req), id, disabled);
      return reply.redirect(doneAt(req, `/app/users/${id}`, disabled ? 'done.user.disabled' : 'done.user.enabled'), 303);
    });
  }

  // One's own API tokens (bearer access to /api/v1): any signed-in user.
  app.get('/app/account/tokens', self, async (req, reply) => {
    const tokens = await users.listOwnTokens(db, actorOf(req));
    return sendPage(req, reply, (ctx) => <TokensPage ctx={ctx} tokens={tokens} form={emptyForm()} now={nowIso()} />);
  });

  app.post('/app/account/tokens', self, async (req, reply) => {
    const actor = actorOf(req);
    try {
      const input = parseInput(TokenCreateInput, req.body, req.locale);
      const made = await users.createOwnToken(db, actor, input);
      const tokens = await users.listOwnTokens(db, actor);
      // Shown once, in this response only; it is stored as a hash. Never cached.
      reply.header('cache-control', 'no-store');
      return sendPage(req, reply, (ctx) => <TokensPage ctx={ctx} tokens={tokens} form={emptyForm()} made={{ name: input.name, token: made.token }} now={nowIso()} />);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const tokens = await users.listOwnTokens(db, actor);
      const form = { values: (req.body ?? {}) as Record<string, unknown>, errors: e.fields ?? {} };
      return sendPage(req, reply, (ctx) => <TokensPage ctx={ctx} tokens={tokens} form={form} now={nowIso()} />, 400);
    }
  });

  app.post('/app/account/tokens/:id/revoke', self, async (req, reply) => {
    await users.revokeOwnToken(db, actorOf(req), idParam(req));
    return reply.redirect(doneAt(req, '/app/account/tokens', 'done.token.revoked'), 303);
  });
}
