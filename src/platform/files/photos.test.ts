// Photos from phones (issue 11 item 10, docs/DESIGN.md D55), through a real upload of evidence of
// progress: a preview without GPS, resized; the original byte for byte; HEIC made readable or
// refused with a message; file names kept exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Client;
let taskId = '';
before(async () => {
  t = await startTestApp();
  owner = t.client();
  await owner.login('hoivien');
  taskId = (
    await t.db
      .selectFrom('task')
      .innerJoin('organization', 'organization.id', 'task.lead_org_id')
      .select('task.id')
      .where('organization.name', '=', 'Chi hội Phụ nữ Tổ dân phố số 2')
      .executeTakeFirstOrThrow()
  ).id;
});
after(async () => t.close());

const HEIC = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'iphone.heic'));

async function upload(name: string, type: string, data: Buffer) {
  const v = (await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow()).version;
  const fd = new FormData();
  fd.set('percent', '60');
  fd.set('version', String(v));
  // undici's FormData escapes `"` in a file name as %22, as browsers do (HTML multipart/form-data encoding).
  fd.append('files', new Blob([new Uint8Array(data)], { type }), name);
  return owner.request('POST', `/app/tasks/${taskId}/progress?_csrf=${encodeURIComponent(await owner.csrf())}`, { body: fd });
}
const lastFile = () => t.db.selectFrom('work_file').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
/** The exact name a client reads from `filename*=UTF-8''…` (RFC 6266/5987). */
const nameOf = (cd: string | null) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd ?? '')?.[1] ?? '');

test('a phone photo with GPS: the preview is resized and carries no location; the original downloads byte for byte', async () => {
  const photo = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 50/1 0/1' } })
    .toBuffer();
  const meta = await sharp(photo).metadata();
  assert.ok(meta.exif, 'the test photo carries EXIF');
  const res = await upload('IMG_0412.JPG', 'image/jpeg', photo);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const f = await lastFile();
  assert.ok(f.preview_key);
  const shown = await owner.getBuffer(`/app/files/${f.id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.headers.get('content-type'), 'image/jpeg');
  const previewMeta = await sharp(shown.body).metadata();
  assert.equal(previewMeta.width, 1600);
  assert.equal(previewMeta.height, 1200);
  assert.equal(previewMeta.exif, undefined, 'no EXIF (so no GPS) in the preview');
  const original = await owner.getBuffer(`/app/files/${f.id}?original=1`);
  assert.equal(original.status, 200);
  assert.ok(Buffer.compare(original.body, photo) === 0, 'the original is byte-identical');
  assert.match(original.headers.get('content-disposition') ?? '', /^attachment;/);
  assert.ok((await sharp(original.body).metadata()).exif);
  // The task page shows the preview and offers the original.
  const page = await owner.get(`/app/tasks/${taskId}`);
  assert.match(page.text, new RegExp(`href="/app/files/${f.id}\\?original=1">Tải ảnh gốc<`));
  // Another ward's reader gets neither.
  const other = t.client();
  await other.login('vinhtuy.doan');
  assert.equal((await other.get(`/app/files/${f.id}?original=1`)).status, 404);
});

test('an iPhone HEIC becomes a JPEG preview; the HEIC itself is kept for download', async () => {
  const res = await upload('IMG_0413.HEIC', 'image/heic', HEIC);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const f = await lastFile();
  assert.equal(f.content_type, 'image/heic');
  const shown = await owner.getBuffer(`/app/files/${f.id}`);
  assert.equal(shown.headers.get('content-type'), 'image/jpeg');
  assert.match(shown.headers.get('content-disposition') ?? '', /^inline; filename="IMG_0413.jpg"/);
  const m = await sharp(shown.body).metadata();
  assert.deepEqual([m.format, m.width, m.height], ['jpeg', 400, 300]);
  const { data } = await sharp(shown.body).extract({ left: 280, top: 180, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
  assert.ok((data[0] ?? 0) > 150 && (data[1] ?? 255) < 80, `the red circle is red: ${[...data.subarray(0, 3)]}`);
  const original = await owner.getBuffer(`/app/files/${f.id}?original=1`);
  assert.equal(original.headers.get('content-type'), 'image/heic');
  assert.ok(Buffer.compare(original.body, HEIC) === 0);
});

test('a broken HEIC is refused with a Vietnamese message, nothing written', async () => {
  const before = Number((await t.db.selectFrom('work_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const broken = Buffer.concat([HEIC.subarray(0, 400), Buffer.alloc(600, 7)]);
  const res = await upload('hong.heic', 'image/heic', broken);
  assert.equal(res.status, 400, res.text.slice(0, 200));
  assert.match(res.text, /Không đọc được ảnh HEIC\/HEIF này/);
  const after = Number((await t.db.selectFrom('work_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  assert.equal(after, before);
});

test('file names keep every character: " ; % đ and emoji round-trip through upload and download', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  for (const name of ['Biên bản "đợt 1"; 100% đạt 🎉.pdf', 'Ảnh %22 thật; Đông Tâm.pdf']) {
    const res = await upload(name, 'application/pdf', pdf);
    assert.equal(res.status, 303, res.text.slice(0, 200));
    const f = await lastFile();
    const expected = name.includes('%22 thật') ? 'Ảnh " thật; Đông Tâm.pdf' : name; // a browser cannot tell %22 typed from " escaped
    assert.equal(f.original_name, expected.normalize('NFC'));
    const dl = await owner.get(`/app/files/${f.id}`);
    const cd = dl.headers.get('content-disposition');
    assert.equal(nameOf(cd), expected.normalize('NFC'), cd ?? '');
    assert.match(cd ?? '', /^attachment; filename="[\x20-\x7e]+"; filename\*=/);
    assert.doesNotMatch(/filename="([^"]*)"/.exec(cd ?? '')?.[1] ?? '', /[%"]/);
  }
});
