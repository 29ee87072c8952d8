// The password hash parameters (docs/DESIGN.md D62): the tests hash with a cheap argon2id cost,
// which must never reach a real deployment — any NODE_ENV but `test` gets OWASP's baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hashPassword, passwordHashOptions, verifyPassword } from './passwords.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A hash made by a fresh process whose NODE_ENV is `nodeEnv` (unset when undefined). */
function hashIn(nodeEnv: string | undefined): string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (nodeEnv === undefined) delete env.NODE_ENV;
  else env.NODE_ENV = nodeEnv;
  const code = "const { hashPassword } = await import('./src/platform/auth/passwords.ts'); process.stdout.write(await hashPassword('mat-khau-dai-3'));";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('outside tests (production, development, NODE_ENV unset) new hashes use argon2id at 19 MiB, 2 passes, 1 lane', async () => {
  for (const nodeEnv of ['production', 'development', undefined]) {
    assert.deepEqual(passwordHashOptions({ NODE_ENV: nodeEnv }), { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }, String(nodeEnv));
  }
  const made = hashIn('production');
  assert.match(made, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.match(hashIn(undefined), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  // A hash made in production verifies here too: verification reads the parameters from the hash.
  assert.equal(await verifyPassword(made, 'mat-khau-dai-3'), true);
  assert.equal(await verifyPassword(made, 'mat-khau-dai-4'), false);
});

test('under NODE_ENV=test hashes are argon2id at a cheap cost, and still verify only the right password', async () => {
  assert.equal(process.env.NODE_ENV, 'test');
  const h = await hashPassword('mat-khau-dai-3');
  assert.match(h, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  assert.equal(await verifyPassword(h, 'mat-khau-dai-3'), true);
  assert.equal(await verifyPassword(h, 'Mat-khau-dai-3'), false);
});
