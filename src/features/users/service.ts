import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess, requireThat } from '../../platform/access.ts';
import { runCommand, type CommandContext } from '../../platform/command.ts';
import { bumpAccessVersion, wardsUnder } from '../../platform/auth/identity.ts';
import { AppError, ValidationError, conflict, notFound } from '../../platform/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, unusablePasswordHash } from '../../platform/auth/passwords.ts';
import { createToken, revokeCredentials, revokeToken } from '../../platform/auth/tokens.ts';
import { ORG_SCOPED_ROLES, type Role } from '../../platform/auth/roles.ts';
import { cleanText, compareVi, fold, instantAfterDays } from '../../lib/vi/index.ts';
import { toLimitOffset } from '../../platform/list.ts';
import { getOrg } from '../orgs/service.ts';
import { grantRows, homeWardOf, tokenRow, tokenRows, wardUserRow, wardUserRows, type GrantRow, type TokenRow, type UserRow } from './repo.ts';
import type { GrantInput, TokenCreateInput, UserCreateInput, UserUpdateInput, UsersQuery } from './schema.ts';

export type { GrantRow, TokenRow, UserRow } from './repo.ts';
/** Whether the deployment has any account at all (false only before the first-run setup). */
export { anyAccount } from './repo.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

export interface NewUser {
  username: string;
  display_name: string;
  /** null: an invited account, no usable password until its holder activates it (invite.ts, D39). */
  password: string | null;
  /** `password` already hashed by the caller before its command (argon2 takes ~15 ms: not inside a transaction, D43). */
  password_hash?: string;
  home_ward_id: string | null;
  person_id: string | null;
  locale?: 'vi' | 'en';
}

export interface NewGrant {
  role: Role;
  unit_id: string;
  org_id: string | null;
}

export const USERNAME_RE = /^[a-z0-9._-]{3,50}$/;
export const PAGE_SIZE = 50;

/** The argon2 hash of a password long enough to be accepted, made before the command opens its transaction (else undefined: insertUser refuses or hashes). */
async function hashBeforeCommand(password: string | null): Promise<string | undefined> {
  return password !== null && password.length >= MIN_PASSWORD_LENGTH ? hashPassword(password) : undefined;
}

/** Creates an account with its first role grants, inside a running command (audited). */
export async function insertUser(c: CommandContext, input: NewUser, grants: NewGrant[]): Promise<string> {
  const q = c.trx;
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_RE.test(username)) throw new ValidationError({ username: 'err.format' });
  if (input.password !== null && input.password.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ password: 'auth.weak' });
  const taken = await q.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw new ValidationError({ username: 'err.usernameTaken' });
  if (!cleanText(input.display_name)) throw new ValidationError({ display_name: 'err.required' });
  const id = newId();
  const now = nowIso();
  const row = {
    id,
    username,
    // The CLI (`roviec user add --name`) reaches here without a form schema: cleaned here too.
    display_name: cleanText(input.display_name),
    password_hash: input.password === null ? unusablePasswordHash() : (input.password_hash ?? (await hashPassword(input.password))),
    home_ward_id: input.home_ward_id,
    person_id: input.person_id,
    locale: input.locale ?? 'vi',
    created_at: now,
    updated_at: now,
  };
  await q.insertInto('app_user').values(row).execute();
  const { password_hash: _omit, ...shown } = row;
  await c.audit({ action: 'user.create', entityType: 'app_user', entityId: id, summary: username, after: shown, wardId: input.home_ward_id });
  for (const g of grants) await insertGrant(c, id, g, username);
  return id;
}

/** Gives an account one role grant inside a running command (audited; the account's access changes). */
export async function insertGrant(c: CommandContext, userId: string, g: NewGrant, summary?: string): Promise<string> {
  const q = c.trx;
  if (ORG_SCOPED_ROLES.has(g.role) && !g.org_id) throw new ValidationError({ org_id: 'user.orgRequired' });
  const id = newId();
  const row = { id, user_id: userId, role: g.role, unit_id: g.unit_id, org_id: ORG_SCOPED_ROLES.has(g.role) ? g.org_id : null, created_at: nowIso() };
  await q.insertInto('role_grant').values(row).execute();
  await bumpAccessVersion(q, userId);
  await c.audit({ action: 'user.grant', entityType: 'app_user', entityId: userId, ...(summary ? { summary } : {}), after: row });
  return id;
}

/**
 * Command `user.create` for the CLI, the demo and test fixtures: an account with its first grants.
 * Access: ward.admin (the system actor acts as administrator). Returns the new account's id.
 */
export async function addAccount(db: Db, actor: AuditActor | Actor, input: NewUser, grants: NewGrant[]): Promise<string> {
  const hashed = { ...input, password_hash: await hashBeforeCommand(input.password) };
  return runCommand(db, actor, 'user.create', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    return insertUser(c, hashed, grants);
  });
}

/** Command `user.grant` for the CLI and test fixtures: one more role for an account (ward.admin). */
export function grantRole(db: Db, actor: AuditActor | Actor, userId: string, g: NewGrant): Promise<string> {
  return runCommand(db, actor, 'user.grant', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    return insertGrant(c, userId, g);
  });
}

export async function findUserByUsername(q: Queryable, username: string) {
  return q.selectFrom('app_user').select(['id', 'username', 'display_name', 'disabled', 'home_ward_id', 'version']).where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

async function resetPasswordIn(c: CommandContext, userId: string, hash: string, summary?: string): Promise<void> {
  const trx = c.trx;
  const res = await trx.updateTable('app_user').set((eb) => ({ password_hash: hash, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw notFound();
  await bumpAccessVersion(trx, userId);
  // A reset means the old password may be known to someone else: its sessions and tokens end.
  const { tokensRevoked } = await revokeCredentials(trx, userId);
  await c.audit({ action: 'user.reset_password', entityType: 'app_user', entityId: userId, ...(summary ? { summary } : {}), after: { tokens_revoked: tokensRevoked, sessions_ended: true } });
}

/** Sets a new password (administrator or CLI), signs the user out everywhere and revokes its API tokens. */
export async function resetPassword(db: Db, actor: AuditActor, userId: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ password: 'auth.weak' });
  const hash = await hashPassword(password);
  await runCommand(db, actor, 'user.reset_password', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    await resetPasswordIn(c, userId, hash);
  });
}

async function setDisabledIn(c: CommandContext, userId: string, disabled: boolean, summary?: string): Promise<void> {
  const trx = c.trx;
  const before = await trx.selectFrom('app_user').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!before) throw notFound();
  if (!!before.disabled === disabled) throw new AppError(409, disabled ? 'user.alreadyDisabled' : 'user.alreadyEnabled');
  await trx.updateTable('app_user').set((eb) => ({ disabled: disabled ? 1 : 0, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).execute();
  const revoked = disabled ? await revokeCredentials(trx, userId) : null;
  await bumpAccessVersion(trx, userId);
  await c.audit({ action: disabled ? 'user.disable' : 'user.enable', entityType: 'app_user', entityId: userId, ...(summary ? { summary } : {}), before, after: { disabled: disabled ? 1 : 0, ...(revoked ? { tokens_revoked: revoked.tokensRevoked } : {}) } });
}

/** Disables (or re-enables) an account; disabling ends its sessions and tokens at once. */
export async function setDisabled(db: Db, actor: AuditActor, userId: string, disabled: boolean): Promise<void> {
  await runCommand(db, actor, disabled ? 'user.disable' : 'user.enable', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    await setDisabledIn(c, userId, disabled);
  });
}

/** The actor of the account commands above: the system (CLI) acts as the ward's administrator. */
function systemOrAdmin(actor: AuditActor | Actor): Pick<Actor, 'userId' | 'wardId' | 'roles' | 'headOf' | 'memberOf'> {
  if ('roles' in actor) return actor;
  if (actor.userId !== null) return { ...actor, roles: new Set(), headOf: [], memberOf: [] };
  return { ...actor, roles: new Set(['admin']), headOf: [], memberOf: [] };
}

// ---------------------------------------------------------------------------------------------
// Administration of a ward's accounts (role 'admin', checked on the route). Grants are always
// made at the ward itself; organizations must belong to the ward. Actions that change the whole
// account (name, password, locking) are refused for accounts that also hold roles outside this
// ward: a ward administrator must not be able to take over a wider account.

export interface WardGrant extends GrantRow {
  role: Role;
}

export interface WardUser extends UserRow {
  /** Grants at units of this ward. */
  grants: WardGrant[];
  /** The account also holds roles outside this ward (another ward, or a unit above). */
  elsewhere: boolean;
}

async function withGrants(q: Queryable, wardId: string, rows: UserRow[]): Promise<WardUser[]> {
  const grants = await grantRows(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const own = grants.filter((g) => g.user_id === r.id);
    return { ...r, grants: own.filter((g) => g.unit_ward_id === wardId) as WardGrant[], elsewhere: own.some((g) => g.unit_ward_id !== wardId) };
  });
}

export async function listWardUsers(q: Queryable, actor: Pick<Actor, 'wardId'>, query: UsersQuery): Promise<{ items: WardUser[]; total: number }> {
  const terms = fold(query.q).split(' ').filter(Boolean).slice(0, 8);
  const all = await withGrants(q, actor.wardId, await wardUserRows(q, actor.wardId));
  const matching = all
    .filter((u) => (query.role ? u.grants.some((g) => g.role === query.role) : true))
    .filter((u) => {
      const hay = fold(`${u.display_name} ${u.username} ${u.grants.map((g) => g.org_name ?? '').join(' ')}`);
      return terms.every((term) => hay.includes(term));
    })
    .sort((a, b) => compareVi(a.display_name, b.display_name) || a.username.localeCompare(b.username));
  const { limit, offset } = toLimitOffset({ page: query.page, page_size: PAGE_SIZE });
  return { items: matching.slice(offset, offset + limit), total: matching.length };
}

/** The ward's accounts as choices (audit filter), in Vietnamese order. */
export async function wardUserOptions(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<{ value: string; label: string }[]> {
  const rows = await wardUserRows(q, actor.wardId);
  return rows.sort((a, b) => compareVi(a.display_name, b.display_name)).map((r) => ({ value: r.id, label: `${r.display_name} (${r.username})` }));
}

export async function getWardUser(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<WardUser> {
  const row = await wardUserRow(q, actor.wardId, id);
  if (!row) throw notFound();
  const [user] = await withGrants(q, actor.wardId, [row]);
  return user as WardUser;
}

/** For changes to the whole account: it must be one of this ward's and hold no role elsewhere. */
async function accountOfWard(q: Queryable, actor: Actor, id: string): Promise<WardUser> {
  const user = await getWardUser(q, actor, id);
  if (user.elsewhere) throw new AppError(403, 'user.elsewhere');
  return user;
}

/** An org-scoped role needs an organization of this ward; other roles take none. */
export async function grantFor(q: Queryable, actor: Actor, role: Role, orgId: string | null): Promise<NewGrant> {
  if (!ORG_SCOPED_ROLES.has(role)) return { role, unit_id: actor.wardId, org_id: null };
  if (!orgId) throw new ValidationError({ org_id: 'user.orgRequired' });
  const org = await getOrg(q, actor, orgId);
  if (!org || org.valid_to !== null) throw new ValidationError({ org_id: 'err.unknownOrg' });
  return { role, unit_id: actor.wardId, org_id: orgId };
}

export async function createUser(db: Db, actor: Actor, input: UserCreateInput): Promise<string> {
  const password_hash = await hashBeforeCommand(input.password);
  return runCommand(db, actor, 'user.create', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const grant = await grantFor(trx, actor, input.role, input.org_id);
    return insertUser(c, { username: input.username, display_name: input.display_name, password: input.password, password_hash, home_ward_id: actor.wardId, person_id: null }, [grant]);
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, input: UserUpdateInput): Promise<void> {
  await runCommand(db, actor, 'user.update', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const before = await accountOfWard(trx, actor, id);
    const res = await trx
      .updateTable('app_user')
      .set((eb) => ({ display_name: input.display_name, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await c.audit({
      action: 'user.update',
      entityType: 'app_user',
      entityId: id,
      summary: before.username,
      before: { display_name: before.display_name, version: before.version },
      after: { display_name: input.display_name, version: before.version + 1 },
    });
  });
}

export async function addGrant(db: Db, actor: Actor, userId: string, input: GrantInput): Promise<void> {
  await runCommand(db, actor, 'user.grant', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const user = await getWardUser(trx, actor, userId);
    const grant = await grantFor(trx, actor, input.role, input.org_id);
    if (user.grants.some((g) => g.role === grant.role && g.unit_id === grant.unit_id && g.org_id === grant.org_id)) throw new ValidationError({ role: 'user.grantExists' });
    await insertGrant(c, userId, grant, user.username);
  });
}

export async function removeGrant(db: Db, actor: Actor, userId: string, grantId: string): Promise<void> {
  await runCommand(db, actor, 'user.revoke_grant', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const user = await getWardUser(trx, actor, userId);
    const grant = user.grants.find((g) => g.id === grantId);
    if (!grant) throw notFound();
    if (userId === actor.userId && grant.role === 'admin') throw new AppError(400, 'user.selfAdmin');
    await trx.deleteFrom('role_grant').where('id', '=', grantId).where('user_id', '=', userId).execute();
    await bumpAccessVersion(trx, userId);
    const before = { id: grant.id, user_id: grant.user_id, role: grant.role, unit_id: grant.unit_id, org_id: grant.org_id, created_at: grant.created_at };
    await c.audit({ action: 'user.revoke_grant', entityType: 'app_user', entityId: userId, summary: user.username, before });
  });
}

/** Locks or unlocks an account of the ward; locking ends its sessions and API tokens. Never oneself. */
export async function setWardUserDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<void> {
  await runCommand(db, actor, disabled ? 'user.disable' : 'user.enable', async (c) => {
    await requireAccess(c.trx, actor, 'ward.admin');
    const user = await accountOfWard(c.trx, actor, userId);
    if (disabled && userId === actor.userId) throw new AppError(400, 'user.selfDisable');
    await setDisabledIn(c, userId, disabled, user.username);
  });
}

// ---------------------------------------------------------------------------------------------
// One's own API tokens: shown once at creation, stored as a hash, revocable.

function ownId(actor: Pick<Actor, 'userId'>): string {
  if (!actor.userId) throw new AppError(401, 'err.401');
  return actor.userId;
}

export function listOwnTokens(q: Queryable, actor: Pick<Actor, 'userId'>): Promise<TokenRow[]> {
  return tokenRows(q, ownId(actor));
}

export async function createOwnToken(db: Db, actor: Actor, input: TokenCreateInput, now: Date = new Date()): Promise<{ id: string; token: string }> {
  const userId = ownId(actor);
  const expiresAt = input.days ? instantAfterDays(input.days, now) : null;
  return runCommand(db, actor, 'token.create', async (c) => {
    requireThat(actor.userId === userId); // one's own tokens only
    const made = await createToken(c.trx, userId, input.name, expiresAt);
    await c.audit({ action: 'token.create', entityType: 'api_token', entityId: made.id, summary: input.name, after: { id: made.id, user_id: userId, name: input.name, expires_at: expiresAt } });
    return made;
  });
}

export async function revokeOwnToken(db: Db, actor: Actor, id: string): Promise<void> {
  const userId = ownId(actor);
  await runCommand(db, actor, 'token.revoke', async (c) => {
    const trx = c.trx;
    requireThat(actor.userId === userId); // one's own tokens only
    const row = await trx.selectFrom('api_token').select(['id', 'name', 'revoked_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!row) throw notFound();
    if (row.revoked_at || !(await revokeToken(trx, id))) throw new AppError(409, 'token.alreadyRevoked');
    const after = await trx.selectFrom('api_token').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow();
    await c.audit({ action: 'token.revoke', entityType: 'api_token', entityId: id, summary: row.name, before: { revoked_at: null }, after });
  });
}

// ---------------------------------------------------------------------------------------------
// Tokens made and revoked by the operator (CLI `roviec token create|revoke`): commands with an
// audit row, access ward.admin (the CLI's system actor).

/** Command `token.create` for any active account; returns the token (shown once). */
export function issueToken(db: Db, actor: AuditActor, userId: string, name: string, expiresAt: string | null): Promise<{ id: string; token: string }> {
  return runCommand(db, actor, 'token.create', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    const made = await createToken(c.trx, userId, name, expiresAt);
    await c.audit({ action: 'token.create', entityType: 'api_token', entityId: made.id, summary: name, after: { id: made.id, user_id: userId, name, expires_at: expiresAt } });
    return made;
  });
}

/**
 * The ward whose audit log records what the command line does to an account: its home ward, else
 * the first ward its grants reach today (an account granted at the city), else null.
 */
export async function auditWardOfUser(q: Queryable, userId: string): Promise<string | null> {
  const home = await homeWardOf(q, userId);
  if (home) return home;
  const units = (await grantRows(q, [userId])).map((g) => g.unit_id);
  return (await wardsUnder(q, units))[0]?.id ?? null;
}

/** Command `token.revoke` for any token; false when no live token has this id. */
export function revokeAnyToken(db: Db, actor: AuditActor, id: string): Promise<boolean> {
  return runCommand(db, actor, 'token.revoke', async (c) => {
    await requireAccess(c.trx, systemOrAdmin(actor), 'ward.admin');
    const row = await tokenRow(c.trx, id);
    if (!row || row.revoked_at || !(await revokeToken(c.trx, id))) return false;
    // Recorded in the token owner's ward, whoever revokes it (the command line has no ward).
    await c.audit({ action: 'token.revoke', entityType: 'api_token', entityId: id, summary: row.name, before: { revoked_at: null }, wardId: await auditWardOfUser(c.trx, row.user_id) });
    return true;
  });
}
