import { Csrf, Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Badge } from '../../ui/components.tsx';
import { formatDateTime } from '../../lib/vi/index.ts';

export function NotificationsPage({ ctx, items }: { ctx: PageContext; items: { id: string; task_id: string | null; link: string | null; message: string; created_at: string; read_at: string | null }[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notif.title')}>
      <h1>{t('notif.title')}</h1>
      {items.length === 0 ? (
        <p class="muted">{t('notif.none')}</p>
      ) : (
        <>
          <form method="post" action="/app/notifications/read">
            <Csrf ctx={ctx} />
            <button type="submit">{t('notif.markRead')}</button>
          </form>
          <ul class="notifications">
            {items.map((n) => (
              <li class={n.read_at ? 'read' : 'unread'}>
                {!n.read_at && (
                  <>
                    <Badge tone="info">{t('notif.unread')}</Badge>{' '}
                  </>
                )}
                <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time> — {n.link?.startsWith('/app/') ? <a href={n.link}>{n.message}</a> : n.task_id ? <a href={`/app/tasks/${n.task_id}`}>{n.message}</a> : n.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
