// The home page "Việc của tôi" (D49): sections in the order of the day's work — approvals waiting
// on me, my tasks (overdue, behind schedule, due this week, due soon), reports to send, what I sent,
// meetings, my organizations. Each line is one link to the place where the action is done.
import type { ComponentChildren } from 'preact';
import { Layout } from '../../ui/layout.tsx';
import { Badge, Pager, withQuery } from '../../ui/components.tsx';
import { readsOnly, type PageContext } from '../../ui/context.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { formatDate, formatDateTime, formatLongDate, formatNumber, formatPercent } from '../../lib/vi/index.ts';
import { STATUS_TONE, type ApprovalLine, type Bounded, type MyTaskLine } from '../programmes/service.ts';
import type { ArticleLine } from '../portal/service.ts';
import type { ReportLine } from '../reports/service.ts';
import type { MeetingLine } from '../meetings/service.ts';
import { LIST_PAGE, type HomeData, type HomeList } from './service.ts';

type T = PageContext['t'];

/** A titled block of lines; `empty` when there are none, "xem tất cả" when the list is cut. */
function Block<L>({ ctx, id, title, data, empty, all, line }: { ctx: PageContext; id: string; title?: string; data: Bounded<L>; empty: string; all?: string | undefined; line: (l: L) => ComponentChildren }) {
  const { t } = ctx;
  return (
    <div class="home-block" id={id}>
      {title && (
        <h3>
          {title} <span class="home-count">({formatNumber(data.total)})</span>
        </h3>
      )}
      {data.items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="home-list">
          {data.items.map((l) => (
            <li>{line(l)}</li>
          ))}
        </ul>
      )}
      {all && data.total > data.items.length && (
        <p class="home-all">
          <a href={all}>{t('home.all', { n: formatNumber(data.total) })}</a>
        </p>
      )}
    </div>
  );
}

function due(t: T, d: string | null) {
  return d ? t('home.due', { date: formatDate(d) }) : t('home.noDue');
}

export function TaskLine({ ctx, l }: { ctx: PageContext; l: MyTaskLine }) {
  const { t } = ctx;
  return (
    <>
      {/* A rolled-up task takes no report of its own: its page, where its sub-tasks are. */}
      <a href={l.rollup ? `/app/tasks/${l.id}` : `/app/tasks/${l.id}#progress`}>{l.title}</a>
      <span class="home-meta">
        {l.org && <>{l.org} · </>}
        {due(t, l.due_on)} · <Badge tone={STATUS_TONE[l.status]}>{t(`status.${l.status}` as MessageKey)}</Badge>
        {l.progress_percent !== null && <> · {formatPercent(l.progress_percent / 100)}</>}
      </span>
    </>
  );
}

export function ApprovalItem({ ctx, l, href }: { ctx: PageContext; l: ApprovalLine; href: string }) {
  const { t } = ctx;
  return (
    <>
      <a href={href}>{l.title}</a>
      <span class="home-meta">
        {l.org && <>{l.org} · </>}
        <Badge tone={l.state === 'returned' ? 'warn' : l.state === 'approved' ? 'ok' : 'info'}>{t(`approval.${l.state}` as MessageKey)}</Badge>
        {l.at && (
          <>
            {' '}
            · <time dateTime={l.at}>{formatDateTime(l.at)}</time>
          </>
        )}
      </span>
      {l.comment && <span class="home-comment">{t('home.returnedWith', { comment: l.comment })}</span>}
    </>
  );
}

function ArticleItem({ ctx, l }: { ctx: PageContext; l: ArticleLine }) {
  const { t } = ctx;
  return (
    <>
      <a href={`/app/portal/articles/${l.id}`}>{l.title}</a>
      <span class="home-meta">
        {l.author} · <Badge tone={l.status === 'returned' ? 'warn' : l.status === 'published' ? 'ok' : 'info'}>{t(`portal.status.${l.status}` as MessageKey)}</Badge>
        {l.at && (
          <>
            {' '}
            · <time dateTime={l.at}>{formatDateTime(l.at)}</time>
          </>
        )}
      </span>
      {l.note && <span class="home-comment">{t('home.returnedWith', { comment: l.note })}</span>}
    </>
  );
}

function ReportItem({ ctx, l, today }: { ctx: PageContext; l: ReportLine; today: string }) {
  const { t } = ctx;
  const late = l.due_on < today && ['pending', 'draft', 'returned'].includes(l.status);
  return (
    <>
      <a href={`/app/reports/submissions/${l.id}`}>{l.title}</a>
      <span class="home-meta">
        {l.org} · {t('report.due')} {formatDate(l.due_on)} · {t(`report.status.${l.status}` as MessageKey)}
        {late && (
          <>
            {' '}
            <Badge tone="bad">{t('home.overdue')}</Badge>
          </>
        )}
      </span>
      {l.comment && <span class="home-comment">{t('home.returnedWith', { comment: l.comment })}</span>}
    </>
  );
}

function MeetingItem({ ctx, l }: { ctx: PageContext; l: MeetingLine }) {
  return (
    <>
      <a href={`/app/meetings/${l.id}`}>{l.title}</a>
      <span class="home-meta">
        <time dateTime={l.starts_at}>{formatDateTime(l.starts_at)}</time> · {l.place} · {ctx.t(`meeting.status.${l.status}` as MessageKey)}
      </span>
    </>
  );
}

function Section({ id, title, lead, children }: { id: string; title: string; lead?: string; children: ComponentChildren }) {
  return (
    <section class="card home-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {lead && <p class="muted">{lead}</p>}
      {children}
    </section>
  );
}

export function HomePage({ ctx, h }: { ctx: PageContext; h: HomeData }) {
  const { t } = ctx;
  const a = h.approvals;
  const approvalsTotal = a.programmes.total + a.tasks.total + a.articles.total + a.minutes.total + a.reports.total;
  const sentTotal = h.sent.programmes.total + h.sent.tasks.total + h.sent.articles.total + h.sent.reports.total;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{readsOnly(ctx) ? t('home.welcomeReader', { name: ctx.user?.displayName ?? '', date: formatLongDate(h.dates.today), ward: ctx.ward?.name ?? '' }) : t('home.welcome', { name: ctx.user?.displayName ?? '', date: formatLongDate(h.dates.today) })}</p>
      {h.board && (
        <section class="card home-board" aria-labelledby="home-board">
          <h2 id="home-board">{t('home.board')}</h2>
          <p>{t('home.boardLead')}</p>
          <p>
            <a class="button primary" href="/app/programmes/dashboard">
              {t('home.boardOpen')}
            </a>
          </p>
        </section>
      )}
      {a.any && (
        <Section id="home-approvals" title={`${t('home.approvals')} (${formatNumber(approvalsTotal)})`}>
          {approvalsTotal === 0 && <p class="muted">{t('home.approvals.none')}</p>}
          {a.programmes.total > 0 && <Block ctx={ctx} id="approve-programmes" title={t('home.approvals.programmes')} data={a.programmes} empty="" all="/app/home/programmes" line={(l) => <ApprovalItem ctx={ctx} l={l} href={`/app/programmes/${l.id}`} />} />}
          {a.tasks.total > 0 && <Block ctx={ctx} id="approve-tasks" title={t('home.approvals.tasks')} data={a.tasks} empty="" all="/app/home/tasks" line={(l) => <ApprovalItem ctx={ctx} l={l} href={`/app/tasks/${l.id}`} />} />}
          {a.articles.total > 0 && <Block ctx={ctx} id="approve-articles" title={t('home.approvals.articles')} data={a.articles} empty="" all="/app/portal?status=submitted" line={(l) => <ArticleItem ctx={ctx} l={l} />} />}
          {a.minutes.total > 0 && <Block ctx={ctx} id="approve-minutes" title={t('home.approvals.minutes')} data={a.minutes} empty="" line={(l) => <MeetingItem ctx={ctx} l={l} />} />}
          {a.reports.total > 0 && <Block ctx={ctx} id="approve-reports" title={t('home.approvals.reports')} data={a.reports} empty="" all="/app/reports" line={(l) => <ReportItem ctx={ctx} l={l} today={h.dates.today} />} />}
        </Section>
      )}
      {h.tasks && (
        <Section id="home-tasks" title={t('home.tasks')} lead={t('home.tasks.lead')}>
          <Block ctx={ctx} id="tasks-overdue" title={t('home.tasks.overdue')} data={h.tasks.overdue} empty={t('home.tasks.overdue.none')} all="/app/home/overdue" line={(l) => <TaskLine ctx={ctx} l={l} />} />
          <Block ctx={ctx} id="tasks-late" title={t('home.tasks.late')} data={h.tasks.late} empty={t('home.tasks.late.none')} all="/app/home/late" line={(l) => <TaskLine ctx={ctx} l={l} />} />
          <Block ctx={ctx} id="tasks-week" title={t('home.tasks.week')} data={h.tasks.thisWeek} empty={t('home.tasks.week.none')} all="/app/home/week" line={(l) => <TaskLine ctx={ctx} l={l} />} />
          <Block ctx={ctx} id="tasks-soon" title={t('home.tasks.soon')} data={h.tasks.soon} empty={t('home.tasks.soon.none')} all="/app/home/soon" line={(l) => <TaskLine ctx={ctx} l={l} />} />
        </Section>
      )}
      {h.reportsOwed && (
        <Section id="home-reports" title={`${t('home.reports')} (${formatNumber(h.reportsOwed.total)})`}>
          <Block ctx={ctx} id="reports-owed" data={h.reportsOwed} empty={t('home.reports.none')} all="/app/reports" line={(l) => <ReportItem ctx={ctx} l={l} today={h.dates.today} />} />
        </Section>
      )}
      {h.sent.any && (
        <Section id="home-sent" title={`${t('home.sent')} (${formatNumber(sentTotal)})`}>
          {sentTotal === 0 && <p class="muted">{t('home.sent.none')}</p>}
          {h.newArticle && (
            <p>
              <a class="button" href="/app/portal/articles/new">
                {t('home.newArticle')}
              </a>
            </p>
          )}
          {h.sent.programmes.total > 0 && <Block ctx={ctx} id="sent-programmes" title={t('home.approvals.programmes')} data={h.sent.programmes} empty="" all="/app/home/sent-programmes" line={(l) => <ApprovalItem ctx={ctx} l={l} href={`/app/programmes/${l.id}`} />} />}
          {h.sent.tasks.total > 0 && <Block ctx={ctx} id="sent-tasks" title={t('home.approvals.tasks')} data={h.sent.tasks} empty="" all="/app/home/sent-tasks" line={(l) => <ApprovalItem ctx={ctx} l={l} href={`/app/tasks/${l.id}`} />} />}
          {h.sent.articles.total > 0 && <Block ctx={ctx} id="sent-articles" title={t('home.approvals.articles')} data={h.sent.articles} empty="" all="/app/portal" line={(l) => <ArticleItem ctx={ctx} l={l} />} />}
          {h.sent.reports.total > 0 && <Block ctx={ctx} id="sent-reports" title={t('home.sent.reports')} data={h.sent.reports} empty="" all="/app/reports" line={(l) => <ReportItem ctx={ctx} l={l} today={h.dates.today} />} />}
        </Section>
      )}
      {h.meetings && (
        <Section id="home-meetings" title={`${t('home.meetings')} (${formatNumber(h.meetings.total)})`}>
          <Block ctx={ctx} id="meetings-soon" data={h.meetings} empty={t('home.meetings.none')} all="/app/meetings" line={(l) => <MeetingItem ctx={ctx} l={l} />} />
        </Section>
      )}
      {h.orgs.length > 0 && (
        <Section id="home-orgs" title={t('home.orgs')}>
          <ul class="home-list">
            {h.orgs.map((o) => (
              <li>
                <a href={`/app/orgs/${o.id}`}>{o.name}</a>
                <span class="home-meta">
                  {t(o.head ? 'home.orgs.head' : 'home.orgs.member')} ·{' '}
                  {o.programmeId ? (
                    <a href={`/app/programmes/${o.programmeId}`}>{t('home.orgs.programme', { year: h.year })}</a>
                  ) : o.head ? (
                    <a href={`/app/programmes/new?year=${h.year}`}>{t('home.orgs.newProgramme', { year: h.year })}</a>
                  ) : (
                    t('home.orgs.noProgramme', { year: h.year })
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {h.reportBoard.length > 0 && (
        <Section id="home-report-board" title={t('home.reportBoard')}>
          <ul class="home-list">
            {h.reportBoard.map((r) => (
              <li>
                <a href={`/app/reports/${r.request.id}`}>{r.request.title}</a>
                <span class="home-meta">
                  {t('report.due')} {formatDate(r.request.due_on)} ·{' '}
                  {t('home.reportLine', { received: formatNumber(r.board.rates.received), total: formatNumber(r.board.lines.length), onTime: r.board.rates.onTimeRate === null ? '—' : formatPercent(r.board.rates.onTimeRate) })}
                  {r.board.counts.overdue > 0 && (
                    <>
                      {' '}
                      <Badge tone="bad">{t('home.reportOverdue', { n: r.board.counts.overdue })}</Badge>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <p class="home-all">
            <a href="/app/reports">{t('home.allReports')}</a>
          </p>
        </Section>
      )}
    </Layout>
  );
}

const LIST_TITLE: Record<HomeList, MessageKey> = {
  overdue: 'home.list.overdue',
  late: 'home.list.late',
  week: 'home.list.week',
  soon: 'home.list.soon',
  programmes: 'home.list.programmes',
  tasks: 'home.list.tasks',
  'sent-programmes': 'home.list.sentProgrammes',
  'sent-tasks': 'home.list.sentTasks',
};

/** A whole list behind "xem tất cả", LIST_PAGE lines a page. */
export function HomeListPage({ ctx, list, page, data }: { ctx: PageContext; list: HomeList; page: number; data: { kind: 'task' | 'approval'; items: (ApprovalLine | MyTaskLine)[]; total: number } }) {
  const { t } = ctx;
  const title = t(LIST_TITLE[list]);
  const href = (l: ApprovalLine) => (list === 'programmes' ? `/app/programmes/${l.id}` : list === 'sent-programmes' ? `/app/programmes/${l.id}` : `/app/tasks/${l.id}`);
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href="/app">{t('home.back')}</a>
      </p>
      <h1>{title}</h1>
      {data.items.length === 0 ? (
        <p class="muted">{t('home.list.empty')}</p>
      ) : (
        <ol class="home-list" start={(page - 1) * LIST_PAGE + 1}>
          {data.items.map((l) => (
            <li>{data.kind === 'task' ? <TaskLine ctx={ctx} l={l as MyTaskLine} /> : <ApprovalItem ctx={ctx} l={l as ApprovalLine} href={href(l as ApprovalLine)} />}</li>
          ))}
        </ol>
      )}
      <Pager ctx={ctx} page={page} pageSize={LIST_PAGE} total={data.total} href={(p) => withQuery(`/app/home/${list}`, { page: p })} />
    </Layout>
  );
}
