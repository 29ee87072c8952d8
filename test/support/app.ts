/**
 * A real app for tests: a fresh database (SQLite file, or a new database on the PostgreSQL
 * named by ROVIEC_TEST_DATABASE_URL), migrated, with the demo wards loaded, listening on
 * 127.0.0.1 on a free port. Talk to it over real HTTP with `Client`.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchPgDb } from './scratch-db.ts';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDb, type Db, type DbHandle } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildApp } from '../../src/app.ts';
import { loadDemo, DEMO_PASSWORD } from '../../src/demo/seed.ts';

export { DEMO_PASSWORD };

export const PG_URL = process.env.ROVIEC_TEST_DATABASE_URL?.startsWith('postgres') ? process.env.ROVIEC_TEST_DATABASE_URL : undefined;
export const DB_KIND = PG_URL ? 'postgres' : 'sqlite';

export interface TestDb {
  url: string;
  handle: DbHandle;
  db: Db;
  drop(): Promise<void>;
}

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** A key of the code that makes the demo (every non-test source file) and of the Vietnam day. */
function demoKey(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) h.update(p).update(fs.readFileSync(p));
    }
  };
  walk(SRC);
  h.update(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10));
  return h.digest('hex').slice(0, 16);
}

/**
 * PostgreSQL only: a template database holding the migrated demo, made once per server and code
 * version (under an advisory lock, so parallel test files make it once), from which each test
 * database is copied (`create database … template`) instead of loading the demo again (about 3 s
 * a file). Its name carries `demoKey()`, so a changed demo or migration makes a new one.
 */
async function demoTemplate(): Promise<string> {
  const name = 'tpl_demo_' + demoKey();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(724201)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) {
      const building = `${name}_b`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const u = new URL(PG_URL as string);
      u.pathname = '/' + building;
      const h = openDb(u.toString(), { poolSize: 2 });
      try {
        await migrateToLatest(h.db);
        await loadDemo(h.db);
      } finally {
        await h.destroy();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(724201)').catch(() => undefined);
    await admin.end();
  }
  return name;
}

/**
 * SQLite only, as demoTemplate() for PostgreSQL: a file holding the migrated demo, made once per
 * code version and Vietnam day (`demoKey()` in its name) in os.tmpdir(), which each test database
 * with the demo copies instead of loading the demo again (about 1.5 s of CPU a file; docs/DESIGN.md
 * D62). Written atomically: built under a name of its own, compacted with `VACUUM INTO` into a
 * second temporary file (one whole file, no WAL beside it), then renamed into place — so test files
 * running at once either find the whole template or build their own; the last rename wins.
 */
async function sqliteDemoTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `roviec-demo-${demoKey()}.sqlite`);
  if (fs.existsSync(file)) return file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-demo-build-'));
  try {
    const building = path.join(dir, 'demo.sqlite');
    const h = openDb('sqlite:' + building, { poolSize: 2 });
    try {
      await migrateToLatest(h.db);
      await loadDemo(h.db);
    } finally {
      await h.destroy();
    }
    const whole = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const raw = new Database(building);
    try {
      raw.prepare('vacuum into ?').run(whole);
    } finally {
      raw.close();
    }
    fs.renameSync(whole, file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return file;
}

/** A new, empty, migrated database of the kind under test (`demo`: a copy of the demo template). */
export async function createTestDb(opts: { demo?: boolean } = {}): Promise<TestDb> {
  let url: string;
  let drop: () => Promise<void>;
  if (PG_URL) {
    ({ url, drop } = await createScratchPgDb(PG_URL, 't_', opts.demo ? await demoTemplate() : null));
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-test-'));
    url = 'sqlite:' + path.join(dir, 'test.sqlite');
    if (opts.demo) fs.copyFileSync(await sqliteDemoTemplate(), path.join(dir, 'test.sqlite'));
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const handle = openDb(url, { poolSize: 5 });
  await migrateToLatest(handle.db);
  return { url, handle, db: handle.db, drop };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  base: string;
  url: string;
  config: Config;
  wardA: string; // Phường Đồng Tâm (demo)
  wardB: string; // Phường Vĩnh Tuy (demo)
  client(): Client;
  /** A second app instance on the same database (sessions are shared). */
  another(): Promise<{ app: FastifyInstance; base: string; client(): Client }>;
  close(): Promise<void>;
}

async function listen(config: Config, handle: DbHandle, logStream?: NodeJS.WritableStream): Promise<{ app: FastifyInstance; base: string }> {
  const { app } = await buildApp(config, handle, logStream ? { logStream } : {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  return { app, base: `http://127.0.0.1:${addr.port}` };
}

/**
 * The app on a fresh test database (the demo unless `demo: false`), listening on 127.0.0.1.
 * `plugin`: a Kysely plugin the app's own handle runs every query through (a query tracer or
 * counter); `db` of the result stays without it.
 */
export async function startTestApp(opts: { demo?: boolean; config?: Partial<Config>; plugin?: KyselyPlugin } = {}): Promise<TestApp> {
  // The demo is copied from its template (SQLite: a file; PostgreSQL: a template database).
  const tdb = await createTestDb({ demo: opts.demo !== false });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-files-'));
  // Warnings are read, not printed: a reply sent twice (Fastify's FST_ERR_REP_ALREADY_SENT, only
  // ever a warning in its log) fails the file's close(), so every test over HTTP catches the next
  // instance of that kind of bug (D77: the public error page was sent, then the app's page).
  const config: Config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: tdb.url, ROVIEC_FILES: filesDir }), ...opts.config };
  const sentTwice: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      const line = chunk.toString('utf8');
      if (line.includes('FST_ERR_REP_ALREADY_SENT')) sentTwice.push(line.slice(0, 600));
      done();
    },
  });
  const handle = opts.plugin ? { ...tdb.handle, db: tdb.handle.db.withPlugin(opts.plugin) } : tdb.handle;
  const { app, base } = await listen(config, handle, logStream);
  const wards = await tdb.db.selectFrom('unit').select(['id', 'code']).where('code', 'in', ['DEMO-DONGTAM', 'DEMO-VINHTUY']).execute();
  const others: FastifyInstance[] = [];
  const extraHandles: DbHandle[] = [];
  return {
    app,
    db: tdb.db,
    base,
    url: tdb.url,
    config,
    wardA: wards.find((w) => w.code === 'DEMO-DONGTAM')?.id ?? '',
    wardB: wards.find((w) => w.code === 'DEMO-VINHTUY')?.id ?? '',
    client: () => new Client(base),
    async another() {
      const h = openDb(tdb.url, { poolSize: 3 });
      extraHandles.push(h);
      const second = await listen(config, h, logStream);
      others.push(second.app);
      return { ...second, client: () => new Client(second.base) };
    },
    async close() {
      for (const o of others) await o.close();
      await app.close(); // also destroys the handle
      await tdb.drop();
      fs.rmSync(filesDir, { recursive: true, force: true });
      if (sentTwice.length) throw new Error(`a reply was sent twice (${sentTwice.length}×): ${sentTwice[0]}`);
    },
  };
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
  json<T = unknown>(): T;
}

/** A browser-like HTTP client over real sockets: keeps cookies, finds CSRF tokens, no redirects followed. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  constructor(public base: string) {}

  /** Shares this client's cookies with another base URL (a second instance). */
  withBase(base: string): Client {
    const c = new Client(base);
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, p: string, init: { body?: string | FormData | Buffer; headers?: Record<string, string> } = {}): Promise<Res> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const res = await fetch(this.base + p, { method, headers, body: init.body as BodyInit | undefined, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (pair && i > 0) {
        const name = pair.slice(0, i).trim();
        const value = pair.slice(i + 1).trim();
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(sc) || value === '') this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    const text = await res.text();
    // Signed-in pages carry the token in a meta tag; an anonymous page only in its forms.
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text) ?? /<input type="hidden" name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrfToken = m[1];
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'), json: <T,>() => JSON.parse(text) as T };
  }

  get(p: string, headers: Record<string, string> = {}): Promise<Res> {
    return this.request('GET', p, { headers });
  }

  /** GET of a binary answer (a document, a file): the bytes as they came. */
  async getBuffer(p: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const res = await fetch(this.base + p, { headers: this.cookies.size ? { cookie: this.cookieHeader() } : {}, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** Gets a CSRF token for this session from a page that renders one. */
  async csrf(): Promise<string> {
    if (!this.csrfToken) await this.get(this.cookies.size ? '/app/account' : '/login');
    if (!this.csrfToken) await this.get('/login');
    if (!this.csrfToken) throw new Error('no CSRF token found');
    return this.csrfToken;
  }

  /** Posts a urlencoded form; adds the session's CSRF token unless `csrf: false`. */
  async post(p: string, form: Record<string, string | number | undefined | readonly string[]> = {}, opts: { csrf?: boolean } = {}): Promise<Res> {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.set('_csrf', await this.csrf());
    // A list is sent as repeated fields, as checkboxes are.
    for (const [k, v] of Object.entries(form)) if (Array.isArray(v)) for (const x of v) body.append(k, String(x));
    else if (v !== undefined) body.set(k, String(v));
    return this.request('POST', p, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** JSON API call (cookie session: sends the CSRF header on writes; token: pass `bearer`). */
  async api(method: string, p: string, body?: unknown, bearer?: string): Promise<Res> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    else if (method !== 'GET' && this.cookies.size) headers['x-csrf-token'] = await this.csrf();
    return this.request(method, p, { body: body === undefined ? undefined : JSON.stringify(body), headers });
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<Res> {
    this.csrfToken = undefined;
    await this.get('/login');
    const res = await this.post('/login', { username, password });
    this.csrfToken = undefined;
    if (res.status === 302) await this.get('/app/account');
    return res;
  }
}
