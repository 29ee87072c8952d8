// Every list's search box is cleaned like any text field (D78): a zero-width space or soft hyphen
// pasted inside a word does not split it. One helper (platform/validation.ts `searchBox`), and no
// schema declares a search box as a bare string, so the next list cannot forget it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { searchBox } from '../src/platform/validation.ts';
import { sourceFiles } from './support/source-files.ts';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

test('no search box is a bare string: each is searchBox()', () => {
  const bare = sourceFiles(SRC).filter((f) => /\bq: z\.string\(/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(bare.map((f) => path.relative(SRC, f)), []);
});

test('searchBox cleans invisible characters and spaces, keeps an absent box empty, refuses an over-long one', () => {
  const s = z.object({ q: searchBox(10) });
  assert.equal(s.parse({ q: 'H\u200Bà\u00AD  Nội\uFEFF' }).q, 'Hà Nội');
  assert.equal(s.parse({}).q, '');
  assert.equal(s.safeParse({ q: 'x'.repeat(11) }).success, false);
});
