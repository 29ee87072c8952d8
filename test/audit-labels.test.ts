// Every audit action and entity type written in src/ has words in both languages, so the
// audit log and its filters never show a raw code (issue 11 item 8, D54). Reads every call that
// writes an audit row (c.audit / writeAudit) and every object literal with an `action:` field
// (steps of a flow), across lines; an action that is not a plain literal must be spelled out
// below, so a new computed action fails here until it is listed and labelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldExpr, sources } from './support/source-scan.ts';
import '../src/features/messages.ts';
import { isMessageKey } from '../src/platform/i18n/index.ts';
import { knownActions, knownEntityTypes } from '../src/features/audit/service.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Computed actions and entity types, as written in the source → every value they take. */
const DYNAMIC_ACTIONS: Record<string, string[]> = {
  '`meeting.${what}_remove`': ['meeting.report_remove', 'meeting.directive_remove'],
  '`report_submission.${action}`': ['report_submission.accept', 'report_submission.return'],
  '`${table}.end`': ['membership.end', 'position.end'],
  'c.name': ['unit.remove', 'demo.remove'], // removeWards(…, { name }) in units/remove.ts and cli/merge.ts
  'step.action': [], // portal transition(): the steps' `action: '…'` literals are read below
  action: ['task.submit', 'task.approve', 'task.return'], // programmes/task.ts setApproval(…, action)
};
const DYNAMIC_TYPES: Record<string, string[]> = {
  'owner.type': ['article', 'disclosure'], // portal files belong to an article or a disclosure
  table: ['membership', 'position'],
};

const literals = (expr: string) => [...expr.matchAll(/'([a-z_]+(?:\.[a-z_]+)?)'/g)].map((m) => m[1] as string);
/** `'a.b'` or `cond ? 'a.b' : 'c.d'`: the values an `action:` field takes; [] for anything else. */
const actionValues = (expr: string) => {
  const m = /^(?:[^?']*(?:'[^']*'[^?']*)*\?\s*)?'([a-z_]+\.[a-z_]+)'(?:\s*:\s*'([a-z_]+\.[a-z_]+)')?$/.exec(expr);
  return m ? [m[1], m[2]].filter((x): x is string => x !== undefined) : [];
};
const isLiteralExpr = (expr: string) => /'[^']*'/.test(expr) && !expr.includes('${') && literals(expr).length > 0;

function written(): { actions: Set<string>; types: Set<string>; unknown: string[] } {
  const actions = new Set<string>();
  const types = new Set<string>();
  const unknown: string[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(SRC, file);
    // Calls that write an audit row: their action and entityType fields, whatever their form.
    for (const call of text.matchAll(/(?:\.audit|writeAudit)\(/g)) {
      if (text.slice(Math.max(0, call.index - 9), call.index) === 'function ') continue; // writeAudit itself
      const body = text.slice(call.index, call.index + 1500);
      const a = /\baction(: |,)/.exec(body); // `action: …` or the shorthand `{ action, … }`
      const e = /\bentityType(: |,)/.exec(body);
      if (!a || !e) continue;
      const aExpr = a[1] === ',' ? 'action' : fieldExpr(body, a.index + a[0].length);
      const eExpr = e[1] === ',' ? 'entityType' : fieldExpr(body, e.index + e[0].length);
      if (isLiteralExpr(aExpr) && actionValues(aExpr).length > 0) for (const l of actionValues(aExpr)) actions.add(l);
      else if (aExpr in DYNAMIC_ACTIONS) for (const l of DYNAMIC_ACTIONS[aExpr] as string[]) actions.add(l);
      else unknown.push(`${rel}: action ${aExpr}`);
      if (isLiteralExpr(eExpr)) for (const l of literals(eExpr)) types.add(l);
      else if (eExpr in DYNAMIC_TYPES) for (const l of DYNAMIC_TYPES[eExpr] as string[]) types.add(l);
      else unknown.push(`${rel}: entityType ${eExpr}`);
    }
    // Steps of a flow (`{ action: 'article.submit', … }`) and any other `action: '<room>.<verb>'`.
    for (const m of text.matchAll(/\baction: /g)) {
      const expr = fieldExpr(text, (m.index as number) + m[0].length);
      for (const l of actionValues(expr)) actions.add(l);
    }
  }
  return { actions, types, unknown };
}

test('every audit action and entity type written in src/ has a label, and the filter offers it', () => {
  const { actions, types, unknown } = written();
  assert.deepEqual(unknown, [], 'a computed audit action or entity type: list its values in DYNAMIC_ACTIONS / DYNAMIC_TYPES');
  assert.ok(actions.size > 100, `found ${actions.size} actions`);
  for (const a of ['article.publish', 'article.schedule', 'demo.remove', 'user.reset_link', 'task.approve']) assert.ok(actions.has(a), a);
  const missing = [...actions].filter((a) => !isMessageKey(`audit.action.${a}`)).concat([...types].filter((e) => !isMessageKey(`audit.entity.${e}`)).map((e) => `entity ${e}`));
  assert.deepEqual(missing, [], 'add audit.action.* / audit.entity.* messages to the room that writes them');
  const offered = new Set(knownActions());
  for (const a of actions) assert.ok(offered.has(a), `filter offers ${a}`);
  const kinds = new Set(knownEntityTypes());
  for (const e of types) assert.ok(kinds.has(e), `filter offers the kind ${e}`);
  for (const e of ['programme', 'task', 'article', 'disclosure', 'meeting', 'person', 'organization', 'report_submission']) assert.ok(kinds.has(e), e);
});
