// A throw-away folder of files for tests that run a script over a source tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes `files` (relative path → text; folders made as needed) under a new folder in the system's
 * temporary folder named `<prefix>-XXXXXX`, and returns that folder's path. The caller removes it.
 */
export function fileTree(prefix: string, files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
