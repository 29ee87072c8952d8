// The demo ward of the founding document (news post of 13/02/2017): its organizations, the three
// people the post names with every post it gives them as of 10/02/2017, enough further people
// for every page to look real, a second ward for tenancy, and one demo account per role.
import type { Db, Queryable } from '../db/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import { markSystem, runCommand, type CommandContext } from '../platform/command.ts';
import { writeAudit } from '../platform/audit.ts';
import { newId } from '../db/dialect.ts';
import { registerBanner } from '../platform/http/banners.ts';
import { demoWasRemoved, insertUnit } from '../features/units/service.ts';
import { insertOrg, insertOrgRelation, type OrgKind } from '../features/orgs/service.ts';
import { demoWardOrgs } from '../features/orgs/demo.ts';
import { insertMembership, insertPerson, insertPosition } from '../features/people/service.ts';
import { anyAccount, insertUser } from '../features/users/service.ts';
import type { Role } from '../platform/auth/roles.ts';
import { makePerson, rng } from '../lib/demo-names.ts';
import { loadPortalDemo } from '../features/portal/demo.ts';
import { loadProgrammesDemo } from '../features/programmes/demo.ts';
import { issueDemoDocuments, loadMeetingsDemo } from '../features/meetings/demo.ts';
import { loadDocumentsDemo } from '../features/documents/demo.ts';
import { loadReportsDemo } from '../features/reports/demo.ts';
import { readFoundingDocument } from '../features/portal/demo.ts';

export const DEMO_WARD_CODE = 'DEMO-DONGTAM';
export const DEMO_PASSWORD = 'roviec-demo-2017';

/** Demo accounts (username → role, organization short name for org-scoped roles). */
export const DEMO_ACCOUNTS: { username: string; role: Role; org?: string; ward?: 'B' | 'city'; display: string }[] = [
  { username: 'quantri', role: 'admin', display: 'Quản trị hệ thống' },
  { username: 'thuongvu', role: 'standing', display: 'Dương Ngọc Dũng' },
  { username: 'vanphong', role: 'office', display: 'Nguyễn Thu Trang' },
  { username: 'phunu', role: 'org_head', org: 'Hội LHPN', display: 'Trần Thị Thu Hà' },
  { username: 'hoivien', role: 'member', org: 'Hội LHPN', display: 'Lê Thị Mai' },
  { username: 'bientap', role: 'editor', display: 'Vũ Minh Đức' },
  { username: 'thanhpho', role: 'standing', ward: 'city', display: 'Ban Dân vận Thành ủy' },
  { username: 'vinhtuy.doan', role: 'org_head', org: 'Đoàn TN', ward: 'B', display: 'Bùi Quang Huy' },
];

export async function demoLoaded(q: Queryable): Promise<boolean> {
  const row = await q.selectFrom('unit').select('id').where('code', '=', DEMO_WARD_CODE).executeTakeFirst();
  return !!row;
}

/**
 * What `roviec serve` does with the demo at start-up when the configuration allows it (ROVIEC_DEMO=1,
 * or unset outside production): loads it into an empty database — no demo, no account, and the
 * demo never removed from it (`roviec demo remove` leaves DEMO_REMOVED_KEY; only an explicit
 * `roviec demo` loads it again, D36). Returns whether it loaded.
 */
export async function loadDemoOnStart(db: Db): Promise<boolean> {
  if ((await demoLoaded(db)) || (await anyAccount(db)) || (await demoWasRemoved(db))) return false;
  await loadDemo(db);
  return true;
}

// Administrators of a database that holds the demo wards (whose password is published) see it on
// every page until `roviec demo remove` takes them out (asked once per unit-tree version, D34).
registerBanner({ key: 'setup.demoBanner', audience: ['admin'], active: demoLoaded });

// The ward's own organizations: template 2017 (features/orgs/templates.ts), as the founding document names them.
const WARD_ORGS = demoWardOrgs();

const TDP_COUNT = 10;

export async function loadDemo(db: Db): Promise<string> {
  if (await demoLoaded(db)) {
    const row = await db.selectFrom('unit').select('id').where('code', '=', DEMO_WARD_CODE).executeTakeFirstOrThrow();
    return row.id;
  }
  const sys: Actor = systemActor('', 'Dữ liệu mẫu');
  // One command `demo.load` by the system; every record it makes writes its own audit row.
  return runCommand(db, sys, 'demo.load', async (c) => {
    markSystem(c.actor);
    const trx = c.trx;
    // Units: the 2017 shape (city > district > ward > groups) and, from 01/07/2025, city > ward.
    const city = await insertUnit(trx, sys, { kind: 'thanh_pho', name: 'Thành phố Hà Nội', code: '01', valid_from: '1945-09-02', valid_to: null, parent_id: null, ward_id: null });
    const district = await insertUnit(trx, sys, { kind: 'quan', name: 'Quận Hai Bà Trưng', code: '007', valid_from: '1981-01-01', valid_to: '2025-06-30', parent_id: city, ward_id: null });
    const wardA = await insertUnit(trx, sys, { kind: 'phuong', name: 'Phường Đồng Tâm', code: DEMO_WARD_CODE, valid_from: '1982-01-01', valid_to: null, parent_id: district, ward_id: null });
    const wardB = await insertUnit(trx, sys, { kind: 'phuong', name: 'Phường Vĩnh Tuy', code: 'DEMO-VINHTUY', valid_from: '1982-01-01', valid_to: null, parent_id: district, ward_id: null });
    for (const w of [wardA, wardB]) {
      await trx.updateTable('unit_parent').set({ valid_to: '2025-06-30' }).where('unit_id', '=', w).execute();
      await trx.insertInto('unit_parent').values({ id: newId(), unit_id: w, parent_id: city, valid_from: '2025-07-01', valid_to: null }).execute();
    }
    const a: Actor = systemActor(wardA, 'Dữ liệu mẫu');
    const inWardA: CommandContext = { ...c, actor: a, audit: (e) => writeAudit(trx, a, e) };
    const tdp: string[] = [];
    for (let i = 1; i <= TDP_COUNT; i++) {
      tdp.push(await insertUnit(trx, a, { kind: 'to_dan_pho', name: `Tổ dân phố số ${i}`, code: null, valid_from: '2000-01-01', valid_to: null, parent_id: wardA, ward_id: wardA }));
    }

    // Organizations of the ward, then branches in the residential groups.
    const org = new Map<string, string>();
    let order = 0;
    for (const o of WARD_ORGS) {
      const id = await insertOrg(trx, a, {
        kind: o.kind,
        name: o.name,
        short_name: o.short_name,
        unit_id: wardA,
        parent_id: o.parentKey ? (org.get(o.parentKey) ?? null) : null,
        higher_body: o.higher_body ?? null,
        sort_order: (order += 10),
        valid_from: '2015-01-01',
        valid_to: null,
      });
      org.set(o.key, id);
    }
    const byShort = new Map(WARD_ORGS.map((o) => [o.short_name, org.get(o.key) as string]));
    const branchOf = async (parentKey: string, label: string, kind: OrgKind, from: number, to: number): Promise<string[]> => {
        const ids: string[] = [];
        for (let i = from; i <= to; i++) {
          ids.push(
            await insertOrg(trx, a, {
              kind,
              name: `${label} Tổ dân phố số ${i}`,
              // The short name says which group ("Chi hội Phụ nữ TDP 3"): a branch post prints with it (orgs/post-name.ts).
              short_name: `${label} TDP ${i}`,
              unit_id: tdp[i - 1] as string,
              parent_id: org.get(parentKey) ?? null,
              higher_body: null,
              sort_order: (order += 1),
              valid_from: '2015-01-01',
              valid_to: null,
            }),
          );
        }
        return ids;
    };
    const cells = await branchOf('du', 'Chi bộ', 'party_cell', 1, TDP_COUNT);
    const fronts = await branchOf('mttq', 'Ban công tác Mặt trận', 'front_work_group', 1, TDP_COUNT);
    const pnBranches = await branchOf('pn', 'Chi hội Phụ nữ', 'branch', 1, 6);
    const doanBranches = await branchOf('doan', 'Chi đoàn', 'branch', 1, 4);
    const ccbBranches = await branchOf('ccb', 'Chi hội Cựu chiến binh', 'branch', 1, 4);
    const nctBranches = await branchOf('nct', 'Chi hội Người cao tuổi', 'branch', 1, 4);
    // Since 01/07/2025 the socio-political organizations sit under the Fatherland Front.
    for (const k of ['doan', 'pn', 'ccb', 'cd', 'nct']) {
      await insertOrgRelation(trx, a, org.get(k) as string, org.get('mttq') as string, 'umbrella', '2025-07-01');
    }
    for (const k of ['mttq', 'doan', 'pn', 'ccb', 'cd', 'nct']) {
      await insertOrgRelation(trx, a, org.get(k) as string, org.get('kdv') as string, 'guided_by', '2015-01-01');
    }

    const O = (k: string) => org.get(k) as string;
    const person = async (full_name: string, gender: 'nam' | 'nu', extra: { birth_date?: string; phone?: string; unit?: number } = {}) =>
      insertPerson(trx, a, {
        full_name,
        gender,
        birth_date: extra.birth_date ?? null,
        phone: extra.phone ?? null,
        email: null,
        unit_id: extra.unit ? (tdp[extra.unit - 1] ?? null) : null,
        note: null,
      });
    const post = (personId: string, orgId: string, title: string, abbreviation: string | null, rank: number, start_on: string, end_on: string | null = null) =>
      insertPosition(trx, a, personId, { org_id: orgId, title, abbreviation, rank, start_on, end_on });

    // The three people the founding document names, with every post it gives them on 10/02/2017.
    const dung = await person('Dương Ngọc Dũng', 'nam', { birth_date: '1965-04-12', unit: 3 });
    await post(dung, O('du'), 'Bí thư Đảng ủy', 'Bí thư Đảng ủy', 1, '2015-08-20');
    await post(dung, O('hdnd'), 'Chủ tịch HĐND phường', 'Chủ tịch HĐND', 2, '2016-06-28', '2021-06-30');
    await post(dung, O('btv'), 'Ủy viên Ban Thường vụ', 'UV BTV', 9, '2015-08-20');
    const binh = await person('Phạm Thị Kim Bình', 'nu', { birth_date: '1968-09-03', unit: 5 });
    await post(binh, O('du'), 'Phó Bí thư Thường trực Đảng ủy', 'Phó Bí thư TTĐU', 1, '2015-08-20');
    await post(binh, O('ubkt'), 'Chủ nhiệm Ủy ban Kiểm tra Đảng ủy', 'Chủ nhiệm UBKT Đảng ủy', 2, '2015-08-20');
    await post(binh, O('kdv'), 'Trưởng Khối dân vận', 'Trưởng Khối dân vận', 3, '2015-09-15');
    await post(binh, O('btv'), 'Ủy viên Ban Thường vụ', 'UV BTV', 9, '2015-08-20');
    const hue = await person('Chu Thị Huế', 'nu', { birth_date: '1970-01-25', unit: 7 });
    await post(hue, O('ubnd'), 'Phó Chủ tịch UBND phường', 'PCT UBND', 2, '2011-07-01', '2016-06-27');
    await post(hue, O('du'), 'Phó Bí thư Đảng ủy', 'PBTĐU', 1, '2015-08-20');
    await post(hue, O('ubnd'), 'Chủ tịch UBND phường', 'Chủ tịch UBND phường', 2, '2016-06-28');
    await post(hue, O('btv'), 'Ủy viên Ban Thường vụ', 'UV BTV', 9, '2015-08-20');

    // Heads and deputies of every body, the office staff, branch leaders and members.
    const r = rng(20170210);
    const named: Record<string, string> = {};
    const headSpecs: [string, string, string, string | null, 'nam' | 'nu' | null, string?][] = [
      ['mttq', 'Chủ tịch Ủy ban MTTQ phường', 'CT UBMTTQ', 'btv', null],
      ['mttq', 'Phó Chủ tịch Ủy ban MTTQ phường', 'PCT UBMTTQ', null, null],
      ['ubnd', 'Phó Chủ tịch UBND phường', 'PCT UBND', 'btv', null],
      ['hdnd', 'Phó Chủ tịch HĐND phường', 'PCT HĐND', null, null],
      ['doan', 'Bí thư Đoàn phường', 'BT Đoàn', null, null],
      ['doan', 'Phó Bí thư Đoàn phường', 'PBT Đoàn', null, null],
      ['pn', 'Chủ tịch Hội LHPN phường', 'CT Hội LHPN', null, 'nu', 'Trần Thị Thu Hà'],
      ['pn', 'Phó Chủ tịch Hội LHPN phường', 'PCT Hội LHPN', null, 'nu'],
      ['ccb', 'Chủ tịch Hội CCB phường', 'CT Hội CCB', null, 'nam'],
      ['ccb', 'Phó Chủ tịch Hội CCB phường', 'PCT Hội CCB', null, 'nam'],
      ['cd', 'Chủ tịch Công đoàn cơ sở', 'CT Công đoàn', null, null],
      ['nct', 'Chủ tịch Hội Người cao tuổi phường', 'CT Hội NCT', null, 'nam'],
      ['vp', 'Chánh Văn phòng Đảng ủy', 'CVP Đảng ủy', null, 'nu', 'Nguyễn Thu Trang'],
      ['vp', 'Cán bộ Văn phòng Đảng ủy', 'CB VPĐU', null, null, 'Vũ Minh Đức'],
      ['ubnd', 'Trưởng Công an phường', 'Trưởng CA phường', 'btv', 'nam'],
      ['ubnd', 'Chỉ huy trưởng Ban Chỉ huy Quân sự phường', 'CHT BCHQS', 'btv', 'nam'],
    ];
    for (const [k, title, abbr, alsoBtv, gender, fixedName] of headSpecs) {
      const g = gender ?? (r() < 0.5 ? 'nam' : 'nu');
      const gen = makePerson(r, g, 1958, 1990);
      const pid = await person(fixedName ?? gen.full_name, g, { birth_date: gen.birth_date, phone: gen.phone, unit: 1 + Math.floor(r() * TDP_COUNT) });
      await post(pid, O(k), title, abbr, 1, '2016-06-28');
      if (alsoBtv) await post(pid, O('btv'), 'Ủy viên Ban Thường vụ', 'UV BTV', 9, '2015-08-20');
      await insertMembership(trx, a, pid, { org_id: O(k), member_no: null, start_on: '2015-01-01', end_on: null });
      named[title] = pid;
    }
    const branchLeaders = async (ids: string[], title: string, abbr: string, gender: 'nam' | 'nu' | null, members: number, memberGender: 'nam' | 'nu' | null, minYear: number, maxYear: number) => {
      for (const [i, branch] of ids.entries()) {
        const g = gender ?? (r() < 0.5 ? 'nam' : 'nu');
        const gen = makePerson(r, g, minYear, maxYear);
        const pid = await person(gen.full_name, g, { birth_date: gen.birth_date, phone: gen.phone, unit: i + 1 });
        await post(pid, branch, title, abbr, 5, '2017-01-01');
        await insertMembership(trx, a, pid, { org_id: branch, member_no: null, start_on: '2010-01-01', end_on: null });
        for (let m = 0; m < members; m++) {
          const mg = memberGender ?? (r() < 0.5 ? 'nam' : 'nu');
          const mp = makePerson(r, mg, minYear, maxYear);
          const mid = await person(mp.full_name, mg, { birth_date: mp.birth_date, phone: mp.phone, unit: i + 1 });
          await insertMembership(trx, a, mid, { org_id: branch, member_no: `${String(i + 1).padStart(2, '0')}-${String(m + 1).padStart(3, '0')}`, start_on: `20${10 + Math.floor(r() * 7)}-03-08`, end_on: null });
        }
      }
    };
    await branchLeaders(cells, 'Bí thư Chi bộ', 'BT Chi bộ', null, 0, null, 1950, 1975);
    await branchLeaders(fronts, 'Trưởng ban công tác Mặt trận', 'Trưởng BCTMT', null, 0, null, 1950, 1980);
    await branchLeaders(pnBranches, 'Chi hội trưởng Chi hội Phụ nữ', 'CHT Chi hội PN', 'nu', 4, 'nu', 1960, 1998);
    await branchLeaders(doanBranches, 'Bí thư Chi đoàn', 'BT Chi đoàn', null, 3, null, 1990, 2001);
    await branchLeaders(ccbBranches, 'Chi hội trưởng Chi hội Cựu chiến binh', 'CHT Chi hội CCB', 'nam', 2, 'nam', 1945, 1965);
    await branchLeaders(nctBranches, 'Chi hội trưởng Chi hội Người cao tuổi', 'CHT Chi hội NCT', null, 2, null, 1938, 1956);
    // A member of Hội LHPN for the member account.
    const mai = await person('Lê Thị Mai', 'nu', { birth_date: '1979-11-20', unit: 2 });
    await insertMembership(trx, a, mai, { org_id: pnBranches[1] as string, member_no: '02-101', start_on: '2012-03-08', end_on: null });
    await insertMembership(trx, a, mai, { org_id: O('pn'), member_no: null, start_on: '2012-03-08', end_on: null });

    // The second ward: a few bodies and people, to show that wards do not see each other.
    const b: Actor = systemActor(wardB, 'Dữ liệu mẫu');
    const bOrgs = new Map<string, string>();
    for (const [i, o] of WARD_ORGS.filter((x) => ['du', 'ubnd', 'mttq', 'doan', 'pn'].includes(x.key)).entries()) {
      bOrgs.set(o.short_name, await insertOrg(trx, b, { kind: o.kind, name: o.name, short_name: o.short_name, unit_id: wardB, parent_id: null, higher_body: null, sort_order: i * 10, valid_from: '2015-01-01', valid_to: null }));
    }
    const huy = await insertPerson(trx, b, { full_name: 'Bùi Quang Huy', gender: 'nam', birth_date: '1992-05-19', phone: null, email: null, unit_id: null, note: null });
    await insertPosition(trx, b, huy, { org_id: bOrgs.get('Đoàn TN') as string, title: 'Bí thư Đoàn phường', abbreviation: 'BT Đoàn', rank: 1, start_on: '2017-01-01', end_on: null });
    for (let i = 0; i < 12; i++) {
      const g = makePerson(r);
      await insertPerson(trx, b, { full_name: g.full_name, gender: g.gender, birth_date: g.birth_date, phone: g.phone, email: null, unit_id: null, note: null });
    }

    // One account per role.
    for (const acc of DEMO_ACCOUNTS) {
      const ward = acc.ward === 'B' ? wardB : wardA;
      const orgId = acc.org ? ((acc.ward === 'B' ? bOrgs : byShort).get(acc.org) ?? null) : null;
      const unit = acc.ward === 'city' ? city : ward;
      const personId = acc.username === 'thuongvu' ? dung : acc.username === 'hoivien' ? mai : acc.username === 'vinhtuy.doan' ? huy : null;
      await insertUser(inWardA, { username: acc.username, display_name: acc.display, password: DEMO_PASSWORD, home_ward_id: ward, person_id: personId }, [{ role: acc.role, unit_id: unit, org_id: orgId }]);
    }
    await loadPortalDemo(trx, wardA, wardB);
    await loadProgrammesDemo(trx, wardA);
    await loadDocumentsDemo(trx, a, O('du'));
    await loadMeetingsDemo(trx, wardA, readFoundingDocument().body);
    await issueDemoDocuments(c, wardA);
    await loadReportsDemo(c, wardA);
    return wardA;
  });
}
