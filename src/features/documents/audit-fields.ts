// The words of document profiles' and issued documents' fields in the audit log (D60): the labels
// of the profile form, and of a numbered document (its issuer, kind, number, date). Loaded with the
// room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const vi = {
  'doc.audit.issuer': 'Cơ quan ban hành',
  'doc.audit.docType': 'Loại văn bản',
  'doc.audit.docType.GM': 'Giấy mời',
  'doc.audit.docType.BB': 'Biên bản',
  'doc.audit.docType.TB': 'Thông báo',
  'doc.audit.docType.BC': 'Báo cáo',
  'doc.audit.number': 'Số',
  'doc.audit.numberText': 'Số, ký hiệu',
  'doc.audit.period': 'Nhiệm kỳ, năm đánh số',
  'doc.audit.issuedOn': 'Ngày ban hành',
  'doc.audit.subject': 'Văn bản của',
  'doc.audit.subject.meeting': 'Cuộc họp',
  'doc.audit.subject.report_request': 'Báo cáo tổng hợp',
  'doc.audit.title': 'Trích yếu',
  'doc.audit.profile': 'Mẫu thể thức',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'doc.audit.issuer': 'Issuing body',
  'doc.audit.docType': 'Document type',
  'doc.audit.docType.GM': 'Invitation',
  'doc.audit.docType.BB': 'Minutes',
  'doc.audit.docType.TB': 'Notice',
  'doc.audit.docType.BC': 'Report',
  'doc.audit.number': 'Number',
  'doc.audit.numberText': 'Number and symbol',
  'doc.audit.period': 'Numbering term or year',
  'doc.audit.issuedOn': 'Date of issue',
  'doc.audit.subject': 'Document of',
  'doc.audit.subject.meeting': 'Meeting',
  'doc.audit.subject.report_request': 'Consolidated report',
  'doc.audit.title': 'Summary',
  'doc.audit.profile': 'Format profile',
};
registerMessages(vi, en);

registerAuditFields('document_profile', {
  code: 'doc.profile.code',
  name: 'doc.profile.name',
  family: { label: 'doc.profile.family', values: (v) => `doc.family.${v}` },
  org_kinds: { label: 'doc.profile.kinds', values: (v) => `org.kind.${v}` },
  effective_from: 'doc.profile.from',
  effective_to: 'doc.profile.to',
  spec: 'doc.profile.spec',
  based_on_id: null, // the profile it was copied from (an id)
  created_by: null,
});

registerAuditFields('issued_document', {
  issuer_org_id: { label: 'doc.audit.issuer', kind: 'org' },
  doc_type: { label: 'doc.audit.docType', values: (v) => `doc.audit.docType.${v}` },
  number: { label: 'doc.audit.number', kind: 'number' },
  number_text: 'doc.audit.numberText',
  period_key: 'doc.audit.period',
  issued_on: 'doc.audit.issuedOn',
  subject_kind: { label: 'doc.audit.subject', values: (v) => `doc.audit.subject.${v}` },
  subject_id: null,
  title: 'doc.audit.title',
  profile_id: null,
  created_by: null,
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
