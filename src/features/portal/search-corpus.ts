// The shared search corpus: the same articles are loaded on SQLite and on PostgreSQL and the same
// queries must return the same hits on both (search.test.ts). Spellings vary on purpose: upper
// case, no diacritics, old and new tone placement (hoà / hòa, uỷ / ủy), đ / d.

export interface CorpusArticle {
  key: string;
  category: 'dang' | 'cq';
  title: string;
  summary: string | null;
  body: string;
  published_at: string;
}

export const CORPUS: CorpusArticle[] = [
  { key: 'du-thuong', category: 'dang', title: 'Đảng ủy phường họp phiên thường kỳ tháng 3', summary: null, body: 'Đảng ủy phường đánh giá kết quả lãnh đạo quý I.', published_at: '2024-03-05T02:00:00.000Z' },
  { key: 'du-hoa', category: 'dang', title: 'HỘI NGHỊ ĐẢNG ỦY MỞ RỘNG', summary: 'BAN CHẤP HÀNH ĐẢNG ỦY PHƯỜNG', body: 'Nội dung hội nghị.', published_at: '2024-01-10T02:00:00.000Z' },
  { key: 'du-uy-cu', category: 'dang', title: 'Văn phòng Đảng uỷ tiếp nhận văn bản', summary: null, body: 'Cách viết dấu kiểu cũ: Đảng uỷ.', published_at: '2023-11-20T02:00:00.000Z' },
  { key: 'du-khong-dau', category: 'cq', title: 'Thong bao cua dang uy ve lich tiep dan', summary: null, body: 'Van ban go khong dau.', published_at: '2023-06-01T02:00:00.000Z' },
  { key: 'du-than-bai', category: 'cq', title: 'UBND phường triển khai kế hoạch năm', summary: null, body: 'Thực hiện nghị quyết của Đảng ủy, UBND phường xây dựng kế hoạch.', published_at: '2024-02-01T02:00:00.000Z' },
  { key: 'hb-moi', category: 'cq', title: 'Đoàn công tác tỉnh Hòa Bình thăm phường', summary: null, body: 'Đoàn đại biểu tỉnh Hòa Bình làm việc với UBND phường.', published_at: '2024-04-02T02:00:00.000Z' },
  { key: 'hb-cu', category: 'cq', title: 'Giao lưu văn nghệ với huyện Hoà Bình', summary: null, body: 'Chương trình giao lưu tại nhà văn hoá.', published_at: '2022-08-15T02:00:00.000Z' },
  { key: 'hb-hoa', category: 'dang', title: 'Chi bộ khu phố Hoà Bình kết nạp đảng viên', summary: 'Lễ kết nạp tại khu phố HOÀ BÌNH.', body: 'Khu phố Hoà Bình có thêm hai đảng viên mới.', published_at: '2021-05-19T02:00:00.000Z' },
  { key: 'hoa-only', category: 'cq', title: 'Ngày hội hòa nhạc thiếu nhi', summary: null, body: 'Không nhắc tới tên tỉnh.', published_at: '2024-05-01T02:00:00.000Z' },
  { key: 'binh-only', category: 'cq', title: 'Phường Bình Minh ra mắt mô hình mới', summary: null, body: 'Bình Minh là tên tổ dân phố.', published_at: '2024-05-02T02:00:00.000Z' },
  { key: 'dang-ky', category: 'cq', title: 'Hướng dẫn đăng ký tạm trú', summary: null, body: 'Đăng ký qua cổng dịch vụ công.', published_at: '2024-06-01T02:00:00.000Z' },
  { key: 'tie-old', category: 'cq', title: 'Thủy lợi nội đồng', summary: null, body: 'Nạo vét kênh thủy lợi.', published_at: '2020-01-01T02:00:00.000Z' },
  { key: 'tie-new', category: 'cq', title: 'Thuỷ lợi nội đồng', summary: null, body: 'Nạo vét kênh thuỷ lợi.', published_at: '2024-01-01T02:00:00.000Z' },
  { key: 'duong-exact', category: 'cq', title: 'Đường giao thông nông thôn được nâng cấp', summary: null, body: 'Nhân dân góp công sức, góp tiền xây dựng nông thôn mới.', published_at: '2023-03-01T02:00:00.000Z' },
  { key: 'duong-fold', category: 'cq', title: 'Dương Nội ra mắt câu lạc bộ', summary: null, body: 'Tổ Dương Nội, khu Dương Nội.', published_at: '2024-07-01T02:00:00.000Z' },
  { key: 'draft', category: 'dang', title: 'Bản nháp về Đảng ủy và Hòa Bình', summary: null, body: 'Chưa đăng.', published_at: '' },
];

/** Query -> the hit set every engine must return (order is checked separately). */
export const EXPECTED: Record<string, string[]> = {
  'dang uy': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-khong-dau', 'du-than-bai'],
  'Đảng ủy': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-khong-dau', 'du-than-bai'],
  'ĐẢNG ỦY': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-khong-dau', 'du-than-bai'],
  'đảng uỷ': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-khong-dau', 'du-than-bai'],
  'hoa binh': ['hb-moi', 'hb-cu', 'hb-hoa'],
  'Hòa Bình': ['hb-moi', 'hb-cu', 'hb-hoa'],
  'Hoà Bình': ['hb-moi', 'hb-cu', 'hb-hoa'],
  'thuy loi': ['tie-old', 'tie-new'],
  'dang ky': ['dang-ky', 'du-thuong'], // "thường kỳ" has both words
  'khong co tu nay': [],
  duong: ['duong-exact', 'duong-fold'],
  'đường': ['duong-exact', 'duong-fold'],
};

/**
 * Query -> the full order every engine must return (D72): exact-diacritic hits first, then by how
 * many query words are words of the title, then the newer. The same list on SQLite and PostgreSQL.
 */
export const EXPECTED_ORDER: Record<string, string[]> = {
  // du-than-bai (2024) has the words only in its body: after the older ones that have them in the title.
  'dang uy': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-khong-dau', 'du-than-bai'],
  // The exact spelling first (du-than-bai has it in its body), the article typed without marks last.
  'Đảng ủy': ['du-thuong', 'du-hoa', 'du-uy-cu', 'du-than-bai', 'du-khong-dau'],
  'hoa binh': ['hb-moi', 'hb-cu', 'hb-hoa'],
  'dang ky': ['dang-ky', 'du-thuong'],
  'đường': ['duong-exact', 'duong-fold'],
  'thuy loi': ['tie-new', 'tie-old'],
  // Three title words, then two (du-hoa, older), then one (du-than-bai, newer than du-hoa).
  'dang uy phuong': ['du-thuong', 'du-hoa', 'du-than-bai'],
  'phuong': ['binh-only', 'hb-moi', 'du-thuong', 'du-than-bai', 'du-hoa'],
};
