// The browser's English never stands in for ours (issue 11 item 8, docs/DESIGN.md D58): every form
// of every page carries `novalidate`, so the server's Vietnamese messages are what a refused clerk
// reads; every file input is the Vietnamese picker ("Chọn tệp" / "Chưa chọn tệp"); a date is hinted
// "ngày/tháng/năm", never "dd/mm/yyyy". The pages are found by following the links of the pages
// themselves (as test/page-ids.test.ts does), one page per route shape, as the administrator, the
// office and a visitor of the public site; and a refused form (400) is checked too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'preact';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { renderHtml } from '../src/platform/http/context.ts';
import '../src/ui/components.tsx';

const MAX_PAGES = 250;
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

/** What is wrong with the forms of one page, and how many post forms and file pickers it has. */
export function formProblems(html: string): { wrong: string[]; posts: number; pickers: number } {
  const wrong: string[] = [];
  let posts = 0;
  for (const m of html.matchAll(/<form\b[^>]*>/g)) {
    if (/\smethod="post"/i.test(m[0])) posts++;
    if (!/\snovalidate(?=[\s>=/])/.test(m[0])) wrong.push(`no novalidate: ${m[0].slice(0, 120)}`);
  }
  let pickers = 0;
  for (const m of html.matchAll(/<input\b[^>]*\stype="file"[^>]*>/g)) {
    const id = /\sid="([^"]+)"/.exec(m[0])?.[1] ?? '';
    const after = html.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 400);
    if (!/\sclass="file-input"/.test(m[0]) || !new RegExp(`^<label for="${id}" class="button secondary file-button">Chọn tệp</label><span id="${id}-names" class="file-names" data-empty="(Chưa chọn tệp|Chưa chọn tệp nào)"`).test(after)) wrong.push(`file input not in Vietnamese: ${m[0].slice(0, 120)}`);
    else pickers++;
  }
  if (/dd\/mm\/yyyy|DD\/MM\/YYYY|nn\/tt\/nnnn/.test(html)) wrong.push('an English date hint');
  return { wrong, posts, pickers };
}

const shape = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
const SKIP = /^\/(logout|lang\/|static\/|media\/|tep\/|api\/)|\.(xml|xlsx|docx|pdf|ics|txt|csv|json)$|\/files\/|\/documents\//;

async function walk(c: Client, starts: string[]): Promise<{ pages: number; posts: number; pickers: number; wrong: string[] }> {
  const queue = [...starts];
  const seen = new Set<string>();
  const out = { pages: 0, posts: 0, pickers: 0, wrong: [] as string[] };
  while (queue.length && out.pages < MAX_PAGES) {
    const url = queue.shift() as string;
    const path = url.split('?')[0] as string;
    if (seen.has(shape(path)) || SKIP.test(path)) continue;
    seen.add(shape(path));
    const res = await c.get(url);
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
    out.pages++;
    const p = formProblems(res.text);
    out.posts += p.posts;
    out.pickers += p.pickers;
    out.wrong.push(...p.wrong.map((w) => `${url}: ${w}`));
    for (const m of res.text.matchAll(/\shref="(\/[^"#]*)"/g)) {
      const href = (m[1] as string).replace(/&amp;/g, '&');
      if (!seen.has(shape(href.split('?')[0] as string))) queue.push(href);
    }
  }
  return out;
}

test('the checker: a form without novalidate, a bare file input and an English hint are found', () => {
  assert.equal(formProblems('<form method="post" action="/x"><input type="file" id="f" name="f"><input placeholder="dd/mm/yyyy"></form>').wrong.length, 3);
  assert.deepEqual(formProblems('<form method="post" novalidate></form>'), { wrong: [], posts: 1, pickers: 0 });
});

test('a form drawn anywhere gets novalidate, also one written by hand', () => {
  const html = renderHtml(h('main', null, h('form', { method: 'post', action: '/x' }, h('input', { name: 'a', required: true })), h('form', { method: 'get' })));
  assert.equal(html.match(/<form [^>]*novalidate/g)?.length, 2, html);
});

for (const [who, account, starts] of [['the administrator', 'quantri', ['/app']], ['the office', 'vanphong', ['/app']], ['a visitor', null, ['/']]] as const) {
  test(`every page as ${who}: forms with novalidate, file pickers and date hints in Vietnamese`, async (tc) => {
    const c = t.client();
    if (account) assert.equal((await c.login(account)).status, 302);
    const r = await walk(c, [...starts]);
    tc.diagnostic(`${r.pages} pages, ${r.posts} post forms, ${r.pickers} file pickers`);
    assert.ok(r.pages >= 5, `visited ${r.pages} pages`);
    if (account) {
      assert.ok(r.posts >= 20, `saw ${r.posts} post forms`);
      assert.ok(r.pickers >= 2, `saw ${r.pickers} file pickers`);
    }
    assert.deepEqual(r.wrong, []);
  });
}

test('a refused form is drawn again with novalidate and the Vietnamese picker and summary', async () => {
  const c = t.client();
  assert.equal((await c.login('quantri')).status, 302);
  const page = await c.get('/app/people/import');
  assert.equal(page.status, 200);
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(Buffer.from('Tên,Tuổi\r\nAn,30\r\n'))], { type: 'text/csv' }), 'x.csv');
  const refused = await c.request('POST', `/app/people/import?_csrf=${encodeURIComponent(await c.csrf())}`, { body: fd });
  assert.equal(refused.status, 400, refused.text.slice(0, 300));
  assert.match(refused.text, /thiếu cột bắt buộc/);
  const p = formProblems(refused.text);
  assert.deepEqual(p.wrong, []);
  assert.ok(p.pickers >= 1 && p.posts >= 1, JSON.stringify(p));
});
