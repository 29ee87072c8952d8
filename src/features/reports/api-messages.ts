// Messages of the reports room's API summaries: Vietnamese first, English second.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'api.report.forms': 'Danh sách mẫu báo cáo (mẫu dùng chung và mẫu riêng của phường)',
  'api.report.formCreate': 'Thêm mẫu báo cáo của phường',
  'api.report.form': 'Một mẫu báo cáo: các phần, chỉ tiêu và các phiên bản',
  'api.report.formUpdate': 'Sửa mẫu báo cáo (tạo phiên bản mới; mẫu dùng chung thành mẫu riêng của phường)',
  'api.report.requests': 'Danh sách yêu cầu báo cáo (lọc theo năm, mẫu; 30 yêu cầu một trang)',
  'api.report.requestCreate': 'Yêu cầu các tổ chức báo cáo một kỳ',
  'api.report.request': 'Một yêu cầu báo cáo với bảng theo dõi tình hình nộp',
  'api.report.requestOrgs': 'Yêu cầu thêm tổ chức báo cáo',
  'api.report.requestOrg': 'Báo cáo của một tổ chức trong yêu cầu',
  'api.report.rollup': 'Báo cáo tổng hợp của phường từ các báo cáo đã duyệt',
  'api.report.rollupSave': 'Sửa nội dung báo cáo tổng hợp',
  'api.report.submission': 'Báo cáo của một tổ chức: nội dung, số liệu tính từ hệ thống, lịch sử',
  'api.report.draft': 'Lưu bản nháp báo cáo',
  'api.report.submit': 'Gửi báo cáo (nộp sau hạn vẫn được nhận và ghi trễ hạn)',
  'api.report.accept': 'Duyệt báo cáo',
  'api.report.return': 'Trả lại báo cáo kèm ý kiến',
};

export const en: Record<keyof typeof vi, string> = {
  'api.report.forms': 'List report forms (shared and the ward’s own)',
  'api.report.formCreate': 'Add a report form of the ward',
  'api.report.form': 'One report form: sections, indicators and versions',
  'api.report.formUpdate': 'Edit a report form (a new version; a shared form becomes the ward’s own copy)',
  'api.report.requests': 'List report requests (by year, form; 30 a page)',
  'api.report.requestCreate': 'Ask organizations for a period’s report',
  'api.report.request': 'One report request with its completeness board',
  'api.report.requestOrgs': 'Ask more organizations',
  'api.report.requestOrg': 'One organization’s report in a request',
  'api.report.rollup': 'The ward roll-up from the accepted reports',
  'api.report.rollupSave': 'Edit the roll-up’s texts',
  'api.report.submission': 'One organization’s report: content, the record’s figures, history',
  'api.report.draft': 'Save the report’s draft',
  'api.report.submit': 'Submit the report (late reports are received and marked late)',
  'api.report.accept': 'Accept the report',
  'api.report.return': 'Return the report with a comment',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
