// Module hooks of scripts/ts-loader.mjs (docs/DESIGN.md D66): TypeScript files (.ts, .tsx, .mts)
// are compiled by esbuild to ES modules with an inline source map, and the result is kept on disk
// under node_modules/.cache/roviec-ts/ keyed by a hash of the loader version, esbuild's version,
// tsconfig's compiler options, the file's path and its text — so a test process compiles only
// what changed since any earlier process, and otherwise reads one small file per module. All
// other modules go to node's own loader untouched (no resolution of our own: every relative
// import in the repository names its file with its extension).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync, version as esbuildVersion } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'node_modules/.cache/roviec-ts');
const LOADER_VERSION = '1';
const TS_RE = /\.(?:m?ts|tsx)$/;

const compilerOptions = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions ?? {};
const salt = crypto.createHash('sha256').update(`${LOADER_VERSION}\0${esbuildVersion}\0${process.version}\0${JSON.stringify(compilerOptions)}\0`).digest();
fs.mkdirSync(CACHE, { recursive: true });

/** esbuild's output for one file: ES module with an inline source map to the original text. */
function compile(file, source) {
  return transformSync(source, {
    loader: file.endsWith('.tsx') ? 'tsx' : 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: { compilerOptions },
  }).code;
}

/** The compiled text of `file`, from the cache or compiled now and cached (written atomically). */
function compiled(file) {
  const source = fs.readFileSync(file, 'utf8');
  const key = crypto.createHash('sha256').update(salt).update(file).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.mjs`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const code = compile(file, source);
  const temporary = `${cached}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, code);
  fs.renameSync(temporary, cached);
  return code;
}

/** Node's load hook: TypeScript files compiled (cached), everything else as node does it. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TS_RE.test(new URL(url).pathname)) return nextLoad(url, context);
  return { format: 'module', source: compiled(fileURLToPath(url)), shortCircuit: true };
}
