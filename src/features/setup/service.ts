// First-run setup (issue 13, item 1): from a database without any account to a ward with its
// province (and district for the 2017 shape), its residential groups and its first administrator,
// in one command. The page (/setup, guarded by a one-time setup code) and `roviec setup` call the
// same `runSetup`. docs/DESIGN.md D34.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/index.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { markSystem, runCommand, runMaintenance } from '../../platform/command.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { ipKey, recordFailure, releaseAttempt, reserveAttempt } from '../../platform/auth/throttle.ts';
import { insertUnit } from '../units/service.ts';
import { anyAccount, insertUser } from '../users/service.ts';
import { deleteSetupCode, insertSetupCode, spendSetupCode, storedSetupCode, takenUnitCodes } from './repo.ts';
import { ABOVE_WARD_FROM, type SetupInput } from './schema.ts';

/** Letters and digits of a setup code: no 0/O, 1/I/L or U, so it reads and types without doubt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of a 30-letter alphabet: about 78 bits, written as four groups of four. */
const CODE_LENGTH = 16;
/** Wrong setup codes allowed per IP address within the login throttle's window (then 429). */
export const CODE_ATTEMPTS_PER_IP = 5;
/** The label of the system actor in the audit of the page's setup. */
export const PAGE_ACTOR_LABEL = 'Thiết lập ban đầu';

/** A fresh setup code, e.g. `7K3Q-M9XZ-4HTP-R2WB` (crypto.randomInt, so uniform over ALPHABET). */
export function newSetupCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return (s.match(/.{4}/g) ?? []).join('-');
}

/** A typed code as compared: upper case, every character outside letters and digits dropped ("7k3q m9xz…" = "7K3Q-M9XZ…"). */
export function normalizeCode(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Constant-time equality of two codes (compared as SHA-256 digests, so lengths leak nothing). */
function sameCode(a: string, b: string): boolean {
  const h = (s: string) => crypto.createHash('sha256').update(normalizeCode(s)).digest();
  return crypto.timingSafeEqual(h(a), h(b));
}

/** Whether the first-run setup is still open: the deployment has no account. */
export async function setupOpen(q: Queryable): Promise<boolean> {
  return !(await anyAccount(q));
}

/**
 * The setup code while setup is open, made and stored (app_setting `setup_code`) on first need, so
 * the server log and `roviec setup --print-code` show the same code; null once any account exists.
 */
export async function ensureSetupCode(db: Db): Promise<string | null> {
  if (!(await setupOpen(db))) return null;
  await runMaintenance(db, 'setup.code', (q) => insertSetupCode(q, newSetupCode()));
  // A setup that committed meanwhile spent the code and let this insert through: closed after all.
  if (!(await setupOpen(db))) {
    await runMaintenance(db, 'setup.code', (q) => deleteSetupCode(q));
    return null;
  }
  return storedSetupCode(db);
}

/**
 * For `roviec serve`: when setup is open, writes the setup code and the page's URL to the log (one
 * line each, Vietnamese). Does nothing once any account exists.
 */
export async function announceSetup(db: Db, log: { warn(msg: string): void }, publicUrl: string): Promise<void> {
  const code = await ensureSetupCode(db);
  if (!code) return;
  log.warn(`RõViệc chưa được thiết lập. Mở ${new URL('/setup', publicUrl).toString()} để thiết lập.`);
  log.warn(`Mã thiết lập: ${code} (in lại bằng: roviec setup --print-code)`);
}

/** 410 "RõViệc đã được thiết lập…": the setup page and command once any account exists. */
export const setupGone = (): AppError => new AppError(410, 'setup.gone');

/**
 * Checks a typed setup code for a caller at `ip`, guarded like logins (platform/auth/throttle.ts):
 * each attempt reserves a place under `setup-ip:<ip>` first; more than CODE_ATTEMPTS_PER_IP wrong
 * codes in the window → 429 `setup.err.throttled`. Wrong or missing code → 403 with the field
 * message `setup.err.code`; a right code gives its place back. Returns the stored code. 410 when
 * setup is closed.
 */
export async function checkSetupCode(db: Db, typed: string | undefined, ip: string, now = new Date()): Promise<string> {
  // The stored code; made here if no server start made it (an app built without `serve`: then only
  // --print-code or the log of a later start tells it). Read first, so a setup committing meanwhile
  // is seen as spent (410), never replaced by a fresh code.
  const stored = (await storedSetupCode(db)) ?? (await ensureSetupCode(db));
  if (!stored) throw setupGone();
  const key = 'setup-' + ipKey(ip);
  const place = await runMaintenance(db, 'auth.login-throttle', (q) => reserveAttempt(q, key, CODE_ATTEMPTS_PER_IP, now));
  if (!place.allowed) throw new AppError(429, 'setup.err.throttled', { minutes: place.minutes }); // the lockout message only: the code was not checked
  if (!typed || !sameCode(typed, stored)) {
    await runMaintenance(db, 'auth.login-throttle', (q) => recordFailure(q, key, place, CODE_ATTEMPTS_PER_IP, now));
    throw new AppError(403, 'setup.err.code', undefined, { setup_code: 'setup.err.code' });
  }
  await runMaintenance(db, 'auth.login-throttle', (q) => releaseAttempt(q, key));
  return stored;
}

/** What a setup made. */
export interface SetupResult {
  wardId: string;
  wardName: string;
  adminId: string;
}

/**
 * Command `setup.run`: in one transaction, as the system actor `label`, spends the setup code
 * `code` and creates the province (and, for the 2017 shape, the district below it), the ward below
 * that, its residential groups and the first administrator (role admin granted at the ward, home
 * ward the ward), each with its audit row, plus one `setup.run` event naming the whole. The unit
 * tree follows the two-level local government of Luật Tổ chức chính quyền địa phương 2025 (shape
 * 2025) or the three levels before it (shape 2017). The province and district start on
 * ABOVE_WARD_FROM (02/09/1945), the ward and its groups on the form's date.
 *
 * Errors, with nothing written: 410 `setup.gone` when any account exists or the code was spent
 * meanwhile (the deletion of the code is the lock: of two concurrent setups exactly one wins);
 * ValidationError on `province_code`/`district_code`/`ward_code` when a unit already carries that
 * code (unit codes are unique per deployment), on `admin_username` from the users service.
 */
export function runSetup(db: Db, input: SetupInput, code: string, label: string, ip: string | null = null): Promise<SetupResult> {
  const actor: Actor = { ...systemActor('', label), ip };
  return runCommand(db, actor, 'setup.run', async (c) => {
    if (!(await setupOpen(c.trx))) throw setupGone();
    markSystem(actor); // no account exists: the setup code (page) or the server's shell (CLI) is the proof
    const codes = [input.province.code, input.district?.code, input.ward.code].filter((x): x is string => !!x);
    const taken = await takenUnitCodes(c.trx, codes);
    if (taken.size > 0) {
      const errors: Record<string, string> = {};
      if (input.province.code && taken.has(input.province.code)) errors.province_code = 'setup.err.codeTaken';
      if (input.district?.code && taken.has(input.district.code)) errors.district_code = 'setup.err.codeTaken';
      if (taken.has(input.ward.code)) errors.ward_code = 'setup.err.codeTaken';
      throw new ValidationError(errors);
    }
    if (!(await spendSetupCode(c.trx, code))) throw setupGone();
    const from = input.validFrom;
    // Units above the ward start on their own date, which never bounds the ward's history (D34).
    const above = from < ABOVE_WARD_FROM ? from : ABOVE_WARD_FROM;
    const province = await insertUnit(c.trx, actor, { kind: input.province.kind, name: input.province.name, code: input.province.code, valid_from: above, valid_to: null, parent_id: null, ward_id: null });
    const district = input.district
      ? await insertUnit(c.trx, actor, { kind: input.district.kind, name: input.district.name, code: input.district.code, valid_from: above, valid_to: null, parent_id: province, ward_id: null })
      : null;
    const wardId = await insertUnit(c.trx, actor, { kind: input.ward.kind, name: input.ward.name, code: input.ward.code, valid_from: from, valid_to: null, parent_id: district ?? province, ward_id: null });
    const inWard: Actor = { ...actor, wardId };
    for (const name of input.groups) {
      await insertUnit(c.trx, inWard, { kind: input.groupsKind, name, code: null, valid_from: from, valid_to: null, parent_id: wardId, ward_id: wardId });
    }
    // The account's own audit rows (user.create, user.grant) belong to the new ward.
    const adminId = await runCommand(c.trx, inWard, 'setup.run', (uc) =>
      insertUser(uc, { username: input.admin.username, display_name: input.admin.name, password: input.admin.password, home_ward_id: wardId, person_id: null }, [{ role: 'admin', unit_id: wardId, org_id: null }]).catch((e: unknown) => {
        if (e instanceof ValidationError && e.fields) throw new ValidationError(Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [k === 'username' ? 'admin_username' : k === 'display_name' ? 'admin_name' : k === 'password' ? 'admin_password' : k, m])));
        throw e;
      }),
    );
    await c.audit({
      action: 'setup.run',
      entityType: 'unit',
      entityId: wardId,
      summary: input.ward.name,
      wardId,
      after: { shape: input.shape, province: input.province, district: input.district, ward: input.ward, valid_from: from, groups: input.groups.length, admin: input.admin.username },
    });
    return { wardId, wardName: input.ward.name, adminId };
  });
}

/**
 * The CLI's setup (`roviec setup`): the same command as the page, the code read from the database
 * (made first if the server never started), since whoever runs the CLI holds the server's shell.
 */
export async function setupFromTerminal(db: Db, input: SetupInput): Promise<SetupResult> {
  const code = await ensureSetupCode(db);
  if (!code) throw setupGone();
  return runSetup(db, input, code, 'Dòng lệnh');
}
