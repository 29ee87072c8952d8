// Reading src/ as text for the tests that check what the code writes (audit actions, entity types
// and fields: test/audit-labels.test.ts, test/audit-fields.test.ts).
import fs from 'node:fs';
import path from 'node:path';

/** Every non-test .ts/.tsx file under `dir`. */
export function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

/** The expression starting at `from` up to the next comma or closing bracket at depth 0, trimmed. */
export function fieldExpr(text: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) break;
  }
  return text.slice(from, i).trim();
}
