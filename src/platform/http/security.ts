import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { lazySession, sessionIfOpen } from './lazy-session.ts';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import { DbSessionStore, SESSION_TTL_MS } from '../auth/session-store.ts';
import { intentOf, resolveRequestAuth, type AccountRow } from '../auth/identity.ts';
import { accountForToken } from '../auth/tokens.ts';
import type { Access } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { LOCALES, type Locale, type MessageKey, type Params } from '../i18n/index.ts';
import type { Config } from '../../config.ts';
import qs from 'node:querystring';
import { safeRedirectPath } from './redirect.ts';
import { securityHeadersFor } from './security-headers.ts';
import { noteUnread } from './unread.ts';
import { directoryScope, noteStamps } from '../kept.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Every route must say; the app refuses to start otherwise. */
    access?: Access;
    /**
     * Skip the CSRF check: `false` for routes that set no state from a cookie session; `'signed-in'`
     * to check it only when someone is signed in (sign-out: a second one, from a page restored by
     * Back, has nothing to protect and lands quietly on the log-in page).
     */
    csrf?: false | 'signed-in';
  }
}

/**
 * The intent a request is resolved with: the method's (intentOf), except a form page — a GET or
 * HEAD route whose pattern ends in `/new` or `/edit` — which is a write: it answers 403 to whom
 * the save would refuse, instead of a full form (issue 8 follow-up, docs/DESIGN.md "People dates, overlaps and form pages").
 */
export function requestIntent(method: string, routeUrl: string | undefined): 'read' | 'write' {
  if ((method === 'GET' || method === 'HEAD') && routeUrl && /\/(new|edit)$/.test(routeUrl)) return 'write';
  return intentOf(method);
}

declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: string;
    wardId?: string;
    /**
     * A one-time notice for the page a POST redirects to (set by `noticeFor`, through `doneAt`
     * in context.ts): shown once by the GET of `path` before `until` (epoch ms), and by no other page.
     */
    notice?: { key: MessageKey; params?: Params; path: string; until: number };
  }
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
  /** The route's declared request schemas (zod: params, querystring, body), for the schema-aware fuzz (test/fuzz.test.ts). */
  schema?: { params?: unknown; querystring?: unknown; body?: unknown };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, for the route × role table and its test. */
    routeRules: RouteRule[];
  }
}

export const SESSION_COOKIE = 'rv_sid';
export const LANG_COOKIE = 'rv_lang';

/** The request's language: rv_lang cookie, then (API only) Accept-Language, then the user's, then vi. */
export function pickLocale(req: FastifyRequest, fallback?: string): Locale {
  const c = req.cookies[LANG_COOKIE];
  if (c && (LOCALES as string[]).includes(c)) return c as Locale;
  // API callers may also ask by header; pages ignore it (many office browsers send en-US).
  const al = req.url.startsWith('/api/') ? /^\s*(vi|en)\b/i.exec(req.headers['accept-language'] ?? '')?.[1]?.toLowerCase() : undefined;
  if (al) return al as Locale;
  if (fallback && (LOCALES as string[]).includes(fallback)) return fallback as Locale;
  return 'vi';
}

/** The CSRF token sent before the body: the `x-csrf-token` header, else the `_csrf` query parameter. */
function earlyToken(req: FastifyRequest): string | undefined {
  const h = req.headers['x-csrf-token'];
  if (typeof h === 'string' && h) return h;
  const q = (req.query as Record<string, unknown> | undefined)?._csrf;
  return typeof q === 'string' && q ? q : undefined;
}

/** The CSRF token: header or query (see earlyToken), else the `_csrf` field of a url-encoded body once parsed. */
function csrfToken(req: FastifyRequest): string | undefined {
  const early = earlyToken(req);
  if (early) return early;
  const b = req.body as Record<string, unknown> | undefined;
  const v = b && typeof b === 'object' ? b._csrf : undefined;
  return typeof v === 'string' ? v : undefined;
}

const isUrlEncoded = (req: FastifyRequest) => /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');

// Requests whose CSRF token travels in the url-encoded body: checked once the body is parsed.
const csrfFromBody = new WeakSet<FastifyRequest>();

/**
 * Installs helmet's headers, form bodies, cookies, sessions (lazy for cookie-less requests, D71),
 * CSRF, the flood limit, the identity and access hooks and the redirect guard. `opts.referenceSessions`
 * registers @fastify/session's stock hooks instead of `lazySession`: only for the test that compares both.
 */
export async function setupSecurity(app: FastifyInstance, config: Config, secret: string, opts: { referenceSessions?: boolean } = {}): Promise<void> {
  // Every route names its access rule; a route without one is a bug caught at start-up.
  const rules: RouteRule[] = [];
  app.decorate('routeRules', rules);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/static/')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const access = route.config?.access;
      if (access === undefined) throw new Error(`Route ${String(method)} ${route.url} has no access rule (config.access)`);
      rules.push({ method: String(method), url: route.url, access, schema: route.schema as RouteRule['schema'] });
    }
  });

  // The security headers, recorded once from helmet (security-headers.ts, D68, D79).
  const securityHeaders = securityHeadersFor(config);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(fastifyFormbody, { parser: (s) => qs.parse(s) });
  // Bodies are forms (urlencoded, multipart in upload scopes) or JSON: a text/plain body is a
  // client's mistake named as such (415 err.unsupportedMedia), not a confusing 400 from its schema.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  const sessions = new DbSessionStore(app.db);
  await app.register(opts.referenceSessions ? fastifySession : lazySession, {
    secret,
    cookieName: SESSION_COOKIE,
    store: sessions,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', maxAge: SESSION_TTL_MS },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session', getToken: csrfToken });
  // A coarse per-instance flood limit; login has its own database-backed throttle.
  await app.register(fastifyRateLimit, { global: true, max: config.isTest ? 100000 : 1200, timeWindow: '1 minute', allowList: ['127.0.0.1', '::1'].filter(() => config.isTest) });

  app.decorateRequest('auth', null as unknown as never);
  app.decorateRequest('locale', 'vi');

  // Who is calling: a bearer token (API) or the session cookie. onRequest, before any body is read.
  // A caller with neither (most public reads) is done without a promise or a microtask (D71).
  app.addHook('onRequest', (req, _reply, done) => {
    req.auth = { identity: null, access: null, ward: null, wards: [], viaToken: false };
    req.locale = pickLocale(req);
    // The account row the session store read with the session (one query for both, D43).
    // A request without the session cookie has no session yet and is not given one here (D71).
    const session = sessionIfOpen(req);
    const known = session?.sessionId ? sessions.takeAccount(session.sessionId) : undefined;
    if (req.url.startsWith('/static/') || req.url === '/healthz') return done();
    const authz = req.headers.authorization;
    const bearer = authz?.startsWith('Bearer ') ? authz : undefined;
    if (!bearer && !session?.userId) return done();
    identify(req, session, known, bearer).then(() => done(), done);
  });

  /** The identity of a request with a bearer token or a session's user: one query each (D43); 401 for an unknown token. */
  async function identify(req: FastifyRequest, session: FastifyRequest['session'] | undefined, kept: AccountRow | undefined, bearer: string | undefined): Promise<void> {
    let known = kept;
    let userId: string | undefined;
    if (bearer) {
      // The token and its account in one query (D43).
      const account = await accountForToken(app.db, bearer.slice(7).trim());
      if (!account) throw new AppError(401, 'err.401');
      userId = account.id;
      known = account;
      req.auth.viaToken = true;
    } else {
      userId = session?.userId;
    }
    const wardHint = (req.headers['x-roviec-ward'] as string | undefined) ?? session?.wardId;
    // A write request holds only the roles granted at the ward itself (D26); so does a form page
    // (a GET route ending in /new or /edit), which shows what only a write may save.
    const resolved = userId ? await resolveRequestAuth(app.db, userId, wardHint, new Date(), requestIntent(req.method, req.routeOptions.url), known) : null;
    req.locale = pickLocale(req, resolved?.identity.locale);
    if (!resolved) {
      if (userId && !req.auth.viaToken) req.session.userId = undefined;
      return;
    }
    Object.assign(req.auth, resolved);
    if (known && known.id === userId) useReadWithSession(req, known);
  }

  /**
   * Hands request `req` what its session's query read for the account's home ward (D79): the
   * header's unread count and the directory stamp. Only for a request in that ward that writes
   * nothing (GET, HEAD): a write request's own command may change them after they were read.
   */
  function useReadWithSession(req: FastifyRequest, known: AccountRow): void {
    const ward = known.home_ward_id;
    if (!ward || ward !== req.auth.access?.wardId || known.unread_home === undefined) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    noteUnread(req, known.unread_home);
    noteStamps(req, { [directoryScope(ward)]: known.directory_home ?? null });
  }

  const checkCsrf = (req: FastifyRequest, reply: FastifyReply) =>
    new Promise<void>((resolve, reject) => {
      app.csrfProtection(req, reply, (err?: Error) => (err ? reject(new AppError(403, 'err.csrf')) : resolve()));
    });

  // Then, still before the body is read: the access rule, then CSRF for every state-changing
  // request made with the session cookie. An anonymous caller is told 401 (or sent to the login
  // page for a page GET) before CSRF is looked at; a signed-in caller without the role gets 403.
  // The token comes from the x-csrf-token header or the _csrf query parameter; only a
  // url-encoded form (at most bodyLimit, 1 MB) may carry it in its body, checked in preValidation
  // once parsed. Every other body (multipart uploads, JSON) without an early token is refused here.
  // A public route's safe request (a reader's GET) has nothing to check: done without a promise (D71).
  app.addHook('onRequest', (req, reply, done) => {
    const method = req.method;
    const access = req.routeOptions.config?.access;
    if ((access === undefined || access === 'public') && (method === 'GET' || method === 'HEAD' || method === 'OPTIONS')) return done();
    guard(req, reply).then(() => done(), done);
  });

  /** The access rule, then CSRF (see above); a redirect to the login page for an anonymous page GET. */
  async function guard(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const method = req.method;
    const access = req.routeOptions.config?.access;
    if (access !== undefined && access !== 'public') {
      const identity = req.auth.identity;
      if (!identity) {
        if (method === 'GET' && !req.url.startsWith('/api/')) {
          return reply.redirect('/login?next=' + encodeURIComponent(req.url));
        }
        throw new AppError(401, 'err.401');
      }
      if (access === 'province-admin') {
        // Coarse: an admin grant at a unit that is none of the account's wards; the units
        // service checks it is above a ward and which units it covers (D35).
        const wards = new Set(req.auth.wards.map((w) => w.id));
        if (!identity.grants.some((g) => g.role === 'admin' && !wards.has(g.unitId))) throw new AppError(403, 'err.403.body');
      } else if (access !== 'auth') {
        const roles = req.auth.access?.roles;
        if (!roles || !access.some((r) => roles.has(r))) throw new AppError(403, 'err.403.body');
      }
    }
    const unsafe = !(method === 'GET' || method === 'HEAD' || method === 'OPTIONS');
    // No route (the 404 handler answers: nothing would run), no token to check: a POST to a page
    // that takes none is a 404, not "your form has expired" (D77).
    if (access === undefined) return;
    const csrf = req.routeOptions.config?.csrf;
    if (!unsafe || req.auth.viaToken || csrf === false || (csrf === 'signed-in' && !req.auth.identity)) return;
    if (earlyToken(req)) await checkCsrf(req, reply);
    else if (isUrlEncoded(req)) csrfFromBody.add(req);
    else throw new AppError(403, 'err.csrf');
  }
  app.addHook('preValidation', async (req, reply) => {
    if (csrfFromBody.has(req)) await checkCsrf(req, reply);
  });

  // Signed-in answers not stored (below), and the last word on every redirect (docs/DESIGN.md D27): whatever a route computed, a Location
  // that is not a path on this site (safeRedirectPath) becomes `/`. Routes still pass request-made
  // targets through safeRedirectPath themselves; this catches the next one that forgets.
  app.addHook('onSend', async (req, reply, payload) => {
    // A signed-in answer is kept by no browser or proxy unless its route says otherwise: on a shared
    // office PC, Back after sign-out shows nothing private (D77).
    const access = req.routeOptions.config?.access;
    if (access !== undefined && access !== 'public' && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    const location = reply.getHeader('location');
    if (location === undefined) return payload;
    const safe = safeRedirectPath(location, '/');
    if (safe !== location) {
      req.log.warn({ location }, 'redirect off this site refused');
      reply.header('location', safe);
    }
    return payload;
  });
}

export function langRoute(app: FastifyInstance): void {
  app.get('/lang/:lang', { config: { access: 'public' } }, async (req, reply: FastifyReply) => {
    const { lang } = req.params as { lang: string };
    const next = (req.query as { next?: string }).next;
    const safeNext = safeRedirectPath(next, '/');
    if ((LOCALES as string[]).includes(lang)) {
      reply.setCookie(LANG_COOKIE, lang, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true });
    }
    return reply.redirect(safeNext);
  });
}
