// The production build: `npm run build` compiles src/ to JavaScript that runs with node alone (no
// tsx, no devDependency), with the assets the app reads at run time; the built server serves the
// app and shuts down gracefully on SIGTERM (in-flight requests finish, pending article views are
// written, the database is closed, exit 0). Runs `scripts/build.mjs` into test-output/ (the real
// dist/ is left alone) and starts `node <out>/main.js serve` as a real process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createTestDb, Client, DB_KIND, DEMO_PASSWORD, type TestDb } from './support/app.ts';
import { openDb } from '../src/db/index.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { cliBuild } from './support/cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'test-output', `build-${process.pid}`);
let OUT: string;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

let tdb: TestDb;
let filesDir: string;

before(async () => {
  // The build every CLI test of this run shares (test/support/cli.ts): `scripts/build.mjs --out <dir>`.
  OUT = cliBuild();
  fs.mkdirSync(WORK, { recursive: true });
  tdb = await createTestDb();
  // The server is the only one to hold the database (on SQLite, closing the last connection
  // checkpoints and removes the -wal file, which the shutdown test looks for).
  await tdb.handle.destroy();
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-build-files-'));
});

after(async () => {
  await tdb?.drop();
  fs.rmSync(WORK, { recursive: true, force: true });
  if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'), or null for relative and built-in ones. */
function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] ?? '')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

// A side-effect import starts a line of tsc's output (not a key like 'people import': { … } in a command map).
const SPECIFIERS = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /^import ?['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire(?:\.resolve)?\s*\(\s*['"]([^'"]+)['"]\s*\)/g];

test('the build is JavaScript with its assets, and imports only production dependencies', () => {
  const files = walk(OUT);
  const rel = files.map((f) => path.relative(OUT, f).split(path.sep).join('/'));
  assert.ok(rel.includes('main.js') && rel.includes('app.js'), 'main.js and app.js are built');
  // The heavy-job pool's worker entry and runner, and the jobs module the workers import (D45).
  for (const f of ['platform/workers/worker.js', 'platform/workers/worker-run.js', 'features/jobs.js']) assert.ok(rel.includes(f), `${f} is built`);
  assert.deepEqual(rel.filter((f) => /\.test\.|\.tsx?$/.test(f)), [], 'no tests and no TypeScript in the build');
  // Every non-TypeScript file of src/ (static files, fixtures) is copied to the same place.
  const assets = walk(path.join(ROOT, 'src'))
    .filter((f) => !/\.(ts|tsx)$/.test(f))
    .map((f) => path.relative(path.join(ROOT, 'src'), f).split(path.sep).join('/'));
  assert.ok(assets.includes('ui/static/app.css') && assets.includes('features/portal/fixtures/ward-news-2017-02-13.txt'));
  for (const a of assets) assert.ok(rel.includes(a), `asset ${a} is in the build`);

  const used = new Set<string>();
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const text = fs.readFileSync(f, 'utf8');
    for (const re of SPECIFIERS) {
      for (const m of text.matchAll(re)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) {
          assert.ok(spec.endsWith('.js'), `${path.relative(OUT, f)}: relative import ${spec} is rewritten to .js`);
          assert.ok(fs.existsSync(path.resolve(path.dirname(f), spec)), `${path.relative(OUT, f)}: ${spec} exists in the build`);
        }
        const name = packageOf(spec);
        if (!name) continue;
        used.add(name);
        assert.ok(!(name in pkg.devDependencies), `${path.relative(OUT, f)} imports the devDependency ${name}`);
        assert.ok(name in pkg.dependencies, `${path.relative(OUT, f)} imports ${name}, which is not in dependencies`);
      }
    }
  }
  // The scan sees the imports (a scan that finds nothing would pass anything).
  for (const name of ['fastify', 'kysely', 'preact', 'better-sqlite3', 'htmx.org']) assert.ok(used.has(name), `scan finds ${name}`);
  assert.ok(!('tsx' in pkg.dependencies), 'tsx is a devDependency');
});

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <out>/main.js serve` (no loader, no NODE_OPTIONS) on a free port; resolves once it listens. */
async function startBuilt(): Promise<Server> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS' && !k.startsWith('ROVIEC_')) env[k] = v;
  Object.assign(env, { NODE_ENV: 'production', DATABASE_URL: tdb.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ROVIEC_FILES: filesDir, ROVIEC_DEMO: '1' });
  const child = spawn(process.execPath, [path.join(OUT, 'main.js'), 'serve'], { cwd: WORK, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const started = Date.now();
  for (;;) {
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) return { child, base: m[1] as string, output: () => out, exit };
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the exit, or rejects after `ms` (killing the process). */
async function exited(s: Server, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      s.child.kill('SIGKILL');
      reject(new Error(`server did not exit within ${ms} ms:\n${s.output()}`));
    }, ms);
  });
  try {
    return await Promise.race([s.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A urlencoded POST whose body is sent in two halves: the request is in flight (headers read, body
 * pending) until `finish()` is called. Uses a keep-alive agent, as a browser would.
 */
function slowPost(base: string, p: string, form: URLSearchParams, cookie: string) {
  const body = Buffer.from(form.toString());
  const agent = new http.Agent({ keepAlive: true });
  const req = http.request(base + p, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), cookie } });
  const response = new Promise<{ status: number; location: string | undefined; setCookie: string[] }>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.subarray(0, 10));
  return { response, finish: () => req.end(body.subarray(10)), agent };
}

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the built server serves the app with node alone and finishes in-flight requests on SIGTERM', async () => {
  const s = await startBuilt();
  try {
    const c = new Client(s.base);
    const health = await c.get('/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'ok', db: DB_KIND });
    const home = await c.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<html/);
    assert.equal((await c.get('/static/app.css')).status, 200, 'static files are served from the build');
    assert.equal((await c.get('/static/vendor/htmx.min.js')).status, 200);
    const loginPage = await c.get('/login');
    assert.equal(loginPage.status, 200);
    assert.match(loginPage.text, /name="_csrf"/);
    const login = await c.login('vanphong', DEMO_PASSWORD);
    assert.equal(login.status, 302, login.text);
    const programmes = await c.get('/app/programmes');
    assert.equal(programmes.status, 200);
    assert.match(programmes.text, /<table|<main/);

    // A login whose body is still arriving when SIGTERM comes.
    const other = new Client(s.base);
    await other.get('/login');
    const form = new URLSearchParams({ _csrf: other.csrfToken ?? '', username: 'vanphong', password: DEMO_PASSWORD });
    const slow = slowPost(s.base, '/login', form, cookieOf(other));
    await sleep(300); // the server has read the headers
    s.child.kill('SIGTERM');
    await sleep(500);
    assert.equal(s.child.exitCode, null, 'the server waits for the request in flight');
    slow.finish();
    const res = await slow.response;
    assert.equal(res.status, 302, 'the in-flight login completed');
    assert.equal(res.location, '/app');
    assert.ok(res.setCookie.some((x) => x.startsWith(`${SESSION_COOKIE}=`)), 'it set the session cookie');
    // The client keeps its connection alive; the server still exits promptly (not after keepAliveTimeout).
    const { code, signal } = await exited(s, 20_000);
    slow.agent.destroy();
    assert.equal(signal, null);
    assert.equal(code, 0, s.output());
    assert.match(s.output(), /shut down/);
  } finally {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
});

test('SIGTERM writes the pending article views and closes the database', async () => {
  const s = await startBuilt();
  try {
    const home = await new Client(s.base).get('/');
    const slug = /href="\/bai-viet\/([^"?#]+)"/.exec(home.text)?.[1];
    assert.ok(slug, 'the demo portal lists an article');
    const h = openDb(tdb.url);
    // (Each demo ward may have an article with this slug; the sum of their counts is compared.)
    const viewsOf = async (q: typeof h.db) => (await q.selectFrom('article').select('view_count').where('slug', '=', decodeURIComponent(slug)).execute()).reduce((n, a) => n + a.view_count, 0);
    const before = await viewsOf(h.db);
    await h.destroy();
    // Five readers (distinct browsers), then SIGTERM at once: the views are still in the batch.
    // Each reads the page, then loads its images: the counter image counts the view (D42).
    const readers = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const c = new Client(s.base);
        const ua = { 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) reader-${i}` };
        const page = await c.get(`/bai-viet/${slug}`, ua);
        return page.status === 200 ? c.get(`/bai-viet/${slug}/xem.gif`, ua) : page;
      }),
    );
    for (const r of readers) assert.equal(r.status, 200);
    s.child.kill('SIGTERM');
    const { code } = await exited(s, 20_000);
    assert.equal(code, 0, s.output());
    if (DB_KIND === 'sqlite') {
      const file = tdb.url.replace(/^sqlite:/, '');
      assert.ok(!fs.existsSync(`${file}-wal`), 'the database was closed (the WAL was checkpointed and removed)');
    }
    const h2 = openDb(tdb.url);
    try {
      assert.equal(await viewsOf(h2.db), before + 5, 'the five views were written on shutdown');
    } finally {
      await h2.destroy();
    }
  } finally {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
});

test('a second SIGTERM exits at once, without waiting for the request in flight', async () => {
  const s = await startBuilt();
  try {
    const c = new Client(s.base);
    await c.get('/login');
    const slow = slowPost(s.base, '/login', new URLSearchParams({ _csrf: c.csrfToken ?? '', username: 'vanphong', password: DEMO_PASSWORD }), cookieOf(c));
    slow.response.catch(() => undefined);
    await sleep(300);
    s.child.kill('SIGTERM');
    await sleep(300);
    assert.equal(s.child.exitCode, null, 'the first signal waits for the request');
    s.child.kill('SIGTERM');
    const { code } = await exited(s, 10_000);
    assert.equal(code, 143);
    slow.agent.destroy();
  } finally {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
});
