import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORM_ROUTE, doneAt, formWrite } from '../../platform/http/forms.ts';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { emptyForm, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { date, optDate } from '../../platform/validation.ts';
import { AppError } from '../../platform/errors.ts';
import { mergeChoices, mergeWard, previewMerge, type MergePreview } from './merge.ts';
import { MergePage } from './merge-views.tsx';

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const MergeBody = z.object({ from: z.preprocess(blank, z.string().uuid()), into: z.preprocess(blank, z.string().uuid()), on: date() });
const MergeQuery = z.object({ from: z.preprocess(blank, z.string().uuid().optional()), into: z.preprocess(blank, z.string().uuid().optional()), on: optDate() });

/**
 * The merge form (D36): GET /app/units/merge (fields `from`, `into`, `on` dd/mm/yyyy; with all
 * three, a preview of the counts) and POST /app/units/merge (the merge; 303 to the tree on the
 * merge day). Route rule 'province-admin' (D35, the province pages' gate): an account without an
 * `admin` grant above its wards gets 403 on GET and POST before anything else; the service then
 * checks the grant is above both wards (else 403; bad input 400 with the Vietnamese message).
 */
export function mergeRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const db = app.db;
  const signedIn = { config: { access: 'province-admin' as const } };

  const view = async (req: FastifyRequest, form: FormState, preview: MergePreview | null) => {
    const wards = (await mergeChoices(db, actorOf(req))).map((w) => ({ value: w.id, label: w.name }));
    return (ctx: PageContext) => <MergePage ctx={ctx} form={form} wards={wards} preview={preview} />;
  };

  app.get('/app/units/merge', { ...signedIn, schema: { querystring: MergeQuery } }, async (req, reply) => {
    const { from, into, on } = req.query;
    const values = { ...(req.query as Record<string, unknown>) };
    let preview: MergePreview | null = null;
    let form = emptyForm(values);
    let status = 200;
    if (from && into && on) {
      try {
        preview = await previewMerge(db, actorOf(req), { fromWardId: from, intoWardId: into, on });
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        form = { values, errors: { ...(e.fields ?? {}), _: e.key } };
        status = 400;
      }
    }
    return sendPage(req, reply, await view(req, form, preview), status);
  });

  app.post('/app/units/merge', { ...signedIn, ...FORM_ROUTE, schema: { body: MergeBody } }, async (req, reply) =>
    formWrite(
      req,
      reply,
      async () => {
        const r = await mergeWard(db, actorOf(req), { fromWardId: req.body.from, intoWardId: req.body.into, on: req.body.on });
        return doneAt(req, `/app/units?merged=${r.mergeId}`, 'done.ward.merged');
      },
      (form) => view(req, form, null),
    ),
  );
}
