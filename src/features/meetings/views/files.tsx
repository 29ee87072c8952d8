import { Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Select, emptyForm, type FormState, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import type { MeetingDetail } from '../load.ts';
import { acceptOf, WORK_FILES } from '../../../platform/files/index.ts';

/** The meeting's documents (attached files), each under its agenda item when it has one, and the upload form. */
export function FilesSection({ ctx, d, form = emptyForm(), editable }: { ctx: PageContext; d: MeetingDetail; form?: FormState; editable: boolean }) {
  const { t } = ctx;
  const itemTitle = (id: string | null) => (id ? d.agenda.find((a) => a.id === id)?.title : undefined);
  return (
    <section aria-labelledby="files-h">
      <h2 id="files-h">{t('meeting.files')}</h2>
      {d.files.length === 0 ? (
        <p class="muted">{t('meeting.files.none')}</p>
      ) : (
        <ul>
          {d.files.map((f) => (
            <li>
              <a href={`/app/meetings/${d.meeting.id}/files/${f.id}`}>{f.original_name}</a>
              {itemTitle(f.agenda_item_id) ? ` — ${itemTitle(f.agenda_item_id)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form method="post" action={uploadAction(ctx, `/app/meetings/${d.meeting.id}/files`)} enctype="multipart/form-data" class="card form no-print">
          <Csrf ctx={ctx} />
          <div class={'field' + (form.errors.files ? ' has-error' : '')}>
            <label for="f-mf-files">{t('meeting.files.add')}</label>
            <FilePicker ctx={ctx} id="f-mf-files" name="files" multiple accept={acceptOf(WORK_FILES)} invalid={!!form.errors.files} />
            {form.errors.files && <small class="error">{resolveMessage(ctx.locale, form.errors.files)}</small>}
          </div>
          {d.agenda.length > 0 && <Select ctx={ctx} form={form} idPrefix="mf-" name="agenda_item_id" label={t('meeting.files.item')} empty={t('meeting.choose')} options={d.agenda.map((a) => ({ value: a.id, label: a.title.slice(0, 120) }))} />}
          <button type="submit">{t('meeting.files.add')}</button>
        </form>
      )}
    </section>
  );
}
