import crypto from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import { openDb, type Db, type DbHandle } from './db/index.ts';
import { setupSecurity, langRoute } from './platform/http/security.ts';
import { setupErrors } from './platform/http/errors.tsx';
import { frameworkErrorHandlers } from './platform/http/framework-errors.ts';
import { securityHeadersFor } from './platform/http/security-headers.ts';
import { setupApi } from './platform/http/api.ts';
import { setupCompression } from './platform/http/compress.ts';
import { prepareStatic } from './platform/http/static-files.ts';
import { bannerHook } from './platform/http/banners.ts';
import { setupWriteAdmission } from './platform/http/admission.ts';
import { requestLogSerializer } from './platform/http/log-redact.ts';
import { registerFeatures } from './features/index.ts';
import { HEAVY_JOBS_MODULE } from './features/jobs.ts';
import { createHeavyPool, type HeavyPoolOptions } from './platform/workers/pool.ts';
import { runMaintenance } from './platform/command.ts';

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

// Where a proxy in front of the app can sit: loopback and private networks.
const PROXY_NETS = new BlockList();
for (const [net, prefix, type] of [
  ['127.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
] as const)
  PROXY_NETS.addSubnet(net, prefix, type);

/**
 * The trust function (proxy-addr's: address, index from the socket outwards) for `hops` proxies
 * in front of the app: the socket peer and the next hops−1 forwarded addresses are proxies, the
 * one after them is the client. Fastify 5.12 treats a bare number as "trust nobody" because a
 * client that reaches the app directly could then write its own X-Forwarded-For; we keep the
 * count but only when the socket peer is on a loopback or private network (where a proxy sits),
 * so a direct client from outside still counts by its own address.
 */
export function trustHops(hops: number): (address: string, i: number) => boolean {
  let peerIsProxy = false;
  return (address, i) => {
    if (i === 0) peerIsProxy = onProxyNet(address);
    return peerIsProxy && i < hops;
  };
}

// Socket peers already classified: BlockList.check parses the text into a new SocketAddress on every
// call (~6 % of a kept article page's CPU behind a proxy, D71); the answer for an address never changes.
const peerKinds = new Map<string, boolean>();
const PEERS_KEPT = 1024;

/** Whether a socket peer (text, `::ffff:`-mapped IPv4 too) is on a loopback or private network (PROXY_NETS). */
function onProxyNet(address: string): boolean {
  let known = peerKinds.get(address);
  if (known === undefined) {
    const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
    known = isIP(v4) === 4 ? PROXY_NETS.check(v4, 'ipv4') : isIP(v4) === 6 && PROXY_NETS.check(v4, 'ipv6');
    if (peerKinds.size >= PEERS_KEPT) peerKinds.clear();
    peerKinds.set(address, known);
  }
  return known;
}

/** The longest path parameter (decoded characters) the router accepts; longer → 414. */
export const MAX_PARAM_LENGTH = 1000;

export interface BuiltApp {
  app: FastifyInstance;
  handle: DbHandle;
}

/**
 * Builds the app on `handle`. `opts.logStream` sends the log lines there instead of stdout (tests
 * read them); `opts.referenceSessions` uses @fastify/session's stock hooks (the lazy-session test's reference, D71). Request URLs are logged with secrets redacted (platform/http/log-redact.ts, D39).
 */
export async function buildApp(config: Config, handle: DbHandle = openDb(config.databaseUrl), opts: { logStream?: NodeJS.WritableStream; heavy?: HeavyPoolOptions; referenceSessions?: boolean } = {}): Promise<BuiltApp> {
  const { frameworkError, clientError } = frameworkErrorHandlers(securityHeadersFor(config));
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, serializers: { req: requestLogSerializer }, ...(opts.logStream ? { stream: opts.logStream } : {}) },
    bodyLimit: 1024 * 1024,
    // Off, the proxies' addresses, or a hop count (the i-th address from the right is a proxy while
    // i < count, as Fastify itself does for a number): never every hop (docs/DESIGN.md D27).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Path parameters up to 1,000 characters (decoded): long official titles make long slugs and
    // attachment names; a longer one is a Vietnamese 414 (D27), never Fastify's English JSON.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // A URL that cannot be decoded (`/bai-viet/%ff`) or is too long fails in the router, before
    // any hook or handler: answered in Vietnamese like every other refusal.
    frameworkErrors: (error, req, res) => frameworkError(error, req, res as unknown as FastifyReply),
    // So does a request Node refuses before parsing it (a 1 MB query string: 431).
    clientErrorHandler: clientError,
  });
  app.decorate('db', handle.db);
  app.decorate('config', config);
  // Heavy work (print views, exports) runs on worker threads with their own handles (D45).
  const heavy = createHeavyPool(config.databaseUrl, HEAVY_JOBS_MODULE, handle, opts.heavy);
  app.decorate('heavy', heavy);
  app.addHook('onClose', async () => {
    await heavy.close();
    await handle.destroy();
  });

  // Platform first: compression (before any route), security (helmet, cookies, sessions, CSRF,
  // identity, access), errors, static.
  await setupCompression(app);
  await setupSecurity(app, config, await sessionSecret(handle.db, config.secret), { referenceSessions: opts.referenceSessions });
  bannerHook(app);
  // Signed-in writes through a bounded, fair gate, so they leave the event loop to the reads (D73).
  setupWriteAdmission(app, config.writeAdmission);
  setupErrors(app);
  await setupApi(app);
  // Served precompressed: brotli and gzip variants made once at start (D63), not per request.
  await app.register(fastifyStatic, { root: prepareStatic(path.join(here, 'ui', 'static')).dir, prefix: '/static/', maxAge: '1d', preCompressed: true });
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
