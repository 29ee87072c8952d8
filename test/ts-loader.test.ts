// The test runner's TypeScript loader (scripts/ts-loader.mjs, docs/DESIGN.md D66) against tsx, the
// reference: the same program prints the same output under both, stack traces name the .ts lines,
// and a changed file is compiled again rather than read from the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADER = path.join(ROOT, 'scripts/ts-loader.mjs');

const FILES: Record<string, string> = {
  'main.ts': [
    "import { render } from 'preact-render-to-string';",
    "import type { Shape } from './shape.ts';",
    "import { area, Kind } from './shape.ts';",
    "import { Card } from './card.tsx';",
    '',
    'class Counter {',
    '  count = 0;',
    '  constructor(readonly step: number) {}',
    '  next(): number {',
    '    return (this.count += this.step);',
    '  }',
    '}',
    'const shapes: Shape[] = [{ kind: Kind.Square, side: 3 }, { kind: Kind.Circle, r: 1 }];',
    'const c = new Counter(2);',
    'console.log(JSON.stringify({ areas: shapes.map(area), counts: [c.next(), c.next()], own: Object.keys(c) }));',
    "console.log(render(Card({ title: 'Xin chào <Đồng Tâm>', items: ['a', 'b'] })));",
    "console.log(typeof import.meta.url, import.meta.url.endsWith('main.ts'));",
    '',
  ].join('\n'),
  'shape.ts': [
    'export enum Kind { Square = 1, Circle = 2 }',
    'export type Shape = { kind: Kind.Square; side: number } | { kind: Kind.Circle; r: number };',
    'export function area(s: Shape): number {',
    '  return s.kind === Kind.Square ? s.side ** 2 : Math.round(Math.PI * s.r ** 2 * 100) / 100;',
    '}',
    '',
  ].join('\n'),
  'card.tsx': [
    'export function Card(props: { title: string; items: string[] }) {',
    '  return (',
    '    <section class="card">',
    '      <h2>{props.title}</h2>',
    '      <ul>{props.items.map((i) => <li key={i}>{i}</li>)}</ul>',
    '    </section>',
    '  );',
    '}',
    '',
  ].join('\n'),
  'throws.ts': ['interface Nothing {', '  x?: number;', '}', 'const n: Nothing = {};', "throw new Error('boom ' + String(n.x));", ''].join('\n'),
};

function fixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-loader-'));
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  // tsx reads the tsconfig.json around the file; the loader reads the repository's, the same options.
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: unknown };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['.'] }));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const runWith = (loader: string, file: string) => spawnSync(process.execPath, ['--import', loader, file], { cwd: path.dirname(file), encoding: 'utf8' });

test('a program prints the same under the loader as under tsx (types, enums, class fields, JSX, import.meta)', () => {
  const dir = fixture();
  try {
    const main = path.join(dir, 'main.ts');
    const ours = runWith(LOADER, main);
    const reference = runWith('tsx', main);
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(reference.status, 0, reference.stderr);
    assert.equal(ours.stdout, reference.stdout);
    assert.match(ours.stdout, /"areas":\[9,3\.14\],"counts":\[2,4\]/);
    assert.match(ours.stdout, /<h2>Xin chào &lt;Đồng Tâm><\/h2>/);
    // A second run reads the cache and prints the same.
    assert.equal(runWith(LOADER, main).stdout, ours.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a stack trace names the line and column of the .ts source', () => {
  const dir = fixture();
  try {
    const r = runWith(LOADER, path.join(dir, 'throws.ts'));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Error: boom undefined/);
    assert.ok(r.stderr.includes(`${path.join(dir, 'throws.ts')}:5:7`), r.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed file is compiled again, never served from the cache', () => {
  const dir = fixture();
  try {
    const shape = path.join(dir, 'shape.ts');
    const main = path.join(dir, 'main.ts');
    const before = runWith(LOADER, main);
    fs.writeFileSync(shape, FILES['shape.ts']!.replace('s.side ** 2', 's.side ** 3'));
    const after = runWith(LOADER, main);
    assert.equal(after.status, 0, after.stderr);
    assert.match(before.stdout, /"areas":\[9,/);
    assert.match(after.stdout, /"areas":\[27,/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
