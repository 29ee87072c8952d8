// Downloads of the reports room (issue 10, item 6): the ward roll-up as Word, PDF and XLSX (ward
// readers: office, Standing Committee, administrator), one organization's report as Word and PDF
// (whoever may read it), and the office's command numbering the roll-up. docs/DESIGN.md D21.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { optDate, parseInput } from '../../platform/validation.ts';
import { issueRollup, rollupFile, submissionFile } from './export.ts';
import { rollupXlsx } from './export-xlsx.ts';

/** Who downloads the ward roll-up: the ward readers (a head gets 403). */
export const ROLLUP_READERS: readonly Role[] = ['admin', 'office', 'standing'];
const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const IssueInput = z.object({ date: optDate() });

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
    const actor = actorOf(req);
    const { id, format } = req.params;
    reply.type(TYPES[format]).header('cache-control', 'private, no-cache');
    if (format === 'xlsx') {
      const x = await rollupXlsx(db, actor, id);
      const out = new PassThrough();
      x.write(out).catch((err: unknown) => {
        req.log.error({ err }, 'roll-up xlsx export failed');
        out.destroy(err as Error);
      });
      return reply.header('content-disposition', contentDisposition('attachment', x.filename)).send(out);
    }
    const f = await rollupFile(db, actor, id, format);
    return reply.header('content-disposition', contentDisposition('attachment', f.filename)).send(f.body);
  });
  app.post('/app/reports/:id/rollup/issue', { config: { access: ['admin', 'office'] as Role[] }, schema: { params: IdParams } }, async (req, reply) => {
    const input = parseInput(IssueInput, req.body ?? {}, req.locale);
    await issueRollup(db, actorOf(req), req.params.id, input.date);
    return reply.redirect(doneAt(req, `/app/reports/${req.params.id}/rollup`, 'done.rollup.issued'), 303);
  });
  const SubParams = IdParams.extend({ format: z.enum(['docx', 'pdf']) });
  app.get('/app/reports/submissions/:id/report.:format', { config: { access: 'auth' as const }, schema: { params: SubParams } }, async (req, reply) => {
    const f = await submissionFile(db, actorOf(req), req.params.id, req.params.format);
    return reply.type(TYPES[req.params.format]).header('cache-control', 'private, no-cache').header('content-disposition', contentDisposition('attachment', f.filename)).send(f.body);
  });
}
