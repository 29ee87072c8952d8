import { z } from 'zod';
import { optId, text, version, int, searchBox } from '../../platform/validation.ts';
import { MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { USERNAME_RE } from './service.ts';

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const username = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v), z.string().regex(USERNAME_RE, { message: 'user.usernameRule' }));
/** A password is taken as typed (no trimming): at least MIN_PASSWORD_LENGTH characters. */
const password = z.preprocess(blank, z.string().min(MIN_PASSWORD_LENGTH, { message: 'auth.weak' }).max(200));
const role = z.preprocess(blank, z.enum(ROLES));

export const UserCreateInput = z.object({
  username,
  display_name: text(120),
  password,
  role,
  org_id: optId(),
});
export type UserCreateInput = z.output<typeof UserCreateInput>;

export const UserUpdateInput = z.object({ display_name: text(120), version: version() });
export type UserUpdateInput = z.output<typeof UserUpdateInput>;

export const GrantInput = z.object({ role, org_id: optId() });
export type GrantInput = z.output<typeof GrantInput>;

export const UsersQuery = z.object({
  q: searchBox(100),
  role: z.preprocess(blank, z.enum(ROLES).optional()).transform((v) => v ?? null),
  page: int(1, 100000, { default: 1 }),
});
export type UsersQuery = z.output<typeof UsersQuery>;

export const TokenCreateInput = z.object({
  name: text(100),
  days: z.preprocess(blank, int(1, 3650).optional()).transform((v) => v ?? null),
});
export type TokenCreateInput = z.output<typeof TokenCreateInput>;
