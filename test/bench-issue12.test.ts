// The bench's issue 12 parts that decide what is reported: the table's figures and met?, the growth
// labels of --scale, and the search mix drawn from a real generated corpus (SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { figuresOf, issueTable, ROWS } from '../bench/lib/issue12.ts';
import { buildSearchMix } from '../bench/lib/search-mix.ts';
import { generateArticles } from '../bench/portal.ts';
import { growthLabel } from '../bench/scale.ts';
import { createTestDb, type TestDb } from './support/app.ts';
import { loadDemo } from '../src/demo/seed.ts';

const baseline = JSON.parse(fs.readFileSync(new URL('../bench/results/baseline-sqlite.json', import.meta.url), 'utf8')) as Parameters<typeof figuresOf>[0];

test('the baseline (recorded before issue 12, no keys) is read off its target names', () => {
  const f = figuresOf(baseline);
  assert.equal(f.article?.ratio, 0.0259);
  assert.equal(f['search-common']?.p99Ms, 7220);
  assert.equal(f['schedule-page']?.ratio, 0.000194);
  assert.equal(f['schedule-print']?.rps, 2);
  assert.equal(f['people-list']?.ratio, 0.00914);
  assert.equal(f['people-search']?.ratio, 0.00649);
  assert.equal(f.progress?.p99Ms, 4969);
  assert.equal(f.xlsx?.growthMB, 110);
  assert.equal(f['search-mix'], undefined);
});

test('the table: a row per target, the before column, met? over every database measured', () => {
  const good = { ratio: 0.5, rps: 500, p99Ms: 10 };
  const now = { sqlite: { article: good, 'schedule-print': { rps: 9, p99Ms: 400, probeP99Ms: 300, probeIdleP99Ms: 5, blocks: true } }, postgres: { article: { ...good, p99Ms: 30 } } };
  const md = issueTable(now, { sqlite: figuresOf(baseline) });
  const lines = md.split('\n');
  assert.equal(lines.length, 2 + ROWS.length);
  assert.match(lines[0] ?? '', /^\| route \| target \| before \(SQLite \/ PostgreSQL\) \| SQLite ratio \(p99\) \| PostgreSQL ratio \(p99\) \| met\? \|$/);
  const article = lines.find((l) => l.startsWith('| article page'));
  assert.match(article ?? '', /\| 0\.026 \(p99 77 ms\) \/ — \| 0\.500 \(p99 10 ms\) \| 0\.500 \(p99 30 ms\) \| no \(PostgreSQL\) \|$/);
  assert.match(lines.find((l) => l.startsWith('| schedule print')) ?? '', /blocks\) \| — \| no \(SQLite\) \|$/);
  assert.match(lines.find((l) => l.startsWith('| people list')) ?? '', /\| — \| — \| — \|$/);
  const one = issueTable({ sqlite: { article: good } });
  assert.match(one.split('\n').find((l) => l.startsWith('| article page')) ?? '', /yes \(SQLite only\) \|$/);
  assert.ok(!one.includes('before'));
  // Fast refusals are not speed: a print view whose answers were the heavy-work cap's 503 is not met.
  const refused = issueTable({ sqlite: { 'schedule-print': { rps: 165, p99Ms: 42, probeP99Ms: 39, probeIdleP99Ms: 7, blocks: false, unexpected: 1318, requests: 1324 } } });
  assert.match(refused.split('\n').find((l) => l.startsWith('| schedule print')) ?? '', /1318 of 1324 not the expected status\) \| — \| no \(SQLite\) \|$/);
});

test('growth labels of --scale', () => {
  assert.equal(growthLabel(1.1, 30), 'flat');
  assert.equal(growthLabel(1.8, 30), 'logarithmic');
  assert.equal(growthLabel(5, 30), 'sublinear');
  assert.equal(growthLabel(25, 30), 'linear');
  assert.equal(growthLabel(4, 4), 'linear');
  assert.equal(growthLabel(100, 4), 'superlinear');
});

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

test('the search mix: 500 distinct 1- and 2-word queries without diacritics from the articles, Zipf-sampled; articles added on (offset) keep distinct slugs', async () => {
  const wardId = await loadDemo(t.db);
  await generateArticles(t.db, wardId, 600);
  await generateArticles(t.db, wardId, 400, 5, 600);
  const slugs = await t.db.selectFrom('article').select('slug').where('slug', 'like', 'bai-do-hieu-nang-%').execute();
  assert.equal(new Set(slugs.map((s) => s.slug)).size, 1000);
  const mix = await buildSearchMix(t.db, wardId, { draws: 5000 });
  assert.equal(mix.queries.length, 500);
  assert.equal(new Set(mix.queries).size, 500);
  for (const q of mix.queries) assert.match(q, /^[a-z0-9]+( [a-z0-9]+)?$/, q);
  assert.ok(mix.queries.some((q) => q.includes(' ')) && mix.queries.some((q) => !q.includes(' ')));
  const counts = new Map<number, number>();
  for (const s of mix.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  // Zipf s=1 over 500 ranks: rank 1 about 1/H(500) ≈ 15 % of the draws, rank 2 half of that.
  const first = counts.get(0) ?? 0;
  assert.ok(first > (counts.get(1) ?? 0) && first > (counts.get(10) ?? 0), 'the most common query is drawn most often');
  assert.ok(first / mix.samples.length > 0.1 && first / mix.samples.length < 0.2);
});
