import { Csrf, Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Badge, Pager, withQuery } from '../../ui/components.tsx';
import { formatDateTime } from '../../lib/vi/index.ts';
import type { NotificationItem } from './repo.ts';
import { MAIL_MODES, type MailMode } from './service.ts';

/** Where a notification leads: its link inside the app, else its task, else nowhere. */
export function itemHref(n: Pick<NotificationItem, 'link' | 'task_id'>): string | null {
  if (n.link?.startsWith('/app')) return n.link;
  if (n.task_id) return `/app/tasks/${n.task_id}`;
  return null;
}

/** The notifications page: newest first, unread marked in words, each with its link and a "read" button; paged. */
export function NotificationsPage({ ctx, items, total, unread, page, pageSize }: { ctx: PageContext; items: NotificationItem[]; total: number; unread: number; page: number; pageSize: number }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notifs.title')}>
      <div class="page-head">
        <h1>{t('notifs.title')}</h1>
        {unread > 0 && (
          <form method="post" action="/app/notifications/read">
            <Csrf ctx={ctx} />
            <button type="submit">{t('notifs.markAll')}</button>
          </form>
        )}
      </div>
      <p class="lead">{unread > 0 ? t('notifs.unreadCount', { n: unread }) : total > 0 ? t('notifs.allRead') : t('notifs.none')}</p>
      {items.length > 0 && (
        <ul class="notifications">
          {items.map((n) => {
            const href = itemHref(n);
            return (
              <li class={n.read_at ? 'read' : 'unread'} id={`n-${n.id}`}>
                {!n.read_at && (
                  <>
                    <Badge tone="info">{t('notifs.unread')}</Badge>{' '}
                  </>
                )}
                <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time> — {href ? <a href={href}>{n.message}</a> : n.message}
                {!n.read_at && (
                  <form method="post" action={`/app/notifications/${n.id}/read`} class="inline-form">
                    <Csrf ctx={ctx} />
                    <input type="hidden" name="page" value={String(page)} />
                    <button type="submit" class="link-button">
                      {t('notifs.markOne')}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Pager ctx={ctx} page={page} pageSize={pageSize} total={total} href={(p) => withQuery('/app/notifications', { page: p === 1 ? undefined : p })} />
    </Layout>
  );
}

/** The mail setting on /app/account: "Nhận thư: ngay / tóm tắt hằng ngày / không nhận". */
export function MailModeForm({ ctx, mode, email }: { ctx: PageContext; mode: MailMode; email: string | null }) {
  const { t } = ctx;
  return (
    <section class="narrow card" id="nhan-thu">
      <h2>{t('notifs.mailTitle')}</h2>
      <form method="post" action="/app/account/mail">
        <Csrf ctx={ctx} />
        <fieldset>
          <legend>{t('notifs.mailLegend')}</legend>
          {MAIL_MODES.map((m) => (
            <label class="choice">
              <input type="radio" name="mail_mode" value={m} checked={m === mode} /> {t(`notifs.mail.${m}`)}
            </label>
          ))}
        </fieldset>
        <p class="hint">{email ? t('notifs.mailHint', { email }) : t('notifs.mailHintNoEmail')}</p>
        <div class="actions">
          <button type="submit" class="primary">
            {t('notifs.mailSave')}
          </button>
        </div>
      </form>
    </section>
  );
}
