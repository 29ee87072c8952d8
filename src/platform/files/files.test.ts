import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { checkFiles, contentDisposition, keepIfRecorded, stageFiles, storedPath, WORK_FILES, type FilePolicy, type Upload } from './index.ts';
import { ValidationError } from '../errors.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const up = (filename: string, data: Buffer, truncated = false): Upload => ({ filename, data, truncated });

async function refusal(p: Promise<unknown>): Promise<Record<string, string> | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
  return undefined;
}

test('kinds are sniffed from the bytes, whatever the name says', async () => {
  const [png] = await checkFiles([up('ảnh.pdf', PNG)], WORK_FILES);
  assert.equal(png?.contentType, 'image/png');
  assert.equal(png?.ext, 'png');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Bảng').addRow(['Tổ dân phố', 1]);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const [sheet] = await checkFiles([up('bang.xlsx', xlsx)], WORK_FILES);
  assert.equal(sheet?.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.deepEqual(await refusal(checkFiles([up('a.png', Buffer.from('không phải ảnh'))], WORK_FILES)), { files: 'file.err.type' });
  assert.deepEqual(await refusal(checkFiles([up('x.pdf', Buffer.from('4d5a90000300000004000000ffff0000', 'hex'))], WORK_FILES)), { files: 'file.err.type' });
});

test('per-caller limits: count, size (or cut by the parser), empty, and a name that must match', async () => {
  const policy: FilePolicy = { ...WORK_FILES, maxBytes: 100, maxFiles: 2, field: 'file', matchName: true };
  assert.deepEqual(await refusal(checkFiles([up('a.png', PNG), up('b.png', PNG), up('c.png', PNG)], policy)), { file: 'file.err.tooMany' });
  assert.deepEqual(await refusal(checkFiles([up('a.pdf', PDF, true)], policy)), { file: 'file.err.tooLarge' });
  assert.deepEqual(await refusal(checkFiles([up('a.pdf', Buffer.alloc(101, 0x25))], policy)), { file: 'file.err.tooLarge' });
  assert.deepEqual(await refusal(checkFiles([up('a.pdf', Buffer.alloc(0))], policy)), { file: 'file.err.empty' });
  assert.deepEqual(await refusal(checkFiles([up('ke-hoach.docx', PDF)], policy)), { file: 'file.err.type' });
  const [ok] = await checkFiles([up('Kế hoạch.PDF', PDF)], policy);
  assert.equal(ok?.ext, 'pdf');
});

test('Content-Disposition keeps a Vietnamese name exactly and gives old clients an ASCII one', () => {
  assert.equal(
    contentDisposition('attachment', 'Kế hoạch "đợt 1".pdf'),
    `attachment; filename="Ke hoach _dot 1_.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20_%C4%91%E1%BB%A3t%201_.pdf`,
  );
  assert.match(contentDisposition('inline', '../../etc/passwd'), /^inline; filename="passwd"/);
});

test('bytes are written before the transaction and removed when it fails; keys never leave the root', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-files-'));
  try {
    const staged = await stageFiles(dir, { area: 'portal', wardId: 'w1' }, [{ data: PNG, ext: 'png' }, { data: PDF, name: 'abc-file' }]);
    assert.match(staged.files[0]?.key ?? '', /^portal\/w1\/[0-9a-f]{32}\.png$/);
    assert.equal(staged.files[1]?.key, 'portal/w1/abc-file');
    assert.equal(fs.readdirSync(path.join(dir, 'portal', 'w1')).length, 2);
    await assert.rejects(keepIfRecorded(staged, async () => Promise.reject(new Error('rollback'))), /rollback/);
    assert.equal(fs.readdirSync(path.join(dir, 'portal', 'w1')).length, 0);
    const kept = await stageFiles(dir, { wardId: 'w1' }, [{ data: PNG, ext: 'png' }]);
    assert.equal(await keepIfRecorded(kept, async () => 'ok'), 'ok');
    assert.ok(fs.existsSync(storedPath(dir, kept.files[0]?.key ?? '') ?? ''));
    assert.equal(storedPath(dir, '../outside'), null);
    await assert.rejects(stageFiles(dir, { wardId: 'w1' }, [{ data: PNG, name: '../x' }]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
