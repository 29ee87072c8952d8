// The header's menu offers a section to exactly the roles its page lets in (fresh tester, round 6:
// the reports page opened, empty, for the portal's editor, whose menu did not offer it). For every
// entry of the nav as registered and every role: shown ⇔ the GET route of its link admits the role.
// And every page of the working app marks its section in the menu (a task page had none marked).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { ROLES } from '../src/platform/auth/roles.ts';
import { isCurrent, navSnapshot } from '../src/ui/layout.tsx';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demo: false });
});
after(() => t?.close());

test('every nav entry is shown to exactly the roles its page admits', () => {
  const wrong: string[] = [];
  for (const item of navSnapshot()) {
    if (item.soon) continue; // not built yet: a label without a link
    const rule = t.app.routeRules.find((r) => r.method === 'GET' && r.url === item.href);
    if (!rule) {
      wrong.push(`${item.href}: no GET route`);
      continue;
    }
    for (const role of ROLES) {
      const admits = rule.access === 'auth' || (Array.isArray(rule.access) && rule.access.includes(role));
      const shown = item.roles.includes(role);
      if (admits !== shown) wrong.push(`${item.href} for ${role}: ${shown ? 'shown' : 'not shown'}, page ${admits ? 'opens' : 'refuses'}`);
    }
  }
  assert.deepEqual(wrong, []);
});

/** Pages of the header's own links, not of a menu section. */
const OUTSIDE_THE_MENU = ['/app/account', '/app/notifications'];

test('every page of the working app belongs to exactly one section of the menu', () => {
  const nav = navSnapshot().filter((n) => !n.soon);
  const wrong: string[] = [];
  for (const r of t.app.routeRules) {
    if (r.method !== 'GET' || !r.url.startsWith('/app') || /\.(?:xlsx|docx|csv|ics|pdf|json)$|\/files\/|\.docx$/.test(r.url)) continue;
    const path = r.url.replace(/:[a-z_]+/g, 'x');
    if (OUTSIDE_THE_MENU.some((p) => path === p || path.startsWith(p + '/'))) continue;
    const sections = nav.filter((n) => isCurrent(path, n)).map((n) => n.href);
    if (sections.length !== 1) wrong.push(`${r.url}: ${sections.length ? sections.join(', ') : 'no section'}`);
  }
  assert.deepEqual(wrong, []);
});
