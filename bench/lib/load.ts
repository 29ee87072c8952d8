// autocannon (programmatic API) with a warm-up, a bounded run and a compact summary.
import os from 'node:os';
import { createRequire } from 'node:module';
import { startProbe, type ProbeResult } from './probe.ts';

interface Histogram {
  mean: number;
  stddev: number;
  min: number;
  max: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
}

interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  throughput: Histogram;
  duration: number; // seconds
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  statusCodeStats: Record<string, { count: number | string }>;
}

/** What autocannon hands setupRequest: the request about to be built. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  timeout: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: { setupRequest: (req: RawRequest) => RawRequest }[];
}

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AutocannonOptions) => Promise<AutocannonResult>;

export interface Target {
  name: string;
  /** The row of issue 12's target table this target measures (bench/lib/issue12.ts), if any. */
  key?: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** The status a correct response has (a login answers 302 to /app). */
  expectStatus: number;
  /** Concurrent connections for this target instead of the run's (many users posting at once…). */
  connections?: number;
  /** Fixed request counts instead of fixed durations (expensive routes). */
  amount?: { warmup: number; measured: number };
  /** Changes each request just before it is sent (a fresh CSRF pair for every login…). */
  setup?: (req: RawRequest) => void;
}

export interface RunSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface LoadResult {
  name: string;
  key?: string;
  method: string;
  path: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number; // mean requests/s (autocannon's mean of per-second samples)
  latencyMeanMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number; // connection errors and timeouts
  non2xx: number;
  /** Responses without the expected status, plus connection errors. */
  unexpected: number;
  statusCodes: Record<string, number>;
  avgResponseBytes: number;
  /** CPU time of the server process per request (robust against a busy machine; excludes PostgreSQL's own processes). */
  serverCpuMsPerRequest: number;
  loadAvg1Before: number;
}

// Many clients behind the reverse proxy (the app trusts X-Forwarded-For in the benchmark), so the
// production per-IP flood limit is exercised without every request coming from one address.
let clientNo = 0;
export function nextClientIp(): string {
  clientNo = (clientNo + 1) % 4096;
  return `10.77.${clientNo >> 8}.${clientNo & 255}`;
}

function options(target: Target, connections: number, bound: { duration?: number; amount?: number }): AutocannonOptions {
  return {
    url: target.url,
    connections,
    ...bound,
    timeout: 10,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    requests: [
      {
        setupRequest: (req) => {
          req.headers['x-forwarded-for'] = nextClientIp();
          target.setup?.(req);
          return req;
        },
      },
    ],
  };
}

/** What else runs while a target is measured. */
export interface Extras {
  /** Driven at the same time as the target, warm-up and run (reads during writes…): its own result. */
  alongside?: Target;
  /** A paced probe (bench/lib/probe.ts) of this URL during the measured run: does the target block the event loop? */
  probeUrl?: string;
}

export type LoadRun = LoadResult & { alongside?: LoadResult; probe?: ProbeResult };

const bound = (t: Target, s: RunSettings, phase: 'warmup' | 'measured') => (t.amount ? { amount: t.amount[phase] } : { duration: phase === 'warmup' ? s.warmupS : s.durationS });
const connectionsOf = (t: Target, s: RunSettings) => {
  const wanted = t.connections ?? s.connections;
  return t.amount ? Math.min(wanted, t.amount.measured) : wanted;
};

/** `serverCpu` reads the server process's cumulative CPU time in microseconds. */
export async function runLoad(target: Target, s: RunSettings, serverCpu: () => Promise<number>, extras: Extras = {}): Promise<LoadRun> {
  const connections = connectionsOf(target, s);
  const side = extras.alongside;
  const warm = (t: Target) => (t.amount?.warmup === 0 || (!t.amount && s.warmupS <= 0) ? Promise.resolve(undefined) : autocannon(options(t, connectionsOf(t, s), bound(t, s, 'warmup'))));
  await Promise.all([warm(target), side ? warm(side) : undefined]);
  const loadAvg1Before = os.loadavg()[0] ?? 0;
  const cpuBefore = await serverCpu();
  const probe = extras.probeUrl ? startProbe(extras.probeUrl) : undefined;
  const [r, rs] = await Promise.all([autocannon(options(target, connections, bound(target, s, 'measured'))), side ? autocannon(options(side, connectionsOf(side, s), bound(side, s, 'measured'))) : undefined]);
  const probed = await probe?.stop();
  const cpuMs = ((await serverCpu()) - cpuBefore) / 1000;
  const main = summarize(target, connections, r, cpuMs, loadAvg1Before);
  return {
    ...main,
    ...(side && rs ? { alongside: { ...summarize(side, connectionsOf(side, s), rs, 0, loadAvg1Before), serverCpuMsPerRequest: 0 } } : {}),
    ...(probed ? { probe: probed } : {}),
  };
}

function summarize(target: Target, connections: number, r: AutocannonResult, cpuMs: number, loadAvg1Before: number): LoadResult {
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, Number(v.count)]));
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    name: target.name,
    ...(target.key ? { key: target.key } : {}),
    method: target.method ?? 'GET',
    path: new URL(target.url).pathname + new URL(target.url).search,
    connections,
    durationS: round(r.duration),
    requests: r.requests.total,
    // Per-second samples are meaningless for a short fixed-count run: use count over time there.
    // (A very slow target on a short run can have no request in a whole second's sample: count over time then too.)
    rps: round(target.amount || !r.requests.mean ? r.requests.total / (r.duration || 1) : r.requests.mean, 1),
    latencyMeanMs: round(r.latency.mean),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    unexpected: responses - (statusCodes[String(target.expectStatus)] ?? 0) + r.errors,
    statusCodes,
    avgResponseBytes: responses ? Math.round(r.throughput.total / responses) : 0,
    serverCpuMsPerRequest: responses ? round(cpuMs / responses, 3) : 0,
    loadAvg1Before: round(loadAvg1Before),
  };
}
