// Two checkouts' apps side by side on one database, loaded in alternating slices, so a shared machine's
// load falls on both alike (D71): per side the app's CPU ms per cookie-less article request and req/s.
//   node --import tsx bench/article-ab.ts DIR OTHER_CHECKOUT [--slices 10] [--seconds 2]
// DIR is a database folder made by bench/article-cpu.ts; OTHER_CHECKOUT a copy of another commit (its
// node_modules linked), started with its own bench/lib/app-server.ts.
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openDb } from '../src/db/index.ts';
import { startChild, type Child } from './lib/child.ts';
import { nextClientIp, type RawRequest } from './lib/load.ts';
import { ARTICLE_CONNECTIONS, checkPortal } from './portal.ts';
import fs from 'node:fs';

const autocannon = createRequire(import.meta.url)('autocannon') as (o: object) => Promise<{ requests: { total: number }; latency: { p99: number } }>;
const { values, positionals } = parseArgs({ allowPositionals: true, options: { slices: { type: 'string', default: '10' }, seconds: { type: 'string', default: '2' }, pg: { type: 'string' } } });
const [dir, other] = positionals;
if (!dir || !other) throw new Error('usage: article-ab.ts DIR OTHER_CHECKOUT');
const url = values.pg ?? 'sqlite:' + path.join(dir, 'bench.sqlite');
const wardId = fs.readFileSync(path.join(dir, values.pg ? 'pg-ready' : 'sqlite-ready'), 'utf8');
const h = openDb(url, { poolSize: 2 });
// The other checkout's child runs from its own folder (tsx takes the JSX settings from the tsconfig there).
const here = process.cwd();
process.chdir(path.resolve(other));
const otherChild = await startChild(pathToFileURL(path.resolve('bench/lib/app-server.ts')).href, [url, path.resolve(dir, 'files')]);
process.chdir(here);
const sides: [string, Child][] = [
  ['other', otherChild],
  ['this', await startChild('./app-server.ts', [url, path.join(dir, 'files')])],
];
const totals = new Map(sides.map(([name]) => [name, { cpu: 0, requests: 0, seconds: 0, p99: [] as number[] }]));
const slug = await checkPortal(sides[1]![1].base, h.db, wardId);
await checkPortal(sides[0]![1].base, h.db, wardId);
const load = (c: Child, duration: number) =>
  autocannon({ url: `${c.base}/bai-viet/${slug}`, connections: ARTICLE_CONNECTIONS, duration, requests: [{ setupRequest: (r: RawRequest) => ((r.headers['x-forwarded-for'] = nextClientIp()), r) }] });
for (const [, c] of sides) await load(c, 1);
for (let s = 0; s < Number(values.slices); s++) {
  for (const [name, c] of s % 2 ? [...sides].reverse() : sides) {
    const c0 = await c.cpuMicros();
    const r = await load(c, Number(values.seconds));
    const t = totals.get(name)!;
    t.cpu += (await c.cpuMicros()) - c0;
    t.requests += r.requests.total;
    t.seconds += Number(values.seconds);
    t.p99.push(r.latency.p99);
  }
}
for (const [name, t] of totals) console.log(`${name}: ${(t.cpu / 1000 / t.requests).toFixed(4)} ms CPU/req, ${(t.requests / t.seconds).toFixed(0)} req/s, p99 per slice ${t.p99.join(' ')}`);
for (const [, c] of sides) await c.stop();
await h.destroy();
