import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let owner: Client;
let taskId = '';
before(async () => {
  t = await startTestApp();
  owner = t.client();
  await owner.login('hoivien');
  // A demo task of a Hội LHPN branch, without sub-tasks: a member of the association reports on it.
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

// The smallest valid PNG (1×1, transparent).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

async function postWithFiles(c: Client, id: string, fields: Record<string, string>, files: { name: string; type: string; data: Buffer }[]) {
  const fd = new FormData();
  fd.set('_csrf', await c.csrf());
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  // The token also travels in the query string: multipart bodies are not read before the CSRF check.
  return c.request('POST', `/app/tasks/${id}/progress?_csrf=${encodeURIComponent(await c.csrf())}`, { body: fd });
}

const counts = async () => ({
  progress: Number((await t.db.selectFrom('progress_update').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  files: Number((await t.db.selectFrom('work_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  disk: fs.existsSync(`${t.config.filesDir}/${t.wardA}`) ? fs.readdirSync(`${t.config.filesDir}/${t.wardA}`).length : 0,
});

test('a photo as evidence: stored under a random name, type sniffed, shown with the update', async () => {
  const v = (await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow()).version;
  const res = await postWithFiles(owner, taskId, { percent: '100', note: 'Ảnh buổi ra quân', version: String(v) }, [{ name: 'ảnh ra quân.png', type: 'image/png', data: PNG }]);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const f = await t.db.selectFrom('work_file').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal(f.content_type, 'image/png');
  assert.equal(f.original_name, 'ảnh ra quân.png'.normalize('NFC'));
  assert.match(f.storage_key, /^[0-9a-f-]{36}\/[0-9a-f]{32}\.png$/);
  const page = await owner.get(`/app/tasks/${taskId}`);
  assert.match(page.text, new RegExp(`<img src="/app/files/${f.id}"`));
  const dl = await owner.get(`/app/files/${f.id}`);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'image/jpeg', 'a photo is shown as its JPEG preview');
  const other = t.client();
  await other.login('vinhtuy.doan');
  assert.equal((await other.get(`/app/files/${f.id}`)).status, 404);
});

test('wrong type, over the limit, too many: a Vietnamese message, 4xx, nothing written or left on disk', async () => {
  const before = await counts();
  const v = String((await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow()).version);
  const fake = await postWithFiles(owner, taskId, { percent: '50', version: v }, [{ name: 'anh.png', type: 'image/png', data: Buffer.from('không phải ảnh, chỉ là chữ') }]);
  assert.equal(fake.status, 400);
  assert.match(fake.text, /Loại tệp không được chấp nhận/);
  assert.match(fake.text, /value="50"/); // what was typed is kept
  const exe = await postWithFiles(owner, taskId, { percent: '50', version: v }, [{ name: 'x.pdf', type: 'application/pdf', data: Buffer.from('4d5a90000300000004000000ffff0000', 'hex') }]);
  assert.equal(exe.status, 400);
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
  const tooBig = await postWithFiles(owner, taskId, { percent: '50', version: v }, [{ name: 'lon.png', type: 'image/png', data: big }]);
  assert.equal(tooBig.status, 400);
  assert.match(tooBig.text, /vượt quá dung lượng cho phép/);
  const many = await postWithFiles(
    owner,
    taskId,
    { percent: '50', version: v },
    Array.from({ length: 6 }, (_, i) => ({ name: `a${i}.png`, type: 'image/png', data: PNG })),
  );
  // Refused on the form with its own message (the typed values kept), not a bare 413 page.
  assert.equal(many.status, 400);
  assert.match(many.text, /tối đa 5 tệp/);
  assert.deepEqual(await counts(), before);
});

// A broken multipart body is the sender's fault: 400 in Vietnamese, nothing saved, never a 500 (D77).
test('a multipart body without its boundary, or cut off mid-part, is a 400 and saves nothing', async () => {
  const before = await counts();
  const token = encodeURIComponent(await owner.csrf());
  const url = `/app/tasks/${taskId}/progress?_csrf=${token}`;
  const noBoundary = await owner.request('POST', url, { body: 'abc', headers: { 'content-type': 'multipart/form-data' } });
  const cut = await owner.request('POST', url, {
    body: '--XYZ\r\nContent-Disposition: form-data; name="percent"\r\n\r\n50\r\n--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
    headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
  });
  for (const res of [noBoundary, cut]) {
    assert.equal(res.status, 400, res.text.slice(0, 300));
    assert.match(res.text, /bị lỗi hoặc bị ngắt giữa chừng/);
  }
  assert.deepEqual(await counts(), before);
});

// The form's summary (D77): a refused file is named by its message, as it is marked on the form;
// a missing hidden version is named with the way out, reload.
test('the summary of a refused progress form: a bad file by its message, a missing version with "reload"', async () => {
  const v = (await t.db.selectFrom('task').select('version').where('id', '=', taskId).executeTakeFirstOrThrow()).version;
  const exe = await postWithFiles(owner, taskId, { percent: '10', version: String(v) }, [{ name: 'a.exe', type: 'application/octet-stream', data: Buffer.from('MZ\x90\x00 not a document') }]);
  assert.equal(exe.status, 400, exe.text.slice(0, 300));
  const summary = (html: string) => /<ul class="error-summary">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  assert.ok(summary(exe.text).length > 0, 'the file error is in the summary');
  assert.doesNotMatch(summary(exe.text), /«files»|tải lại trang/);
  const noVersion = await owner.post(`/app/tasks/${taskId}/progress`, { percent: 10 });
  assert.equal(noVersion.status, 400);
  assert.match(summary(noVersion.text), /thiếu hoặc sai ô phiên bản của bản ghi \(bắt buộc nhập\); hãy tải lại trang rồi gửi lại/);
});
