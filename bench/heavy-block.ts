// Does heavy work block other users? (issue 12, docs/DESIGN.md D45)
//   node --import tsx bench/heavy-block.ts DATABASE_URL [--in-process]
// On a database made by the programmes bench data (2,000 tasks in 2030, 10,000 in 2031; ward
// Đồng Tâm with the demo accounts), starts the app in this process, then samples GET /healthz
// every 50 ms: idle, while 2 print views of 2030 run, and while 2 XLSX exports of 2031 run.
// Prints /healthz p50/p99/max of each phase, the heavy requests' times and the process's RSS
// (idle and peak, workers included). `--in-process` runs the jobs on the event loop (as before D45).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { Client } from '../test/support/app.ts';
import { startProbe, type ProbeResult } from './lib/probe.ts';

const [url, flag] = process.argv.slice(2);
if (!url) throw new Error('usage: heavy-block.ts DATABASE_URL [--in-process]');
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-heavy-'));
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, ROVIEC_FILES: files });
const { app } = await buildApp(config, undefined, { heavy: { inProcess: flag === '--in-process' } });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
if (!addr || typeof addr === 'string') throw new Error('no address');
const base = `http://127.0.0.1:${addr.port}`;
const c = new Client(base);
await c.login('vanphong');
const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const mb = (n: number) => Math.round(n / 2 ** 20);

/** /healthz sampled every 50 ms (bench/lib/probe.ts, on a thread of its own) until `done` settles; peak RSS meanwhile. */
async function sample(done: Promise<unknown>): Promise<{ probe: ProbeResult; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const probe = startProbe(`${base}/healthz`, 50);
  await done;
  clearInterval(rssTimer);
  return { probe: await probe.stop(), peakRss };
}
const timed = async (p: string) => {
  const t0 = performance.now();
  const r = await fetch(base + p, { headers: { cookie } });
  const bytes = (await r.arrayBuffer()).byteLength;
  return { status: r.status, bytes, ms: Math.round(performance.now() - t0) };
};

// Warm up (the worker thread starts, modules load), then settle.
await timed('/app/schedule?year=2030&all=1');
await new Promise((r) => setTimeout(r, 1000));
globalThis.gc?.();
const idleRss = process.memoryUsage().rss;
const idle = await sample(new Promise((r) => setTimeout(r, 2000)));
const report = (name: string, s: { probe: ProbeResult; peakRss: number }, reqs?: { status: number; bytes: number; ms: number }[]) =>
  console.log(
    `${name}: /healthz n=${s.probe.samples} p50 ${s.probe.p50Ms} ms, p99 ${s.probe.p99Ms} ms, max ${s.probe.maxMs} ms; RSS peak ${mb(s.peakRss)} MB (idle ${mb(idleRss)} MB, +${mb(s.peakRss - idleRss)} MB)` +
      (reqs ? `; requests ${reqs.map((r) => `${r.status} ${Math.round(r.bytes / 1024)} KB ${r.ms} ms`).join(', ')}` : ''),
  );
report('idle', idle);
for (const [name, p] of [
  ['2 print views of 2,000 tasks', '/app/schedule?year=2030&all=1'],
  ['2 XLSX exports of 10,000 tasks', '/app/schedule.xlsx?year=2031'],
] as const) {
  const work = Promise.all([timed(p), timed(p)]);
  const s = await sample(work);
  report(name, s, await work);
}
await app.close();
fs.rmSync(files, { recursive: true, force: true });
