// The runner inside a worker thread (worker.ts loads it; docs/DESIGN.md D45): imports the jobs
// module named by the pool (which registers every job and every message catalogue), opens its own
// database handle on the app's URL once, and runs one job per call.
import { workerData } from 'node:worker_threads';
import { openDb, type DbHandle } from '../../db/index.ts';
import { registerNav, type NavItem } from '../../ui/layout.tsx';
import { runJob, type JobOutcome } from './jobs.ts';

const data = workerData as { databaseUrl: string; jobsModule: string };
let handle: DbHandle | undefined;
let loaded: Promise<unknown> | undefined;

/**
 * Runs job `name` on this worker's own database handle. `nav` is the app's menu as its features
 * registered it in the main thread (they register nothing here): replayed so pages match.
 */
export async function runTask(task: { name: string; input: unknown; nav: NavItem[] }): Promise<JobOutcome> {
  loaded ??= import(data.jobsModule);
  await loaded;
  for (const item of task.nav) registerNav(item);
  handle ??= openDb(data.databaseUrl, { poolSize: 2 });
  return runJob({ db: handle.db, kind: handle.kind }, task.name, task.input);
}
