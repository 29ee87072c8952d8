// Messages of the audit feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'audit.title': 'Nhật ký thay đổi',
  'audit.history': 'Nhật ký thay đổi',
  'audit.at': 'Thời điểm',
  'audit.actor': 'Người thực hiện',
  'audit.action': 'Thao tác',
  'audit.entity': 'Đối tượng',
  'audit.summary': 'Nội dung',
  'audit.before': 'Trước',
  'audit.after': 'Sau',
  'audit.details': 'Chi tiết',
  'audit.field': 'Trường',
  'audit.personalHidden': 'Không hiển thị (thông tin cá nhân)',
  'audit.who': 'Tên người thực hiện',
  'audit.whoHint': 'gõ không dấu cũng được',
  'audit.oneEntity': 'Đang xem nhật ký thay đổi của một đối tượng.',
  'audit.allEntities': 'Xem tất cả',
  'audit.entity.person': 'Người',
  'audit.entity.position': 'Chức vụ',
  'audit.entity.membership': 'Nơi sinh hoạt',
  'audit.entity.organization': 'Tổ chức',
  'audit.entity.unit': 'Đơn vị hành chính',
  'audit.entity.app_user': 'Tài khoản',
  'audit.entity.api_token': 'Mã truy cập API',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'audit.title': 'Change log',
  'audit.history': 'Change log',
  'audit.at': 'Time',
  'audit.actor': 'Performed by',
  'audit.action': 'Action',
  'audit.entity': 'Subject',
  'audit.summary': 'Summary',
  'audit.before': 'Before',
  'audit.after': 'After',
  'audit.details': 'Details',
  'audit.personalHidden': 'Not shown (personal data)',
  'audit.field': 'Field',
  'audit.who': 'Performed by (name)',
  'audit.whoHint': 'diacritics optional',
  'audit.oneEntity': 'Showing the history of one record.',
  'audit.allEntities': 'Show all',
  'audit.entity.person': 'Person',
  'audit.entity.position': 'Post',
  'audit.entity.membership': 'Membership',
  'audit.entity.organization': 'Organisation',
  'audit.entity.unit': 'Administrative unit',
  'audit.entity.app_user': 'Account',
  'audit.entity.api_token': 'API token',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
