#!/usr/bin/env node
// The house check (issue 7, docs/DESIGN.md D12): counts what makes the code harder to hold.
//
//   node scripts/check-house.mjs [--root <dir>]
//
// Prints, and exits 1 unless every count is 0:
//   feature boundary violations: N   an import that breaks "arrows point down, one feature uses
//                                     another only through its public face":
//                                     - src/features/<a>/… importing a file of src/features/<b>/
//                                       other than `service.ts` or `index.ts` at the top of <b>;
//                                     - the demo orchestrator (src/demo/) importing a feature file
//                                       other than its public face or its demo data (`demo.ts`);
//                                     - anything but src/main.ts importing src/demo/ (nothing
//                                       imports the demo back);
//                                     - a lower layer (src/platform, lib, ui, db, export) importing
//                                       src/features/ or src/demo/.
//   import cycles between features: N elementary cycles in the graph "feature a imports
//                                     something of feature b" (public face or not; type-only
//                                     imports count: they are arrows too)
//   source files over 400 lines: N    src/**/*.{ts,tsx,js,mjs} except *.test.ts(x),
//                                     src/db/types.ts (generated) and src/ui/static/vendor/
// Test files (*.test.ts(x)) and test fixtures are not part of the import graph: a test may
// reach into what it tests. Imports are read with the TypeScript compiler's pre-processor
// (static `import`/`export … from`, `import()` and `require()`), so comments and strings do
// not count.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

export const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|js|mjs)$/;
const TEST = /\.test\.tsx?$/;
const LINE_EXEMPT = new Set(['src/db/types.ts']);
const SKIP_DIRS = new Set(['node_modules', 'src/ui/static/vendor']);
const PUBLIC_FACES = new Set(['service.ts', 'index.ts']);
const DEMO_FACES = new Set([...PUBLIC_FACES, 'demo.ts']);
const LOWER_LAYERS = /^src\/(platform|lib|ui|db|export)\//;

function parseArgs(argv) {
  let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && argv[i + 1]) root = path.resolve(argv[++i]);
    else {
      process.stderr.write(`usage: node scripts/check-house.mjs [--root <dir>]\n`);
      process.exit(2);
    }
  }
  return { root };
}

/** Every file under `dir` (relative to root, POSIX separators) whose name matches `pattern`. */
function listFiles(root, dir, pattern) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const e of entries) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || SKIP_DIRS.has(e.name) || SKIP_DIRS.has(child)) continue;
        walk(child);
      } else if (e.isFile() && pattern.test(e.name)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

function countLines(text) {
  if (text.length === 0) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/** `src/features/<name>/…` → `<name>`; anything else → null. */
function featureOf(rel) {
  const m = /^src\/features\/([^/]+)\/./.exec(rel);
  return m ? m[1] : null;
}

/** Why an import of `target` by `rel` breaks the layering (not counting feature-to-feature), or null. */
function layerFault(rel, target) {
  const to = featureOf(target);
  if (rel.startsWith('src/demo/') && to && !DEMO_FACES.has(target.slice(`src/features/${to}/`.length))) return 'demo';
  if (target.startsWith('src/demo/') && !rel.startsWith('src/demo/') && rel !== 'src/main.ts') return 'demo';
  if (LOWER_LAYERS.test(rel) && (to || target.startsWith('src/demo/'))) return 'layer';
  return null;
}

/** Resolves a relative specifier of `from` to a file relative to root, or null (packages, missing files). */
function resolveImport(root, from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'));
  for (const c of candidates) {
    try {
      if (fs.statSync(path.join(root, c)).isFile()) return c;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/** Elementary cycles of a small directed graph (Map<node, Set<node>>), each starting at its least node. */
export function elementaryCycles(graph) {
  const nodes = [...graph.keys()].sort();
  const cycles = [];
  for (const start of nodes) {
    const stack = [start];
    const onPath = new Set([start]);
    const visit = (node) => {
      for (const next of [...(graph.get(node) ?? [])].sort()) {
        if (next === start) cycles.push([...stack, start]);
        else if (next > start && !onPath.has(next)) {
          stack.push(next);
          onPath.add(next);
          visit(next);
          onPath.delete(next);
          stack.pop();
        }
      }
    };
    visit(start);
  }
  return cycles;
}

/** The house's counts for the tree at `root`: { violations, cycles, longFiles }. */
export function inspect(root) {
  const files = listFiles(root, 'src', SOURCE);
  const violations = [];
  const graph = new Map();
  for (const rel of files) {
    if (TEST.test(rel) || rel.includes('/fixtures/')) continue;
    const from = featureOf(rel);
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      const target = resolveImport(root, rel, ref.fileName);
      if (!target) continue;
      if (layerFault(rel, target)) violations.push({ from: rel, to: target });
      const to = featureOf(target);
      if (!from || !to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
      const face = target.slice(`src/features/${to}/`.length);
      if (!PUBLIC_FACES.has(face)) violations.push({ from: rel, to: target });
    }
  }
  const longFiles = [];
  for (const rel of files) {
    if (TEST.test(rel) || LINE_EXEMPT.has(rel)) continue;
    const lines = countLines(fs.readFileSync(path.join(root, rel), 'utf8'));
    if (lines > MAX_LINES) longFiles.push({ file: rel, lines });
  }
  return { violations, cycles: elementaryCycles(graph), longFiles };
}

function main() {
  const { root } = parseArgs(process.argv.slice(2));
  const { violations, cycles, longFiles } = inspect(root);
  const out = [];
  out.push(`feature boundary violations: ${violations.length}`);
  for (const v of violations) out.push(`  ${v.from} -> ${v.to}`);
  out.push(`import cycles between features: ${cycles.length}`);
  for (const c of cycles) out.push(`  ${c.join(' -> ')}`);
  out.push(`source files over ${MAX_LINES} lines: ${longFiles.length}`);
  for (const f of longFiles) out.push(`  ${f.file} (${f.lines})`);
  process.stdout.write(`${out.join('\n')}\n`);
  process.exitCode = violations.length + cycles.length + longFiles.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
