import type { FastifyInstance } from 'fastify';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { ALL_ROLES } from '../../platform/auth/roles.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDateTime, formatNumber, todayInVietnam } from '../../lib/vi/index.ts';
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import { actionLabel } from '../audit/service.ts';

interface Summary {
  people: number;
  orgs: number;
  positions: number;
  recent: { at: string; actor_label: string; action: string; summary: string | null }[];
}

async function summary(q: Queryable, wardId: string, showRecent: boolean): Promise<Summary> {
  const today = todayInVietnam();
  const [people, orgs, positions, recent] = await Promise.all([
    q.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardId).where('ended_on', 'is', null).executeTakeFirstOrThrow(),
    q.selectFrom('organization').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardId).where('valid_to', 'is', null).executeTakeFirstOrThrow(),
    q
      .selectFrom('position')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('ward_id', '=', wardId)
      .where('start_on', '<=', today)
      .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', today)]))
      .executeTakeFirstOrThrow(),
    showRecent ? q.selectFrom('audit_event').select(['at', 'actor_label', 'action', 'summary']).where('ward_id', '=', wardId).orderBy('at', 'desc').limit(8).execute() : Promise.resolve([]),
  ]);
  return { people: toNumber(people.n), orgs: toNumber(orgs.n), positions: toNumber(positions.n), recent };
}

function DashboardPage({ ctx, s }: { ctx: PageContext; s: Summary }) {
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
    const actor = actorOf(req);
    const s = await summary(app.db, actor.wardId, ['admin', 'standing', 'office'].some((r) => actor.roles.has(r as 'admin')));
    return sendPage(req, reply, (ctx) => <DashboardPage ctx={ctx} s={s} />);
  });
}
