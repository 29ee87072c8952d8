// The 34 provinces and centrally governed cities of Viet Nam from 12/06/2025 (Nghị quyết
// 202/2025/QH15 of the National Assembly on rearranging provincial-level units), offered by the
// setup page as a list of names. This is editable DATA, not a rule: a deployment may add or correct
// rows, and the page's code field stays free text (docs/DESIGN.md D34).
//
// Codes are the official unit codes (danh mục mã số đơn vị hành chính) and are given only where
// we are certain: the 11 provinces whose territory did not change keep their codes, and so do the
// cities Hải Phòng, Đà Nẵng, Thành phố Hồ Chí Minh and Cần Thơ. For the other merged provinces the
// code is left out (null): type it from Quyết định 19/2025/QĐ-TTg.

/** One provincial-level unit of the 2025 list. */
export interface Province {
  /** The name without its level word, as people type it ("Hà Nội"). */
  name: string;
  /** `thanh_pho` (centrally governed city) or `tinh` (province). */
  kind: 'tinh' | 'thanh_pho';
  /** The official two-digit code, or null when not recorded here. */
  code: string | null;
}

export const PROVINCES_2025: readonly Province[] = [
  { name: 'Hà Nội', kind: 'thanh_pho', code: '01' },
  { name: 'Huế', kind: 'thanh_pho', code: '46' },
  { name: 'Hải Phòng', kind: 'thanh_pho', code: '31' },
  { name: 'Đà Nẵng', kind: 'thanh_pho', code: '48' },
  { name: 'Hồ Chí Minh', kind: 'thanh_pho', code: '79' },
  { name: 'Cần Thơ', kind: 'thanh_pho', code: '92' },
  { name: 'Cao Bằng', kind: 'tinh', code: '04' },
  { name: 'Điện Biên', kind: 'tinh', code: '11' },
  { name: 'Lai Châu', kind: 'tinh', code: '12' },
  { name: 'Sơn La', kind: 'tinh', code: '14' },
  { name: 'Lạng Sơn', kind: 'tinh', code: '20' },
  { name: 'Quảng Ninh', kind: 'tinh', code: '22' },
  { name: 'Thanh Hóa', kind: 'tinh', code: '38' },
  { name: 'Nghệ An', kind: 'tinh', code: '40' },
  { name: 'Hà Tĩnh', kind: 'tinh', code: '42' },
  { name: 'Tuyên Quang', kind: 'tinh', code: null },
  { name: 'Lào Cai', kind: 'tinh', code: null },
  { name: 'Thái Nguyên', kind: 'tinh', code: null },
  { name: 'Phú Thọ', kind: 'tinh', code: null },
  { name: 'Bắc Ninh', kind: 'tinh', code: null },
  { name: 'Hưng Yên', kind: 'tinh', code: null },
  { name: 'Ninh Bình', kind: 'tinh', code: null },
  { name: 'Quảng Trị', kind: 'tinh', code: null },
  { name: 'Quảng Ngãi', kind: 'tinh', code: null },
  { name: 'Gia Lai', kind: 'tinh', code: null },
  { name: 'Đắk Lắk', kind: 'tinh', code: null },
  { name: 'Khánh Hòa', kind: 'tinh', code: null },
  { name: 'Lâm Đồng', kind: 'tinh', code: null },
  { name: 'Đồng Nai', kind: 'tinh', code: null },
  { name: 'Tây Ninh', kind: 'tinh', code: null },
  { name: 'Vĩnh Long', kind: 'tinh', code: null },
  { name: 'Đồng Tháp', kind: 'tinh', code: null },
  { name: 'An Giang', kind: 'tinh', code: null },
  { name: 'Cà Mau', kind: 'tinh', code: null },
];
