// The people export on the worker pool (issue 12 leftovers, docs/DESIGN.md D63): the workbook of
// every followed person of a ward is built by a worker thread, within the pool's concurrency cap,
// as the schedule's XLSX is (D45); the request's thread records the export's audit event.
import type { Actor } from '../../platform/actor.ts';
import { registerJobs, type JobEnv } from '../../platform/workers/jobs.ts';
import { buildExportWorkbook, type PeopleExport } from './export.ts';

/** Job `people.export-xlsx`: the export of `input.actor`'s ward (bytes and the people shown). */
export function peopleExportJob({ db }: Pick<JobEnv, 'db'>, input: { actor: Actor }): Promise<PeopleExport> {
  return buildExportWorkbook(db, input.actor);
}

registerJobs({ 'people.export-xlsx': peopleExportJob });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'people.export-xlsx': typeof peopleExportJob;
  }
}
