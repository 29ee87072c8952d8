// Which test files open a database, so that the pg phase runs only those (docs/DESIGN.md D66).
//
// A test file "opens a database" when its import graph (our files, followed through static
// `import`/`export … from` and literal `import('…')`, `import type` left out) reaches a database
// driver: better-sqlite3 or pg. Everything that opens one (openDb, test/support/app.ts, the
// scratch databases, the CLI build's helpers) imports a driver, so the list cannot rot as files
// come and go. The other files run once, on SQLite's phase, under scripts/test-no-db.mjs: a file
// that loads a driver anyway (a computed specifier, `require`, `lazy()`) fails there with a
// message that names it, so a file that touches the database is never skipped on PostgreSQL.
// Node built-ins only (scripts/test.mjs imports this before anything is installed or built).
import fs from 'node:fs';
import path from 'node:path';

/** The packages whose loading means "this file opens a database". */
export const DB_DRIVERS = ['better-sqlite3', 'pg'];

// Type-only statements (`import type …;`, `export type … from …;`) are erased by the compiler, so
// they are removed first; then every `from '…'`, bare `import '…'` and literal `import('…')`.
const TYPE_ONLY_RE = /^[ \t]*(?:import|export)[ \t]+type[ \t{][^;]*;/gm;
const IMPORT_RE = /(?:\bfrom|^[ \t]*import|\bimport\()[ \t]*['"]([^'"\n]+)['"]/gm;

/** The package name of a bare specifier (`@scope/name/sub` → `@scope/name`), else undefined. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Makes a classifier over the repository at `root` (absolute path). The returned function takes
 * a file (relative to root) and answers the driver package its import graph reaches, or
 * undefined when it reaches none. Each file is read and parsed once per classifier.
 */
export function driverReacher(root) {
  const edges = new Map(); // absolute file → { files: absolute paths, driver: name | undefined }
  const parse = (file) => {
    let parsed = edges.get(file);
    if (parsed) return parsed;
    parsed = { files: [], driver: undefined };
    edges.set(file, parsed);
    let source;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      return parsed; // a path that is not there: node fails loudly at run time
    }
    for (const match of source.replace(TYPE_ONLY_RE, '').matchAll(IMPORT_RE)) {
      const specifier = match[1];
      const pkg = packageOf(specifier);
      if (pkg !== undefined) {
        if (DB_DRIVERS.includes(pkg)) parsed.driver ??= pkg;
      } else if (specifier.startsWith('.')) {
        parsed.files.push(path.resolve(path.dirname(file), specifier));
      }
    }
    return parsed;
  };
  return (rel) => {
    const seen = new Set();
    const stack = [path.resolve(root, rel)];
    while (stack.length > 0) {
      const file = stack.pop();
      if (seen.has(file)) continue;
      seen.add(file);
      const { files, driver } = parse(file);
      if (driver) return driver;
      stack.push(...files);
    }
    return undefined;
  };
}

/** Splits test files (relative to `root`) into those that open a database and the others. */
export function splitByDatabase(root, files) {
  const reaches = driverReacher(root);
  const db = [];
  const plain = [];
  for (const file of files) (reaches(file) ? db : plain).push(file);
  return { db, plain };
}
