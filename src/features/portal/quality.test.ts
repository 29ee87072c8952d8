// The published pages as residents get them: valid HTML (Nu Html Checker, vnu-jar on the machine's
// Java), no serious or critical axe violations, nothing wider than a 360 px phone, working with
// JavaScript off, and an article page under 60 KB compressed (HTML + CSS, images aside).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { startTestApp, DB_KIND, type TestApp } from '../../../test/support/app.ts';
import { launchBrowser, overflowing, screenshotPath, seriousAxe, type LaunchedBrowser } from '../../../test/support/browser.ts';
import { systemActor } from '../../platform/actor.ts';
import { addImage } from './files.ts';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
// The markup does not depend on the database: the browser and the checker run once, on SQLite.
const skip = DB_KIND === 'postgres' ? 'same markup as on SQLite' : false;

let t: TestApp;
let browser: LaunchedBrowser;
const pages: Record<string, string> = {};

before(async () => {
  if (skip) return;
  t = await startTestApp();
  browser = await launchBrowser();
  const a = await t.db.selectFrom('article').select(['id', 'slug']).where('ward_id', '=', t.wardA).where('status', '=', 'published').where('view_count', '!=', 602).orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow();
  const png = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#336699' } }).png().toBuffer();
  await addImage(t.db, systemActor(t.wardA, 'test'), t.config.filesDir, { type: 'article', id: a.id }, { filename: 'anh.png', data: png, truncated: false }, { alt: 'Quang cảnh buổi lễ', caption: 'Quang cảnh buổi lễ tại nhà văn hóa' });
  const founding = await t.db.selectFrom('article').select('slug').where('view_count', '=', 602).executeTakeFirstOrThrow();
  const disclosure = await t.db.selectFrom('disclosure').select('slug').where('ward_id', '=', t.wardA).where('posted_on', '<', '2018-01-01').limit(1).executeTakeFirstOrThrow();
  Object.assign(pages, {
    home: '/',
    category: '/chuyen-muc/cong-tac-dang',
    category2: '/chuyen-muc/cong-tac-dang?trang=2',
    founding: `/bai-viet/${founding.slug}`,
    withImage: `/bai-viet/${a.slug}`,
    search: '/tim-kiem?q=dang+uy&chuyen_muc=cong-tac-dang',
    searchEmpty: '/tim-kiem?q=khong+co+tu+nay',
    disclosures: '/cong-khai',
    disclosure: `/cong-khai/${disclosure.slug}`,
    notFound: '/bai-viet/khong-co-bai-nay',
  });
});
after(async () => {
  await browser?.close();
  await t?.close();
});

function vnu(files: string[]): Promise<{ messages: { type: string; subType?: string; message: string; url: string; lastLine?: number }[] }> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU_JAR, '--format', 'json', '--stdout', ...files], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      try {
        resolve(JSON.parse(stdout) as { messages: { type: string; message: string; url: string }[] });
      } catch {
        reject(err ?? new Error('vnu gave no JSON'));
      }
    });
  });
}

test('published pages pass the Nu Html Checker without errors', { skip, timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-vnu-'));
  try {
    const files: string[] = [];
    for (const [name, url] of Object.entries(pages)) {
      const res = await t.client().get(url);
      assert.ok(res.status === 200 || (name === 'notFound' && res.status === 404), `${name}: ${res.status}`);
      const f = path.join(dir, `${name}.html`);
      fs.writeFileSync(f, res.text);
      files.push(f);
    }
    const { messages } = await vnu(files);
    const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal').map((m) => `${path.basename(m.url)}:${m.lastLine ?? ''} ${m.message}`);
    assert.deepEqual(errors, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});


test('no serious or critical axe violations, and nothing wider than a 360 px phone', { skip, timeout: 180_000 }, async () => {
  const problems: string[] = [];
  for (const width of [360, 1280]) {
    const page = await browser.newPage({ width, height: 740, baseURL: t.base });
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(url);
      if (width === 360) await page.screenshot({ path: screenshotPath(`portal-${name}-360`), fullPage: true });
      for (const v of await seriousAxe(page)) problems.push(`${name}@${width}: ${v}`);
      if (width === 360) for (const o of await overflowing(page)) problems.push(`${name}@360: overflows: ${o}`);
    }
    await page.context().close();
  }
  assert.deepEqual(problems, []);
});

test('with JavaScript off a reader searches and reads an article; public pages carry no script but the one deferred same-origin enhancement', { skip, timeout: 120_000 }, async () => {
  // The only script is /static/portal.js (print and copy-link buttons, D55), deferred and same-origin:
  // no inline script, no third-party script, and everything below works with JavaScript off.
  for (const url of Object.values(pages)) {
    const html = (await t.client().get(url)).text;
    assert.doesNotMatch(html.replaceAll('<script src="/static/portal.js" defer></script>', ''), /<script/i, url);
  }
  const context = await browser.browser.newContext({ javaScriptEnabled: false, baseURL: t.base, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Tìm trong cổng thông tin').first().fill('ĐẢNG ỦY làm việc với MTTQ');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tim-kiem\?q=/);
  await page.locator('ol.pm-results h2 a').first().click();
  await page.waitForURL(/\/bai-viet\//);
  assert.match(await page.locator('h1').innerText(), /Ban thường vụ Đảng ủy làm việc với MTTQ/);
  assert.match(await page.locator('.pm-meta').innerText(), /Ngày đăng 13\/02\/2017 \| 16:16 \| Lượt xem: 60\d/);
  await context.close();
});

test('an article page weighs under 60 KB compressed (HTML and CSS, images aside)', { skip }, async () => {
  const c = t.client();
  for (const name of ['founding', 'withImage']) {
    const html = (await c.get(pages[name] as string)).text;
    const css = (await c.get('/static/portal.css')).text;
    assert.equal([...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].length, 1, 'one stylesheet');
    const bytes = zlib.gzipSync(html).length + zlib.gzipSync(css).length;
    assert.ok(bytes < 60 * 1024, `${name}: ${bytes} bytes compressed`);
  }
});
