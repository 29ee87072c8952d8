// Organizations of a ward from a template (templates.ts): the plan (what WILL be created for this
// ward and its live residential groups, what already exists and is skipped) and its creation in
// one command `org.template`. The page (/app/orgs/template) and `roviec orgs template` both call
// planOrgTemplate / applyOrgTemplate. docs/DESIGN.md D37.
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { runCommand } from '../../platform/command.ts';
import { hasAccess, requireAccess } from '../../platform/access.ts';
import { forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { compareVi, fold, todayInVietnam } from '../../lib/vi/index.ts';
import { getWardUnit, listWardUnits, unitTreeOn, type UnitNode, type UnitRow } from '../units/service.ts';
import { listOrgRows, openRelation } from './repo.ts';
import { insertOrg, insertOrgRelation, orgEnded, type OrgKind, type OrgRelation } from './service.ts';
import { fillPattern, ORG_TEMPLATES, type OrgTemplate, type TemplateKey, type TemplateOrg } from './templates.ts';

/** What to create: which template, from which day (ISO), with or without the Hội Nông dân (null: only in a xã). */
export interface TemplateChoice {
  template: TemplateKey;
  validFrom: string;
  withFarmers: boolean | null;
}

/** One organization of the plan, in tree order. */
export interface PlannedOrg {
  /** `key` for a ward-level organization, `key@unitId` for one of a residential group. */
  ref: string;
  kind: OrgKind;
  name: string;
  short_name: string;
  higher_body: string | null;
  parentRef: string | null;
  unitId: string;
  unitName: string;
  validFrom: string;
  sortOrder: number;
  depth: number;
  /** The organization of the ward that already has this kind and name (not ended): it is skipped. */
  existingId: string | null;
}

export interface PlannedRelation {
  fromRef: string;
  toRef: string;
  fromName: string;
  toName: string;
  relation: OrgRelation;
  validFrom: string;
  /** Both organizations exist and are already so related: skipped. */
  exists: boolean;
}

export interface TemplatePlan {
  template: TemplateKey;
  validFrom: string;
  withFarmers: boolean;
  /** Whether the Hội Nông dân applies by default (the ward is a xã). */
  farmersByDefault: boolean;
  ward: { id: string; name: string; kind: string; validFrom: string };
  /** Live residential groups or villages, in Vietnamese order. */
  groups: { id: string; name: string }[];
  orgs: PlannedOrg[];
  relations: PlannedRelation[];
  /** Organizations and relations the action would create (the rest exist already). */
  toCreate: number;
  relationsToCreate: number;
  skipped: number;
}

export interface TemplateResult {
  created: number;
  relations: number;
  skipped: number;
}

const GROUP_KINDS: ReadonlySet<string> = new Set(['to_dan_pho', 'thon']);
const UNIT_PREFIX = /^(thành phố|tỉnh|quận|huyện|thị xã|phường|xã|thị trấn|đặc khu)\s+/iu;
const PARTY_OF: Record<string, string> = { thanh_pho: 'Thành ủy', tinh: 'Tỉnh ủy', quan: 'Quận ủy', huyen: 'Huyện ủy', thi_xa: 'Thị ủy' };
const YOUTH_OF: Record<string, string> = { thanh_pho: 'Thành đoàn', tinh: 'Tỉnh đoàn', quan: 'Quận đoàn', huyen: 'Huyện đoàn', thi_xa: 'Thị đoàn' };
/** The last day of the district level (Luật Tổ chức chính quyền địa phương 2025 took effect on 01/07/2025). */
const LAST_DISTRICT_DAY = '2025-06-30';

/** "Phường Hòa Bình" → "phường Hòa Bình" (a unit named inside an organization's name). */
export function inName(unitName: string): string {
  return unitName.replace(UNIT_PREFIX, (m) => m.toLocaleLowerCase('vi'));
}

/** "Thành phố Hà Nội" → "Hà Nội". */
const bare = (unitName: string) => unitName.replace(UNIT_PREFIX, '');

/** "Tổ dân phố số 3" → "TDP 3", "Khu phố 2" → "KP 2"; other names as they are. */
export function groupShort(name: string): string {
  return name
    .replace(/^tổ dân phố\s+(số\s+)?/iu, 'TDP ')
    .replace(/^khu phố\s+(số\s+)?/iu, 'KP ')
    .replace(/^(thôn|ấp|bản|làng)\s+số\s+/iu, '$1 ')
    .trim();
}

/** The province and (if any) district above the ward on a day, from the unit tree. */
function above(tree: UnitNode[], wardId: string): { province: UnitNode | null; district: UnitNode | null } {
  const byId = new Map(tree.map((u) => [u.id, u]));
  let province: UnitNode | null = null;
  let district: UnitNode | null = null;
  for (let u = byId.get(wardId)?.parentId ? byId.get(byId.get(wardId)?.parentId as string) : undefined; u; u = u.parentId ? byId.get(u.parentId) : undefined) {
    if (u.parentId === null && (u.kind === 'tinh' || u.kind === 'thanh_pho')) province = u;
    else if (!district && ['quan', 'huyen', 'thi_xa', 'thanh_pho'].includes(u.kind)) district = u;
  }
  return { province, district };
}

/**
 * The placeholders of templates.ts for a ward: its name as said inside an organization's name,
 * and the province's (2025) or district's (2017) bodies. For the 2017 shape a ward with no
 * district on the chosen day takes the district it had on 30/06/2025, else the province's.
 */
async function placeVars(q: Queryable, ward: UnitRow, tpl: OrgTemplate, day: string): Promise<Record<string, string | undefined>> {
  let { province, district } = above(await unitTreeOn(q, ward.id, day), ward.id);
  if (tpl.higherLevel === 'district' && !district && day > LAST_DISTRICT_DAY) {
    const before = above(await unitTreeOn(q, ward.id, LAST_DISTRICT_DAY), ward.id);
    district = before.district;
    province ??= before.province;
  }
  const vars = (u: UnitNode | null) => ({ name: u ? inName(u.name) : undefined, party: u && PARTY_OF[u.kind] ? `${PARTY_OF[u.kind]} ${bare(u.name)}` : undefined, youth: u && YOUTH_OF[u.kind] ? `${YOUTH_OF[u.kind]} ${bare(u.name)}` : undefined });
  const p = vars(province);
  const d = district ? vars(district) : p;
  return { ward: inName(ward.name), province: p.name, provinceParty: p.party, provinceYouth: p.youth, district: d.name, districtParty: d.party, districtYouth: d.youth };
}

const clip = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max).trimEnd());
const sameOrg = (kind: string, name: string) => `${kind}\u0000${fold(name)}`;

/**
 * The plan of a template for the actor's ward: every organization it would make (ward level,
 * then one set per live residential group, each named after its group), in tree order, each
 * marked with the existing organization of the same kind and name (not ended by the chosen day)
 * that makes it skipped; and the relations between them (skipped when both ends exist and are
 * already so related). Reads only; no access check (callers check).
 *
 * Errors: 404 when the actor's ward is unknown; ValidationError `valid_from` when the day is
 * before the ward was established (its unit's valid_from), unless `opts.lenient` (a form shown
 * again after a refusal): then the plan starts on the ward's first day.
 */
export async function planOrgTemplate(q: Queryable, actor: Pick<Actor, 'wardId'>, asked: TemplateChoice, opts: { lenient?: boolean } = {}): Promise<TemplatePlan> {
  const tpl = ORG_TEMPLATES[asked.template];
  const ward = await getWardUnit(q, actor, actor.wardId);
  if (!ward?.is_ward) throw notFound();
  if (asked.validFrom < ward.valid_from && !opts.lenient) throw new ValidationError({ valid_from: 'err.templateBeforeWard' });
  const choice = { ...asked, validFrom: asked.validFrom < ward.valid_from ? ward.valid_from : asked.validFrom };
  const today = todayInVietnam();
  const [units, existing, vars] = await Promise.all([listWardUnits(q, actor), listOrgRows(q, actor.wardId), placeVars(q, ward, tpl, choice.validFrom)]);
  const groups = units.filter((u) => !u.is_ward && GROUP_KINDS.has(u.kind) && (u.valid_to === null || u.valid_to >= today)).sort((a, b) => compareVi(a.name, b.name));
  const farmersByDefault = ward.kind === 'xa';
  const withFarmers = choice.withFarmers ?? farmersByDefault;
  const wanted = (o: TemplateOrg) => withFarmers || !o.farmers;
  const found = new Map<string, string>();
  for (const o of existing) if (!orgEnded(o, choice.validFrom)) found.set(sameOrg(o.kind, o.name), o.id);

  const base = Math.max(0, ...existing.map((o) => o.sort_order));
  const wardOrgs = tpl.orgs.filter(wanted);
  const planned = new Map<string, Omit<PlannedOrg, 'depth'>>();
  const seen = new Set<string>();
  const add = (spec: TemplateOrg, ref: string, parentRef: string | null, unit: { id: string; name: string; valid_from: string }, groupVars: Record<string, string>, sortOrder: number) => {
    const v = { ...vars, ...groupVars };
    const name = clip(fillPattern(spec.name, v) ?? spec.name, 200);
    const key = sameOrg(spec.kind, name);
    const existingId = found.get(key) ?? null;
    if (!existingId && seen.has(key)) return; // two groups of one name: one set of branches
    seen.add(key);
    const higher = spec.higher ? fillPattern(spec.higher, v) : null;
    const validFrom = unit.valid_from > choice.validFrom ? unit.valid_from : choice.validFrom;
    planned.set(ref, { ref, kind: spec.kind, name, short_name: clip(fillPattern(spec.short, v) ?? spec.short, 60), higher_body: higher && clip(higher, 200), parentRef, unitId: unit.id, unitName: unit.name, validFrom, sortOrder, existingId });
  };
  wardOrgs.forEach((o, i) => add(o, o.key, o.parent ?? null, ward, {}, base + (i + 1) * 10));
  const perGroup = tpl.perGroup.filter(wanted);
  const groupRef = (key: string, groupId: string) => (perGroup.some((p) => p.key === key) ? `${key}@${groupId}` : key);
  groups.forEach((g, gi) => {
    for (const o of perGroup) add(o, `${o.key}@${g.id}`, o.parent ? groupRef(o.parent, g.id) : null, g, { group: g.name, groupShort: groupShort(g.name) }, base + (wardOrgs.length + 1) * 10 + gi);
  });

  const relations: PlannedRelation[] = [];
  const specOf = (ref: string) => [...wardOrgs, ...perGroup].find((o) => o.key === ref.split('@')[0]);
  for (const from of planned.values()) {
    const groupId = from.ref.includes('@') ? from.ref.split('@')[1] : null;
    for (const r of specOf(from.ref)?.relations ?? []) {
      const to = planned.get(groupId ? groupRef(r.to, groupId) : r.to);
      if (!to) continue;
      const exists = !!(from.existingId && to.existingId && (await openRelation(q, actor.wardId, from.existingId, to.existingId, r.relation)));
      relations.push({ fromRef: from.ref, toRef: to.ref, fromName: from.name, toName: to.name, relation: r.relation, validFrom: from.validFrom > to.validFrom ? from.validFrom : to.validFrom, exists });
    }
  }
  const orgs = treeOrder([...planned.values()]);
  const toCreate = orgs.filter((o) => !o.existingId).length;
  return {
    template: choice.template,
    validFrom: choice.validFrom,
    withFarmers,
    farmersByDefault,
    ward: { id: ward.id, name: ward.name, kind: ward.kind, validFrom: ward.valid_from },
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    orgs,
    relations,
    toCreate,
    relationsToCreate: relations.filter((r) => !r.exists).length,
    skipped: orgs.length - toCreate,
  };
}

/** Parents before children, siblings by sort order then Vietnamese name; with each one's depth. */
function treeOrder(rows: Omit<PlannedOrg, 'depth'>[]): PlannedOrg[] {
  const refs = new Set(rows.map((r) => r.ref));
  const children = new Map<string | null, Omit<PlannedOrg, 'depth'>[]>();
  for (const r of rows) {
    const p = r.parentRef && refs.has(r.parentRef) ? r.parentRef : null;
    children.set(p, [...(children.get(p) ?? []), r]);
  }
  const out: PlannedOrg[] = [];
  const walk = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || compareVi(a.name, b.name));
    for (const r of list) {
      out.push({ ...r, depth });
      walk(r.ref, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Whether the actor may create a ward's organizations from a template: the ward's administrator or office. */
export function canUseOrgTemplates(q: Queryable, actor: Actor): Promise<boolean> {
  return hasAccess(q, actor, 'ward.office');
}

/** The plan for the preview page: 403 for a role that may not create the ward's organizations. */
export async function previewOrgTemplate(q: Queryable, actor: Actor, choice: TemplateChoice): Promise<TemplatePlan> {
  if (!(await canUseOrgTemplates(q, actor))) throw forbidden();
  return planOrgTemplate(q, actor, choice);
}

/**
 * Creates the plan of a template in ONE command `org.template` (admin/office of the ward, or the
 * system actor of the CLI): every organization not there yet, parents first (an existing one of
 * the same kind and name stands in for its template entry), then the relations not there yet,
 * through insertOrg / insertOrgRelation (one audit row each), and one audit event
 * `org.template` with the counts. Running it again creates nothing (everything is found) and
 * writes nothing. Returns the counts. Errors as planOrgTemplate; 403 for other roles.
 */
export async function applyOrgTemplate(db: Db, actor: Actor, choice: TemplateChoice): Promise<TemplateResult> {
  return runCommand(db, actor, 'org.template', async (c) => {
    await requireAccess(c.trx, actor, 'ward.office');
    const plan = await planOrgTemplate(c.trx, actor, choice);
    const ids = new Map<string, string>();
    for (const o of plan.orgs) {
      if (o.existingId) {
        ids.set(o.ref, o.existingId);
        continue;
      }
      const parentId = o.parentRef ? (ids.get(o.parentRef) ?? null) : null;
      const row = { kind: o.kind, name: o.name, short_name: o.short_name, unit_id: o.unitId, parent_id: parentId, higher_body: o.higher_body, sort_order: o.sortOrder, valid_from: o.validFrom, valid_to: null };
      ids.set(o.ref, await insertOrg(c.trx, actor, row));
    }
    let relations = 0;
    for (const r of plan.relations) {
      const from = ids.get(r.fromRef);
      const to = ids.get(r.toRef);
      if (r.exists || !from || !to) continue;
      await insertOrgRelation(c.trx, actor, from, to, r.relation, r.validFrom);
      relations++;
    }
    const result = { created: plan.toCreate, relations, skipped: plan.skipped };
    if (result.created + relations > 0) {
      await c.audit({
        action: 'org.template',
        entityType: 'unit',
        entityId: plan.ward.id,
        summary: `Mẫu ${plan.template}: ${result.created} tổ chức, ${relations} quan hệ (${result.skipped} đã có)`,
        after: { template: plan.template, valid_from: plan.validFrom, with_farmers: plan.withFarmers, groups: plan.groups.length, ...result },
      });
    }
    return result;
  });
}
