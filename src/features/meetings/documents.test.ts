// The founding meeting's minutes and conclusion notice as a reader sees them: fetched over HTTP as
// Word and PDF, the PDF made by LibreOffice from our .docx, its text read by pdftotext and its first
// page saved as PNG under test-output/ to be looked at. Skipped with a message only without LibreOffice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { PDF_AVAILABLE, skipWithout } from '../../../test/support/tools.ts';
import { vnInstant } from './schema.ts';

const SKIP = skipWithout(PDF_AVAILABLE, 'LibreOffice (soffice) is not installed: PDF tests skipped');
const OUT = path.resolve('test-output');
let t: TestApp;
let id: string;
before(async () => {
  t = await startTestApp();
  id = (await t.db.selectFrom('meeting').select('id').where('ward_id', '=', t.wardA).where('starts_at', '=', vnInstant('2017-02-10', '14:00')).executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}

/** The text on one line: pdftotext breaks lines where the page does. */
const flat = (s: string) => s.replace(/\s+/gu, ' ');

function textOf(pdf: Buffer, name: string): string {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, path.join(OUT, name)]);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/[ \t]+/g, ' ');
}

test('the numbered minutes and conclusion notice of 10/02/2017, opened by a real reader', { skip: SKIP }, async () => {
  const c = await login('vanphong');
  const page = await c.get(`/app/meetings/${id}`);
  assert.match(page.text, /Số 1-BB\/ĐU/u);
  assert.match(page.text, /Số 1-TB\/ĐU/u);
  const docx = await c.get(`/app/meetings/${id}/documents/minutes.docx`);
  assert.equal(docx.status, 200);
  assert.match(docx.headers.get('content-type') ?? '', /wordprocessingml/);
  const minutes = await c.getBuffer(`/app/meetings/${id}/documents/minutes.pdf`);
  assert.equal(minutes.status, 200);
  const mt = textOf(minutes.body, 'meeting-2017-minutes');
  for (const line of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'ĐẢNG ỦY PHƯỜNG', 'Số 1-BB/ĐU', 'ngày 10 tháng 02 năm 2017', 'BIÊN BẢN', 'Có mặt 10/12 đồng chí; vắng 2 đồng chí', 'Đi học lớp trung cấp lý luận chính trị', 'Dương Ngọc Dũng', 'THƯ KÝ', 'CHỦ TRÌ']) {
    assert.ok(flat(mt).includes(line), `minutes: ${line}\n${mt.slice(0, 1500)}`);
  }
  const notice = await c.getBuffer(`/app/meetings/${id}/documents/notice.pdf`);
  const nt = textOf(notice.body, 'meeting-2017-notice');
  for (const line of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'Số 1-TB/ĐU', 'ngày 13 tháng 02 năm 2017', 'THÔNG BÁO', 'T/M BAN THƯỜNG VỤ', 'Nơi nhận', 'Tập trung xây dựng triển khai kế hoạch']) {
    assert.ok(flat(nt).includes(line), `notice: ${line}\n${nt.slice(0, 1500)}`);
  }
  for (const n of [1, 2, 3, 4, 5]) assert.match(nt, new RegExp(`(^|\\n)\\s*${n}\\.\\s`, 'u'), `item ${n}`);
});

test('numbers: issued once, refused twice (409), refused before the meeting is held (422); another ward 404', async () => {
  const c = await login('vanphong');
  const again = await c.post(`/app/meetings/${id}/documents/minutes/issue`, { version: 1 });
  assert.equal(again.status, 409);
  assert.match(again.text, /đã được cấp số/u);
  const upcoming = (await t.db.selectFrom('meeting').select('id').where('ward_id', '=', t.wardA).where('status', '=', 'convened').executeTakeFirstOrThrow()).id;
  const early = await c.post(`/app/meetings/${upcoming}/documents/minutes/issue`, { version: 1 });
  assert.equal(early.status, 422);
  assert.match(early.text, /sau khi đã được duyệt/u);
  const inv = await c.post(`/app/meetings/${upcoming}/documents/invitation/issue`, { version: 1 });
  assert.equal(inv.status, 303);
  const issued = await t.db.selectFrom('issued_document').selectAll().where('subject_id', '=', upcoming).execute();
  assert.equal(issued.length, 1);
  assert.match(issued[0]?.number_text ?? '', /^\d+-GM\/ĐU$/u);
  const other = await login('vinhtuy.doan');
  assert.equal((await other.get(`/app/meetings/${id}/documents/notice.docx`)).status, 404);
  assert.equal((await other.get(`/app/meetings/${id}/invite.ics`)).status, 404);
});
