// One helper for the unit pages that hold several forms (the ward's edit page, the province's unit
// page): a post from one form writes, then redirects, or shows the page again with that form's
// values and messages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { formWrite, idParam } from '../../platform/http/forms.ts';
import type { FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';

type View<K> = (req: FastifyRequest, id: string, failed: { which: K; form: FormState }) => Promise<(ctx: PageContext) => VNode>;

/**
 * A route handler for form `which` of a page about the unit `:id`: runs `write`, redirects to
 * `done(id)` (303), or re-renders `view` with the failed form (400/409, see formWrite).
 */
export function sectionWrite<K>(view: View<K>, done: (id: string) => string) {
  return (which: K, write: (req: FastifyRequest, id: string) => Promise<void>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const id = idParam(req);
    return formWrite(
      req,
      reply,
      async () => {
        await write(req, id);
        return done(id);
      },
      (form) => view(req, id, { which, form }),
    );
  };
}
