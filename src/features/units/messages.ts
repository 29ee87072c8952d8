// Messages of the units feature: Vietnamese first, English second (every key in both).
// Registered into the one typed registry (platform/i18n/registry.ts) when this module loads.
import { registerMessages } from '../../platform/i18n/registry.ts';

export const vi = {
  'unit.title': 'Đơn vị hành chính',
  'unit.new': 'Thêm đơn vị',
  'unit.name': 'Tên',
  'unit.kind': 'Cấp',
  'unit.code': 'Mã',
  'unit.parent': 'Trực thuộc',
  'unit.validFrom': 'Hiệu lực từ',
  'unit.validTo': 'Hết hiệu lực',
  'unit.asOf': 'Cây đơn vị tại ngày',
  'unit.kind.tinh': 'Tỉnh',
  'unit.kind.thanh_pho': 'Thành phố trực thuộc trung ương',
  'unit.kind.quan': 'Quận',
  'unit.kind.huyen': 'Huyện',
  'unit.kind.thi_xa': 'Thị xã',
  'unit.kind.phuong': 'Phường',
  'unit.kind.xa': 'Xã',
  'unit.kind.thi_tran': 'Thị trấn',
  'unit.kind.dac_khu': 'Đặc khu',
  'unit.kind.to_dan_pho': 'Tổ dân phố',
  'unit.kind.thon': 'Thôn',
  'audit.action.unit.create': 'Thêm đơn vị hành chính',
  'audit.action.unit.update': 'Sửa đơn vị hành chính',
  'audit.action.unit.end': 'Kết thúc đơn vị hành chính',
  'audit.action.unit.reparent': 'Chuyển đơn vị trực thuộc',
  'unit.edit': 'Sửa đơn vị',
  'unit.treeOn': 'Cây đơn vị hành chính tại ngày {date}',
  'unit.readOnly': 'cấp trên, chỉ xem',
  'unit.currentParent': 'Trực thuộc {name} từ ngày {date}',
  'unit.move': 'Chuyển trực thuộc',
  'unit.newParent': 'Trực thuộc mới',
  'unit.end': 'Kết thúc hiệu lực',
  'unit.endHint': 'Nhập ngày cuối cùng đơn vị còn hiệu lực. Đơn vị không bị xóa và vẫn hiện khi xem cây tại các ngày trước đó.',
  'unit.history': 'Lịch sử thay đổi',
} as const;

export const en: { [K in keyof typeof vi]: string } = {
  'unit.title': 'Administrative units',
  'unit.new': 'Add unit',
  'unit.name': 'Name',
  'unit.kind': 'Level',
  'unit.code': 'Code',
  'unit.parent': 'Belongs to',
  'unit.validFrom': 'Effective from',
  'unit.validTo': 'Effective until',
  'unit.asOf': 'Unit tree as of',
  'unit.kind.tinh': 'Province',
  'unit.kind.thanh_pho': 'Centrally governed city',
  'unit.kind.quan': 'Urban district',
  'unit.kind.huyen': 'Rural district',
  'unit.kind.thi_xa': 'Town',
  'unit.kind.phuong': 'Ward',
  'unit.kind.xa': 'Commune',
  'unit.kind.thi_tran': 'Township',
  'unit.kind.dac_khu': 'Special zone',
  'unit.kind.to_dan_pho': 'Residential group',
  'unit.kind.thon': 'Village',
  'audit.action.unit.create': 'Added administrative unit',
  'audit.action.unit.update': 'Edited administrative unit',
  'audit.action.unit.end': 'Ended administrative unit',
  'audit.action.unit.reparent': 'Moved administrative unit',
  'unit.edit': 'Edit unit',
  'unit.treeOn': 'Administrative units on {date}',
  'unit.readOnly': 'upper level, read only',
  'unit.currentParent': 'Under {name} since {date}',
  'unit.move': 'Move under another unit',
  'unit.newParent': 'New parent',
  'unit.end': 'End this unit',
  'unit.endHint': 'Enter the last day the unit is valid. Nothing is deleted; the unit still shows on earlier dates.',
  'unit.history': 'Change history',
};

registerMessages(vi, en);

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
