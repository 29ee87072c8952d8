// The words of source documents' fields in the audit log (D60): the labels of the source form.
// Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';

registerAuditFields('source_document', {
  kind: { label: 'src.kind', values: (v) => `src.kind.${v}` },
  number: 'src.number',
  issued_on: 'src.issuedOn',
  issuer: 'src.issuer',
  title: 'src.docTitle',
  theme_year: 'src.themeYear',
  file_id: null, // the attached file (an id)
  created_by: null,
});
