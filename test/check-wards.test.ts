// The ward-scope check (scripts/check-wards.ts, docs/DESIGN.md D29) on a fixture: a query on a
// ward table that names no ward_id is reported (even beside a scoped one in the same expression);
// a scoped query, a subquery of a scoped query, a justified one and a table without ward_id are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findUnscopedQueries, wardTables } from '../scripts/check-wards.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(ROOT, 'test/fixtures/check-wards/queries.ts');

test('the ward tables are read from the generated schema', () => {
  const tables = wardTables(ROOT);
  for (const t of ['article', 'portal_file', 'disclosure', 'work_file', 'task']) assert.ok(tables.has(t), t);
  assert.ok(!tables.has('app_setting'));
});

test('a query on a ward table without ward_id is reported; scoped, nested, justified and ward-less ones are not', () => {
  const found = findUnscopedQueries(ROOT, [FIXTURE]);
  assert.deepEqual(
    found.map((f) => (f.text.split('(')[0] ?? '').split('.').pop() + ' @' + f.line),
    ['selectFrom @4', 'updateTable @8'],
  );
});
// The house phase of npm test runs the script itself on src/: it fails unless it prints 0.
