// Tests that cannot fail (issue 8 kind 18; docs/DESIGN.md D30): a test needing an external tool
// skips only through test/support/tools.ts (skipWithout / leaveOutWithout), which fails instead
// in CI or with ROVIEC_REQUIRE_TOOLS=1; a fuzz or walk over the app's routes asserts it found
// some before it checks them. This reads the test sources and names each offending line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') testFiles(p, out);
    else if (/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = [...testFiles(path.join(ROOT, 'src')), ...testFiles(path.join(ROOT, 'test'))];

test('a test that needs a tool is skipped only through test/support/tools.ts', () => {
  assert.ok(files.length > 50, `${files.length} test files found`);
  const bad: string[] = [];
  // Asking for a tool directly (LibreOffice, `command -v`, `which`) instead of through the helper.
  const direct = /isPdfAvailable\(|command -v|spawnSync\(\s*['"]which['"]|process\.env\.CI\b/;
  for (const f of files) {
    if (f.endsWith('test-skips.test.ts')) continue;
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      if (direct.test(line)) bad.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(bad, []);
});

test('a test over the route table asserts it found routes before it walks them', () => {
  const bad: string[] = [];
  for (const f of files.filter((x) => !x.endsWith('test-skips.test.ts'))) {
    const src = fs.readFileSync(f, 'utf8');
    // `if (routes.length === 0) return;` and the like: a walk that passes by finding nothing.
    for (const m of src.matchAll(/if \([^)\n]*\.length === 0\)\s*return\b/g)) bad.push(`${path.relative(ROOT, f)}: ${m[0]}`);
  }
  assert.deepEqual(bad, []);
});
