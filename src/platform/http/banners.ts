// Notices at the top of every page of the working app (docs/DESIGN.md D34): a feature or the demo
// registers a banner with a condition on the database; the condition is asked at most once per
// database handle and unit-tree version (the unit-tree version is read with the account on every
// request already, so a banner costs no query while nothing changed), and a banner marked
// `settles` is never asked again once it answered false.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/index.ts';
import type { Role } from '../auth/roles.ts';
import type { MessageKey } from '../i18n/index.ts';

/** One banner: its text, who sees it, and when. */
export interface Banner {
  /** The text (a message key of the registering room). */
  key: MessageKey;
  /** Who sees it: nobody signed in, or a signed-in user holding one of these roles in the current ward. */
  audience: 'anonymous' | readonly Role[];
  /** A link shown after the text, if any. */
  link?: { href: string; key: MessageKey };
  /** Paths where it is not shown (e.g. the page the link points to). */
  except?: readonly string[];
  /** Whether it shows now (one query). */
  active(q: Queryable): Promise<boolean>;
  /** Once false, false for good (e.g. "no account yet"): never asked again on this handle. */
  settles?: boolean;
}

/** A banner as a page shows it. */
export interface ShownBanner {
  key: MessageKey;
  link?: { href: string; key: MessageKey } | undefined;
}

const BANNERS: Banner[] = [];

/** Registers a banner (at module load, like messages). The same key twice replaces the first. */
export function registerBanner(b: Banner): void {
  const i = BANNERS.findIndex((x) => x.key === b.key);
  if (i >= 0) BANNERS[i] = b;
  else BANNERS.push(b);
}

interface Answer {
  version: string;
  active: boolean;
}
const answers = new WeakMap<object, Map<MessageKey, Answer>>();

async function isActive(q: Queryable, b: Banner, version: string): Promise<boolean> {
  let m = answers.get(q);
  if (!m) answers.set(q, (m = new Map()));
  const known = m.get(b.key);
  if (known && b.settles && !known.active) return false;
  // Without a version (anonymous requests) nothing is cached but a settled answer.
  if (known && version !== '' && known.version === version) return known.active;
  const active = await b.active(q);
  m.set(b.key, { version, active });
  return active;
}

/**
 * The banners of a page request: asked only for GET pages (not /static, /api, /healthz), for the
 * audience of each banner. `treeVersion` is the unit-tree version read with the account (null for
 * anonymous requests: their banners must settle).
 */
export async function bannersFor(q: Queryable, req: FastifyRequest, treeVersion: string | null): Promise<ShownBanner[]> {
  if (BANNERS.length === 0 || req.method !== 'GET') return [];
  const url = req.url;
  if (url.startsWith('/static/') || url.startsWith('/api/') || url === '/healthz') return [];
  const path = url.split('?')[0] ?? '/';
  const signedIn = req.auth?.identity != null;
  const roles = req.auth?.access?.roles;
  const out: ShownBanner[] = [];
  for (const b of BANNERS) {
    if (b.except?.includes(path)) continue;
    const forMe = b.audience === 'anonymous' ? !signedIn : signedIn && !!roles && b.audience.some((r) => roles.has(r));
    if (forMe && (await isActive(q, b, treeVersion ?? ''))) out.push({ key: b.key, link: b.link });
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    banners: ShownBanner[];
  }
}

/** Installs the root hook that fills `req.banners` after the identity hooks (call after setupSecurity). */
export function bannerHook(app: FastifyInstance): void {
  app.decorateRequest('banners', null as unknown as never);
  app.addHook('onRequest', async (req) => {
    req.banners = await bannersFor(app.db, req, req.auth?.treeVersion ?? null);
  });
}
