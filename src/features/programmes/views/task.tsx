import type { ComponentChildren } from 'preact';
import { Layout, Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, Hidden, TextArea, type FormState, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/vi/index.ts';
import { sourceShort, type SourceRow } from '../../sources/service.ts';
import type { TaskDetail, TaskView } from '../service.ts';
import { type SixClear } from '../status.ts';
import { fmtPct } from '../schedule.ts';
import { StatusBadge, ApprovalBadge, span, missingText, ScheduleCss, ActionError } from './common.tsx';
import { ApprovalBox, SubmitBox } from './approval.tsx';
import { TaskTable } from './programme.tsx';
import { HistoryLink } from '../../../ui/history-link.tsx';
import { acceptOf, WORK_FILES } from '../../../platform/files/index.ts';

function SixClearPanel({ ctx, task, sources }: { ctx: PageContext; task: TaskView; sources: SourceRow[] }) {
  const { t } = ctx;
  const result =
    task.result_kind === 'indicator' && task.target_value !== null ? `${formatNumber(task.target_value)} ${task.target_unit ?? ''}` : task.result_kind === 'deliverable' ? (task.deliverable ?? '—') : '—';
  const Item = ({ k, children }: { k: SixClear; children: ComponentChildren }) => (
    <>
      <dt>
        {t(`six.${k}`)} {task.missing.includes(k) ? <Badge tone="bad">{t('common.none')}</Badge> : <span class="sr-only">✓</span>}
      </dt>
      <dd>{children}</dd>
    </>
  );
  return (
    <section class="card">
      <h2>
        {t('six.title')} {task.missing.length === 0 ? <Badge tone="ok">{t('six.ok')}</Badge> : <Badge tone="warn">{t('six.missing', { items: missingText(ctx, task.missing) })}</Badge>}
      </h2>
      <dl class="facts">
        <Item k="owner">{task.owner_name ?? '—'}</Item>
        <Item k="work">
          <strong>{task.title}</strong>
          {task.description && <p class="pre">{task.description}</p>}
        </Item>
        <Item k="responsibility">
          {task.lead_name ?? '—'}
          {task.coordinating.length > 0 && (
            <>
              {' '}
              — {t('task.coordinating')}: {task.coordinating.map((c) => c.name).join(', ')}
            </>
          )}
        </Item>
        <Item k="progress">{task.milestones.length ? task.milestones.map((m) => `${formatDate(m.due_on)}: ${fmtPct(m.planned_percent)}`).join('; ') : '—'}</Item>
        <Item k="time">{span(task.start_on, task.due_on)}</Item>
        <Item k="result">
          {result}
          {(task.actual_value !== null || task.actual_result) && (
            <p>
              {t('task.actual')}: {task.actual_value !== null ? `${formatNumber(task.actual_value)} ${task.target_unit ?? ''} ` : ''}
              {task.actual_result ?? ''}
            </p>
          )}
        </Item>
        <dt>{t('task.origin')}</dt>
        <dd>
          {t(`task.origin.${task.origin_kind as 'programme'}`)}
          {task.origin_kind === 'conclusion' && task.origin_ref ? (
            <>
              {' — '}
              <a href={`/app/meetings/conclusions/${task.origin_ref}`}>{task.origin_note ?? t('task.origin.conclusion')}</a>
            </>
          ) : task.origin_note ? (
            ` — ${task.origin_note}`
          ) : (
            ''
          )}
        </dd>
        {sources.length > 0 && (
          <>
            <dt>{t('task.sources')}</dt>
            <dd>{sources.map((s) => sourceShort(s)).join('; ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function ProgressForm({ ctx, task, form }: { ctx: PageContext; task: TaskView; form: FormState }) {
  const { t } = ctx;
  return (
    <form method="post" action={uploadAction(ctx, `/app/tasks/${task.id}/progress`)} class="card form" enctype="multipart/form-data" id="progress">
      <h2>{t('task.report')}</h2>
      <FormErrors ctx={ctx} form={form} />
      <Csrf ctx={ctx} />
      <Hidden name="version" value={form.values.version ?? task.version} />
      <div class="row">
        <Field ctx={ctx} form={form} name="percent" label={t('task.percent')} maxLength={6} />
        {task.result_kind === 'indicator' && <Field ctx={ctx} form={form} name="value" label={`${t('task.value')} (${task.target_unit ?? ''})`} maxLength={20} />}
        <Field ctx={ctx} form={form} name="reported_on" label={t('task.reportedOn')} date />
      </div>
      <TextArea ctx={ctx} form={form} name="note" label={t('task.note')} rows={2} />
      <TextArea ctx={ctx} form={form} name="actual_result" label={t('task.actualResult')} rows={2} />
      <div class={'field' + (form.errors.files ? ' has-error' : '')}>
        <label for="f-files">{t('task.files')}</label>
        <FilePicker ctx={ctx} id="f-files" name="files" multiple accept={acceptOf(WORK_FILES)} invalid={!!form.errors.files} />
        {form.errors.files && <small class="error">{resolveMessage(ctx.locale, form.errors.files)}</small>}
      </div>
      <Actions>
        <button type="submit" class="primary">
          {t('common.save')}
        </button>
      </Actions>
    </form>
  );
}

export function TaskPage({ ctx, d, progressForm, actionError }: { ctx: PageContext; d: TaskDetail; progressForm: FormState; actionError?: string | undefined }) {
  const { t } = ctx;
  const task = d.task;
  const base = `/app/tasks/${task.id}`;
  const hasKids = d.children.length > 0;
  return (
    <Layout ctx={ctx} title={task.title} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>{task.title}</h1>
        <div class="head-actions">
          {d.canEdit && d.tasksOpen && (
            <a class="button" href={`${base}/edit`}>
              {t('task.edit')}
            </a>
          )}
          {d.canEdit && d.tasksOpen && !task.parent_id && (
            <a class="button" href={`${base}/subtasks/new`}>
              {t('task.newSub')}
            </a>
          )}
        </div>
      </div>
      <p class="lead">
        {d.programme && <a href={`/app/programmes/${d.programme.id}`}>{d.programme.title}</a>}
        {d.parent && (
          <>
            {' '}
            · {t('task.parent')}: <a href={`/app/tasks/${d.parent.id}`}>{d.parent.title}</a>
          </>
        )}
      </p>
      <ActionError message={actionError} />
      <section class="card status-line">
        <StatusBadge ctx={ctx} status={task.status} /> <ApprovalBadge ctx={ctx} approval={task.approval} /> {t('task.progress')}: <strong>{task.progress_percent === null ? '—' : fmtPct(task.progress_percent)}</strong>
        {task.progress_on && <span class="muted"> ({formatDate(task.progress_on)})</span>}
        {task.approval === 'approved' && task.approved_at && <span class="muted"> · {t('task.approvedBy', { date: formatDate(task.approved_at), name: task.approved_by ?? '' })}</span>}
        {task.approval === 'returned' && task.return_comment && <p class="notice warn">{t('task.returned', { comment: task.return_comment })}</p>}
        <div class="actions">
          {d.canEdit && (task.approval === 'draft' || task.approval === 'returned') && <SubmitBox ctx={ctx} action={`${base}/submit`} version={task.version} label={t('approval.submitTask')} hint={t('approval.submitTaskTo', { to: d.approverName })} />}
          {d.canApprove && task.approval === 'submitted' && <ApprovalBox ctx={ctx} action={`${base}/decide`} version={task.version} />}
        </div>
      </section>
      <SixClearPanel ctx={ctx} task={task} sources={d.sources} />
      {hasKids && (
        <section class="card">
          <h2>{t('task.subtasks')}</h2>
          <p class="muted">{t('task.rolledUp')}</p>
          <TaskTable ctx={ctx} tasks={d.children} />
        </section>
      )}
      {d.canReport && !hasKids && <ProgressForm ctx={ctx} task={task} form={progressForm} />}
      <section class="card">
        <h2>{t('task.history')}</h2>
        {d.progress.length === 0 ? (
          <p class="muted">{t('task.noProgress')}</p>
        ) : (
          <ol class="history">
            {d.progress.map((p) => (
              <li>
                <strong>{fmtPct(p.percent)}</strong>
                {p.value !== null && ` (${formatNumber(p.value)} ${task.target_unit ?? ''})`} — {t('task.reportedOn')} {formatDate(p.reported_on)} — {t('task.reportedBy', { name: p.actor_label, date: formatDateTime(p.created_at) })}
                {p.note && <p class="pre">{p.note}</p>}
                {p.files.length > 0 && (
                  <ul class="files">
                    {p.files.map((f) => (
                      <li>
                        {f.content_type.startsWith('image/') ? (
                          <a href={`/app/files/${f.id}`}>
                            <img src={`/app/files/${f.id}`} alt={f.original_name} class="thumb" loading="lazy" />
                          </a>
                        ) : (
                          <a href={`/app/files/${f.id}`}>{f.original_name}</a>
                        )}{' '}
                        <span class="muted">({formatNumber(Math.ceil(f.size_bytes / 1024))} KB)</span>
                        {f.content_type.startsWith('image/') && (
                          <>
                            {' '}
                            <a href={`/app/files/${f.id}?original=1`}>{t('file.original')}</a>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <HistoryLink ctx={ctx} id={task.id} />
    </Layout>
  );
}
