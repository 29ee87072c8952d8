import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * The stored hash of an account that has no password yet (invited, or reset by an administrator):
 * `!` followed by random text, as a locked password in /etc/shadow. It is no argon2 string, so no
 * password ever verifies against it (docs/DESIGN.md D39); the account signs in only after its
 * holder sets a password through a one-time activation link.
 */
export function unusablePasswordHash(): string {
  return '!' + crypto.randomBytes(18).toString('base64url');
}

/** Whether a stored hash is an unusable one (account not activated). */
export function isUnusableHash(passwordHash: string): boolean {
  return passwordHash.startsWith('!');
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  // As long as a real verification, so that the time taken does not tell an invited account apart.
  if (isUnusableHash(passwordHash)) return dummyVerify(password).then(() => false);
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random string, verified against when the username is unknown so that
// the response time does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('roviec-dummy-' + Math.random());
  return dummyHash.then((h) => verifyPassword(h, password));
}
