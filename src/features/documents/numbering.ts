// Numbers of official documents: one sequence per issuing body, document type and period
// (a calendar year for state bodies; the term, nhiệm kỳ, of the committee for Party bodies),
// taken by one upsert statement inside the caller's command (repo.ts `nextNumber`).
import type { Queryable } from '../../db/index.ts';
import { newId, nowIso, isUniqueViolation } from '../../db/dialect.ts';
import type { OfficialSpec } from '../../export/docx.ts';
import type { CommandContext } from '../../platform/command.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { getOrg, type OrgRow } from '../orgs/service.ts';
import { familyOf, resolveProfile } from './profiles.ts';
import { insertIssuedRow, issuedForSubject, nextNumber, termRows } from './repo.ts';

/**
 * Document types: the stored key, the printed code and the type name. Codes per Nghị định
 * 30/2020/NĐ-CP Phụ lục III (the Party uses the same codes, HD 36-HD/VPTW); a state letter
 * (công văn) has no code ("Số: 12/UBND"), a Party one has "CV".
 */
export const DOC_TYPES = {
  TB: { code: 'TB', name: 'Thông báo' },
  BB: { code: 'BB', name: 'Biên bản' },
  GM: { code: 'GM', name: 'Giấy mời' },
  BC: { code: 'BC', name: 'Báo cáo' },
  KH: { code: 'KH', name: 'Kế hoạch' },
  QD: { code: 'QĐ', name: 'Quyết định' },
  NQ: { code: 'NQ', name: 'Nghị quyết' },
  KL: { code: 'KL', name: 'Kết luận' },
  CT: { code: 'CT', name: 'Chỉ thị' },
  CTR: { code: 'CTr', name: 'Chương trình' },
  HD: { code: 'HD', name: 'Hướng dẫn' },
  TTR: { code: 'TTr', name: 'Tờ trình' },
  CV: { code: 'CV', name: 'Công văn' },
} as const;
export type DocType = keyof typeof DOC_TYPES;
export const DOC_TYPE_KEYS = Object.keys(DOC_TYPES) as [DocType, ...DocType[]];

/** The printed type name ("THÔNG BÁO"); empty for a letter, which prints no type name. */
export const typeNameOf = (t: DocType): string => (t === 'CV' ? '' : DOC_TYPES[t].name.toLocaleUpperCase('vi'));

const FIXED_ABBREVIATIONS: Partial<Record<string, string>> = {
  party_committee: 'ĐU',
  standing_committee: 'ĐU',
  inspection_committee: 'UBKTĐU',
  party_office: 'VPĐU',
  party_cell: 'CB',
  mass_mobilization_bloc: 'KDV',
  people_committee: 'UBND',
  people_council: 'HĐND',
  fatherland_front: 'MTTQ',
};

/**
 * The issuer's abbreviation in a document symbol: fixed for the bodies every ward has (Đảng ủy →
 * ĐU — the Standing Committee's documents are issued as ĐU too; UBND; HĐND; MTTQ; chi bộ → CB),
 * else the initials of the short name (or name), keeping words already in capitals
 * ("Hội LHPN" → "HLHPN", "Đoàn TN" → "ĐTN").
 */
export function abbreviationOf(org: Pick<OrgRow, 'kind' | 'name' | 'short_name'>): string {
  const fixed = FIXED_ABBREVIATIONS[org.kind];
  if (fixed) return fixed;
  const words = (org.short_name ?? org.name).split(/\s+/).filter(Boolean);
  return words.map((w) => (w === w.toLocaleUpperCase('vi') ? w : w.charAt(0).toLocaleUpperCase('vi'))).join('');
}

/** "12-TB/ĐU" (Party) or "12/TB-UBND" (state) from the profile's symbol pattern; `n` may be blanks (a draft). */
export function formatSymbol(spec: OfficialSpec, n: number | string, docType: DocType, issuer: string, family: 'party' | 'state'): string {
  const untyped = docType === 'CV' && family === 'state';
  return (untyped ? spec.number.symbolUntyped : spec.number.symbol).replace('{n}', String(n)).replace('{type}', DOC_TYPES[docType].code).replace('{issuer}', issuer);
}

const TERM_YEARS = 5;
const TERM_ANCHOR = 2020;

/**
 * The term of a Party body on `date` when none is recorded: the congress cycle of five years
 * (…, 2015 - 2020, 2020 - 2025, 2025 - 2030, …), taken to start on 1 January of the congress
 * year. An assumption: ward congresses are held in the spring or summer of that year, so a
 * document of early 2020 falls in "2020 - 2025" unless the terms are recorded (`body_term`).
 */
export function congressTerm(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = TERM_ANCHOR + Math.floor((y - TERM_ANCHOR) / TERM_YEARS) * TERM_YEARS;
  return `${start} - ${start + TERM_YEARS}`;
}

/**
 * The period a number runs in: the calendar year ('2026') for state bodies; for Party bodies
 * the recorded term of the body containing `date` (its `name`, e.g. "2015 - 2020"), else
 * `congressTerm(date)`.
 */
export async function periodKeyOf(q: Queryable, wardId: string, org: Pick<OrgRow, 'id' | 'kind'>, date: string): Promise<string> {
  if (familyOf(org.kind) === 'state') return date.slice(0, 4);
  const terms = await termRows(q, wardId, org.id);
  const term = terms.find((t) => t.start_on <= date && (t.end_on === null || t.end_on >= date));
  return term ? term.name : congressTerm(date);
}

/** The body whose sequence and abbreviation a document uses: the Standing Committee numbers as the Party Committee (ĐU). */
export async function numberingBody(q: Queryable, wardId: string, org: OrgRow): Promise<OrgRow> {
  if (org.kind === 'standing_committee' && org.parent_id) {
    const parent = await getOrg(q, { wardId }, org.parent_id);
    if (parent?.kind === 'party_committee') return parent;
  }
  return org;
}

export interface IssueInput {
  issuerOrgId: string;
  docType: DocType;
  /** 'YYYY-MM-DD', the document's date. */
  date: string;
  /** What the document is about, e.g. 'meeting' and the meeting's id. */
  subjectKind: string;
  subjectId: string;
  title: string;
}

export interface IssuedNumber {
  id: string;
  number: number;
  /** "12-TB/ĐU", "3/TB-UBND". */
  numberText: string;
  periodKey: string;
  profileId: string;
}


/**
 * Issues the next number of `docType` for the issuing body, inside the caller's running command
 * (which has checked access: this function does not). One atomic statement takes the number
 * (`nextNumber`), so concurrent issues on any number of instances never collide, and a rolled-
 * back command leaves no gap. Writes the `issued_document` row and its audit event
 * (`document.issue`). Errors: 404 unknown issuer; 409 `doc.err.alreadyIssued` when this subject
 * already has a number of this type (nothing is written); 422 when no profile applies.
 */
export async function issueNumberIn(c: CommandContext, input: IssueInput): Promise<IssuedNumber> {
  const wardId = c.actor.wardId;
  const q = c.trx;
  const issuer = await getOrg(q, { wardId }, input.issuerOrgId);
  if (!issuer) throw notFound();
  const dup = await issuedForSubject(q, wardId, input.subjectKind, input.subjectId, input.docType);
  if (dup) throw new AppError(409, 'doc.err.alreadyIssued', { number: dup.number_text });
  const body = await numberingBody(q, wardId, issuer);
  const profile = await resolveProfile(q, wardId, body.kind, input.date);
  const periodKey = await periodKeyOf(q, wardId, body, input.date);
  const family = familyOf(body.kind);
  try {
    const number = await nextNumber(q, { ward_id: wardId, issuer_org_id: body.id, doc_type: input.docType, period_key: periodKey });
    const numberText = formatSymbol(profile.spec, number, input.docType, abbreviationOf(body), family);
    const id = newId();
    const row = {
      id,
      ward_id: wardId,
      issuer_org_id: body.id,
      doc_type: input.docType,
      number,
      number_text: numberText,
      period_key: periodKey,
      issued_on: input.date,
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      title: input.title,
      profile_id: profile.row.id,
      created_at: nowIso(),
      created_by: c.actor.userId,
    };
    await insertIssuedRow(q, row);
    await c.audit({ action: 'document.issue', entityType: 'issued_document', entityId: id, summary: `${numberText} ${input.title}`, after: row });
    return { id, number, numberText, periodKey, profileId: profile.row.id };
  } catch (e) {
    // Two commands racing for the same subject: the loser meets the unique key and rolls back.
    if (isUniqueViolation(e)) throw new AppError(409, 'doc.err.alreadyIssued', { number: '' });
    throw e;
  }
}
