// Preloaded (`--import`) into every test file of the SQLite phase by scripts/test.mjs
// (docs/DESIGN.md D66). The files whose import graph reaches no database driver run only in that
// phase, so they are named in ROVIEC_TEST_NO_DB_FILES (one path relative to the repository a
// line). In such a file, loading better-sqlite3 or pg — by `import`, `import()` or `require` —
// fails with a message that names the file: it touches the database but the pg phase would skip
// it. Other files (and worker threads) are left alone.
import { isMainThread } from 'node:worker_threads';
import Module, { register } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { DB_DRIVERS } from './test-files.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The refusal for a file that was classed as not opening a database. */
function refusal(driver, testFile) {
  return new Error(
    `${testFile} loads ${driver} but scripts/test-files.mjs found no database driver in its imports, ` +
      'so the pg phase would skip it (docs/DESIGN.md D66). Import the code that opens the database ' +
      'with a static import (or a literal import()) so that the file runs on PostgreSQL too.',
  );
}

const isDriver = (specifier) => DB_DRIVERS.some((d) => specifier === d || specifier.startsWith(`${d}/`));

/** ESM resolve hook (runs in node's hooks thread; `data.testFile` from the registration). */
let guarded;
export function initialize(data) {
  guarded = data?.testFile;
}
export async function resolve(specifier, context, nextResolve) {
  if (guarded && isDriver(specifier)) throw refusal(specifier, guarded);
  return nextResolve(specifier, context);
}

if (isMainThread && process.argv[1] && process.env.ROVIEC_TEST_NO_DB_FILES) {
  const testFile = path.relative(ROOT, path.resolve(process.argv[1])).split(path.sep).join('/');
  const plain = new Set(process.env.ROVIEC_TEST_NO_DB_FILES.split('\n').filter(Boolean));
  if (plain.has(testFile)) {
    register(import.meta.url, { data: { testFile } });
    const load = Module._load;
    Module._load = function guardedLoad(request, ...rest) {
      if (isDriver(request)) throw refusal(request, testFile);
      return load.call(this, request, ...rest);
    };
  }
}
