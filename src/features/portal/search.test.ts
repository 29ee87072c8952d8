import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestApp, DB_KIND, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { markSystem, runCommand } from '../../platform/command.ts';
import { fold } from '../../lib/vi/index.ts';
import { insertUnit } from '../units/service.ts';
import { insertArticle, insertCategory, insertSite } from './service.ts';
import { CORPUS, EXPECTED, EXPECTED_ORDER } from './search-corpus.ts';
import { foldWithMap, latinOnly, snippet } from './text.ts';

let t: TestApp;
const slugToKey = new Map<string, string>();

before(async () => {
  t = await startTestApp({ demo: false });
  await runCommand(t.db, systemActor('', 'test'), 'test.fixture', async ({ trx, actor }) => {
    markSystem(actor);
    const ward = await insertUnit(trx, systemActor('', 'test'), { kind: 'phuong', name: 'Phường Thử', code: 'TEST', valid_from: '2000-01-01', valid_to: null, parent_id: null, ward_id: null });
    const a = systemActor(ward, 'test');
    await insertSite(trx, a, { title: 'Cổng thông tin điện tử', subtitle: null, host: null, is_default: true });
    const cats = {
      dang: await insertCategory(trx, a, { name: 'Công tác Đảng', slug: null, description: null, sort_order: 1, on_home: '1' }),
      cq: await insertCategory(trx, a, { name: 'Chính quyền', slug: null, description: null, sort_order: 2, on_home: '1' }),
    };
    for (const c of CORPUS) {
      const id = await insertArticle(trx, a, { category_id: cats[c.category], title: c.title, summary: c.summary, body_md: c.body, status: c.published_at ? 'published' : 'draft', published_at: c.published_at || null });
      const row = await trx.selectFrom('article').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
      slugToKey.set(row.slug, c.key);
    }
  });
});
after(async () => t.close());

async function hits(params: Record<string, string>): Promise<{ keys: string[]; html: string }> {
  const res = await t.client().get('/tim-kiem?' + new URLSearchParams(params).toString());
  assert.equal(res.status, 200);
  const list = /<ol class="pm-results">([\s\S]*?)<\/ol>/.exec(res.text)?.[1] ?? '';
  const keys = [...list.matchAll(/<h2><a href="\/bai-viet\/([^"]+)"/g)].map((m) => slugToKey.get(m[1] as string) ?? `?${m[1]}`);
  return { keys, html: res.text };
}

test(`the shared corpus: every query returns its expected hit set (${DB_KIND})`, async () => {
  for (const [q, expected] of Object.entries(EXPECTED)) {
    const { keys } = await hits({ q });
    assert.deepEqual([...keys].sort(), [...expected].sort(), q);
  }
});

test(`the shared corpus: the same order on every engine, title words before body words, then the newer (${DB_KIND})`, async () => {
  for (const [q, expected] of Object.entries(EXPECTED_ORDER)) assert.deepEqual((await hits({ q })).keys, expected, q);
});

test('Đảng ủy, ĐẢNG ỦY and đảng uỷ return the same hits in the same order; dang uy the same hits', async () => {
  const lists = await Promise.all(['Đảng ủy', 'ĐẢNG ỦY', 'đảng uỷ'].map(async (q) => (await hits({ q })).keys));
  for (const l of lists) assert.deepEqual(l, lists[0]);
  assert.equal(lists[0]?.length, 5);
  // The article typed without marks holds the words only folded: it comes after the exact spellings.
  assert.equal(lists[0]?.at(-1), 'du-khong-dau');
  assert.deepEqual((await hits({ q: 'dang uy' })).keys.sort(), [...(lists[0] ?? [])].sort());
});

test(`an exact-diacritic match ranks above a folded one: đường finds Đường … before Dương … (${DB_KIND})`, async () => {
  // Dương Nội is newer and shorter (it would rank first on relevance and date alone).
  assert.deepEqual((await hits({ q: 'đường' })).keys, ['duong-exact', 'duong-fold']);
  assert.deepEqual((await hits({ q: 'Dương' })).keys, ['duong-fold', 'duong-exact']);
  assert.deepEqual((await hits({ q: 'DƯƠNG NỘI' })).keys, ['duong-fold']);
});

test('hoa binh finds both Hòa Bình and Hoà Bình, marked in the snippet', async () => {
  const { keys, html } = await hits({ q: 'hoa binh' });
  assert.ok(keys.includes('hb-moi') && keys.includes('hb-cu'));
  assert.match(html, /<mark>Hòa<\/mark> <mark>Bình<\/mark>/);
  assert.match(html, /<mark>Hoà<\/mark> <mark>Bình<\/mark>/);
});

test('equal relevance: the newer article comes first', async () => {
  const { keys } = await hits({ q: 'thuy loi' });
  assert.deepEqual(keys, ['tie-new', 'tie-old']);
});

test('filters: category and date range', async () => {
  assert.deepEqual((await hits({ q: 'dang uy', chuyen_muc: 'chinh-quyen' })).keys.sort(), ['du-khong-dau', 'du-than-bai']);
  assert.deepEqual((await hits({ q: 'dang uy', tu: '01/01/2024' })).keys.sort(), ['du-hoa', 'du-than-bai', 'du-thuong']);
  assert.deepEqual((await hits({ q: 'dang uy', tu: '01/01/2024', den: '31/01/2024' })).keys, ['du-hoa']);
  // A malformed date is left out of the search, not an error: the page says so and keeps it for correcting.
  const bad = await hits({ q: 'dang uy', tu: '31/02/2024', den: '99/99/9999' });
  assert.equal(bad.keys.length, 5);
  assert.ok(bad.html.includes('Ngày «31/02/2024», «99/99/9999» không hợp lệ nên chưa dùng để lọc'), 'the page names the dates it left out');
  assert.match(bad.html, /id="s-tu" name="tu" value="31\/02\/2024" aria-invalid="true"/);
  assert.ok(!(await hits({ q: 'dang uy', tu: '01/01/2024' })).html.includes('không hợp lệ'));
});

test('odd queries never fail: quotes, operators, very long input', async () => {
  for (const q of ['"', 'dang" OR "uy', 'AND OR NOT', '* ( ) :', 'dang & uy | !x', "'; drop table article; --", 'a'.repeat(200)]) {
    const res = await t.client().get('/tim-kiem?q=' + encodeURIComponent(q));
    assert.equal(res.status, 200, q);
  }
  assert.equal((await t.client().get('/tim-kiem?q=' + 'a'.repeat(300))).status, 200);
});

test('foldWithMap folds exactly like fold() and maps back to the original characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'aàảãáạăằẳẵắặâầẩẫấậđĐeèẻẽéẹêềểễếệoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ AĂÂ.,-/1290\n\u00a0'.split('')), maxLength: 60 }), (s) => {
      const m = foldWithMap(s);
      assert.equal(m.folded, fold(s));
      for (let i = 0; i < m.folded.length; i++) {
        if (m.folded[i] === ' ') continue;
        assert.equal(fold(s.normalize('NFC').slice(m.start[i], m.end[i])), m.folded[i]);
      }
    }),
  );
  // Every text in the Latin ranges snippet() trusts without a whole-text fold() (D72): equal there.
  const latin = fc.oneof(fc.integer({ min: 0, max: 0x24f }), fc.integer({ min: 0x300, max: 0x36f }), fc.integer({ min: 0x1e00, max: 0x1eff }), fc.integer({ min: 0x2000, max: 0x206f }));
  fc.assert(
    fc.property(fc.array(latin, { maxLength: 40 }), (cps) => {
      const s = String.fromCodePoint(...cps);
      assert.ok(latinOnly(s));
      assert.equal(foldWithMap(s).folded, fold(s.normalize('NFC')));
    }),
    { numRuns: 2000 },
  );
  for (let cp = 0; cp <= 0x206f; cp++) {
    const ch = String.fromCodePoint(cp);
    if (latinOnly(ch)) assert.equal(foldWithMap(`a${ch}b ${ch}`).folded, fold(`a${ch}b ${ch}`.normalize('NFC')), `U+${cp.toString(16)}`);
  }
  const segs = snippet('Khu phố Hoà Bình có thêm hai đảng viên mới.', ['hoa', 'binh']);
  assert.deepEqual(
    segs.filter((s) => s.mark).map((s) => s.text),
    ['Hoà', 'Bình'],
  );
});

test(`the count at the ranked window's edges equals a plain count of the hits, on every page (${DB_KIND})`, async () => {
  const { generateArticles } = await import('../../../bench/portal.ts');
  const { searchArticles, COUNT_CAP } = await import('./repo.ts');
  const ward = (await t.db.selectFrom('unit').select('id').where('code', '=', 'TEST').executeTakeFirstOrThrow()).id;
  await generateArticles(t.db, ward, COUNT_CAP + 5, 7);
  const now = new Date().toISOString();
  const rows = await t.db.selectFrom('article').select(['search_text', 'published_at']).where('ward_id', '=', ward).where('status', '=', 'published').where('published_at', '<=', now).orderBy('published_at').execute();
  const dates = rows.map((r) => r.published_at as string);
  for (const terms of [['phuong'], ['dang', 'uy'], ['cong', 'khai', 'du', 'toan']]) {
    for (const k of [0, 1, 2, 4, 5, 6, 7, 10, Math.round(COUNT_CAP * 0.6)]) {
      const from = dates[k] as string;
      const expected = rows.filter((r) => (r.published_at as string) >= from && terms.every((w) => ` ${r.search_text.replace(/\s+/g, ' ')} `.includes(` ${w} `))).length;
      for (const offset of [0, 10, 2000]) {
        const r = await searchArticles(t.db, ward, now, { terms, exact: [], categoryId: null, from, to: null, limit: 10, offset });
        assert.deepEqual({ total: r.total, more: r.more }, { total: Math.min(expected, COUNT_CAP), more: expected > COUNT_CAP }, `${terms.join(' ')} from #${k}, offset ${offset}`);
      }
    }
  }
  // What a reader sees past the window (D72): the count with "+", and that these are the newest.
  const { html } = await hits({ q: 'phuong' });
  assert.ok(html.includes(`Tìm thấy ${COUNT_CAP}+ bài viết. Đây là ${COUNT_CAP} bài mới nhất trong số đó;`), 'the page says the list is the newest hits');
});
