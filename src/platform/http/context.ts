import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import type { Actor } from '../actor.ts';
import { accessInWard, type Identity, type WardAccess, type WardRef } from '../auth/identity.ts';
import { pageAccess, type PageAccess } from '../access.ts';
import { AppError } from '../errors.ts';
import { translator, type Locale, type MessageKey, type Params } from '../i18n/index.ts';
import type { PageContext } from '../../ui/context.ts';
import { fillErrorSummaries } from '../../ui/components.tsx';
import { withParts } from '../../ui/kept-part.tsx';
import type { Db } from '../../db/index.ts';
import { loadUnread, unreadOf } from './unread.ts';
import { sessionIfOpen } from './lazy-session.ts';

export interface AuthState {
  identity: Identity | null;
  access: WardAccess | null;
  ward: WardRef | null;
  /** Wards this user can work in (for the switcher). */
  wards: WardRef[];
  viaToken: boolean;
  /** The unit-tree version read with the account (signed-in requests): keys the page banners' cache. */
  treeVersion?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState;
    locale: Locale;
  }
  interface FastifyInstance {
    db: Db;
  }
}

const actors = new WeakMap<FastifyRequest, Actor>();

/**
 * The acting user in the current ward, for service calls; 401 when nobody is signed in. The same
 * object for every call within one request, so access scopes memoized on it (platform/access.ts)
 * are computed once per request.
 */
export function actorOf(req: FastifyRequest): Actor {
  const { identity, access } = req.auth;
  if (!identity || !access) throw new AppError(401, 'err.401');
  const known = actors.get(req);
  if (known && known.wardId === access.wardId && known.userId === identity.userId) return known;
  const actor: Actor = {
    userId: identity.userId,
    label: identity.displayName,
    wardId: access.wardId,
    roles: access.roles,
    headOf: access.headOf,
    memberOf: access.memberOf,
    ip: req.ip,
    heldHere: { wardId: access.wardId, roles: identity.grants.filter((g) => g.unitId === access.wardId).map((g) => g.role) },
  };
  actors.set(req, actor);
  return actor;
}

// Short codes a redirect may carry (?ok=saved) for a one-time notice; anything else is ignored.
const NOTICES: Record<string, MessageKey> = {
  saved: 'common.saved',
  loggedOut: 'auth.loggedOut',
  password: 'auth.passwordChanged',
  activated: 'invite.activated',
};

/** How long a confirmation waits for its page: a client that never follows the redirect does not see it a day later. */
const NOTICE_TTL_MS = 10 * 60 * 1000;
type Notice = { key: MessageKey; params?: Params };

/**
 * Stores the confirmation `notice` for the page at `to` (a path, with or without query and hash)
 * and returns `to`, for a POST that redirects there (POST-redirect-GET). The notice rides in the
 * session, so any client that keeps cookies sees it without JavaScript; it is shown once, by the
 * GET of that path within 10 minutes: a HEAD, a page of another path or another tab in between
 * does not take it (docs/DESIGN.md D61).
 */
export function noticeFor(req: FastifyRequest, to: string, notice: Notice): string {
  req.session.notice = { ...notice, path: to.split(/[?#]/)[0] ?? '/', until: Date.now() + NOTICE_TTL_MS };
  return to;
}

export function pageContext(req: FastifyRequest, reply: FastifyReply): PageContext {
  const t = translator(req.locale);
  const { identity, access, ward } = req.auth ?? { identity: null, access: null, ward: null };
  const ok = (req.query as Record<string, unknown> | undefined)?.ok;
  const noticeKey = typeof ok === 'string' ? NOTICES[ok] : undefined;
  // A one-time notice with values (e.g. the ward just set up) travels in the session, shown once
  // by the GET of the page it was meant for: a HEAD, another page or another tab do not eat it.
  const path = req.url.split(/[?#]/)[0] ?? '/';
  const stored = sessionIfOpen(req)?.notice;
  const flash = stored && req.method === 'GET' && stored.path === path ? stored : undefined;
  if (flash || (stored && !(stored.until > Date.now()))) req.session.notice = undefined;
  // The CSRF token is made the first time a page reads it (a form, or the signed-in layout's
  // meta tag): minting one stores a secret in the session, and an anonymous page without a form
  // (the portal, a 404) must write no session row and set no cookie (docs/DESIGN.md D27).
  let token: string | undefined;
  return {
    t,
    locale: req.locale,
    path: req.url.split('?')[0] ?? '/',
    get csrfToken(): string {
      token ??= reply.generateCsrf();
      return token;
    },
    user: identity ? { id: identity.userId, displayName: identity.displayName, username: identity.username } : null,
    ward,
    wards: req.auth?.wards ?? [],
    roles: access?.roles ?? new Set(),
    notice: flash && flash.until > Date.now() ? t(flash.key, flash.params) : noticeKey ? t(noticeKey) : undefined,
    unread: unreadOf(req),
    posted: req.method !== 'GET' && req.method !== 'HEAD',
    banners: (req.banners ?? []).map((b) => ({ text: t(b.key), link: b.link ? { href: b.link.href, text: t(b.link.key) } : undefined })),
  };
}

/** The page context with what the page may offer (`access`), for a page rendered elsewhere (a worker). */
export async function fullPageContext(req: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const ctx = pageContext(req, reply);
  ctx.access = await accessOfPage(req);
  return ctx;
}

/**
 * What the signed-in page may offer (platform/access `can`): the request's roles for reading, and
 * the roles the write intent resolves (grants at the ward itself, accessInWard 'write': no query)
 * with their organization scopes (one query for an organization's head or member). Undefined when
 * nobody is signed in in a ward.
 */
async function accessOfPage(req: FastifyRequest): Promise<PageAccess | undefined> {
  const { identity, access } = req.auth ?? { identity: null, access: null };
  if (!identity || !access) return undefined;
  const write = await accessInWard(req.server.db, identity, access.wardId, undefined, 'write');
  const writeActor = { userId: identity.userId, wardId: access.wardId, roles: write.roles, headOf: write.headOf, memberOf: write.memberOf };
  return pageAccess(req.server.db, actorOf(req), writeActor);
}

export function renderHtml(node: VNode): string {
  return '<!doctype html>' + renderToString(node);
}

/**
 * Renders a page: build the context, call the view, send HTML. With `parts` (kept UTF-8 parts of
 * the page, ui/kept-part.tsx), the view leaves a KeptPart marker for each and the page is sent as
 * parts (`sendHtmlParts`).
 */
export async function sendPage(req: FastifyRequest, reply: FastifyReply, view: (ctx: PageContext) => VNode, status = 200, parts?: readonly Buffer[]): Promise<FastifyReply> {
  await loadUnread(req); // the header's unread count (signed-in pages only; one query)
  const ctx = await fullPageContext(req, reply);
  // A refused form's summary names its fields once they are all drawn (ui/components.tsx, D53).
  const html = fillErrorSummaries(ctx, renderHtml(view(ctx)));
  if (parts) return sendHtmlParts(reply.code(status), withParts(html, parts));
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * Sends an HTML page given as UTF-8 parts (a page around kept, already encoded rows): streamed part
 * after part with its Content-Length, so a large kept part is never copied into a new buffer.
 */
export function sendHtmlParts(reply: FastifyReply, parts: readonly Buffer[]): FastifyReply {
  const length = parts.reduce((n, p) => n + p.length, 0);
  reply.type('text/html; charset=utf-8');
  // A small page is one buffer: a copy of a few KB costs less than a stream's machinery.
  if (length <= SMALL_PAGE) return reply.send(Buffer.concat(parts as Buffer[], length));
  return reply.header('content-length', String(length)).send(Readable.from(parts));
}

/** Pages up to this many bytes are sent as one buffer by `sendHtmlParts`. */
const SMALL_PAGE = 128 * 1024;

export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || (req.headers.accept ?? '').includes('application/json');
}
