import type { FastifyInstance } from 'fastify';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { ALL_ROLES } from '../../platform/auth/roles.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/vi/index.ts';
import { actionLabel } from '../audit/service.ts';
import { dashboardSummary, type DashboardSummary } from './service.ts';

function DashboardPage({ ctx, s }: { ctx: PageContext; s: DashboardSummary }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('dash.title')}>
      <h1>{t('dash.title')}</h1>
      <p class="lead">{t('dash.welcome', { name: ctx.user?.displayName ?? '' })}</p>
      <ul class="stats">
        <li>
          <a href="/app/people">
            <strong>{formatNumber(s.people)}</strong> {t('dash.people')}
          </a>
        </li>
        <li>
          <a href="/app/orgs">
            <strong>{formatNumber(s.orgs)}</strong> {t('dash.orgs')}
          </a>
        </li>
        <li>
          <strong>{formatNumber(s.positions)}</strong> {t('dash.positions')}
        </li>
      </ul>
      {s.mine.length > 0 && (
        <section class="card" aria-labelledby="dash-mine">
          <h2 id="dash-mine">{t('dash.mine')}</h2>
          <ul class="recent">
            {s.mine.map((o) => (
              <li>
                <a href={`/app/orgs/${o.id}`}>{o.name}</a> · {t(o.head ? 'dash.mineHead' : 'dash.mineMember')} ·{' '}
                {o.programmeId ? (
                  <a href={`/app/programmes/${o.programmeId}`}>{t('dash.mineProgramme', { year: s.year })}</a>
                ) : o.head ? (
                  <a href={`/app/programmes/new?year=${s.year}`}>{t('dash.mineNewProgramme', { year: s.year })}</a>
                ) : (
                  t('dash.mineNoProgramme', { year: s.year })
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.toWrite.length > 0 && (
        <section class="card">
          <h2>{t('dash.toWrite')}</h2>
          <ul class="recent">
            {s.toWrite.map((w) => (
              <li>
                <a href={`/app/reports/submissions/${w.submissionId}`}>{w.title}</a> · {t('report.due')} {formatDate(w.dueOn)} · {t(`report.status.${w.state as 'pending'}`)}
                {w.overdue && <> <span class="badge badge-bad">{t('report.status.overdue')}</span></>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.reports.length > 0 && (
        <section class="card">
          <h2>{t('dash.reports')}</h2>
          <ul class="recent">
            {s.reports.map((r) => (
              <li>
                <a href={`/app/reports/${r.request.id}`}>{r.request.title}</a> · {t('report.due')} {formatDate(r.request.due_on)} · {t('dash.reportLine', { received: formatNumber(r.board.rates.received), total: formatNumber(r.board.lines.length), onTime: r.board.rates.onTimeRate === null ? '—' : formatPercent(r.board.rates.onTimeRate) })}
                {r.board.counts.overdue > 0 && <> <span class="badge badge-bad">{t('dash.reportOverdue', { n: r.board.counts.overdue })}</span></>}
              </li>
            ))}
          </ul>
          <p>
            <a href="/app/reports">{t('dash.allReports')}</a>
          </p>
        </section>
      )}
      {s.recent.length > 0 && (
        <section class="card">
          <h2>{t('dash.recent')}</h2>
          <ul class="recent">
            {s.recent.map((e) => (
              <li>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.actor_label} · {actionLabel(t, e.action)}
                {e.summary ? `: ${e.summary}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

export function dashboardRoutes(app: FastifyInstance): void {
  app.get('/app', { config: { access: ALL_ROLES } }, async (req, reply) => {
    const s = await dashboardSummary(app.db, actorOf(req));
    return sendPage(req, reply, (ctx) => <DashboardPage ctx={ctx} s={s} />);
  });
}
