// Messages of merging wards and removing the demo (D36): Vietnamese first, English second.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'err.merge.self': 'Không thể sáp nhập một phường, xã vào chính nó.',
  'err.merge.notWard': 'Chỉ sáp nhập được phường, xã, thị trấn, đặc khu vào một phường, xã, thị trấn, đặc khu (đơn vị cấp xã).',
  'err.merge.ended': 'Đơn vị này đã hết hiệu lực (đã sáp nhập hoặc giải thể), không sáp nhập được.',
  'err.merge.beforeStart': 'Ngày sáp nhập phải sau ngày bắt đầu hiệu lực của cả hai đơn vị.',
  'err.demo.notLoaded': 'Không có dữ liệu mẫu trong cơ sở dữ liệu này (không thấy phường mẫu DEMO-DONGTAM, DEMO-VINHTUY).',
  'audit.action.unit.merge': 'Sáp nhập đơn vị hành chính',
  'audit.action.report_request.fold': 'Gộp yêu cầu báo cáo khi sáp nhập',
  'audit.action.demo.remove': 'Gỡ dữ liệu mẫu',
  'audit.action.unit.remove': 'Gỡ phường, xã khỏi cơ sở dữ liệu',
  'merge.title': 'Sáp nhập phường, xã',
  'merge.from': 'Đơn vị bị sáp nhập (kết thúc)',
  'merge.into': 'Sáp nhập vào',
  'merge.on': 'Từ ngày',
  'merge.noGrant': 'Chỉ người quản trị ở cấp tỉnh, thành phố (có quyền quản trị trên cả hai phường, xã) mới sáp nhập được. Tài khoản này không có quyền đó.',
  'merge.preview': 'Xem trước',
  'merge.confirm': 'Xác nhận sáp nhập',
  'merge.hint': 'Đơn vị bị sáp nhập hết hiệu lực vào ngày trước đó; tổ dân phố, tổ chức, con người và mọi hồ sơ của nó chuyển sang đơn vị nhận. Lịch sử vẫn giữ tên cũ theo ngày.',
  'merge.counts': 'Sẽ chuyển {total} bản ghi',
  'merge.table': 'Bảng',
  'merge.rows': 'Số bản ghi',
  'merge.done': 'Đã sáp nhập {from} vào {into} từ ngày {date}.',
  'merge.accounts': 'Tài khoản và vai trò sẽ chuyển sang {into}:',
  'merge.noAccounts': 'Không có tài khoản hay vai trò nào chuyển sang {into}.',
  'merge.homeOnly': 'chỉ đổi đơn vị làm việc',
  'merge.duplicates': 'Chú ý: sau khi sáp nhập, {into} sẽ có các tên trùng nhau dưới đây. Hệ thống không tự đổi tên; văn phòng đổi tên sau khi sáp nhập.',
  'merge.dupGroup': 'Tổ dân phố, thôn "{name}" ({count} đơn vị)',
  'merge.dupOrg': 'Tổ chức "{name}" ({count} tổ chức)',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'err.merge.self': 'A ward cannot be merged into itself.',
  'err.merge.notWard': 'Only a ward or commune can be merged, and only into a ward or commune.',
  'err.merge.ended': 'This unit has already ended (merged or dissolved) and cannot be merged.',
  'err.merge.beforeStart': 'The merge date must be after the start of both units.',
  'err.demo.notLoaded': 'No demo data in this database (no demo ward DEMO-DONGTAM, DEMO-VINHTUY).',
  'audit.action.unit.merge': 'Merged administrative unit',
  'audit.action.report_request.fold': 'Folded report request in a merge',
  'audit.action.demo.remove': 'Removed the demo data',
  'audit.action.unit.remove': 'Removed wards from the database',
  'merge.title': 'Merge wards',
  'merge.from': 'Ward merged (ends)',
  'merge.into': 'Merged into',
  'merge.on': 'From',
  'merge.noGrant': 'Only an administrator at the province (with admin above both wards) can merge wards. This account cannot.',
  'merge.preview': 'Preview',
  'merge.confirm': 'Confirm the merge',
  'merge.hint': 'The merged ward ends the day before; its residential groups, organizations, people and records move to the receiving ward. History keeps the old names by date.',
  'merge.counts': '{total} records will move',
  'merge.table': 'Table',
  'merge.rows': 'Records',
  'merge.done': 'Merged {from} into {into} from {date}.',
  'merge.accounts': 'Accounts and roles that move to {into}:',
  'merge.noAccounts': 'No account or role moves to {into}.',
  'merge.homeOnly': 'home ward only',
  'merge.duplicates': 'Note: after the merge, {into} will hold the duplicate names below. Nothing is renamed automatically; the office renames them after the merge.',
  'merge.dupGroup': 'Residential group "{name}" ({count} units)',
  'merge.dupOrg': 'Organization "{name}" ({count} organizations)',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
