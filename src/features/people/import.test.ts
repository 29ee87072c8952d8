// People import and export (issue 13, item 4; docs/DESIGN.md D38): real XLSX files written with
// exceljs, real CSV bytes (UTF-8 with and without BOM, Windows-1258, TCVN3), real HTTP, real CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { loadConfig } from '../../config.ts';
import { COLUMNS } from './import-parse.ts';
import { FEATURE_COMMANDS } from '../../cli/registry.ts';
import { AppError } from '../../platform/errors.ts';

let t: TestApp;
let admin: Client;
before(async () => {
  t = await startTestApp();
  admin = t.client();
  await admin.login('quantri');
});
after(async () => t.close());

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Khánh', 'Lan', 'Mạnh', 'Ngọc'];
const HEADERS = COLUMNS.map((c) => c.header);

/** 300 people: the first 12 hold a post in Hội LHPN, every other one is a member of Đoàn TN or Hội LHPN (150). */
function people(bad: boolean): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const name = `${FAMILY[i % 10]} ${MIDDLE[Math.floor(i / 10) % 6]} ${GIVEN[Math.floor(i / 60) % 10]} ${['', 'Anh', 'Hòa', 'Tâm', 'Yến'][Math.floor(i / 60)]}`.trim();
    const day = new Date(Date.UTC(1960, 0, 1) + i * 41 * 86_400_000);
    const birth = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const post = i < 12;
    const member = i % 2 === 0;
    rows.push([String(i + 1), name, i % 3 ? 'Nam' : 'Nữ', birth, `09${String(10_000_000 + i)}`, '', `Tổ dân phố số ${(i % 3) + 1}`, post ? 'Ủy viên Ban Chấp hành' : '', post ? 'Hội LHPN' : '', post ? '01/07/2025' : '', member ? (i % 4 ? 'Đoàn TN' : 'Hội LHPN') : '', member ? '15/03/2020' : '', '']);
  }
  if (bad) {
    (rows[5] as string[])[3] = '31/02/1980'; // row 7 of the sheet (header on row 1)
    (rows[40] as string[])[10] = 'Hội Không Có'; // row 42
  }
  return rows;
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[][]) => [HEADERS, ...rows].map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

async function upload(c: Client, name: string, data: Buffer, type = 'application/octet-stream') {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(data)], { type }), name);
  return c.request('POST', `/app/people/import?_csrf=${encodeURIComponent(await c.csrf())}`, { body: fd });
}

const count = async (table: 'person' | 'position' | 'membership') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).n);
const imports = async () => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).where('action', '=', 'person.import').executeTakeFirstOrThrow()).n);
const errorsOf = (html: string) => [...html.matchAll(/<li>(Dòng [^<]*)<\/li>/g)].map((m) => m[1]?.replace(/&quot;/g, '"'));

test('an XLSX of 300 people with two bad rows: the preview names exactly those two errors and writes nothing; fixed, one commit writes all', async () => {
  const before = { people: await count('person'), posts: await count('position'), members: await count('membership'), imports: await imports() };
  const res = await upload(admin, 'danh-sach.xlsx', await xlsx(people(true)));
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const page = await admin.get(res.location ?? '');
  assert.equal(page.status, 200);
  assert.deepEqual(errorsOf(page.text), ['Dòng 7, Ngày sinh: 31/02/1980 không phải là ngày (nhập ngày/tháng/năm, ví dụ 05/09/1980)', 'Dòng 42, Hội viên của: không có tổ chức "Hội Không Có" trong đơn vị (xem trang "Hướng dẫn" của tệp mẫu)']);
  assert.doesNotMatch(page.text, /\/commit"/, 'no commit button while there are errors');
  assert.match(page.text, /name="file"/, 'the upload form is on the preview page');
  assert.equal(await count('person'), before.people);
  // The bad preview cannot be committed.
  const forced = await admin.post(`${res.location}/commit`);
  assert.equal(forced.status, 409);
  assert.match(forced.text, /Tệp còn lỗi; hãy sửa và tải lên lại/, 'the reason is the errors, not a changed ward');
  assert.doesNotMatch(forced.text, /đã thay đổi từ lúc xem trước/);
  assert.match(forced.text, new RegExp(`href="${res.location}"`), 'a link back to the preview');
  assert.equal(await count('person'), before.people);

  const fixed = await upload(admin, 'danh-sach.xlsx', await xlsx(people(false)));
  assert.equal(fixed.status, 303);
  const preview = await admin.get(fixed.location ?? '');
  assert.deepEqual(errorsOf(preview.text), []);
  assert.match(preview.text, /300 người, 12 chức vụ, 150 hội viên/);
  assert.match(preview.text, new RegExp(`action="${fixed.location}/commit"`));
  const done = await admin.post(`${fixed.location}/commit`);
  assert.equal(done.status, 303);
  assert.match(done.location ?? '', /^\/app\/people\?imported=/);
  const list = await admin.get(done.location ?? '');
  assert.match(list.text, /Đã nhập 300 người, 12 chức vụ, 150 hội viên\./);
  assert.equal(await count('person'), before.people + 300);
  assert.equal(await count('position'), before.posts + 12);
  assert.equal(await count('membership'), before.members + 150);
  assert.equal(await imports(), before.imports + 1, 'one person.import event');
  const ev = await t.db.selectFrom('audit_event').select(['summary', 'after_json']).where('ward_id', '=', t.wardA).where('action', '=', 'person.import').executeTakeFirstOrThrow();
  const after = JSON.parse(ev.after_json ?? '{}') as { rows: { full_name: string }[] };
  assert.equal(after.rows.length, 300);
  assert.doesNotMatch(ev.after_json ?? '', /0910000000|birth_date/, 'row summaries carry no personal details');
  const mai = await t.db.selectFrom('person').select(['birth_date', 'unit_id']).where('ward_id', '=', t.wardA).where('full_name', '=', 'Nguyễn Văn An').where('phone', '=', '0910000000').executeTakeFirstOrThrow();
  assert.equal(mai.birth_date, '1960-01-01');
  assert.ok(mai.unit_id);
  // A second commit of the same preview is refused.
  assert.equal((await admin.post(`${fixed.location}/commit`)).status, 409);
  assert.equal(await count('person'), before.people + 300);
});

test('export → re-import: the same shape, and the preview says every row is a duplicate', async () => {
  const out = await admin.getBuffer('/app/people/export.xlsx');
  assert.equal(out.status, 200);
  assert.match(out.headers.get('content-type') ?? '', /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(out.body as unknown as ArrayBuffer);
  assert.deepEqual((wb.worksheets[0]?.getRow(1).values as string[]).slice(1), HEADERS);
  assert.equal(wb.worksheets[1]?.name, 'Hướng dẫn');
  assert.ok(await t.db.selectFrom('audit_event').select('id').where('ward_id', '=', t.wardA).where('action', '=', 'person.export').executeTakeFirst());
  const res = await upload(admin, 'xuat.xlsx', out.body);
  assert.equal(res.status, 303);
  const p = await t.db.selectFrom('people_import').select(['row_count', 'people_count', 'errors_json']).where('ward_id', '=', t.wardA).where('id', '=', (res.location ?? '').split('/').pop() ?? '').executeTakeFirstOrThrow();
  const errors = JSON.parse(p.errors_json) as { row: number; message: string }[];
  assert.equal(p.row_count, (wb.worksheets[0]?.rowCount ?? 0) - 1);
  assert.equal(p.people_count, 0, 'nobody new');
  const dupRows = new Set(errors.filter((e) => /đã có trong đơn vị/.test(e.message)).map((e) => e.row));
  assert.equal(dupRows.size, p.row_count, 'every row is a duplicate');
  const template = await admin.getBuffer('/app/people/import/template.xlsx');
  assert.equal(template.status, 200);
  const tw = new ExcelJS.Workbook();
  await tw.xlsx.load(template.body as unknown as ArrayBuffer);
  assert.equal(tw.worksheets[0]?.rowCount, 2);
  assert.match(JSON.stringify(tw.worksheets[1]?.getSheetValues()), /Hội LHPN/);
  // The template uploaded as it came: its example row is refused by name, nothing written.
  const people = await count('person');
  const asIs = await upload(admin, 'mau.xlsx', template.body);
  assert.equal(asIs.status, 303);
  const preview = await admin.get(asIs.location ?? '');
  assert.deepEqual(errorsOf(preview.text), ['Dòng 2, Ghi chú: đây là dòng ví dụ của tệp mẫu: hãy xóa dòng này trước khi nhập']);
  assert.equal(await count('person'), people);
});

/** The text in Windows-1258: letters with a tone split into the base letter of the code page and the combining tone. */
function cp1258(s: string): Buffer {
  const split = [...s.normalize('NFD')].join('').normalize('NFC');
  const out = [...split].map((ch) => {
    const d = ch.normalize('NFD');
    const tone = [...d].find((x) => /[\u0300\u0301\u0303\u0309\u0323]/.test(x));
    return tone ? d.replace(tone, '').normalize('NFC') + tone : ch;
  });
  return iconv.encode(out.join(''), 'windows1258');
}

const TCVN3_BYTES: Record<string, number> = { ọ: 0xe4, ê: 0xaa, ễ: 0xd4, ă: 0xa8, ì: 0xd7, ư: 0xad, ờ: 0xea, â: 0xa9, ố: 0xe8, ộ: 0xe9, ũ: 0xf2, à: 0xb5, ữ: 0xf7, ị: 0xde };
const tcvn3 = (s: string) => Buffer.from([...s].map((ch) => TCVN3_BYTES[ch] ?? ch.charCodeAt(0)));

test('CSV: UTF-8 with and without BOM and Windows-1258 are read; TCVN3, a PNG named .xlsx and a file without the headers are refused', async () => {
  const row = (name: string, birth: string) => ['1', name, 'Nữ', birth, '', '', 'Tổ dân phố số 2', '', '', '', 'Hội LHPN', '08/03/2021', 'Ghi chú có dấu'];
  const cases: [string, Buffer, string][] = [
    ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([row('Trương Thị Ngọc Ánh', '02/02/1991')]))]), 'Trương Thị Ngọc Ánh'],
    ['utf8.csv', Buffer.from(csv([row('Lương Thị Diệu Thúy', '03/03/1992')]).replace(/,/g, ';')), 'Lương Thị Diệu Thúy'],
    ['cp1258.csv', cp1258(csv([row('Nguyễn Thị Hồng Nhung', '04/04/1993')])), 'Nguyễn Thị Hồng Nhung'],
  ];
  for (const [name, data, person] of cases) {
    const res = await upload(admin, name, data, 'text/csv');
    assert.equal(res.status, 303, `${name}: ${res.text.slice(0, 300)}`);
    const page = await admin.get(res.location ?? '');
    assert.deepEqual(errorsOf(page.text), [], name);
    assert.match(page.text, new RegExp(person), name);
    assert.match(page.text, /1 người, 0 chức vụ, 1 hội viên/, name);
  }
  const before = await t.db.selectFrom('people_import').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const legacy = await upload(admin, 'cu.csv', tcvn3('STT,Họ và tên,Ngày sinh\r\n1,Nguyễn Văn Bình,01/01/1980\r\n2,Trần Thị Hường,02/02/1982\r\n'), 'text/csv');
  assert.equal(legacy.status, 400);
  assert.match(legacy.text, /Tệp dùng bảng mã TCVN3 \(ABC\)/);
  assert.match(legacy.text, /lưu lại dạng CSV UTF-8 hoặc \.xlsx/);
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  const fake = await upload(admin, 'danh-sach.xlsx', png);
  assert.equal(fake.status, 400);
  assert.match(fake.text, /Tệp không phải là bảng tính/);
  const noHeaders = await upload(admin, 'x.csv', Buffer.from('Tên,Tuổi\r\nAn,30\r\n'));
  assert.equal(noHeaders.status, 400);
  assert.match(noHeaders.text, /thiếu cột bắt buộc: Họ và tên, Ngày sinh/);
  const after = await t.db.selectFrom('people_import').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n), 'a refused file stores nothing');
});

test('editor and member: 403 on every import and export route, GET included; another admin does not see my preview', async () => {
  const mine = await upload(admin, 'a.csv', Buffer.from(csv([['1', 'Đinh Công Tráng', 'Nam', '05/05/1975', '', '', '', '', '', '', '', '', '']])));
  assert.equal(mine.status, 303);
  for (const username of ['bientap', 'hoivien', 'phunu']) {
    const c = t.client();
    await c.login(username);
    for (const p of ['/app/people/import', '/app/people/import/template.xlsx', '/app/people/export.xlsx', mine.location ?? '']) assert.equal((await c.get(p)).status, 403, `${username} GET ${p}`);
    assert.equal((await upload(c, 'a.csv', Buffer.from(csv([])))).status, 403, `${username} POST`);
    assert.equal((await c.post(`${mine.location}/commit`)).status, 403, `${username} commit`);
  }
  const office = t.client();
  await office.login('vanphong');
  assert.equal((await office.get('/app/people/import')).status, 200);
  assert.equal((await office.get(mine.location ?? '')).status, 404, 'a preview is its owner’s');
});

test('CLI: roviec people import --dry-run prints row errors and refuses (exit 2); a good file is written by the same command', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-import-'));
  try {
    const bad = path.join(dir, 'loi.csv');
    fs.writeFileSync(bad, csv([['1', 'Tạ Quang Bửu', 'Nam', '30/02/1960', '', '', '', '', '', '', '', '', ''], ['2', 'Tạ Thị Lụa', 'Nữ', '01/01/1961', '', '', 'Tổ 99', '', '', '', '', '', '']]));
    const before = await count('person');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.url, ROVIEC_FILES: t.config.filesDir });
    const cmd = FEATURE_COMMANDS['people import'];
    assert.ok(cmd, 'registered in src/cli/registry.ts');
    // The command as main.ts runs it: its stderr lines collected, its refusal an AppError (main.ts: exit 2).
    const printed: string[] = [];
    const print = console.error;
    console.error = (...a: unknown[]) => void printed.push(a.join(' '));
    let refusal: unknown;
    try {
      await cmd.run(['--ward', 'DEMO-DONGTAM', '--file', bad, '--dry-run'], config);
    } catch (e) {
      refusal = e;
    } finally {
      console.error = print;
    }
    assert.ok(refusal instanceof AppError && refusal.status === 400 && refusal.key === 'import.err.rows', String(refusal));
    assert.deepEqual(printed, ['Dòng 2, Ngày sinh: 30/02/1960 không phải là ngày (nhập ngày/tháng/năm, ví dụ 05/09/1980)', 'Dòng 3, Tổ dân phố/Thôn: không có tổ dân phố/thôn "Tổ 99" trong đơn vị']);
    assert.equal(await count('person'), before);

    const good = path.join(dir, 'tot.xlsx');
    fs.writeFileSync(good, await xlsx([['1', 'Tạ Quang Bửu', 'Nam', '28/02/1960', '', '', 'Tổ dân phố số 1', 'Chi hội trưởng', 'Hội CCB', '01/01/2024', 'Hội CCB', '01/01/2010', '']]));
    await cmd.run(['--ward', 'DEMO-DONGTAM', '--file', good, '--dry-run'], config);
    assert.equal(await count('person'), before, 'a dry run writes nothing');
    await cmd.run(['--ward', 'DEMO-DONGTAM', '--file', good], config);
    assert.equal(await count('person'), before + 1);
    const ev = await t.db.selectFrom('audit_event').select(['actor_label', 'summary']).where('ward_id', '=', t.wardA).where('action', '=', 'person.import').orderBy('at', 'desc').executeTakeFirstOrThrow();
    assert.equal(ev.actor_label, 'Dòng lệnh');
    assert.match(ev.summary ?? '', /1 người, 1 chức vụ, 1 hội viên/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a zip bomb of an XLSX (parts that unzip to 45 MB, or one packed 1,000 times) is refused from its central directory; nothing stored', async () => {
  // A real workbook with parts that unzip far beyond what it weighs: 45 parts of 1 MB (the total),
  // and one part of 3 MB packed ~1,000 times (the ratio). ExcelJS would unzip all of it in memory.
  const base = await JSZip.loadAsync(await xlsx([['1', 'Lê Văn Bom', 'Nam', '01/01/1980', '', '', '', '', '', '', '', '', '']]));
  for (let i = 0; i < 45; i++) base.file(`xl/media/image${i}.png`, Buffer.alloc(1024 * 1024, 32));
  const total = await base.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const one = await JSZip.loadAsync(await xlsx([['1', 'Lê Văn Bom', 'Nam', '01/01/1980', '', '', '', '', '', '', '', '', '']]));
  one.file('xl/sharedStrings2.xml', 'x'.repeat(3 * 1024 * 1024));
  const ratio = await one.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const before = await t.db.selectFrom('people_import').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  for (const bomb of [total, ratio]) {
    assert.ok(bomb.length < 500 * 1024, `the bomb is small: ${bomb.length} bytes`);
    const res = await upload(admin, 'bom.xlsx', bomb);
    assert.equal(res.status, 400);
    assert.match(res.text, /Tệp bảng tính giải nén quá lớn/);
  }
  const after = await t.db.selectFrom('people_import').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n), 'a refused file stores nothing');
});

test('a cell longer than 2,000 characters is a row error (stored cut); two messages of a row are joined without doubled punctuation', async () => {
  const row = (name: string, extra: Partial<Record<number, string>>) => Object.assign(['1', name, 'Nam', '02/02/1982', '', '', '', '', '', '', '', '', ''], extra);
  const ok = await upload(admin, 'dai.xlsx', await xlsx([row('Lê Văn Dài', { 12: 'x'.repeat(2001) }), row('Lê Văn Sai', { 4: '12ab', 5: 'khong-phai-thu' })]));
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const page = await admin.get(ok.location ?? '');
  assert.ok(errorsOf(page.text).includes('Dòng 2, Ghi chú: dài quá 2000 ký tự'), errorsOf(page.text).join(' | '));
  assert.doesNotMatch(page.text, /\.;/, 'no ".;" in the status column');
  assert.match(page.text, /Số điện thoại không hợp lệ\. Địa chỉ thư điện tử không hợp lệ\./);
  const stored = await t.db.selectFrom('people_import').select('rows_json').where('ward_id', '=', t.wardA).where('id', '=', (ok.location ?? '').split('/').pop() ?? '').executeTakeFirstOrThrow();
  assert.ok(stored.rows_json.length < 10_000, 'the long cell is stored cut');
});

test('text starting with "=", "+", "-", "@" is kept on import and exported as text, never as a formula', async () => {
  const names = ['=HYPERLINK("http://x","a")', '+Trần Văn Cộng', '-Lê Thị Trừ', '@Phạm Văn A'];
  const res = await upload(admin, 'cong-thuc.xlsx', await xlsx(names.map((n, i) => ['1', n, 'Nam', `0${i + 1}/03/1975`, '', '', '', '', '', '', '', '', '=1+1'])));
  assert.equal(res.status, 303);
  assert.equal((await admin.post(`${res.location}/commit`)).status, 303);
  const people = await t.db.selectFrom('person').select(['full_name', 'note']).where('ward_id', '=', t.wardA).where('note', '=', '=1+1').execute();
  assert.deepEqual(people.map((p) => p.full_name).sort(), [...names].sort());
  const out = await admin.getBuffer('/app/people/export.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(out.body as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  wb.worksheets[0]?.eachRow((r) => r.eachCell((c) => cells.push(c)));
  for (const n of [...names, '=1+1']) {
    const found = cells.filter((c) => c.text === n);
    assert.ok(found.length > 0, `exported: ${n}`);
    for (const c of found) assert.equal(c.type, ExcelJS.ValueType.String, `${n} is text`);
  }
  assert.ok(cells.every((c) => c.type !== ExcelJS.ValueType.Formula), 'no formula in the export');
  const zip = await JSZip.loadAsync(out.body);
  for (const f of Object.keys(zip.files).filter((f) => /^xl\/worksheets\/.*\.xml$/.test(f))) assert.doesNotMatch((await zip.file(f)?.async('string')) ?? '', /<f[ >]/, `${f} has no <f> formula element`);
});

test('a residential-group name two groups share (after a merge) is refused like an ambiguous organization name', async () => {
  const { systemActor } = await import('../../platform/actor.ts');
  const { markSystem, runCommand } = await import('../../platform/command.ts');
  const { insertUnit } = await import('../units/service.ts');
  const { checkRows } = await import('./import.ts');
  const sys = systemActor(t.wardA, 'Kiểm thử');
  await runCommand(t.db, sys, 'test.fixture', async (c) => {
    markSystem(c.actor);
    await insertUnit(c.trx, sys, { kind: 'to_dan_pho', name: 'Tổ dân phố số 3', code: null, valid_from: '2025-07-01', valid_to: null, parent_id: t.wardA, ward_id: t.wardA });
  });
  const r = await checkRows(t.db, { wardId: t.wardA }, [{ row: 2, cells: { full_name: 'Đinh Văn Tổ', gender: 'Nam', birth_date: '01/01/1970', unit: 'Tổ dân phố số 3' } }], 'vi');
  assert.deepEqual(r.errors.map((e) => e.message), ['có nhiều tổ dân phố tên "Tổ dân phố số 3": hãy đổi tên một tổ dân phố (trang Đơn vị hành chính) rồi nhập lại']);
  assert.equal(r.errors[0]?.col, 'unit');
});
