// Messages of the dashboard feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'dash.title': 'Tổng quan',
  'dash.welcome': 'Xin chào, {name}.',
  'dash.people': 'Người đang hoạt động',
  'dash.orgs': 'Tổ chức',
  'dash.positions': 'Chức vụ đang giữ',
  'dash.recent': 'Thay đổi gần đây',
  'dash.reports': 'Báo cáo định kỳ: tình hình nộp',
  'dash.reportLine': 'đã nhận {received}/{total}, đúng hạn {onTime}',
  'dash.reportOverdue': '{n} tổ chức trễ hạn',
  'dash.allReports': 'Tất cả yêu cầu báo cáo',
  'dash.toWrite': 'Báo cáo cần nộp',
  'dash.mine': 'Tổ chức của tôi',
  'dash.mineHead': 'người đứng đầu',
  'dash.mineMember': 'hội viên, thành viên',
  'dash.mineProgramme': 'Chương trình công tác năm {year}',
  'dash.mineNewProgramme': 'Lập chương trình công tác năm {year}',
  'dash.mineNoProgramme': 'chưa có chương trình công tác năm {year}',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'dash.title': 'Overview',
  'dash.welcome': 'Hello, {name}.',
  'dash.people': 'Active people',
  'dash.orgs': 'Organisations',
  'dash.positions': 'Positions held',
  'dash.recent': 'Recent changes',
  'dash.reports': 'Periodic reports: completeness',
  'dash.reportLine': 'received {received}/{total}, on time {onTime}',
  'dash.reportOverdue': '{n} organizations overdue',
  'dash.allReports': 'All report requests',
  'dash.toWrite': 'Reports to send',
  'dash.mine': 'My organizations',
  'dash.mineHead': 'head',
  'dash.mineMember': 'member',
  'dash.mineProgramme': 'Work programme {year}',
  'dash.mineNewProgramme': 'Draw up the work programme {year}',
  'dash.mineNoProgramme': 'no work programme for {year} yet',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
