// Personal calendar feeds: a secret URL per user and ward (`/lich/cal_<43 base64url chars>.ics`),
// shown once, stored only as its SHA-256 (like API tokens, D3), revocable (revoked → 404 forever).
// The feed lists what its user would see in that ward today — the same meeting scope as the pages,
// computed from the user's grants (platform/auth/identity.ts) — from 90 days ago to a year ahead.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../../db/index.ts';
import { newId, nowIso } from '../../../db/dialect.ts';
import type { Actor } from '../../../platform/actor.ts';
import { requireThat } from '../../../platform/access.ts';
import { runCommand } from '../../../platform/command.ts';
import { notFound } from '../../../platform/errors.ts';
import { resolveRequestAuth } from '../../../platform/auth/identity.ts';
import { hashToken } from '../../../platform/auth/tokens.ts';
import { instantAfterDays } from '../../../lib/vi/index.ts';
import { feedIcs } from './ics.ts';
import { feedByHash, feedOfWard, insertFeed, liveFeed, meetingsStarting, revokeFeedById, revokeFeeds, wardName } from './repo.ts';
import { calendarVisibility, withDetails } from './service.ts';
import { translate } from '../../../platform/i18n/index.ts';

/** Days of past and future meetings a feed carries. */
export const FEED_PAST_DAYS = 90;
export const FEED_FUTURE_DAYS = 365;

/** A feed token: 'cal_' + 32 random bytes in base64url (43 characters). */
export const FEED_TOKEN_RE = /^cal_[A-Za-z0-9_-]{43}$/;

/** The actor's live feed in its ward (id, created_at), or null. */
export async function feedStatus(q: Queryable, actor: Actor): Promise<{ id: string; created_at: string } | null> {
  if (!actor.userId) return null;
  return (await liveFeed(q, actor.wardId, actor.userId)) ?? null;
}

/**
 * Command `calendar_feed.create`: makes a new feed for the actor in its ward, revoking any live one
 * (so "renew" is the same command). Returns the token — shown once, never stored. Audited without it.
 */
export function createFeed(db: Db, actor: Actor): Promise<{ id: string; token: string }> {
  return runCommand(db, actor, 'calendar_feed.create', async (c) => {
    const userId = actor.userId;
    requireThat(userId !== null);
    if (!userId) throw notFound();
    const at = nowIso();
    const revoked = await revokeFeeds(c.trx, actor.wardId, userId, at);
    const token = 'cal_' + crypto.randomBytes(32).toString('base64url');
    const id = newId();
    await insertFeed(c.trx, { id, ward_id: actor.wardId, user_id: userId, token_hash: hashToken(token), created_at: at });
    await c.audit({ action: 'calendar_feed.create', entityType: 'calendar_feed', entityId: id, after: { user_id: userId, replaced: revoked } });
    return { id, token };
  });
}

/**
 * Command `calendar_feed.revoke`: revokes the feed `feedId` of the actor's ward. Only its owner may
 * (403 otherwise); an unknown id or one of another ward is a 404; an already revoked one stays so.
 */
export function revokeFeed(db: Db, actor: Actor, feedId: string): Promise<void> {
  return runCommand(db, actor, 'calendar_feed.revoke', async (c) => {
    const row = await feedOfWard(c.trx, actor.wardId, feedId);
    if (!row) throw notFound();
    requireThat(actor.userId !== null && row.user_id === actor.userId);
    if (row.revoked_at) return;
    const at = nowIso();
    await revokeFeedById(c.trx, row.id, at);
    await c.audit({ action: 'calendar_feed.revoke', entityType: 'calendar_feed', entityId: row.id, after: { revoked_at: at } });
  });
}

/**
 * The VCALENDAR (METHOD:PUBLISH) of a feed token, or null for an unknown, malformed or revoked
 * token, a disabled user, or a user who no longer works in the feed's ward (all answered 404).
 * The user's access is resolved as for a request (resolveRequestAuth: grants at the ward or above).
 */
export async function feedCalendar(db: Db, token: string, opts: { baseUrl: string | null; organizerEmail: string }, now: Date = new Date()): Promise<string | null> {
  if (!FEED_TOKEN_RE.test(token)) return null;
  const feed = await feedByHash(db, hashToken(token));
  if (!feed || feed.revoked_at) return null;
  const auth = await resolveRequestAuth(db, feed.user_id, feed.ward_id, now);
  if (!auth?.access || auth.ward?.id !== feed.ward_id) return null;
  const actor: Actor = {
    userId: auth.identity.userId,
    label: auth.identity.displayName,
    wardId: feed.ward_id,
    roles: auth.access.roles,
    headOf: auth.access.headOf,
    memberOf: auth.access.memberOf,
    ip: null,
  };
  const rows = await meetingsStarting(db, feed.ward_id, await calendarVisibility(db, actor), instantAfterDays(-FEED_PAST_DAYS, now), instantAfterDays(FEED_FUTURE_DAYS, now));
  const ms = await withDetails(db, feed.ward_id, rows, opts.baseUrl);
  return feedIcs(ms, translate('vi', 'cal.ics.feedName', { ward: await wardName(db, feed.ward_id) }), opts.organizerEmail, now);
}
