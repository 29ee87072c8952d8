// Kysely prints a deprecation line on stdout the first time a deprecated form runs ("orderBy(array)
// is deprecated…"): a line that is not JSON in the app's JSON log (fresh tester, round 6). No source
// file uses such a form; this scan names the ones Kysely 0.28 warns about at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from './support/source-files.ts';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Forms Kysely 0.28 logs as deprecated when they run. */
const DEPRECATED: [string, RegExp][] = [
  ['orderBy(array)', /\.orderBy\(\s*\[/],
  ["orderBy('column asc')", /\.orderBy\(\s*'[^']+ (?:asc|desc)'/i],
  ['executeQuery with a queryId', /\.executeQuery\([^)]*,\s*(?:createQueryId|queryId)/],
];

test("no source file uses a form Kysely warns about on stdout", () => {
  const found = sourceFiles(SRC).flatMap((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return DEPRECATED.filter(([, re]) => re.test(text)).map(([name]) => `${path.relative(SRC, f)}: ${name}`);
  });
  assert.deepEqual(found, []);
});
