#!/usr/bin/env node
// `npm run build`: the production build (node built-ins and the TypeScript compiler only).
//
//   node scripts/build.mjs [--out DIR]     default DIR: dist
//
// 1. Empties DIR, then compiles src/ with `tsc -p tsconfig.build.json --outDir DIR`
//    (tests excluded; `.ts` imports rewritten to `.js`; any type error fails the build, nothing is emitted).
// 2. Copies every file of src/ that is not TypeScript (ui/static/*, portal fixtures, …) to the same
//    place under DIR, because the app reads them at run time next to its modules (import.meta.url).
// Then `node DIR/main.js serve` runs with the production dependencies alone (no tsx).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const require = createRequire(import.meta.url);

const args = process.argv.slice(2);
let out = path.join(ROOT, 'dist');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && args[i + 1]) out = path.resolve(args[++i]);
  else {
    process.stderr.write(`unknown argument ${args[i]}\nusage: node scripts/build.mjs [--out DIR]\n`);
    process.exit(2);
  }
}
if (out === ROOT || out === SRC || SRC.startsWith(out + path.sep)) {
  process.stderr.write(`refusing to empty ${out}\n`);
  process.exit(2);
}

/** Source files that are compiled, not copied (test files are neither). */
const isTypeScript = (name) => /\.(ts|tsx|mts|cts)$/.test(name);

const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });

const tsc = require.resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`build failed: tsc exited with ${r.status ?? r.signal}\n`);
  fs.rmSync(out, { recursive: true, force: true });
  process.exit(1);
}

let copied = 0;
(function copyAssets(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (entry.isFile() && !isTypeScript(entry.name)) {
      const to = path.join(out, path.relative(SRC, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      copied++;
    }
  }
})(SRC);

process.stdout.write(`built ${path.relative(ROOT, out) || out} in ${((Date.now() - started) / 1000).toFixed(1)}s (${copied} assets copied)\n`);
