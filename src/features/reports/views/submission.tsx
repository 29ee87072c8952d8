// One organization's report: the form while it may be written (a textarea per section, an input per
// indicator, the record's figures marked ●), read-only otherwise; the record's figures of the period
// with links to their rows; files; history; the office's accept/return.
import { Layout, Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Actions, FormErrors, Hidden, PageHead, emptyForm, type FormState, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { formatDate, formatDateTime, formatNumber, todayInVietnam } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import type { SubmissionDetail } from '../load.ts';
import type { IndicatorValue } from '../repo.ts';
import { SOURCES, type IndicatorSpec } from '../schema.ts';
import { ReportsNav, StateBadge } from './list.tsx';
import { acceptOf, WORK_FILES } from '../../../platform/files/index.ts';

export type SubmissionFormName = 'draft' | 'files' | 'review' | 'action';

/** An indicator value as shown and typed: Vietnamese number writing, "có"/"không" for yes/no. */
export function showValue(ctx: PageContext, spec: Pick<IndicatorSpec, 'type'>, v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (spec.type === 'boolean') return ctx.t(v ? 'report.yes' : 'report.no');
  return formatNumber(v) + (spec.type === 'percent' ? '%' : '');
}

/** The draft form's values from the stored content (flat `sections.<code>`, `indicators.<code>`). */
export function draftValues(ctx: PageContext, d: SubmissionDetail): Record<string, unknown> {
  const v: Record<string, unknown> = { version: d.submission.version };
  for (const s of d.spec.sections) v[`sections.${s.code}`] = d.content.sections[s.code] ?? '';
  for (const i of d.spec.indicators) v[`indicators.${i.code}`] = showValue(ctx, i.type === 'percent' ? { type: 'decimal' } : i, d.content.indicators[i.code]?.value);
  return v;
}

function ErrorText({ ctx, id, err }: { ctx: PageContext; id: string; err: string | undefined }) {
  return err ? (
    <small id={`${id}-err`} class="error">
      {resolveMessage(ctx.locale, err)}
    </small>
  ) : null;
}

function DraftForm({ ctx, d, form }: { ctx: PageContext; d: SubmissionDetail; form: FormState }) {
  const { t } = ctx;
  const action = `/app/reports/submissions/${d.submission.id}`;
  const resend = d.submission.first_submitted_at !== null;
  return (
    <form method="post" action={`${action}/save`} class="card form" id="draft">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={form.values.version ?? d.submission.version} />
      <FormErrors ctx={ctx} form={form} />
      {d.spec.sections.map((s) => {
        const name = `sections.${s.code}`;
        const id = `f-${name}`;
        const err = form.errors[name];
        const text = String(form.values[name] ?? '');
        return (
          <div class={'field' + (err ? ' has-error' : '')}>
            <label for={id}>{s.title}</label>
            {s.guidance && (
              <small id={`${id}-hint`} class="hint">
                {s.guidance}
              </small>
            )}
            <textarea id={id} name={name} rows={8} aria-invalid={err ? 'true' : undefined} aria-describedby={[`${id}-len`, s.guidance ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ')}>
              {text}
            </textarea>
            <small id={`${id}-len`} class="hint">
              {t('report.lenHint', { n: formatNumber(s.max_length) })} {t('report.counter', { n: formatNumber([...text].length), max: formatNumber(s.max_length) })}
            </small>
            <ErrorText ctx={ctx} id={id} err={err} />
          </div>
        );
      })}
      {d.spec.indicators.length > 0 && (
        <fieldset>
          <legend>{t('report.indicators')}</legend>
          <p class="muted">{t('report.computedHint')}</p>
          {d.spec.indicators.map((i) => {
            const name = `indicators.${i.code}`;
            const id = `f-${name}`;
            const err = form.errors[name];
            const c = d.content.indicators[i.code]?.computed ?? null;
            return (
              <div class={'field' + (err ? ' has-error' : '')}>
                <label for={id}>
                  {c !== null && <span aria-hidden="true">● </span>}
                  {i.name}
                  {i.unit ? ` (${i.unit})` : ''}
                </label>
                <input id={id} name={name} value={String(form.values[name] ?? '')} maxLength={40} inputMode={i.type === 'boolean' ? undefined : 'decimal'} aria-invalid={err ? 'true' : undefined} aria-describedby={`${id}-hint${err ? ` ${id}-err` : ''}`} />
                <small id={`${id}-hint`} class="hint">
                  {t(`report.type.${i.type}`)}
                  {c !== null && <> · {t('report.computed', { value: showValue(ctx, i, c) })}</>}
                </small>
                <ErrorText ctx={ctx} id={id} err={err} />
              </div>
            );
          })}
        </fieldset>
      )}
      <Actions>
        <button type="submit">{t('report.save')}</button>
        <button type="submit" class="primary" formaction={`${action}/submit`}>
          {t(resend ? 'report.resubmit' : 'report.submit')}
        </button>
      </Actions>
    </form>
  );
}

function ReadOnly({ ctx, d }: { ctx: PageContext; d: SubmissionDetail }) {
  const { t } = ctx;
  return (
    <>
      {d.spec.sections.map((s) => (
        <section>
          <h2>{s.title}</h2>
          {d.content.sections[s.code] ? <p class="pre">{d.content.sections[s.code]}</p> : <p class="muted">{t('report.noneShort')}</p>}
        </section>
      ))}
      {d.spec.indicators.length > 0 && (
        <table class="grid">
          <caption>{t('report.indicators')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.indicator')}</th>
              <th scope="col">{t('report.unit')}</th>
              <th scope="col">{t('report.value')}</th>
            </tr>
          </thead>
          <tbody>
            {d.spec.indicators.map((i) => {
              const v: IndicatorValue | undefined = d.content.indicators[i.code];
              return (
                <tr>
                  <th scope="row">{i.name}</th>
                  <td>{i.unit}</td>
                  <td>
                    {showValue(ctx, i, v?.value)}
                    {v?.computed !== null && v?.computed !== undefined && <span title={t('report.computed', { value: showValue(ctx, i, v.computed) })}> ●</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The record's figures of the period, each source under `#source-<source>` (the roll-up links land here). */
function Sources({ ctx, d }: { ctx: PageContext; d: SubmissionDetail }) {
  const { t } = ctx;
  const p = d.prefill;
  const task = (x: { id: string; title: string; done_on: string | null; due_on: string | null }) => (
    <li>
      <a href={`/app/tasks/${x.id}`}>{x.title}</a>
      {x.done_on ? ` — ${formatDate(x.done_on)}` : x.due_on ? ` — ${t('report.taskDue')} ${formatDate(x.due_on)}` : ''}
    </li>
  );
  const conclusion = (c: (typeof p.conclusions)[number]) => (
    <li>
      <a href={`/app/meetings/${c.meeting_id}#c-${c.id}`}>
        {c.meeting_title} — {c.number}. {c.text.slice(0, 200)}
      </a>
    </li>
  );
  const lists: Record<(typeof SOURCES)[number], preact.ComponentChildren[]> = {
    tasks_done: p.tasks.done.map(task),
    tasks_done_late: p.tasks.doneLate.map(task),
    tasks_overdue: p.tasks.overdue.map(task),
    meetings_held: p.meetings.map((m) => (
      <li>
        <a href={`/app/meetings/${m.id}`}>{m.title}</a> — {formatDate(m.starts_at)}
      </li>
    )),
    conclusions_addressed: p.conclusions.map(conclusion),
    conclusions_done: p.conclusions.filter((c) => c.state === 'done').map(conclusion),
    articles_published: p.articles.map((a) => (
      <li>
        <a href={a.url}>{a.title}</a> — {formatDate(a.published_at)}
      </li>
    )),
  };
  return (
    <section aria-labelledby="sources-h">
      <h2 id="sources-h">{t('report.sources')}</h2>
      {SOURCES.map((s) => (
        <div id={`source-${s}`}>
          <h3>
            {t(`report.source.${s}`)}: {lists[s].length}
          </h3>
          {lists[s].length ? <ul>{lists[s]}</ul> : <p class="muted">{t('report.sourcesNone')}</p>}
        </div>
      ))}
    </section>
  );
}

function Files({ ctx, d, form, editable }: { ctx: PageContext; d: SubmissionDetail; form: FormState; editable: boolean }) {
  const { t } = ctx;
  const base = `/app/reports/submissions/${d.submission.id}`;
  return (
    <section aria-labelledby="files-h">
      <h2 id="files-h">{t('report.files')}</h2>
      {d.files.length === 0 ? (
        <p class="muted">{t('report.filesNone')}</p>
      ) : (
        <ul>
          {d.files.map((f) => (
            <li>
              <a href={`${base}/files/${f.id}`}>{f.original_name}</a>
              {editable && (
                <form method="post" action={`${base}/files/${f.id}/remove`} class="inline-form no-print">
                  <Csrf ctx={ctx} />
                  <button type="submit" class="link">
                    {t('report.removeFile')}
                    <span class="sr-only"> {f.original_name}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form method="post" action={uploadAction(ctx, `${base}/files`)} enctype="multipart/form-data" class="card form no-print">
          <div class={'field' + (form.errors.files ? ' has-error' : '')}>
            <label for="f-rf-files">{t('report.attach')}</label>
            <FilePicker ctx={ctx} id="f-rf-files" name="files" multiple accept={acceptOf(WORK_FILES)} invalid={!!form.errors.files} describedBy={form.errors.files ? 'f-rf-files-err' : undefined} />
            <ErrorText ctx={ctx} id="f-rf-files" err={form.errors.files} />
          </div>
          <button type="submit">{t('report.attach')}</button>
        </form>
      )}
    </section>
  );
}

function History({ ctx, d }: { ctx: PageContext; d: SubmissionDetail }) {
  const { t } = ctx;
  const line = (e: SubmissionDetail['events'][number]) => {
    const who = e.actor_label ?? '';
    const key = e.action === 'resubmit' ? 'report.event.resubmit' : e.action === 'return' ? 'report.event.return' : e.action === 'accept' ? 'report.event.accept' : 'report.event.submit';
    return t(key, { who, comment: e.comment ?? '' });
  };
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('report.history')}</h2>
      {d.events.length === 0 ? (
        <p class="muted">{t('report.historyNone')}</p>
      ) : (
        <ul>
          {d.events.map((e) => (
            <li>
              {formatDateTime(e.at)}: {line(e)}
              {e.late ? ` (${t('report.lateMark')})` : ''}
              {e.action === 'accept' && e.comment ? ` — ${e.comment}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Review({ ctx, d, form }: { ctx: PageContext; d: SubmissionDetail; form: FormState }) {
  const { t } = ctx;
  const base = `/app/reports/submissions/${d.submission.id}`;
  const err = form.errors.comment;
  return (
    <section aria-labelledby="review-h" class="card no-print">
      <h2 id="review-h">{t('common.actions')}</h2>
      <form method="post" action={`${base}/accept`} class="form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={d.submission.version} />
        <div class="field">
          <label for="f-acc-comment">{t('report.acceptComment')}</label>
          <textarea id="f-acc-comment" name="comment" rows={2} maxLength={2000} />
        </div>
        <button type="submit" class="primary">
          {t('report.accept')}
        </button>
      </form>
      <form method="post" action={`${base}/return`} class="form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={d.submission.version} />
        <div class={'field' + (err ? ' has-error' : '')}>
          <label for="f-ret-comment">
            {t('report.returnComment')}
            <span class="req"> *</span>
          </label>
          <textarea id="f-ret-comment" name="comment" rows={3} maxLength={2000} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? 'f-ret-comment-err' : undefined}>
            {String(form.values.comment ?? '')}
          </textarea>
          <ErrorText ctx={ctx} id="f-ret-comment" err={err} />
        </div>
        <button type="submit">{t('report.return')}</button>
      </form>
    </section>
  );
}

/** The organization's report page; `forms` carries a refused form's state (what was typed, its messages). */
export function SubmissionPage({ ctx, d, forms = {} }: { ctx: PageContext; d: SubmissionDetail; forms?: Partial<Record<SubmissionFormName, FormState>> }) {
  const { t } = ctx;
  const s = d.submission;
  const overdue = s.first_submitted_at === null && d.request.due_on < todayInVietnam();
  const draft = forms.draft ?? emptyForm(draftValues(ctx, d));
  const notice = forms.action?.errors._;
  return (
    <Layout ctx={ctx} title={`${d.request.title} — ${d.orgName}`} wide>
      <PageHead title={`${d.request.title} — ${d.orgName}`}>
        <StateBadge ctx={ctx} line={{ state: s.status as 'pending', overdue, late: s.late === 1 }} />
      </PageHead>
      <ReportsNav ctx={ctx} office={d.canReview} />
      <dl class="facts">
        <dt>{t('report.org')}</dt>
        <dd>{d.org.name}</dd>
        <dt>{t('report.form')}</dt>
        <dd>{d.formName}</dd>
        <dt>{t('report.period')}</dt>
        <dd>
          {d.periodName} — {t('report.range', { start: formatDate(d.request.period_start), end: formatDate(d.request.period_end) })}
        </dd>
        <dt>{t('report.due')}</dt>
        <dd>{formatDate(d.request.due_on)}</dd>
        {s.first_submitted_at && (
          <>
            <dt>{t('report.receivedAt')}</dt>
            <dd>
              {formatDateTime(s.first_submitted_at)}
              {s.revision > 1 ? ` · ${t('report.revision')}: ${s.revision}` : ''}
            </dd>
          </>
        )}
      </dl>
      <p class="no-print">
        <a href={`/app/reports/${d.request.id}`}>{t('report.back')}</a>
      </p>
      {s.status === 'returned' && s.return_comment && (
        <p class="notice" role="status">
          {t('report.returnedBecause', { comment: s.return_comment })}
        </p>
      )}
      {notice && (
        <div class="form-errors" role="alert">
          <p>{resolveMessage(ctx.locale, notice)}</p>
        </div>
      )}
      {d.canWrite ? (
        <DraftForm ctx={ctx} d={d} form={draft} />
      ) : (
        <>
          <p class="muted no-print">{t('report.readOnly')}</p>
          <ReadOnly ctx={ctx} d={d} />
        </>
      )}
      {d.canReview && s.status === 'submitted' && <Review ctx={ctx} d={d} form={forms.review ?? emptyForm()} />}
      <Files ctx={ctx} d={d} form={forms.files ?? emptyForm()} editable={d.canWrite} />
      <History ctx={ctx} d={d} />
      <Sources ctx={ctx} d={d} />
    </Layout>
  );
}
