// The public face of the documents room, for meetings, reports and the pages: numbers, the
// header lines of an issuing body, rendering to .docx/.pdf through a profile, and the commands
// that add profiles and record terms. Meetings-agnostic: a document is about a subject
// (`subjectKind`, `subjectId`) the caller names.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { renderOfficialDocx, type OfficialDocument } from '../../export/docx.ts';
import { docxToPdf, isPdfAvailable } from '../../export/pdf.ts';
import { cachedRender, renderKey } from '../../export/render-cache.ts';
import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand, type CommandContext } from '../../platform/command.ts';
import { AppError, notFound, ValidationError } from '../../platform/errors.ts';
import { getOrg, listOrgs, type OrgRow } from '../orgs/service.ts';
import { foundingNotice } from './demo.ts';
import { getWardUnit, higherBodyOn } from '../units/service.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { vi } from './messages.ts';
import { DOC_TYPES, formatSymbol, issueNumberIn, numberingBody, typeNameOf, abbreviationOf, type DocType, type IssueInput, type IssuedNumber } from './numbering.ts';
import { familyOf, kindsOf, parseSpec, PARTY_KINDS, resolveProfile, STATE_KINDS } from './profiles.ts';
import { headKindOf, MARKS, RIGHT_LINES, specForHead, type HeadKind } from './letterhead.ts';
import { insertProfileRow, insertTermRow, issuedRowsFor, profileByCode, profileRow, profileRows, termRows, wardTermRows, type IssuedRow, type ProfileRow } from './repo.ts';
import type { ProfileInput, TermInput } from './schema.ts';

export { DOC_TYPES, DOC_TYPE_KEYS, abbreviationOf, congressTerm, formatSymbol, typeNameOf, type DocType, type IssueInput, type IssuedNumber } from './numbering.ts';
export { familyOf, resolveProfile, parseSpec, type Family, type ResolvedProfile } from './profiles.ts';
export type { IssuedRow, ProfileRow, TermRow } from './repo.ts';
export type { Block, OfficialDocument, Signature } from '../../export/docx.ts';
export { isPdfAvailable } from '../../export/pdf.ts';
export { headKindOf, RIGHT_LINES, specForHead, type HeadKind } from './letterhead.ts';

/**
 * Issues the next number of a document inside the caller's command `c` (which has checked
 * access). Returns `{ id, number, numberText: "12-TB/ĐU", periodKey, profileId }`. Errors: 404
 * unknown issuer, 409 when the subject already has this type numbered (nothing written), 422
 * when no profile applies. See numbering.ts for the sequence rules.
 */
export function issueNumber(c: CommandContext, input: IssueInput): Promise<IssuedNumber> {
  return issueNumberIn(c, input);
}

/** Numbers already issued for a subject (e.g. `'meeting'`, id), oldest first. */
export function issuedFor(q: Queryable, wardId: string, subjectKind: string, subjectId: string): Promise<IssuedRow[]> {
  return issuedRowsFor(q, wardId, subjectKind, subjectId);
}

const COLLECTIVE: Partial<Record<string, string>> = {
  party_committee: 'ĐẢNG ỦY',
  standing_committee: 'BAN THƯỜNG VỤ',
  inspection_committee: 'ỦY BAN KIỂM TRA',
  party_cell: 'CHI BỘ',
  fatherland_front: 'BAN THƯỜNG TRỰC',
  mass_organization: 'BAN CHẤP HÀNH',
  association: 'BAN CHẤP HÀNH',
  people_committee: 'ỦY BAN NHÂN DÂN',
  people_council: 'THƯỜNG TRỰC HĐND',
  front_work_group: 'BAN CÔNG TÁC MẶT TRẬN',
};
/** Bodies with no collective to sign for: their head signs in their own post (the Party Committee's office, the mass mobilization bloc). */
const NO_COLLECTIVE: ReadonlySet<string> = new Set(['party_office', 'mass_mobilization_bloc']);
const HEAD: Partial<Record<string, string>> = {
  party_committee: 'BÍ THƯ',
  standing_committee: 'BÍ THƯ',
  party_cell: 'BÍ THƯ',
  inspection_committee: 'CHỦ NHIỆM',
  people_committee: 'CHỦ TỊCH',
  people_council: 'CHỦ TỊCH',
};

/**
 * The signature prefix of a body's document: 'collective' signs for the body ("T/M BAN THƯỜNG VỤ",
 * "TM. ỦY BAN NHÂN DÂN"), 'deputy' signs for the head ("K/T BÍ THƯ", "KT. CHỦ TỊCH"). Party marks
 * T/M, K/T (HD 36-HD/VPTW); state marks TM., KT. (NĐ 30/2020/NĐ-CP). `of` overrides the body or
 * head named. A body with no collective (the Party Committee's office, the mass mobilization bloc)
 * has no 'collective' prefix: '' (its head signs in their own post).
 */
export function signaturePrefix(issuerKind: string, role: 'collective' | 'deputy', of?: string): string {
  if (role === 'collective' && !of && NO_COLLECTIVE.has(issuerKind)) return '';
  const party = familyOf(issuerKind) === 'party';
  const mark = role === 'collective' ? (party ? 'T/M' : 'TM.') : party ? 'K/T' : 'KT.';
  const named = of ?? (role === 'collective' ? (COLLECTIVE[issuerKind] ?? 'BAN CHẤP HÀNH') : (HEAD[issuerKind] ?? 'CHỦ TỊCH'));
  return `${mark} ${named.toLocaleUpperCase('vi')}`;
}

const WARD_NAME = /^(phường|xã|thị trấn|đặc khu)\s+(\S.*)$/iu;
const PARTY_HIGHER = /^(quận|huyện|thị|thành|tỉnh) ủy\s+(\S.*)$/iu;
const PARTY_AREA: Record<string, string> = { quận: 'quận', huyện: 'huyện', thị: 'thị xã', thành: 'thành phố', tỉnh: 'tỉnh' };

/** "Ủy ban nhân dân phường" + ward "Phường Đồng Tâm" → "Ủy ban nhân dân phường Đồng Tâm". */
function completeName(name: string, wardName: string): string {
  const m = WARD_NAME.exec(wardName);
  if (!m) return name;
  const kindWord = (m[1] ?? '').toLocaleLowerCase('vi');
  return name.toLocaleLowerCase('vi').endsWith(` ${kindWord}`) ? `${name} ${m[2]}` : name;
}

export interface IssuerHeader {
  header: OfficialDocument['header'];
  /** The place of the date line: the ward's name ("Phường Đồng Tâm"). */
  place: string;
  /** The body the document is issued as (the Party Committee for its Standing Committee). */
  issuer: OrgRow;
}

/**
 * The header lines of a document issued by `org`, completed with the ward's name. Party: the
 * higher body ("Quận ủy Hai Bà Trưng" is printed "ĐẢNG BỘ QUẬN HAI BÀ TRƯNG") and the body in
 * capitals; the Standing Committee issues as the Party Committee. State: the body's name split
 * before the ward ("ỦY BAN NHÂN DÂN" / "PHƯỜNG ĐỒNG TÂM"). The higher body is the one above the
 * ward on the paper's date `on` (YYYY-MM-DD, default today; units `higherBodyOn`, D64).
 */
export async function issuerHeader(q: Queryable, wardId: string, org: OrgRow, on: string = todayInVietnam()): Promise<IssuerHeader> {
  const ward = await getWardUnit(q, { wardId }, wardId);
  const wardName = ward?.name ?? '';
  const up = (s: string) => s.toLocaleUpperCase('vi');
  const body = await numberingBody(q, wardId, org);
  const name = completeName(body.name, wardName);
  if (familyOf(body.kind) === 'state') {
    const m = WARD_NAME.exec(wardName);
    const at = m ? up(name).lastIndexOf(` ${up(m[1] ?? '')} `) : -1;
    const issuer = at > 0 ? `${up(name).slice(0, at)}\n${up(name).slice(at + 1)}` : up(name);
    const higherState = body.higher_body ? await higherBodyOn(q, wardId, body.higher_body, on) : null;
    return { header: { higherBody: higherState ? up(higherState) : null, issuer }, place: wardName, issuer: body };
  }
  let higher = body.higher_body;
  if (!higher && body.parent_id) higher = (await getOrg(q, { wardId }, body.parent_id))?.name ?? null;
  if (higher) {
    const pm = PARTY_HIGHER.exec(higher);
    if (pm) higher = `Đảng bộ ${PARTY_AREA[(pm[1] ?? '').toLocaleLowerCase('vi')] ?? ''} ${pm[2]}`;
    else if (/^đảng ủy\s/iu.test(higher)) higher = completeName(higher.replace(/^đảng ủy/iu, 'Đảng bộ'), wardName);
    else higher = completeName(higher, wardName);
    higher = await higherBodyOn(q, wardId, higher, on);
  }
  return { header: { higherBody: higher ? up(higher) : null, issuer: up(name) }, place: wardName, issuer: body };
}

export interface Letterhead extends IssuerHeader {
  kind: HeadKind;
  /** Left column, top to bottom: the higher body (if any) and the issuing body, in capitals. */
  left: string[];
  /** Whether the first left line is the higher body (printed not bold), not part of the body's name. */
  higher: boolean;
  /** Left column mark beneath the body: "*" for Party papers, a short rule otherwise. */
  mark: 'star' | 'rule';
  /** Right column: the first line, and the second (or ''). */
  right: readonly [string, string];
  /**
   * "T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN", "T/M BAN CHẤP HÀNH": for the body the paper is of, not
   * the one it is issued as (the Standing Committee signs for itself under the Party Committee's
   * letterhead, HD 36-HD/VPTW).
   */
  signPrefix: string;
}

/**
 * The letterhead of a paper issued by `org` in ward `wardId`: left lines from `issuerHeader` (so a
 * Standing Committee issues as the Party Committee, a state body's name splits before the ward),
 * right lines by `headKindOf`; the higher body as on the paper's date `on` (default today). Errors:
 * none of its own (an org of another ward is the caller's 404).
 */
export async function letterheadOf(q: Queryable, wardId: string, org: OrgRow, on?: string): Promise<Letterhead> {
  const { header, place, issuer } = await issuerHeader(q, wardId, org, on);
  const parent = org.parent_id ? await getOrg(q, { wardId }, org.parent_id) : null;
  const kind = headKindOf(org, parent);
  const body = header.issuer.split('\n').filter(Boolean);
  const left = header.higherBody ? [header.higherBody, body.join(' ')] : body;
  return { kind, header, left, higher: !!header.higherBody, mark: MARKS[kind], right: RIGHT_LINES[kind], place, issuer, signPrefix: signaturePrefix(org.kind, 'collective') };
}

/** What a caller gives to render: the document without its header (made from the issuer). */
export type RenderInput = Omit<OfficialDocument, 'header' | 'place' | 'typeName'> & {
  issuerOrgId: string;
  docType: DocType;
  /** Overrides the ward's name in the date line. */
  place?: string;
  /** Overrides the type name ("THÔNG BÁO" from the type). */
  typeName?: string;
};

const ASCII_SAFE = /[\\/:*?"<>|]+/g;

/**
 * Renders a document of `input.issuerOrgId` as .docx with the profile in force for that body on
 * `input.date`; an unnumbered draft prints "Số      -TB/ĐU" / "Số:      /TB-UBND".
 * Returns `{ docx, filename: "Thông báo 12-TB-ĐU.docx", profileCode }`. Errors: 404 unknown
 * issuer; 422 no profile.
 */
export async function renderDocument(q: Queryable, actor: Pick<Actor, 'wardId'>, input: RenderInput): Promise<{ docx: Buffer; filename: string; profileCode: string }> {
  const org = await getOrg(q, actor, input.issuerOrgId);
  if (!org) throw notFound();
  // One letterhead rule for every paper (D61), with the superior body of the document's date (D64).
  const { header, place, issuer, kind } = await letterheadOf(q, actor.wardId, org, input.date);
  const profile = await resolveProfile(q, actor.wardId, issuer.kind, input.date);
  const spec = specForHead(profile.spec, kind);
  const family = familyOf(issuer.kind);
  const { issuerOrgId: _i, docType, place: placeOverride, typeName, ...doc } = input;
  const draftSymbol = formatSymbol(spec, '      ', docType, abbreviationOf(issuer), family);
  const content = { ...doc, header, place: placeOverride ?? place, typeName: typeName ?? typeNameOf(docType), draftSymbol };
  // Everything the file is made of is in the key: the same input gives the cached bytes.
  const docx = await cachedRender(renderKey('docx', { profile: profile.row.id, spec, content }), () => renderOfficialDocx(spec, content));
  const label = DOC_TYPES[docType].name;
  const filename = `${label} ${input.numberText ? input.numberText.replace(ASCII_SAFE, '-') : 'dự thảo'}.docx`;
  return { docx, filename, profileCode: profile.row.code };
}

/**
 * As `renderDocument`, converted to PDF by LibreOffice (export/pdf.ts). Errors: 503
 * `doc.err.pdfUnavailable` when LibreOffice is not installed or the conversion fails.
 */
export async function renderPdf(q: Queryable, actor: Pick<Actor, 'wardId'>, input: RenderInput): Promise<{ pdf: Buffer; filename: string; profileCode: string }> {
  if (!isPdfAvailable()) throw new AppError(503, 'doc.err.pdfUnavailable');
  const r = await renderDocument(q, actor, input);
  try {
    const pdf = await cachedRender(renderKey('pdf', createHash('sha256').update(r.docx).digest('hex')), () => docxToPdf(r.docx));
    return { pdf, filename: r.filename.replace(/\.docx$/, '.pdf'), profileCode: r.profileCode };
  } catch {
    throw new AppError(503, 'doc.err.pdfUnavailable');
  }
}

/**
 * A sample document laid out by profile `id` (the notice of 10/02/2017 as its text), issued as
 * the ward's first body of a kind the profile applies to, so an office sees a profile before it
 * applies. Returns `{ docx, filename }`. Errors: 404 unknown profile; 422 no such body in the ward.
 */
export async function renderSample(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<{ docx: Buffer; filename: string }> {
  const profile = await getProfile(q, actor, id);
  const parsed = parseSpec(profile.spec);
  if (!parsed.ok) throw notFound();
  const org = (await listOrgs(q, actor)).find((o) => profile.kinds.includes(o.kind));
  if (!org) throw new AppError(422, 'doc.err.noProfile', { date: profile.effective_from });
  const { header, place, issuer, kind } = await letterheadOf(q, actor.wardId, org, profile.effective_from);
  const spec = specForHead(parsed.spec, kind);
  const family = familyOf(issuer.kind);
  const sample = foundingNotice();
  const signature = { ...sample.signature, prefix: signaturePrefix(issuer.kind, 'collective') };
  const doc: OfficialDocument = { ...sample, signature, header, place, date: profile.effective_from, typeName: typeNameOf('TB'), numberText: formatSymbol(spec, 12, 'TB', abbreviationOf(issuer), family) };
  return { docx: await renderOfficialDocx(spec, doc), filename: `Mẫu ${profile.code}.docx` };
}

export interface ProfileView extends ProfileRow {
  kinds: string[];
}

/** Profiles a ward can use (its own and the built-in ones), for the office's page. */
export async function listProfiles(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<ProfileView[]> {
  return (await profileRows(q, actor.wardId)).map((r) => ({ ...r, kinds: kindsOf(r) }));
}

/** One profile the ward can use, or 404. */
export async function getProfile(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<ProfileView> {
  const r = await profileRow(q, actor.wardId, id);
  if (!r) throw notFound();
  return { ...r, kinds: kindsOf(r) };
}

/**
 * Adds a profile of the actor's ward (command `document_profile.create`, permission
 * 'ward.office'). The spec is JSON checked against `ProfileSpec`; the kinds must belong to the
 * family; the code must be new among the ward's and the built-in profiles. Returns the id.
 * Errors: 403; 400 with the field (`spec` names the first problem, e.g. "national.0.style.size").
 */
export async function createProfile(db: Db, actor: Actor, input: ProfileInput): Promise<string> {
  return runCommand(db, actor, 'document_profile.create', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const parsed = parseSpec(input.spec);
    if (!parsed.ok) throw new ValidationError({ spec: `${vi['doc.err.spec']}: ${parsed.problem}` });
    const allowed: readonly string[] = input.family === 'party' ? PARTY_KINDS : STATE_KINDS;
    if (input.org_kinds.some((k) => !allowed.includes(k))) throw new ValidationError({ org_kinds: 'doc.err.kindFamily' });
    if (await profileByCode(c.trx, actor.wardId, input.code)) throw new ValidationError({ code: 'doc.err.codeTaken' });
    if (input.based_on_id && !(await profileRow(c.trx, actor.wardId, input.based_on_id))) throw new ValidationError({ based_on_id: 'err.choice' });
    const id = newId();
    const row = {
      id,
      ward_id: actor.wardId,
      code: input.code,
      name: input.name,
      family: input.family,
      org_kinds: JSON.stringify(input.org_kinds),
      effective_from: input.effective_from,
      effective_to: input.effective_to,
      spec: JSON.stringify(parsed.spec),
      based_on_id: input.based_on_id,
      note: input.note,
      created_at: nowIso(),
      created_by: actor.userId,
    };
    await insertProfileRow(c.trx, row);
    await c.audit({ action: 'document_profile.create', entityType: 'document_profile', entityId: id, summary: `${input.code} (${input.effective_from})`, after: row });
    return id;
  });
}

/** Terms recorded in the ward, by body. */
export function listTerms(q: Queryable, actor: Pick<Actor, 'wardId'>) {
  return wardTermRows(q, actor.wardId);
}

/**
 * Records a term of a body (command `body_term.create`, permission 'ward.office'): name
 * ("2020 - 2025" from the years when not given), first and last day. Errors: 403; 400 unknown
 * body or a term overlapping one already recorded for it.
 */
export async function recordBodyTerm(db: Db, actor: Actor, input: TermInput): Promise<string> {
  return runCommand(db, actor, 'body_term.create', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const org = await getOrg(c.trx, actor, input.org_id);
    if (!org) throw new ValidationError({ org_id: 'err.unknownOrg' });
    const end = input.end_on ?? '9999-12-31';
    const overlaps = (await termRows(c.trx, actor.wardId, org.id)).some((t) => t.start_on <= end && (t.end_on ?? '9999-12-31') >= input.start_on);
    if (overlaps) throw new ValidationError({ start_on: 'doc.err.termOverlap' });
    const name = input.name ?? `${input.start_on.slice(0, 4)} - ${input.end_on ? input.end_on.slice(0, 4) : Number(input.start_on.slice(0, 4)) + 5}`;
    const row = { id: newId(), ward_id: actor.wardId, org_id: org.id, name, start_on: input.start_on, end_on: input.end_on, created_at: nowIso() };
    await insertTermRow(c.trx, row);
    await c.audit({ action: 'body_term.create', entityType: 'organization', entityId: org.id, summary: `${org.name}: ${name}`, after: row });
    return row.id;
  });
}
