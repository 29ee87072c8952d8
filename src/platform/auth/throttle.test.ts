import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type TestApp, type Client } from '../../../test/support/app.ts';
import { runMaintenance } from '../command.ts';
import { parseTrustProxy } from '../../config.ts';
import { LIMITS } from './throttle.ts';
import { trustHops } from '../../app.ts';

// Issue 8 kind 3, "Throttles that race": count and check are one statement, and only the
// configured proxies' X-Forwarded-For is believed (docs/DESIGN.md D27).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());
beforeEach(async () => runMaintenance(t.db, 'test.throttle', (q) => q.deleteFrom('login_throttle').execute()));

async function readyClients(app: { client(): Client }, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i++) {
    const c = app.client();
    await c.get('/login');
    clients.push(c);
  }
  return clients;
}

test('25 concurrent logins for one account (24 wrong, 1 right) verify at most the limit of passwords', async () => {
  const user = await t.db.selectFrom('app_user').select('id').where('username', '=', 'bientap').executeTakeFirstOrThrow();
  const failedAudits = async () => (await t.db.selectFrom('audit_event').select('id').where('action', '=', 'auth.login_failed').where('entity_id', '=', user.id).execute()).length;
  const auditsBefore = await failedAudits();
  const clients = await readyClients(t, 25);
  const results = await Promise.all(clients.map((c, i) => c.post('/login', { username: 'bientap', password: i === 12 ? DEMO_PASSWORD : 'sai-mat-khau-' + i })));
  const statuses = results.map((r) => r.status);
  const verified = statuses.filter((s) => s !== 429);
  // Only the attempts that reserved a place within the limit looked at the password.
  assert.ok(verified.length <= LIMITS.account, `verified ${verified.length}: ${statuses.join(',')}`);
  assert.ok(verified.length >= 1, statuses.join(','));
  assert.ok(statuses.every((s) => s === 302 || s === 401 || s === 429), statuses.join(','));
  assert.ok(statuses.filter((s) => s === 401).length <= LIMITS.account);
  assert.ok((await failedAudits()) - auditsBefore <= LIMITS.account);
  for (const r of results.filter((x) => x.status === 429)) assert.match(r.text, /Đăng nhập sai quá nhiều lần/);
});

test('sequential wrong passwords lock the account at the limit; a right password before it clears the count', async () => {
  const c = t.client();
  for (let i = 0; i < LIMITS.account - 1; i++) assert.equal((await c.login('hoivien', 'sai-' + i)).status, 401);
  assert.equal((await c.login('hoivien')).status, 302); // the 5th attempt is right: allowed, and the count is cleared
  const d = t.client();
  for (let i = 0; i < LIMITS.account; i++) assert.equal((await d.login('hoivien', 'sai-' + i)).status, 401);
  assert.equal((await d.login('hoivien')).status, 429);
  const row = await t.db.selectFrom('login_throttle').select(['failures', 'locked_until']).where('key', '=', 'u:hoivien').executeTakeFirstOrThrow();
  assert.ok(row.locked_until && Date.parse(row.locked_until) > Date.now());
});

test('without ROVIEC_TRUST_PROXY a client-written X-Forwarded-For is ignored: the per-IP limit holds', async () => {
  const c = t.client();
  let status = 0;
  for (let i = 0; i < LIMITS.ip + 1 && status !== 429; i++) {
    await c.get('/login');
    status = (await c.request('POST', '/login', { body: new URLSearchParams({ _csrf: await c.csrf(), username: `khongco${i}`, password: 'x' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}` } })).status;
  }
  assert.equal(status, 429);
  const keys = (await t.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((r) => r.key);
  assert.deepEqual(keys, ['ip:127.0.0.1']);
});

test('with a hop count, the address the proxy saw counts, whatever the client wrote before it', async () => {
  const proxied = await startTestApp({ demo: false, config: { trustProxy: 1 } });
  try {
    const c = proxied.client();
    let status = 0;
    let i = 0;
    for (; i < LIMITS.ip + 1 && status !== 429; i++) {
      await c.get('/login');
      // The client writes any address it likes; the one proxy in front appends the real one.
      const xff = `198.51.100.${i}, 203.0.113.9`;
      status = (await c.request('POST', '/login', { body: new URLSearchParams({ _csrf: await c.csrf(), username: `khongco${i}`, password: 'x' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': xff } })).status;
    }
    assert.equal(status, 429);
    assert.equal(i, LIMITS.ip + 1);
    const keys = (await proxied.db.selectFrom('login_throttle').select('key').where('key', 'like', 'ip:%').execute()).map((r) => r.key);
    assert.deepEqual(keys, ['ip:203.0.113.9']);
  } finally {
    await proxied.close();
  }
});

test('ROVIEC_TRUST_PROXY is off, a hop count or proxy addresses; "true" is refused', () => {
  assert.equal(parseTrustProxy(''), false);
  assert.equal(parseTrustProxy('0'), false);
  assert.equal(parseTrustProxy('1'), 1);
  assert.equal(parseTrustProxy('2'), 2);
  assert.deepEqual(parseTrustProxy('10.0.0.5, 10.0.0.0/8'), ['10.0.0.5', '10.0.0.0/8']);
  assert.deepEqual(parseTrustProxy('loopback'), ['loopback']);
  assert.equal(parseTrustProxy('true'), null);
  assert.equal(parseTrustProxy('yes'), null);
  assert.equal(parseTrustProxy('*'), null);
  assert.equal(parseTrustProxy('99'), null);
  // Ranges that name proxies, not the whole Internet; malformed ones refused with the message, not a crash.
  assert.deepEqual(parseTrustProxy('fd00::/16,192.168.1.0/24'), ['fd00::/16', '192.168.1.0/24']);
  for (const bad of ['0.0.0.0/0', '0.0.0.0/1,128.0.0.0/1', '1.2.3.4/33', '10.0.0.0/x', '10.0.0.0/8/8', '::/0', '10.0.0.0/']) assert.equal(parseTrustProxy(bad), null, bad);
});

test('a hop count trusts the forwarded address only from a loopback or private peer, the same on every call (D71)', () => {
  const trust = trustHops(1);
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:10.1.2.3', true],
    ['192.168.4.5', true],
    ['fd00::7', true],
    ['203.0.113.5', false],
    ['::ffff:198.51.100.1', false],
    ['2001:db8::1', false],
  ];
  // Twice, then after more distinct peers than are kept: the remembered answers are the computed ones.
  for (let round = 0; round < 3; round++) {
    for (const [peer, proxy] of cases) {
      assert.equal(trust(peer, 0), proxy, `${peer} (round ${round + 1})`);
      assert.equal(trust('198.51.100.77', 1), false, 'never the hop past the count');
    }
    if (round === 1) for (let i = 0; i < 1500; i++) trust(`198.51.${i >> 8}.${i & 255}`, 0);
  }
});
