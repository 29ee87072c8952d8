// The recorded security headers (D79) are helmet's own: the same names and values as helmet sets on a
// real Node response, for both cookie settings, and the app sends them on every kind of answer (a
// public page, a signed-in page, a 404, a redirect), a route's own CSP (a served file's) still winning.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { helmetFor, securityHeadersFor } from './security-headers.ts';

/** What helmet sets on a real response of a real server, names lower-cased as on the wire. */
async function helmetLive(cookieSecure: boolean): Promise<Record<string, string>> {
  const mw = helmetFor({ cookieSecure });
  const server = http.createServer((req, res) => mw(req, res, () => res.end('ok')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`);
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) out[k] = v;
    });
    return out;
  } finally {
    server.close();
  }
}

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

test("the recorded headers are helmet's, with and without secure cookies (HSTS, upgrade-insecure-requests)", async () => {
  for (const cookieSecure of [false, true]) {
    const recorded = lower(securityHeadersFor({ cookieSecure }));
    assert.deepEqual(recorded, await helmetLive(cookieSecure), `cookieSecure ${cookieSecure}`);
    assert.equal('strict-transport-security' in recorded, cookieSecure);
    assert.equal(/upgrade-insecure-requests/.test(recorded['content-security-policy'] ?? ''), cookieSecure);
  }
});

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t?.close());

test('every kind of answer carries them; a route that sets its own CSP keeps it', async () => {
  const expected = lower(securityHeadersFor(t.config));
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  const answers = [
    ['public page', await fetch(`${t.base}/`)],
    ['login page', await fetch(`${t.base}/login`)],
    ['404', await fetch(`${t.base}/khong-co-trang-nay`)],
    ['redirect', await fetch(`${t.base}/app/people`, { redirect: 'manual' })],
    ['signed-in page', await office.get('/app/people')],
    ['api 401', await fetch(`${t.base}/api/v1/tasks`)],
  ] as const;
  for (const [what, res] of answers) {
    for (const [name, value] of Object.entries(expected)) assert.equal(res.headers.get(name), value, `${what}: ${name}`);
  }
});
