// Bulk actions on a list (issue 11 item 4, D53), without JavaScript: a form around the table with
// a checkbox per row and a select of the action; a confirm page that names how many and which;
// the results as one flash line ("Đã phê duyệt 5 nhiệm vụ; 1 nhiệm vụ không thể phê duyệt: …").
import type { ComponentChildren } from 'preact';
import type { PageContext } from './context.ts';
import type { Option } from './components.tsx';
import { Csrf } from './layout.tsx';
import { AppError, ValidationError } from '../platform/errors.ts';
import { resolveMessage, translate, type Locale } from '../platform/i18n/index.ts';

/** One row chosen for a bulk action: its id and how the confirm page names it. */
export interface BulkItem {
  id: string;
  label: string;
  detail?: string | undefined;
}

/** A row's checkbox (name `ids`), labelled by the row's name for screen readers. */
export function BulkCheck({ ctx, id, label, checked }: { ctx: PageContext; id: string; label: string; checked?: boolean }) {
  return <input type="checkbox" name="ids" value={id} checked={checked} aria-label={ctx.t('bulk.choose', { item: label })} />;
}

/** The form around a list: CSRF, the rows (with BulkCheck), then the action select and "Tiếp tục". */
export function BulkForm({ ctx, action, actions, children, error }: { ctx: PageContext; action: string; actions: Option[]; children: ComponentChildren; error?: string | undefined }) {
  return (
    <form method="post" action={action} class="bulk">
      <Csrf ctx={ctx} />
      {error && (
        <div class="form-errors" role="alert">
          <p>{error}</p>
        </div>
      )}
      {children}
      <div class="actions bulk-actions">
        <label for="bulk-action">{ctx.t('bulk.action')}</label>
        <select id="bulk-action" name="action">
          {actions.map((a) => (
            <option value={a.value}>{a.label}</option>
          ))}
        </select>
        <button type="submit">{ctx.t('bulk.next')}</button>
      </div>
    </form>
  );
}

/**
 * The confirm step: the question ("Phê duyệt 5 nhiệm vụ sau?"), the chosen rows by name, the
 * fields the action needs (a comment, an end date), and the button that does it; "Quay lại" goes
 * back to the list. The ids travel as hidden fields with `confirm=1`.
 */
export function BulkConfirm({ ctx, action, verb, question, items, back, children, button }: { ctx: PageContext; action: string; verb: string; question: string; items: BulkItem[]; back: string; children?: ComponentChildren; button: string }) {
  return (
    <form method="post" action={action} class="card form bulk-confirm">
      <Csrf ctx={ctx} />
      <input type="hidden" name="action" value={verb} />
      <input type="hidden" name="confirm" value="1" />
      <h2>{question}</h2>
      <ol class="bulk-items">
        {items.map((i) => (
          <li>
            <input type="hidden" name="ids" value={i.id} />
            <strong>{i.label}</strong>
            {i.detail && <span class="muted"> — {i.detail}</span>}
          </li>
        ))}
      </ol>
      {children}
      <div class="actions">
        <button type="submit" class="primary">
          {button}
        </button>
        <a href={back}>{ctx.t('bulk.back')}</a>
      </div>
    </form>
  );
}

/** The outcome of one item: done, or refused with the reason already translated. */
export type BulkOutcome = { label: string; ok: true } | { label: string; ok: false; reason: string };

/**
 * Runs `act` on each item on its own (D53): each in its own command, so one refused does not undo
 * the others. A refusal (a 4xx AppError) becomes the item's reason in `locale` — a form error's
 * first field message, "không tìm thấy" for a 404, else the error's own message; anything else
 * (a 5xx, a bug) is thrown. Returns one outcome per item, in order.
 */
export async function eachOnItsOwn<T>(items: readonly T[], label: (item: T) => string, act: (item: T) => Promise<unknown>, locale: Locale): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    try {
      await act(item);
      outcomes.push({ label: label(item), ok: true });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      const field = e instanceof ValidationError ? Object.values(e.fields ?? {})[0] : undefined;
      const reason = field ? resolveMessage(locale, field) : e.status === 404 ? translate(locale, 'err.404.body') : translate(locale, e.key, e.params);
      outcomes.push({ label: label(item), ok: false, reason });
    }
  }
  return outcomes;
}

/**
 * The one-line result of a bulk action: "{done}; {refused} «A» (reason); «B» (reason)." — `done`
 * and `refused` are the sentences already made with their counts; a part with no item is left out.
 */
export function bulkResult(outcomes: readonly BulkOutcome[], done: (n: number) => string, refused: (n: number) => string): string {
  const ok = outcomes.filter((o) => o.ok).length;
  const bad = outcomes.filter((o): o is Extract<BulkOutcome, { ok: false }> => !o.ok);
  const parts: string[] = [];
  if (ok > 0 || bad.length === 0) parts.push(done(ok).replace(/\.$/, ''));
  if (bad.length) parts.push(`${refused(bad.length)} ${bad.map((b) => `«${b.label}» (${b.reason.replace(/\.$/, '')})`).join('; ')}`);
  return parts.join('; ') + '.';
}
