import { Csrf } from '../../../ui/layout.tsx';
import { Badge, Checks, Hidden, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { formatDate } from '../../../lib/vi/index.ts';
import { sourceShort, type SourceRow } from '../../sources/service.ts';
import type { ProgrammeStatus } from '../schema.ts';
import { STATUS_TONE, type SixClear, type TaskStatus } from '../status.ts';
import { canOpen } from '../../../platform/access.ts';
import { BOARD_READERS } from '../access.ts';

export const APPROVAL_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { draft: 'muted', submitted: 'info', approved: 'ok', returned: 'bad', amended: 'warn' };

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: TaskStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]}>
      <span class={`st st-${status}`}>{ctx.t(`status.${status}`)}</span>
    </Badge>
  );
}

export function ApprovalBadge({ ctx, approval }: { ctx: PageContext; approval: string }) {
  return <Badge tone={APPROVAL_TONE[approval] ?? 'muted'}>{ctx.t(`approval.${approval as ProgrammeStatus}`)}</Badge>;
}

export const span = (a: string | null, b: string | null) => `${a ? formatDate(a) : '…'} – ${b ? formatDate(b) : '…'}`;
export const missingText = (ctx: PageContext, m: readonly SixClear[]) => m.map((x) => ctx.t(`six.${x}`)).join(', ');

export function ScheduleCss() {
  // A body-ok stylesheet link (the shared layout has no per-page head slot): the programme pages share the schedule's styles.
  return <link rel="stylesheet" href="/static/schedule.css" />;
}

/** The programme pages' sub-navigation; `approvals`: the link to the bulk approval, given only to those who may approve something (`mayApproveSome`). */
export function SubNav({ ctx, year, approvals }: { ctx: PageContext; year: number; approvals?: boolean | undefined }) {
  const { t } = ctx;
  return (
    <nav class="subnav no-print" aria-label={t('prog.title')}>
      <a href={`/app/programmes?year=${year}`}>{t('prog.title')}</a> · <a href={`/app/schedule?year=${year}`}>{t('prog.schedule')}</a> · <a href={`/app/tasks?year=${year}`}>{t('list.task.nav')}</a> ·{' '}
      {approvals && (
        <>
          <a href="/app/tasks/approvals">{t('task.bulk.title')}</a> ·{' '}
        </>
      )}
      {canOpen(ctx, BOARD_READERS) && (
        <>
          <a href={`/app/programmes/dashboard?year=${year}`}>{t('prog.dashboard')}</a> ·{' '}
        </>
      )}
      <a href="/app/sources">{t('src.title')}</a> · <a href="/app/notifications">{t('notif.title')}</a>
    </nav>
  );
}

export { Checks };

export function SourceChecks({ ctx, form, sources }: { ctx: PageContext; form: FormState; sources: SourceRow[] }) {
  return <Checks ctx={ctx} form={form} name="source_ids" label={ctx.t('prog.sources')} options={sources.map((s) => ({ value: s.id, label: `${sourceShort(s)} — ${s.title}` }))} />;
}

export function ActionError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div class="form-errors" role="alert">
      <p>{message}</p>
    </div>
  );
}

export function VersionForm({ ctx, action, version, label, primary, comment }: { ctx: PageContext; action: string; version: number; label: string; primary?: boolean; comment?: 'optional' | 'required' }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      {comment && (
        <label>
          {ctx.t('prog.comment')} <input name="comment" required={comment === 'required'} maxLength={2000} />
        </label>
      )}
      <button type="submit" class={primary ? 'primary' : undefined}>
        {label}
      </button>
    </form>
  );
}
