// The ward roll-up (issue 10, item 5): assembled from the accepted submissions of a request. Each
// section gets a part per organization (the text the office edits before export starts as those
// parts in organization order); each indicator is aggregated by its rule with a per-organization
// table. Values computed from the record keep a link to the submission whose sources list them.
import type { Db, Queryable } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { getOrg, listOrgs, orgLabel, type OrgRow } from '../orgs/service.ts';
import { parsePeriod, periodName, type Period } from './periods.ts';
import { formRow, formVersionRow, requestRow, rollupRow, specOf, submissionRows, type RequestRow, type SubmissionRow } from './repo.ts';
import type { Aggregate, FormSpec, IndicatorSpec, SectionSpec } from './schema.ts';
import { draftOf } from './values.ts';

export interface RollupPart {
  orgId: string;
  orgName: string;
  submissionId: string;
  text: string;
}
export interface RollupSection {
  spec: SectionSpec;
  /** The text to export: as edited by the office, else the parts joined. */
  text: string;
  edited: boolean;
  parts: RollupPart[];
}
export interface RollupValue {
  orgId: string;
  orgName: string;
  submissionId: string;
  value: number | null;
  /** What the record computed for this organization (null when the indicator has no source). */
  computed: number | null;
}
export interface RollupIndicator {
  spec: IndicatorSpec;
  /** Aggregate of the values by the indicator's rule; null for 'none' or when nobody reported it. */
  total: number | null;
  values: RollupValue[];
}
export interface RollupView {
  request: RequestRow;
  formName: string;
  spec: FormSpec;
  period: Period;
  periodName: string;
  issuer: OrgRow;
  /** Organizations whose accepted reports are rolled up, in the ward's organization order (`short`: short name, else name). */
  orgs: { id: string; name: string; short: string }[];
  /** Asked but not accepted (yet): named in the roll-up so nobody mistakes it for complete. */
  missing: { id: string; name: string; status: string }[];
  sections: RollupSection[];
  indicators: RollupIndicator[];
  /** report_rollup.version (0 when never edited), for the edit form. */
  version: number;
}

/**
 * Aggregates values by rule: sum (of those reported), average (of those reported, 2 decimals),
 * last (the value of the report submitted last: `values` must be in submission order), none → null.
 * Null when no value was reported.
 */
export function aggregate(rule: Aggregate, values: readonly (number | null)[]): number | null {
  const vs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (rule === 'none' || vs.length === 0) return null;
  if (rule === 'sum') return Math.round(vs.reduce((a, b) => a + b, 0) * 10_000) / 10_000;
  if (rule === 'average') return Math.round((vs.reduce((a, b) => a + b, 0) / vs.length) * 100) / 100;
  return vs[vs.length - 1] ?? null;
}

/** The parts of a section joined for the editable text: "Tên tổ chức:" then its text, one block per organization. */
export function joinParts(parts: readonly RollupPart[]): string {
  return parts
    .filter((p) => p.text.trim())
    .map((p) => `${p.orgName}:\n${p.text.trim()}`)
    .join('\n\n');
}

/** Assembles a roll-up from a request's rows (pure once loaded). */
export function assemble(request: RequestRow, formName: string, spec: FormSpec, issuer: OrgRow, orgs: readonly OrgRow[], submissions: readonly SubmissionRow[], edited: Record<string, string> | null, version: number): RollupView {
  const order = new Map(orgs.map((o, i) => [o.id, i]));
  const name = new Map(orgs.map((o) => [o.id, orgLabel(o)]));
  const short = new Map(orgs.map((o) => [o.id, o.short_name ?? o.name]));
  const byOrg = (a: SubmissionRow, b: SubmissionRow) => (order.get(a.org_id) ?? 1e9) - (order.get(b.org_id) ?? 1e9);
  const accepted = submissions.filter((s) => s.status === 'accepted').sort(byOrg);
  const content = new Map(accepted.map((s) => [s.id, draftOf(s)]));
  const period = parsePeriod(request.period_id) as Period;
  const sections = spec.sections.map((sec): RollupSection => {
    const parts = accepted.map((s) => ({ orgId: s.org_id, orgName: name.get(s.org_id) ?? '', submissionId: s.id, text: content.get(s.id)?.sections[sec.code] ?? '' }));
    const own = edited?.[sec.code];
    return { spec: sec, parts, text: own ?? joinParts(parts), edited: own !== undefined };
  });
  const bySubmitted = [...accepted].sort((a, b) => (a.submitted_at ?? '').localeCompare(b.submitted_at ?? ''));
  const indicators = spec.indicators.map((ind): RollupIndicator => {
    const values = accepted.map((s) => {
      const v = content.get(s.id)?.indicators[ind.code];
      return { orgId: s.org_id, orgName: name.get(s.org_id) ?? '', submissionId: s.id, value: v?.value ?? null, computed: v?.computed ?? null };
    });
    const inOrder = bySubmitted.map((s) => values.find((v) => v.submissionId === s.id)?.value ?? null);
    return { spec: ind, values, total: aggregate(ind.aggregate, inOrder) };
  });
  return {
    request,
    formName,
    spec,
    period,
    periodName: periodName(period),
    issuer,
    orgs: accepted.map((s) => ({ id: s.org_id, name: name.get(s.org_id) ?? '', short: short.get(s.org_id) ?? '' })),
    missing: submissions.filter((s) => s.status !== 'accepted').sort(byOrg).map((s) => ({ id: s.org_id, name: name.get(s.org_id) ?? '', status: s.status })),
    sections,
    indicators,
    version,
  };
}

/** The roll-up of a request of the actor's ward (read: the caller checked the actor may see it). 404. */
export async function getRollup(q: Queryable, actor: Pick<Actor, 'wardId'>, requestId: string): Promise<RollupView> {
  const r = await requestRow(q, actor.wardId, requestId);
  if (!r) throw notFound();
  const [form, v, issuer, orgs, subs, saved] = await Promise.all([formRow(q, actor.wardId, r.form_id), formVersionRow(q, r.form_version_id), getOrg(q, actor, r.issuer_org_id), listOrgs(q, actor), submissionRows(q, actor.wardId, [r.id]), rollupRow(q, actor.wardId, r.id)]);
  if (!form || !v || !issuer) throw notFound();
  return assemble(r, form.name, specOf(v), issuer, orgs, subs, saved ? (JSON.parse(saved.sections) as Record<string, string>) : null, saved?.version ?? 0);
}

/**
 * Saves the office's edit of the roll-up's section texts (a blank text goes back to the assembled
 * parts). `version`: the roll-up's version as read (0 when never edited); 409 when stale.
 * The office. 400 (section over 4× its limit: the roll-up holds many organizations), 403, 404, 409.
 */
export function saveRollup(db: Db, actor: Actor, requestId: string, sections: Record<string, string>, version: number): Promise<void> {
  return runCommand(db, actor, 'report_rollup.save', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const r = await requestRow(c.trx, actor.wardId, requestId);
    if (!r) throw notFound();
    const v = await formVersionRow(c.trx, r.form_version_id);
    if (!v) throw notFound();
    const spec = specOf(v);
    const kept: Record<string, string> = {};
    for (const s of spec.sections) {
      const t = sections[s.code];
      if (t === undefined || !t.trim()) continue;
      if ([...t].length > s.max_length * 4) throw new ValidationError({ [`sections.${s.code}`]: 'report.err.sectionTooLong' });
      kept[s.code] = t;
    }
    const saved = await rollupRow(c.trx, actor.wardId, r.id);
    if ((saved?.version ?? 0) !== version) throw conflict();
    const now = nowIso();
    if (saved) await c.trx.updateTable('report_rollup').set((eb) => ({ sections: JSON.stringify(kept), updated_at: now, updated_by: actor.userId, version: eb('version', '+', 1) })).where('request_id', '=', r.id).where('ward_id', '=', actor.wardId).where('version', '=', version).execute();
    else await c.trx.insertInto('report_rollup').values({ request_id: r.id, ward_id: actor.wardId, sections: JSON.stringify(kept), updated_at: now, updated_by: actor.userId }).execute();
    await c.audit({ action: 'report_rollup.save', entityType: 'report_request', entityId: r.id, summary: r.title, before: saved ? JSON.parse(saved.sections) : null, after: kept });
  });
}
