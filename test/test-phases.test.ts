// The pg phase runs only the test files that open a database (docs/DESIGN.md D66): the
// classifier (scripts/test-files.mjs) and the guard that catches a file it classed wrongly
// (scripts/test-no-db.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- a plain .mjs script of the test runner, without type declarations
import { splitByDatabase } from '../scripts/test-files.mjs';
import { fileTree } from './support/file-tree.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GUARD = path.join(ROOT, 'scripts/test-no-db.mjs');
// Spelled apart so that this file's own text does not read as importing a driver.
const SQLITE = ['better', 'sqlite3'].join('-');
const PG = 'p' + 'g';

const tree = (files: Record<string, string>): string => fileTree('roviec-phases', files);

test('a file whose imports reach a database driver runs on both databases; the others once', () => {
  const dir = tree({
    'lib/db.ts': `import Database from '${SQLITE}';\nexport const open = () => new Database(':memory:');\n`,
    'lib/pg.ts': `export { Pool } from '${PG}';\n`,
    'lib/uses-db.ts': "import {\n  open,\n} from './db.ts';\nexport const x = open;\n",
    'lib/types-only.ts': `import type Database from '${SQLITE}';\nimport type { Pool } from './pg.ts';\nexport type T = Database.Database | Pool;\n`,
    'lib/cycle-a.ts': "import './cycle-b.ts';\nimport './uses-db.ts';\n",
    'lib/cycle-b.ts': "import './cycle-a.ts';\n",
    'deep.test.ts': "import { x } from './lib/uses-db.ts';\nvoid x;\n",
    'reexport.test.ts': "export * from './lib/pg.ts';\n",
    'dynamic.test.ts': "test('x', async () => { await import('./lib/db.ts'); });\n",
    'cycle.test.ts': "import './lib/cycle-b.ts';\n",
    'types.test.ts': "import type { T } from './lib/types-only.ts';\nimport { strict } from 'node:assert';\nexport type U = T;\nvoid strict;\n",
    'pure.test.ts': "import { something } from './lib/missing.ts';\nvoid something;\n",
  });
  try {
    const files = ['cycle.test.ts', 'deep.test.ts', 'dynamic.test.ts', 'pure.test.ts', 'reexport.test.ts', 'types.test.ts'];
    const { db, plain } = splitByDatabase(dir, files);
    assert.deepEqual(db, ['cycle.test.ts', 'deep.test.ts', 'dynamic.test.ts', 'reexport.test.ts']);
    assert.deepEqual(plain, ['pure.test.ts', 'types.test.ts']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the real files: those starting the app or a scratch database run on PostgreSQL too', () => {
  const { db, plain } = splitByDatabase(ROOT, ['test/security.test.ts', 'test/cli.test.ts', 'src/db/sqlite-driver.test.ts', 'src/lib/vi/collate.test.ts', 'test/test-phases.test.ts']);
  assert.deepEqual(db, ['test/security.test.ts', 'test/cli.test.ts', 'src/db/sqlite-driver.test.ts']);
  assert.deepEqual(plain, ['src/lib/vi/collate.test.ts', 'test/test-phases.test.ts']);
});

test('a file classed as opening no database fails when it loads a driver anyway', () => {
  const dir = tree({
    'computed.mjs': "const name = ['better', 'sqlite3'].join('-');\nawait import(name);\nconsole.log('loaded');\n",
    'required.mjs': "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('p' + 'g');\nconsole.log('loaded');\n",
    'fine.mjs': "await import('node:fs');\nconsole.log('loaded');\n",
  });
  // The driver must be resolvable from the fixture, as it is from a test file of the repository.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  try {
    const rel = (name: string) => path.relative(ROOT, path.join(dir, name)).split(path.sep).join('/');
    const listed = ['computed.mjs', 'required.mjs', 'fine.mjs'].map(rel).join('\n');
    const runIt = (name: string, list: string) =>
      spawnSync(process.execPath, ['--import', GUARD, path.join(dir, name)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ROVIEC_TEST_NO_DB_FILES: list },
      });
    for (const [name, driver] of [['computed.mjs', 'better-sqlite3'], ['required.mjs', 'pg']] as const) {
      const r = runIt(name, listed);
      assert.notEqual(r.status, 0, `${name} should fail`);
      assert.match(r.stderr, new RegExp(`${rel(name).replace(/[.]/g, '\\.')} loads ${driver} but .*pg phase would skip it`));
      assert.doesNotMatch(r.stdout, /loaded/);
      // Not listed (a file that runs on both databases): the guard leaves it alone.
      const free = runIt(name, '');
      assert.equal(free.status, 0, free.stderr);
      assert.match(free.stdout, /loaded/);
    }
    const fine = runIt('fine.mjs', listed);
    assert.equal(fine.status, 0, fine.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
