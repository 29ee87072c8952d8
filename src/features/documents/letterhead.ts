// The right column of a body's letterhead by the rules of its own system (Party, state, Front,
// Youth Union, associations), for printed tables (the schedule's print view and XLSX); the left
// column and the whole `letterheadOf` are in service.ts, beside `issuerHeader`.
import type { OrgRow } from '../orgs/service.ts';
import { familyOf } from './profiles.ts';

/** Which system's rules a body's papers follow. */
export type HeadKind = 'party' | 'state' | 'front' | 'youth' | 'association';

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
 * - association: Hội LHPN, Hội CCB, Hội Nông dân, Công đoàn, Hội NCT and their branches print the
 *   Quốc hiệu and Tiêu ngữ as state bodies do (their guides follow NĐ 30/2020 for the layout; no
 *   national guide of each association was checked: see docs/DESIGN.md D56).
 */
export const RIGHT_LINES: Record<HeadKind, readonly [string, string]> = {
  party: ['ĐẢNG CỘNG SẢN VIỆT NAM', ''],
  state: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  front: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  youth: ['ĐOÀN TNCS HỒ CHÍ MINH', ''],
  association: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
};

const YOUTH = /^(chi\s+)?đoàn(\s+thanh\s+niên|\s+tncs|\s|$)/iu;
const FRONT_KINDS = new Set(['fatherland_front', 'front_work_group']);

/**
 * The system of a body: state for people's councils and committees, front for the Front and its
 * work groups, youth for the Đoàn and a chi đoàn (by name, or a branch under the Đoàn), party for
 * Party bodies, association for the other mass organizations, associations and their branches.
 */
export function headKindOf(org: Pick<OrgRow, 'kind' | 'name'>, parent?: Pick<OrgRow, 'kind' | 'name'> | null): HeadKind {
  if (familyOf(org.kind) === 'state') return 'state';
  if (FRONT_KINDS.has(org.kind)) return 'front';
  if (org.kind === 'mass_organization' || org.kind === 'association' || org.kind === 'branch') {
    if (YOUTH.test(org.name.trim()) || (org.kind === 'branch' && parent && YOUTH.test(parent.name.trim()))) return 'youth';
    return 'association';
  }
  return 'party';
}
