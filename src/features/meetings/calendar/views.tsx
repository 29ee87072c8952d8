// Pages of the meetings calendar: the month grid (a table; under 600 px a list of the days that
// have meetings, by CSS alone) and the personal feed page. No JavaScript needed.
import type { PageContext } from '../../../ui/context.ts';
import { Csrf, Layout } from '../../../ui/layout.tsx';
import { Badge, PageHead, withQuery } from '../../../ui/components.tsx';
import { formatDate, formatDateTime, formatTime } from '../../../lib/vi/index.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { MonthView } from './service.ts';
import type { GridDay } from './month.ts';
import type { CalMeeting } from './repo.ts';

export const CALENDAR_PATH = '/app/meetings/calendar';
export const FEED_PAGE_PATH = '/app/meetings/calendar/feed';

const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
const weekdayKey = (wd: number) => `cal.wd.${wd}` as MessageKey;

function MeetingItem({ ctx, m }: { ctx: PageContext; m: CalMeeting }) {
  const { t } = ctx;
  const cancelled = m.status === 'cancelled';
  const kind = ctx.locale === 'en' && m.kind_name_en ? m.kind_name_en : m.kind_name;
  return (
    <li class={cancelled ? 'cal-m cal-cancelled' : 'cal-m'}>
      <time datetime={m.starts_at}>{formatTime(m.starts_at)}</time> <span class="cal-kind">{kind}</span>{' '}
      <a href={`/app/meetings/${m.id}`}>{cancelled ? <s>{m.title}</s> : m.title}</a>
      {cancelled && (
        <>
          {' '}
          <Badge tone="bad">{t('cal.cancelled')}</Badge>
        </>
      )}
      {m.status === 'draft' && (
        <>
          {' '}
          <Badge tone="muted">{t('cal.draft')}</Badge>
        </>
      )}
    </li>
  );
}

function DayCell({ ctx, d, ms }: { ctx: PageContext; d: GridDay; ms: CalMeeting[] }) {
  const { t } = ctx;
  const cls = ['cal-d', d.inMonth ? '' : 'cal-out', d.isToday ? 'cal-now' : '', d.holiday && d.holiday !== 'make_up' ? 'cal-hol' : '', d.weekday >= 6 ? 'cal-we' : '', ms.length ? 'cal-has' : ''].filter(Boolean).join(' ');
  return (
    <td class={cls} aria-current={d.isToday ? 'date' : undefined}>
      <p class="cal-date">
        <span class="cal-num" aria-hidden="true">
          {Number(d.day.slice(8))}
        </span>
        <span class="cal-full">
          {t(weekdayKey(d.weekday))}, {formatDate(d.day)}
        </span>
        {d.isToday && <strong class="cal-tag">{t('cal.today')}</strong>}
        {d.holiday && <span class="cal-tag cal-holname">{t(`cal.hol.${d.holiday}` as MessageKey)}</span>}
      </p>
      {ms.length > 0 && (
        <ul class="cal-ms">
          {ms.map((m) => (
            <MeetingItem ctx={ctx} m={m} />
          ))}
        </ul>
      )}
    </td>
  );
}

/** The month page: navigation, the grid with every visible meeting on its day, the feed link. */
export function MonthPage({ ctx, view }: { ctx: PageContext; view: MonthView }) {
  const { t } = ctx;
  const { grid } = view;
  const label = monthLabel(grid.month);
  return (
    <Layout ctx={ctx} title={t('cal.monthTitle', { month: label })} wide>
      <PageHead title={t('cal.monthTitle', { month: label })}>
        <a class="button" href={FEED_PAGE_PATH}>
          {t('cal.feedLink')}
        </a>
      </PageHead>
      <nav class="cal-nav no-print" aria-label={t('cal.title')}>
        <a href={withQuery(CALENDAR_PATH, { month: grid.prev })} rel="prev">
          {t('cal.prev')}
        </a>
        <a href={CALENDAR_PATH}>{t('cal.thisMonth')}</a>
        <a href={withQuery(CALENDAR_PATH, { month: grid.next })} rel="next">
          {t('cal.next')}
        </a>
        <form method="get" action={CALENDAR_PATH} class="inline-form">
          <label for="cal-month">{t('cal.pickMonth')}</label>
          <input id="cal-month" name="month" type="month" value={grid.month} required />
          <button type="submit">{t('cal.go')}</button>
        </form>
      </nav>
      <p class={view.count ? 'muted' : 'cal-none'}>{view.count ? t('cal.count', { n: view.count }) : t('cal.none')}</p>
      <table class="cal">
        <caption>{t('cal.caption', { month: label })}</caption>
        <thead>
          <tr>
            {[1, 2, 3, 4, 5, 6, 7].map((wd) => (
              <th scope="col">{t(weekdayKey(wd))}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.weeks.map((week) => (
            <tr>
              {week.map((d) => (
                <DayCell ctx={ctx} d={d} ms={view.byDay.get(d.day) ?? []} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** The personal feed page: state, the new secret URL once (`created`), create/renew and revoke. */
export function FeedPage({ ctx, live, created }: { ctx: PageContext; live: { id: string; created_at: string } | null; created?: { url: string } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('cal.feed.title')}>
      <PageHead title={t('cal.feed.title')} />
      <p>{t('cal.feed.intro')}</p>
      {created ? (
        <section class="card" role="status">
          <p>{t('cal.feed.created')}</p>
          <label for="feed-url">{t('cal.feed.url')}</label>
          <input id="feed-url" class="cal-url" type="text" readonly value={created.url} />
          <p>
            <a href={created.url.replace(/^https?:/, 'webcal:')}>{t('cal.feed.subscribe')}</a>
          </p>
        </section>
      ) : (
        <p>{live ? t('cal.feed.active', { at: formatDateTime(live.created_at) }) : t('cal.feed.none')}</p>
      )}
      <div class="actions">
        <form method="post" action={FEED_PAGE_PATH}>
          <Csrf ctx={ctx} />
          <button type="submit">{live ? t('cal.feed.renew') : t('cal.feed.create')}</button>
        </form>
        {live && (
          <form method="post" action={`${FEED_PAGE_PATH}/revoke`} data-confirm={t('cal.feed.revokeConfirm')}>
            <Csrf ctx={ctx} />
            <input type="hidden" name="feed" value={live.id} />
            <button type="submit">{t('cal.feed.revoke')}</button>
          </form>
        )}
      </div>
      <p>
        <a href={CALENDAR_PATH}>{t('cal.back')}</a>
      </p>
    </Layout>
  );
}
