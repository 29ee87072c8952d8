// Test databases with the demo are copies of one template (docs/DESIGN.md D62): SQLite copies a
// file made once per demoKey(), PostgreSQL a template database. Each copy is whole and its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, PG_URL } from './support/app.ts';
import { DEMO_ACCOUNTS, demoLoaded } from '../src/demo/seed.ts';
import { runMaintenance } from '../src/platform/command.ts';

test('two databases with the demo: both hold the whole demo, and a change to one is not in the other', async () => {
  const [a, b] = await Promise.all([createTestDb({ demo: true }), createTestDb({ demo: true })]);
  try {
    assert.notEqual(a.url, b.url);
    for (const t of [a, b]) {
      assert.equal(await demoLoaded(t.db), true);
      const users = await t.db.selectFrom('app_user').select('username').execute();
      assert.deepEqual(users.map((u) => u.username).sort(), DEMO_ACCOUNTS.map((d) => d.username).sort());
    }
    await runMaintenance(a.db, 'test: one copy changed', (q) => q.updateTable('app_user').set({ display_name: 'Đổi tên' }).where('username', '=', 'quantri').execute());
    const name = async (t: typeof a) => (await t.db.selectFrom('app_user').select('display_name').where('username', '=', 'quantri').executeTakeFirstOrThrow()).display_name;
    assert.equal(await name(a), 'Đổi tên');
    assert.equal(await name(b), 'Quản trị hệ thống');
    // A later copy is made from the template, untouched by the change above.
    const c = await createTestDb({ demo: true });
    try {
      assert.equal(await name(c), 'Quản trị hệ thống');
    } finally {
      await c.handle.destroy();
      await c.drop();
    }
  } finally {
    for (const t of [a, b]) {
      await t.handle.destroy();
      await t.drop();
    }
  }
});

test('test files started at once all get the demo (the template is made atomically)', async () => {
  // Two processes at once, in an empty temporary directory (no template yet), each making a
  // database with the demo: both build it, each renames its whole file into place; both get the
  // demo and no partial file is left behind.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-tpl-race-'));
  try {
    const code = "const { createTestDb } = await import('./test/support/app.ts'); const t = await createTestDb({ demo: true }); const n = (await t.db.selectFrom('app_user').select('id').execute()).length; await t.handle.destroy(); await t.drop(); process.stdout.write(String(n));";
    const one = () =>
      new Promise<{ status: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: { ...process.env, TMPDIR: tmp } });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (status) => resolve({ status, out, err }));
      });
    for (const r of await Promise.all([one(), one()])) {
      assert.equal(r.status, 0, r.err);
      assert.equal(Number(r.out), DEMO_ACCOUNTS.length);
    }
    const left = fs.readdirSync(tmp).filter((f) => f.startsWith('roviec-demo'));
    assert.deepEqual(left.filter((f) => !/^roviec-demo-[0-9a-f]{16}\.sqlite$/.test(f)), [], 'no temporary file left');
    if (!PG_URL) assert.equal(left.length, 1, 'one SQLite template');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
