// Section headings in sentence case (issue 11 item 8, docs/DESIGN.md D58). Vietnamese writes a
// heading like a sentence: "Danh sách nhân sự", not "Danh Sách Nhân Sự". Which messages are
// headings: every key drawn inside <h1>…<h6>, <legend>, <caption> or <summary>, or given to
// PageHead/Layout as a title, in the views (found in the source, so a new heading is checked
// without being listed), and every key ending in .title, .heading or .legend. A heading fails when
// a word after the first begins with a capital, once the names of bodies and places (which Vietnamese
// capitalizes: "Ban Thường vụ", "Ủy ban nhân dân", "Mặt trận Tổ quốc"…), abbreviations (UBND, HĐND)
// and {placeholders} are taken out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import '../src/features/messages.ts';
import { registeredMessages } from '../src/platform/i18n/registry.ts';

/** Names written with capitals in Vietnamese (bodies, places, documents): longest first. */
const PROPER = [
  'Ban Chấp hành Trung ương', 'Ban Chấp hành', 'Ban Thường vụ', 'Thường trực', 'Bộ Chính trị', 'Ủy ban nhân dân', 'Uỷ ban nhân dân', 'Ủy ban Kiểm tra', 'Ủy ban',
  'Hội đồng nhân dân', 'Mặt trận Tổ quốc Việt Nam', 'Mặt trận Tổ quốc', 'Hội Liên hiệp Phụ nữ', 'Hội Cựu chiến binh', 'Hội Nông dân', 'Hội Người cao tuổi',
  'Đoàn Thanh niên Cộng sản Hồ Chí Minh', 'Đoàn Thanh niên', 'Công đoàn', 'Đảng ủy', 'Đảng bộ', 'Chi bộ', 'Đảng', 'Nhà nước', 'Chính phủ', 'Quốc hội', 'Trung ương',
  'Luật Thực hiện dân chủ ở cơ sở', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Văn phòng', 'Việt Nam', 'Hồ Chí Minh', 'Tổ quốc', 'RõViệc', 'Excel', 'Word', 'PDF', 'API', 'CSV', 'Nghị quyết', 'Quy định', 'Hướng dẫn số', 'Chỉ thị',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.tsx$/.test(n) && !/\.test\./.test(n) ? [p] : [];
  });
}

/** The message keys the views draw as headings. */
function headingKeys(): Set<string> {
  const keys = new Set<string>();
  const patterns = [/<(?:h[1-6]|legend|caption|summary)\b[^>]*>\s*\{(?:ctx\.)?t\('([\w.]+)'/g, /<(?:PageHead|Layout)\b[^>]*?\stitle=\{(?:ctx\.)?t\('([\w.]+)'/g];
  for (const f of filesUnder('src')) {
    const src = readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of src.matchAll(re)) keys.add(m[1] as string);
  }
  return keys;
}

/** The words of a heading that are capitalized against sentence case ([] when it is written right). */
export function titleCaseWords(text: string): string[] {
  let s = text.replace(/\{\w+\}/g, ' ');
  for (const name of PROPER) s = s.split(name).join(' ');
  // each clause after ":", "." , "(" or "–" starts again with a capital
  return s
    .split(/[:.?!(–—/]/)
    .flatMap((clause) => (clause.match(/[\p{L}\d]+/gu) ?? []).slice(1))
    .filter((w) => /^\p{Lu}/u.test(w) && !/^[\p{Lu}\d]+$/u.test(w));
}

test('the finder: Title Case fails, sentence case and names of bodies pass', () => {
  assert.deepEqual(titleCaseWords('Danh Sách Nhân Sự'), ['Sách', 'Nhân', 'Sự']);
  assert.deepEqual(titleCaseWords('Danh sách nhân sự'), []);
  assert.deepEqual(titleCaseWords('Chương trình công tác của Ban Thường vụ Đảng ủy'), []);
  assert.deepEqual(titleCaseWords('Báo cáo của UBND phường {name}: Kết quả'), []);
});

test('every heading of the Vietnamese catalogue is in sentence case', () => {
  const used = headingKeys();
  assert.ok(used.size > 50, `found ${used.size} heading keys in the views`);
  const wrong = registeredMessages()
    .filter((m) => used.has(m.key) || /\.(title|heading|legend)$/.test(m.key))
    .map((m) => ({ ...m, words: titleCaseWords(m.vi) }))
    .filter((m) => m.words.length)
    .map((m) => `${m.key}: "${m.vi}" (${m.words.join(', ')})`);
  assert.deepEqual(wrong, []);
});
