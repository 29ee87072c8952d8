import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { inTx } from '../../platform/tx.ts';
import { AppError, ValidationError, notFound } from '../../platform/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.ts';
import { revokeUserSessions } from '../../platform/auth/session-store.ts';
import { ORG_SCOPED_ROLES, type Role } from '../../platform/auth/roles.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

export interface NewUser {
  username: string;
  display_name: string;
  password: string;
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

/** Creates an account with its first role grants, in the caller's transaction. */
export async function insertUser(q: Queryable, actor: AuditActor, input: NewUser, grants: NewGrant[]): Promise<string> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_RE.test(username)) throw new ValidationError({ username: 'err.format' });
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ password: 'auth.weak' });
  const taken = await q.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw new ValidationError({ username: 'err.usernameTaken' });
  const id = newId();
  const now = nowIso();
  const row = {
    id,
    username,
    display_name: input.display_name,
    password_hash: await hashPassword(input.password),
    home_ward_id: input.home_ward_id,
    person_id: input.person_id,
    locale: input.locale ?? 'vi',
    created_at: now,
    updated_at: now,
  };
  await q.insertInto('app_user').values(row).execute();
  const { password_hash: _omit, ...shown } = row;
  await writeAudit(q, actor, { action: 'user.create', entityType: 'app_user', entityId: id, summary: username, after: shown, wardId: input.home_ward_id });
  for (const g of grants) await insertGrant(q, actor, id, g);
  return id;
}

export async function insertGrant(q: Queryable, actor: AuditActor, userId: string, g: NewGrant): Promise<string> {
  if (ORG_SCOPED_ROLES.has(g.role) && !g.org_id) throw new ValidationError({ org_id: 'user.orgRequired' });
  const id = newId();
  const row = { id, user_id: userId, role: g.role, unit_id: g.unit_id, org_id: ORG_SCOPED_ROLES.has(g.role) ? g.org_id : null, created_at: nowIso() };
  await q.insertInto('role_grant').values(row).execute();
  await writeAudit(q, actor, { action: 'user.grant', entityType: 'app_user', entityId: userId, after: row });
  return id;
}

export async function findUserByUsername(q: Queryable, username: string) {
  return q.selectFrom('app_user').select(['id', 'username', 'display_name', 'disabled', 'home_ward_id', 'version']).where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

/** Sets a new password (administrator or CLI) and signs the user out everywhere. */
export async function resetPassword(db: Db, actor: AuditActor, userId: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ password: 'auth.weak' });
  const hash = await hashPassword(password);
  await inTx(db, async (trx) => {
    const res = await trx.updateTable('app_user').set({ password_hash: hash, updated_at: nowIso() }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound();
    await revokeUserSessions(trx, userId);
    await writeAudit(trx, actor, { action: 'user.reset_password', entityType: 'app_user', entityId: userId });
  });
}

/** Disables (or re-enables) an account; disabling ends its sessions and tokens at once. */
export async function setDisabled(db: Db, actor: AuditActor, userId: string, disabled: boolean): Promise<void> {
  await inTx(db, async (trx) => {
    const before = await trx.selectFrom('app_user').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
    if (!before) throw notFound();
    if (!!before.disabled === disabled) throw new AppError(409, 'err.alreadyEnded');
    await trx.updateTable('app_user').set((eb) => ({ disabled: disabled ? 1 : 0, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).execute();
    if (disabled) {
      await revokeUserSessions(trx, userId);
      await trx.updateTable('api_token').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    }
    await writeAudit(trx, actor, { action: disabled ? 'user.disable' : 'user.enable', entityType: 'app_user', entityId: userId, before, after: { disabled } });
  });
}
