// The public search never drops a filter silently (issue 12 leftovers, docs/DESIGN.md D63): an
// unknown category, a reversed date range, a page number that is not one and an over-long box are
// each told to the reader in Vietnamese, the page answers 200 with the results of the valid part
// (the same as the search without the bad part), and the form keeps what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const WORD = 'phường';
/** The page, its result count ("Tìm thấy N bài viết.") and its notices. */
async function search(query: string): Promise<{ status: number; count: string; notices: string[]; html: string }> {
  const res = await t.client().get('/tim-kiem?' + query);
  const count = /Tìm thấy ([\d.+]+) bài viết\./.exec(res.text)?.[1] ?? '';
  const notices = [...res.text.matchAll(/<p class="pm-notice" role="status">([^<]*)<\/p>/g)].map((m) => (m[1] as string).replaceAll('&quot;', '"'));
  return { status: res.status, count, notices, html: res.text };
}

test('a bad filter is named and the valid part is searched', async () => {
  const plain = await search(`q=${encodeURIComponent(WORD)}`);
  assert.equal(plain.status, 200);
  assert.ok(Number(plain.count.replace(/\D/g, '')) > 0, 'the demo portal has the word');
  assert.deepEqual(plain.notices, []);

  const cat = await search(`q=${encodeURIComponent(WORD)}&chuyen_muc=khong-co-chuyen-muc`);
  assert.equal(cat.status, 200);
  assert.equal(cat.count, plain.count);
  assert.deepEqual(cat.notices, ['Không có chuyên mục «khong-co-chuyen-muc» nên đã tìm trong mọi chuyên mục.']);
  assert.doesNotMatch(cat.html, /href="[^"]*chuyen_muc=khong-co/, 'the pager does not carry the unknown category on');

  const reversed = await search(`q=${encodeURIComponent(WORD)}&tu=01/01/2030&den=01/01/2020`);
  assert.equal(reversed.status, 200);
  assert.equal(reversed.count, plain.count);
  assert.deepEqual(reversed.notices, ['Khoảng ngày từ 01/01/2030 đến 01/01/2020 bị ngược (ngày kết thúc trước ngày bắt đầu) nên chưa dùng để lọc.']);
  assert.match(reversed.html, /id="s-tu" name="tu" value="01\/01\/2030" aria-invalid="true"/);
  assert.match(reversed.html, /id="s-den" name="den" value="01\/01\/2020" aria-invalid="true"/);

  const page = await search(`q=${encodeURIComponent(WORD)}&trang=abc`);
  assert.equal(page.status, 200);
  assert.equal(page.count, plain.count);
  assert.deepEqual(page.notices, ['Số trang «abc» không hợp lệ nên hiện trang 1.']);

  const long = await search(`q=${encodeURIComponent(WORD + ' ' + 'x'.repeat(300))}`);
  assert.equal(long.status, 200);
  assert.deepEqual(long.notices, ['Từ khóa dài quá 200 ký tự nên chỉ dùng các từ trong 200 ký tự đầu để tìm.']);
  assert.equal(long.count, plain.count, 'the half word at the cut is not searched');
  assert.match(long.html, new RegExp(`id="s-q" name="q" type="search" value="${WORD}"`));

  // Several at once, with a valid category kept: each bad part is named, once.
  const many = await search(`q=${encodeURIComponent(WORD)}&trang=0&chuyen_muc=x&tu=99/99/9999`);
  assert.equal(many.status, 200);
  assert.equal(many.notices.length, 3);
  assert.equal(many.count, plain.count);
});

test('the box is cleaned like every text field: a NUL is a space, an invisible U+200B inside a word is removed; symbols alone are not searched and are named', async () => {
  const plain = await search(`q=${encodeURIComponent(WORD)}`);
  const zw = await search(`q=${encodeURIComponent('phư\u200Bờng')}`);
  assert.equal(zw.status, 200);
  assert.equal(zw.count, plain.count);
  const nul = await search(`q=${encodeURIComponent(WORD + '\u0000\u0000')}`);
  assert.equal(nul.status, 200);
  assert.equal(nul.count, plain.count);
  assert.ok(!nul.html.includes('\u0000') && !nul.html.includes('&#0;'), 'no NUL echoed anywhere, the <title> included');
  assert.match(nul.html, new RegExp(`<title>Kết quả tìm &quot;${WORD}&quot;`));
  const symbols = await search(`q=${encodeURIComponent('!!! ??? ---')}`);
  assert.equal(symbols.status, 200);
  assert.equal(symbols.count, '', 'no "0 articles found" for a box with no word');
  assert.deepEqual(symbols.notices, ['Từ khóa «!!! ??? ---» không có chữ hoặc số nào nên chưa tìm; hãy gõ từ cần tìm.']);
});

test('a page past the last answers the portal\'s 404, as a category page does', async () => {
  const plain = await search(`q=${encodeURIComponent(WORD)}`);
  const pages = Math.ceil(Number(plain.count.replace(/\D/g, '')) / 10) || 1;
  const past = await search(`q=${encodeURIComponent(WORD)}&trang=${pages + 5}`);
  assert.equal(past.status, 404);
  assert.doesNotMatch(past.html, /Trang \d+\/\d+/);
});
