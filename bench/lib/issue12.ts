// Issue 12's target table: which measured figure answers each row, whether it meets its target, and
// the markdown table (route | target | before | SQLite | PostgreSQL | met?) printed at the end of a
// run and written to bench/results/latest.md. A results file of this bench carries its figures in
// `issue12`; an older one (the baselines recorded before the work) has them read off its targets by name.
import type { ProbeResult } from './probe.ts';

/** What one row needs from one database's run. Absent: not measured. */
export interface Figure {
  ratio?: number;
  rps?: number;
  /** Answers that were not the expected status (a 503 of the heavy-work cap, a 409…), and all answers. */
  unexpected?: number;
  requests?: number;
  p99Ms?: number;
  /** Reads during writes: their throughput over the same reads idle. */
  share?: number;
  idleRps?: number;
  /** XLSX export: the app process's RSS growth over idle, MB. */
  growthMB?: number;
  /** The /healthz probe while the target ran, and alone just before. */
  probeP99Ms?: number;
  probeIdleP99Ms?: number;
  blocks?: boolean;
}

interface Row {
  key: string;
  route: string;
  target: string;
  met(f: Figure): boolean;
  cell(f: Figure): string;
}

const ms = (n: number | undefined) => (n === undefined ? '?' : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const ratio = (r: number | undefined) => (r === undefined ? '?' : r >= 0.01 ? r.toFixed(3) : r.toExponential(1));
/** "; 1318 of 1324 not the expected status": a target whose answers were refusals is not met, whatever its speed. */
const refusedNote = (f: Figure) => (f.unexpected ? `; ${f.unexpected} of ${f.requests ?? '?'} not the expected status` : '');
const ratioCell = (f: Figure) => `${ratio(f.ratio)} (p99 ${ms(f.p99Ms)}${refusedNote(f)})`;
const probeNote = (f: Figure) => (f.probeP99Ms === undefined ? '' : `; /healthz p99 ${ms(f.probeP99Ms)}${f.blocks ? ': blocks' : ''}`);
const within = (f: Figure, minRatio?: number, maxP99?: number) =>
  !f.unexpected &&
  (minRatio === undefined || (f.ratio ?? 0) >= minRatio) && (maxP99 === undefined || (f.p99Ms !== undefined && f.p99Ms < maxP99));

export const ROWS: Row[] = [
  { key: 'article', route: 'article page, 100,000 articles, 50 connections', target: '≥ 0.30, p99 < 20 ms', met: (f) => within(f, 0.3, 20), cell: ratioCell },
  { key: 'search-mix', route: 'public search, mix of 500 distinct queries (Zipf), 100,000 articles', target: '≥ 0.05, p99 < 100 ms', met: (f) => within(f, 0.05, 100), cell: ratioCell },
  { key: 'search-common', route: 'public search, one very common word, uncached', target: 'p99 < 150 ms', met: (f) => within(f, undefined, 150), cell: ratioCell },
  { key: 'schedule-page', route: 'ward-wide schedule page 1, 2,000 tasks', target: '≥ 0.005, p99 < 200 ms', met: (f) => within(f, 0.005, 200), cell: ratioCell },
  {
    key: 'schedule-print',
    route: 'schedule print view, all 2,000 rows',
    target: 'p99 < 1 s, not blocking',
    met: (f) => within(f, undefined, 1000) && f.blocks === false,
    cell: (f) => `${f.rps ?? '?'} req/s (p99 ${ms(f.p99Ms)}${probeNote(f)}${refusedNote(f)})`,
  },
  { key: 'people-list', route: 'people list, 5,000 people', target: '≥ 0.05', met: (f) => within(f, 0.05), cell: ratioCell },
  { key: 'people-search', route: 'people search, 5,000 people', target: '≥ 0.05', met: (f) => within(f, 0.05), cell: ratioCell },
  { key: 'progress', route: '50 concurrent progress posts', target: 'p99 < 300 ms', met: (f) => within(f, undefined, 300), cell: (f) => `p99 ${ms(f.p99Ms)} (${f.rps ?? '?'} req/s${refusedNote(f)})` },
  {
    key: 'reads-during-writes',
    route: 'reads during the 50 writers (people list)',
    target: '≥ 80 % of idle',
    met: (f) => (f.share ?? 0) >= 0.8,
    cell: (f) => `${f.share === undefined ? '?' : Math.round(f.share * 100)} % (${f.idleRps ?? '?'} → ${f.rps ?? '?'} req/s)`,
  },
  {
    key: 'xlsx',
    route: 'XLSX export of 10,000 tasks',
    target: '< 60 MB over idle, off the event loop',
    met: (f) => f.growthMB !== undefined && f.growthMB < 60 && f.blocks === false,
    cell: (f) => `+${f.growthMB ?? '?'} MB RSS${probeNote(f)}`,
  },
];

/** Whether the /healthz probe says the target held the event loop: p99 over 100 ms and over 5 × its idle p99. */
export function blocks(during: ProbeResult, idle: ProbeResult): boolean {
  return during.p99Ms > Math.max(100, 5 * idle.p99Ms);
}

interface TargetLike {
  name: string;
  key?: string;
  rps: number;
  latencyP99Ms: number;
  ratioToCeiling: number;
}
interface ResultsLike {
  db?: string;
  startedAt?: string;
  git?: { commit?: string; dirty?: boolean };
  issue12?: Record<string, Figure>;
  targets?: TargetLike[];
  programmes?: { export?: { exportRssGrowthMB?: number } };
}

/** A results file's figures by row key (older files: read off the target names). */
export function figuresOf(results: ResultsLike): Record<string, Figure> {
  if (results.issue12) return results.issue12;
  const out: Record<string, Figure> = {};
  const legacy: [string, (n: string) => boolean][] = [
    ['article', (n) => n.startsWith('GET /bai-viet/')],
    ['search-common', (n) => n === 'GET /tim-kiem?q=dang uy'],
    ['schedule-page', (n) => n.startsWith('GET /app/schedule') && n.includes('page 1')],
    ['schedule-print', (n) => n.startsWith('GET /app/schedule') && n.includes('all=1')],
    ['people-list', (n) => n.startsWith('GET /app/people (')],
    ['people-search', (n) => n.startsWith('GET /app/people?q=')],
    ['progress', (n) => n.startsWith('POST /api/v1/tasks/:id/progress')],
  ];
  for (const t of results.targets ?? []) {
    const key = t.key ?? legacy.find(([, m]) => m(t.name))?.[0];
    if (key && !out[key]) out[key] = { ratio: t.ratioToCeiling, rps: t.rps, p99Ms: t.latencyP99Ms };
  }
  const growth = results.programmes?.export?.exportRssGrowthMB;
  // Before issue 12 the export was measured alone in a child process (its growth), not through the app.
  if (growth !== undefined) out.xlsx = { growthMB: growth };
  return out;
}

const DBS = [
  ['sqlite', 'SQLite'],
  ['postgres', 'PostgreSQL'],
] as const;

/**
 * The markdown table: a row per target of the issue, a column per database (ratio and p99, or the
 * row's own figure), a "before" column when `before` has figures, and met? (every measured database
 * meets the target; "SQLite only" when PostgreSQL was not run).
 */
export function issueTable(now: Partial<Record<'sqlite' | 'postgres', Record<string, Figure>>>, before: Partial<Record<'sqlite' | 'postgres', Record<string, Figure>>> = {}): string {
  const hasBefore = DBS.some(([db]) => before[db] && Object.keys(before[db]).length > 0);
  const head = ['route', 'target', ...(hasBefore ? ['before (SQLite / PostgreSQL)'] : []), 'SQLite ratio (p99)', 'PostgreSQL ratio (p99)', 'met?'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of ROWS) {
    const cells = DBS.map(([db]) => now[db]?.[row.key]);
    const measured = DBS.filter(([db]) => now[db]?.[row.key]);
    const metAll = measured.every(([db]) => row.met(now[db]?.[row.key] as Figure));
    const failing = measured.filter(([db]) => !row.met(now[db]?.[row.key] as Figure)).map(([, label]) => label);
    const met = measured.length === 0 ? '—' : metAll ? (measured.length === 1 ? `yes (${measured[0]?.[1]} only)` : 'yes') : `no (${failing.join(', ')})`;
    const b = DBS.map(([db]) => {
      const f = before[db]?.[row.key];
      return f ? row.cell(f) : '—';
    }).join(' / ');
    lines.push(`| ${[row.route, row.target, ...(hasBefore ? [b] : []), ...cells.map((f) => (f ? row.cell(f) : '—')), met].join(' | ')} |`);
  }
  return lines.join('\n');
}
