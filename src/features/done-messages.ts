// The one-time confirmations of actions that are not a plain save (docs/DESIGN.md D64): each says
// what happened (and to whom where the action hands something over), never only "Đã lưu.".
// Vietnamese first, English with the same keys. Routes set them as `req.session.notice`.
import { registerMessages } from '../platform/i18n/registry.ts';

const vi = {
  'done.article.submitted': 'Đã gửi bài viết để duyệt.',
  'done.article.published': 'Đã đăng bài viết.',
  'done.article.scheduled': 'Đã hẹn giờ đăng bài viết.',
  'done.article.returned': 'Đã trả lại bài viết cho người viết.',
  'done.article.unpublished': 'Đã gỡ bài viết khỏi cổng thông tin.',
  'done.file.deleted': 'Đã xóa tệp.',
  'done.file.added': 'Đã thêm tệp.',
  'done.disclosure.withdrawn': 'Đã rút nội dung công khai khỏi cổng thông tin.',
  'done.progress.saved': 'Đã ghi nhận tiến độ.',
  'done.progress.savedEarlier': 'Đã ghi nhận tiến độ ngày {day}. Tiến độ hiện tại vẫn là {percent} theo báo cáo mới hơn ngày {latest}.',
  'done.position.ended': 'Đã ghi nhận thôi giữ chức vụ.',
  'done.person.ended': 'Đã kết thúc theo dõi người này.',
  'done.org.ended': 'Đã kết thúc hoạt động của tổ chức.',
  'done.membership.ended': 'Đã ghi nhận kết thúc sinh hoạt.',
  'done.grant.removed': 'Đã bỏ vai trò.',
  'done.user.disabled': 'Đã khóa tài khoản.',
  'done.user.enabled': 'Đã mở khóa tài khoản.',
  'done.token.revoked': 'Đã thu hồi mã truy cập API.',
  'done.feed.revoked': 'Đã thu hồi đường dẫn lịch.',
  'done.ward.merged': 'Đã sáp nhập phường.',
  'done.relation.ended': 'Đã kết thúc quan hệ.',
  'done.rollup.issued': 'Đã ban hành báo cáo tổng hợp.',
  'done.report.submitted': 'Đã gửi báo cáo.',
  'done.report.accepted': 'Đã duyệt báo cáo.',
  'done.report.returned': 'Đã trả lại báo cáo để bổ sung, kèm ý kiến.',
} as const;

const en: { [K in keyof typeof vi]: string } = {
  'done.article.submitted': 'The article has been sent for review.',
  'done.article.published': 'The article has been published.',
  'done.article.scheduled': 'The article is scheduled for publication.',
  'done.article.returned': 'The article has been returned to its writer.',
  'done.article.unpublished': 'The article has been taken off the portal.',
  'done.file.deleted': 'The file has been deleted.',
  'done.file.added': 'The file has been added.',
  'done.disclosure.withdrawn': 'The disclosure has been withdrawn from the portal.',
  'done.progress.saved': 'The progress has been recorded.',
  'done.progress.savedEarlier': 'The progress as of {day} has been recorded. The current figure stays {percent}, from a later report of {latest}.',
  'done.position.ended': 'The end of the post has been recorded.',
  'done.person.ended': 'This person is no longer followed.',
  'done.org.ended': 'The organisation has been ended.',
  'done.membership.ended': 'The end of the membership has been recorded.',
  'done.grant.removed': 'The role has been removed.',
  'done.user.disabled': 'The account has been locked.',
  'done.user.enabled': 'The account has been unlocked.',
  'done.token.revoked': 'The API token has been revoked.',
  'done.feed.revoked': 'The calendar link has been revoked.',
  'done.ward.merged': 'The wards have been merged.',
  'done.relation.ended': 'The relation has been ended.',
  'done.rollup.issued': 'The summary report has been issued.',
  'done.report.submitted': 'The report has been sent.',
  'done.report.accepted': 'The report has been accepted.',
  'done.report.returned': 'The report has been returned for completion, with the comment.',
};

registerMessages(vi, en);

declare module '../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
