import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from './support/app.ts';
import { sourceFiles } from './support/source-files.ts';

// D64 (issue 11 item 5): an action that is not a plain save (a hand-off, a deletion, an end, a
// lock) confirms what happened, and to whom, never with the generic "Đã lưu." (`?ok=saved`).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACTION_WORDS = ['submit', 'return', 'approve', 'decide', 'publish', 'unpublish', 'withdraw', 'remove', 'delete', 'end', 'disable', 'enable', 'revoke', 'merge', 'issue', 'accept', 'reopen', 'close', 'cancel', 'convene', 'held', 'commit', 'invite', 'request', 'read'];
/** A route's path ending in an action (or in a segment a helper fills in: `${name}`). */
const ACTION = new RegExp(`/(${ACTION_WORDS.join('|')}|\\$\\{[^}]+\\})$`);
const ROUTE = /\.post\(\s*[`'"]([^`'"]+)[`'"]/;
/** A route made by a helper: `step('publish', …)`, `action('tasks', 'submit', …)`, `subForm('save', …)`. */
const HELPER = /^\s*[a-zA-Z]+\(\s*'([a-z-]+)'(?:,\s*'([a-z-]+)')?/;

/** Lines of route source that answer an action route with "Đã lưu." (`?ok=saved`): `file:line route`. */
export function savedAfterActions(file: string, source: string): string[] {
  const out: string[] = [];
  let route: { name: string; action: boolean } | null = null;
  source.split('\n').forEach((line, i) => {
    const m = ROUTE.exec(line);
    const h = m ? null : HELPER.exec(line);
    if (m) route = { name: m[1] ?? '', action: ACTION.test(m[1] ?? '') };
    // A helper's own registration uses `${name}`; its calls name the action.
    else if (h) route = { name: h[0].trim(), action: ACTION_WORDS.includes(h[1] ?? '') || ACTION_WORDS.includes(h[2] ?? '') };
    if (route?.action && line.includes('ok=saved')) out.push(`${file}:${i + 1} ${route.name}`);
  });
  return out;
}

test('no action route (submit, publish, return, end, remove, revoke…) confirms with "Đã lưu."', () => {
  const found = sourceFiles(path.join(ROOT, 'src')).flatMap((f) => savedAfterActions(path.relative(ROOT, f), fs.readFileSync(f, 'utf8')));
  assert.deepEqual(found, []);
});

test('the scan finds the defect it is for (the article steps as they were)', () => {
  const before = "  const step = (name) =>\n    app.post(`/app/portal/articles/:id/${name}`, opts, async (req, reply) => {\n      return `/app/portal/articles/${id}?ok=saved`;\n";
  assert.equal(savedAfterActions('x.tsx', before).length, 1);
  assert.deepEqual(savedAfterActions('x.tsx', "app.post('/app/people/:id', o, async () => {\n  return `/app/people/${id}?ok=saved`;"), []);
  // And in the code before this change (when git has it).
  try {
    const old = execFileSync('git', ['show', '7b59dcf:src/features/portal/routes-staff.tsx'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    assert.ok(savedAfterActions('routes-staff.tsx', old).length >= 2);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
  }
});

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const ARTICLE = 'Bài viết thử xác nhận gửi duyệt';

test('an article sent for review, returned and published: each confirmation says what happened', async () => {
  const writer = t.client();
  await writer.login('bientap');
  const form = await writer.get('/app/portal/articles/new');
  const category = /<option value="([0-9a-f-]{36})"/.exec(form.text)?.[1] ?? assert.fail('no category');
  const made = await writer.post('/app/portal/articles', { category_id: category, title: ARTICLE, summary: 'Tóm tắt', body_md: 'Nội dung bài viết.' });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const url = (made.location ?? '').split('?')[0] ?? '';
  const version = async (c: typeof writer) => /name="version" value="(\d+)"/.exec((await c.get(url)).text)?.[1] ?? assert.fail('no version');
  const step = async (c: typeof writer, name: string, body: Record<string, string>, text: string) => {
    const res = await c.post(`${url}/${name}`, { version: await version(c), ...body });
    assert.equal(res.status, 303, `${name}: ${res.text.slice(0, 300)}`);
    assert.equal(res.location, url);
    const page = await c.get(url);
    assert.ok(page.text.includes(text), `${name}: no «${text}»`);
    assert.ok(!page.text.includes('Đã lưu.'), `${name}: «Đã lưu.»`);
  };
  await step(writer, 'submit', {}, 'Đã gửi bài viết để duyệt.');
  const office = t.client();
  await office.login('vanphong');
  await step(office, 'return', { note: 'Bổ sung ảnh' }, 'Đã trả lại bài viết cho người viết.');
  await step(writer, 'submit', {}, 'Đã gửi bài viết để duyệt.');
  await step(office, 'publish', {}, 'Đã đăng bài viết.');
  await step(office, 'unpublish', {}, 'Đã gỡ bài viết khỏi cổng thông tin.');
});
