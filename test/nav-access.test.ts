// The header's menu offers a section to exactly the roles its page lets in (fresh tester, round 6:
// the reports page opened, empty, for the portal's editor, whose menu did not offer it). For every
// entry of the nav as registered and every role: shown ⇔ the GET route of its link admits the role.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { ROLES } from '../src/platform/auth/roles.ts';
import { navSnapshot } from '../src/ui/layout.tsx';

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
