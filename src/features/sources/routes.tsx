import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formWrite } from '../../platform/http/forms.ts';
import { IdParams } from '../../platform/http/api.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { emptyForm } from '../../ui/components.tsx';
import { checkFiles, formAndFiles, storeWorkFiles, WORK_FILES, type StagedWorkFiles } from '../../platform/files/index.ts';
import { registerMultipart } from '../../platform/http/uploads.ts';
import { canEditSource, SOURCE_READERS, SOURCE_WRITERS } from './access.ts';
import { forbidden } from '../../platform/errors.ts';
import { SourceInput, SourceQuery, SourceUpdateInput } from './schema.ts';
import * as sources from './service.ts';
import { SourceFormPage, SourceListPage } from './views.tsx';

/**
 * Source documents: a plugin of its own, with multipart (one file) for its two saving routes.
 * Params and the list's query are declared (zod, platform/http/schemas.ts); the saving routes
 * parse their multipart fields by hand (the parts are not plain fields).
 */
export async function sourceRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  await registerMultipart(app, { fileSize: WORK_FILES.maxBytes, files: 1, routes: ['/app/sources', '/app/sources/:id'] });
  const read = { config: { access: SOURCE_READERS } };
  const write = { config: { access: SOURCE_WRITERS } };

  app.get('/app/sources', { ...read, schema: { querystring: SourceQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const query = req.query;
    const { rows, total } = await sources.listSources(db, actor, query);
    const canAdd = SOURCE_WRITERS.some((r) => actor.roles.has(r));
    return sendPage(req, reply, (ctx) => <SourceListPage ctx={ctx} rows={rows} total={total} query={query} canAdd={canAdd} canEdit={(row) => canEditSource(actor, row)} />);
  });

  app.get('/app/sources/new', write, async (req, reply) => sendPage(req, reply, (ctx) => <SourceFormPage ctx={ctx} form={emptyForm()} action="/app/sources" isNew />));

  /** Saves with an optional attached file; the bytes are removed again when the write fails. */
  const saveWithFile = async (req: FastifyRequest, reply: FastifyReply, action: string, isNew: boolean, write: (fields: Record<string, unknown>, file: StagedWorkFiles | null) => Promise<string>) => {
    const { fields, files } = formAndFiles(req, 'file');
    req.body = fields;
    return formWrite(
      req,
      reply,
      async () => {
        const checked = await checkFiles(files.slice(0, 1), { ...WORK_FILES, field: 'file' });
        const stored = checked.length ? await storeWorkFiles(app.config.filesDir, actorOf(req), checked) : null;
        try {
          return await write(fields, stored);
        } catch (e) {
          await stored?.discard();
          throw e;
        }
      },
      async (form) => (ctx) => <SourceFormPage ctx={ctx} form={form} action={action} isNew={isNew} />,
    );
  };

  app.post('/app/sources', write, async (req, reply) =>
    saveWithFile(req, reply, '/app/sources', true, async (fields, file) => {
      await sources.createSource(db, actorOf(req), parseInput(SourceInput, fields, req.locale), file);
      return '/app/sources?ok=saved';
    }),
  );

  app.get('/app/sources/:id/edit', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await sources.getSource(db, actor, req.params.id);
    if (!canEditSource(actor, row)) throw forbidden();
    return sendPage(req, reply, (ctx) => <SourceFormPage ctx={ctx} form={emptyForm(row)} action={`/app/sources/${row.id}`} isNew={false} />);
  });

  app.post('/app/sources/:id', { ...write, schema: { params: IdParams } }, async (req, reply) => {
    const id = req.params.id;
    return saveWithFile(req, reply, `/app/sources/${id}`, false, async (fields, file) => {
      await sources.updateSource(db, actorOf(req), id, parseInput(SourceUpdateInput, fields, req.locale), file);
      return '/app/sources?ok=saved';
    });
  });
}
