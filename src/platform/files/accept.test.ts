// A file picker offers exactly what the server takes (fresh tester, round 6: the meeting's picker left
// HEIC out while its refusal named it): `acceptOf(policy)` derives the list from the policy's kinds,
// and no picker of the app writes its own list of extensions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from '../../../test/support/source-files.ts';
import { FILE_KINDS } from './kinds.ts';
import { acceptOf } from './upload.ts';
import { WORK_FILES } from './work-files.ts';

const SRC = fileURLToPath(new URL('../..', import.meta.url));

test("acceptOf gives every name extension of the policy's kinds, and nothing else", () => {
  const exts = acceptOf(WORK_FILES).split(',');
  assert.deepEqual([...exts].sort(), ['.doc', '.docx', '.heic', '.heif', '.jpeg', '.jpg', '.odt', '.pdf', '.png', '.webp', '.xls', '.xlsx']);
  for (const e of exts) assert.ok(WORK_FILES.kinds.some((k) => e.slice(1) in FILE_KINDS[k].names), e);
  assert.equal(acceptOf({ kinds: ['pdf'] }), '.pdf');
});

/** Pickers whose files no FilePolicy checks (the people import reads its own sheet or CSV). */
const OWN_PARSERS = ['features/people/import-views.tsx'];

test('no file picker writes its own list of extensions: each takes acceptOf(its policy)', () => {
  const literal = sourceFiles(SRC)
    .filter((f) => f.endsWith('.tsx') && !OWN_PARSERS.includes(path.relative(SRC, f)))
    .filter((f) => /accept="[^"]*\.[a-z0-9]+/i.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(literal.map((f) => path.relative(SRC, f)), []);
});
