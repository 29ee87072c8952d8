/**
 * Headless Chromium for end-to-end tests (playwright-core driving the system
 * Chromium at /usr/bin/chromium; playwright's own browser downloads are not used).
 *
 *   const b = await launchBrowser();
 *   const page = await b.newPage({ width: 390, height: 844 });
 *   await page.goto(url);
 *   await page.screenshot({ path: screenshotPath('trang-chu-mobile') });
 *   await b.close();
 *
 * Profile: chromium.launch() creates a fresh temporary user-data dir
 * (playwright_chromiumdev_profile-*) for every launch and deletes it on close
 * (passing --user-data-dir to launch() is rejected by playwright). Every
 * newPage() additionally gets its own BrowserContext, so cookies and storage are
 * never shared between pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ROVIEC_CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface NewPageOptions {
  /** Viewport width in CSS pixels. Default 1280. */
  width?: number;
  /** Viewport height in CSS pixels. Default 800. */
  height?: number;
  /** Browser locale (Accept-Language, navigator.language). Default 'vi-VN'. */
  locale?: string;
  /** Default 'Asia/Ho_Chi_Minh'. */
  timezoneId?: string;
  /** Relative URLs in page.goto() resolve against this. */
  baseURL?: string;
  /** Default 1. */
  deviceScaleFactor?: number;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** A page in a fresh, isolated BrowserContext (use page.context() for cookies etc.). */
  newPage(options?: NewPageOptions): Promise<Page>;
  /**
   * Serious and critical axe violations found on the pages the browser loaded, each as
   * `<path>: <rule>: <targets>` (axe runs on every `load` of a page of ours, once per route shape:
   * ids and numbers in the path count as one). Waits for the runs still going. An e2e file ends
   * with `assert.deepEqual(await browser.axeProblems(), [])`, so every page its journeys visit is
   * checked without being named (issue 8 kind 16, docs/DESIGN.md D29).
   */
  axeProblems(): Promise<string[]>;
  /** Closes all contexts and the browser; removes the temporary profile. Idempotent. */
  close(): Promise<void>;
}

/** The shape of a page's path (ids and numbers replaced): axe runs once per shape. */
function pathShape(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set ROVIEC_CHROMIUM_PATH)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const contexts = new Set<BrowserContext>();
  const axeFound: string[] = [];
  const axeChecked = new Set<string>();
  const axeRuns = new Set<Promise<void>>();
  const watch = (page: Page) => {
    page.on('load', () => {
      const shape = pathShape(page.url());
      if (!shape || axeChecked.has(shape)) return;
      const type = page.evaluate(() => document.contentType).catch(() => '');
      axeChecked.add(shape);
      const run = type
        .then(async (t) => {
          if (t !== 'text/html') return;
          for (const v of await seriousAxe(page)) axeFound.push(`${shape}: ${v}`);
        })
        // The page moved on while axe ran: the next load of this shape is checked instead.
        .catch(() => void axeChecked.delete(shape));
      axeRuns.add(run);
      void run.finally(() => axeRuns.delete(run));
    });
  };

  const newPage = async (options: NewPageOptions = {}): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      locale: options.locale ?? 'vi-VN',
      timezoneId: options.timezoneId ?? 'Asia/Ho_Chi_Minh',
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    });
    contexts.add(context);
    context.once('close', () => contexts.delete(context));
    context.on('page', watch);
    return await context.newPage();
  };

  const axeProblems = async (): Promise<string[]> => {
    while (axeRuns.size) await Promise.allSettled([...axeRuns]);
    // A check that saw no page cannot pass.
    return axeChecked.size === 0 ? ['axe checked no page'] : [...axeFound];
  };

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await Promise.allSettled([...contexts].map((context) => context.close()));
      await browser.close();
    })();
    return closed;
  };

  return { browser, newPage, axeProblems, close };
}

/**
 * Absolute path of `test-output/screenshots/<name>.png` in the repository
 * (folder created on demand; test-output/ is git-ignored). Characters other than
 * letters, digits, '.', '_' and '-' in `name` become '-'.
 */
export function screenshotPath(name: string): string {
  const dir = path.join(REPO_ROOT, 'test-output', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  let safe = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+/, '');
  while (safe.endsWith('-')) safe = safe.slice(0, -1);
  safe ||= 'screenshot';
  return path.join(dir, `${safe}.png`);
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe-core violations on the page. axe is run by evaluating its source
 * (our CSP refuses injected script tags).
 */
export async function seriousAxe(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Elements whose box sticks out of the viewport sideways (the skip link and visually hidden text excepted). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > w) out.push(`document ${document.documentElement.scrollWidth}px > ${w}px`);
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !el.closest('.sr-only, .skip, thead')) out.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return out;
  });
}

/**
 * Clicks `target` (a submit button or link that makes the browser load another page, e.g. a
 * form's POST answered 303 or a refusal page) and resolves once the main frame has committed the
 * new document and fired `load`. Use it rather than `click()` then `waitForLoadState('load')`:
 * that pair resolves at once while the old page is still showing, and the test reads the old page
 * (D75). A click that swaps the page in place (the upload form's XHR, ui/static/app.js §4) does
 * not navigate: wait for what the user sees instead.
 * Throws Playwright's TimeoutError when no navigation follows the click.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * A fresh page signed in as a demo account (password DEMO_PASSWORD) through the login form, at
 * `width` × 900 px; resolves once the app's page has loaded.
 */
export async function signIn(launched: LaunchedBrowser, baseURL: string, username: string, password: string, width = 1366): Promise<Page> {
  const page = await launched.newPage({ baseURL, width, height: 900 });
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/app/);
  return page;
}
