import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { formAndFiles, contentDisposition } from '../../platform/files/index.ts';
import { actorOf, sendPage, wantsJson } from '../../platform/http/context.ts';
import { IdParams } from '../../platform/http/api.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import { IMPORT_LIMITS, readPeopleFile } from './import-parse.ts';
import { commitPreview, getPreview, storePreview } from './import.ts';
import { recordExport, templateWorkbook } from './export.ts';
import { runHeavy } from '../../platform/workers/pool.ts';
import './export-jobs.ts';
import { CommitRefusedPage, ImportPreviewPage, ImportUploadPage, PREVIEW_PAGE_SIZE } from './import-views.tsx';
import { requireAccess } from '../../platform/access.ts';
import { flag, int } from '../../platform/validation.ts';

/** Who imports and exports the ward's people: those who create people of any organization (admin, office). */
export const IMPORTERS: readonly Role[] = ['admin', 'office'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PageQuery = z.object({ page: int(1, 1000, { default: 1 }), all: flag() });

/**
 * The people import and export pages (docs/DESIGN.md D38): a plugin of its own, multipart only on
 * its upload route (POST /app/people/import, field `file`, at most 5 MB). Every route, GET
 * included, is for admin and office (403 otherwise), and each page checks `org.write` over the
 * whole ward as the commit does.
 */
export async function peopleImportRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  await registerMultipart(app, { fileSize: IMPORT_LIMITS.maxBytes, files: 1, routes: ['/app/people/import'] });
  const gate = { config: { access: IMPORTERS } };
  const check = async (req: FastifyRequest) => requireAccess(db, actorOf(req), 'org.write');

  const xlsx = (reply: FastifyReply, name: string, body: Buffer) => reply.type(XLSX).header('cache-control', 'private, no-store').header('content-disposition', contentDisposition('attachment', name)).send(body);

  app.get('/app/people/import', gate, async (req, reply) => {
    await check(req);
    return sendPage(req, reply, (ctx) => <ImportUploadPage ctx={ctx} form={emptyForm()} />);
  });

  app.get('/app/people/import/template.xlsx', gate, async (req, reply) => {
    await check(req);
    return xlsx(reply, 'mau-nhap-danh-sach.xlsx', await templateWorkbook(db, actorOf(req)));
  });

  app.get('/app/people/export.xlsx', gate, async (req, reply) => {
    await check(req);
    // Built on the worker pool, always (one download, off the event loop, D63); recorded here.
    const actor = actorOf(req);
    const built = await runHeavy(reply, 'people.export-xlsx', { actor });
    await recordExport(db, actor, built);
    return xlsx(reply, 'danh-sach-nguoi.xlsx', Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength));
  });

  // The upload: read and check every row, store the preview, 303 to it. A refused file comes back
  // on the form (400) with its message; nothing is stored then.
  app.post('/app/people/import', gate, async (req, reply) => {
    const actor = actorOf(req);
    const { files } = formAndFiles(req, 'file');
    const file = files[0];
    try {
      await check(req);
      if (!file) throw new AppError(400, 'import.err.empty');
      if (files.length > 1) throw new AppError(400, 'import.err.oneFile');
      if (file.truncated) throw new AppError(400, 'import.err.tooLarge', { mb: IMPORT_LIMITS.maxBytes / 1024 / 1024 });
      const rows = await readPeopleFile(file.data);
      const id = await storePreview(db, actor, file.filename.normalize('NFC').slice(-150), rows, req.locale);
      return reply.redirect(`/app/people/import/${id}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      const form: FormState = { values: {}, errors: { file: e instanceof ValidationError && e.fields?.file ? e.fields.file : translate(req.locale, e.key, e.params) } };
      return sendPage(req, reply, (ctx) => <ImportUploadPage ctx={ctx} form={form} />, 400);
    }
  });

  app.get('/app/people/import/:id', { ...gate, schema: { params: IdParams, querystring: PageQuery } }, async (req, reply) => {
    await check(req);
    const preview = await getPreview(db, actorOf(req), req.params.id);
    const pages = Math.max(1, Math.ceil(preview.rows.length / PREVIEW_PAGE_SIZE));
    return sendPage(req, reply, (ctx) => <ImportPreviewPage ctx={ctx} preview={preview} page={Math.min(req.query.page, pages)} all={req.query.all} form={emptyForm()} />);
  });

  app.post('/app/people/import/:id/commit', { ...gate, schema: { params: IdParams } }, async (req, reply) => {
    try {
      await commitPreview(db, actorOf(req), req.params.id, req.locale);
    } catch (e) {
      if (!(e instanceof AppError) || e.key !== 'import.err.hasErrors' || wantsJson(req)) throw e;
      return sendPage(req, reply, (ctx) => <CommitRefusedPage ctx={ctx} id={req.params.id} message={translate(req.locale, e.key)} />, 409);
    }
    return reply.redirect(`/app/people?imported=${req.params.id}`, 303);
  });
}
