// The reports' downloads on the worker pool (issue 12 leftovers, docs/DESIGN.md D63): the ward
// roll-up as Word or XLSX and one organization's report as Word are built by a worker thread
// within the pool's concurrency cap, as the schedule's XLSX is (D45); PDFs are converted by the
// request's process (its one LibreOffice queue), though the jobs would make them too. Reads only; the same
// functions as before, so the files are the same wherever they are built (export-jobs.test.ts).
import { Writable } from 'node:stream';
import type { Actor } from '../../platform/actor.ts';
import { registerJobs, type JobEnv } from '../../platform/workers/jobs.ts';
import { rollupFile, submissionFile, type ExportFormat } from './export.ts';
import { rollupXlsx } from './export-xlsx.ts';

/** A built download: its bytes and its Vietnamese file name. */
export interface BuiltFile {
  body: Uint8Array;
  filename: string;
}

/** Job `reports.rollup-file`: the roll-up of request `id` as .docx, .pdf or .xlsx (403, 404 as the route gave). */
export async function rollupFileJob({ db }: Pick<JobEnv, 'db'>, input: { actor: Actor; id: string; format: ExportFormat | 'xlsx' }): Promise<BuiltFile> {
  if (input.format !== 'xlsx') return rollupFile(db, input.actor, input.id, input.format);
  const x = await rollupXlsx(db, input.actor, input.id);
  const chunks: Buffer[] = [];
  await x.write(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return { body: Buffer.concat(chunks), filename: x.filename };
}

/** Job `reports.submission-file`: one organization's report (submission `id`) as .docx or .pdf. */
export function submissionFileJob({ db }: Pick<JobEnv, 'db'>, input: { actor: Actor; id: string; format: ExportFormat }): Promise<BuiltFile> {
  return submissionFile(db, input.actor, input.id, input.format);
}

registerJobs({ 'reports.rollup-file': rollupFileJob, 'reports.submission-file': submissionFileJob });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'reports.rollup-file': typeof rollupFileJob;
    'reports.submission-file': typeof submissionFileJob;
  }
}
