// The browser journeys wait for what they read (D75). `click()` followed by
// `waitForLoadState('load')` resolves at once while the old page still shows, and a journey read
// the old page (the flaky people-import journey of round 22). A journey uses clickAndLoad
// (test/support/browser.ts), which waits for the main frame to commit the new document, or waits
// for the text the user is shown. This scan fails on the next bare waitForLoadState in test/e2e.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileTree } from './support/file-tree.ts';

const E2E = fileURLToPath(new URL('./e2e/', import.meta.url));

/** `file:line` of each waitForLoadState call in the journeys under `dir`. */
function bareWaits(dir: string): string[] {
  const found: string[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    fs.readFileSync(path.join(dir, name), 'utf8').split('\n').forEach((line, i) => {
      if (/\.waitForLoadState\s*\(/.test(line) && !line.trimStart().startsWith('//')) found.push(`${name}:${i + 1}`);
    });
  }
  return found;
}

test('no journey waits with a bare waitForLoadState; it uses clickAndLoad or waits for the text it reads', () => {
  assert.ok(fs.readdirSync(E2E).some((n) => n.endsWith('.test.ts')), 'the journeys are where this test looks');
  assert.deepEqual(bareWaits(E2E), []);
});

test('the scan finds a bare wait', () => {
  const dir = fileTree('roviec-waits', { 'x.test.ts': "await b.click();\n  await page.waitForLoadState('load');\n// page.waitForLoadState('load') in a comment\n" });
  try {
    assert.deepEqual(bareWaits(dir), ['x.test.ts:2']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
