import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, ValidationError, notFound } from '../errors.ts';
import type { FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import type { MessageKey } from '../i18n/index.ts';
import { noticeFor, sendPage } from './context.ts';
import { RequestSchemaError, schemaRefusal, typedValues } from './schemas.ts';

/**
 * `to`, with a one-time confirmation on the next page that says what happened (and to whom): for
 * every action that is not a plain save (a hand-off, a deletion, an end, a lock), never "Đã lưu."
 * (docs/DESIGN.md D64; the texts are features/done-messages.ts or the room's own).
 */
export function doneAt(req: FastifyRequest, to: string, key: MessageKey, params?: Record<string, string>): string {
  // Bound to the page it is meant for, shown once by that page's GET (noticeFor, D61).
  return noticeFor(req, to, params ? { key, params } : { key });
}

/** The `:id` route parameter, or 404 when it is not a UUID. */
export function idParam(req: FastifyRequest, name = 'id'): string {
  const id = (req.params as Record<string, string | undefined>)[name];
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound();
  return id;
}

/**
 * Route options of a form POST that declares its params/body schemas: a misfit does not answer
 * at once but reaches formWrite (as `req.validationError`), which re-renders the form (400), or
 * answers 404 for a bad path parameter.
 */
export const FORM_ROUTE = { attachValidation: true } as const;

/**
 * The one way to handle a form post and its refusal: runs a form write and redirects (303) to
 * the URL it returns; on a validation error it re-renders the form with what was typed and the
 * messages (400), so nothing typed is lost; when someone else saved the record first (409) the
 * typed values are shown again with a notice. Other errors go to the error handler.
 *
 * @param opts.values what to show again instead of the request body (e.g. `{}` for passwords,
 *   or the unwrapped fields of a multipart form)
 */
export async function formWrite(
  req: FastifyRequest,
  reply: FastifyReply,
  write: () => Promise<string>,
  rerender: (form: FormState) => Promise<(ctx: PageContext) => VNode>,
  opts: { values?: Record<string, unknown> } = {},
): Promise<FastifyReply> {
  try {
    // A route that declares its body (schema + attachValidation: FORM_ROUTE) refuses here, so
    // the form comes back with the messages like any other validation error.
    if (req.validationError instanceof RequestSchemaError) throw schemaRefusal(req.validationError, req.locale);
    const to = await write();
    return reply.redirect(to, 303);
  } catch (e) {
    const values = opts.values ?? typedValues(req);
    if (e instanceof ValidationError) return sendPage(req, reply, await rerender({ values, errors: e.fields ?? {} }), 400);
    // Someone saved first: show the form again with what this user typed and say so (409).
    if (e instanceof AppError && e.status === 409 && e.key === 'err.conflict') {
      return sendPage(req, reply, await rerender({ values, errors: { _: 'err.conflictForm' } }), 409);
    }
    throw e;
  }
}
