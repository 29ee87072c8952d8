// The lazy session (docs/DESIGN.md D71): a request without the session cookie opens no session until
// something uses one, and every answer — bytes, headers in order, cookies, session rows — is the one
// @fastify/session's stock hooks give, on the database of the run (SQLite, or PostgreSQL with
// ROVIEC_TEST_DATABASE_URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { startTestApp, DB_KIND, DEMO_PASSWORD, type TestApp } from '../../../test/support/app.ts';
import { buildApp } from '../../app.ts';
import { openDb } from '../../db/index.ts';
import { lazySession, sessionIfOpen } from './lazy-session.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters';

/** A tiny app with a counting id generator: how many sessions each request opened. */
async function tinyApp(lazy: boolean) {
  let ids = 0;
  const app = Fastify();
  await app.register(fastifyCookie);
  await app.register(lazy ? lazySession : fastifySession, {
    secret: SECRET,
    cookieName: 'sid',
    saveUninitialized: false,
    cookie: { secure: false },
    idGenerator: () => `id${++ids}`,
  });
  app.get('/read', async (req) => ({ open: sessionIfOpen(req) !== undefined }));
  app.get('/write', async (req) => {
    req.session.notice = { key: 'err.401', path: '/', until: 0 };
    return { id: req.session.sessionId };
  });
  return { app, ids: () => ids };
}

test('a request without the session cookie opens no session unless it uses one', async () => {
  const lazy = await tinyApp(true);
  const stock = await tinyApp(false);
  for (const { app } of [lazy, stock]) await app.ready();
  const read = await lazy.app.inject('/read');
  assert.deepEqual(read.json(), { open: false });
  assert.equal(read.headers['set-cookie'], undefined);
  assert.equal(lazy.ids(), 0, 'no id made, no HMAC signed');
  await stock.app.inject('/read');
  assert.equal(stock.ids(), 1, 'the stock plugin opens one per request');
  // Used: the same session and cookie as the stock plugin's.
  const [a, b] = [await lazy.app.inject('/write'), await stock.app.inject('/write')];
  assert.deepEqual(a.json(), { id: 'id1' });
  assert.deepEqual(b.json(), { id: 'id2' });
  const shape = (c: unknown) => String(c).replace(/^sid=[^;]+/, 'sid=X');
  assert.equal(shape(a.headers['set-cookie']), shape(b.headers['set-cookie']));
  // Back with the cookie: restored, as by the plugin.
  const cookie = String(a.headers['set-cookie']).split(';')[0] as string;
  assert.deepEqual((await lazy.app.inject({ url: '/read', headers: { cookie } })).json(), { open: true });
  assert.equal(lazy.ids(), 1);
  await assert.rejects(async () => {
    const bad = Fastify();
    await bad.register(fastifyCookie);
    await bad.register(lazySession, { secret: SECRET, saveUninitialized: true });
    await bad.ready();
  }, /saveUninitialized must be false/);
});

interface Seen {
  status: number;
  headers: string[];
  body: string;
}

/** One request over a real socket with exactly these headers: status, raw headers in order, body (base64 when compressed). */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.rawHeaders, body: res.headers['content-encoding'] ? buf.toString('base64') : buf.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What may differ between two runs: the date, a session id and its expiry, a CSRF token. */
function masked(s: Seen): Seen {
  const headers = s.headers.map((v, i) => {
    const name = (s.headers[i - 1] ?? '').toLowerCase();
    if (i % 2 === 0) return v;
    if (name === 'date') return '<date>';
    if (name === 'set-cookie') return v.replace(/^rv_sid=[^;]+/, 'rv_sid=<sid>').replace(/Expires=[^;]+/, 'Expires=<when>');
    return v;
  });
  const body = s.body.replace(/(name="_csrf" value=")[^"]+/g, '$1<csrf>').replace(/(name="csrf-token" content=")[^"]+/g, '$1<csrf>');
  return { status: s.status, headers, body };
}

const sid = (s: Seen) => {
  const i = s.headers.findIndex((v, j) => j % 2 === 0 && v.toLowerCase() === 'set-cookie' && s.headers[j + 1]?.startsWith('rv_sid='));
  return i < 0 ? undefined : (s.headers[i + 1]?.split(';')[0] as string);
};
const csrfOf = (s: Seen) => /name="_csrf" value="([^"]+)"/.exec(s.body)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(s.body)?.[1] ?? '';

let t: TestApp;
let reference: { base: string; close(): Promise<void> };
before(async () => {
  t = await startTestApp();
  const { app } = await buildApp(t.config, openDb(t.url, { poolSize: 3 }), { referenceSessions: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  reference = { base: `http://127.0.0.1:${addr.port}`, close: () => app.close() };
});
after(async () => {
  await reference.close();
  await t.close();
});

const sessionRows = async () => Number((await t.db.selectFrom('session').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** A reader's visit: cookie-less pages, refused posts, the login form, signing in, signed-in pages, signing out. Each answer masked, with the session rows it added. */
async function journey(base: string, slug: string): Promise<(Seen & { rows: number })[]> {
  const out: (Seen & { rows: number })[] = [];
  const step = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const rows = await sessionRows();
    const seen = await raw(base, method, path, headers, body);
    out.push({ ...masked(seen), rows: (await sessionRows()) - rows });
    return seen;
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const article = `/bai-viet/${slug}`;
  for (let i = 0; i < 2; i++) await step('GET', article);
  await step('GET', article, { 'accept-encoding': 'br' });
  await step('GET', article, { 'accept-encoding': 'gzip', cookie: 'rv_lang=en' });
  await step('HEAD', article);
  for (const p of ['/', '/tim-kiem?q=phuong', '/khong-co-trang-nay', '/app', '/healthz']) await step('GET', p);
  await step('POST', '/login', form, 'username=vanphong&password=x');
  await step('POST', '/logout', form, '');
  await step('GET', article, { cookie: 'rv_sid=forged.value' });
  const page = await step('GET', '/login');
  const first = sid(page) ?? '';
  assert.ok(first, 'the login form opens a session');
  await step('POST', '/login', { ...form, cookie: first }, `username=vanphong&password=x&_csrf=wrong`);
  const signedIn = await step('POST', '/login', { ...form, cookie: first }, `username=vanphong&password=${encodeURIComponent(DEMO_PASSWORD)}&_csrf=${encodeURIComponent(csrfOf(page))}`);
  const cookie = sid(signedIn) ?? '';
  assert.ok(cookie && cookie !== first, 'signing in gives a new session');
  await step('GET', article, { cookie });
  const account = await step('GET', '/app/account', { cookie });
  assert.equal(account.status, 200, JSON.stringify([signedIn.status, signedIn.headers, cookie, account.headers]));
  await step('POST', '/logout', { ...form, cookie }, '');
  await step('POST', '/logout', { ...form, cookie }, `_csrf=${encodeURIComponent(csrfOf(account))}`);
  await step('GET', '/app/account', { cookie });
  return out;
}

test(`every answer equals the stock session plugin's, signed in or not (${DB_KIND})`, async () => {
  const { slug } = await t.db.selectFrom('article').select('slug').where('ward_id', '=', t.wardA).where('status', '=', 'published').orderBy('published_at', 'desc').executeTakeFirstOrThrow();
  const want = await journey(reference.base, slug);
  const got = await journey(t.base, slug);
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `step ${i + 1}`);
  // What the journey must show, whichever plugin: the cookie-less reads set no cookie and write no row.
  for (const s of want.slice(0, 10)) {
    assert.equal(s.rows, 0);
    assert.ok(!s.headers.some((h, j) => j % 2 === 0 && h.toLowerCase() === 'set-cookie'));
  }
  assert.deepEqual(
    want.slice(10, 12).map((s) => s.status),
    [403, 302],
    'a log-in post without its CSRF token is refused; a sign-out with nobody signed in lands on the log-in page (D77)',
  );
});
