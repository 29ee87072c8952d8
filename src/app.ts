import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { translate } from './platform/i18n/index.ts';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import { openDb, type Db, type DbHandle } from './db/index.ts';
import { setupSecurity, langRoute } from './platform/http/security.ts';
import { setupErrors } from './platform/http/errors.tsx';
import { setupApi } from './platform/http/api.ts';
import { registerFeatures } from './features/index.ts';
import { runMaintenance } from './platform/command.ts';
import { trackRouteSchemas } from './platform/validation.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The session secret: from ROVIEC_SECRET, else made once and kept in the database so every instance shares it. */
async function sessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const fresh = crypto.randomBytes(32).toString('base64url');
  await runMaintenance(db, 'auth.session-secret', (q) => q.insertInto('app_setting').values({ key: 'session_secret', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute());
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'session_secret').executeTakeFirstOrThrow();
  return row.value;
}

export interface BuiltApp {
  app: FastifyInstance;
  handle: DbHandle;
}

export async function buildApp(config: Config, handle: DbHandle = openDb(config.databaseUrl)): Promise<BuiltApp> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL that cannot be decoded (`/bai-viet/%ff`) fails in the router, before any hook or
    // handler: answer it in Vietnamese like every other refusal, not with Fastify's English JSON.
    frameworkErrors: (_error, req, res) => {
      // No hook has run (helmet's headers neither): the answer carries its own.
      const reply = (res as unknown as FastifyReply).header('content-security-policy', "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'").header('x-content-type-options', 'nosniff');
      const message = translate('vi', 'err.badUrl');
      if (req.url.startsWith('/api/') || /json/.test(req.headers.accept ?? '')) return reply.code(400).send({ error: 'bad_url', message });
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${message}</title><link rel="stylesheet" href="/static/app.css"></head><body><main id="main"><h1>${message}</h1><p><a href="/">${translate('vi', 'err.home')}</a></p></main></body></html>`);
    },
  });
  app.decorate('db', handle.db);
  app.decorate('config', config);
  app.addHook('onClose', async () => handle.destroy());
  trackRouteSchemas(app);

  // Platform first: security (helmet, cookies, sessions, CSRF, identity, access), errors, static.
  await setupSecurity(app, config, await sessionSecret(handle.db, config.secret));
  setupErrors(app);
  await setupApi(app);
  await app.register(fastifyStatic, { root: path.join(here, 'ui', 'static'), prefix: '/static/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: path.dirname(require.resolve('htmx.org/dist/htmx.min.js')),
    prefix: '/static/vendor/',
    decorateReply: false,
    allowedPath: (p) => p === '/htmx.min.js',
    maxAge: '7d',
  });
  langRoute(app);
  // Up means the database answers too.
  app.get('/healthz', { config: { access: 'public' } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(handle.db);
      return { status: 'ok', db: handle.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', db: handle.kind });
    }
  });

  // Then the features, each owning its routes.
  await registerFeatures(app);
  return { app, handle };
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}
