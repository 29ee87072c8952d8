// Approve or return several submitted tasks at once (issue 11 item 4, D53): a list with
// checkboxes, a confirm page naming them, then each task through the same command as one
// (approveTask / returnTask: its own transaction, access check and audit row), each reported.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { doneAt } from '../../platform/http/forms.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { resolveMessage, translate } from '../../platform/i18n/index.ts';
import { idList, optLongText, parseInput } from '../../platform/validation.ts';
import { Layout } from '../../ui/layout.tsx';
import { BulkCheck, BulkConfirm, BulkForm, bulkResult, eachOnItsOwn, type BulkItem } from '../../ui/bulk.tsx';
import type { PageContext } from '../../ui/context.ts';
import { APPROVERS, mayApproveSome } from './access.ts';
import { awaitingApproval } from './approvals.ts';
import type { Actor } from '../../platform/actor.ts';
import { approveTask, returnTask } from './task.ts';

const BulkInput = z.object({ ids: idList(), action: z.enum(['approve', 'return']), comment: optLongText(2000), confirm: z.string().optional() });
const PATH = '/app/tasks/approvals';

/**
 * Submitted tasks of the ward that the actor may approve (`awaitingApproval`, the one rule of the
 * home page's queue too: a branch's tasks for its parent association's head, the others for the
 * Standing Committee, D50, D60), with their programme and lead organization, oldest deadline first.
 */
async function waiting(app: FastifyInstance, actor: Actor) {
  const w = await awaitingApproval(app.db, actor);
  if (!w) return [];
  return w
    .tasks()
    .leftJoin('organization', 'organization.id', 'task.lead_org_id')
    .select(['task.id', 'task.title', 'task.version', 'task.due_on', 'programme.title as programme', 'organization.name as org'])
    .orderBy('task.due_on')
    .orderBy('task.title')
    .orderBy('task.id')
    .limit(500)
    .execute();
}

function ListPage({ ctx, rows, error }: { ctx: PageContext; rows: Awaited<ReturnType<typeof waiting>>; error?: string | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('task.bulk.title')}>
      <h1>{t('task.bulk.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('task.bulk.none')}</p>
      ) : (
        <BulkForm ctx={ctx} action={PATH} error={error} actions={[{ value: 'approve', label: t('task.bulk.approve') }, { value: 'return', label: t('task.bulk.return') }]}>
          <table class="table">
            <caption>{t('task.bulk.waiting')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bulk.chooseAll')}</th>
                <th scope="col">{t('task.title')}</th>
                <th scope="col">{t('task.lead')}</th>
                <th scope="col">{t('task.due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <BulkCheck ctx={ctx} id={r.id} label={r.title} />
                  </td>
                  <td>
                    <a href={`/app/tasks/${r.id}`}>{r.title}</a>
                    {r.programme && (
                      <>
                        <br />
                        <small class="muted">{r.programme}</small>
                      </>
                    )}
                  </td>
                  <td>{r.org ?? '—'}</td>
                  <td>{r.due_on ? r.due_on.split('-').reverse().join('/') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </BulkForm>
      )}
    </Layout>
  );
}

/** The routes of the tasks' bulk approval; only those who may approve something (`mayApproveSome`) reach them, each task checked again by its command. */
export function taskBulkRoutes(app: FastifyInstance): void {
  const opts = { config: { access: APPROVERS } };
  const gate = async (actor: Actor) => {
    if (!(await mayApproveSome(app.db, actor))) throw new AppError(403, 'err.403.body');
  };
  app.get(PATH, opts, async (req, reply) => {
    await gate(actorOf(req));
    const rows = await waiting(app, actorOf(req));
    return sendPage(req, reply, (ctx) => <ListPage ctx={ctx} rows={rows} />);
  });
  app.post(PATH, opts, async (req, reply) => {
    const actor = actorOf(req);
    await gate(actor);
    const tr = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(req.locale, key, params);
    let input: z.output<typeof BulkInput>;
    try {
      input = parseInput(BulkInput, req.body, req.locale);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const rows = await waiting(app, actor);
      return sendPage(req, reply, (ctx) => <ListPage ctx={ctx} rows={rows} error={Object.values(e.fields ?? {}).map((m) => resolveMessage(req.locale, m)).join(' ')} />, 400);
    }
    const rows = await waiting(app, actor);
    if (input.ids.length === 0) return sendPage(req, reply, (ctx) => <ListPage ctx={ctx} rows={rows} error={tr('bulk.noneChosen')} />, 400);
    const chosen = await chosenTasks(app, actor.wardId, input.ids);
    const approve = input.action === 'approve';
    const needsComment = !approve && !input.comment;
    if (input.confirm !== '1' || needsComment) {
      const items: BulkItem[] = chosen.map((r) => ({ id: r.id, label: r.title, detail: [r.org, r.approval === 'submitted' ? null : tr('task.err.notSubmitted')].filter(Boolean).join(' — ') }));
      const error = input.confirm === '1' && needsComment ? tr('err.required') : undefined;
      return sendPage(
        req,
        reply,
        (ctx) => (
          <Layout ctx={ctx} title={tr('task.bulk.title')}>
            <h1>{tr('task.bulk.title')}</h1>
            <BulkConfirm ctx={ctx} action={PATH} verb={input.action} question={tr(approve ? 'task.bulk.confirmApprove' : 'task.bulk.confirmReturn', { n: items.length })} items={items} back={PATH} button={`${tr(approve ? 'task.bulk.approve' : 'task.bulk.return')} ${items.length} ${tr('audit.entity.task').toLowerCase()}`}>
              <div class={'field' + (error ? ' has-error' : '')}>
                <label for="f-comment">{tr('task.bulk.comment')}</label>
                <textarea id="f-comment" name="comment" rows={3} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-comment-err' : undefined}>
                  {input.comment ?? ''}
                </textarea>
                {error && (
                  <small id="f-comment-err" class="error">
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
    // Each task on its own (decision D53): one refused task does not undo the others, and each says why.
    const outcomes = await eachOnItsOwn(
      chosen,
      (r) => r.title,
      (r) => (approve ? approveTask(app.db, actor, r.id, r.version, req.locale) : returnTask(app.db, actor, r.id, { comment: input.comment ?? '', version: r.version })),
      req.locale,
    );
    const text = bulkResult(outcomes, (n) => tr(approve ? 'task.bulk.approveDone' : 'task.bulk.returnDone', { n }), (n) => tr(approve ? 'task.bulk.approveRefused' : 'task.bulk.returnRefused', { n }));
    return reply.redirect(doneAt(req, PATH, 'bulk.flash', { text }), 303);
  });
}

/** The chosen tasks of the ward (any approval state: the command says why one is refused), in list order. */
function chosenTasks(app: FastifyInstance, wardId: string, ids: readonly string[]) {
  return app.db
    .selectFrom('task')
    .leftJoin('organization', 'organization.id', 'task.lead_org_id')
    .select(['task.id', 'task.title', 'task.version', 'task.approval', 'organization.name as org'])
    .where('task.ward_id', '=', wardId)
    .where('task.id', 'in', [...ids])
    .orderBy('task.due_on')
    .orderBy('task.title')
    .execute();
}
