// The roviec CLI, run as a real process against a real database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createTestDb, startTestApp, DB_KIND, type TestDb } from './support/app.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { openDb } from '../src/db/index.ts';

let tdb: TestDb;
before(async () => {
  tdb = await createTestDb();
});
after(async () => {
  await tdb.handle.destroy();
  await tdb.drop();
});

function roviec(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same as `roviec`, without blocking: several processes run at once. */
function roviecAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env: { ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

// --help touches no database: the SQLite run covers it, the PostgreSQL run need not repeat it.
test('every command has --help in Vietnamese', { skip: DB_KIND === 'postgres' ? 'no database involved: covered by the SQLite run' : false }, async () => {
  const commands = [[], ['serve'], ['migrate'], ['demo'], ['user', 'add'], ['user', 'reset-password'], ['user', 'disable'], ['token', 'create'], ['token', 'revoke'], ['backup'], ['reminders']];
  // Three processes at a time: each starts Node and tsx, which is most of its time.
  for (let i = 0; i < commands.length; i += 3) {
    const batch = commands.slice(i, i + 3);
    const results = await Promise.all(batch.map((cmd) => roviecAsync([...cmd, '--help'])));
    results.forEach((r, j) => {
      assert.equal(r.code, 0, `${(batch[j] ?? []).join(' ')} --help: ${r.err}`);
      assert.match(r.out, /roviec/);
    });
  }
  const unknown = roviec(['lam-gi-do']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Lệnh không rõ/);
});

test('demo, user add, token create/revoke, user disable work end to end', async () => {
  assert.equal(roviec(['demo']).code, 0);
  const bad = roviec(['user', 'add', '--username', 'lan', '--name', 'Nguyễn Thị Lan', '--password', 'ngan', '--ward', 'DEMO-DONGTAM', '--role', 'org_head', '--org', 'Hội LHPN']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Mật khẩu cần ít nhất 10 ký tự/);
  const noOrg = roviec(['user', 'add', '--username', 'lan', '--name', 'Nguyễn Thị Lan', '--password', 'mat-khau-du-dai', '--ward', 'DEMO-DONGTAM', '--role', 'org_head']);
  assert.equal(noOrg.code, 2);
  const ok = roviec(['user', 'add', '--username', 'lan', '--name', 'Nguyễn Thị Lan', '--password', 'mat-khau-du-dai', '--ward', 'DEMO-DONGTAM', '--role', 'org_head', '--org', 'Hội LHPN']);
  assert.equal(ok.code, 0, ok.err);
  const grant = await tdb.db.selectFrom('role_grant').innerJoin('app_user', 'app_user.id', 'role_grant.user_id').select(['role_grant.role']).where('app_user.username', '=', 'lan').execute();
  assert.deepEqual(grant.map((g) => g.role), ['org_head']);

  const tok = roviec(['token', 'create', '--username', 'lan', '--name', 'Thử nghiệm', '--days', '30']);
  assert.equal(tok.code, 0, tok.err);
  const token = /token: (rv_\S+)/.exec(tok.out)?.[1] as string;
  const id = /id: (\S+)/.exec(tok.out)?.[1] as string;
  const { app } = await buildApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: tdb.url }), openDb(tdb.url));
  try {
    const health = await app.inject({ url: '/healthz' });
    assert.deepEqual(health.json(), { status: 'ok', db: DB_KIND });
    const withToken = await app.inject({ url: '/app/people', headers: { authorization: `Bearer ${token}` } });
    assert.equal(withToken.statusCode, 200);
    assert.equal(roviec(['token', 'revoke', '--id', id]).code, 0);
    const revoked = await app.inject({ url: '/app/people', headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.statusCode, 302);
    // Both command-line token events are in the audit log of the owner's ward, by "Dòng lệnh".
    const ward = await tdb.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow();
    const events = await tdb.db.selectFrom('audit_event').select(['action', 'ward_id', 'actor_label']).where('entity_id', '=', id).orderBy('at').execute();
    assert.deepEqual(events.map((e) => [e.action, e.ward_id, e.actor_label]), [
      ['token.create', ward.id, 'Dòng lệnh'],
      ['token.revoke', ward.id, 'Dòng lệnh'],
    ]);
    assert.equal(roviec(['user', 'disable', '--username', 'lan']).code, 0);
    const row = await tdb.db.selectFrom('app_user').select('disabled').where('username', '=', 'lan').executeTakeFirstOrThrow();
    assert.equal(row.disabled, 1);
  } finally {
    await app.close();
  }
});

test('GET /healthz names the database kind', async () => {
  const t = await startTestApp({ demo: false });
  try {
    const res = await t.client().get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok', db: DB_KIND });
  } finally {
    await t.close();
  }
});
