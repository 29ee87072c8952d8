// Benchmarks of the reports room (issue 10, "What must be shown"), as functions for bench/run.ts:
// 1. GET /app/reports/:id/rollup as the office — the ward roll-up of 30 organizations' accepted
//    annual reviews (each section with a part per organization, 12 indicators with a
//    per-organization table);
// 2. GET /app/reports/:id/rollup.docx — its Word export: time per request and peak memory (RSS over
//    idle) of the app process while it exports.
// The request is made through the reports service (createRequest, one command, as the office
// would); the 30 accepted reports are bulk data written as bench maintenance (`bench.reports`), the
// way other bench fixtures are, since 30 × (draft, submit, accept) commands would only slow the setup.
// When the app has no such routes yet (the pages and export of the room not merged), the roll-up
// read is measured through a bench-only stand-in server (bench/lib/rollup-server.ts: getRollup summed
// up as JSON) and the export is reported as not measured.
import type { Db } from '../src/db/index.ts';
import { nowIso } from '../src/db/dialect.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { systemActor } from '../src/platform/actor.ts';
import { createRequest } from '../src/features/reports/service.ts';
import type { Target } from './lib/load.ts';

/** Sizes of the generated roll-up. */
export const REPORT_SIZES = { organizations: 30, period: '2025', sectionChars: 1500 } as const;

export interface ReportsGen {
  requestId: string;
  /** The 30 organizations' names as the roll-up prints them (orgLabel: the full name). */
  orgNames: string[];
  /** Expected totals of two summed indicators. */
  totals: { propaganda_sessions: number; funds_raised: number };
  ms: number;
}

const paragraph = (org: string, code: string, n: number) =>
  `${org} (${code}, đoạn ${n}): tổ chức tuyên truyền nghị quyết, vận động hội viên, đoàn viên thực hiện nếp sống văn minh đô thị, tự quản bảo vệ môi trường, xây dựng gia đình văn hóa; phối hợp giám sát việc thực hiện quy chế dân chủ ở cơ sở, kiện toàn cán bộ chi hội còn khó khăn.`;

/**
 * The annual review of REPORT_SIZES.period requested from the ward's first 30 organizations (by
 * sort order), each accepted with six sections of about REPORT_SIZES.sectionChars characters and
 * all twelve indicators of the built-in annual form.
 */
export async function generateReports(db: Db, wardId: string): Promise<ReportsGen> {
  const t0 = performance.now();
  const actor = systemActor(wardId, 'Dữ liệu đo hiệu năng');
  const orgs = await db.selectFrom('organization').select(['id', 'name', 'short_name']).where('ward_id', '=', wardId).where('valid_to', 'is', null).orderBy('sort_order').orderBy('name').limit(REPORT_SIZES.organizations).execute();
  if (orgs.length < REPORT_SIZES.organizations) throw new Error(`bench: the ward has only ${orgs.length} organizations`);
  const issuer = orgs.find((o) => o.short_name === 'Đảng ủy') ?? orgs[0];
  const { id: requestId } = await createRequest(db, actor, { form_id: 'rf-annual', period_id: REPORT_SIZES.period, due_on: `${Number(REPORT_SIZES.period) + 1}-01-15`, title: null, note: null, issuer_org_id: issuer?.id as string, meeting_id: null, org_ids: orgs.map((o) => o.id) });
  const subs = await db.selectFrom('report_submission').select(['id', 'org_id']).where('ward_id', '=', wardId).where('request_id', '=', requestId).execute();
  const totals = { propaganda_sessions: 0, funds_raised: 0 };
  await runMaintenance(db, 'bench.reports', async (q) => {
    for (const [i, s] of subs.entries()) {
      const org = orgs.find((o) => o.id === s.org_id)?.short_name ?? '';
      const sections: Record<string, string> = {};
      for (const code of ['results', 'strengths', 'limitations', 'lessons', 'directions', 'proposals']) {
        const paras: string[] = [];
        for (let n = 1; paras.join('\n').length < REPORT_SIZES.sectionChars; n++) paras.push(paragraph(org, code, n));
        sections[code] = paras.join('\n');
      }
      const v = (value: number | null, computed: number | null = null) => ({ value, computed });
      const sessions = 10 + (i % 7) * 3;
      const funds = Math.round((20 + i * 3.7) * 10) / 10;
      totals.propaganda_sessions += sessions;
      totals.funds_raised = Math.round((totals.funds_raised + funds) * 10_000) / 10_000;
      const indicators = { tasks_done: v(8 + (i % 5), 8 + (i % 5)), tasks_done_late: v(i % 3, i % 3), tasks_overdue: v(i % 2, i % 2), meetings_held: v(4 + (i % 4), 4 + (i % 4)), conclusions_addressed: v(5, 5), articles_published: v(i % 6, i % 6), propaganda_sessions: v(sessions), propaganda_participants: v(sessions * 85), new_members: v(i % 9), cultural_families_rate: v(90 + (i % 9) / 2), funds_raised: v(funds), targets_met: v(i % 5 ? 1 : 0) };
      const at = nowIso(new Date(Date.UTC(Number(REPORT_SIZES.period) + 1, 0, 5 + (i % 10), 3)));
      await q.updateTable('report_submission').set({ status: 'accepted', sections: JSON.stringify(sections), indicators: JSON.stringify(indicators), first_submitted_at: at, submitted_at: at, accepted_at: at, revision: 1, version: 4 }).where('id', '=', s.id).execute();
    }
  });
  return { requestId, orgNames: orgs.map((o) => o.name), totals, ms: Math.round(performance.now() - t0) };
}

export const reportPaths = (id: string) => ({ page: `/app/reports/${id}/rollup`, docx: `/app/reports/${id}/rollup.docx`, standin: `/rollup/${id}` });

export interface ReportChecks {
  /** 'app': the room's own routes; 'standin': the roll-up read through bench/lib/rollup-server.ts. */
  via: 'app' | 'standin';
  page: { htmlKB: number } | null;
  docx: { bytes: number; ms: number } | null;
  standin: { jsonKB: number } | null;
}

const fail = (what: string, status?: number, text = '') => new Error(`bench: ${what}${status !== undefined ? ` (status ${status}, ${text.slice(0, 200).replace(/\s+/g, ' ')})` : ''}`);

/**
 * Checks the targets answer what they should: the roll-up page (200, HTML, all 30 organizations'
 * names and the two totals as the page writes them) and the Word export (200, Word type, a zip:
 * "PK", over 20 KB). When the page route answers 404 (not merged), returns via 'standin' after
 * checking nothing else: the caller measures the stand-in. Throws on a wrong answer.
 */
export async function checkReports(base: string, cookie: string, gen: ReportsGen): Promise<ReportChecks> {
  const p = reportPaths(gen.requestId);
  const page = await fetch(base + p.page, { headers: { cookie } });
  const html = await page.text();
  if (page.status === 404) return { via: 'standin', page: null, docx: null, standin: null };
  const missing = gen.orgNames.filter((n) => !html.includes(n.replace(/"/g, '&quot;')));
  if (page.status !== 200 || !page.headers.get('content-type')?.includes('text/html') || missing.length || !html.includes(String(gen.totals.propaganda_sessions))) {
    throw fail(`GET ${p.page}: ${missing.length} of ${gen.orgNames.length} organizations missing, total ${gen.totals.propaganda_sessions} ${html.includes(String(gen.totals.propaganda_sessions)) ? 'shown' : 'absent'}`, page.status, html);
  }
  const t0 = performance.now();
  const r = await fetch(base + p.docx, { headers: { cookie } });
  const body = Buffer.from(await r.arrayBuffer());
  const ms = Math.round(performance.now() - t0);
  if (r.status === 404) return { via: 'app', page: { htmlKB: Math.round(html.length / 1024) }, docx: null, standin: null };
  if (r.status !== 200 || !r.headers.get('content-type')?.includes('wordprocessingml') || body.subarray(0, 2).toString() !== 'PK' || body.length < 20_000) {
    throw fail(`GET ${p.docx}: ${r.headers.get('content-type')}, ${body.length} bytes`, r.status);
  }
  return { via: 'app', page: { htmlKB: Math.round(html.length / 1024) }, docx: { bytes: body.length, ms }, standin: null };
}

/** The stand-in's answer checked: the 30 organizations and the summed totals. Throws on a wrong answer. */
export async function checkStandin(base: string, gen: ReportsGen): Promise<{ jsonKB: number }> {
  const r = await fetch(base + reportPaths(gen.requestId).standin);
  const text = await r.text();
  const j = r.status === 200 ? (JSON.parse(text) as { orgs: number; totals: Record<string, number | null> }) : null;
  const total = (code: string) => j?.totals[code];
  if (!j || j.orgs !== REPORT_SIZES.organizations || total('propaganda_sessions') !== gen.totals.propaganda_sessions || total('funds_raised') !== gen.totals.funds_raised) {
    throw fail(`stand-in GET /rollup/:id: ${j?.orgs} organizations, totals ${total('propaganda_sessions')} / ${total('funds_raised')}`, r.status, text);
  }
  return { jsonKB: Math.round(text.length / 1024) };
}

/** The autocannon targets as the office (session cookie). */
export function reportTargets(base: string, cookie: string, gen: ReportsGen): { page: Target; docx: Target } {
  const p = reportPaths(gen.requestId);
  return {
    page: { name: `GET /app/reports/:id/rollup (${REPORT_SIZES.organizations} orgs)`, url: base + p.page, headers: { cookie }, expectStatus: 200 },
    docx: { name: 'GET /app/reports/:id/rollup.docx', url: base + p.docx, headers: { cookie }, expectStatus: 200 },
  };
}

/** The stand-in target: getRollup summed up as JSON on a bare Fastify (no session, no page rendering). */
export function standinTarget(base: string, gen: ReportsGen): Target {
  return { name: `stand-in: getRollup (${REPORT_SIZES.organizations} orgs)`, url: base + reportPaths(gen.requestId).standin, expectStatus: 200 };
}
