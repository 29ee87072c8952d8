// Work that grows faster than the input (issue 8 kind 1; docs/DESIGN.md D30). A note of "a" +
// 60,000 spaces + "x" once froze the server for 16–22 s: a quadratic regex ran before any length
// limit. What keeps it fixed, without timing assertions (they flake on a shared two-core machine):
//  - eslint's regexp/no-super-linear-backtracking and no-super-linear-move (errors): no regex in
//    src/ or test/ can be quadratic, checked statically on every `npm test` (lint phase);
//  - the text helpers check the raw length before cleaning: below, a value the cleaner would
//    shrink to fit is still refused when its raw length passes 4 × the limit (deterministic);
//  - every field of every writing route receives 100 kB of pathological whitespace: no 5xx,
//    nothing written, no 413 (the payload was parsed, not bounced); the event loop's longest
//    stall is reported (diagnostic), not asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import { optLongText, optText, rawTextLimit, text } from '../src/platform/validation.ts';
import { startTestApp, DB_KIND, type TestApp } from './support/app.ts';
import { bodyFields, changedTables, send, signedOut, tableSnapshot, writingRoutes } from './support/fuzz.ts';

const N = 100_000;
/** Pathological whitespace, 100 kB each: runs a quadratic trim or collapse would backtrack over. */
const PATTERNS: Record<string, string> = {
  spaces: 'a' + ' '.repeat(N) + 'x',
  digitSpaces: '1' + ' '.repeat(N) + 'x',
  tabs: 'a' + '\t'.repeat(N) + 'x',
  nbsp: 'a' + '\u00a0'.repeat(N) + 'x',
  newlines: 'a' + '\n'.repeat(N) + 'x',
  spaceNewlines: 'a' + ' \n'.repeat(N / 2) + 'x',
};
/** Every pattern for every field with ROVIEC_FUZZ_RUNS set (npm run sweep:fuzz); else one pattern per field, in turn. */
const ALL_PATTERNS = process.env.ROVIEC_FUZZ_RUNS !== undefined;
/** Text fields sent to a route that parses its body in the handler (no declared schema). */
const FALLBACK_TEXT = ['title', 'name', 'full_name', 'note', 'content', 'summary', 'comment', 'description', 'reason', 'place', 'publish_at', 'date', 'percent', 'value'];
const BODY_BUDGET = 900_000; // bytes: under the 1 MB body limit, so every payload is parsed

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

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

test('100 kB of pathological whitespace into every field of every writing route: no 5xx, nothing written, none bounced by size', async (tc) => {
  const c = t.client();
  assert.equal((await c.login('quantri')).status, 302);
  const person = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  const routes = writingRoutes(t).filter((r) => !/\/(password|disable)$/.test(r.url)); // the fuzz keeps its own session
  const withSchema = routes.filter((r) => bodyFields(r));
  assert.ok(routes.length >= 100 && withSchema.length >= 60, `routes: ${routes.length}, with a schema: ${withSchema.length}`);

  const snap = await tableSnapshot(t.db as never);
  const names = Object.keys(PATTERNS);
  const counts = { requests: 0, fields: 0, fivexx: 0, tooLarge: 0, writesOnRefusal: 0 };
  const failures: string[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let turn = 0;
  let slowest = { ms: 0, what: '' }; // reported, not asserted
  for (const rule of routes) {
    const fields = [...(bodyFields(rule)?.keys() ?? FALLBACK_TEXT)];
    const path = rule.url.replace(/:[A-Za-z_]+/g, person.id);
    const patterns = ALL_PATTERNS ? names : [names[turn++ % names.length] as string];
    for (const p of patterns) {
      const value = PATTERNS[p] as string;
      const perRequest = Math.max(1, Math.floor(BODY_BUDGET / Buffer.byteLength(JSON.stringify(value))));
      for (let i = 0; i < fields.length; i += perRequest) {
        const body = Object.fromEntries(fields.slice(i, i + perRequest).map((f) => [f, value]));
        const before = await snap.take();
        const started = performance.now();
        const res = await send(c, rule.method, path, body, 'json');
        const took = performance.now() - started;
        if (took > slowest.ms) slowest = { ms: took, what: `${rule.method} ${rule.url} ${p}` };
        counts.requests++;
        counts.fields += Object.keys(body).length;
        const what = `${rule.method} ${path} ${p} ${Object.keys(body).join(',')} -> ${res.status}`;
        const fail = (key: 'fivexx' | 'tooLarge' | 'writesOnRefusal', note = '') => {
          counts[key]++;
          failures.push(what + note);
        };
        if (res.status >= 500) fail('fivexx');
        if (res.status === 413) fail('tooLarge');
        if (res.status >= 400 && changedTables(before, await snap.take()).length) fail('writesOnRefusal', ' wrote');
        if (signedOut(res)) await c.login('quantri');
      }
    }
  }
  delay.disable();
  const line = `linear ${DB_KIND}: ${counts.requests} requests, ${counts.fields} fields × 100 kB over ${routes.length} routes, ${counts.fivexx} × 5xx, ${counts.tooLarge} × 413, ${counts.writesOnRefusal} writes on refusal; event loop longest stall ${Math.round(delay.max / 1e6)} ms, p99 ${Math.round(delay.percentile(99) / 1e6)} ms; slowest request ${Math.round(slowest.ms)} ms (${slowest.what})`;
  tc.diagnostic(line);
  console.log(line);
  assert.deepEqual(failures.slice(0, 20), []);
  assert.ok(counts.fields >= routes.length, 'every route received at least one field');
});
