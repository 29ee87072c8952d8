// Accounts made from people with one-time activation links (issue 13 item 5, docs/DESIGN.md D39).
// An administrator invites a person: the account is created with an unusable password, its role
// grant and an invite whose token is shown once (and e-mailed when SMTP is set); the person opens
// /activate/:token and sets their own password. No password is ever typed for someone else,
// sent or shown. The token is stored only as its SHA-256 hash.
import crypto from 'node:crypto';
import { z } from 'zod';
import { lockForUpdate, type Db, type Queryable } from '../../db/index.ts';
import { likeEscape, newId, nowIso } from '../../db/dialect.ts';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess, requireThat } from '../../platform/access.ts';
import { runCommand, runMaintenance, type CommandContext } from '../../platform/command.ts';
import { AppError, ValidationError, notFound } from '../../platform/errors.ts';
import { bumpAccessVersion } from '../../platform/auth/identity.ts';
import { hashPassword, isUnusableHash, MIN_PASSWORD_LENGTH, unusablePasswordHash } from '../../platform/auth/passwords.ts';
import { hashToken, revokeCredentials } from '../../platform/auth/tokens.ts';
import { ipKey, LIMITS, recordFailure, releaseAttempt, reserveAttempt, type Reservation } from '../../platform/auth/throttle.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { optEmail, optId, id } from '../../platform/validation.ts';
import { sendMail, type MailConfig, type MailResult } from '../../platform/mail.ts';
import { fold, formatDateTime, instantAfterDays } from '../../lib/vi/index.ts';
import { getPerson } from '../people/service.ts';
import { grantFor, getWardUser, insertUser, USERNAME_RE } from './service.ts';

/** Days an activation link stays valid (D39). */
export const INVITE_DAYS = 7;

/** Why a link was made: a new account, or an administrator's password reset. */
export type InvitePurpose = 'invite' | 'reset';

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The invitation form (`/app/users/invite`): person, username, role, organization, e-mail. */
export const InviteInput = z.object({
  person_id: id(),
  username: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v), z.string().regex(USERNAME_RE, { message: 'user.usernameRule' })),
  role: z.preprocess(blank, z.enum(ROLES)),
  org_id: optId(),
  email: optEmail(),
});
export type InviteInput = z.output<typeof InviteInput>;

/** The activation form: the new password, typed twice (taken as typed, never trimmed). */
export const ActivateInput = z.object({
  password: z.string().max(200).default(''),
  password_confirm: z.string().max(200).default(''),
});
export type ActivateInput = z.output<typeof ActivateInput>;

/**
 * A username suggested from a person's name, without diacritics, dot-separated ("Trần Thị Thu Hà"
 * → "tran.thi.thu.ha"), within USERNAME_RE; "tran.thi.thu.ha2", "…3" when taken.
 */
export async function suggestUsername(q: Queryable, fullName: string): Promise<string> {
  let base = (fold(fullName).replace(/[^a-z0-9 ]/g, '').trim().split(' ').filter(Boolean).join('.') || 'nguoi.dung').slice(0, 46);
  while (base.endsWith('.')) base = base.slice(0, -1);
  const root = base.length >= 3 ? base : `${base}.tk`;
  const taken = new Set((await q.selectFrom('app_user').select('username').where('username', 'like', `${root}%`).execute()).map((r) => r.username));
  for (let n = 1; ; n++) {
    const name = n === 1 ? root : `${root}${n}`;
    if (!taken.has(name)) return name;
  }
}

/** The account already made for a person, if any (one person, one account). */
export function accountOfPerson(q: Queryable, personId: string) {
  return q.selectFrom('app_user').select(['id', 'username', 'display_name']).where('person_id', '=', personId).executeTakeFirst();
}

/**
 * People of the actor's ward whose name matches `text` (diacritics optional), still serving, at
 * most 30 in name order, each with the account already made for them (or null).
 */
export async function pickPeople(q: Queryable, actor: Pick<Actor, 'wardId'>, text: string) {
  const terms = fold(text).split(' ').filter(Boolean).slice(0, 8);
  if (terms.length === 0) return [];
  let query = q.selectFrom('person').select(['id', 'full_name', 'birth_date']).where('ward_id', '=', actor.wardId).where('ended_on', 'is', null);
  for (const term of terms) query = query.where(sql<boolean>`search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  const rows = await query.orderBy('sort_key').orderBy('id').limit(30).execute();
  const accounts = rows.length ? await q.selectFrom('app_user').select(['id', 'username', 'person_id']).where('person_id', 'in', rows.map((r) => r.id)).execute() : [];
  return rows.map((r) => {
    const a = accounts.find((x) => x.person_id === r.id);
    return { ...r, account: a ? { id: a.id, username: a.username } : null };
  });
}

/**
 * People of a ward named `fullName` (compared without case or diacritics), still serving, born on
 * `birthDate` ('YYYY-MM-DD') when given: the CLI's `--person "Họ và tên" [--birth]`.
 */
export async function peopleNamed(q: Queryable, wardId: string, fullName: string, birthDate: string | null) {
  const key = fold(fullName);
  const terms = key.split(' ').filter(Boolean).slice(0, 8);
  if (terms.length === 0) return [];
  let query = q.selectFrom('person').select(['id', 'full_name', 'birth_date', 'email']).where('ward_id', '=', wardId).where('ended_on', 'is', null);
  for (const term of terms) query = query.where(sql<boolean>`search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  if (birthDate) query = query.where('birth_date', '=', birthDate);
  return (await query.orderBy('sort_key').orderBy('id').execute()).filter((p) => fold(p.full_name) === key);
}

/** What the invitation form needs about a person of the actor's ward (404 for another ward's). */
export async function invitePrefill(q: Queryable, actor: Actor, personId: string) {
  const detail = await getPerson(q, actor, personId);
  const today = detail.onDate;
  const live = (s: { start_on: string; end_on: string | null }) => s.end_on === null || s.end_on >= today;
  const orgIds = [...new Set([...detail.posts.filter(live), ...detail.memberships.filter(live)].map((s) => s.org_id))];
  return {
    person: { id: detail.person.id, full_name: detail.person.full_name, email: detail.person.email, ended_on: detail.person.ended_on },
    orgIds,
    username: await suggestUsername(q, detail.person.full_name),
    existing: (await accountOfPerson(q, personId)) ?? null,
  };
}

/** A new link: the token (shown once) and its row's id; older live links of the account are revoked. */
async function insertInvite(c: CommandContext, userId: string, wardId: string, purpose: InvitePurpose, email: string | null, now: Date): Promise<{ id: string; token: string; expiresAt: string }> {
  const at = now.toISOString();
  await c.trx.updateTable('user_invite').set({ revoked_at: at }).where('ward_id', '=', wardId).where('user_id', '=', userId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
  const token = crypto.randomBytes(32).toString('base64url');
  const id = newId();
  const expiresAt = instantAfterDays(INVITE_DAYS, now);
  await c.trx
    .insertInto('user_invite')
    .values({ id, ward_id: wardId, user_id: userId, purpose, token_hash: hashToken(token), email, created_by: c.actor.userId, created_at: at, expires_at: expiresAt, used_at: null, revoked_at: null })
    .execute();
  // The audit records the link's row, never the token.
  await c.audit({ action: purpose === 'reset' ? 'user.reset_link' : 'user.invite_link', entityType: 'app_user', entityId: userId, after: { invite_id: id, purpose, email, expires_at: expiresAt } });
  return { id, token, expiresAt };
}

/** What an invitation made: the account, the link's token (shown once) and where it may be mailed. */
export interface InviteResult {
  userId: string;
  username: string;
  displayName: string;
  token: string;
  expiresAt: string;
  email: string | null;
}

/**
 * Command `user.invite` (ward.admin): creates the account of a person of the actor's ward with no
 * usable password, its grant at the ward (org_head/member need an organization of the ward) and a
 * one-time link valid INVITE_DAYS days. Errors: ValidationError (username rule or taken, role,
 * organization, `person_id: invite.hasAccount` when the person already has an account, an ended
 * person), 404 for a person of another ward, 403 for a non-administrator. Nothing is written on
 * refusal.
 */
export function inviteUser(db: Db, actor: Actor, input: InviteInput, now: Date = new Date()): Promise<InviteResult> {
  return runCommand(db, actor, 'user.invite', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const detail = await getPerson(trx, actor, input.person_id);
    // One person, one account: the person's row is locked (PostgreSQL; SQLite serializes writers)
    // before the check, so a second invitation running at the same time waits and then sees the
    // first one's account (D39).
    await lockForUpdate(trx, 'person', actor.wardId, [input.person_id]);
    if (await accountOfPerson(trx, input.person_id)) throw new ValidationError({ person_id: 'invite.hasAccount' });
    if (detail.person.ended_on) throw new ValidationError({ person_id: 'invite.personEnded' });
    const grant = await grantFor(trx, actor, input.role, input.org_id);
    const userId = await insertUser(c, { username: input.username, display_name: detail.person.full_name, password: null, home_ward_id: actor.wardId, person_id: input.person_id }, [grant]);
    const made = await insertInvite(c, userId, actor.wardId, 'invite', input.email, now);
    return { userId, username: input.username, displayName: detail.person.full_name, token: made.token, expiresAt: made.expiresAt, email: input.email };
  });
}

/**
 * Command `user.reinvite` (ward.admin): a new link for an account of the ward; every older link is
 * revoked. For an account not yet activated it is a new invitation; for an active one it is the
 * administrator's password reset: the password stops working at once, its sessions and API tokens
 * end, and the holder sets a new one through the link. Refused (403 `user.elsewhere`) for an
 * account holding roles outside the ward, and for one's own account (400 `invite.self`).
 */
export function reinviteUser(db: Db, actor: Actor, userId: string, email: string | null, now: Date = new Date()): Promise<InviteResult> {
  return runCommand(db, actor, 'user.reinvite', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const user = await getWardUser(trx, actor, userId);
    if (user.elsewhere) throw new AppError(403, 'user.elsewhere');
    if (userId === actor.userId) throw new AppError(400, 'invite.self');
    const row = await trx.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
    const purpose: InvitePurpose = isUnusableHash(row.password_hash) ? 'invite' : 'reset';
    if (purpose === 'reset') {
      await trx.updateTable('app_user').set((eb) => ({ password_hash: unusablePasswordHash(), updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).execute();
      await bumpAccessVersion(trx, userId);
      const { tokensRevoked } = await revokeCredentials(trx, userId);
      await c.audit({ action: 'user.reset_password', entityType: 'app_user', entityId: userId, summary: user.username, after: { tokens_revoked: tokensRevoked, sessions_ended: true, by_link: true } });
    }
    const made = await insertInvite(c, userId, actor.wardId, purpose, email, now);
    return { userId, username: user.username, displayName: user.display_name, token: made.token, expiresAt: made.expiresAt, email };
  });
}

/** Whether an account of the ward still waits for activation (no usable password), for the account page. */
export async function awaitingActivation(q: Queryable, userId: string): Promise<boolean> {
  const row = await q.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return !!row && isUnusableHash(row.password_hash);
}

/** What a token finds: nothing (404), a link that can no longer be used (410), or a live link. */
export type LinkState =
  | { state: 'unknown' }
  | { state: 'expired' | 'used' | 'revoked' | 'disabled'; wardName: string }
  | { state: 'live'; inviteId: string; userId: string; wardId: string; displayName: string; username: string; wardName: string };

/** Looks a token up by its hash; `now` decides expiry (tests move it). */
export async function linkState(q: Queryable, token: string, now: Date = new Date()): Promise<LinkState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: 'unknown' };
  const row = await q
    .selectFrom('user_invite') // ward-scope: the link is found by its secret token, its ward is read from the row
    .innerJoin('app_user', 'app_user.id', 'user_invite.user_id')
    .innerJoin('unit', 'unit.id', 'user_invite.ward_id')
    .select(['user_invite.id', 'user_invite.user_id', 'user_invite.ward_id', 'user_invite.expires_at', 'user_invite.used_at', 'user_invite.revoked_at', 'app_user.display_name', 'app_user.username', 'app_user.disabled', 'unit.name as ward_name'])
    .where('user_invite.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const wardName = row.ward_name;
  if (row.used_at) return { state: 'used', wardName };
  if (row.revoked_at) return { state: 'revoked', wardName };
  if (row.expires_at <= now.toISOString()) return { state: 'expired', wardName };
  if (row.disabled) return { state: 'disabled', wardName };
  return { state: 'live', inviteId: row.id, userId: row.user_id, wardId: row.ward_id, displayName: row.display_name, username: row.username, wardName };
}

/**
 * Guesses at activation links are counted per IP with the login throttle (platform/auth/throttle.ts,
 * key `act:<ip>`, the login's per-IP limit): `reserveGuess` before a token is looked up, then
 * `guessFailed` for an unknown token or `guessGood` for a real one.
 */
export function reserveGuess(db: Db, ip: string, now: Date = new Date()): Promise<Reservation> {
  return runMaintenance(db, 'auth.activation-throttle', (q) => reserveAttempt(q, 'act:' + ipKey(ip), LIMITS.ip, now));
}
/** An unknown token: the place stays taken (and locks the IP at the limit). */
export function guessFailed(db: Db, ip: string, r: Reservation, now: Date = new Date()): Promise<void> {
  return runMaintenance(db, 'auth.activation-throttle', (q) => recordFailure(q, 'act:' + ipKey(ip), r, LIMITS.ip, now));
}
/** A real token: the place is given back. */
export function guessGood(db: Db, ip: string): Promise<void> {
  return runMaintenance(db, 'auth.activation-throttle', (q) => releaseAttempt(q, 'act:' + ipKey(ip)));
}

/**
 * Command `user.activate`, run by the account itself (its token is the proof): checks the password
 * rules (at least MIN_PASSWORD_LENGTH characters, typed twice alike: ValidationError), sets the
 * argon2 hash, marks the link used and revokes every other link of the account. Errors: 404
 * unknown token, 410 `invite.gone.<state>` for an expired, used or revoked link (also when another
 * request used it a moment before: the update is conditional).
 */
export async function activateAccount(db: Db, token: string, input: ActivateInput, ip: string | null, now: Date = new Date()): Promise<{ username: string }> {
  const link = await linkState(db, token, now);
  if (link.state === 'unknown') throw notFound();
  if (link.state !== 'live') throw new AppError(410, `invite.gone.${link.state}`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ password: 'auth.weak' });
  if (input.password !== input.password_confirm) throw new ValidationError({ password_confirm: 'auth.mismatch' });
  const hash = await hashPassword(input.password);
  const actor = { userId: link.userId, label: link.displayName, wardId: link.wardId, ip };
  await runCommand(db, actor, 'user.activate', async (c) => {
    const trx = c.trx;
    requireThat(true); // the account's own link, proven by its secret token
    const at = now.toISOString();
    const used = await trx
      .updateTable('user_invite')
      .set({ used_at: at })
      .where('ward_id', '=', link.wardId)
      .where('id', '=', link.inviteId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError(410, 'invite.gone.used');
    await trx.updateTable('user_invite').set({ revoked_at: at }).where('ward_id', '=', link.wardId).where('user_id', '=', link.userId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
    await trx.updateTable('app_user').set((eb) => ({ password_hash: hash, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', link.userId).execute();
    await bumpAccessVersion(trx, link.userId);
    await c.audit({ action: 'user.activate', entityType: 'app_user', entityId: link.userId, summary: link.username, wardId: link.wardId, after: { invite_id: link.inviteId } });
  });
  return { username: link.username };
}

/** The activation link for a token, on the app's public origin (ROVIEC_PUBLIC_URL, D29). */
/**
 * Whether links made from `publicUrl` point at this machine only (localhost, 127.0.0.0/8, ::1):
 * ROVIEC_PUBLIC_URL is not set (its default is `http://localhost:<PORT>`), so an activation link
 * sent to someone else opens nothing. The invitation page and the CLI warn then (D39).
 */
export function publicUrlIsLocal(publicUrl: string): boolean {
  const host = new URL(publicUrl).hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '0.0.0.0';
}

export function activationUrl(publicUrl: string, token: string): string {
  return `${new URL(publicUrl).origin}/activate/${token}`;
}

/**
 * E-mails the link (after the command committed) when SMTP is set and an address is known; the
 * subject is Vietnamese and cut only between words (platform/mail.ts). No password is in it.
 */
export function sendInviteMail(config: MailConfig & { publicUrl: string }, made: InviteResult, wardName: string): Promise<MailResult> {
  if (!made.email) return Promise.resolve({ sent: 0, failed: 0 });
  const url = activationUrl(config.publicUrl, made.token);
  const text = [
    `Kính gửi ${made.displayName},`,
    '',
    `Quản trị viên của ${wardName} đã tạo cho anh/chị tài khoản RõViệc với tên đăng nhập: ${made.username}`,
    '',
    'Để kích hoạt tài khoản, hãy mở liên kết dưới đây và tự đặt mật khẩu của mình:',
    url,
    '',
    `Liên kết chỉ dùng được một lần và hết hạn lúc ${formatDateTime(made.expiresAt)}.`,
    'Không chia sẻ liên kết này với người khác. Nếu liên kết đã hết hạn, hãy nhờ quản trị viên tạo liên kết mới.',
  ].join('\n');
  return sendMail(config, [{ to: made.email, subject: `Kích hoạt tài khoản RõViệc của ${made.displayName} tại ${wardName}`, text }]);
}
