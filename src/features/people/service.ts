import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type CommandTx } from '../../platform/command.ts';
import { requireAccess, requireThat } from '../../platform/access.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { fold, personBinarySortKey, searchesNothing, searchWords, todayInVietnam } from '../../lib/vi/index.ts';
import { filterOrg, getOrg, listOrgs, printedPost, writableOrgIds, type PostWithOrg } from '../orgs/service.ts';
import { groupBy } from '../../lib/group.ts';
import {
  activeOrgIdsOf,
  openOrgIdsOf,
  findPeople,
  getMembershipRow,
  getPersonRow,
  getPositionRow,
  membershipRows,
  positionRows,
  type MembershipRow,
  type PersonRow,
  type PositionRow,
} from './repo.ts';
import type { EndInput, MembershipInput, MembershipUpdateInput, PeopleQuery, PersonCreateInput, PersonInput, PersonUpdateInput, PositionInput, PositionUpdateInput, SpanEndInput } from './schema.ts';
import { toLimitOffset } from '../../platform/list.ts';
import { allowedPeopleSort, withPersonalData } from './personal.ts';
import { assertBirthDate, assertNoOverlap, assertStartNotTooFar } from './rules.ts';

export type { PersonRow, PositionRow, MembershipRow } from './repo.ts';
export { postName, printedPost, orgOfPost, type PostOrg, type PostWithOrg } from '../orgs/service.ts';
export { filterPerson } from './filters.ts';

export const PAGE_SIZE = 50;

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

/** A person as a reader sees it: personal details null and `personal_hidden` when withheld (personal.ts). */
export type ShownPerson = PersonRow & { personal_hidden: boolean };

export interface PersonListItem extends ShownPerson {
  posts: PositionRow[];
}

/** How many pages of people an organization page reads at most to find who holds a post there. */
const MAX_HOLDER_PAGES = 40;

/**
 * People holding a post in organization `orgId` on `onDate` (people followed no longer included:
 * on a past date they may have held it), each with only their posts there, in rank order; and
 * `total`, how many people take part in the organization then (posts or memberships).
 */
export async function postHoldersOf(q: Queryable, actor: Actor, orgId: string, onDate: string): Promise<{ holders: { person: PersonListItem; posts: PositionRow[] }[]; total: number }> {
  const holders: { person: PersonListItem; posts: PositionRow[] }[] = [];
  let total = 0;
  for (let page = 1; page <= MAX_HOLDER_PAGES; page++) {
    const res = await listPeople(q, actor, { q: '', org: orgId, on: onDate, ended: '1', page, page_size: PAGE_SIZE });
    total = res.total;
    for (const person of res.items) {
      const posts = person.posts.filter((p) => p.org_id === orgId);
      if (posts.length) holders.push({ person, posts });
    }
    if (page * PAGE_SIZE >= total) break;
  }
  const rank = (h: { posts: PositionRow[] }) => Math.min(...h.posts.map((p) => p.rank));
  return { holders: holders.sort((a, b) => rank(a) - rank(b)), total };
}

/**
 * "Bí thư Đảng ủy, Chủ tịch HĐND", "Bí thư Chi bộ TDP 2" — a person's posts as printed (each by
 * `postName`, post-name.ts: with where it is held when the title alone is ambiguous), in rank order.
 */
export function postsLabel(posts: PostWithOrg[], abbreviated = false): string {
  return posts.map((p) => printedPost(p, abbreviated)).join(', ');
}

/** "Dương Ngọc Dũng - Bí thư Đảng ủy, Chủ tịch HĐND", as meeting records and documents print a name. */
export function printedName(fullName: string, posts: PostWithOrg[], abbreviated = false): string {
  const label = postsLabel(posts, abbreviated);
  return label ? `${fullName} - ${label}` : fullName;
}

/** A page of the ward's people for `query`, with their posts on its date, and the filter's `total`. Errors: 404 for another ward's `org`. */
export async function listPeople(q: Queryable, actor: Actor, query: PeopleQuery): Promise<{ items: PersonListItem[]; total: number; onDate: string }> {
  const onDate = query.on ?? todayInVietnam();
  if (query.org) await filterOrg(q, actor, query.org); // 404 for another ward's organization
  if (searchesNothing(query.q)) return { items: [], total: 0, onDate };
  const { rows, total } = await findPeople(q, actor.wardId, {
    terms: searchWords(query.q),
    orgId: query.org,
    onDate,
    includeEnded: query.ended === '1',
    followedOn: query.on,
    ...toLimitOffset(query),
    ...(await allowedPeopleSort(q, actor, query)),
  });
  const posts = await positionRows(q, actor.wardId, rows.map((r) => r.id), onDate);
  const byPerson = groupBy(posts, (p) => p.person_id);
  const shown = await withPersonalData(q, actor, rows);
  return { items: shown.map((r) => ({ ...r, posts: byPerson.get(r.id) ?? [] })), total, onDate };
}

export interface PersonDetail {
  person: ShownPerson;
  posts: PositionRow[]; // all, current and past
  postsOn: PositionRow[]; // held on the requested date
  memberships: MembershipRow[];
  onDate: string;
  canEdit: boolean;
}

export async function getPerson(q: Queryable, actor: Actor, id: string, onDate: string = todayInVietnam()): Promise<PersonDetail> {
  const row = await getPersonRow(q, actor.wardId, id);
  if (!row) throw notFound();
  const [person] = (await withPersonalData(q, actor, [row])) as [ShownPerson];
  const [posts, memberships] = await Promise.all([positionRows(q, actor.wardId, [id], null), membershipRows(q, actor.wardId, [id])]);
  const postsOn = posts.filter((p) => p.start_on <= onDate && (p.end_on === null || p.end_on >= onDate));
  return { person, posts, postsOn, memberships, onDate, canEdit: await canEditPerson(q, actor, id) };
}

/** One post of the actor's ward, or 404. */
export async function getPosition(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string) {
  const pos = await getPositionRow(q, actor.wardId, id);
  if (!pos) throw notFound();
  return pos;
}

/** Posts held on a date: what drives how a name is printed in a meeting record or document. */
export function postsOnDate(q: Queryable, actor: Pick<Actor, 'wardId'>, personId: string, onDate: string): Promise<PositionRow[]> {
  return positionRows(q, actor.wardId, [personId], onDate);
}

/** Posts held on a date by each of several people (one query), keyed by person id, in rank order. */
export async function postsOnDateOf(q: Queryable, actor: Pick<Actor, 'wardId'>, personIds: readonly string[], onDate: string): Promise<Map<string, PositionRow[]>> {
  const out = new Map<string, PositionRow[]>();
  if (personIds.length === 0) return out;
  for (const r of await positionRows(q, actor.wardId, [...new Set(personIds)], onDate)) {
    const list = out.get(r.person_id) ?? [];
    list.push(r);
    out.set(r.person_id, list);
  }
  return out;
}

/**
 * Whether the actor may edit a person's own record (name, contact, unit) and end it. Admin and
 * office: anyone of the ward. An organization head: a person who takes part today (posts and
 * memberships that have started and not ended, Vietnam day) only in organizations the head may
 * write — every one of them, so a membership added in the head's organization gives no hold on a
 * person who also belongs elsewhere, and a future or ended one counts for nothing.
 */
async function canEditPerson(q: Queryable, actor: Actor, personId: string): Promise<boolean> {
  const writable = await writableOrgIds(q, actor);
  if (writable === 'all') return true;
  if (writable.size === 0) return false;
  const orgs = await activeOrgIdsOf(q, actor.wardId, personId, todayInVietnam());
  return orgs.length > 0 && orgs.every((o) => writable.has(o));
}

/**
 * Access check of a command on a person: the person's record is editable by the actor (see
 * `canEditPerson`); with `open`, also every post and membership still open (future ones
 * included), for a command that ends them all.
 */
async function assertCanEditPerson(q: Queryable, actor: Actor, personId: string, open = false): Promise<void> {
  let allowed = await canEditPerson(q, actor, personId);
  if (allowed && open) {
    const writable = await writableOrgIds(q, actor);
    allowed = writable === 'all' || (await openOrgIdsOf(q, actor.wardId, personId, todayInVietnam())).every((o) => writable.has(o));
  }
  requireThat(allowed);
}

/** The organization must be in this ward and one the actor may write in. */
async function assertOrgWritable(q: Queryable, actor: Actor, orgId: string, field = 'org_id'): Promise<void> {
  const org = await getOrg(q, actor, orgId);
  if (!org) throw new ValidationError({ [field]: 'err.unknownOrg' });
  await requireAccess(q, actor, 'org.write', [orgId]);
}

async function assertUnitInWard(q: Queryable, actor: Actor, unitId: string | null): Promise<void> {
  if (!unitId) return;
  const unit = await q.selectFrom('unit').select('id').where('id', '=', unitId).where('ward_id', '=', actor.wardId).executeTakeFirst();
  if (!unit) throw new ValidationError({ unit_id: 'err.unknownUnit' });
}

function personFields(input: PersonInput) {
  return {
    full_name: input.full_name,
    sort_key: personBinarySortKey(input.full_name),
    search_text: fold(input.full_name),
    gender: input.gender,
    birth_date: input.birth_date,
    phone: input.phone,
    email: input.email,
    unit_id: input.unit_id,
    note: input.note,
  };
}

export async function createPerson(db: Db, actor: Actor, input: PersonCreateInput): Promise<string> {
  const headOnly = !actor.roles.has('admin') && !actor.roles.has('office');
  if (headOnly && !input.membership_org_id) throw new ValidationError({ membership_org_id: 'err.required' });
  if (input.membership_org_id && !input.membership_start_on) throw new ValidationError({ membership_start_on: 'err.required' });
  assertBirthDate(input.birth_date);
  if (input.membership_start_on) assertStartNotTooFar(input.membership_start_on, 'membership_start_on');
  return runCommand(db, actor, 'person.create', async ({ trx }) => {
    await assertUnitInWard(trx, actor, input.unit_id);
    if (input.membership_org_id) await assertOrgWritable(trx, actor, input.membership_org_id, 'membership_org_id');
    else await requireAccess(trx, actor, 'org.write'); // a person outside any organization: admin, office
    const id = await insertPerson(trx, actor, input);
    if (input.membership_org_id && input.membership_start_on) {
      await insertMembership(trx, actor, id, { org_id: input.membership_org_id, member_no: null, start_on: input.membership_start_on, end_on: null });
    }
    return id;
  });
}

/** Inserts a person with its audit row, inside the caller's transaction (no access checks). */
export async function insertPerson(q: CommandTx, actor: AuditActor, input: PersonInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, ...personFields(input), ended_on: null, end_reason: null, created_at: now, updated_at: now };
  await q.insertInto('person').values(row).execute();
  await writeAudit(q, actor, { action: 'person.create', entityType: 'person', entityId: id, summary: input.full_name, after: row });
  return id;
}

export async function updatePerson(db: Db, actor: Actor, id: string, input: PersonUpdateInput): Promise<void> {
  await runCommand(db, actor, 'person.update', async ({ trx }) => {
    const before = await getPersonRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await assertCanEditPerson(trx, actor, id);
    assertBirthDate(input.birth_date);
    await assertUnitInWard(trx, actor, input.unit_id);
    const fields = { ...personFields(input), updated_at: nowIso() };
    const res = await trx
      .updateTable('person')
      .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'person.update', entityType: 'person', entityId: id, summary: input.full_name, before, after: { ...before, ...fields, version: before.version + 1 } });
  });
}

/** People are never deleted: they stop being followed from a date, with a reason. */
export async function endPerson(db: Db, actor: Actor, id: string, input: EndInput): Promise<void> {
  await runCommand(db, actor, 'person.end', async ({ trx }) => {
    const before = await getPersonRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await assertCanEditPerson(trx, actor, id, true);
    if (before.ended_on) throw new AppError(409, 'err.alreadyEnded');
    const res = await trx
      .updateTable('person')
      .set((eb) => ({ ended_on: input.ended_on, end_reason: input.reason, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    // Posts and memberships still open end on the same day; their versions move, so a form
    // opened before (edit a post) is refused as stale instead of reopening it.
    await trx.updateTable('position').set((eb) => ({ end_on: input.ended_on, updated_at: nowIso(), version: eb('version', '+', 1) })).where('ward_id', '=', actor.wardId).where('person_id', '=', id).where('end_on', 'is', null).execute();
    await trx.updateTable('membership').set((eb) => ({ end_on: input.ended_on, updated_at: nowIso(), version: eb('version', '+', 1) })).where('ward_id', '=', actor.wardId).where('person_id', '=', id).where('end_on', 'is', null).execute();
    await writeAudit(trx, actor, { action: 'person.end', entityType: 'person', entityId: id, summary: before.full_name, before, after: { ended_on: input.ended_on, end_reason: input.reason } });
  });
}

export async function addPosition(db: Db, actor: Actor, personId: string, input: PositionInput): Promise<string> {
  return runCommand(db, actor, 'position.create', async ({ trx }) => {
    const person = await getPersonRow(trx, actor.wardId, personId);
    if (!person) throw notFound();
    await assertOrgWritable(trx, actor, input.org_id);
    assertStartNotTooFar(input.start_on);
    await assertNoOverlap(trx, actor.wardId, 'position', { personId, orgId: input.org_id, startOn: input.start_on, endOn: input.end_on, title: input.title });
    return insertPosition(trx, actor, personId, input, person.full_name);
  });
}

/** Inserts a post with its audit row, inside the caller's transaction (no access checks). */
export async function insertPosition(q: CommandTx, actor: AuditActor, personId: string, input: PositionInput, personName = ''): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, person_id: personId, ...input, created_at: now, updated_at: now };
  await q.insertInto('position').values(row).execute();
  await writeAudit(q, actor, { action: 'position.create', entityType: 'position', entityId: id, subjectId: personId, summary: `${personName} - ${input.title}`.replace(/^ - /, ''), after: row });
  return id;
}

export async function updatePosition(db: Db, actor: Actor, id: string, input: PositionUpdateInput): Promise<string> {
  return runCommand(db, actor, 'position.update', async ({ trx }) => {
    const before = await getPositionRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await assertOrgWritable(trx, actor, before.org_id);
    await assertOrgWritable(trx, actor, input.org_id);
    if (input.start_on !== before.start_on) assertStartNotTooFar(input.start_on);
    await assertNoOverlap(trx, actor.wardId, 'position', { personId: before.person_id, orgId: input.org_id, startOn: input.start_on, endOn: input.end_on, title: input.title, exceptId: id });
    const { version, ...fields } = input;
    const res = await trx
      .updateTable('position')
      .set((eb) => ({ ...fields, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'position.update', entityType: 'position', entityId: id, subjectId: before.person_id, summary: input.title, before, after: { ...before, ...fields } });
    return before.person_id;
  });
}

export async function endPosition(db: Db, actor: Actor, id: string, input: SpanEndInput): Promise<string> {
  return endSpan(db, actor, 'position', id, input);
}

export async function updateMembership(db: Db, actor: Actor, id: string, input: MembershipUpdateInput): Promise<string> {
  return runCommand(db, actor, 'membership.update', async ({ trx }) => {
    const before = await getMembershipRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await assertOrgWritable(trx, actor, before.org_id);
    await assertOrgWritable(trx, actor, input.org_id);
    if (input.start_on !== before.start_on) assertStartNotTooFar(input.start_on);
    await assertNoOverlap(trx, actor.wardId, 'membership', { personId: before.person_id, orgId: input.org_id, startOn: input.start_on, endOn: input.end_on, exceptId: id });
    const { version, ...fields } = input;
    const res = await trx
      .updateTable('membership')
      .set((eb) => ({ ...fields, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'membership.update', entityType: 'membership', entityId: id, subjectId: before.person_id, before, after: { ...before, ...fields } });
    return before.person_id;
  });
}

/** One membership of the actor's ward, or 404. */
export async function getMembership(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string) {
  const m = await getMembershipRow(q, actor.wardId, id);
  if (!m) throw notFound();
  return m;
}

export async function addMembership(db: Db, actor: Actor, personId: string, input: MembershipInput): Promise<string> {
  return runCommand(db, actor, 'membership.create', async ({ trx }) => {
    const person = await getPersonRow(trx, actor.wardId, personId);
    if (!person) throw notFound();
    await assertOrgWritable(trx, actor, input.org_id);
    assertStartNotTooFar(input.start_on);
    await assertNoOverlap(trx, actor.wardId, 'membership', { personId, orgId: input.org_id, startOn: input.start_on, endOn: input.end_on });
    return insertMembership(trx, actor, personId, input);
  });
}

/** Inserts a membership with its audit row, inside the caller's transaction (no access checks). */
export async function insertMembership(trx: CommandTx, actor: AuditActor, personId: string, input: MembershipInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, person_id: personId, ...input, created_at: now, updated_at: now };
  await trx.insertInto('membership').values(row).execute();
  await writeAudit(trx, actor, { action: 'membership.create', entityType: 'membership', entityId: id, subjectId: personId, after: row });
  return id;
}

export async function endMembership(db: Db, actor: Actor, id: string, input: SpanEndInput): Promise<string> {
  return endSpan(db, actor, 'membership', id, input);
}

async function endSpan(db: Db, actor: Actor, table: 'position' | 'membership', id: string, input: SpanEndInput): Promise<string> {
  return runCommand(db, actor, `${table}.end`, async ({ trx }) => {
    const before = table === 'position' ? await getPositionRow(trx, actor.wardId, id) : await getMembershipRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await assertOrgWritable(trx, actor, before.org_id);
    if (before.end_on) throw new AppError(409, 'err.alreadyEnded');
    if (input.end_on < before.start_on) throw new ValidationError({ end_on: 'err.endBeforeStart' });
    const res = await trx
      .updateTable(table)
      .set((eb) => ({ end_on: input.end_on, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: `${table}.end`, entityType: table, entityId: id, subjectId: before.person_id, before, after: { end_on: input.end_on } });
    return before.person_id;
  });
}

/** Organizations the actor can pick when adding a post or membership. */
export async function writableOrgOptions(q: Queryable, actor: Actor) {
  const all = await listOrgs(q, actor);
  const writable = await writableOrgIds(q, actor);
  return all.filter((o) => o.valid_to === null && (writable === 'all' || writable.has(o.id)));
}
export { nextPositionRank, peopleChoice, type PersonChoice } from './choice.ts';
