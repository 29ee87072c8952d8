// The house check (scripts/check-house.mjs) on small fixture trees: it must find a cycle, a
// reach past a feature's public face and a long file, and pass a tree that has none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fileTree } from './support/file-tree.ts';

const SCRIPT = fileURLToPath(new URL('../scripts/check-house.mjs', import.meta.url));

const tree = (files: Record<string, string>): string => fileTree('roviec-house', files);

function check(root: string): { code: number | null; out: string } {
  const res = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout };
}

test('a cycle between features, a reach into another feature and a long file are reported and fail the check', () => {
  const root = tree({
    'src/features/alpha/service.ts': "import { b } from '../beta/service.ts';\nexport const a = () => b;\n",
    // beta reaches into alpha's views (not its public face) and so closes the cycle alpha -> beta -> alpha
    'src/features/beta/service.ts': "import type { V } from '../alpha/views.tsx';\nexport const b = 1 as unknown as V;\n",
    'src/features/alpha/views.tsx': 'export type V = number;\n',
    // a test may reach anywhere; it is not part of the graph
    'src/features/gamma/gamma.test.ts': "import '../alpha/views.tsx';\n",
    'src/lib/long.ts': 'export const x = 1;\n'.repeat(401),
    // arrows point down: a feature must not import the demo orchestrator, nor a lower layer a feature
    'src/demo/seed.ts': "import { a } from '../features/alpha/service.ts';\nexport const seed = a;\n",
    'src/features/alpha/demo.ts': "import { seed } from '../../demo/seed.ts';\nexport const d = seed;\n",
    'src/platform/thing.ts': "import { b } from '../features/beta/service.ts';\nexport const t = b;\n",
    'src/lib/long.test.ts': 'export const y = 1;\n'.repeat(900),
    'src/db/types.ts': 'export type T = 1;\n'.repeat(900),
  });
  try {
    const { code, out } = check(root);
    assert.equal(code, 1);
    assert.match(out, /^feature boundary violations: 3$/m);
    assert.match(out, /src\/features\/beta\/service\.ts -> src\/features\/alpha\/views\.tsx/);
    assert.match(out, /src\/features\/alpha\/demo\.ts -> src\/demo\/seed\.ts/);
    assert.match(out, /src\/platform\/thing\.ts -> src\/features\/beta\/service\.ts/);
    assert.match(out, /^import cycles between features: 1$/m);
    assert.match(out, /alpha -> beta -> alpha/);
    assert.match(out, /^source files over 400 lines: 1$/m);
    assert.match(out, /src\/lib\/long\.ts \(401\)/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a house whose features use each other through their service, with short files, passes', () => {
  const root = tree({
    'src/features/alpha/service.ts': "import { b } from '../beta/index.ts';\nexport const a = () => b;\n",
    'src/features/beta/index.ts': "export { b } from './service.ts';\n",
    'src/features/beta/service.ts': "// import '../alpha/views.tsx' in a comment is not an import\nexport const b = 1;\n",
    'src/lib/short.ts': 'export const x = 1;\n'.repeat(400),
    // the demo orchestrator calls a feature's public face and its demo data; only main.ts imports it
    'src/demo/seed.ts': "import { a } from '../features/alpha/service.ts';\nimport { d } from '../features/beta/demo.ts';\nexport const seed = [a, d];\n",
    'src/features/beta/demo.ts': "export const d = 2;\n",
    'src/main.ts': "import { seed } from './demo/seed.ts';\nexport const m = seed;\n",
  });
  try {
    const { code, out } = check(root);
    assert.equal(out, 'feature boundary violations: 0\nimport cycles between features: 0\nsource files over 400 lines: 0\n');
    assert.equal(code, 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
