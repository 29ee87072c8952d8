// Work that grows faster than the input (issue 8 kind 1; docs/DESIGN.md D30). A note of "a" +
// 60,000 spaces + "x" once froze the server for 16–22 s: a quadratic regex ran before any length
// limit. What keeps it fixed, without timing assertions (they flake on a shared two-core machine):
//  - eslint's regexp/no-super-linear-backtracking and no-super-linear-move (errors): no regex in
//    src/ or test/ can be quadratic, checked statically on every `npm test` (lint phase);
//  - the text helpers check the raw length before cleaning: below, a value the cleaner would
//    shrink to fit is still refused when its raw length passes 4 × the limit (deterministic);
//  - every field of every writing route receives 100 kB of pathological whitespace (in
//    test/fuzz.test.ts, which shares its app): no 5xx, nothing written, no 413 (the payload was
//    parsed, not bounced); the event loop's longest stall is reported (diagnostic), not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { optLongText, optText, rawTextLimit, text } from '../src/platform/validation.ts';

test('text helpers check the raw length before cleaning: a value the cleaner would shrink to fit is still refused past 4 × max', () => {
  const cases: [string, z.ZodType, number][] = [['text', text(200), 200], ['optText', optText(200), 200], ['optLongText', optLongText(5000), 5000]];
  for (const [name, schema, max] of cases) {
    // Spaces then a line end: the single-line cleaner makes "a x", the multi-line one "a\nx" (trailing spaces of a line dropped).
    const within = 'a' + ' '.repeat(rawTextLimit(max) - 3) + '\nx'; // raw length exactly 4 × max: cleaned, accepted
    const over = 'a' + ' '.repeat(rawTextLimit(max) - 2) + '\nx'; // one more: refused before the cleaner runs
    const huge = 'a' + ' '.repeat(10_000_000) + '\nx'; // 10 MB: one length check
    const ok = schema.safeParse(within);
    assert.ok(ok.success, `${name}: ${rawTextLimit(max)} raw characters are cleaned`);
    assert.equal(ok.data, name === 'optLongText' ? 'a\nx' : 'a x');
    for (const v of [over, huge]) {
      const r = schema.safeParse(v);
      assert.ok(!r.success, `${name}: ${v.length} raw characters refused`);
      assert.equal(r.error.issues[0]?.code, 'too_big', `${name}: refused as too long`);
    }
  }
});
