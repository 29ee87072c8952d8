// Deterministic generator of realistic Vietnamese names for the demo ward and benchmarks.
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đào', 'Đinh', 'Trịnh', 'Mai', 'Tạ', 'Lương', 'Cao', 'Chu', 'Kiều', 'Tô', 'Quách', 'Lưu'];
const MIDDLE_M = ['Văn', 'Đức', 'Ngọc', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thanh', 'Mạnh', 'Tiến', 'Công', 'Đình', 'Bá', 'Trọng'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Kim', 'Minh', 'Thúy', 'Phương', 'Hồng', 'Thị Kim', 'Thị Thu'];
const GIVEN_M = ['An', 'Anh', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Định', 'Đức', 'Giang', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khánh', 'Khoa', 'Lâm', 'Long', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tâm', 'Thành', 'Thắng', 'Thịnh', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Thủy'];
const GIVEN_F = ['An', 'Anh', 'Ánh', 'Bích', 'Chi', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hòa', 'Hồng', 'Huệ', 'Hương', 'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Tâm', 'Thảo', 'Thoa', 'Thủy', 'Trang', 'Tuyết', 'Vân', 'Yến', 'Xuân'];

/** mulberry32: a tiny seeded PRNG so the demo is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

export interface GeneratedPerson {
  full_name: string;
  gender: 'nam' | 'nu';
  birth_date: string;
  phone: string;
}

export function makePerson(r: () => number, gender: 'nam' | 'nu' = r() < 0.5 ? 'nam' : 'nu', minYear = 1945, maxYear = 2000): GeneratedPerson {
  const family = pick(r, FAMILY);
  const middle = pick(r, gender === 'nam' ? MIDDLE_M : MIDDLE_F);
  const given = pick(r, gender === 'nam' ? GIVEN_M : GIVEN_F);
  const year = minYear + Math.floor(r() * (maxYear - minYear + 1));
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const phone = '09' + String(Math.floor(r() * 1e8)).padStart(8, '0');
  return { full_name: `${family} ${middle} ${given}`, gender, birth_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, phone };
}
