#!/usr/bin/env node
// The roviec CLI. Runs the production build (dist/main.js, made by `npm run build`) when there is
// one; otherwise the TypeScript sources through tsx (a devDependency: a checkout after `npm ci`).
// In a checkout that has a dist/, rebuild after changing src/ (or delete dist/).
import fs from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
let url = built;
if (!fs.existsSync(built)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    console.error('roviec: no dist/ (run `npm run build`) and no tsx (run `npm ci`)');
    process.exit(1);
  }
  url = new URL('../src/main.ts', import.meta.url);
}
process.argv[1] = url.pathname;
await import(url.href);
