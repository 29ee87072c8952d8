// Benchmarks of the public portal (issue 4), as functions for bench/run.ts and as a script:
//   node --import tsx bench/portal.ts [--pg] [--articles 100000] [--duration 8] [--warmup 2] [--connections 10]
// 1. GET /bai-viet/:slug — the founding article page (view counted, related articles, category nav);
// 2. GET /tim-kiem?q=dang+uy — a common query over every article (ranked, snippets);
// 3. GET /tim-kiem?q=hoa+binh&chuyen_muc=chinh-quyen — a selective query with a filter.
// The ward holds `--articles` published articles (default 100,000) besides the demo's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Insertable } from 'kysely';
import type { Db } from '../src/db/index.ts';
import type { DB } from '../src/db/types.ts';
import { openDb } from '../src/db/index.ts';
import { newId } from '../src/db/dialect.ts';
import { settle } from './lib/data.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { loadDemo } from '../src/demo/seed.ts';
import { exactTokens, plainText, renderMarkdown } from '../src/features/portal/text.ts';
import { fold } from '../src/lib/vi/index.ts';
import { rng } from '../src/lib/demo-names.ts';
import { readFoundingDocument } from '../src/features/portal/demo.ts';
import { COUNT_CAP } from '../src/features/portal/repo.ts';
import { startChild } from './lib/child.ts';
import { runLoad, type LoadResult, type RunSettings, type Target } from './lib/load.ts';
import { Client } from '../test/support/app.ts';

export const PORTAL_ARTICLES = 100_000;
export const PORTAL_QUERIES = { common: 'dang uy', selective: 'hoa binh' } as const;
/** Issue 12: the article page is measured at 50 concurrent connections. */
export const ARTICLE_CONNECTIONS = 50;

const TITLES = [
  'Đảng ủy phường sơ kết công tác quý {q} năm {y}',
  'Chi bộ Tổ dân phố số {n} sinh hoạt chuyên đề tháng {m}/{y}',
  'UBND phường triển khai kế hoạch bảo vệ môi trường năm {y}',
  'Hội Liên hiệp Phụ nữ phường ra mắt câu lạc bộ tại Tổ dân phố số {n}',
  'Đoàn công tác tỉnh Hòa Bình thăm và làm việc với phường năm {y}',
  'Ủy ban MTTQ phường giám sát việc thực hiện quy chế dân chủ tháng {m}',
  'Đoàn Thanh niên ra quân tình nguyện hè {y} tại Tổ dân phố số {n}',
  'Công khai dự toán ngân sách phường năm {y}',
  'Hội Cựu chiến binh phường tổng kết công tác năm {y}',
  'Tuyên truyền giải phóng mặt bằng, trật tự xây dựng tháng {m}/{y}',
];
const PARAGRAPHS = [
  'Chủ trì hội nghị, đồng chí Bí thư Đảng ủy phường yêu cầu các chi bộ tiếp tục đổi mới nội dung sinh hoạt, nâng cao chất lượng đảng viên.',
  'Các đồng chí đảng viên đã thảo luận, đề xuất nhiều giải pháp sát với thực tế khu dân cư, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.',
  'UBND phường phối hợp với các tổ dân phố ra quân kiểm tra, nhắc nhở các hộ kinh doanh không lấn chiếm vỉa hè, lòng đường.',
  'Ban công tác Mặt trận đã trao quà cho các hộ có hoàn cảnh khó khăn, các gia đình chính sách trên địa bàn.',
  'Nhân dân khu phố Hoà Bình hưởng ứng phong trào xây dựng tổ dân phố văn hóa, giữ gìn vệ sinh môi trường.',
  'Hội nghị thống nhất giao nhiệm vụ rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ thời gian, rõ kết quả.',
  'Kết quả thu ngân sách đến hết tháng đạt trên 85% dự toán năm; phường tiếp tục đôn đốc các hộ còn nợ đọng.',
  'Các hội viên tham gia dọn vệ sinh, trồng cây xanh, vận động các hộ gia đình phân loại rác thải tại nguồn.',
];

/**
 * Inserts `count` published articles in the ward's categories, numbered from `offset + 1` (a second
 * call adds to the first: `--scale`), in batches of 500 rows per statement, one transaction each (the
 * SQLite FTS triggers and the PostgreSQL generated tsvector index them as they go). Returns the time it took.
 */
export async function generateArticles(db: Db, wardId: string, count = PORTAL_ARTICLES, seed = 4, offset = 0): Promise<{ ms: number; articles: number }> {
  const t0 = performance.now();
  const cats = await db.selectFrom('portal_category').select('id').where('ward_id', '=', wardId).orderBy('sort_order').execute();
  if (cats.length === 0) throw new Error('bench: the ward has no portal categories (load the demo first)');
  const r = rng(seed);
  const bodies = new Map<string, { html: string; text: string; folded: string; exact: string[] }>();
  const start = Date.parse('2010-01-01T00:00:00Z');
  const span = Date.parse('2025-06-01T00:00:00Z') - start;
  const B = 500;
  for (let from = offset; from < offset + count; from += B) {
    const rows: Insertable<DB['article']>[] = [];
    for (let i = from; i < Math.min(offset + count, from + B); i++) {
      const at = new Date(start + Math.floor(r() * span));
      const title = (TITLES[i % TITLES.length] as string)
        .replace('{y}', String(at.getUTCFullYear()))
        .replace('{q}', ['I', 'II', 'III', 'IV'][i % 4] as string)
        .replace('{n}', String(1 + (i % 10)))
        .replace('{m}', String(1 + (i % 12)).padStart(2, '0'));
      const p = [PARAGRAPHS[i % PARAGRAPHS.length], PARAGRAPHS[(i * 7 + 3) % PARAGRAPHS.length], PARAGRAPHS[(i * 3 + 5) % PARAGRAPHS.length]].join('\n\n');
      let body = bodies.get(p);
      if (!body) {
        const text = plainText(p);
        body = { html: renderMarkdown(p), text, folded: fold(text), exact: exactTokens(text) };
        bodies.set(p, body);
      }
      const iso = at.toISOString();
      rows.push({
        id: newId(),
        ward_id: wardId,
        category_id: (cats[i % cats.length] as { id: string }).id,
        slug: `bai-do-hieu-nang-${i + 1}`,
        title,
        summary: null,
        body_md: p,
        body_html: body.html,
        body_text: body.text,
        // articleSearchText(title, null, body.text), with the body's part computed once per body.
        search_text: `${fold(title)} ${body.folded}\n${[...new Set([...exactTokens(title), ...body.exact])].join(' ')}`,
        title_text: fold(title),
        status: 'published',
        published_at: iso,
        view_count: Math.floor(r() * 2000),
        cover_image_id: null,
        author_user_id: null,
        author_label: 'Đo hiệu năng',
        review_note: null,
        submitted_at: null,
        created_at: iso,
        updated_at: iso,
      });
    }
    // Bulk benchmark data, not a ward record: maintenance (src/platform/command.ts).
    await runMaintenance(db, 'bench.portal', (q) => (q as Db).transaction().execute((trx) => trx.insertInto('article').values(rows).execute()));
  }
  // Fresh statistics and vacuumed tables, as on a live database (plans depend on them; D78).
  await settle(db);
  return { ms: Math.round(performance.now() - t0), articles: count };
}

/**
 * The autocannon targets (each request from a rotating client address: every view is a new visitor):
 * the article page at 50 connections, the common query (the app's query cache on) and the selective one.
 */
export function portalTargets(base: string, articleSlug: string): Target[] {
  return [
    { name: `GET /bai-viet/:slug (founding article, ${ARTICLE_CONNECTIONS} conn)`, key: 'article', connections: ARTICLE_CONNECTIONS, url: `${base}/bai-viet/${articleSlug}`, expectStatus: 200 },
    { name: `GET /tim-kiem?q=${PORTAL_QUERIES.common} (query cache on)`, url: `${base}/tim-kiem?q=${encodeURIComponent(PORTAL_QUERIES.common).replace(/%20/g, '+')}`, expectStatus: 200 },
    { name: `GET /tim-kiem?q=${PORTAL_QUERIES.selective}&chuyen_muc=chinh-quyen`, url: `${base}/tim-kiem?q=${encodeURIComponent(PORTAL_QUERIES.selective).replace(/%20/g, '+')}&chuyen_muc=chinh-quyen`, expectStatus: 200 },
  ];
}

/** Checks that the targets answer what they should before they are measured; returns the founding article's slug. */
export async function checkPortal(base: string, db: Db, wardId: string): Promise<string> {
  const founding = await db.selectFrom('article').select('slug').where('ward_id', '=', wardId).where('title', '=', readFoundingDocument().title).executeTakeFirstOrThrow();
  const c = new Client(base);
  const page = await c.get(`/bai-viet/${founding.slug}`);
  if (page.status !== 200 || !page.text.includes('Ngày đăng <time datetime="2017-02-13T09:16:00.000Z">13/02/2017</time> | 16:16')) throw new Error(`bench: founding article page: ${page.status}`);
  const search = await c.get(`/tim-kiem?q=${encodeURIComponent(PORTAL_QUERIES.common)}`);
  const hits = /Tìm thấy ([\d.]+)\+? bài viết/.exec(search.text)?.[1];
  if (search.status !== 200 || !hits || Number(hits.replace(/\./g, '')) < COUNT_CAP || !search.text.includes('<mark>')) throw new Error(`bench: search page: ${search.status}, ${hits ?? 'no'} hits`);
  return founding.slug;
}

// ---------------------------------------------------------------------------------------------
// As a script.

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { pg: { type: 'boolean', default: false }, articles: { type: 'string', default: String(PORTAL_ARTICLES) }, duration: { type: 'string', default: '8' }, warmup: { type: 'string', default: '2' }, connections: { type: 'string', default: '10' } },
  });
  const settings: RunSettings = { durationS: Number(values.duration), warmupS: Number(values.warmup), connections: Number(values.connections) };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-bench-portal-'));
  const stops: (() => Promise<unknown>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    const ceiling = await startChild('./ceiling-server.ts', []);
    stops.push(() => ceiling.stop());
    const top = await runLoad({ name: 'ceiling: hello world', url: ceiling.base + '/', expectStatus: 200 }, settings, () => ceiling.cpuMicros());
    await ceiling.stop();
    console.log(`ceiling: ${top.rps} req/s, p99 ${top.latencyP99Ms} ms`);

    let url = 'sqlite:' + path.join(tmp, 'bench.sqlite');
    if (values.pg) {
      const { startPostgres } = await import('../test/support/pg.ts');
      const pg = await startPostgres();
      stops.push(() => pg.stop());
      url = pg.url;
    }
    const h = openDb(url, { poolSize: 5 });
    await migrateToLatest(h.db);
    const wardId = await loadDemo(h.db);
    const gen = await generateArticles(h.db, wardId, Number(values.articles));
    console.log(`data: ${gen.articles} articles in ${gen.ms} ms`);

    fs.mkdirSync(path.join(tmp, 'files'));
    const app = await startChild('./app-server.ts', [url, path.join(tmp, 'files')]);
    stops.push(() => app.stop());
    const slug = await checkPortal(app.base, h.db, wardId);
    await h.destroy();
    const results: (LoadResult & { ratioToCeiling: number })[] = [];
    for (const target of portalTargets(app.base, slug)) {
      const r = await runLoad(target, settings, () => app.cpuMicros());
      const ratio = top.rps ? Math.round((r.rps / top.rps) * 1000) / 1000 : 0;
      console.log(`${target.name}: ${r.rps} req/s (× ceiling ${ratio}), p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, errors ${r.errors}, unexpected ${r.unexpected}, cpu ${r.serverCpuMsPerRequest} ms/req, ${Math.round(r.avgResponseBytes / 102.4) / 10} KB`);
      results.push({ ...r, ratioToCeiling: ratio });
    }
    const out = { at: new Date().toISOString(), db: values.pg ? 'postgres' : 'sqlite', articles: gen.articles, generationMs: gen.ms, settings, ceiling: top, targets: results };
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `portal-latest-${out.db}.json`), JSON.stringify(out, null, 2) + '\n');
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
