// The words of disclosures' fields in the audit log (D60): the labels of the disclosure form
// (Luật Thực hiện dân chủ ở cơ sở 2022), kinds and forms in words. Loaded with the room's messages.
import { registerAuditFields } from '../../../platform/audit-fields.ts';

registerAuditFields('disclosure', {
  kind: { label: 'disclosure.kind', values: (v) => `disclosure.kind.${v}` },
  slug: null, // the address, made from the title
  title: 'disclosure.name',
  description: 'disclosure.description',
  posted_on: 'disclosure.postedOn',
  duration_days: { label: 'disclosure.duration', kind: 'number' },
  ends_on: 'disclosure.endsOn',
  forms: { label: 'disclosure.forms', values: (v) => `disclosure.form.${v}` },
  article_id: null, // the portal article (an id)
  withdrawn_on: 'disclosure.withdrawn',
});
