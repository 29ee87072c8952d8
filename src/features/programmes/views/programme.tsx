import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDateTime } from '../../../lib/vi/index.ts';
import { sourceShort } from '../../sources/service.ts';
import type { ProgrammeDetail, TaskView } from '../service.ts';
import { fmtPct } from '../schedule.ts';
import { notClearLine, tasksNotClear } from '../status.ts';
import { StatusBadge, ApprovalBadge, span, missingText, ScheduleCss, SubNav, ActionError } from './common.tsx';
import { ApprovalBox, SubmitBox } from './approval.tsx';
import { HistoryLink } from '../../../ui/history-link.tsx';

export function TaskTable({ ctx, tasks, showProgramme }: { ctx: PageContext; tasks: TaskView[]; showProgramme?: boolean }) {
  const { t } = ctx;
  return (
    <DataTable
      ctx={ctx}
      rows={tasks}
      class="tasks"
      rowClass={(x) => (x.parent_id ? 'subtask' : undefined)}
      columns={[
        {
          key: 'title',
          label: t('task.title'),
          cell: (x) => (
            <>
              <a href={`/app/tasks/${x.id}`}>{x.title}</a>
              {x.missing.length > 0 && <small class="missing"> ({t('six.missing', { items: missingText(ctx, x.missing) })})</small>}
            </>
          ),
        },
        ...(showProgramme ? [{ key: 'org', label: t('prog.org'), cell: (x: TaskView) => x.programme_org_name ?? '' }] : []),
        { key: 'owner', label: t('task.owner'), cell: (x) => x.owner_name ?? '—' },
        { key: 'lead', label: t('task.lead'), cell: (x) => x.lead_name ?? '—' },
        { key: 'span', label: t('task.span'), cell: (x) => span(x.start_on, x.due_on) },
        { key: 'progress', label: t('task.progress'), cell: (x) => (x.progress_percent === null ? '—' : fmtPct(x.progress_percent)) },
        { key: 'status', label: t('task.status'), cell: (x) => <StatusBadge ctx={ctx} status={x.status} /> },
        { key: 'approval', label: t('task.approval'), cell: (x) => <ApprovalBadge ctx={ctx} approval={x.approval} /> },
      ]}
    />
  );
}

/** The tasks a refused submit or approval names ("Nhiệm vụ 3 «…»: thiếu Mô tả, cách làm."), each a link to its form (its page for a reader who may not edit it). */
function NotClearList({ ctx, d, message }: { ctx: PageContext; d: ProgrammeDetail; message: string | undefined }) {
  return (
    <div class="form-errors" role="alert">
      {message && <p>{message}</p>}
      <p>{ctx.t('prog.notClearList')}</p>
      <ul>
        {tasksNotClear(d.tasks).map((x) => (
          <li>
            <a href={d.canEdit ? `/app/tasks/${x.id}/edit` : `/app/tasks/${x.id}`}>{notClearLine(ctx.locale, x)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ProgrammePage({ ctx, d, actionError, approvals, notClear }: { ctx: PageContext; d: ProgrammeDetail; actionError?: string; approvals?: boolean | undefined; notClear?: boolean | undefined }) {
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
              {d.tasksOpen && (
                <a class="button primary" href={`${base}/tasks/new`}>
                  {t('task.new')}
                </a>
              )}
            </>
          )}
        </div>
      </div>
      <SubNav ctx={ctx} year={p.year} approvals={approvals} />
      {notClear ? <NotClearList ctx={ctx} d={d} message={actionError} /> : <ActionError message={actionError} />}
      {d.canEdit && !d.tasksOpen && <p class="notice">{t('prog.tasksClosed')}</p>}
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
          {d.canEdit && ['draft', 'returned', 'amended'].includes(p.status) && <SubmitBox ctx={ctx} action={`${base}/submit`} version={p.version} label={t('approval.submitProgramme')} hint={t('approval.submitTo', { to: d.approverName })} />}
          {d.canApprove && p.status === 'submitted' && <ApprovalBox ctx={ctx} action={`${base}/decide`} version={p.version} />}
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
      <HistoryLink ctx={ctx} id={p.id} />
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
      <DataTable
        ctx={ctx}
        rows={tasks}
        columns={[
          { key: 'title', label: t('task.title'), cell: (x) => x.title },
          { key: 'owner', label: t('task.owner'), cell: (x) => x.owner ?? '—' },
          { key: 'lead', label: t('task.lead'), cell: (x) => x.lead ?? '—' },
          { key: 'span', label: t('task.span'), cell: (x) => span(x.start_on, x.due_on) },
          { key: 'milestones', label: t('task.milestones'), cell: (x) => x.milestones.map((m) => `${m.month.slice(5)}: ${fmtPct(m.planned_percent)}`).join('; ') },
        ]}
      />
      <p>
        <a href={back}>{t('common.back')}</a>
      </p>
    </Layout>
  );
}
