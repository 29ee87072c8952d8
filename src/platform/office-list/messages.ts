// Messages of the office lists (platform/office-list, ui/office-list.tsx): Vietnamese first, English with the same keys.
import { registerMessages } from '../i18n/registry.ts';

const vi = {
  'list.export': 'Tải danh sách (Excel)',
  'list.exportHint': 'Tệp Excel gồm toàn bộ các dòng theo bộ lọc đang chọn',
  'list.print': 'In danh sách',
  'list.printHint': 'Bản in gồm toàn bộ các dòng theo bộ lọc đang chọn, có số thứ tự',
  'list.printNow': 'In',
  'list.back': 'Quay lại danh sách',
  'list.paperHint': 'Khổ A4; dòng tiêu đề của bảng được in lại ở đầu mỗi trang.',
  'list.stt': 'STT',
  'list.all': 'Toàn bộ danh sách (không lọc)',
  'list.filter': 'Lọc theo: {filters}',
  'list.sortedBy': 'Sắp xếp theo {column}, {dir}',
  'list.asc': 'tăng dần',
  'list.desc': 'giảm dần',
  'list.count': 'Tổng số: {n} dòng',
  'list.empty': 'Không có dòng nào theo bộ lọc này.',
  'list.printedAt': 'In từ RõViệc lúc {time}',
  'list.tooMany': 'Danh sách theo bộ lọc này có {n} dòng, nhiều hơn {max} dòng có thể in hoặc xuất Excel một lần. Hãy lọc bớt (theo tổ chức, tình trạng, thời gian…) rồi thử lại.',
  'list.search': 'Tìm: “{q}”',
  'list.yes': 'Có',
} as const;

const en: Record<keyof typeof vi, string> = {
  'list.export': 'Download the list (Excel)',
  'list.exportHint': 'The Excel file holds every row of the current filter',
  'list.print': 'Print list',
  'list.printHint': 'The printout holds every row of the current filter, numbered',
  'list.printNow': 'Print',
  'list.back': 'Back to the list',
  'list.paperHint': 'A4 paper; the table header is repeated at the top of every page.',
  'list.stt': 'No.',
  'list.all': 'The whole list (no filter)',
  'list.filter': 'Filtered by: {filters}',
  'list.sortedBy': 'Sorted by {column}, {dir}',
  'list.asc': 'ascending',
  'list.desc': 'descending',
  'list.count': 'Total: {n} rows',
  'list.empty': 'No row matches this filter.',
  'list.printedAt': 'Printed from RõViệc at {time}',
  'list.tooMany': 'This filter holds {n} rows, more than the {max} rows that can be printed or exported at once. Narrow the filter (by organization, status, period…) and try again.',
  'list.search': 'Search: “{q}”',
  'list.yes': 'Yes',
};

registerMessages(vi, en);

declare module '../i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
