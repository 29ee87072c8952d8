// CPU per request of the cookie-less article page against a real listening app (a child process),
// for before/after comparisons of the per-request hooks (D71). Builds the database once:
//   node --import tsx bench/article-cpu.ts DIR [--articles 10000] [--pg URL] [--rounds 3] [--duration 4] [--profile]
// prints per round the app's CPU ms per request (process.cpuUsage around the measured run) and req/s,
// and the ceiling's (hello world) in the same round; --profile writes the app child's CPU profile to DIR/prof.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemo } from '../src/demo/seed.ts';
import { startChild } from './lib/child.ts';
import { runLoad } from './lib/load.ts';
import { ARTICLE_CONNECTIONS, checkPortal, generateArticles } from './portal.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { articles: { type: 'string', default: '10000' }, pg: { type: 'string' }, rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '4' }, profile: { type: 'boolean', default: false } },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: article-cpu.ts DIR [--articles N] [--pg URL]');
fs.mkdirSync(path.join(dir, 'files'), { recursive: true });
const url = values.pg ?? 'sqlite:' + path.join(dir, 'bench.sqlite');
const h = openDb(url, { poolSize: 2 });
const marker = path.join(dir, values.pg ? 'pg-ready' : 'sqlite-ready');
let wardId: string;
if (!fs.existsSync(marker)) {
  await migrateToLatest(h.db);
  wardId = await loadDemo(h.db);
  await generateArticles(h.db, wardId, Number(values.articles));
  fs.writeFileSync(marker, wardId);
} else wardId = fs.readFileSync(marker, 'utf8');
const env: Record<string, string> = values.profile ? { NODE_OPTIONS: `--import ${new URL('./lib/profile-preload.mjs', import.meta.url).href}`, PROF_DIR: path.join(dir, 'prof') } : {};
const settings = { connections: ARTICLE_CONNECTIONS, durationS: Number(values.duration), warmupS: 1 };
for (let round = 0; round < Number(values.rounds); round++) {
  const ceiling = await startChild('./ceiling-server.ts', []);
  const top = await runLoad({ name: 'ceiling', url: ceiling.base + '/', expectStatus: 200 }, settings, () => ceiling.cpuMicros());
  await ceiling.stop();
  const app = await startChild('./app-server.ts', [url, path.join(dir, 'files')], env);
  const slug = await checkPortal(app.base, h.db, wardId);
  const r = await runLoad({ name: 'article', url: `${app.base}/bai-viet/${slug}`, expectStatus: 200 }, settings, () => app.cpuMicros());
  await app.stop();
  console.log(`round ${round + 1}: article ${r.rps} req/s, ${r.serverCpuMsPerRequest} ms CPU/req, p99 ${r.latencyP99Ms} ms, unexpected ${r.unexpected}; ceiling ${top.rps} req/s, ${top.serverCpuMsPerRequest} ms CPU/req; ratio ${(r.rps / top.rps).toFixed(3)}; load ${r.loadAvg1Before}`);
}
await h.destroy();
