// End the membership of several people of one organization at once (issue 11 item 4, D59): the
// people list filtered by an organization gets a checkbox per person; a confirm page names them
// and asks one end date; then each membership goes through the same command as ending one
// (`endMembership`: its own transaction, access check and audit row), each reported.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { resolveMessage, translate } from '../../platform/i18n/index.ts';
import { date, idList, parseInput } from '../../platform/validation.ts';
import { DIRECTORY_WRITERS } from '../../platform/auth/roles.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';
import { Layout } from '../../ui/layout.tsx';
import { BulkConfirm, bulkResult, eachOnItsOwn, type BulkItem } from '../../ui/bulk.tsx';
import { listOrgs } from '../orgs/service.ts';
import { endMembership } from './service.ts';

/** The path of the bulk end (POST only: the list is /app/people?org=…). */
export const BULK_END_PATH = '/app/people/memberships/end';

const Head = z.object({ ids: idList(), org: z.string().uuid(), confirm: z.string().optional(), end_on: z.string().optional() });
const EndOn = z.object({ end_on: date() });

/** The chosen people with their current membership of `orgId` (null when none), in name order. */
async function chosen(app: FastifyInstance, wardId: string, orgId: string, ids: readonly string[]) {
  const people = await app.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', wardId).where('id', 'in', [...ids]).orderBy('full_name').execute();
  const ms = await app.db
    .selectFrom('membership')
    .select(['id', 'person_id', 'start_on', 'version'])
    .where('ward_id', '=', wardId)
    .where('org_id', '=', orgId)
    .where('person_id', 'in', [...ids])
    .where('end_on', 'is', null)
    .execute();
  return people.map((p) => ({ ...p, membership: ms.find((m) => m.person_id === p.id) ?? null }));
}

/** POST /app/people/memberships/end: without `confirm=1` (or with a bad date) the confirm page; with it, each membership ended; PRG to the list. */
export function bulkEndRoutes(app: FastifyInstance): void {
  app.post(BULK_END_PATH, { config: { access: DIRECTORY_WRITERS } }, async (req, reply) => {
    const actor = actorOf(req);
    const tr = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(req.locale, key, params);
    const head = parseInput(Head, req.body, req.locale);
    const back = `/app/people?org=${head.org}`;
    if (head.ids.length === 0) throw new ValidationError({ ids: 'bulk.noneChosen' });
    const org = (await listOrgs(app.db, actor)).find((o) => o.id === head.org);
    if (!org) throw new AppError(404, 'err.404.body');
    const rows = await chosen(app, actor.wardId, head.org, head.ids);
    let endOn: string | null = null;
    let error: string | undefined;
    if (head.confirm === '1') {
      try {
        endOn = parseInput(EndOn, { end_on: head.end_on }, req.locale).end_on;
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        error = Object.values(e.fields ?? {}).map((m) => resolveMessage(req.locale, m)).join(' ');
      }
    }
    if (endOn === null) {
      const items: BulkItem[] = rows.map((r) => ({ id: r.id, label: r.full_name, detail: r.membership ? tr('membership.bulk.since', { date: formatDate(r.membership.start_on) }) : tr('membership.bulk.noOpen') }));
      const value = head.end_on ?? formatDate(todayInVietnam());
      return sendPage(
        req,
        reply,
        (ctx) => (
          <Layout ctx={ctx} title={tr('membership.bulk.title')}>
            <h1>{tr('membership.bulk.title')}</h1>
            <BulkConfirm ctx={ctx} action={BULK_END_PATH} verb="end" question={tr('membership.bulk.confirm', { org: org.name, n: items.length })} items={items} back={back} button={tr('membership.bulk.do', { n: items.length })}>
              <input type="hidden" name="org" value={head.org} />
              <div class={'field' + (error ? ' has-error' : '')}>
                <label for="f-end_on">{tr('membership.bulk.endOn')}</label>
                <input id="f-end_on" name="end_on" value={value} inputMode="numeric" size={10} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-end_on-err' : undefined} />
                {error && (
                  <small id="f-end_on-err" class="error">
                    {error}
                  </small>
                )}
              </div>
            </BulkConfirm>
          </Layout>
        ),
        error ? 400 : 200,
      );
    }
    // Each membership on its own (D53): one refused does not undo the others, and each says why.
    const day = endOn;
    const outcomes = await eachOnItsOwn(
      rows,
      (r) => r.full_name,
      async (r) => {
        if (!r.membership) throw new ValidationError({ membership: 'membership.bulk.noOpen' });
        await endMembership(app.db, actor, r.membership.id, { end_on: day, version: r.membership.version });
      },
      req.locale,
    );
    const text = bulkResult(outcomes, (n) => tr('membership.bulk.done', { n }), (n) => tr('membership.bulk.refused', { n }));
    return reply.redirect(doneAt(req, back, 'bulk.flash', { text }), 303);
  });
}
