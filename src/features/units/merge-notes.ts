// What a merge brings with it besides the rows (issue 13 follow-up, D36): the accounts and role
// grants that move to the receiving ward, and the names the receiving ward would hold twice
// (residential groups, organizations). Shown in the merge preview and by `roviec unit merge`;
// nothing is renamed automatically — the ward office renames later.
import type { Queryable } from '../../db/index.ts';
import type { Role } from '../../platform/auth/roles.ts';

/** An account that moves: its home ward and/or its grants at the merged ward name the receiving ward. */
export interface MovingAccount {
  username: string;
  displayName: string;
  /** Roles granted at the merged ward itself (these grants move); empty when only the home ward moves. */
  roles: Role[];
}

/** A name both wards use: after the merge the receiving ward holds it twice (or more). */
export interface DuplicateName {
  kind: 'group' | 'organization';
  name: string;
  /** How many live records of that kind carry it across both wards. */
  count: number;
}

export interface MergeNotes {
  accounts: MovingAccount[];
  duplicates: DuplicateName[];
}

/** Accounts whose home is `from` or that hold a grant at `from`, with the roles granted there, by username. */
async function movingAccounts(q: Queryable, from: string): Promise<MovingAccount[]> {
  // ward-scope: app_user and role_grant are not ward tables; the merged ward is named by id.
  const users = await q.selectFrom('app_user').select(['id', 'username', 'display_name']).where('home_ward_id', '=', from).execute();
  const grants = await q
    .selectFrom('role_grant')
    .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'role_grant.role'])
    .where('role_grant.unit_id', '=', from)
    .execute();
  const out = new Map<string, MovingAccount>();
  for (const u of users) out.set(u.id, { username: u.username, displayName: u.display_name, roles: [] });
  for (const g of grants) {
    const a = out.get(g.id) ?? { username: g.username, displayName: g.display_name, roles: [] };
    if (!a.roles.includes(g.role as Role)) a.roles.push(g.role as Role);
    out.set(g.id, a);
  }
  return [...out.values()].sort((a, b) => a.username.localeCompare(b.username));
}

/** Names used by live records of both wards (case and spacing ignored), with their counts. */
function shared(rows: { ward_id: string; name: string }[], from: string, into: string, kind: DuplicateName['kind']): DuplicateName[] {
  const key = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  const by = new Map<string, { name: string; wards: Set<string>; count: number }>();
  for (const r of rows) {
    const k = key(r.name);
    const e = by.get(k) ?? { name: r.name.trim(), wards: new Set<string>(), count: 0 };
    e.wards.add(r.ward_id);
    e.count++;
    by.set(k, e);
  }
  return [...by.values()].filter((e) => e.wards.has(from) && e.wards.has(into)).map((e) => ({ kind, name: e.name, count: e.count }));
}

/**
 * The accounts and role grants that a merge of `from` into `into` moves, and the residential
 * groups (and villages) and organizations whose names the receiving ward would then hold twice
 * (live records only: not ended). Reads only.
 */
export async function mergeNotes(q: Queryable, from: string, into: string): Promise<MergeNotes> {
  const wards = [from, into];
  const groups = await q.selectFrom('unit').select(['ward_id', 'name']).where('ward_id', 'in', wards).where('is_ward', '=', 0).where('valid_to', 'is', null).execute();
  const orgs = await q.selectFrom('organization').select(['ward_id', 'name']).where('ward_id', 'in', wards).where('valid_to', 'is', null).execute();
  const g = shared(groups.map((r) => ({ ward_id: r.ward_id as string, name: r.name })), from, into, 'group');
  const o = shared(orgs.map((r) => ({ ward_id: r.ward_id, name: r.name })), from, into, 'organization');
  const byName = (a: DuplicateName, b: DuplicateName) => a.name.localeCompare(b.name, 'vi');
  return { accounts: await movingAccounts(q, from), duplicates: [...g.sort(byName), ...o.sort(byName)] };
}
