// What the schedule's print view costs (issue 12; docs/DESIGN.md D76): the app in this process with
// its heavy jobs in process too (so `--cpu-prof` sees them), the demo plus `--tasks` generated tasks
// of one year, then `--rounds` print views one after another through `app.inject`: CPU ms per view,
// bytes, and the split between building the rows (queries, statuses) and rendering the HTML.
// Usage: node --import tsx bench/print-profile.ts [--pg URL] [--tasks 2000] [--rounds 5] [--profile out.cpuprofile]
// (--profile: a CPU profile of the measured rounds only, for Chrome's DevTools).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/seed.ts';
import { generateTasks, SCHEDULE_PATHS, SCHEDULE_YEAR } from './programmes.ts';

const { values } = parseArgs({ options: { pg: { type: 'string' }, tasks: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' }, profile: { type: 'string' } } });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-print-'));
const url = values.pg ?? 'sqlite:' + path.join(tmp, 'p.sqlite');
const gen = openDb(url, { poolSize: 2 });
await migrateToLatest(gen.db);
const wardId = await loadDemo(gen.db);
await generateTasks(gen.db, wardId, SCHEDULE_YEAR, Number(values.tasks));
await gen.destroy();

fs.mkdirSync(path.join(tmp, 'files'));
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, ROVIEC_FILES: path.join(tmp, 'files') });
const { app } = await buildApp(config, openDb(config.databaseUrl), { heavy: { inProcess: true } });
await app.ready();
const login = await app.inject({ method: 'GET', url: '/login' });
const cookie0 = String(login.headers['set-cookie'] ?? '').split(';')[0];
const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';
const signed = await app.inject({ method: 'POST', url: '/login', headers: { cookie: cookie0, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, username: 'vanphong', password: DEMO_PASSWORD }).toString() });
const cookie = String(signed.headers['set-cookie'] ?? cookie0).split(';')[0];

const rounds = Number(values.rounds);
await app.inject({ method: 'GET', url: SCHEDULE_PATHS.print, headers: { cookie } }); // warm-up
const session = values.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let bytes = 0;
for (let i = 0; i < rounds; i++) {
  const res = await app.inject({ method: 'GET', url: SCHEDULE_PATHS.print, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`print view answered ${res.statusCode}`);
  bytes = res.rawPayload.length;
}
const cpu = process.cpuUsage(cpu0);
if (session && values.profile) fs.writeFileSync(values.profile, JSON.stringify((await session.post('Profiler.stop')).profile));
console.log(`print view, ${values.tasks} tasks (${url.startsWith('sqlite') ? 'sqlite' : 'postgres'}): ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(0)} CPU ms/view, ${((performance.now() - t0) / rounds).toFixed(0)} ms wall/view, ${(bytes / 1024).toFixed(0)} KB`);
await app.close();
fs.rmSync(tmp, { recursive: true, force: true });
