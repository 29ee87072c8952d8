// Messages of the sources feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';
import './audit-fields.ts'; // the words of its fields in the audit log (D60)

export const vi = {
  'src.title': 'Văn bản căn cứ',
  'src.new': 'Thêm văn bản',
  'src.edit': 'Sửa văn bản',
  'src.kind': 'Loại văn bản',
  'src.number': 'Số, ký hiệu',
  'src.issuedOn': 'Ngày ban hành',
  'src.issuer': 'Cơ quan ban hành',
  'src.docTitle': 'Trích yếu / tên văn bản',
  'src.themeYear': 'Năm (với chủ đề năm)',
  'src.file': 'Tệp đính kèm',
  'src.searchHint': 'Gõ số hiệu, tên văn bản, có dấu hoặc không dấu (vd: 05-CT/TW, hoc tap lam theo)',
  'src.err.unknown': 'Không tìm thấy văn bản căn cứ đã chọn trong đơn vị này.',
  'src.kind.nghi_quyet': 'Nghị quyết',
  'src.kind.chi_thi': 'Chỉ thị',
  'src.kind.quyet_dinh': 'Quyết định',
  'src.kind.ke_hoach': 'Kế hoạch',
  'src.kind.chuong_trinh': 'Chương trình',
  'src.kind.huong_dan': 'Hướng dẫn',
  'src.kind.ket_luan': 'Kết luận',
  'src.kind.chu_de_nam': 'Chủ đề năm',
  'audit.action.source.create': 'Thêm văn bản căn cứ',
  'audit.action.source.update': 'Sửa văn bản căn cứ',
  'audit.entity.source_document': 'Văn bản căn cứ',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'src.title': 'Source documents',
  'src.new': 'Add a document',
  'src.edit': 'Edit document',
  'src.kind': 'Kind',
  'src.number': 'Number',
  'src.issuedOn': 'Date issued',
  'src.issuer': 'Issuing body',
  'src.docTitle': 'Title',
  'src.themeYear': 'Year (themed year)',
  'src.file': 'Attached file',
  'src.searchHint': 'Number or title, with or without diacritics',
  'src.err.unknown': 'The selected source document is not in this ward.',
  'src.kind.nghi_quyet': 'Resolution (Nghị quyết)',
  'src.kind.chi_thi': 'Directive (Chỉ thị)',
  'src.kind.quyet_dinh': 'Decision (Quyết định)',
  'src.kind.ke_hoach': 'Plan (Kế hoạch)',
  'src.kind.chuong_trinh': 'Programme (Chương trình)',
  'src.kind.huong_dan': 'Guidance (Hướng dẫn)',
  'src.kind.ket_luan': 'Conclusion (Kết luận)',
  'src.kind.chu_de_nam': 'Themed year (Chủ đề năm)',
  'audit.action.source.create': 'Add source document',
  'audit.action.source.update': 'Edit source document',
  'audit.entity.source_document': 'Source document',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
