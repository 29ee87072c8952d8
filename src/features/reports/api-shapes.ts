// The reports room's answers over the JSON API: zod schemas (documented in /api/v1/openapi.json)
// and the functions that shape the room's views into them. Stored JSON and 0/1 flags become
// objects and booleans; nothing beyond these fields leaves the server.
import { z } from 'zod';
import { storedEnum } from '../../platform/http/api.ts';
import type { Board, Rates } from './board.ts';
import type { FormView } from './forms.ts';
import type { RequestDetail, SubmissionDetail } from './load.ts';
import type { RequestRow } from './repo.ts';
import type { RollupView } from './rollup.ts';
import { AGGREGATES, INDICATOR_TYPES, SOURCES, SUBMISSION_STATUSES, type FormSpec } from './schema.ts';
import { PERIOD_TYPES } from './periods.ts';

const instant = z.iso.datetime();
const isoDate = z.iso.date();

export const SectionOut = z.object({ code: z.string(), title: z.string(), guidance: z.string(), max_length: z.number().int() });
export const IndicatorOut = z.object({ code: z.string(), name: z.string(), unit: z.string(), type: storedEnum(INDICATOR_TYPES), aggregate: storedEnum(AGGREGATES), source: storedEnum(SOURCES).nullable() });
export const SpecOut = z.object({ sections: z.array(SectionOut), indicators: z.array(IndicatorOut) });
const VersionRef = z.object({ id: z.string(), number: z.number().int(), created_at: instant });

export const FormOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  period_type: storedEnum(PERIOD_TYPES),
  cutoff_day: z.number().int().nullable(),
  active: z.boolean(),
  /** Shared by every ward; saving it makes the ward's own copy (a new id). */
  built_in: z.boolean(),
  version: z.number().int(),
  current_version: VersionRef,
  spec: SpecOut,
});
export const FormDetailOut = FormOut.extend({ versions: z.array(VersionRef) });

const ref = (v: { id: string; number: number; created_at: string }) => ({ id: v.id, number: v.number, created_at: v.created_at });
const specOut = (s: FormSpec) => ({ sections: s.sections, indicators: s.indicators.map((i) => ({ ...i, source: i.source ?? null })) });

export function formOut(f: FormView) {
  const { form } = f;
  return { id: form.id, code: form.code, name: form.name, period_type: form.period_type, cutoff_day: form.cutoff_day, active: form.active === 1, built_in: f.builtIn, version: form.version, current_version: ref(f.current), spec: specOut(f.spec) };
}

export const RequestOut = z.object({
  id: z.string(),
  form_id: z.string(),
  form_version_id: z.string(),
  form_name: z.string(),
  period_id: z.string(),
  period_name: z.string(),
  period_start: isoDate,
  period_end: isoDate,
  due_on: isoDate,
  title: z.string(),
  note: z.string().nullable(),
  issuer_org_id: z.string(),
  meeting_id: z.string().nullable(),
  status: storedEnum(['open', 'closed']),
  version: z.number().int(),
  created_at: instant,
});

function requestOut(r: RequestRow, formName: string, periodName: string) {
  return { id: r.id, form_id: r.form_id, form_version_id: r.form_version_id, form_name: formName, period_id: r.period_id, period_name: periodName, period_start: r.period_start, period_end: r.period_end, due_on: r.due_on, title: r.title, note: r.note, issuer_org_id: r.issuer_org_id, meeting_id: r.meeting_id, status: r.status, version: r.version, created_at: r.created_at };
}

const RatesOut = z.object({ expected: z.number().int(), received: z.number().int(), on_time: z.number().int(), reporting_rate: z.number().nullable(), on_time_rate: z.number().nullable() });
const ratesOut = (r: Rates) => ({ expected: r.expected, received: r.received, on_time: r.onTime, reporting_rate: r.reportingRate, on_time_rate: r.onTimeRate });
const CountsOut = z.object({ pending: z.number().int(), draft: z.number().int(), submitted: z.number().int(), returned: z.number().int(), accepted: z.number().int(), overdue: z.number().int(), late: z.number().int() });

export const RequestItemOut = RequestOut.extend({ counts: CountsOut, rates: RatesOut });
export const RequestListOut = z.object({ items: z.array(RequestItemOut), total: z.number().int(), page: z.number().int(), page_size: z.number().int() });

export function requestItemOut(i: { request: RequestRow; formName: string; periodName: string; board: Board }) {
  return { ...requestOut(i.request, i.formName, i.periodName), counts: i.board.counts, rates: ratesOut(i.board.rates) };
}

const LineOut = z.object({
  submission_id: z.string(),
  org_id: z.string(),
  org_name: z.string(),
  state: storedEnum(SUBMISSION_STATUSES),
  overdue: z.boolean(),
  late: z.boolean(),
  received: z.boolean(),
  first_submitted_at: instant.nullable(),
  /** The actor may write this organization's report. */
  writable: z.boolean(),
  /** The organization's rates across every request of the ward. */
  org_rates: RatesOut.nullable(),
});
export const RequestDetailOut = z.object({
  request: RequestOut,
  spec: SpecOut,
  board: z.object({ lines: z.array(LineOut), counts: CountsOut, rates: RatesOut }),
  can_review: z.boolean(),
});

export function requestDetailOut(d: RequestDetail) {
  const lines = d.board.lines.map((l) => {
    const s = l.submission;
    const org = d.orgs.get(s.org_id);
    const rates = d.orgRates.get(s.org_id);
    return { submission_id: s.id, org_id: s.org_id, org_name: org?.name ?? '', state: l.state, overdue: l.overdue, late: l.late, received: l.received, first_submitted_at: s.first_submitted_at, writable: d.writable.has(s.id), org_rates: rates ? ratesOut(rates) : null };
  });
  return { request: requestOut(d.request, d.formName, d.periodName), spec: specOut(d.spec), board: { lines, counts: d.board.counts, rates: ratesOut(d.board.rates) }, can_review: d.canReview };
}

const IndicatorValueOut = z.object({ value: z.number().nullable(), computed: z.number().nullable() });
const ContentOut = z.object({ sections: z.record(z.string(), z.string()), indicators: z.record(z.string(), IndicatorValueOut) });
const EVENT_ACTIONS = ['submit', 'resubmit', 'accept', 'return'] as const;

export const SubmissionOut = z.object({
  submission: z.object({
    id: z.string(),
    request_id: z.string(),
    org_id: z.string(),
    org_name: z.string(),
    status: storedEnum(SUBMISSION_STATUSES),
    /** First submitted after the due date (received all the same). */
    late: z.boolean(),
    first_submitted_at: instant.nullable(),
    submitted_at: instant.nullable(),
    accepted_at: instant.nullable(),
    return_comment: z.string().nullable(),
    /** Times submitted. */
    revision: z.number().int(),
    version: z.number().int(),
    updated_at: instant,
  }),
  request: RequestOut,
  spec: SpecOut,
  /** What is stored; a report never saved opens with the record's figures. */
  content: ContentOut,
  /** The record's figures now for the indicators that have a source (tasks, meetings, articles of the period). */
  computed: z.record(z.string(), z.number().nullable()),
  /** The history: each submission with the content as sent, each acceptance and return. */
  events: z.array(z.object({ id: z.string(), action: storedEnum(EVENT_ACTIONS), comment: z.string().nullable(), late: z.boolean(), actor_label: z.string().nullable(), at: instant, content: ContentOut.nullable() })),
  files: z.array(z.object({ id: z.string(), name: z.string(), content_type: z.string(), size_bytes: z.number().int() })),
  can_write: z.boolean(),
  can_review: z.boolean(),
});

export function submissionOut(d: SubmissionDetail, computed: Record<string, number | null>) {
  const s = d.submission;
  return {
    submission: { id: s.id, request_id: s.request_id, org_id: s.org_id, org_name: d.orgName, status: s.status, late: s.late === 1, first_submitted_at: s.first_submitted_at, submitted_at: s.submitted_at, accepted_at: s.accepted_at, return_comment: s.return_comment, revision: s.revision, version: s.version, updated_at: s.updated_at },
    request: requestOut(d.request, d.formName, d.periodName),
    spec: specOut(d.spec),
    content: d.content,
    computed,
    events: d.events.map((e) => ({ id: e.id, action: e.action, comment: e.comment, late: e.late === 1, actor_label: e.actor_label, at: e.at, content: e.snapshot ? (JSON.parse(e.snapshot) as z.input<typeof ContentOut>) : null })),
    files: d.files.map((f) => ({ id: f.id, name: f.original_name, content_type: f.content_type, size_bytes: Number(f.size_bytes) })),
    can_write: d.canWrite,
    can_review: d.canReview,
  };
}

const OrgRef = z.object({ id: z.string(), name: z.string() });
export const RollupOut = z.object({
  request: RequestOut,
  spec: SpecOut,
  issuer_org_id: z.string(),
  /** Organizations whose accepted reports are rolled up. */
  orgs: z.array(OrgRef),
  /** Asked but not accepted yet. */
  missing: z.array(OrgRef.extend({ status: storedEnum(SUBMISSION_STATUSES) })),
  sections: z.array(z.object({ code: z.string(), title: z.string(), text: z.string(), edited: z.boolean(), parts: z.array(z.object({ org_id: z.string(), org_name: z.string(), submission_id: z.string(), text: z.string() })) })),
  indicators: z.array(z.object({ code: z.string(), total: z.number().nullable(), values: z.array(z.object({ org_id: z.string(), org_name: z.string(), submission_id: z.string(), value: z.number().nullable(), computed: z.number().nullable() })) })),
  /** The roll-up's version (0 when never edited), to send back with an edit. */
  version: z.number().int(),
});

export function rollupOut(v: RollupView) {
  return {
    request: requestOut(v.request, v.formName, v.periodName),
    spec: specOut(v.spec),
    issuer_org_id: v.issuer.id,
    orgs: v.orgs,
    missing: v.missing,
    sections: v.sections.map((s) => ({ code: s.spec.code, title: s.spec.title, text: s.text, edited: s.edited, parts: s.parts.map((p) => ({ org_id: p.orgId, org_name: p.orgName, submission_id: p.submissionId, text: p.text })) })),
    indicators: v.indicators.map((i) => ({ code: i.spec.code, total: i.total, values: i.values.map((x) => ({ org_id: x.orgId, org_name: x.orgName, submission_id: x.submissionId, value: x.value, computed: x.computed })) })),
    version: v.version,
  };
}
