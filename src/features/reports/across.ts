// The roll-up across wards (issue 10, item 5): a body above the wards (a district or province
// office, the city's Standing Committee) sees, for one form and period, each ward's roll-up and the
// indicators aggregated over the wards by the same rules. A ward counts when the user reads reports
// there (admin, office or standing in that ward through a grant at or above it) and the ward
// requested that form for that period.
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { resolveRequestAuth, type WardRef } from '../../platform/auth/identity.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { listOrgs } from '../orgs/service.ts';
import { listForms } from './forms.ts';
import { createRequest } from './requests.ts';
import { aggregate, getRollup, type RollupView } from './rollup.ts';
import { parsePeriod, periodName } from './periods.ts';
import { sameFormIds } from './repo.ts';
import type { IndicatorSpec, SectionSpec } from './schema.ts';
import { WARD_READERS } from './submissions.ts';

export interface AcrossWard {
  ward: WardRef;
  /** The ward's roll-up, or null when the ward has no request of this form and period. */
  rollup: RollupView | null;
}
export interface AcrossView {
  formCode: string;
  periodId: string;
  periodName: string;
  wards: AcrossWard[];
  sections: { spec: SectionSpec; parts: { ward: WardRef; requestId: string; text: string }[] }[];
  indicators: { spec: IndicatorSpec; total: number | null; values: { ward: WardRef; requestId: string; value: number | null }[] }[];
}

/**
 * For `actor` (its user) over `wards` (the wards it reaches): each ward's roll-up of form `formCode`
 * for `periodId`, the sections with one part per ward, the indicators aggregated over the wards by
 * their rule (the first ward's form version gives the list; a ward whose form lacks an indicator
 * shows no value). Wards where the user is not a reader are left out. Null period → empty view.
 */
export async function acrossWards(q: Queryable, actor: Pick<Actor, 'userId'>, wards: readonly WardRef[], formCode: string, periodId: string): Promise<AcrossView> {
  const period = parsePeriod(periodId);
  const out: AcrossView = { formCode, periodId, periodName: period ? periodName(period) : periodId, wards: [], sections: [], indicators: [] };
  if (!period || !actor.userId) return out;
  for (const ward of wards) {
    const auth = await resolveRequestAuth(q, actor.userId, ward.id);
    const access = auth?.access;
    if (!access || access.wardId !== ward.id || !WARD_READERS.some((r) => access.roles.has(r))) continue;
    const formIds = await sameFormIds(q, ward.id, formCode);
    const req = formIds.length ? await q.selectFrom('report_request').select('id').where('ward_id', '=', ward.id).where('form_id', 'in', formIds).where('period_id', '=', period.id).executeTakeFirst() : undefined;
    out.wards.push({ ward, rollup: req ? await getRollup(q, { wardId: ward.id }, req.id) : null });
  }
  const found = out.wards.filter((w): w is AcrossWard & { rollup: RollupView } => w.rollup !== null);
  const first = found[0]?.rollup;
  if (!first) return out;
  out.sections = first.spec.sections.map((spec) => ({
    spec,
    parts: found.map((w) => ({ ward: w.ward, requestId: w.rollup.request.id, text: w.rollup.sections.find((s) => s.spec.code === spec.code)?.text ?? '' })),
  }));
  out.indicators = first.spec.indicators.map((spec) => {
    const values = found.map((w) => ({ ward: w.ward, requestId: w.rollup.request.id, value: w.rollup.indicators.find((i) => i.spec.code === spec.code)?.total ?? null }));
    return { spec, values, total: aggregate(spec.aggregate, values.map((v) => v.value)) };
  });
  return out;
}

export interface AcrossRequestInput {
  formCode: string;
  periodId: string;
  dueOn: string;
  note: string | null;
}
export interface AcrossRequestResult {
  ward: WardRef;
  /** The request created, or null with the reason (message key) it was not. */
  requestId: string | null;
  reason: string | null;
}

/**
 * A higher unit's office asks each of `wards` for its report of a form and period: in every ward
 * where the user holds the office's access (`ward.office` there), one request (the ward's own
 * command, audited in that ward) from the ward's top-level organizations active on the due date,
 * issued by its Party Committee (else its first top-level organization). A ward already asked, or
 * without such a form, is reported with its reason and the others go on; nothing is half-written
 * inside a ward.
 */
export async function requestAcrossWards(db: Db, base: Pick<Actor, 'userId' | 'label' | 'ip'>, wards: readonly WardRef[], input: AcrossRequestInput): Promise<AcrossRequestResult[]> {
  const out: AcrossRequestResult[] = [];
  if (!base.userId) return out;
  for (const ward of wards) {
    const auth = await resolveRequestAuth(db, base.userId, ward.id, new Date(), 'write'); // writes in each ward: grants held there (D26)
    const access = auth?.access;
    if (!access || access.wardId !== ward.id || !(access.roles.has('admin') || access.roles.has('office'))) continue;
    const actor: Actor = { userId: base.userId, label: base.label, ip: base.ip, wardId: ward.id, roles: access.roles, headOf: access.headOf, memberOf: access.memberOf };
    const forms = (await listForms(db, actor, { activeOnly: true })).filter((f) => f.form.code === input.formCode);
    const form = forms[0];
    if (!form) {
      out.push({ ward, requestId: null, reason: 'report.err.form' });
      continue;
    }
    const orgs = (await listOrgs(db, actor)).filter((o) => o.parent_id === null && o.valid_from <= input.dueOn && (o.valid_to === null || o.valid_to >= input.dueOn));
    const issuer = orgs.find((o) => o.kind === 'party_committee') ?? orgs[0];
    if (!issuer) {
      out.push({ ward, requestId: null, reason: 'report.err.noOrgs' });
      continue;
    }
    try {
      const r = await createRequest(db, actor, { form_id: form.form.id, period_id: input.periodId, due_on: input.dueOn, title: null, note: input.note, issuer_org_id: issuer.id, meeting_id: null, org_ids: orgs.map((o) => o.id) });
      out.push({ ward, requestId: r.id, reason: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fields = e instanceof ValidationError && e.fields ? Object.values(e.fields) : [];
      out.push({ ward, requestId: null, reason: fields[0] ?? e.key });
    }
  }
  return out;
}
