// A paced latency probe: one GET at a time, one every `everyMs`, from its own client addresses, for
// as long as a target runs. A handler that keeps the app's event loop busy (a print view rendered on
// it, an export built on it) shows as the probe's p99; work moved off the loop leaves it near idle.
// The probe runs on a worker thread of its own (docs/DESIGN.md D81): on the load generator's thread it
// measured that thread's own lag too (autocannon reading five 2 MB print views at once: /healthz p99
// 85 ms there, 21–29 ms from its own thread, same app, same run length).
import { Worker } from 'node:worker_threads';

export interface ProbeResult {
  url: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests that failed or did not answer 200. */
  errors: number;
}

/** The probe's loop, run by the worker (plain JavaScript: no loader in the worker). */
const PROBE_LOOP = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, everyMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
let errors = 0, stopped = false, n = 0;
parentPort.on('message', () => { stopped = true; });
const one = () => new Promise((resolve) => {
  n = (n + 1) % 4096;
  const t0 = performance.now();
  const req = http.get(url, { agent, headers: { 'x-forwarded-for': '10.78.' + (n >> 8) + '.' + (n & 255) }, timeout: 30000 }, (res) => {
    res.resume();
    res.on('end', () => { latencies.push(performance.now() - t0); if (res.statusCode !== 200) errors++; resolve(); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { errors++; resolve(); });
});
(async () => {
  while (!stopped) {
    const t0 = performance.now();
    await one();
    const wait = everyMs - (performance.now() - t0);
    if (wait > 0 && !stopped) await new Promise((r) => setTimeout(r, wait));
  }
  agent.destroy();
  parentPort.postMessage({ latencies, errors });
})();
`;

/**
 * Starts probing `url` (one request in flight at a time, spaced `everyMs` apart) on a worker thread of
 * its own; stop() returns the latencies' summary (ms).
 */
export function startProbe(url: string, everyMs = 20): { stop(): Promise<ProbeResult> } {
  const worker = new Worker(PROBE_LOOP, { eval: true, workerData: { url, everyMs } });
  const done = new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const { latencies, errors } = await done;
      await worker.terminate();
      return summarizeProbe(url, latencies, errors);
    },
  };
}

/** Probes `url` alone for `seconds` (the idle reference). */
export async function probeIdle(url: string, seconds: number): Promise<ProbeResult> {
  const p = startProbe(url);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return p.stop();
}

function summarizeProbe(url: string, latencies: number[], errors: number): ProbeResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : 0);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return { url: new URL(url).pathname, samples: sorted.length, p50Ms: r1(at(0.5)), p99Ms: r1(at(0.99)), maxMs: r1(sorted.at(-1) ?? 0), errors };
}
