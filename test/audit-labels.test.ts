// Every audit action and entity type written anywhere in src/ has words in both languages, so the
// audit log and its filters never show a raw code. Scans the sources for the literals commands
// pass to c.audit / writeAudit (`action: '…'`, `entityType: '…'`) and the dynamic ones named below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../src/features/messages.ts';
import { isMessageKey } from '../src/platform/i18n/index.ts';
import { knownActions } from '../src/features/audit/service.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}
/** Actions built from a template (`meeting.${what}_remove`), spelled out. */
const DYNAMIC = ['meeting.report_remove', 'meeting.directive_remove'];

test('every audit action and entity type written in src/ has a label, and the filter offers it', () => {
  const actions = new Set(DYNAMIC);
  const types = new Set<string>();
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction: '([a-z_]+\.[a-z_]+)'/g)) actions.add(m[1] as string);
    for (const m of text.matchAll(/\bentityType: '([a-z_]+)'/g)) types.add(m[1] as string);
  }
  assert.ok(actions.size > 50, `found ${actions.size} actions`);
  const missing = [...actions].filter((a) => !isMessageKey(`audit.action.${a}`)).concat([...types].filter((e) => !isMessageKey(`audit.entity.${e}`)).map((e) => `entity ${e}`));
  assert.deepEqual(missing, [], 'add audit.action.* / audit.entity.* messages to the room that writes them');
  const offered = new Set(knownActions());
  for (const a of actions) assert.ok(offered.has(a), `filter offers ${a}`);
});
