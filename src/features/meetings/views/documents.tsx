import { Csrf } from '../../../ui/layout.tsx';
import { Hidden } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import type { MeetingDetail } from '../load.ts';
import type { MeetingDoc } from '../documents.ts';

const DOCS: MeetingDoc[] = ['invitation', 'minutes', 'notice'];

/** The meeting's three documents: number (or draft), Word and PDF, and "issue number" for the office. */
export function DocumentsSection({ ctx, d, numbers }: { ctx: PageContext; d: MeetingDetail; numbers: Partial<Record<MeetingDoc, string>> }) {
  const { t } = ctx;
  const m = d.meeting;
  const held = m.status === 'held' || m.status === 'approved';
  // The same rules as issueMeetingDocument: invitation before the meeting, minutes once approved,
  // the notice after the meeting when it has conclusions.
  const can = (doc: MeetingDoc) =>
    d.canRecord && !numbers[doc] && (doc === 'invitation' ? m.status === 'draft' || m.status === 'convened' : doc === 'minutes' ? m.status === 'approved' : held && d.conclusions.length > 0);
  return (
    <table class="grid">
      <caption class="sr-only">{t('meeting.documents')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('meeting.documents')}</th>
          <th scope="col">{t('meeting.doc.number')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {DOCS.map((doc) => (
          <tr>
            <td data-label={t('meeting.documents')}>{t(`meeting.doc.${doc}`)}</td>
            <td data-label={t('meeting.doc.number')}>{numbers[doc] ? t('meeting.doc.issued', { number: numbers[doc] }) : t('meeting.doc.notIssued')}</td>
            <td data-label={t('common.actions')}>
              <span>
                <a href={`/app/meetings/${m.id}/documents/${doc}.docx`}>{numbers[doc] ? 'Word (.docx)' : t('meeting.doc.draft')}</a> · <a href={`/app/meetings/${m.id}/documents/${doc}.pdf`}>{t('meeting.doc.pdf')}</a>
              </span>
              {can(doc) && (
                <form method="post" action={`/app/meetings/${m.id}/documents/${doc}/issue`} class="inline-form">
                  <Csrf ctx={ctx} />
                  <Hidden name="version" value={m.version} />
                  <button type="submit">{t('meeting.doc.issue')}</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
