import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { formatDateTime } from '../../../lib/vi/index.ts';
import { sourceShort } from '../../sources/service.ts';
import type { ProgrammeDetail, TaskView } from '../service.ts';
import { fmtPct } from '../schedule.ts';
import { StatusBadge, ApprovalBadge, span, missingText, ScheduleCss, SubNav, ActionError, VersionForm } from './common.tsx';

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
