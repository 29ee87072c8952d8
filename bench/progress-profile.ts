// What one progress post costs (docs/DESIGN.md D69): the app in this process (production config,
// pool on threads), bench data (the demo + `--tasks` generated tasks, 50 office accounts with API
// tokens), then rounds of `--concurrency` posts at once through `app.inject` (no network): CPU ms per
// post (process.cpuUsage), latency p50/p99/max, and the statements one post runs, by kind and table.
// Usage: node --import tsx bench/progress-profile.ts [--pg URL] [--tasks 500] [--posts 400] [--concurrency 50]
// (with --cpu-prof in front of --import for a profile of the posts).
import { parseArgs } from 'node:util';
import { startProgressApp } from './lib/progress-app.ts';
import { QueryTracer } from './lib/tracer.ts';

const { values } = parseArgs({ options: { pg: { type: 'string' }, tasks: { type: 'string', default: '500' }, posts: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '50' } } });
const tracer = new QueryTracer();
const { post, url, close } = await startProgressApp({ pg: values.pg, tasks: Number(values.tasks), wrap: (db) => db.withPlugin(tracer) });

/** Traces one post alone and prints the statements it runs, by kind and table. */
async function traceOne(label: string): Promise<void> {
  tracer.start();
  const one = await post();
  const log = tracer.stop();
  const kinds = new Map<string, number>();
  for (const q of log) { const k = `${q.kind} ${q.tables.join(",")}${q.text ? " " + q.text : ""}`; kinds.set(k, (kinds.get(k) ?? 0) + 1); }
  console.log(`one post ${label}: status ${one.status}, ${log.length} statements`);
  for (const [k, c] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${c} × ${k}`);
}

await traceOne('(first request of its user)');
for (let w = 0; w < 100; w++) await post(); // warm-up
await traceOne('(warm: the user posted before)');
const total = Number(values.posts);
const conc = Number(values.concurrency);
const lat: number[] = [];
const statuses = new Map<number, number>();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let done = 0; done < total; done += conc) {
  const round = await Promise.all(Array.from({ length: Math.min(conc, total - done) }, () => post()));
  for (const r of round) {
    lat.push(r.ms);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
lat.sort((a, b) => a - b);
const pct = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] as number);
console.log(`${total} posts at ${conc} at once (${url.startsWith('sqlite') ? 'sqlite' : 'postgres'}): ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} CPU ms/post, ${((total / wall) * 1000).toFixed(0)} posts/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${Math.round(lat[lat.length - 1] ?? 0)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
await close();
