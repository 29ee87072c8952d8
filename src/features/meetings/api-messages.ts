// Messages of the meetings room's API summaries and audit actions: Vietnamese first, English second.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'api.meeting.list': 'Danh sách cuộc họp (lọc theo trạng thái, tổ chức, năm)',
  'api.meeting.create': 'Ghi nhận cuộc họp (dự kiến)',
  'api.meeting.get': 'Một cuộc họp: thành phần, chương trình, kết luận và trạng thái thực hiện',
  'api.meeting.update': 'Sửa cuộc họp (đổi giờ, địa điểm khi đã mời là dời lịch)',
  'api.meeting.convene': 'Gửi giấy mời',
  'api.meeting.held': 'Xác nhận đã họp',
  'api.meeting.approve': 'Duyệt biên bản (chủ trì hoặc Ban Thường vụ)',
  'api.meeting.cancel': 'Hủy cuộc họp',
  'api.meeting.attendeeAdd': 'Thêm người dự',
  'api.meeting.attendance': 'Cập nhật tình trạng dự họp',
  'api.meeting.conclusionAdd': 'Thêm kết luận',
  'api.meeting.tasks': 'Giao các kết luận thành nhiệm vụ',
  'api.meeting.documents': 'Văn bản của cuộc họp: số đã cấp, tải Word và PDF',
  'api.meeting.issue': 'Cấp số giấy mời, biên bản hoặc thông báo kết luận',
  'audit.action.meeting.create': 'Ghi nhận cuộc họp',
  'audit.action.meeting.update': 'Sửa cuộc họp',
  'audit.action.meeting.move': 'Dời lịch họp',
  'audit.action.meeting.convene': 'Gửi giấy mời',
  'audit.action.meeting.hold': 'Xác nhận đã họp',
  'audit.action.meeting.approve': 'Duyệt biên bản',
  'audit.action.meeting.cancel': 'Hủy cuộc họp',
  'audit.action.meeting.conclusion_add': 'Thêm kết luận',
  'audit.action.meeting.conclusion_tasks': 'Giao kết luận thành nhiệm vụ',
  'audit.action.meeting.document': 'Cấp số văn bản cuộc họp',
  'audit.action.meeting.article': 'Soạn tin bài từ cuộc họp',
};

export const en: Record<keyof typeof vi, string> = {
  'api.meeting.list': 'List meetings (by status, organization, year)',
  'api.meeting.create': 'Record a meeting (planned)',
  'api.meeting.get': 'One meeting: attendees, agenda, conclusions and their status',
  'api.meeting.update': 'Edit a meeting (a new time or place after invitations is a move)',
  'api.meeting.convene': 'Send the invitations',
  'api.meeting.held': 'Confirm the meeting was held',
  'api.meeting.approve': 'Approve the minutes (chair or Standing Committee)',
  'api.meeting.cancel': 'Cancel the meeting',
  'api.meeting.attendeeAdd': 'Add an attendee',
  'api.meeting.attendance': 'Set an attendee’s attendance',
  'api.meeting.conclusionAdd': 'Add a conclusion',
  'api.meeting.tasks': 'Turn the task conclusions into tasks',
  'api.meeting.documents': 'A meeting’s documents: numbers issued, Word and PDF links',
  'api.meeting.issue': 'Issue the number of the invitation, minutes or conclusion notice',
  'audit.action.meeting.create': 'Record meeting',
  'audit.action.meeting.update': 'Edit meeting',
  'audit.action.meeting.move': 'Move meeting',
  'audit.action.meeting.convene': 'Send invitations',
  'audit.action.meeting.hold': 'Confirm held',
  'audit.action.meeting.approve': 'Approve minutes',
  'audit.action.meeting.cancel': 'Cancel meeting',
  'audit.action.meeting.conclusion_add': 'Add conclusion',
  'audit.action.meeting.conclusion_tasks': 'Turn conclusion into tasks',
  'audit.action.meeting.document': 'Number a meeting document',
  'audit.action.meeting.article': 'Draft an article from a meeting',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
