import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { checkFiles, contentDisposition, keepIfRecorded, sendStoredFile, servedName, stageFiles, storedPath, WORK_FILES, type FilePolicy, type Upload } from './index.ts';
import { ValidationError } from '../errors.ts';
import { pngHeader } from '../../../test/support/png.ts';

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
    `attachment; filename="Ke hoach _dot 1_.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20%22%C4%91%E1%BB%A3t%201%22.pdf`,
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

// ---- values no one could mean (issue 8, docs/DESIGN.md D29) ------------------------------------

const WORK_FILES_WITH_PREVIEW = WORK_FILES;

test('an image is refused by its size in pixels, read from its header before anything decodes it', async () => {
  // The header rule alone (a preview would decode these header-only fakes): WORK_FILES without its preview.
  const WORK_FILES = { ...WORK_FILES_WITH_PREVIEW, previewWidth: undefined };
  const bomb = pngHeader(50_000, 50_000); // a few hundred bytes that would take 2.5 GB to decode
  assert.ok(bomb.length < 60_000);
  assert.deepEqual(await refusal(checkFiles([up('bang-chung.png', bomb)], WORK_FILES)), { files: 'file.err.pixels' });
  assert.deepEqual(await refusal(checkFiles([up('dai.png', pngHeader(40_000, 10))], WORK_FILES)), { files: 'file.err.pixels' }, 'a side over 30,000');
  assert.equal((await checkFiles([up('anh.png', pngHeader(8000, 6000))], WORK_FILES)).length, 1, 'a 48-megapixel photo passes');
  // A PNG signature on bytes no decoder reads is not an image.
  assert.deepEqual(await refusal(checkFiles([up('hong.png', Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(40)]))], WORK_FILES)), { files: 'file.err.type' });
});

test('served files: only raster images inline; PDF, Office, HEIC and anything else downloaded, never sniffed, nothing runs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-files-'));
  const app = Fastify();
  try {
    const staged = await stageFiles(dir, { wardId: 'w1' }, [{ data: PDF, ext: 'pdf' }]);
    const key = staged.files[0]?.key ?? '';
    app.get('/f', async (req, reply) => {
      const q = req.query as { type: string; name: string; inline?: string };
      return sendStoredFile(reply, dir, key, { contentType: q.type, cacheControl: 'private, no-store', filename: q.name, inline: q.inline === '1' }) ?? reply.code(404).send();
    });
    const cases: [string, string, boolean, string][] = [
      // content type, stored name, asked inline, expected Content-Disposition start
      ['image/jpeg', 'anh.jpg', true, 'inline; filename="anh.jpg"'],
      ['image/png', 'anh.png', true, 'inline; filename="anh.png"'],
      ['image/webp', 'anh.webp', true, 'inline; filename="anh.webp"'],
      ['image/png', 'anh.png', false, 'attachment; filename="anh.png"'],
      ['image/heic', 'anh.heic', true, 'attachment; filename="anh.heic"'],
      ['application/pdf', 'Kế hoạch.pdf', true, 'attachment; filename="Ke hoach.pdf"'],
      ['application/pdf', 'bao-cao.exe', true, 'attachment; filename="bao-cao.pdf"'],
      ['application/pdf', 'bao-cao', true, 'attachment; filename="bao-cao.pdf"'],
      ['image/png', 'anh.html', true, 'inline; filename="anh.png"'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'to-trinh.docx', true, 'attachment; filename="to-trinh.docx"'],
      ['application/msword', 'cu.doc', true, 'attachment; filename="cu.doc"'],
      ['application/x-cfb', 'cu.xls', true, 'attachment; filename="cu.xls"'],
      ['application/x-cfb', 'cu.exe', true, 'attachment; filename="cu.doc"'],
      ['text/html', 'trang.html', true, 'attachment; filename="trang.html"'],
    ];
    const wrong: string[] = [];
    for (const [type, name, inline, expected] of cases) {
      const res = await app.inject({ method: 'GET', url: `/f?${new URLSearchParams({ type, name, inline: inline ? '1' : '0' })}` });
      const cd = String(res.headers['content-disposition'] ?? '');
      if (!cd.startsWith(expected)) wrong.push(`${type} ${name} inline=${inline}: ${cd}`);
      if (res.headers['x-content-type-options'] !== 'nosniff') wrong.push(`${type}: no nosniff`);
      if (res.headers['content-security-policy'] !== "default-src 'none'; sandbox") wrong.push(`${type}: CSP ${String(res.headers['content-security-policy'])}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(servedName('Kế hoạch.PDF', 'application/pdf'), 'Kế hoạch.PDF');
    assert.equal(servedName('bang.xls', 'application/vnd.ms-excel'), 'bang.xls');
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
