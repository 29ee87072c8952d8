// The roviec CLI, run as a real process against a real database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, startTestApp, DB_KIND, type TestDb } from './support/app.ts';
import { roviecRun, roviecServeLog, roviecSpawn, roviecSync } from './support/cli.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { openDb } from '../src/db/index.ts';
import { verifyPassword } from '../src/platform/auth/passwords.ts';
import { FEATURE_COMMANDS } from '../src/cli/registry.ts';

let tdb: TestDb;
before(async () => {
  tdb = await createTestDb();
});
after(async () => {
  await tdb.handle.destroy();
  await tdb.drop();
});

/** Runs `roviec args` to the end; `env` adds to the environment, `input` is its standard input (a pipe). */
const roviec = (args: string[], env: Record<string, string> = {}, input = '') => roviecSync(args, { env: { DATABASE_URL: tdb.url, ...env }, input });

/** The same as `roviec`, without blocking: several processes run at once. */
const roviecAsync = (args: string[]) => roviecRun(args, { env: { DATABASE_URL: tdb.url } });

// --help touches no database: the SQLite run covers it, the PostgreSQL run need not repeat it.
test('every command has --help in Vietnamese', { skip: DB_KIND === 'postgres' ? 'no database involved: covered by the SQLite run' : false }, async () => {
  const commands = [[], ['serve'], ['migrate'], ['demo'], ['user', 'add'], ['user', 'reset-password'], ['user', 'disable'], ['token', 'create'], ['token', 'revoke'], ['backup'], ['restore'], ['reminders']];
  // Three processes at a time: each start of Node is most of its time.
  for (let i = 0; i < commands.length; i += 3) {
    const batch = commands.slice(i, i + 3);
    const results = await Promise.all(batch.map((cmd) => roviecAsync([...cmd, '--help'])));
    results.forEach((r, j) => {
      assert.equal(r.code, 0, `${(batch[j] ?? []).join(' ')} --help: ${r.err}`);
      assert.match(r.out, /roviec/);
    });
  }
  // The feature commands (src/cli/registry.ts) are listed by `roviec --help` and each has its own help.
  const main = roviec(['--help']);
  for (const [name, c] of Object.entries(FEATURE_COMMANDS)) {
    assert.ok(main.out.includes(`  ${name} `), `roviec --help lists ${name}`);
    assert.match(c.help, new RegExp(`^roviec ${name}\\b`), `${name} --help starts with its usage`);
    assert.match(c.summary, /[àáảãạăâđèéêìíòóôơùúưỳý]/i, `${name}: the summary is Vietnamese`);
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

test('a reader that closes early (roviec unit list | head): the CLI exits quietly on EPIPE, no stack', async () => {
  const child = roviecSpawn(['unit', 'list'], { DATABASE_URL: tdb.url });
  child.stdout?.destroy(); // the reader is gone before the first line: every write meets EPIPE
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(err, '');
  assert.equal(code, 0);
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

// Issue 8: every way of calling a command wrongly is told in Vietnamese (node's parseArgs speaks
// English), with exit code 2 and nothing done. No database involved.
test('CLI parse errors (unknown option, missing value, stray argument, bad number) are in Vietnamese', { skip: DB_KIND === 'postgres' ? 'no database involved: covered by the SQLite run' : false }, async () => {
  const cases: [string[], RegExp][] = [
    [['backup', '--bogus'], /^Lỗi: Tùy chọn không rõ: --bogus\. Lệnh này nhận: --out/],
    [['backup', '--out'], /^Lỗi: Thiếu giá trị sau --out/],
    [['migrate', 'thua'], /^Lỗi: Đối số thừa: thua/],
    [['token', 'create', '--username', 'x', '--name', 'y', '--days', '1e3'], /^Lỗi: --days phải là số nguyên từ 1 đến 3650/],
    [['token', 'create', '--username', 'x', '--name', 'y', '--days', '-5'], /^Lỗi: --days phải là số nguyên từ 1 đến 3650/],
    [['token', 'create', '--username', 'x', '--name', 'y', '--days', 'abc'], /^Lỗi: --days phải là số nguyên từ 1 đến 3650/],
    [['serve', '--port', '70000'], /^Lỗi: --port phải là số nguyên từ 0 đến 65535/],
    [['user', 'disable'], /^Lỗi: Thiếu --username/],
  ];
  // Three processes at a time, as for --help.
  const results: Awaited<ReturnType<typeof roviecAsync>>[] = [];
  for (let i = 0; i < cases.length; i += 3) results.push(...(await Promise.all(cases.slice(i, i + 3).map(([args]) => roviecAsync(args)))));
  results.forEach((r, i) => {
    const [args, want] = cases[i] as [string[], RegExp];
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, want, args.join(' '));
    assert.doesNotMatch(r.err, /Unknown|Unexpected|argument missing|Invalid|expected/, `${args.join(' ')}: English leaked: ${r.err}`);
  });
});

// Issue 8 kind 17: with NODE_ENV=production the demo (whose password is published) is loaded only
// when asked for (ROVIEC_DEMO=1); elsewhere an empty database still gets it by default.
test('production defaults: no demo unless ROVIEC_DEMO=1; serve in production on an empty database loads nothing', async () => {
  assert.equal(loadConfig({ NODE_ENV: 'production' }).demo, false);
  assert.equal(loadConfig({ NODE_ENV: 'production', ROVIEC_DEMO: '1' }).demo, true);
  assert.equal(loadConfig({ NODE_ENV: 'development' }).demo, true);
  assert.equal(loadConfig({ NODE_ENV: 'development', ROVIEC_DEMO: '0' }).demo, false);
  const empty = await createTestDb();
  try {
    const { listening, log } = await roviecServeLog({ NODE_ENV: 'production', DATABASE_URL: empty.url, ROVIEC_DEMO: '', ROVIEC_FILES: fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-cli-')) }, 60_000);
    assert.ok(listening, `serve did not start: ${log.slice(0, 2000)}`);
    const n = await empty.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 0, 'a production server loaded the demo accounts without ROVIEC_DEMO=1');
    const units = await empty.db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(units.n), 0);
  } finally {
    await empty.handle.destroy();
    await empty.drop();
  }
});

// Issue 8 kind 17: a password on the command line is visible to every user in the process list.
test('production: the CLI reads passwords from standard input and refuses --password', async () => {
  assert.equal(roviec(['demo']).code, 0);
  const prod = { NODE_ENV: 'production' };
  const add = ['user', 'add', '--username', 'thu', '--name', 'Trần Thị Thu', '--ward', 'DEMO-DONGTAM', '--role', 'office'];
  const refused = roviec([...add, '--password', 'mat-khau-tren-dong-lenh'], prod);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /Không nhận mật khẩu trên dòng lệnh/);
  assert.match(refused.err, /đầu vào chuẩn/);
  const none = await tdb.db.selectFrom('app_user').select('id').where('username', '=', 'thu').execute();
  assert.equal(none.length, 0, 'nothing is written when --password is refused');
  const empty = roviec(add, prod, '');
  assert.equal(empty.code, 2);
  assert.match(empty.err, /Chưa nhập mật khẩu/);

  const ok = roviec(add, prod, 'mat-khau-tu-stdin-1\nthua dong hai\n');
  assert.equal(ok.code, 0, ok.err);
  const hash = async () => (await tdb.db.selectFrom('app_user').select('password_hash').where('username', '=', 'thu').executeTakeFirstOrThrow()).password_hash;
  assert.ok(await verifyPassword(await hash(), 'mat-khau-tu-stdin-1'), 'the first line of standard input is the password');

  assert.equal(roviec(['user', 'reset-password', '--username', 'thu', '--password', 'mat-khau-moi-dong-lenh'], prod).code, 2);
  assert.ok(await verifyPassword(await hash(), 'mat-khau-tu-stdin-1'), 'a refused reset changes nothing');
  const reset = roviec(['user', 'reset-password', '--username', 'thu'], prod, 'mat-khau-moi-12345\r\n');
  assert.equal(reset.code, 0, reset.err);
  assert.ok(await verifyPassword(await hash(), 'mat-khau-moi-12345'), 'a CRLF line is read without its CR');
});

// Issue 8 "Backup and restore": `roviec backup` while progress posts with evidence files keep
// coming, then `roviec restore` into an empty database: consistent, and equal to the source, files
// included. SQLite only (PostgreSQL: pg_dump/pg_restore, README).
test('backup while writes continue, restore into an empty database: data and files equal the source; a non-empty target is refused', { skip: DB_KIND === 'postgres' ? 'SQLite backup; PostgreSQL uses pg_dump (README)' : false }, async () => {
  const t = await startTestApp();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-backup-'));
  try {
    const owner = t.client();
    await owner.login('hoivien');
    const task = await t.db.selectFrom('task').innerJoin('organization', 'organization.id', 'task.lead_org_id').select('task.id').where('organization.name', '=', 'Chi hội Phụ nữ Tổ dân phố số 2').executeTakeFirstOrThrow();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const acked: string[] = [];
    const post = async (note: string) => {
      const v = (await t.db.selectFrom('task').select('version').where('id', '=', task.id).executeTakeFirstOrThrow()).version;
      const fd = new FormData();
      for (const [k, val] of Object.entries({ _csrf: await owner.csrf(), percent: String(10 + (acked.length % 80)), note, version: String(v) })) fd.set(k, val);
      fd.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'anh.png');
      const res = await owner.request('POST', `/app/tasks/${task.id}/progress?_csrf=${encodeURIComponent(await owner.csrf())}`, { body: fd });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      acked.push(note);
    };
    for (let i = 0; i < 3; i++) await post(`truoc-${i}`);
    const env = { DATABASE_URL: t.url, ROVIEC_FILES: t.config.filesDir };
    const run = (args: string[], extra: Record<string, string> = {}) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = roviecSpawn(args, { ...env, ...extra });
        let out = '';
        let err = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
        child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    // Writes continue during the backup.
    let writing = true;
    let during = 0;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await post(`trong-${i}`);
        during++;
      }
    })();
    const hot = path.join(work, 'hot');
    const b1 = await run(['backup', '--out', hot]);
    const afterBackup = during;
    writing = false;
    await writer;
    assert.equal(b1.code, 0, b1.err);
    assert.ok(afterBackup > 0, 'no write ran during the backup');

    // The hot copy is one consistent snapshot: every post acknowledged before it is there, each post
    // with its audit row, file link, work_file row and bytes.
    const r1 = { DATABASE_URL: 'sqlite:' + path.join(work, 'r1.sqlite'), ROVIEC_FILES: path.join(work, 'r1-files') };
    const rest1 = await run(['restore', '--from', hot], r1);
    assert.equal(rest1.code, 0, rest1.err);
    const h1 = openDb(r1.DATABASE_URL);
    try {
      const notes = (await h1.db.selectFrom('progress_update').select('note').where('task_id', '=', task.id).execute()).map((r) => r.note);
      for (const n of ['truoc-0', 'truoc-1', 'truoc-2']) assert.ok(notes.includes(n), `${n} missing from the backup`);
      const audits = await h1.db.selectFrom('audit_event').select('after_json').where('action', '=', 'task.progress').where('entity_id', '=', task.id).execute();
      const ours = notes.filter((n) => n && /^(truoc|trong)-/.test(n));
      assert.equal(audits.filter((a) => /"note":"(truoc|trong)-/.test(a.after_json ?? '')).length, ours.length, 'every post in the copy has its audit row and no more');
      const files = await h1.db.selectFrom('work_file').select(['storage_key', 'sha256']).execute();
      const links = await h1.db.selectFrom('progress_file').select('file_id').execute();
      assert.equal(links.length, files.length);
      for (const f of files) {
        const p = path.join(r1.ROVIEC_FILES, f.storage_key);
        assert.ok(fs.existsSync(p), `${f.storage_key} missing from the restored files`);
      }
      assert.ok(ours.length >= 3);
    } finally {
      await h1.destroy();
    }

    // At rest: a second backup, restored, equals the source table by table and file by file.
    const cold = path.join(work, 'cold');
    assert.equal((await run(['backup', '--out', cold])).code, 0);
    const r2 = { DATABASE_URL: 'sqlite:' + path.join(work, 'r2.sqlite'), ROVIEC_FILES: path.join(work, 'r2-files') };
    assert.equal((await run(['restore', '--from', cold], r2)).code, 0);
    const Database = (await import('better-sqlite3')).default;
    const dump = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
        return Object.fromEntries(tables.map((n) => [n, db.prepare(`select * from "${n}" order by 1`).all()]));
      } finally {
        db.close();
      }
    };
    const src = dump(t.url.replace(/^sqlite:/, ''));
    assert.ok(Object.keys(src).length > 20);
    assert.deepEqual(dump(r2.DATABASE_URL.replace(/^sqlite:/, '')), src);
    const tree = (dir: string): Record<string, string> => {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else out[path.relative(dir, p)] = fs.readFileSync(p).toString('base64');
        }
      };
      walk(dir);
      return out;
    };
    const srcFiles = tree(t.config.filesDir);
    // Each photo is stored twice: the original as uploaded and its JPEG preview (D55).
    assert.equal(Object.keys(srcFiles).length, 2 * acked.length);
    assert.deepEqual(tree(r2.ROVIEC_FILES), srcFiles);

    // A database that is not empty is never overwritten.
    const before = fs.readFileSync(path.join(work, 'r2.sqlite'));
    const again = await run(['restore', '--from', cold], r2);
    assert.equal(again.code, 2);
    assert.match(again.err, /CSDL đích không trống/);
    assert.ok(fs.readFileSync(path.join(work, 'r2.sqlite')).equals(before));
  } finally {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
