// Benchmark data: the demo wards plus generated residents of Phường Đồng Tâm up to a stated number
// of people, a realistic share of them members of a party cell or mass-organization branch and a
// few holding (current or past) posts. Written through the people service's insert functions,
// in batched transactions, so every row has its audit row like real data.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { dialectOf } from '../../src/db/dialect.ts';
import type { Db } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { markSystem, runCommand } from '../../src/platform/command.ts';
import { systemActor } from '../../src/platform/actor.ts';
import { loadDemo } from '../../src/demo/seed.ts';
import { makePerson, pick, rng } from '../../src/lib/demo-names.ts';
import { insertMembership, insertPerson, insertPosition, listPeople } from '../../src/features/people/service.ts';
import { PeopleQuery } from '../../src/features/people/schema.ts';

export const BATCH = 500;
/** Share of generated people with a membership, of those with a second one, and with a post. */
export const SHARES = { membership: 0.35, secondMembership: 0.1, post: 0.03, postEnded: 0.3 } as const;

const POST_TITLES: Record<string, [string, string | null][]> = {
  party_cell: [['Phó Bí thư Chi bộ', 'PBT Chi bộ'], ['Chi ủy viên', 'CUV']],
  branch: [['Chi hội phó', 'CHP'], ['Ủy viên Ban Chấp hành', 'UV BCH']],
  mass_organization: [['Ủy viên Ban Chấp hành', 'UV BCH']],
};

export interface DataSizes {
  wards: number;
  units: number;
  organizations: number;
  users: number;
  peopleInWard: number;
  peopleTotal: number;
  positions: number;
  memberships: number;
  auditEvents: number;
}

export interface GeneratedData {
  wardId: string;
  sizes: DataSizes;
  generated: { people: number; positions: number; memberships: number };
  timingsMs: { migrate: number; demo: number; people: number; total: number };
}

const count = async (db: Db, table: 'unit' | 'organization' | 'app_user' | 'person' | 'position' | 'membership' | 'audit_event', wardId?: string): Promise<number> => {
  let q = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (wardId) q = q.where('ward_id', '=', wardId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

export async function generateData(db: Db, peopleTarget: number, seed = 5000): Promise<GeneratedData> {
  const t0 = performance.now();
  await migrateToLatest(db);
  const t1 = performance.now();
  const wardId = await loadDemo(db);
  const t2 = performance.now();

  const generated = await addPeople(db, wardId, peopleTarget, seed);
  const t3 = performance.now();

  const sizes: DataSizes = {
    wards: Number((await db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('is_ward', '=', 1).executeTakeFirstOrThrow()).n),
    units: await count(db, 'unit'),
    organizations: await count(db, 'organization'),
    users: await count(db, 'app_user'),
    peopleInWard: await count(db, 'person', wardId),
    peopleTotal: await count(db, 'person'),
    positions: await count(db, 'position'),
    memberships: await count(db, 'membership'),
    auditEvents: await count(db, 'audit_event'),
  };
  const ms = (a: number, b: number) => Math.round(b - a);
  return { wardId, sizes, generated, timingsMs: { migrate: ms(t0, t1), demo: ms(t1, t2), people: ms(t2, t3), total: ms(t0, t3) } };
}

/**
 * Adds generated residents to the ward until it has `peopleTarget` people (none if it has them):
 * memberships, posts, each row with its audit row, in system commands of BATCH people. A later call
 * (--scale) passes a seed of its own so the new people are not the same names again.
 */
export async function addPeople(db: Db, wardId: string, peopleTarget: number, seed = 5000): Promise<{ people: number; positions: number; memberships: number }> {
  const actor = systemActor(wardId, 'Dữ liệu đo hiệu năng');
  const groups = await db.selectFrom('unit').select('id').where('ward_id', '=', wardId).where('kind', '=', 'to_dan_pho').execute();
  const orgs = await db
    .selectFrom('organization')
    .select(['id', 'kind', 'name'])
    .where('ward_id', '=', wardId)
    .where('valid_to', 'is', null)
    .where('kind', 'in', Object.keys(POST_TITLES))
    .execute();
  if (groups.length === 0 || orgs.length === 0) throw new Error('demo ward has no residential groups or branches');
  const forMen = orgs.filter((o) => !o.name.includes('Phụ nữ'));

  const have = await count(db, 'person', wardId);
  const r = rng(seed);
  const need = Math.max(0, peopleTarget - have);
  const generated = { people: 0, positions: 0, memberships: 0 };
  for (let start = 0; start < need; start += BATCH) {
    // Bulk data through the same audited helpers, as one system command per batch.
    await runCommand(db, actor, 'bench.people', async ({ trx }) => {
      markSystem(actor);
      for (let i = start; i < Math.min(need, start + BATCH); i++) {
        const gender = r() < 0.5 ? 'nam' : 'nu';
        const p = makePerson(r, gender, 1940, 2006);
        const id = await insertPerson(trx, actor, { full_name: p.full_name, gender, birth_date: p.birth_date, phone: p.phone, email: null, unit_id: pick(r, groups).id, note: null });
        generated.people++;
        const eligible = gender === 'nu' ? orgs : forMen;
        if (r() < SHARES.membership) {
          const joined = new Set<string>();
          const memberships = r() < SHARES.secondMembership ? 2 : 1;
          for (let m = 0; m < memberships; m++) {
            const org = pick(r, eligible);
            if (joined.has(org.id)) continue;
            joined.add(org.id);
            const year = 1990 + Math.floor(r() * 35);
            await insertMembership(trx, actor, id, { org_id: org.id, member_no: null, start_on: `${year}-03-26`, end_on: null });
            generated.memberships++;
          }
        }
        if (r() < SHARES.post) {
          const org = pick(r, eligible);
          const [title, abbreviation] = pick(r, POST_TITLES[org.kind] ?? [['Ủy viên', null]]);
          const year = 2010 + Math.floor(r() * 14);
          const ended = r() < SHARES.postEnded;
          await insertPosition(trx, actor, id, { org_id: org.id, title, abbreviation, rank: 6, start_on: `${year}-01-15`, end_on: ended ? `${year + 1}-12-31` : null }, p.full_name);
          generated.positions++;
        }
      }
    });
  }
  return generated;
}

/** What the people pages must show, computed by the same service the routes call. */
export async function expectedPeople(db: Db, wardId: string, q: string): Promise<{ names: string[]; total: number }> {
  const { items, total } = await listPeople(db, systemActor(wardId), PeopleQuery.parse({ q }));
  return { names: items.map((p) => p.full_name), total };
}

/**
 * The database as a live one would be after bulk generation: fresh planner statistics, and on
 * PostgreSQL the tables vacuumed too (visibility map set), so autovacuum does not start on the new
 * rows in the middle of a measurement and take the CPU from it (it did at 300,000 articles). Then a
 * checkpoint, so the generated rows' dirty pages (PostgreSQL) or WAL frames (SQLite) are written out
 * now, not by the checkpointer during the next targets (the bench's own cluster: a superuser).
 */
export async function settle(db: Db): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await sql.raw(pg ? 'vacuum (analyze)' : 'analyze').execute(db);
  await sql.raw(pg ? 'checkpoint' : 'pragma wal_checkpoint(truncate)').execute(db);
}
