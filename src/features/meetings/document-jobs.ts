// A meeting's documents on the worker pool (issue 12 leftovers, docs/DESIGN.md D63): the Word or
// PDF of an invitation, minutes or conclusion notice is built by a worker thread within the pool's
// concurrency cap (D45). Reads only; the same function as before, so the file is the same.
import type { Actor } from '../../platform/actor.ts';
import { registerJobs, type JobEnv } from '../../platform/workers/jobs.ts';
import { meetingDocumentFile, type MeetingDoc } from './documents.ts';

/** Job `meetings.document-file`: document `doc` of meeting `id` as .docx or .pdf (bytes and file name). */
export async function meetingDocumentJob({ db }: Pick<JobEnv, 'db'>, input: { actor: Actor; id: string; doc: MeetingDoc; format: 'docx' | 'pdf' }): Promise<{ body: Uint8Array; filename: string }> {
  return meetingDocumentFile(db, input.actor, input.id, input.doc, input.format);
}

registerJobs({ 'meetings.document-file': meetingDocumentJob });

declare module '../../platform/workers/jobs.ts' {
  interface HeavyJobs {
    'meetings.document-file': typeof meetingDocumentJob;
  }
}
