import fs from 'node:fs';
import path from 'node:path';

/** Every TypeScript source file under `dir` (.ts, .tsx), tests left out: what house checks read. */
export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.includes('.test.') ? [p] : [];
  });
}
