// The recorded security headers (D79) are helmet's own: the same names and values as helmet sets on a
// real Node response, for both cookie settings, and the app sends them on every kind of answer (a
// public page, a signed-in page, a 404, a redirect, an API refusal, and the refusals made before any
// hook runs: an undecodable URL, a too long one, headers too large, a request Node cannot parse).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
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

/** A raw HTTP request (for what fetch will not send); the answer's status, headers (lower-case names) and body. */
function rawRequest(port: number, text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = all.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

test('refusals made before any hook carry them too, in the language of the rv_lang cookie', async () => {
  const expected = lower(securityHeadersFor(t.config));
  const port = Number(new URL(t.base).port);
  const answers: [string, number, Record<string, string>, string][] = [];
  for (const [what, text] of [
    ['undecodable URL', 'GET /% HTTP/1.1\r\nHost: x\r\nCookie: rv_lang=en\r\n\r\n'],
    ['path too long', `GET /app/meetings/${'a'.repeat(3000)} HTTP/1.1\r\nHost: x\r\nCookie: rv_lang=en\r\n\r\n`],
    ['headers too large', `GET / HTTP/1.1\r\nHost: x\r\nCookie: rv_lang=en\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`],
    ['length and chunked at once', 'POST /login HTTP/1.1\r\nHost: x\r\nCookie: rv_lang=en\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ] as const) {
    const r = await rawRequest(port, text);
    answers.push([what, r.status, r.headers, r.body]);
  }
  assert.deepEqual(
    answers.map(([what, status]) => [what, status]),
    [
      ['undecodable URL', 400],
      ['path too long', 414],
      ['headers too large', 431],
      ['length and chunked at once', 400],
    ],
  );
  for (const [what, , headers, body] of answers) {
    for (const [name, value] of Object.entries(expected)) assert.equal(headers[name], value, `${what}: ${name}`);
    assert.match(body, /<html lang="en">/, `${what}: in English, as the cookie asks`);
  }
  // Without the cookie: Vietnamese.
  const vi = await rawRequest(port, 'GET /% HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(vi.body, /<html lang="vi">.*Địa chỉ trang không hợp lệ\./s);
});
