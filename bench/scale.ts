// `npm run bench -- --scale [--pg]`: how time per request grows with a ward's data. One database per
// engine, grown in steps (never regenerated): the schedule page of one year at 500, 2,000 and 8,000
// tasks; the article page and the search mix at 10,000, 100,000 and 300,000 articles (the app started
// with ROVIEC_SEARCH_CACHE_SECONDS=0: the index's cost, not the cache's); the people list at 5,000 and
// 50,000 people. After each step the app is started afresh on the grown data and each grown target
// measured. ms/request = 1000 / (req/s) at the target's connections (wall time, so PostgreSQL's own
// work counts too); growth = ms/request over the first size's, against the size factor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/db/index.ts';
import { readFoundingDocument } from '../src/features/portal/demo.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { Client } from '../test/support/app.ts';
import { startPostgres } from '../test/support/pg.ts';
import { startChild } from './lib/child.ts';
import { addPeople, generateData, settle } from './lib/data.ts';
import { runLoad, type RunSettings, type Target } from './lib/load.ts';
import { buildSearchMix, searchMixTarget, type SearchMix } from './lib/search-mix.ts';
import { ARTICLE_CONNECTIONS, generateArticles } from './portal.ts';
import { generateTasks, SCHEDULE_PATHS, SCHEDULE_YEAR, scheduleRowIds } from './programmes.ts';

export interface ScaleOptions {
  pg: boolean;
  settings: RunSettings;
  ceilingRps: number;
  resultsDir: string;
  startedAt: Date;
  sizes: { tasks: number[]; articles: number[]; people: number[] };
  cleanups: (() => Promise<unknown> | unknown)[];
}

interface Point {
  target: 'schedule page' | 'article page' | 'search mix' | 'people list';
  size: number;
  rps: number;
  msPerRequest: number;
  cpuMsPerRequest: number;
  p99Ms: number;
  ratioToCeiling: number;
  unexpected: number;
}

/** flat / logarithmic / sublinear / linear / superlinear, from the growth of time against the growth of size. */
export function growthLabel(timeFactor: number, sizeFactor: number): string {
  if (timeFactor < 1.3) return 'flat';
  const b = Math.log(timeFactor) / Math.log(sizeFactor);
  if (b < 0.3) return 'logarithmic';
  if (b < 0.7) return 'sublinear';
  if (b <= 1.2) return 'linear';
  return 'superlinear';
}

const at = <T,>(list: T[], i: number): T | undefined => list[Math.min(i, list.length - 1)];

async function scaleDb(kind: 'sqlite' | 'postgres', o: ScaleOptions): Promise<Point[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-bench-scale-'));
  o.cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.mkdirSync(path.join(tmp, 'files'));
  let url = 'sqlite:' + path.join(tmp, 'bench.sqlite');
  if (kind === 'postgres') {
    const pg = await startPostgres();
    o.cleanups.push(() => pg.stop());
    url = pg.socketUrl; // on the same machine, through its Unix socket as a co-located server is reached (D78)
  }
  const steps = Math.max(o.sizes.tasks.length, o.sizes.articles.length, o.sizes.people.length);
  const have = { tasks: 0, articles: 0, people: 0 };
  const points: Point[] = [];
  let wardId = '';
  let mix: SearchMix | undefined;
  for (let step = 0; step < steps; step++) {
    const want = { tasks: at(o.sizes.tasks, step) ?? 0, articles: at(o.sizes.articles, step) ?? 0, people: at(o.sizes.people, step) ?? 0 };
    const grown = { tasks: want.tasks > have.tasks, articles: want.articles > have.articles, people: want.people > have.people || step === 0 };
    const h = openDb(url, { poolSize: 5 });
    const t0 = performance.now();
    try {
      if (step === 0) wardId = (await generateData(h.db, want.people)).wardId;
      else if (grown.people) await addPeople(h.db, wardId, want.people, 5000 + want.people);
      if (grown.tasks) await generateTasks(h.db, wardId, SCHEDULE_YEAR, want.tasks - have.tasks, have.tasks);
      if (grown.articles) await generateArticles(h.db, wardId, want.articles - have.articles, 4 + step, have.articles);
      await settle(h.db);
      mix ??= want.articles ? await buildSearchMix(h.db, wardId) : undefined;
    } finally {
      await h.destroy();
    }
    Object.assign(have, want);
    console.log(`[${kind} scale] step ${step + 1}: ${want.people} people, ${want.tasks} tasks, ${want.articles} articles (${Math.round(performance.now() - t0)} ms to generate)`);

    const app = await startChild('./app-server.ts', [url, path.join(tmp, 'files')], { ROVIEC_SEARCH_CACHE_SECONDS: '0' });
    o.cleanups.push(() => app.stop());
    const office = new Client(app.base);
    await office.login('vanphong');
    const cookie = `${SESSION_COOKIE}=${office.cookies.get(SESSION_COOKIE)}`;
    const targets: [Point['target'], number, Target][] = [];
    if (grown.people) targets.push(['people list', want.people, { name: 'GET /app/people', url: app.base + '/app/people', headers: { cookie }, expectStatus: 200 }]);
    if (grown.tasks) {
      const page = await office.get(SCHEDULE_PATHS.page);
      if (page.status !== 200 || scheduleRowIds(page.text).length === 0) throw new Error(`bench --scale: ${SCHEDULE_PATHS.page} answers ${page.status} without task rows`);
      targets.push(['schedule page', want.tasks, { name: 'GET /app/schedule page 1', url: app.base + SCHEDULE_PATHS.page, headers: { cookie }, expectStatus: 200 }]);
    }
    if (grown.articles && mix) {
      const h2 = openDb(url, { poolSize: 1 });
      const founding = await h2.db.selectFrom('article').select('slug').where('ward_id', '=', wardId).where('title', '=', readFoundingDocument().title).executeTakeFirstOrThrow();
      await h2.destroy();
      targets.push(['article page', want.articles, { name: 'GET /bai-viet/:slug', url: `${app.base}/bai-viet/${founding.slug}`, expectStatus: 200, connections: ARTICLE_CONNECTIONS }]);
      targets.push(['search mix', want.articles, searchMixTarget(app.base, mix)]);
    }
    for (const [name, size, target] of targets) {
      const r = await runLoad(target, o.settings, () => app.cpuMicros());
      const p: Point = {
        target: name,
        size,
        rps: r.rps,
        msPerRequest: r.rps ? Math.round((1000 / r.rps) * 1000) / 1000 : 0,
        cpuMsPerRequest: r.serverCpuMsPerRequest,
        p99Ms: r.latencyP99Ms,
        ratioToCeiling: o.ceilingRps ? Number((r.rps / o.ceilingRps).toPrecision(3)) : 0,
        unexpected: r.unexpected,
      };
      points.push(p);
      console.log(`[${kind} scale] ${name} at ${size}: ${p.rps} req/s, ${p.msPerRequest} ms/request, cpu ${p.cpuMsPerRequest} ms/req, p99 ${p.p99Ms} ms${p.unexpected ? `, ${p.unexpected} unexpected` : ''}`);
    }
    await app.stop();
  }
  return points;
}

/** The scaling table (markdown): per target and size, ms/request and its growth against the size's. */
export function scaleTable(db: string, points: Point[]): string {
  const lines = [`### ${db}`, '', '| target | size | req/s | ms/request | cpu ms/req | p99 ms | time × vs size × | growth |', '|---|---|---|---|---|---|---|---|'];
  for (const name of [...new Set(points.map((p) => p.target))]) {
    const list = points.filter((p) => p.target === name);
    const first = list[0] as Point;
    for (const p of list) {
      const tf = first.msPerRequest ? p.msPerRequest / first.msPerRequest : 0;
      const sf = p.size / first.size;
      const none = !p.msPerRequest || !first.msPerRequest;
      const growth = p === first || none ? '' : `${tf.toFixed(2)} × vs ${sf.toFixed(1)} ×`;
      lines.push(`| ${name} | ${p.size.toLocaleString('en')} | ${p.rps} | ${p.msPerRequest} | ${p.cpuMsPerRequest} | ${p.p99Ms} | ${growth} | ${p === first ? '' : none ? 'not measured (no request completed)' : growthLabel(tf, sf)} |`);
    }
  }
  return lines.join('\n');
}

/** Runs the scaling measurement on SQLite (and PostgreSQL with --pg); writes bench/results/<stamp>-scale-<db>.json, latest-scale-<db>.json and latest-scale.md. */
export async function runScale(o: ScaleOptions): Promise<void> {
  const stamp = o.startedAt.toISOString().replace(/[:.]/g, '-');
  const md = [`# Issue 12 scaling — ${o.startedAt.toISOString()} · ceiling ${o.ceilingRps} req/s · ${o.settings.warmupS} s warm-up + ${o.settings.durationS} s per point`, ''];
  fs.mkdirSync(o.resultsDir, { recursive: true });
  for (const kind of o.pg ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    const points = await scaleDb(kind, o);
    const json = JSON.stringify({ startedAt: o.startedAt.toISOString(), db: kind, settings: o.settings, sizes: o.sizes, ceilingRps: o.ceilingRps, points }, null, 2) + '\n';
    fs.writeFileSync(path.join(o.resultsDir, `${stamp}-scale-${kind}.json`), json);
    fs.writeFileSync(path.join(o.resultsDir, `latest-scale-${kind}.json`), json);
    md.push(scaleTable(kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', points), '');
  }
  md.push('ms/request = 1000 ÷ req/s at the target\'s connections (10; the article page 50). Growth: flat under 1.3 ×; else by the exponent b of time ∝ size^b: logarithmic b < 0.3, sublinear < 0.7, linear ≤ 1.2, superlinear above. Search measured uncached (ROVIEC_SEARCH_CACHE_SECONDS=0).', '');
  const text = md.join('\n');
  console.log(`\n${text}`);
  fs.writeFileSync(path.join(o.resultsDir, 'latest-scale.md'), text);
}
