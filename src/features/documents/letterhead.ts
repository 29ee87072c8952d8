// The right column of a body's letterhead by the rules of its own system (Party, state, Front,
// Youth Union, associations), for printed tables (the schedule's print view and XLSX); the left
// column and the whole `letterheadOf` are in service.ts, beside `issuerHeader`.
import type { OfficialSpec } from '../../export/docx.ts';
import type { OrgRow } from '../orgs/service.ts';
import { familyOf } from './profiles.ts';

/** Which system's rules a body's papers follow (docs/DESIGN.md D56, D61). */
export type HeadKind = 'party' | 'state' | 'front' | 'youth' | 'farmers' | 'association';

/**
 * The right column of the letterhead by system (what sits where the Quốc hiệu sits):
 * - party: "ĐẢNG CỘNG SẢN VIỆT NAM", underlined (Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng
 *   Trung ương Đảng, mục "Tiêu đề"); the issuing body on the left with a star beneath.
 * - state: the Quốc hiệu and Tiêu ngữ "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do -
 *   Hạnh phúc" (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.1).
 * - front: the Ủy ban MTTQ Việt Nam prints the Quốc hiệu and Tiêu ngữ on the right as well
 *   (Hướng dẫn 91/HD-MTTW-BTT ngày 08/4/2013 của Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam
 *   về thể thức và kỹ thuật trình bày văn bản trong hệ thống MTTQ các cấp).
 * - youth: the Đoàn TNCS Hồ Chí Minh prints its own heading "ĐOÀN TNCS HỒ CHÍ MINH" there, no
 *   Quốc hiệu (Hướng dẫn 29-HD/TWĐTN-VP ngày 29/10/2013 của Ban Bí thư Trung ương Đoàn về thể
 *   thức văn bản của Đoàn, mục "Tiêu đề"); chi đoàn the same.
 * - farmers: the Hội Nông dân prints as Party bodies do, with nothing on the right but the dated
 *   line: the body with "*" beneath, "Số 664-CV/HNDTW" (Công văn 664-CV/HNDTW ngày 20/7/2014 of
 *   the Ban Chấp hành Trung ương Hội Nông dân Việt Nam, as published by it; no guide of its own found).
 * - association: Công đoàn (Quy định ban hành kèm Quyết định 933/QĐ-TLĐ ngày 14/5/2024 của Đoàn Chủ
 *   tịch Tổng Liên đoàn Lao động Việt Nam: the Quốc hiệu on the right), Hội LHPN, Hội CCB, Hội NCT and
 *   their branches print the Quốc hiệu and Tiêu ngữ (for the last three by common practice: their
 *   own guides were not found; docs/DESIGN.md D61).
 */
export const RIGHT_LINES: Record<HeadKind, readonly [string, string]> = {
  party: ['ĐẢNG CỘNG SẢN VIỆT NAM', ''],
  state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  front: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  youth: ['ĐOÀN TNCS HỒ CHÍ MINH', ''],
  farmers: ['', ''],
  association: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
};

/** The mark beneath the issuing body: "*" in the Party's, the Youth Union's and the Hội Nông dân's papers, a short rule otherwise. */
export const MARKS: Record<HeadKind, 'star' | 'rule'> = { party: 'star', state: 'rule', front: 'rule', youth: 'star', farmers: 'star', association: 'rule' };

const YOUTH = /^(chi\s+)?đoàn(\s+thanh\s+niên|\s+tncs|\s|$)/iu;
const FARMERS = /^(chi\s+)?hội\s+nông\s+dân(\s|$)/iu;
const FRONT_KINDS = new Set(['fatherland_front', 'front_work_group']);

/**
 * The system of a body: state for people's councils and committees, front for the Front and its
 * work groups, youth for the Đoàn and a chi đoàn (by name, or a branch under the Đoàn), farmers for
 * the Hội Nông dân and its chi hội (the same way), party for
 * Party bodies, association for the other mass organizations, associations and their branches.
 */
export function headKindOf(org: Pick<OrgRow, 'kind' | 'name'>, parent?: Pick<OrgRow, 'kind' | 'name'> | null): HeadKind {
  if (familyOf(org.kind) === 'state') return 'state';
  if (FRONT_KINDS.has(org.kind)) return 'front';
  if (org.kind === 'mass_organization' || org.kind === 'association' || org.kind === 'branch') {
    const by = (re: RegExp) => re.test(org.name.trim()) || (org.kind === 'branch' && !!parent && re.test(parent.name.trim()));
    if (by(YOUTH)) return 'youth';
    if (by(FARMERS)) return 'farmers';
    return 'association';
  }
  return 'party';
}

const QUOC_HIEU: OfficialSpec['national'] = [
  { text: RIGHT_LINES.state[0], style: { size: 13, bold: true, caps: true }, rule: false },
  { text: RIGHT_LINES.state[1], style: { size: 14, bold: true }, rule: true },
];

/**
 * The profile `spec` with the right column and the mark of a `kind` body's letterhead, for the
 * Word documents: a profile already printing the kind's first right line (the Party profile for a
 * Party body, the state one for a state body, or a ward's own profile made for the kind) is kept
 * as it is; otherwise the Quốc hiệu and Tiêu ngữ at NĐ 30/2020 sizes (13 pt capitals, 14 pt with a
 * rule beneath), "ĐOÀN TNCS HỒ CHÍ MINH" set as the Party sets its heading (15 pt, bold, underlined),
 * or nothing (the Hội Nông dân), with `MARKS[kind]` under the body.
 */
export function specForHead(spec: OfficialSpec, kind: HeadKind): OfficialSpec {
  const [first] = RIGHT_LINES[kind];
  if ((spec.national[0]?.text ?? '') === first) return spec;
  const national = first === '' ? [] : first === RIGHT_LINES.state[0] ? QUOC_HIEU : [{ text: first, style: { size: 15, bold: true, caps: true, underline: true }, rule: false }];
  // Beside the Quốc hiệu the body's name is set at the state's sizes (NĐ 30/2020: 13 pt), as the
  // Front's guide (91/HD-MTTW-BTT, after Thông tư 01/2011/TT-BNV) and the associations' papers do.
  const issuer = national === QUOC_HIEU ? { higher: { size: 13, caps: true }, body: { size: 13, bold: true, caps: true } } : {};
  return { ...spec, national, issuer: { ...spec.issuer, ...issuer, mark: MARKS[kind] } };
}
