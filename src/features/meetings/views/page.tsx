import type { RelatedLink } from '../../../platform/related.ts';
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Badge, Hidden, PageHead, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDate, formatDateTime, formatTime } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import type { MeetingDetail } from '../load.ts';
import { postLine } from '../posts.ts';
import type { ConclusionState } from '../progress.ts';
import { kindName, MeetingsNav, StatusBadge } from './list.tsx';
import { FilesSection } from './files.tsx';
import { AgendaForm, AttendanceForm, AttendeeForm, ConclusionForm, DirectiveForm, ReportForm, type RecordOptions } from './forms.tsx';
import { canOpen, PERMISSIONS } from '../../../platform/access.ts';

export type FormName = 'agenda' | 'attendee' | 'report' | 'directive' | 'conclusion' | 'files' | 'action';

const STATE_TONE: Record<ConclusionState, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { not_task: 'muted', no_tasks: 'muted', not_started: 'muted', in_progress: 'info', late: 'bad', done: 'ok' };

function ActionButton({ ctx, action, label, version, children, primary }: { ctx: PageContext; action: string; label: string; version: number; children?: preact.ComponentChildren; primary?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      {children}
      <button type="submit" class={primary ? 'primary' : undefined}>
        {label}
      </button>
    </form>
  );
}

function Actions({ ctx, d, categories, error }: { ctx: PageContext; d: MeetingDetail; categories: { id: string; name: string }[]; error?: string }) {
  const { t } = ctx;
  const m = d.meeting;
  const base = `/app/meetings/${m.id}`;
  const pendingTasks = d.conclusions.some((c) => c.conclusion.kind === 'task' && !c.conclusion.tasks_created_at);
  return (
    <section class="card no-print" aria-label={t('common.actions')}>
      {error && (
        <div class="form-errors" role="alert">
          <p>{resolveMessage(ctx.locale, error)}</p>
        </div>
      )}
      <div class="head-actions wrap">
        {d.canRecord && d.open && (
          <a class="button" href={`${base}/edit`}>
            {t('common.edit')}
          </a>
        )}
        {d.canRecord && m.status === 'draft' && <ActionButton ctx={ctx} action={`${base}/convene`} label={t('meeting.convene')} version={m.version} primary />}
        {d.canRecord && (m.status === 'draft' || m.status === 'convened') && m.starts_at <= new Date().toISOString() && (
          <ActionButton ctx={ctx} action={`${base}/held`} label={t('meeting.markHeld')} version={m.version}>
            <label for="closed_time">{t('meeting.closedTime')}</label> <input id="closed_time" name="closed_time" size={5} maxLength={5} placeholder={formatTime(m.ends_at)} />{' '}
          </ActionButton>
        )}
        {d.canApprove && <ActionButton ctx={ctx} action={`${base}/approve`} label={t('meeting.approve')} version={m.version} primary />}
        {d.canRecord && (m.status === 'held' || m.status === 'approved') && pendingTasks && <ActionButton ctx={ctx} action={`${base}/tasks`} label={t('meeting.turnIntoTasks')} version={m.version} primary />}
        {d.canRecord && (m.status === 'held' || m.status === 'approved') && !!m.is_public && !m.article_id && categories.length > 0 && (
          <ActionButton ctx={ctx} action={`${base}/article`} label={t('meeting.article.draft')} version={m.version}>
            <label for="category_id">{t('meeting.article.category')}</label>{' '}
            <select id="category_id" name="category_id">
              {categories.map((c) => (
                <option value={c.id}>{c.name}</option>
              ))}
            </select>{' '}
          </ActionButton>
        )}
        {m.article_id && canOpen(ctx, PERMISSIONS['portal.edit'].roles) && <a href={`/app/portal/articles/${m.article_id}`}>{t('meeting.article.open')}</a>}
        {m.status !== 'draft' && <a href={`${base}/invite.ics`}>{t('meeting.ics')}</a>}
        {d.canRecord && (m.status === 'draft' || m.status === 'convened') && (
          <ActionButton ctx={ctx} action={`${base}/cancel`} label={t('meeting.cancel')} version={m.version}>
            <label for="reason">{t('meeting.cancelReason')}</label> <input id="reason" name="reason" maxLength={500} required />{' '}
          </ActionButton>
        )}
      </div>
    </section>
  );
}

/** The meeting page: the record as the minutes will print it, and the office's forms while it is open. */
export function MeetingPage({ ctx, d, options: baseOptions, forms = {}, categories, documents, search = '', related = [] }: { ctx: PageContext; d: MeetingDetail; options: RecordOptions; forms?: Partial<Record<FormName, FormState>>; categories: { id: string; name: string }[]; documents: preact.ComponentChildren; search?: string; related?: RelatedLink[] }) {
  const { t } = ctx;
  const m = d.meeting;
  const editable = d.canRecord && d.open;
  const options: RecordOptions = { ...baseOptions, attendees: d.attendees.filter((a) => a.person_id).map((a) => ({ id: a.person_id as string, full_name: a.name })) };
  const orgName = (id: string | null) => (id ? (d.orgs.get(id)?.short_name ?? d.orgs.get(id)?.name ?? '') : '');
  const taskConclusions = d.conclusions.filter((c) => c.conclusion.kind === 'task');
  const away = d.counts.excused.length + d.counts.absent.length;
  return (
    <Layout ctx={ctx} title={m.title} wide>
      <PageHead title={m.title}>
        <StatusBadge ctx={ctx} status={m.status} />
      </PageHead>
      <MeetingsNav ctx={ctx} canRecord={d.canRecord} />
      <dl class="facts">
        <dt>{t('meeting.kind')}</dt>
        <dd>{kindName(ctx, d.kind)}</dd>
        <dt>{t('meeting.when')}</dt>
        <dd>
          {formatDateTime(m.starts_at)}–{formatTime(m.ends_at)}
          {m.closed_at && m.closed_at !== m.ends_at ? ` (${t('meeting.closedTime')}: ${formatTime(m.closed_at)})` : ''}
        </dd>
        <dt>{t('meeting.place')}</dt>
        <dd>{m.place}</dd>
        <dt>{t('meeting.host')}</dt>
        <dd>{d.host?.name ?? ''}</dd>
        <dt>{t('meeting.chair')}</dt>
        <dd>{d.chair ? `${d.chair.name}${d.chair.posts.length ? ` - ${postLine(d.chair.posts, false)}` : ''}` : t('meeting.none.short')}</dd>
        <dt>{t('meeting.secretary')}</dt>
        <dd>{d.secretary ? `${d.secretary.name}${d.secretary.posts.length ? ` - ${postLine(d.secretary.posts, false)}` : ''}` : t('meeting.none.short')}</dd>
        <dt>{t('meeting.invited')}</dt>
        <dd>{d.invited.map((o) => o.name).join('; ') || t('meeting.none.short')}</dd>
      </dl>
      {m.status === 'cancelled' && <p class="notice">{t('meeting.cancelledBecause', { reason: m.cancel_reason ?? '' })}</p>}
      {m.status === 'approved' && <p class="muted">{t('meeting.approvedBy', { who: m.approved_by ?? '', when: m.approved_at ? formatDateTime(m.approved_at) : '' })}</p>}
      {m.summary && <p>{m.summary}</p>}
      <Actions ctx={ctx} d={d} categories={categories} error={forms.action?.errors._} />

      <section aria-labelledby="agenda-h">
        <h2 id="agenda-h">{t('meeting.agenda')}</h2>
        {d.agenda.length === 0 ? (
          <p class="muted">{t('meeting.agenda.none')}</p>
        ) : (
          <ol class="agenda">
            {d.agenda.map((a, i) => (
              <li>
                {a.title}
                {a.presenter_person_id || a.presenter_name ? ` — ${options.people.find((p) => p.id === a.presenter_person_id)?.full_name ?? a.presenter_name ?? ''}` : ''}
                {a.planned_minutes ? ` (${a.planned_minutes} phút)` : ''}
                {a.carried_conclusion_id && (
                  <>
                    {' '}
                    <Badge tone="warn">{t('meeting.agenda.carried')}</Badge>
                  </>
                )}
                {editable && (
                  <span class="row-actions no-print">
                    {i > 0 && <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/agenda/${a.id}/up`} label={t('meeting.up')} version={m.version} />}
                    {i < d.agenda.length - 1 && <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/agenda/${a.id}/down`} label={t('meeting.down')} version={m.version} />}
                    <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/agenda/${a.id}/remove`} label={t('meeting.remove')} version={m.version} />
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {editable && <AgendaForm ctx={ctx} m={m} form={forms.agenda} options={options} />}
      </section>

      <section aria-labelledby="att-h">
        <h2 id="att-h">{t('meeting.attendees')}</h2>
        <p>
          <strong>{t('meeting.counts', { present: d.counts.present, total: d.counts.total, away })}</strong>
          {away > 0 && ` (${[...d.counts.excused, ...d.counts.absent].map((a) => `${a.name}${a.reason ? `: ${a.reason}` : ''}`).join('; ')})`}
        </p>
        <DataTable
          ctx={ctx}
          rows={d.attendees}
          caption={t('meeting.attendees')}
          empty={t('meeting.attendee.none')}
          columns={[
            { key: 'n', label: 'STT', cell: (a) => String(d.attendees.indexOf(a) + 1) },
            { key: 'name', label: t('meeting.attendee.name'), cell: (a) => a.name },
            { key: 'posts', label: t('meeting.attendee.posts'), cell: (a) => (a.person_id ? postLine(a.posts, false) : (a.guest_title ?? '')) },
            { key: 'role', label: t('meeting.attendee.role'), cell: (a) => t(`meeting.role.${a.role as 'member'}`) },
            {
              key: 'status',
              label: t('meeting.status'),
              cell: (a) => (editable ? <AttendanceForm ctx={ctx} m={m} a={a} /> : `${t(`meeting.att.${a.status as 'present'}`)}${a.reason ? ` (${a.reason})` : ''}`),
            },
          ]}
          actions={editable ? (a) => <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/attendees/${a.id}/remove`} label={t('meeting.remove')} version={m.version} /> : undefined}
        />
        {editable && (
          <form method="get" action={`/app/meetings/${m.id}#att-h`} class="filters no-print" role="search">
            <div class="field grow">
              <label for="people">{t('meeting.people.search')}</label>
              <input id="people" name="people" type="search" value={search} maxLength={100} placeholder={t('meeting.people.hint')} />
            </div>
            <button type="submit">{t('common.search')}</button>
          </form>
        )}
        {editable && <AttendeeForm ctx={ctx} m={m} form={search ? (forms.attendee ?? { values: {}, errors: {} }) : forms.attendee} options={options} open={!!search} />}
      </section>

      <section aria-labelledby="rep-h">
        <h2 id="rep-h">{t('meeting.reports')}</h2>
        {d.reports.length === 0 && <p class="muted">{t('meeting.report.none')}</p>}
        {d.reports.map((r) => (
          <article class="proceeding">
            <h3>
              {r.org_name}
              {r.presenter_name ? ` — ${r.presenter_name}` : ''}
            </h3>
            <p class="pre">{r.summary}</p>
            {r.file_id && <a href={`/app/meetings/${m.id}/files/${r.file_id}`}>{t('meeting.report.file')}</a>}
            {editable && <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/reports/${r.id}/remove`} label={t('meeting.remove')} version={m.version} />}
          </article>
        ))}
        {editable && <ReportForm ctx={ctx} m={m} form={forms.report} options={options} />}
        {[...new Set(related.map((r) => r.group))].map((group) => (
          <>
            <h3>{group}</h3>
            <ul>
              {related
                .filter((r) => r.group === group)
                .map((r) => (
                  <li>
                    <a href={r.href}>{r.label}</a>
                  </li>
                ))}
            </ul>
          </>
        ))}
      </section>

      <section aria-labelledby="dir-h">
        <h2 id="dir-h">{t('meeting.directives')}</h2>
        {d.directives.length === 0 && <p class="muted">{t('meeting.directive.none')}</p>}
        {d.directives.map((x) => (
          <article class="proceeding">
            <h3>
              {x.speaker_full_name ?? x.speaker_name ?? ''}
              {x.org_ids.length ? ` → ${x.org_ids.map(orgName).join(', ')}` : ''}
            </h3>
            <p class="pre">{x.content}</p>
            {editable && <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/directives/${x.id}/remove`} label={t('meeting.remove')} version={m.version} />}
          </article>
        ))}
        {editable && <DirectiveForm ctx={ctx} m={m} form={forms.directive} options={options} />}
      </section>

      <section aria-labelledby="con-h">
        <h2 id="con-h">{t('meeting.conclusions')}</h2>
        {taskConclusions.length > 0 && <p>{t('meeting.conclusion.progress', { done: taskConclusions.filter((c) => c.state === 'done').length, total: taskConclusions.length })}</p>}
        {d.conclusions.length === 0 && <p class="muted">{t('meeting.conclusion.none')}</p>}
        <ol class="conclusions">
          {d.conclusions.map((c) => (
            <li id={`c-${c.conclusion.id}`} value={c.conclusion.number}>
              <p class="pre">{c.conclusion.content}</p>
              <p class="muted">
                {t(`meeting.conclusion.kind.${c.conclusion.kind as 'task'}`)}
                {c.conclusion.lead_org_id ? ` · ${t('meeting.conclusion.lead')}: ${orgName(c.conclusion.lead_org_id)}` : ''}
                {c.conclusion.coordinating_org_ids.length ? ` · ${t('meeting.conclusion.coordinating')}: ${c.conclusion.coordinating_org_ids.map(orgName).join(', ')}` : ''}
                {c.conclusion.addressed_org_ids.length ? ` · ${t('meeting.conclusion.addressed')}: ${c.conclusion.addressed_org_ids.map(orgName).join(', ')}` : ''}
                {c.conclusion.due_on ? ` · ${t('meeting.conclusion.due')}: ${formatDate(c.conclusion.due_on)}` : ''}{' '}
                <Badge tone={STATE_TONE[c.state]}>{t(`meeting.conclusion.state.${c.state}`)}</Badge>
              </p>
              {c.tasks.length > 0 && (
                <ul class="tasks">
                  {c.tasks.map((task) => (
                    <li>
                      <a href={`/app/tasks/${task.id}`}>{task.lead_short ?? task.lead_name ?? ''}</a>: {t(`status.${task.status}`)}
                    </li>
                  ))}
                </ul>
              )}
              {editable && !c.conclusion.tasks_created_at && <ActionButton ctx={ctx} action={`/app/meetings/${m.id}/conclusions/${c.conclusion.id}/remove`} label={t('meeting.remove')} version={m.version} />}
            </li>
          ))}
        </ol>
        {editable && <ConclusionForm ctx={ctx} m={m} form={forms.conclusion} options={options} />}
      </section>

      <FilesSection ctx={ctx} d={d} form={forms.files} editable={editable} />

      <section aria-labelledby="doc-h">
        <h2 id="doc-h">{t('meeting.documents')}</h2>
        {documents}
      </section>
    </Layout>
  );
}
