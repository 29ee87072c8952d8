// A document profile's sample on the worker pool (issue 12 leftovers, docs/DESIGN.md D63): the
// Word sample is built by a worker thread within the pool's concurrency cap (D45), by the same
// function as before.
import type { Actor } from '../../platform/actor.ts';
import { registerJobs, type JobEnv } from '../../platform/workers/jobs.ts';
import { renderSample } from './service.ts';

/** Job `documents.sample-docx`: the sample .docx of profile `id` (bytes and file name; 404 as before). */
export async function sampleDocxJob({ db }: Pick<JobEnv, 'db'>, input: { actor: Pick<Actor, 'wardId'>; id: string }): Promise<{ docx: Uint8Array; filename: string }> {
  return renderSample(db, input.actor, input.id);
}

registerJobs({ 'documents.sample-docx': sampleDocxJob });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'documents.sample-docx': typeof sampleDocxJob;
  }
}
