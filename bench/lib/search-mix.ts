// The public search as people use it: a mix of distinct queries drawn from the articles' own words,
// typed without diacritics (1 and 2 words), asked with Zipf-distributed frequencies: the most common
// query far more often than the 500th. Built once from the generated corpus; a fixed, seeded list of
// samples is cycled through by autocannon's request generator.
import type { Db } from '../../src/db/index.ts';
import { rng } from '../../src/lib/demo-names.ts';
import type { Target } from './load.ts';

/** Words nobody searches for alone or at the edge of a two-word query (folded Vietnamese function words). */
const STOP = new Set(
  'va cua cac tai voi cho da la nhung trong theo den tren co duoc tu de khong mot nhieu nay khi ve sat gan con het dat hon ra len vao'.split(' '),
);

export interface SearchMix {
  /** Distinct queries, most frequent first (rank 1 = index 0). */
  queries: string[];
  /** Zipf exponent of the sampling. */
  exponent: number;
  /** Precomputed samples (indices into queries), cycled through. */
  samples: number[];
  /** Articles whose text the words were drawn from. */
  sampledArticles: number;
}

/**
 * Reads the folded text of up to `sample` published articles of the ward and ranks candidate queries by
 * how many of them contain the words: single words, adjacent word pairs, then pairs of words found in
 * the same article; takes `distinct` of them, single words and pairs alternating (the most common
 * first), and draws `draws` samples with weight 1/rank^exponent (seeded: the same list every run).
 */
export async function buildSearchMix(db: Db, wardId: string, opts: { distinct?: number; draws?: number; sample?: number; exponent?: number; seed?: number } = {}): Promise<SearchMix> {
  const { distinct = 500, draws = 20_000, sample = 3000, exponent = 1, seed = 12 } = opts;
  const rows = await db.selectFrom('article').select('search_text').where('ward_id', '=', wardId).where('status', '=', 'published').orderBy('id').limit(sample).execute();
  const uni = new Map<string, number>();
  const adj = new Map<string, number>();
  const co = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const content = (w: string) => w.length >= 2 && !/^\d+$/.test(w) && !STOP.has(w);
  rows.forEach((r, n) => {
    const words = (r.search_text ?? '').split(' ').filter(Boolean);
    const seen = new Set<string>();
    const pairs = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (!content(w)) continue;
      seen.add(w);
      const next = words[i + 1];
      if (next && content(next) && next !== w) pairs.add(`${w} ${next}`);
    }
    for (const w of seen) bump(uni, w);
    for (const p of pairs) bump(adj, p);
    // Co-occurring pairs from a tenth of the sample suffice (their count grows with the square of the words).
    if (n % 10 === 0) {
      const list = [...seen].sort();
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) bump(co, `${list[i]} ${list[j]}`);
    }
  });
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  const singles = ranked(uni);
  const doubles = [...ranked(adj), ...ranked(co)];
  const queries: string[] = [];
  const taken = new Set<string>();
  const take = (q: string | undefined) => {
    if (q === undefined || taken.has(q) || taken.has(q.split(' ').reverse().join(' '))) return;
    taken.add(q);
    queries.push(q);
  };
  let i = 0;
  let j = 0;
  while (queries.length < distinct && (i < singles.length || j < doubles.length)) {
    if (i < singles.length) take(singles[i++]);
    if (queries.length < distinct && j < doubles.length) take(doubles[j++]);
  }
  // Zipf: P(rank k) ∝ 1/k^s, by inverse transform on the cumulative weights.
  const cum: number[] = [];
  let total = 0;
  for (let k = 1; k <= queries.length; k++) cum.push((total += 1 / k ** exponent));
  const r = rng(seed);
  const samples: number[] = [];
  for (let n = 0; n < draws; n++) {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    samples.push(lo);
  }
  return { queries, exponent, samples, sampledArticles: rows.length };
}

/** The path of a search as a browser's form sends it (spaces as '+'). */
export const searchPath = (q: string) => `/tim-kiem?q=${encodeURIComponent(q).replace(/%20/g, '+')}`;

/** An autocannon target cycling through the mix's samples (each request the next query). */
export function searchMixTarget(base: string, mix: SearchMix, connections?: number): Target {
  let next = 0;
  return {
    name: `GET /tim-kiem (mix of ${mix.queries.length} queries, Zipf s=${mix.exponent})`,
    key: 'search-mix',
    url: base + searchPath(mix.queries[0] ?? 'a'),
    expectStatus: 200,
    ...(connections ? { connections } : {}),
    setup: (req) => {
      const q = mix.queries[mix.samples[next++ % mix.samples.length] as number] as string;
      req.path = searchPath(q);
    },
  };
}

/** How often the most common queries come up among the samples (for the report). */
export function topShares(mix: SearchMix, n = 5): { q: string; share: number }[] {
  const counts = new Map<number, number>();
  for (const s of mix.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  return mix.queries.slice(0, n).map((q, k) => ({ q, share: Math.round(((counts.get(k) ?? 0) / mix.samples.length) * 1000) / 1000 }));
}
