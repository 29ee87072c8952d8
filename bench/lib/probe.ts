// A paced latency probe: one GET at a time, one every `everyMs`, from its own client address, for as
// long as a target runs. A handler that keeps the event loop busy (a print view rendered on it, an
// export built on it) shows as the probe's p99; work moved off the loop leaves it near idle.
import http from 'node:http';
import { nextClientIp } from './load.ts';

export interface ProbeResult {
  url: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests that failed or did not answer 200. */
  errors: number;
}

/** Starts probing `url` (one request in flight at a time, spaced `everyMs` apart); stop() returns the latencies' summary. */
export function startProbe(url: string, everyMs = 20): { stop(): Promise<ProbeResult> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let stopped = false;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(url, { agent, headers: { 'x-forwarded-for': nextClientIp() }, timeout: 30_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          if (res.statusCode !== 200) errors++;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await one();
      const wait = everyMs - (performance.now() - t0);
      if (wait > 0 && !stopped) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      agent.destroy();
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
