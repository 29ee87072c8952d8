import type { PageContext } from './context.ts';
import { can } from '../platform/access.ts';

/**
 * "Nhật ký thay đổi" of one record: a link to the audit log filtered to it, shown only to those
 * who may read the log (`audit.read`, the rule of /app/audit; D54), in a paragraph of its own.
 */
export function HistoryLink({ ctx, id, class: cls }: { ctx: PageContext; id: string; class?: string }) {
  if (!can(ctx, 'audit.read')) return null;
  return (
    <p class={cls}>
      <a href={`/app/audit?entity=${id}`}>{ctx.t('audit.history')}</a>
    </p>
  );
}
