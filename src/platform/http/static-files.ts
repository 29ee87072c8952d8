// Static files precompressed once (issue 12 leftovers, docs/DESIGN.md D63). At start the files of
// ui/static are copied into a directory named by their content hash, each text file (CSS, JS,
// SVG) with a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) variant beside it when the
// variant is smaller; @fastify/static (`preCompressed`) then sends the variant the client accepts
// with `Content-Encoding`, `Vary: Accept-Encoding` and an ETag of its own, and the per-request
// compression leaves it alone. The copies keep the sources' modification times, so every instance
// started from the same build answers the same ETag and Last-Modified.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';

/** Files that get compressed variants: text types, by name. */
const PRECOMPRESS = /\.(?:css|js|mjs|svg|json|txt|html)$/i;

/** The variants written beside each text file: extension → compressor. */
const VARIANTS: readonly { ext: '.br' | '.gz'; compress: (b: Buffer) => Buffer }[] = [
  { ext: '.br', compress: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }) },
  { ext: '.gz', compress: (b) => zlib.gzipSync(b, { level: 9 }) },
];

/** One file served from ui/static and the sizes of what was written for it (bytes). */
export interface StaticFileSizes {
  name: string;
  raw: number;
  br: number | null;
  gz: number | null;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(?:br|gz)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Prepares the directory to serve `srcDir` from: `<cacheRoot>/roviec-static-<hash>` holding a
 * copy of every file of `srcDir` (top level) and, for text files, `.br` and `.gz` variants that
 * are smaller than the file. Made once per content (an existing directory of the same hash is
 * reused; a new one is written beside and renamed into place, so two processes starting at once
 * never serve a half-written one). Returns the directory and what each file weighs.
 */
export function prepareStatic(srcDir: string, cacheRoot = os.tmpdir()): { dir: string; files: StaticFileSizes[] } {
  const names = listFiles(srcDir);
  const hash = createHash('sha256');
  for (const n of names) hash.update(n).update('\0').update(fs.readFileSync(path.join(srcDir, n))).update(String(fs.statSync(path.join(srcDir, n)).mtimeMs));
  const dir = path.join(cacheRoot, `roviec-static-${hash.digest('hex').slice(0, 16)}`);
  if (!fs.existsSync(dir)) {
    const building = fs.mkdtempSync(`${dir}.tmp-`);
    for (const n of names) {
      const from = path.join(srcDir, n);
      const body = fs.readFileSync(from);
      const { atime, mtime } = fs.statSync(from);
      const write = (to: string, bytes: Buffer) => {
        fs.writeFileSync(to, bytes);
        fs.utimesSync(to, atime, mtime);
      };
      write(path.join(building, n), body);
      if (!PRECOMPRESS.test(n)) continue;
      for (const v of VARIANTS) {
        const packed = v.compress(body);
        if (packed.length < body.length) write(path.join(building, n + v.ext), packed);
      }
    }
    try {
      fs.renameSync(building, dir);
    } catch {
      // Another process made it first: theirs is the same content.
      fs.rmSync(building, { recursive: true, force: true });
    }
  }
  const size = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : null);
  const files = names.map((name) => ({ name, raw: fs.statSync(path.join(dir, name)).size, br: size(path.join(dir, name + '.br')), gz: size(path.join(dir, name + '.gz')) }));
  return { dir, files };
}
