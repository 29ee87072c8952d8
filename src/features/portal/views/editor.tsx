// The article editor's aids: a Markdown toolbar (shown and wired by /static/editor.js; hidden
// without script) and the server-side preview ("Xem trước"). docs/DESIGN.md D57.
import type { PageContext } from '../../../ui/context.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';

/** The toolbar's buttons: the action editor.js performs and the label key. */
export const MD_ACTIONS = ['bold', 'italic', 'heading', 'ul', 'ol', 'link', 'image', 'quote'] as const;

/** Buttons that put Markdown around the selection of the textarea named `target`; `hidden` until editor.js shows it. */
export function MdToolbar({ ctx, target }: { ctx: PageContext; target: string }) {
  return (
    <div class="md-toolbar" role="toolbar" aria-label={ctx.t('portal.editor.toolbar')} data-target={target} hidden>
      {MD_ACTIONS.map((a) => (
        <button type="button" data-md={a} title={ctx.t(`portal.editor.${a}.hint` as MessageKey)}>
          {ctx.t(`portal.editor.${a}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}

/**
 * The preview of the body as readers will see it: `html` comes from renderMarkdown (the same
 * renderer and sanitizer as the public page), so it is safe to insert.
 */
export function PreviewBlock({ ctx, title, html }: { ctx: PageContext; title: string; html: string }) {
  return (
    <section class="card md-preview" aria-labelledby="preview-title" id="preview">
      <h2 id="preview-title">{ctx.t('portal.editor.previewTitle')}</h2>
      <p class="hint">{ctx.t('portal.editor.previewHint')}</p>
      {title && <p class="md-preview-title">{title}</p>}
      <div class="article-preview" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  );
}
