// The standard organizations of a ward's political system, as editable data: two templates
// (the 2025 two-level local government, and the 2017 shape with districts). A ward office creates
// them in one action (template-service.ts, /app/orgs/template, `roviec orgs template`).
// Edit this file to change what a template makes; docs/DESIGN.md D37.
import type { OrgKind, OrgRelation } from './service.ts';

export const TEMPLATE_KEYS = ['2025', '2017'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** A relation the organization has with another one of the template (org_relation, from this org to `to`). */
export interface TemplateRelation {
  /** Key of the other organization: a ward-level key, or a per-group key (then: of the same group). */
  to: string;
  relation: OrgRelation;
}

/**
 * One organization of a template. Names are patterns; the placeholders are filled from the ward
 * and the units above it (template-service.ts `placeVars`):
 * - `{ward}` "phường Hòa Bình", `{group}` "Tổ dân phố số 3", `{groupShort}` "TDP 3";
 * - `{province}` "thành phố Hà Nội", `{provinceParty}` "Thành ủy Hà Nội", `{provinceYouth}` "Thành đoàn Hà Nội";
 * - `{district}` "quận Hai Bà Trưng", `{districtParty}` "Quận ủy Hai Bà Trưng", `{districtYouth}`
 *   "Quận đoàn Hai Bà Trưng" (a ward without a district: the province's).
 * A higher body whose placeholder has no value (a ward with no province above it) is left empty.
 */
export interface TemplateOrg {
  /** Unique within the template (ward-level and per-group keys together). */
  key: string;
  kind: OrgKind;
  name: string;
  short: string;
  /** Key of the organization it sits under (parent_id). */
  parent?: string;
  /** The body above it outside the ward (higher_body). */
  higher?: string;
  relations?: readonly TemplateRelation[];
  /** Made only when the Hội Nông dân applies: a commune (xã), or when asked for. */
  farmers?: true;
}

export interface OrgTemplate {
  key: TemplateKey;
  /** Higher bodies are named after the province (2025: no district any more) or the district (2017). */
  higherLevel: 'province' | 'district';
  /** Organizations of the ward itself, parents before their children. */
  orgs: readonly TemplateOrg[];
  /** Made once in every live residential group or village of the ward, on that group's unit. */
  perGroup: readonly TemplateOrg[];
}

const umbrella = (to: string): TemplateRelation => ({ to, relation: 'umbrella' });
const guidedBy = (to: string): TemplateRelation => ({ to, relation: 'guided_by' });
const coordinates = (to: string): TemplateRelation => ({ to, relation: 'coordinates' });

/** Branches in each residential group: the same in both templates (their parents have the same keys). */
const PER_GROUP: readonly TemplateOrg[] = [
  { key: 'cb', kind: 'party_cell', name: 'Chi bộ {group}', short: 'Chi bộ {groupShort}', parent: 'du' },
  { key: 'bct', kind: 'front_work_group', name: 'Ban công tác Mặt trận {group}', short: 'BCTMT {groupShort}', parent: 'mttq', relations: [guidedBy('cb')] },
  { key: 'cpn', kind: 'branch', name: 'Chi hội Phụ nữ {group}', short: 'Chi hội PN {groupShort}', parent: 'pn' },
  { key: 'cccb', kind: 'branch', name: 'Chi hội Cựu chiến binh {group}', short: 'Chi hội CCB {groupShort}', parent: 'ccb' },
  { key: 'cdoan', kind: 'branch', name: 'Chi đoàn {group}', short: 'Chi đoàn {groupShort}', parent: 'doan' },
  { key: 'cnd', kind: 'branch', name: 'Chi hội Nông dân {group}', short: 'Chi hội ND {groupShort}', parent: 'nd', farmers: true },
  { key: 'cnct', kind: 'branch', name: 'Chi hội Người cao tuổi {group}', short: 'Chi hội NCT {groupShort}', parent: 'nct' },
];

/**
 * Template `2025`: a ward or commune of the two-level local government in force from 01/07/2025.
 *
 * Sources:
 * - Luật Tổ chức chính quyền địa phương 2025 (Luật số 72/2025/QH15) and Nghị quyết
 *   76/2025/UBTVQH15: local government has two levels, province and commune (xã, phường, đặc
 *   khu); the district level is no more, so the ward's higher bodies are the province's
 *   (HĐND and UBND of the ward under those of the province).
 * - Kết luận 137-KL/TW (28/3/2025) on arranging the administrative units and the apparatus of
 *   the political system, and Quy định 294-QĐ/TW (2025) on implementing the Party Charter: the
 *   party committee of a commune-level unit sits directly under the provincial party committee,
 *   with its standing committee, its inspection committee, and as advisory bodies the Văn phòng
 *   Đảng ủy and the Ban Xây dựng Đảng (which takes over organization, propaganda and mass
 *   mobilization work; stored with the kind `party_office`, there being no other kind for an
 *   advisory body). Party cells stay in each residential group.
 * - Nghị quyết 60-NQ/TW (12/4/2025, Hội nghị Trung ương 11 khóa XIII): the socio-political
 *   organizations (Đoàn TN, Hội LHPN, Hội CCB, Hội Nông dân, Công đoàn) and the mass
 *   associations the Party and State assign tasks to (Hội Người cao tuổi) are brought under
 *   the Vietnam Fatherland Front: here the relation `umbrella` to the Ủy ban MTTQ; the Front
 *   and the government act under the Đảng ủy's leadership (`guided_by`) and the UBND
 *   coordinates with the Front.
 * - Hội Nông dân only where it applies: a commune (xã), or a ward that asks for it.
 */
export const TEMPLATE_2025: OrgTemplate = {
  key: '2025',
  higherLevel: 'province',
  orgs: [
    { key: 'du', kind: 'party_committee', name: 'Đảng ủy {ward}', short: 'Đảng ủy', higher: '{provinceParty}' },
    { key: 'btv', kind: 'standing_committee', name: 'Ban Thường vụ Đảng ủy {ward}', short: 'BTV Đảng ủy', parent: 'du' },
    { key: 'ubkt', kind: 'inspection_committee', name: 'Ủy ban Kiểm tra Đảng ủy {ward}', short: 'UBKT Đảng ủy', parent: 'du', higher: 'Ủy ban Kiểm tra {provinceParty}' },
    { key: 'vp', kind: 'party_office', name: 'Văn phòng Đảng ủy {ward}', short: 'VP Đảng ủy', parent: 'du' },
    { key: 'xdd', kind: 'party_office', name: 'Ban Xây dựng Đảng Đảng ủy {ward}', short: 'Ban XDĐ', parent: 'du' },
    { key: 'hdnd', kind: 'people_council', name: 'Hội đồng nhân dân {ward}', short: 'HĐND', higher: 'Hội đồng nhân dân {province}', relations: [guidedBy('du')] },
    { key: 'ubnd', kind: 'people_committee', name: 'Ủy ban nhân dân {ward}', short: 'UBND', higher: 'Ủy ban nhân dân {province}', relations: [guidedBy('du'), coordinates('mttq')] },
    { key: 'mttq', kind: 'fatherland_front', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam {ward}', short: 'UBMTTQ', higher: 'Ủy ban MTTQ Việt Nam {province}', relations: [guidedBy('du')] },
    { key: 'doan', kind: 'mass_organization', name: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh {ward}', short: 'Đoàn TN', higher: '{provinceYouth}', relations: [umbrella('mttq')] },
    { key: 'pn', kind: 'mass_organization', name: 'Hội Liên hiệp Phụ nữ {ward}', short: 'Hội LHPN', higher: 'Hội LHPN {province}', relations: [umbrella('mttq')] },
    { key: 'ccb', kind: 'mass_organization', name: 'Hội Cựu chiến binh {ward}', short: 'Hội CCB', higher: 'Hội CCB {province}', relations: [umbrella('mttq')] },
    { key: 'nd', kind: 'mass_organization', name: 'Hội Nông dân {ward}', short: 'Hội ND', higher: 'Hội Nông dân {province}', relations: [umbrella('mttq')], farmers: true },
    { key: 'cd', kind: 'mass_organization', name: 'Công đoàn cơ sở {ward}', short: 'Công đoàn', higher: 'Liên đoàn Lao động {province}', relations: [umbrella('mttq')] },
    { key: 'nct', kind: 'association', name: 'Hội Người cao tuổi {ward}', short: 'Hội NCT', higher: 'Hội NCT {province}', relations: [umbrella('mttq')] },
  ],
  perGroup: PER_GROUP,
};

/**
 * Template `2017`: the shape of the founding document (the ward's organizations on 10/02/2017,
 * /work/shared/seed), which the demo ward also uses (orgs/demo.ts): the Đảng ủy with its
 * standing and inspection committees, its office and the Khối dân vận (which guides the Front
 * and the mass organizations), HĐND, UBND, Ủy ban MTTQ, the socio-political organizations and
 * the Hội NCT, their higher bodies at the district (Quận ủy, Quận đoàn, Hội … quận); branches
 * in each residential group. Sources: Điều lệ Đảng and Quy định 29-QĐ/TW (2016) on its
 * implementation (party committees of wards under the district's), Luật Tổ chức chính quyền địa
 * phương 2015 (three levels: province, district, commune).
 */
export const TEMPLATE_2017: OrgTemplate = {
  key: '2017',
  higherLevel: 'district',
  orgs: [
    { key: 'du', kind: 'party_committee', name: 'Đảng ủy {ward}', short: 'Đảng ủy', higher: '{districtParty}' },
    { key: 'btv', kind: 'standing_committee', name: 'Ban Thường vụ Đảng ủy', short: 'BTV Đảng ủy', parent: 'du' },
    { key: 'ubkt', kind: 'inspection_committee', name: 'Ủy ban Kiểm tra Đảng ủy', short: 'UBKT Đảng ủy', parent: 'du' },
    { key: 'vp', kind: 'party_office', name: 'Văn phòng Đảng ủy', short: 'VP Đảng ủy', parent: 'du' },
    { key: 'kdv', kind: 'mass_mobilization_bloc', name: 'Khối dân vận', short: 'Khối DV', parent: 'du' },
    { key: 'hdnd', kind: 'people_council', name: 'Hội đồng nhân dân {ward}', short: 'HĐND' },
    { key: 'ubnd', kind: 'people_committee', name: 'Ủy ban nhân dân {ward}', short: 'UBND', relations: [coordinates('mttq')] },
    { key: 'mttq', kind: 'fatherland_front', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam {ward}', short: 'UBMTTQ', higher: 'Ủy ban MTTQ {district}', relations: [guidedBy('kdv')] },
    { key: 'doan', kind: 'mass_organization', name: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh {ward}', short: 'Đoàn TN', higher: '{districtYouth}', relations: [guidedBy('kdv')] },
    { key: 'pn', kind: 'mass_organization', name: 'Hội Liên hiệp Phụ nữ {ward}', short: 'Hội LHPN', higher: 'Hội LHPN {district}', relations: [guidedBy('kdv')] },
    { key: 'ccb', kind: 'mass_organization', name: 'Hội Cựu chiến binh {ward}', short: 'Hội CCB', higher: 'Hội CCB {district}', relations: [guidedBy('kdv')] },
    { key: 'nd', kind: 'mass_organization', name: 'Hội Nông dân {ward}', short: 'Hội ND', higher: 'Hội Nông dân {district}', relations: [guidedBy('kdv')], farmers: true },
    { key: 'cd', kind: 'mass_organization', name: 'Công đoàn cơ sở {ward}', short: 'Công đoàn', higher: 'Liên đoàn Lao động {district}', relations: [guidedBy('kdv')] },
    { key: 'nct', kind: 'association', name: 'Hội Người cao tuổi {ward}', short: 'Hội NCT', higher: 'Hội NCT {district}', relations: [guidedBy('kdv')] },
  ],
  perGroup: PER_GROUP,
};

export const ORG_TEMPLATES: Readonly<Record<TemplateKey, OrgTemplate>> = { '2025': TEMPLATE_2025, '2017': TEMPLATE_2017 };

export const isTemplateKey = (s: unknown): s is TemplateKey => typeof s === 'string' && (TEMPLATE_KEYS as readonly string[]).includes(s);

/**
 * Fills `{name}` placeholders of a pattern from `vars`. Returns null when a placeholder has no
 * (or an empty) value, so a caller can leave the field empty rather than write half a name.
 */
export function fillPattern(pattern: string, vars: Readonly<Record<string, string | undefined>>): string | null {
  let missing = false;
  const out = pattern.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = vars[k];
    if (!v) missing = true;
    return v ?? '';
  });
  return missing ? null : out.replace(/\s+/g, ' ').trim();
}
