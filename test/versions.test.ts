// Bulk updates that skip the version (issue 8, kind 8): every write bumps the version of every
// row it changes, so a form opened before gets the "someone changed this" refusal (409) instead of
// undoing the change. This static check reads every update statement of src/ on a table with a
// `version` column (src/db/types.ts) and fails on one whose `set` does not name `version`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Updates that rightly leave the version alone, each with its reason. Demo and benchmark data
 * (`demo.ts`, `bench/`) are made before anyone holds a form and are not read here.
 */
const EXEMPT: Record<string, string> = {
  'src/features/portal/counter.ts article': 'the view counter (maintenance): a read must not make an editor’s form stale',
  'src/db/migrations/0016_people_order.ts person': 'the derived sort_key recomputed once by the upgrade (D44): the name a form holds is unchanged',
  'src/db/migrations/0014_portal_cache.ts article': 'the migration fills derived columns (plain text, search text) once, before any form is open',
  'src/platform/auth/identity.ts app_user': 'access_version, the access cache key: bumped with a change that bumps the version itself',
};

/** Tables of the database whose rows carry a `version` column. */
function versionedTables(): Set<string> {
  const types = fs.readFileSync(path.join(ROOT, 'src/db/types.ts'), 'utf8');
  const withVersion = new Set([...types.matchAll(/export interface (\w+) \{([^}]*)\}/g)].filter((m) => (m[2] ?? '').split('\n').some((line) => line.trimStart().startsWith('version:'))).map((m) => m[1]));
  const db = /export interface DB \{([^}]*)\}/.exec(types)?.[1] ?? '';
  return new Set([...db.matchAll(/\b(\w+): (\w+);/g)].filter((m) => withVersion.has(m[2])).map((m) => m[1] as string));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'demo.ts' ? [p] : [];
  });
}

test('every update of a versioned table bumps its version', () => {
  const tables = versionedTables();
  assert.ok(tables.has('person') && tables.has('position') && tables.has('membership') && tables.has('task'), [...tables].join(', '));
  const missing: string[] = [];
  let seen = 0;
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/updateTable\('(\w+)'\)/g)) {
      const table = m[1] as string;
      if (!tables.has(table)) continue;
      seen++;
      const rest = text.slice((m.index ?? 0) + m[0].length);
      const statement = rest.slice(0, rest.search(/\.execute|;\n/));
      const rel = path.relative(ROOT, file);
      if (/\bversion\b/.test(statement) || EXEMPT[`${rel} ${table}`]) continue;
      missing.push(`${rel}:${text.slice(0, m.index).split('\n').length} ${table}`);
    }
  }
  assert.ok(seen > 30, `update statements read: ${seen}`);
  assert.deepEqual(missing, []);
});

test('the check sees an update that skips the version', () => {
  const statement = ".updateTable('position').set({ end_on: day }).where('person_id', '=', id).execute()";
  const rest = statement.slice(statement.indexOf(')') + 1);
  assert.doesNotMatch(rest.slice(0, rest.search(/\.execute|;\n/)), /\bversion\b/);
});
