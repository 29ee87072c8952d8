import { Csrf } from '../../../ui/layout.tsx';
import { Hidden, uniqueId } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';

/**
 * The one approval box (issue 11 item 5, D50): a comment and two buttons, "Phê duyệt" and "Trả lại",
 * posting `decision` to `action` (…/decide). The comment is optional to approve and required to
 * return; the server checks it (a browser `required` would also block approving) and names the box.
 */
export function ApprovalBox({ ctx, action, version }: { ctx: PageContext; action: string; version: number }) {
  const { t } = ctx;
  const id = uniqueId(ctx, 'approval-comment');
  return (
    <form method="post" action={action} class="approval-box">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      <h2>{t('approval.title')}</h2>
      <div class="field">
        <label for={id}>{t('approval.comment')}</label>
        <textarea id={id} name="comment" rows={3} maxLength={2000} aria-describedby={`${id}-hint`} />
        <p class="hint" id={`${id}-hint`}>
          {t('approval.hint')}
        </p>
      </div>
      <div class="actions">
        <button type="submit" name="decision" value="approve" class="primary">
          {t('approval.approve')}
        </button>
        <button type="submit" name="decision" value="return">
          {t('approval.return')}
        </button>
      </div>
    </form>
  );
}

/** The submit button, worded so it cannot be misread ("Trình duyệt chương trình"), saying to whom it goes. */
export function SubmitBox({ ctx, action, version, label, hint }: { ctx: PageContext; action: string; version: number; label: string; hint: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      <button type="submit" class="primary">
        {label}
      </button>
      <span class="hint">{hint}</span>
    </form>
  );
}
