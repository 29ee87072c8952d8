import type { Role } from './auth/roles.ts';

/** Who is acting, in which ward: passed to every service function. */
export interface Actor {
  userId: string | null;
  label: string; // display name or "hệ thống"
  wardId: string;
  roles: ReadonlySet<Role>;
  /** Organizations this actor heads (org_head grants) in this ward. */
  headOf: readonly string[];
  /** Organizations this actor is a member of through a 'member' grant. */
  memberOf: readonly string[];
  ip: string | null;
  /**
   * Roles of the grants at this ward itself (not at a unit above it), when the request's cached
   * grants (auth/identity.ts, keyed by the account's access_version) already say: `rolesHeldHere`
   * then reads no row (D67), when `wardId` is still this actor's ward (a copy moved to another ward
   * asks the table). Absent for system actors and actors made elsewhere: one query then.
   */
  heldHere?: { wardId: string; roles: readonly Role[] };
}

export function systemActor(wardId: string, label = 'Hệ thống'): Actor {
  return { userId: null, label, wardId, roles: new Set<Role>(['admin']), headOf: [], memberOf: [], ip: null };
}
