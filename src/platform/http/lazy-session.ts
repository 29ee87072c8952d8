import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifySession, { type FastifySessionOptions } from '@fastify/session';

// @fastify/session opens a session for every request: for one without the session cookie it makes
// a new Session (random id, HMAC-signed cookie value, a SHA-1 of its contents) at onRequest and
// hashes it again at onSend, only to find it unchanged and store nothing — ~13 % of a kept article
// page's CPU (docs/DESIGN.md D71). Here the plugin itself runs unchanged, but for a request without
// the session cookie its per-request hook runs on first use of `req.session` instead of at
// onRequest. A request with the cookie is handled exactly as by the plugin.

type Session = FastifyRequest['session'];

type Hook = (req: FastifyRequest, reply: FastifyReply | undefined, ...rest: unknown[]) => void;

/** The slot `req.session` reads: null before the session hook (as the plugin's own decoration), LAZY until first use. */
const SLOT = Symbol('roviec.session');
const LAZY = Symbol('roviec.session.lazy');
type Slot = Session | Record<string, never> | null | typeof LAZY;
type WithSlot = FastifyRequest & { [SLOT]: Slot };

const noop = () => undefined;

/**
 * The request's session if it has one already — it came with the session cookie, or something
 * used `req.session` in this request — else undefined, without making one. For hooks that only
 * read (who is signed in, a stored notice): reading `req.session` itself would open a session.
 */
export function sessionIfOpen(req: FastifyRequest): Session | undefined {
  const s = (req as WithSlot)[SLOT];
  // undefined: the stock plugin is registered instead (setupSecurity's reference mode).
  if (s === undefined) return req.session ?? undefined;
  return s === LAZY || s === null ? undefined : (s as Session);
}

/** Whether the request's session was never opened (no session cookie, `req.session` not used): for tests. */
export function sessionUnopened(req: FastifyRequest): boolean {
  return (req as WithSlot)[SLOT] === LAZY;
}

/**
 * @fastify/session (same options, same store, same cookies), registered under its own name so
 * @fastify/csrf-protection finds it, with its onRequest hook deferred for requests that carry no
 * `cookieName` cookie: `req.session` opens the new session on first read or write, synchronously
 * and exactly as the plugin's hook would have (a cookie-less request never waits on the store), and
 * the onSend hook is skipped for a session never opened (the plugin saves nothing for a new session
 * that was not changed: `saveUninitialized: false` is required). The plugin is handed a view of the
 * app that collects its two hooks and its `session` decoration; everything else it calls goes to the
 * app. Errors: the plugin's own (a short secret); `saveUninitialized` not false, or a plugin version
 * that adds other hooks or no longer adds these two, fails at start.
 */
export const lazySession = fp<FastifySessionOptions>(
  (app, opts, next) => {
    if (opts.saveUninitialized !== false) return next(new Error('lazySession: saveUninitialized must be false (an unopened session is never saved)'));
    const cookieName = opts.cookieName ?? 'sessionId';
    const hooks: Record<string, Hook> = {};
    const view = new Proxy(app, {
      get(target, key) {
        if (key === 'addHook')
          return (name: string, fn: Hook) => {
            if ((name !== 'onRequest' && name !== 'onSend') || hooks[name]) throw new Error(`lazySession: unexpected ${name} hook from @fastify/session`);
            hooks[name] = fn;
            return view;
          };
        if (key === 'decorateRequest')
          return (name: string | symbol, value: unknown) => {
            if (name !== 'session') return target.decorateRequest(name as string, value as never);
            target.decorateRequest(SLOT as unknown as string, null);
            return target.decorateRequest('session', {
              getter(this: WithSlot) {
                if (this[SLOT] === LAZY) {
                  this[SLOT] = null;
                  open(this, undefined, noop);
                }
                return this[SLOT];
              },
              setter(this: WithSlot, v: Slot) {
                this[SLOT] = v;
              },
            } as never);
          };
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    let open: Hook = noop;
    (fastifySession as unknown as (i: FastifyInstance, o: FastifySessionOptions, n: (e?: Error) => void) => void)(view, opts, (err) => {
      if (err) return next(err);
      const [onRequest, onSend] = [hooks.onRequest, hooks.onSend];
      if (!onRequest || !onSend) return next(new Error('lazySession: @fastify/session added no onRequest/onSend hook'));
      open = onRequest;
      app.addHook('onRequest', (req, reply, done) => {
        if (req.cookies[cookieName]) return onRequest(req, reply, done);
        (req as WithSlot)[SLOT] = LAZY;
        done();
      });
      app.addHook('onSend', (req, reply, payload, done) => {
        if ((req as WithSlot)[SLOT] === LAZY) return done(null, payload);
        onSend(req, reply, payload, done);
      });
      next();
    });
  },
  { fastify: '5.x', name: '@fastify/session', dependencies: ['@fastify/cookie'] },
);
