// Downloads of the reports room (issue 10, item 6): the ward roll-up as Word, PDF and XLSX (ward
// readers: office, Standing Committee, administrator), one organization's report as Word and PDF
// (whoever may read it), and the office's command numbering the roll-up. docs/DESIGN.md D21.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { optDate, parseInput } from '../../platform/validation.ts';
import { runHeavy } from '../../platform/workers/pool.ts';
import { issueRollup, rollupFile, submissionFile } from './export.ts';
import './export-jobs.ts';

/** Who downloads the ward roll-up: the ward readers (a head gets 403). */
export const ROLLUP_READERS: readonly Role[] = ['admin', 'office', 'standing'];
const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const IssueInput = z.object({ date: optDate() });
/** A job's bytes as a Buffer (a worker's answer arrives as a plain Uint8Array), without a copy. */
const bytesOf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * GET /app/reports/:id/rollup.docx|.pdf|.xlsx, GET /app/reports/submissions/:id/report.docx|.pdf,
 * POST /app/reports/:id/rollup/issue (the office; optional `date` dd/mm/yyyy; 303 back to the
 * roll-up). Files go with a Vietnamese name (RFC 6266) and `private, no-cache`.
 */
export function reportExportRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const RollupParams = IdParams.extend({ format: z.enum(['docx', 'pdf', 'xlsx']) });
  app.get('/app/reports/:id/rollup.:format', { config: { access: ROLLUP_READERS }, schema: { params: RollupParams } }, async (req, reply) => {
    const { id, format } = req.params;
    // Word and XLSX are built on the worker pool, always (D63); a PDF stays here, where the one
    // LibreOffice queue and render cache of the process are (export/pdf.ts: one soffice at a time).
    const actor = actorOf(req);
    const f = format === 'pdf' ? await rollupFile(db, actor, id, format) : await runHeavy(reply, 'reports.rollup-file', { actor, id, format });
    reply.type(TYPES[format]).header('cache-control', 'private, no-cache');
    return reply.header('content-disposition', contentDisposition('attachment', f.filename)).send(bytesOf(f.body));
  });
  app.post('/app/reports/:id/rollup/issue', { config: { access: ['admin', 'office'] as Role[] }, schema: { params: IdParams } }, async (req, reply) => {
    const input = parseInput(IssueInput, req.body ?? {}, req.locale);
    await issueRollup(db, actorOf(req), req.params.id, input.date);
    return reply.redirect(doneAt(req, `/app/reports/${req.params.id}/rollup`, 'done.rollup.issued'), 303);
  });
  const SubParams = IdParams.extend({ format: z.enum(['docx', 'pdf']) });
  app.get('/app/reports/submissions/:id/report.:format', { config: { access: 'auth' as const }, schema: { params: SubParams } }, async (req, reply) => {
    const { id, format } = req.params;
    const f = format === 'pdf' ? await submissionFile(db, actorOf(req), id, format) : await runHeavy(reply, 'reports.submission-file', { actor: actorOf(req), id, format });
    return reply.type(TYPES[format]).header('cache-control', 'private, no-cache').header('content-disposition', contentDisposition('attachment', f.filename)).send(bytesOf(f.body));
  });
}
