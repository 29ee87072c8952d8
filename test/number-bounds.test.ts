// Numbers outside the column's range (issue 8, kind 5) and values no one could mean: every number
// a route or form takes is bounded to what its column holds, and only a number is a number.
// The walk covers every route's declared input schemas (recorded in app.routeRules) and every
// exported form schema (`…Input`, `…Query`, `…Params`, `…Body`) of src/features and src/platform,
// so the next unbounded field fails here, not as a 500 on PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { SaxesParser } from 'saxes';
import { PG_URL, startTestApp, type TestApp } from './support/app.ts';
import { newId } from '../src/db/dialect.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { xmlEscape, xmlText } from '../src/lib/xml.ts';
import { DECIMAL_MAX, INT32_MAX } from '../src/platform/validation.ts';

/**
 * Numbers bounded after the schema, by a rule that knows more than it: a report's indicator value
 * is checked against its indicator's type (integer, decimal, percent) with that type's message
 * (reports/values.ts; 1e308 refused in reports/api.test.ts and periods.test.ts).
 */
const BOUNDED_ELSEWHERE = /\bindicators\{\}: /;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
let t: TestApp;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

interface Def {
  type: string;
  coerce?: boolean;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  out?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  left?: z.ZodType;
  right?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod;
/** zod's own reading of a number schema's checks (z.ZodNumber's minValue, maxValue, isInt). */
const numberBounds = (s: z.ZodType) => s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };

/** Problems of one schema: numbers without both bounds in a column's range, or coerced (true → 1, [] → 0). */
function numberProblems(schema: z.ZodType, at: string, out: string[], seen = new Set<z.ZodType>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const { def } = defOf(schema);
  const walk = (s: z.ZodType | null | undefined, p: string) => s && numberProblems(s, p, out, seen);
  switch (def.type) {
    case 'number': {
      const bag = numberBounds(schema);
      const limit = bag.isInt ? INT32_MAX : DECIMAL_MAX;
      if (def.coerce) out.push(`${at}: z.coerce.number() takes true as 1 and [] as 0 (use int()/decimal() of validation.ts)`);
      if (bag.maxValue === null || bag.maxValue > limit) out.push(`${at}: no maximum within ${limit} (${bag.maxValue})`);
      if (bag.minValue === null || bag.minValue < -limit - 1) out.push(`${at}: no minimum within −${limit} (${bag.minValue})`);
      return;
    }
    case 'bigint':
      out.push(`${at}: bigint input`);
      return;
    case 'object':
      for (const [k, v] of Object.entries(def.shape ?? {})) walk(v, `${at}.${k}`);
      return;
    case 'pipe':
      walk(def.in, at);
      walk(def.out, at);
      return;
    case 'array':
      walk(def.element, `${at}[]`);
      return;
    case 'union':
      for (const o of def.options ?? []) walk(o, at);
      return;
    case 'record':
      walk(def.valueType, `${at}{}`);
      return;
    case 'tuple':
      for (const [i, o] of (def.items ?? []).entries()) walk(o, `${at}[${i}]`);
      walk(def.rest, `${at}[…]`);
      return;
    case 'intersection':
      walk(def.left, at);
      walk(def.right, at);
      return;
    default:
      walk(def.innerType, at);
  }
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('every number a route or form takes has both bounds within its column and is not coerced', async () => {
  const problems: string[] = [];
  // Every route's declared input schemas, as the route table records them (platform/http/security.ts).
  const routes = t.app.routeRules.flatMap((r) => (['body', 'querystring', 'params'] as const).flatMap((part) => {
    const schema = r.schema?.[part];
    return schema instanceof z.ZodType ? [{ method: r.method, url: r.url, part, schema }] : [];
  }));
  assert.ok(routes.length > 100, `route input schemas recorded: ${routes.length}`);
  for (const r of routes) numberProblems(r.schema, `${r.method} ${r.url} ${r.part}`, problems);
  let forms = 0;
  for (const file of [...sourceFiles(path.join(SRC, 'features')), ...sourceFiles(path.join(SRC, 'platform'))]) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!(value instanceof z.ZodType) || !/(Input|Query|Params|Body)$/.test(name)) continue;
      forms++;
      numberProblems(value, `${path.relative(SRC, file)} ${name}`, problems);
    }
  }
  assert.ok(forms > 30, `exported form schemas walked: ${forms}`);
  assert.deepEqual([...new Set(problems)].filter((p) => !BOUNDED_ELSEWHERE.test(p)).sort(), []);
});

test('a task version at the edges of the column or of JSON is a 400 with a message, on this database', async () => {
  const office = t.client();
  await office.login('vanphong');
  const task = await t.db.selectFrom('task').select(['id', 'title']).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  for (const version of [2 ** 31, 2 ** 53 - 1, 2 ** 53, -1, 0, 1e308, 1.5, true, [], {}, 'NaN', '1e3', null]) {
    const r = await office.api('PATCH', `/api/v1/tasks/${task.id}`, { title: task.title, version });
    assert.equal(r.status, 400, `version ${JSON.stringify(version)}: ${r.status} ${r.text.slice(0, 200)}`);
    const body = r.json<{ fields?: Record<string, string> }>();
    assert.ok(body.fields?.version, `version ${JSON.stringify(version)} is named: ${r.text.slice(0, 200)}`);
  }
});

test('a percent that is not one says the whole rule, whatever was typed', async () => {
  const member = t.client();
  await member.login('vanphong');
  const task = await t.db.selectFrom('task').select(['id', 'version']).where('ward_id', '=', t.wardA).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const messages = new Set<string>();
  for (const percent of ['abc', '101', '-1', true, [], 1e308]) {
    const r = await member.api('POST', `/api/v1/tasks/${task.id}/progress`, { percent, version: task.version });
    assert.equal(r.status, 400, `percent ${JSON.stringify(percent)}: ${r.status} ${r.text.slice(0, 200)}`);
    messages.add(r.json<{ fields: Record<string, string> }>().fields.percent ?? '');
  }
  assert.deepEqual([...messages], ['Phải là một số từ 0 đến 100.']);
});

// ---- every XML and iCalendar writer is safe whatever the stored data (kind 4) ----------------

/** Parses `xml` with a conforming XML 1.0 parser (saxes); returns its first error, or null. */
function xmlError(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true });
  let error: string | null = null;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.write(xml).close();
  return error;
}

// Characters a row written before the boundary cleaning (or restored, or imported) may hold.
// PostgreSQL cannot store NUL at all and its driver turns a lone surrogate into U+FFFD.
const HOSTILE = 'Tin\u0001 khẩn\u001F cấp\uFFFE\uFFFF\u007F' + (PG_URL ? '' : '\u0000 x\uD800');
// eslint-disable-next-line no-control-regex
const NOT_CARRIED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

test('feeds, sitemap and invitations stay readable when a stored title holds control characters', async () => {
  const cat = await t.db.selectFrom('portal_category').select(['id', 'slug']).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const slug = 'tin-khan-cap-' + newId().slice(-6);
  await runMaintenance(t.db, 'test.hostile-text', (q) =>
    q
      .insertInto('article')
      .values({ id: newId(), ward_id: t.wardA, category_id: cat.id, slug, title: HOSTILE, summary: HOSTILE, body_md: HOSTILE, body_html: `<p>${HOSTILE}</p>`, body_text: HOSTILE, search_text: 'tin khan cap', title_text: 'tin khan cap', status: 'published', published_at: now, view_count: 0, cover_image_id: null, author_user_id: null, author_label: HOSTILE, review_note: null, submitted_at: null, rev_no: 1, created_at: now, updated_at: now })
      .execute(),
  );
  const stored = await t.db.selectFrom('article').select('title').where('slug', '=', slug).executeTakeFirstOrThrow();
  assert.ok(stored.title.includes('\u0001'), 'the row holds the characters (written past the boundary)');
  const c = t.client();
  for (const url of ['/atom.xml', `/chuyen-muc/${cat.slug}/atom.xml`, '/sitemap.xml']) {
    const r = await c.get(url);
    assert.equal(r.status, 200, url);
    if (url.endsWith('atom.xml')) assert.match(r.text, /Tin khẩn cấp/, `${url} carries the article`);
    assert.equal(xmlError(r.text), null, `${url} parses as XML 1.0`);
  }

  const meeting = await t.db.selectFrom('meeting').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  await runMaintenance(t.db, 'test.hostile-text', (q) => q.updateTable('meeting').set({ title: HOSTILE, place: HOSTILE }).where('id', '=', meeting.id).execute());
  const office = t.client();
  await office.login('vanphong');
  const ics = await office.get(`/app/meetings/${meeting.id}/invite.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.text, /SUMMARY:Tin khẩn cấp/);
  assert.doesNotMatch(ics.text, NOT_CARRIED, 'no control character in the invitation');
});

test('xmlText keeps every character XML 1.0 allows and drops the others', () => {
  assert.equal(xmlText('a\tb\nc\rd Đồng Tâm 😀 \u00A0'), 'a\tb\nc\rd Đồng Tâm 😀 \u00A0');
  assert.equal(xmlText('\u0000\u0001\u0008\u000B\u000C\u001F\u007F\u0085\uFFFE\uFFFF\uDFFF\uD800'), '');
  assert.equal(xmlEscape(`<a href="x">&'\u0000</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
});
