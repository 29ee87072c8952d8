// The words of report forms', requests' and submissions' fields in the audit log (D60): the labels
// of the form, request and report pages, periods and statuses in words, organizations by name.
// Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const vi = {
  'report.audit.name': 'Tên mẫu báo cáo',
  'report.audit.nameEn': 'Tên tiếng Anh',
  'report.audit.active': 'Đang dùng',
  'report.audit.number': 'Số văn bản',
  'report.audit.date': 'Ngày ban hành',
  'report.audit.title': 'Tên báo cáo',
  'report.audit.periodStart': 'Kỳ báo cáo từ ngày',
  'report.audit.periodEnd': 'Kỳ báo cáo đến ngày',
  'report.audit.request': 'Yêu cầu báo cáo',
  'report.audit.submissions': 'Số báo cáo đã chuyển',
  'report.audit.revision': 'Lần gửi',
  'report.audit.fileCount': 'Số tệp',
  'report.audit.firstSubmittedAt': 'Gửi lần đầu lúc',
  'report.audit.submittedAt': 'Gửi lúc',
  'report.audit.acceptedAt': 'Duyệt lúc',
  'report.audit.section.results': 'Kết quả đạt được',
  'report.audit.section.strengths': 'Ưu điểm',
  'report.audit.section.limitations': 'Tồn tại, hạn chế',
  'report.audit.section.lessons': 'Bài học kinh nghiệm',
  'report.audit.section.directions': 'Phương hướng, nhiệm vụ',
  'report.audit.section.proposals': 'Kiến nghị, đề xuất',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'report.audit.name': 'Report form name',
  'report.audit.nameEn': 'English name',
  'report.audit.active': 'In use',
  'report.audit.number': 'Document number',
  'report.audit.date': 'Date of issue',
  'report.audit.title': 'Report title',
  'report.audit.periodStart': 'Period from',
  'report.audit.periodEnd': 'Period to',
  'report.audit.request': 'Report request',
  'report.audit.submissions': 'Reports moved',
  'report.audit.revision': 'Submission no.',
  'report.audit.fileCount': 'Files',
  'report.audit.firstSubmittedAt': 'First submitted at',
  'report.audit.submittedAt': 'Submitted at',
  'report.audit.acceptedAt': 'Accepted at',
  'report.audit.section.results': 'Results achieved',
  'report.audit.section.strengths': 'Strengths',
  'report.audit.section.limitations': 'Shortcomings',
  'report.audit.section.lessons': 'Lessons learned',
  'report.audit.section.directions': 'Next tasks',
  'report.audit.section.proposals': 'Proposals',
};
registerMessages(vi, en);

registerAuditFields('report_form', {
  code: 'report.code',
  name: 'report.audit.name',
  name_en: 'report.audit.nameEn',
  period_type: { label: 'report.periodType', values: (v) => `report.periodType.${v}` },
  cutoff_day: { label: 'report.cutoff', kind: 'number' },
  sections: { label: 'report.sections', kind: 'count' },
  indicators: { label: 'report.indicators', kind: 'count' },
  active: { label: 'report.audit.active', kind: 'bool' },
  built_in: null, // the shared form it was copied from (an id)
  version_id: null,
  current_version_id: null,
});

registerAuditFields('report_request', {
  form_id: null, // the form (an id; its name is in the title)
  form_version_id: null,
  title: 'report.audit.title',
  period_id: 'report.period',
  period_start: 'report.audit.periodStart',
  period_end: 'report.audit.periodEnd',
  due_on: 'report.due',
  issuer_org_id: { label: 'report.issuer', kind: 'org' },
  org_ids: { label: 'report.orgs', kind: 'org' },
  meeting_id: null, // the meeting it is presented at (an id)
  status: { label: 'audit.field.status', values: (v) => `report.requestStatus.${v}` },
  created_by: null,
  // report.issue: the number of the consolidated report.
  number: 'report.audit.number',
  date: 'report.audit.date',
  // report_request.fold (a ward merge): the request folded, its rollup, how many reports moved.
  request: 'report.audit.request',
  rollup: 'report.rollup',
  fromRequestId: null,
  intoRequestId: null,
  submissions: { label: 'report.audit.submissions', kind: 'number' },
  // report_rollup.save: the consolidated report's sections, by the built-in forms' section codes
  // (a ward's own form's other codes are shown as stored).
  results: 'report.audit.section.results',
  strengths: 'report.audit.section.strengths',
  limitations: 'report.audit.section.limitations',
  lessons: 'report.audit.section.lessons',
  directions: 'report.audit.section.directions',
  proposals: 'report.audit.section.proposals',
});

registerAuditFields('report_submission', {
  request_id: null,
  org_id: { label: 'report.orgs', kind: 'org' },
  status: { label: 'audit.field.status', values: (v) => `report.status.${v}` },
  late: { label: 'report.status.late', kind: 'bool' },
  revision: { label: 'report.audit.revision', kind: 'number' },
  sections: 'report.sections',
  indicators: 'report.indicators',
  first_submitted_at: { label: 'report.audit.firstSubmittedAt', kind: 'instant' },
  submitted_at: { label: 'report.audit.submittedAt', kind: 'instant' },
  accepted_at: { label: 'report.audit.acceptedAt', kind: 'instant' },
  return_comment: 'report.returnComment',
  file_ids: { label: 'report.audit.fileCount', kind: 'count' },
  file_id: null, // the file removed (an id; the summary names it)
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
