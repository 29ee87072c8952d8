// Inputs of the reports room (zod) and the shapes of a form's specification.
import { z } from 'zod';
import type { Role } from '../../platform/auth/roles.ts';
import { date, id, idList, int, optId, optLongText, optText, text, version } from '../../platform/validation.ts';
import { cleanMultiline } from '../../lib/vi/index.ts';
import { PERIOD_TYPES } from './periods.ts';

/**
 * Who opens the reports room at all (its nav entry, its pages, its API): the roles that hold a report
 * to send or to read. The services apply the object rules (which organization, which state). An
 * editor of the portal has none (fresh tester, round 6: the page opened for her, empty, while the
 * menu did not offer it).
 */
export const REPORT_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];

export const INDICATOR_TYPES = ['integer', 'decimal', 'percent', 'boolean'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
/** How an indicator rolls up the organization tree: sum, average (of those reported), last (the latest submitted), none. */
export const AGGREGATES = ['sum', 'average', 'last', 'none'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const SUBMISSION_STATUSES = ['pending', 'draft', 'submitted', 'returned', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
/** Figures the record can fill an indicator from (prefill.ts computes them). */
export const SOURCES = ['tasks_done', 'tasks_done_late', 'tasks_overdue', 'meetings_held', 'conclusions_addressed', 'conclusions_done', 'articles_published'] as const;

/** Longest a section may be set to (characters), and the most sections and indicators of a form. */
export const LIMITS = { sectionMax: 50_000, sections: 20, indicators: 60 } as const;

const CODE = /^[a-z][a-z0-9_]{0,39}$/u;
const code = () => z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().regex(CODE, 'report.err.code'));

export const SectionSpec = z.object({
  code: code(),
  title: text(200),
  guidance: optText(1000).transform((v) => v ?? ''),
  max_length: int(100, LIMITS.sectionMax, { message: 'report.err.maxLength' }),
});
export type SectionSpec = z.output<typeof SectionSpec>;

export const IndicatorSpec = z.object({
  code: code(),
  name: text(300),
  unit: optText(50).transform((v) => v ?? ''),
  type: z.enum(INDICATOR_TYPES, { message: 'report.err.indicatorType' }),
  aggregate: z.enum(AGGREGATES, { message: 'report.err.aggregate' }),
  source: z.preprocess((v) => (v === '' ? null : v), z.enum(SOURCES, { message: 'report.err.source' }).nullable().default(null)),
});
export type IndicatorSpec = z.output<typeof IndicatorSpec>;

export interface FormSpec {
  sections: SectionSpec[];
  indicators: IndicatorSpec[];
}

/**
 * The form editor posts one row per section and indicator as parallel fields (`section_code`,
 * `section_title`, …), a JSON client posts `sections: [...]`, `indicators: [...]`. Rows left
 * entirely blank are dropped.
 */
function zipRows(body: Record<string, unknown>, prefix: string, fields: readonly string[]): Record<string, unknown>[] | undefined {
  const cols = fields.map((f) => body[`${prefix}_${f}`]);
  if (cols.every((c) => c === undefined)) return undefined;
  const arr = cols.map((c) => (Array.isArray(c) ? c : c === undefined ? [] : [c]));
  const n = Math.max(...arr.map((a) => a.length));
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row = Object.fromEntries(fields.map((f, j) => [f, arr[j]?.[i] ?? '']));
    // A row without a code and without a title (name) is a blank row of the editor: dropped.
    if (['code', 'title', 'name'].every((f) => String(row[f] ?? '').trim() === '')) continue;
    rows.push(row);
  }
  return rows;
}

const SECTION_FIELDS = ['code', 'title', 'guidance', 'max_length'] as const;
const INDICATOR_FIELDS = ['code', 'name', 'unit', 'type', 'aggregate', 'source'] as const;

export const FormInput = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const b = v as Record<string, unknown>;
    return { ...b, sections: b.sections ?? zipRows(b, 'section', SECTION_FIELDS) ?? [], indicators: b.indicators ?? zipRows(b, 'indicator', INDICATOR_FIELDS) ?? [] };
  },
  z.object({
    name: text(200),
    period_type: z.enum(PERIOD_TYPES, { message: 'report.err.periodType' }),
    cutoff_day: z.preprocess((v) => (v === '' || v === null || v === undefined ? null : v), int(1, 28, { message: 'report.err.cutoff' }).nullable()),
    sections: z.array(SectionSpec).min(1, 'report.err.noSections').max(LIMITS.sections, 'report.err.tooMany'),
    indicators: z.array(IndicatorSpec).max(LIMITS.indicators, 'report.err.tooMany'),
    version: z.preprocess((v) => (v === '' ? undefined : v), version().optional()),
  }),
);
export type FormInput = z.output<typeof FormInput>;

export const RequestInput = z.object({
  form_id: z.string().min(1).max(100),
  period_id: text(10),
  due_on: date(),
  title: optText(300),
  note: optLongText(2000),
  issuer_org_id: id(),
  meeting_id: optId(),
  org_ids: idList().refine((a) => a.length > 0, 'report.err.noOrgs'),
});
export type RequestInput = z.output<typeof RequestInput>;

export const AddOrgsInput = z.object({ org_ids: idList().refine((a) => a.length > 0, 'report.err.noOrgs'), version: version() });

/**
 * A draft's content: `sections.<code>` and `indicators.<code>` as flat form fields, or nested
 * objects from JSON. Values stay text here; the service checks them against the pinned form
 * version (length, number type) and answers with field errors under the same names.
 */
export const DraftInput = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const b = v as Record<string, unknown>;
    const pick = (prefix: string, given: unknown) => {
      const out: Record<string, unknown> = given && typeof given === 'object' && !Array.isArray(given) ? { ...(given as Record<string, unknown>) } : {};
      for (const [k, val] of Object.entries(b)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = val;
      return out;
    };
    return { ...b, sections: pick('sections', b.sections), indicators: pick('indicators', b.indicators) };
  },
  z.object({
    sections: z.record(z.string().max(40), z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string().max(LIMITS.sectionMax * 2, 'report.err.tooLong').transform((s) => cleanMultiline(s)))),
    indicators: z.record(z.string().max(40), z.union([z.string().max(40, 'report.err.number'), z.number(), z.boolean(), z.null()], { message: 'report.err.number' })),
    version: version(),
  }),
);
export type DraftInput = z.output<typeof DraftInput>;

export const ReviewInput = z.object({ comment: optLongText(2000), version: version() });
export type ReviewInput = z.output<typeof ReviewInput>;
export const RollupInput = z.object({
  sections: z.preprocess(
    (v) => v,
    z.record(z.string().max(40), z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string().max(LIMITS.sectionMax * 4, 'report.err.tooLong').transform((s) => cleanMultiline(s)))),
  ),
  version: z.preprocess((v) => (v === '' ? undefined : v), version().optional()),
});
export const VersionInput = z.object({ version: version() });

export const RequestListQuery = z.object({
  year: z.preprocess((v) => (v === '' ? undefined : v), int(1900, 2100).optional()),
  form: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
  page: z.preprocess((v) => (v === '' ? undefined : v), int(1, 10_000, { default: 1 })),
});
export type RequestListQuery = z.output<typeof RequestListQuery>;
