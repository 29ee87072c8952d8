// The worker thread's entry for piscina (pool.ts; docs/DESIGN.md D45). Kept tiny on purpose: under
// `node --import tsx` piscina loads this file through tsx's CommonJS hook, while the jobs are ES
// modules that need tsx's ESM hooks, which a worker thread does not inherit. So this entry first
// registers them (only when the pool says it runs from TypeScript: `tsxApi`), then imports the
// real runner (worker-run.ts) as an ES module. In dist/ there is nothing to register.
import { workerData } from 'node:worker_threads';
import type { JobOutcome } from './jobs.ts';

interface WorkerData {
  /** URL of tsx's ESM API when running from TypeScript, else null. */
  tsxApi: string | null;
  /** URL of worker-run.ts / worker-run.js. */
  runner: string;
}

type Task = { name: string; input: unknown; nav: unknown[] };
type Runner = (task: Task) => Promise<JobOutcome>;

// A real import() even where this file is compiled to CommonJS (tsx would turn it into require()).
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

let ready: Promise<Runner> | undefined;

async function load(): Promise<Runner> {
  const data = workerData as WorkerData;
  if (data.tsxApi) ((await importEsm(data.tsxApi)) as { register: () => unknown }).register();
  return (await importEsm(data.runner)).runTask as Runner;
}

/** One call: `{ name, input, nav }` → the job's outcome. */
export default async function run(task: Task): Promise<JobOutcome> {
  ready ??= load();
  return (await ready)(task);
}
