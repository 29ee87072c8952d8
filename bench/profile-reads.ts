// Profile helper for the app's read pages (D67): CPU ms per request of in-process `app.inject`
// calls (process.cpuUsage around N requests, after a warm-up), and the page bytes' hash so a change
// can be checked to keep them identical. Not part of `npm test`.
// Usage: node --import tsx bench/profile-reads.ts DATABASE_URL [N] [--gen]
//   --gen: migrate, load the demo, 5,000 people, 2,000 tasks of 2030 and 10,000 of 2031 first (a fresh
//   database, as `npm run bench` makes it). ONLY=people,search,schedule,account,healthz picks pages;
//   ENC=identity measures without compression (as the bench's client); PROFILE=dir writes CPU profiles.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/index.ts';
import { generateData } from './lib/data.ts';
import { EXPORT_YEAR, generateTasks, SCHEDULE_YEAR } from './programmes.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { Client } from '../test/support/app.ts';

const [url, nArg, ...flags] = process.argv.slice(2);
if (!url) throw new Error('usage: profile-reads.ts DATABASE_URL [N] [--gen]');
const N = Number(nArg ?? 100);
if (flags.includes('--gen')) {
  const h = openDb(url, { poolSize: 5 });
  const data = await generateData(h.db, 5000);
  await generateTasks(h.db, data.wardId, SCHEDULE_YEAR, 2000);
  await generateTasks(h.db, data.wardId, EXPORT_YEAR, 10000);
  await h.destroy();
}
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, ROVIEC_FILES: '/tmp/read-prof-files', ROVIEC_TRUST_PROXY: '1' });
const { app } = await buildApp(config, openDb(config.databaseUrl), { heavy: { inProcess: true } });
await app.listen({ host: '127.0.0.1', port: 0 });
const addr = app.server.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
const office = new Client(base);
const login = await office.login('vanphong');
if (login.status !== 302) throw new Error('login failed');
const cookie = `${SESSION_COOKIE}=${office.cookies.get(SESSION_COOKIE)}`;
const only = process.env.ONLY?.split(',');
const pages: [string, string][] = [
  ['people', '/app/people'],
  ['search', '/app/people?q=nguyen+van'],
  ['schedule', `/app/schedule?year=${SCHEDULE_YEAR}`],
  ['account', '/app/account'],
  ['healthz', '/healthz'],
];
for (const [name, p] of pages) {
  if (only && !only.includes(name)) continue;
  const get = () => app.inject({ method: 'GET', url: p, headers: { cookie, 'accept-encoding': process.env.ENC ?? 'br' } });
  const first = await get();
  for (let i = 0; i < Math.min(20, N); i++) await get();
  // PROFILE=dir: a CPU profile of the measured requests only (not start-up), one file per page.
  const session = process.env.PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  // The least CPU of 5 batches of N/5: the machine is shared, the least loaded batch is the steadiest figure.
  const per = Math.max(1, Math.round(N / 5));
  let best = Infinity;
  const t0 = performance.now();
  for (let b = 0; b < 5; b++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < per; i++) await get();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000 / per);
  }
  const wall = performance.now() - t0;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(process.env.PROFILE as string, { recursive: true });
    fs.writeFileSync(`${process.env.PROFILE}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
  const plain = await app.inject({ method: 'GET', url: p, headers: { cookie } });
  const body = plain.body.replace(/name="csrf-token" content="[^"]+"|name="_csrf" value="[^"]+"/g, 'CSRF');
  console.log(`${name.padEnd(9)} ${first.statusCode} cpu ${best.toFixed(2)} ms/req (least of 5 × ${per}), wall ${(wall / (5 * per)).toFixed(2)} ms/req, ${first.rawPayload.length} B sent, ${plain.body.length} B html, sha ${createHash('sha256').update(body).digest('hex').slice(0, 12)}`);
}
await app.close();
process.exit(0);
