// "No request any user can send produces a 5xx, and a refused request writes nothing" (issue 8,
// docs/DESIGN.md D30). Every writing route (pages and API) is fed bodies built from the zod body
// schema it declares: plausible values for every field (real ids of both wards, dates, enum
// values), then one to three fields replaced by a hostile value (empty, 1 MB, NUL and other
// control characters, wrong types, arrays for scalars, `__proto__` keys, 2^31, 2^53, -1, 1e308,
// "NaN", impossible dates, ids of another ward, organization or table), sent url-encoded, as JSON
// or as raw bytes holding invalid UTF-8, as the administrator and as an organization head.
// Every table is snapshot (row counts, sum of versions) before and after each request: a 4xx
// that changed any table fails the test, as does any 5xx. Runs: ROVIEC_FUZZ_RUNS (npm run sweep:fuzz).
// Then 100 kB of pathological whitespace into every field of every writing route (issue 8 kind 1;
// see test/fuzz-linear.test.ts for why its time is reported, not asserted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fc from 'fast-check';
import { startTestApp, DB_KIND, type Client, type TestApp } from './support/app.ts';
import { bodyFields, changedTables, idPools, send, signedOut, tableForField, tableForParam, tableSnapshot, writingRoutes, type Encoding, type FieldKind } from './support/fuzz.ts';

const RUNS = Number(process.env.ROVIEC_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.ROVIEC_FUZZ_SEED ?? 20170210);

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

/** Fields sent to a route that declares no body schema (it parses its body in the handler). */
const FALLBACK_FIELDS = [
  'full_name', 'name', 'title', 'short_name', 'kind', 'unit_id', 'org_id', 'parent_id', 'person_id', 'version', 'start_on', 'end_on', 'valid_from', 'valid_to',
  'birth_date', 'gender', 'phone', 'email', 'note', 'rank', 'abbreviation', 'reason', 'username', 'display_name', 'password', 'role', 'year', 'status', 'due_on',
  'percent', 'value', 'body', 'slug', 'category_id', 'publish_at', 'comment', 'relation', 'related_org_id', 'sort_order', 'code', 'content', 'summary', 'date',
  'start_time', 'place', 'kind_id', 'form_id', 'period_id', 'org_ids', 'person_ids', 'sections', 'reported_on', 'actual_result', 'description', 'number', 'closed_time',
];

const MB = 'x'.repeat(1024 * 1024);
/** Hostile scalars, by family (each family at least once in every run of a few hundred). */
const HOSTILE_STRINGS = [
  '', ' ', '\t\n', MB, 'Nguyễn\u0000Văn', '\u0001\u0002\u001f', 'a\u007fb', '\uFFFE\uFFFF', '\uD800', '\u202Eabc', '<script>alert(1)</script>', "' or 1=1 --", '%00', '%FF',
  '2147483648', '9007199254740992', '-1', '1e308', '-1e308', 'NaN', 'Infinity', '0x10', '1,5', '99999999999999999999',
  '31/02/2025', '29/02/2023', '00/00/0000', '01/01/0000', '0000-01-01', '9999-12-31', '2025-13-01', '32/01/2025', '1/1/1', '01/01/1899',
  'true', 'null', '[]', '{}', 'undefined', '__proto__', 'constructor', '00000000-0000-0000-0000-000000000000', 'khong-phai-id',
];
const HOSTILE_JSON: unknown[] = [2 ** 31, 2 ** 53, 2 ** 53 - 1, -1, 1e308, -1e308, 0.5, -0, true, false, null, {}, [], [[]], { __proto__: { admin: true } }, ['a', 'b'], [1, 2], { $gt: '' }];

test('fuzz: every writing route, schema-aware, no 5xx and nothing written on refusal', async (tc) => {
  const admin = t.client();
  const head = t.client(); // organization head of Hội LHPN: other organizations' ids must be refused
  const actors: [Client, string][] = [[admin, 'quantri'], [head, 'phunu']];
  for (const [c, u] of actors) assert.equal((await c.login(u)).status, 302);
  const own = await t.db.selectFrom('app_user').select('id').where('username', 'in', ['quantri', 'phunu']).execute();
  const pools = await idPools(t.db as never, own.map((r) => r.id));
  const allIds = [...pools.values()].flat();
  assert.ok(pools.get('person')?.length && pools.get('organization')?.length && pools.get('programme')?.length, 'demo ids found');

  const routes = writingRoutes(t);
  const withSchema = routes.filter((r) => bodyFields(r));
  // The fuzz must fail, not pass, when it finds nothing to fuzz.
  assert.ok(routes.length >= 100, `writing routes found: ${routes.length}`);
  assert.ok(withSchema.length >= 60, `routes with a declared body schema: ${withSchema.length}`);
  assert.ok(routes.some((r) => r.url.startsWith('/api/')) && routes.some((r) => r.url.startsWith('/app/')), 'both API and page routes');

  const idFrom = (table: string | undefined) => fc.oneof(
    { weight: 6, arbitrary: table && pools.get(table) ? fc.constantFrom(...(pools.get(table) as string[])) : fc.constantFrom(...allIds) },
    { weight: 2, arbitrary: fc.constantFrom(...allIds) }, // an id of another table, ward or organization
    { weight: 1, arbitrary: fc.constantFrom('00000000-0000-7000-8000-000000000000', 'khong-phai-id', '', '../x') },
  );
  const plausible = (name: string, k: FieldKind): fc.Arbitrary<unknown> => {
    switch (k.kind) {
      case 'id': return idFrom(tableForField(name));
      case 'enum': return fc.constantFrom(...k.values);
      case 'list': return fc.array(plausible(name, k.of), { maxLength: 3 });
      case 'date': return fc.constantFrom('15/03/2025', '2025-06-30', '01/01/2026 08:00');
      case 'number': return fc.constantFrom('1', '2', '50', '2025');
      case 'bool': return fc.constantFrom('on', 'true', '1');
      case 'object': return fc.constant({});
      default: return name === 'version' ? fc.constantFrom('1', '2') : fc.constantFrom('Thử nghiệm fuzz', 'Ban Chấp hành Đoàn', 'a');
    }
  };
  const hostile = (json: boolean): fc.Arbitrary<unknown> => fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom('a', '1', ''), { minLength: 2, maxLength: 3 }) }, // an array for a scalar
    { weight: json ? 3 : 0, arbitrary: fc.constantFrom(...HOSTILE_JSON) },
    { weight: 1, arbitrary: fc.constantFrom(...allIds) },
  );

  const byKey = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  const request = fc.constantFrom(...byKey.keys()).chain((key) => {
    const rule = byKey.get(key) as (typeof routes)[number];
    const fields = bodyFields(rule) ?? new Map(FALLBACK_FIELDS.map((f) => [f, { kind: 'text' } as FieldKind]));
    const names = [...fields.keys()];
    const params = [...rule.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] as string);
    const encoding = fc.constantFrom<Encoding>(...(rule.url.startsWith('/api/') ? (['json', 'json', 'raw-json', 'form'] as const) : (['form', 'form', 'raw-form', 'json'] as const)));
    return fc.record({
      key: fc.constant(key),
      actor: fc.nat({ max: 3 }).map((n) => (n === 0 ? 1 : 0)), // the head in a quarter of the requests
      path: fc.tuple(...params.map((p) => idFrom(tableForParam(rule.url, p)))).map((ids) => ids.reduce<string>((u, id, i) => u.replace(`:${params[i]}`, encodeURIComponent(id)), rule.url)),
      base: fc.tuple(...names.map((n) => fc.option(plausible(n, fields.get(n) as FieldKind), { freq: 5, nil: undefined }))),
      encoding,
      mutations: encoding.chain((e) => fc.array(fc.tuple(names.length ? fc.constantFrom(...names, '__proto__', 'constructor') : fc.constant('__proto__'), hostile(e === 'json')), { maxLength: 3 })),
    }).map((r) => {
      const body: Record<string, unknown> = {};
      names.forEach((n, i) => { if (r.base[i] !== undefined) body[n] = r.base[i]; });
      // Own property even for "__proto__" (an assignment would set the prototype instead).
      for (const [k, v] of r.mutations) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
      return { ...r, body };
    });
  });

  const snap = await tableSnapshot(t.db as never);
  const counts = { requests: 0, refused: 0, accepted: 0, acceptedWrites: 0, fivexx: 0, writesOnRefusal: 0, relogins: 0 };
  const failures: string[] = [];
  let state = await snap.take();
  await fc.assert(
    fc.asyncProperty(request, async ({ key, actor, path, body, encoding }) => {
      const rule = byKey.get(key) as (typeof routes)[number];
      const [client, username] = actors[actor] as [Client, string];
      const res = await send(client, rule.method, path, body, encoding);
      counts.requests++;
      const after = await snap.take();
      const what = `${username} ${rule.method} ${path} ${encoding} ${JSON.stringify(body).slice(0, 300)} -> ${res.status}`;
      if (res.status >= 500) {
        counts.fivexx++;
        failures.push(`${what} ${res.text.slice(0, 200)}`);
      } else if (res.status >= 400) {
        counts.refused++;
        const changed = changedTables(state, after);
        if (changed.length) {
          counts.writesOnRefusal++;
          failures.push(`${what} wrote to ${changed.join(', ')}`);
        }
      } else {
        counts.accepted++;
        if (changedTables(state, after).length) counts.acceptedWrites++;
      }
      state = after;
      if (signedOut(res)) {
        counts.relogins++;
        await client.login(username);
        state = await snap.take();
      }
      return true;
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  const line = `fuzz ${DB_KIND}: ${counts.requests} requests over ${routes.length} writing routes (${withSchema.length} schema-declared), ${counts.refused} refused, ${counts.accepted} accepted (${counts.acceptedWrites} wrote), ${counts.fivexx} × 5xx, ${counts.writesOnRefusal} writes on refusal, ${counts.relogins} sign-ins again`;
  tc.diagnostic(line);
  console.log(line);
  assert.deepEqual(failures.slice(0, 20), []);
  assert.equal(counts.requests, RUNS);
  // A fuzz that never gets past validation, or never gets refused, tests little.
  // The snapshot sees writes: some accepted requests changed it.
  assert.ok(counts.refused > RUNS / 4 && counts.acceptedWrites > 0, JSON.stringify(counts));
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
