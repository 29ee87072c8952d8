// Document profiles: the layout rules of official documents, stored as versioned data
// (`document_profile`, migration 0006). A profile applies to a family of issuing bodies ('party':
// Party, Front and mass organizations per Hướng dẫn 36-HD/VPTW; 'state': people's councils and
// committees per Nghị định 30/2020/NĐ-CP) from `effective_from` to `effective_to`. A ward adds its
// own (a copy with an edited spec and a new effective date: e.g. the 2026 Party rules, Quy định
// 399-QĐ/TW of 09/01/2026) without a code change.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { OfficialSpec } from '../../export/docx.ts';
import { AppError } from '../../platform/errors.ts';
import { ORG_KINDS, type OrgKind } from '../orgs/service.ts';
import { profileRowsOn, type ProfileRow } from './repo.ts';

export type Family = 'party' | 'state';
export const FAMILIES = ['party', 'state'] as const;

/** Bodies whose documents follow the Party's rules (HD 36-HD/VPTW: Party, Front, mass organizations). */
export const PARTY_KINDS: readonly OrgKind[] = ORG_KINDS.filter((k) => k !== 'people_council' && k !== 'people_committee');
/** Bodies whose documents follow the state's rules (NĐ 30/2020/NĐ-CP). */
export const STATE_KINDS: readonly OrgKind[] = ['people_council', 'people_committee'];

/** The family of an issuing body's kind. */
export function familyOf(kind: string): Family {
  return (STATE_KINDS as readonly string[]).includes(kind) ? 'state' : 'party';
}

const size = z.number().min(6).max(40);
const Style = z.strictObject({ size, bold: z.boolean().optional(), italic: z.boolean().optional(), caps: z.boolean().optional(), underline: z.boolean().optional() });
const mm = z.number().min(0).max(80);
const line = z.string().min(1).max(80);

/** The zod shape of a profile's `spec` (the writer's `OfficialSpec`): sizes in points, lengths in mm. */
export const ProfileSpec: z.ZodType<OfficialSpec> = z.strictObject({
  page: z.strictObject({ size: z.literal('A4'), margins: z.strictObject({ top: mm, bottom: mm, left: mm, right: mm }) }),
  font: z.strictObject({ family: line, fallback: line }),
  headerColumns: z.tuple([z.number().min(20).max(80), z.number().min(20).max(80)]).refine(([a, b]) => Math.abs(a + b - 100) < 0.01, { message: 'sum 100' }),
  national: z.array(z.strictObject({ text: line, style: Style, rule: z.boolean() })).min(1).max(3),
  issuer: z.strictObject({ higher: Style, body: Style, mark: z.enum(['star', 'rule', 'none']) }),
  number: z.strictObject({
    style: Style,
    line: line.refine((s) => s.includes('{symbol}'), { message: '{symbol}' }),
    symbol: line.refine((s) => s.includes('{n}') && s.includes('{type}') && s.includes('{issuer}'), { message: '{n} {type} {issuer}' }),
    symbolUntyped: line.refine((s) => s.includes('{n}') && s.includes('{issuer}'), { message: '{n} {issuer}' }),
  }),
  placeDate: z.strictObject({ style: Style }),
  title: z.strictObject({ style: Style, subject: Style, subjectRule: z.enum(['dashes', 'rule', 'none']) }),
  body: z.strictObject({ size, lineSpacing: z.number().min(1).max(2), spacingAfterPt: z.number().min(0).max(24), firstLineIndentMm: mm }),
  signature: z.strictObject({ prefix: Style, title: Style, name: Style, collective: z.string().min(1).max(10), deputy: z.string().min(1).max(10) }),
  recipients: z.strictObject({ label: line, labelStyle: Style, item: Style }),
  pageNumber: z.strictObject({ position: z.enum(['top', 'bottom', 'none']), fromPage: z.number().int().min(1).max(3), size }),
});

/** Parses a stored or typed spec; returns the first problem as "path: message" or the spec. */
export function parseSpec(json: string): { ok: true; spec: OfficialSpec } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, problem: `JSON: ${(e as Error).message}` };
  }
  const r = ProfileSpec.safeParse(raw);
  if (r.success) return { ok: true, spec: r.data };
  const issue = r.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || '(gốc)'}: ${issue?.message ?? ''}` };
}

export interface ResolvedProfile {
  row: ProfileRow;
  spec: OfficialSpec;
}

/** The organization kinds a profile row applies to. */
export const kindsOf = (row: Pick<ProfileRow, 'org_kinds'>): string[] => JSON.parse(row.org_kinds) as string[];

/**
 * The profile for a document of a body of kind `issuerOrgKind` dated `date` ('YYYY-MM-DD'): the
 * ward's own profile of that kind effective on the date (the newest effective_from wins), else
 * the built-in one. Errors: 422 `doc.err.noProfile` when none applies (e.g. a date before every
 * profile), 500 if a stored spec is malformed (profiles are validated when saved).
 */
export async function resolveProfile(q: Queryable, wardId: string, issuerOrgKind: string, date: string): Promise<ResolvedProfile> {
  const rows = (await profileRowsOn(q, wardId, date)).filter((r) => kindsOf(r).includes(issuerOrgKind));
  rows.sort((a, b) => Number(b.ward_id !== null) - Number(a.ward_id !== null) || b.effective_from.localeCompare(a.effective_from) || b.created_at.localeCompare(a.created_at));
  const row = rows[0];
  if (!row) throw new AppError(422, 'doc.err.noProfile', { date });
  const parsed = parseSpec(row.spec);
  if (!parsed.ok) throw new Error(`document profile ${row.code} has an invalid spec: ${parsed.problem}`);
  return { row, spec: parsed.spec };
}
