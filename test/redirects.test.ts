import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';

// Issue 8 kind 9, "Redirect targets": every place a redirect target comes from the request
// (login's next, /lang's next, the login redirect of a signed-out page) stays on this site, and
// the onSend guard (platform/http/security.ts) turns any other Location into `/` (docs/DESIGN.md D27).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const HOSTILE = ['//evil.example', '/\\evil.example', '/%5Cevil.example/x', '/%09/evil.example', '/%2F%2Fevil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', '/%0d%0aSet-Cookie:x=1'];

/** Where a Location header sends a browser, resolved against this site. */
const lands = (location: string | null) => new URL(location ?? '/', t.base);
function assertStaysHere(location: string | null, what: string) {
  const to = lands(location);
  assert.equal(to.origin, t.base, `${what} → ${location}`);
  assert.ok(!/[\\\t\r\n]/.test(location ?? ''), `${what} → ${JSON.stringify(location)}`);
}

test('every request-made redirect target stays on this site: login (GET and POST), /lang, the sign-in redirect', async () => {
  const signedIn = t.client();
  await signedIn.login('vanphong');
  for (const next of HOSTILE) {
    const q = encodeURIComponent(next);
    const lang = await fetch(`${t.base}/lang/vi?next=${q}`, { redirect: 'manual' });
    assertStaysHere(lang.headers.get('location'), `/lang next=${next}`);
    assert.equal(lang.headers.get('location'), '/');
    const already = await signedIn.get(`/login?next=${q}`);
    assertStaysHere(already.location, `GET /login next=${next}`);
    const anon = t.client();
    await anon.get(`/login?next=${q}`);
    const posted = await anon.post('/login', { username: 'hoivien', password: 'roviec-demo-2017', next });
    if (posted.status === 302) assertStaysHere(posted.location, `POST /login next=${next}`);
    // A signed-out page sends to the login page, and from there back only to itself.
    const page = await fetch(`${t.base}/app/people?q=${q}`, { redirect: 'manual' });
    assertStaysHere(page.headers.get('location'), `/app/people?q=${next}`);
  }
});

test('a target with Vietnamese letters is sent percent-encoded: a 302, never a 500 (a raw letter is not a valid header)', async () => {
  const lang = await fetch(`${t.base}/lang/vi?next=${encodeURIComponent('/bài-viết')}`, { redirect: 'manual' });
  assert.equal(lang.status, 302);
  assert.equal(lang.headers.get('location'), '/b%C3%A0i-vi%E1%BA%BFt');
  // A shared link /login?next=/app/people?q=Nguyễn: the form's hidden next holds the decoded text.
  const anon = t.client();
  await anon.get(`/login?next=${encodeURIComponent('/app/people?q=Nguyễn')}`);
  const posted = await anon.post('/login', { username: 'hoivien', password: 'roviec-demo-2017', next: '/app/people?q=Nguyễn' });
  assert.equal(posted.status, 302);
  assert.equal(posted.location, '/app/people?q=Nguy%E1%BB%85n');
});

test('the redirect guard rewrites any Location off this site to /', async () => {
  // A route that redirects to a target it did not check (as a future one might): registered on a
  // second instance only, so the app under test keeps its own routes.
  const { buildApp } = await import('../src/app.ts');
  const { openDb } = await import('../src/db/index.ts');
  const h = openDb(t.url, { poolSize: 2 });
  const { app } = await buildApp(t.config, h);
  app.get('/test-redirect', { config: { access: 'public' } }, async (req, reply) => reply.redirect((req.query as { to: string }).to));
  await app.ready();
  try {
    for (const to of HOSTILE) {
      const res = await app.inject({ method: 'GET', url: `/test-redirect?to=${encodeURIComponent(to)}` });
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers.location, '/', to);
    }
    const fine = await app.inject({ method: 'GET', url: `/test-redirect?to=${encodeURIComponent('/app/people?q=nguy%E1%BB%85n#top')}` });
    assert.equal(fine.headers.location, '/app/people?q=nguy%E1%BB%85n#top');
  } finally {
    await app.close();
  }
});
