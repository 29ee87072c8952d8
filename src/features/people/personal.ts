// Personal data of people (birth date, phone, email): shown only to those who need it, and every
// export of it recorded. Nghị định 13/2023/NĐ-CP on personal data protection: data are processed
// for a purpose, by those that purpose requires, and the processing is recorded (Art. 3, 27).
//
// Who reads a person's details (D26):
// - admin, office and Standing Committee holding that role at the ward itself (a grant at a
//   higher unit reads the ward's directory but not its people's contact details);
// - an organization head, for people who take part today in an organization it may write;
// - the person themselves (the account linked to the person record).
import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { PERSONAL_FIELDS, readsAllPersonalData } from '../../platform/personal.ts';
import { actorPerson, requireThat, writableOrgs } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { currentOrgsOf } from './repo.ts';
import type { PeopleQuery } from './schema.ts';

export { PERSONAL_FIELDS, readsAllPersonalData };

type Personal = { id: string; birth_date: string | null; phone: string | null; email: string | null };


/** The ids among `personIds` whose personal details the actor may read (at most three queries). */
export async function personalDataReadable(q: Queryable, actor: Actor, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  if (await readsAllPersonalData(q, actor)) return new Set(personIds);
  const out = new Set<string>();
  const self = await actorPerson(q, actor);
  if (self && personIds.includes(self)) out.add(self);
  const writable = await writableOrgs(q, actor);
  if (writable !== 'all' && writable.size > 0) {
    for (const [id, orgs] of await currentOrgsOf(q, actor.wardId, personIds, todayInVietnam())) {
      if (orgs.some((o) => writable.has(o))) out.add(id);
    }
  }
  return out;
}

/**
 * The rows with the personal details of people the actor may not read set to null, each marked
 * `personal_hidden` (true when they were withheld).
 */
export async function withPersonalData<T extends Personal>(q: Queryable, actor: Actor, rows: readonly T[]): Promise<(T & { personal_hidden: boolean })[]> {
  const readable = await personalDataReadable(q, actor, rows.map((r) => r.id));
  return rows.map((r) => (readable.has(r.id) ? { ...r, personal_hidden: false } : { ...r, birth_date: null, phone: null, email: null, personal_hidden: true }));
}

/**
 * Records that the actor exported the personal details of these people (an API read): one
 * `person.export` audit event naming them, in its own command. Nothing is recorded when none
 * was shown.
 */
export async function recordPersonalExport(db: Db, actor: Actor, rows: readonly { id: string; personal_hidden: boolean }[], via: string): Promise<void> {
  const ids = rows.filter((r) => !r.personal_hidden).map((r) => r.id);
  if (ids.length === 0) return;
  await runCommand(db, actor, 'person.export', async (c) => {
    requireThat(true); // reading was checked by the caller; this command only records it
    await c.audit({ action: 'person.export', entityType: 'person', entityId: ids.length === 1 ? (ids[0] ?? null) : null, subjectId: ids.length === 1 ? (ids[0] ?? null) : null, summary: `${ids.length}`, after: { via, fields: PERSONAL_FIELDS, ids } });
  });
}

/** The asked order of the people list, unless it is by birth date and the actor does not read every birth date (the order would tell them): then by name. */
export async function allowedPeopleSort(q: Queryable, actor: Actor, query: Pick<PeopleQuery, 'sort' | 'dir'>): Promise<Pick<PeopleQuery, 'sort' | 'dir'>> {
  if (query.sort === 'birth_date' && !(await readsAllPersonalData(q, actor))) return { sort: 'name', dir: 'asc' };
  return { sort: query.sort, dir: query.dir };
}
