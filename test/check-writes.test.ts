// The check of writes outside the command runner can fail: on a fixture with one write on a
// plain Db it reports exactly that write and exits 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('check-writes finds a write on a plain Db and fails', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-writes.ts', 'test/fixtures/check-writes/writes.ts'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /writes outside the command runner: 1\n/);
  assert.match(r.stdout, /test\/fixtures\/check-writes\/writes\.ts:7 {2}db\.deleteFrom\('session'\)/);
});
