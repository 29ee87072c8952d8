import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { nodeEnv } from '../../config.ts';

// argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
// Under NODE_ENV=test only: the same algorithm at 1 MiB and 1 pass (~1 ms instead of ~30 ms a hash
// or login; the test suite hashes and signs in thousands of times). docs/DESIGN.md D62;
// passwords.test.ts checks that any other NODE_ENV gets OPTIONS.
const TEST_OPTIONS = { ...OPTIONS, memoryCost: 1024, timeCost: 1 } as const;

/** The argon2id parameters new hashes are made with: OWASP's baseline, or a cheap one under NODE_ENV=test only. */
export function passwordHashOptions(env: { NODE_ENV?: string | undefined } = { NODE_ENV: nodeEnv() }): typeof OPTIONS | typeof TEST_OPTIONS {
  return env.NODE_ENV === 'test' ? TEST_OPTIONS : OPTIONS;
}

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashOptions());
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
