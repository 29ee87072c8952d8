// Jobs for the worker-pool tests (src/platform/workers/pool.test.ts): a job that waits, one that
// refuses with an AppError, one that reads the database through the worker's own handle.
import { sql } from 'kysely';
import { AppError } from '../../src/platform/errors.ts';
import { registerJobs, type JobEnv } from '../../src/platform/workers/jobs.ts';
import { threadId } from 'node:worker_threads';

registerJobs({
  'test.wait': async (_env: JobEnv, ms: number) => {
    await new Promise((r) => setTimeout(r, ms));
    return { threadId };
  },
  'test.refuse': async () => {
    throw new AppError(404, 'err.404.title');
  },
  'test.count': async ({ db }: JobEnv) => (await sql<{ n: number }>`select count(*) as n from unit`.execute(db)).rows[0]?.n,
});

export const TEST_JOBS_MODULE: string = import.meta.url;
