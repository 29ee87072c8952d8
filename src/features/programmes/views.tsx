import type { ComponentChildren } from 'preact';
import { Layout, Csrf, uploadAction } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, Hidden, Select, TextArea, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { resolveMessage } from '../../platform/i18n/index.ts';
import { formatDate, formatDateTime, formatNumber } from '../../lib/vi/index.ts';
import { sourceShort, type SourceRow } from '../sources/service.ts';
import { MONTH_FIELDS, type ProgrammeStatus } from './schema.ts';
import type { ProgrammeDetail, ProgrammeListItem, TaskDetail, TaskView } from './service.ts';
import { STATUS_TONE, type SixClear, type TaskStatus } from './status.ts';
import { fmtPct } from './schedule.ts';

const APPROVAL_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { draft: 'muted', submitted: 'info', approved: 'ok', returned: 'bad', amended: 'warn' };

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: TaskStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]}>
      <span class={`st st-${status}`}>{ctx.t(`status.${status}`)}</span>
    </Badge>
  );
}

export function ApprovalBadge({ ctx, approval }: { ctx: PageContext; approval: string }) {
  return <Badge tone={APPROVAL_TONE[approval] ?? 'muted'}>{ctx.t(`approval.${approval as ProgrammeStatus}`)}</Badge>;
}

const span = (a: string | null, b: string | null) => `${a ? formatDate(a) : '…'} – ${b ? formatDate(b) : '…'}`;
const missingText = (ctx: PageContext, m: readonly SixClear[]) => m.map((x) => ctx.t(`six.${x}`)).join(', ');

export function ScheduleCss() {
  // A body-ok stylesheet link (the shared layout has no per-page head slot): the programme pages share the schedule's styles.
  return <link rel="stylesheet" href="/static/schedule.css" />;
}

function SubNav({ ctx, year }: { ctx: PageContext; year: number }) {
  const { t } = ctx;
  return (
    <nav class="subnav no-print" aria-label={t('prog.title')}>
      <a href={`/app/programmes?year=${year}`}>{t('prog.title')}</a> · <a href={`/app/schedule?year=${year}`}>{t('prog.schedule')}</a> · <a href={`/app/programmes/dashboard?year=${year}`}>{t('prog.dashboard')}</a> · <a href="/app/sources">{t('src.title')}</a> · <a href="/app/notifications">{t('notif.title')}</a>
    </nav>
  );
}

export function ProgrammeListPage({ ctx, items, year, canCreate }: { ctx: PageContext; items: ProgrammeListItem[]; year: number; canCreate: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('prog.title')} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>
          {t('prog.title')} {year}
        </h1>
        {canCreate && (
          <a class="button primary" href={`/app/programmes/new?year=${year}`}>
            {t('prog.new')}
          </a>
        )}
      </div>
      <SubNav ctx={ctx} year={year} />
      <form method="get" action="/app/programmes" class="filters">
        <div class="field">
          <label for="year">{t('prog.year')}</label>
          <input id="year" name="year" type="number" value={String(year)} min={2000} max={2100} />
        </div>
        <button type="submit">{t('common.filter')}</button>
      </form>
      {items.length === 0 ? (
        <p class="empty">{t('prog.none')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('prog.org')}</th>
              <th scope="col">{t('prog.name')}</th>
              <th scope="col">{t('prog.status')}</th>
              <th scope="col">{t('prog.tasks')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr>
                <td data-label={t('prog.org')}>{p.org_name}</td>
                <td data-label={t('prog.name')}>
                  <a href={`/app/programmes/${p.id}`}>{p.title}</a>
                </td>
                <td data-label={t('prog.status')}>
                  <ApprovalBadge ctx={ctx} approval={p.status} />
                </td>
                <td data-label={t('prog.tasks')}>
                  {t('prog.taskCount', { n: p.tasks })} · {t('prog.doneCount', { n: p.done })} · {t('prog.lateCount', { n: p.late })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** A fieldset of checkboxes for a list of ids (coordinating organizations, cited documents). */
function Checks({ ctx, form, name, label, options }: { ctx: PageContext; form: FormState; name: string; label: string; options: Option[] }) {
  const raw = form.values[name];
  const chosen = new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).map(String));
  const err = form.errors[name];
  return (
    <fieldset class={'checks' + (err ? ' has-error' : '')}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label class="check">
          <input type="checkbox" name={name} value={o.value} checked={chosen.has(o.value)} /> {o.label}
        </label>
      ))}
      {err && <small class="error">{resolveMessage(ctx.locale, err)}</small>}
    </fieldset>
  );
}

function SourceChecks({ ctx, form, sources }: { ctx: PageContext; form: FormState; sources: SourceRow[] }) {
  return <Checks ctx={ctx} form={form} name="source_ids" label={ctx.t('prog.sources')} options={sources.map((s) => ({ value: s.id, label: `${sourceShort(s)} — ${s.title}` }))} />;
}

export function ProgrammeFormPage({ ctx, form, action, isNew, orgOptions, sources }: { ctx: PageContext; form: FormState; action: string; isNew: boolean; orgOptions: Option[]; sources: SourceRow[] }) {
  const { t } = ctx;
  const title = isNew ? t('prog.new') : t('prog.edit');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        {isNew && (
          <div class="row">
            <Select ctx={ctx} form={form} name="org_id" label={t('prog.org')} required empty="—" options={orgOptions} />
            <Field ctx={ctx} form={form} name="year" label={t('prog.year')} type="number" required />
          </div>
        )}
        <Field ctx={ctx} form={form} name="title" label={t('prog.name')} required maxLength={300} hint={t('prog.nameHint')} />
        <SourceChecks ctx={ctx} form={form} sources={sources} />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/programmes">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

function ActionError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div class="form-errors" role="alert">
      <p>{message}</p>
    </div>
  );
}

function VersionForm({ ctx, action, version, label, primary, comment }: { ctx: PageContext; action: string; version: number; label: string; primary?: boolean; comment?: 'optional' | 'required' }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      {comment && (
        <label>
          {ctx.t('prog.comment')} <input name="comment" required={comment === 'required'} maxLength={2000} />
        </label>
      )}
      <button type="submit" class={primary ? 'primary' : undefined}>
        {label}
      </button>
    </form>
  );
}

export function TaskTable({ ctx, tasks, showProgramme }: { ctx: PageContext; tasks: TaskView[]; showProgramme?: boolean }) {
  const { t } = ctx;
  return (
    <table class="grid tasks">
      <thead>
        <tr>
          <th scope="col">{t('task.title')}</th>
          {showProgramme && <th scope="col">{t('prog.org')}</th>}
          <th scope="col">{t('task.owner')}</th>
          <th scope="col">{t('task.lead')}</th>
          <th scope="col">{t('task.span')}</th>
          <th scope="col">{t('task.progress')}</th>
          <th scope="col">{t('task.status')}</th>
          <th scope="col">{t('task.approval')}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((x) => (
          <tr class={x.parent_id ? 'subtask' : undefined}>
            <td data-label={t('task.title')}>
              <a href={`/app/tasks/${x.id}`}>{x.title}</a>
              {x.missing.length > 0 && <small class="missing"> ({t('six.missing', { items: missingText(ctx, x.missing) })})</small>}
            </td>
            {showProgramme && <td data-label={t('prog.org')}>{x.programme_org_name ?? ''}</td>}
            <td data-label={t('task.owner')}>{x.owner_name ?? '—'}</td>
            <td data-label={t('task.lead')}>{x.lead_name ?? '—'}</td>
            <td data-label={t('task.span')}>{span(x.start_on, x.due_on)}</td>
            <td data-label={t('task.progress')}>{x.progress_percent === null ? '—' : fmtPct(x.progress_percent)}</td>
            <td data-label={t('task.status')}>
              <StatusBadge ctx={ctx} status={x.status} />
            </td>
            <td data-label={t('task.approval')}>
              <ApprovalBadge ctx={ctx} approval={x.approval} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProgrammePage({ ctx, d, actionError }: { ctx: PageContext; d: ProgrammeDetail; actionError?: string }) {
  const { t } = ctx;
  const p = d.programme;
  const base = `/app/programmes/${p.id}`;
  return (
    <Layout ctx={ctx} title={p.title} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>{p.title}</h1>
        <div class="head-actions">
          <a class="button" href={`/app/schedule?year=${p.year}&org=${p.org_id}`}>
            {t('prog.schedule')}
          </a>
          {d.canEdit && (
            <>
              <a class="button" href={`${base}/edit`}>
                {t('prog.edit')}
              </a>
              <a class="button primary" href={`${base}/tasks/new`}>
                {t('task.new')}
              </a>
            </>
          )}
        </div>
      </div>
      <SubNav ctx={ctx} year={p.year} />
      <ActionError message={actionError} />
      <section class="card">
        <dl class="facts">
          <dt>{t('prog.org')}</dt>
          <dd>{d.orgName}</dd>
          <dt>{t('prog.year')}</dt>
          <dd>{p.year}</dd>
          <dt>{t('prog.status')}</dt>
          <dd>
            <ApprovalBadge ctx={ctx} approval={p.status} />
            {p.decision_comment && <span> {t('prog.decision', { comment: p.decision_comment })}</span>}
          </dd>
          <dt>{t('prog.sources')}</dt>
          <dd>
            {d.sources.length ? (
              <ul class="plain">
                {d.sources.map((s) => (
                  <li>
                    <a href={`/app/schedule?year=${p.year}&source=${s.id}`}>{sourceShort(s)}</a> — {s.title}
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </dd>
        </dl>
        <div class="actions">
          {d.canEdit && ['draft', 'returned', 'amended'].includes(p.status) && <VersionForm ctx={ctx} action={`${base}/submit`} version={p.version} label={t('prog.submit')} primary />}
          {d.canApprove && p.status === 'submitted' && (
            <>
              <VersionForm ctx={ctx} action={`${base}/approve`} version={p.version} label={t('prog.approve')} primary comment="optional" />
              <VersionForm ctx={ctx} action={`${base}/return`} version={p.version} label={t('prog.return')} comment="required" />
            </>
          )}
        </div>
      </section>
      <section class="card">
        <h2>{t('prog.tasks')}</h2>
        {d.tasks.length === 0 ? <p class="muted">{t('prog.noTasks')}</p> : <TaskTable ctx={ctx} tasks={d.tasks} />}
      </section>
      {d.versions.length > 0 && (
        <section class="card">
          <h2>{t('prog.versions')}</h2>
          <ul class="plain">
            {d.versions.map((v) => (
              <li>
                <a href={`${base}/versions/${v.version_no}`}>{t('prog.versionNo', { n: v.version_no })}</a> — {t('prog.approvedBy', { date: formatDateTime(v.approved_at), name: v.approved_by })}
                {v.comment ? ` — ${v.comment}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={`/app/audit?entity=${p.id}`}>{t('person.history')}</a>
      </p>
    </Layout>
  );
}

interface VersionTask {
  title: string;
  owner: string | null;
  lead: string | null;
  start_on: string | null;
  due_on: string | null;
  milestones: { month: string; planned_percent: number }[];
}

export function VersionPage({ ctx, title, no, approvedAt, approvedBy, tasks, back }: { ctx: PageContext; title: string; no: number; approvedAt: string; approvedBy: string; tasks: VersionTask[]; back: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${title} — ${t('prog.versionNo', { n: no })}`} wide>
      <h1>
        {title} — {t('prog.versionNo', { n: no })}
      </h1>
      <p class="lead">{t('prog.approvedBy', { date: formatDateTime(approvedAt), name: approvedBy })}</p>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">{t('task.title')}</th>
            <th scope="col">{t('task.owner')}</th>
            <th scope="col">{t('task.lead')}</th>
            <th scope="col">{t('task.span')}</th>
            <th scope="col">{t('task.milestones')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((x) => (
            <tr>
              <td>{x.title}</td>
              <td>{x.owner ?? '—'}</td>
              <td>{x.lead ?? '—'}</td>
              <td>{span(x.start_on, x.due_on)}</td>
              <td>{x.milestones.map((m) => `${m.month.slice(5)}: ${fmtPct(m.planned_percent)}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={back}>{t('common.back')}</a>
      </p>
    </Layout>
  );
}

export interface TaskFormProps {
  ctx: PageContext;
  form: FormState;
  action: string;
  title: string;
  year: number;
  isNew: boolean;
  people: Option[];
  orgs: Option[];
  sources: SourceRow[];
  back: string;
}

export function TaskFormPage({ ctx, form, action, title, year, isNew, people, orgs, sources, back }: TaskFormProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <fieldset>
          <legend>{t('six.work')}</legend>
          <Field ctx={ctx} form={form} name="title" label={t('task.title')} required maxLength={500} />
          <TextArea ctx={ctx} form={form} name="description" label={t('task.description')} rows={3} />
        </fieldset>
        <fieldset>
          <legend>
            {t('six.owner')}, {t('six.responsibility')}
          </legend>
          <div class="row">
            <Select ctx={ctx} form={form} name="owner_person_id" label={t('task.owner')} empty="—" options={people} />
            <Select ctx={ctx} form={form} name="lead_org_id" label={t('task.lead')} empty="—" options={orgs} />
          </div>
          <details class="coord">
            <summary>{t('task.coordinating')}</summary>
            <Checks ctx={ctx} form={form} name="coordinating_org_ids" label={t('task.coordinating')} options={orgs} />
          </details>
        </fieldset>
        <fieldset>
          <legend>{t('six.time')}</legend>
          <div class="row">
            <Field ctx={ctx} form={form} name="start_on" label={t('task.start')} date />
            <Field ctx={ctx} form={form} name="due_on" label={t('task.due')} date />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('six.progress')}</legend>
          <p class="hint">{t('task.milestonesHint')}</p>
          <div class="months">
            {MONTH_FIELDS.map((f, i) => (
              <Field ctx={ctx} form={form} name={f} label={`${t('task.month', { n: i + 1 })}/${year}`} maxLength={6} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('six.result')}</legend>
          <Select ctx={ctx} form={form} name="result_kind" label={t('task.resultKind')} empty="—" options={[{ value: 'indicator', label: t('task.resultKind.indicator') }, { value: 'deliverable', label: t('task.resultKind.deliverable') }]} />
          <div class="row">
            <Field ctx={ctx} form={form} name="target_value" label={t('task.target')} maxLength={20} />
            <Field ctx={ctx} form={form} name="target_unit" label={t('task.unit')} maxLength={40} hint={t('task.unitHint')} />
          </div>
          <Field ctx={ctx} form={form} name="deliverable" label={t('task.deliverable')} maxLength={500} />
        </fieldset>
        <SourceChecks ctx={ctx} form={form} sources={sources} />
        <fieldset>
          <legend>{t('task.origin')}</legend>
          <div class="row">
            <Select ctx={ctx} form={form} name="origin_kind" label={t('task.origin')} options={[{ value: 'programme', label: t('task.origin.programme') }, { value: 'conclusion', label: t('task.origin.conclusion') }, { value: 'target', label: t('task.origin.target') }]} />
            <Field ctx={ctx} form={form} name="origin_note" label={t('task.originNote')} maxLength={300} />
          </div>
        </fieldset>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={back}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

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
          {task.origin_note ? ` — ${task.origin_note}` : ''}
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
        <input id="f-files" name="files" type="file" multiple accept="image/*,.pdf,.doc,.docx,.xlsx,.odt" />
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
          {d.canEdit && (
            <a class="button" href={`${base}/edit`}>
              {t('task.edit')}
            </a>
          )}
          {d.canEdit && !task.parent_id && (
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
          {d.canEdit && (task.approval === 'draft' || task.approval === 'returned') && <VersionForm ctx={ctx} action={`${base}/submit`} version={task.version} label={t('task.submit')} primary />}
          {d.canApprove && task.approval === 'submitted' && <VersionForm ctx={ctx} action={`${base}/approve`} version={task.version} label={t('task.approve')} primary />}
          {d.canApprove && task.approval === 'submitted' && <VersionForm ctx={ctx} action={`${base}/return`} version={task.version} label={t('task.return')} comment="required" />}
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
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <p>
        <a href={`/app/audit?entity=${task.id}`}>{t('task.auditHistory')}</a>
      </p>
    </Layout>
  );
}
