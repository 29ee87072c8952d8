export const ROLES = ['admin', 'standing', 'office', 'org_head', 'member', 'editor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose grant names one organization. */
export const ORG_SCOPED_ROLES: ReadonlySet<Role> = new Set<Role>(['org_head', 'member']);

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/**
 * Route access rule: 'public', 'auth' (any signed-in user), 'province-admin' (signed in with an
 * `admin` grant at a unit that is not one of its wards — a province, city or district: the
 * province unit pages, docs/DESIGN.md D35; the service checks which units), or the roles that
 * may pass in the request's ward.
 */
export type Access = 'public' | 'auth' | 'province-admin' | readonly Role[];

export const ALL_ROLES: readonly Role[] = ROLES;
/** Roles that read the ward's directory of organizations and people. */
export const DIRECTORY_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member', 'editor'];
/** Roles that write the directory; org_head only inside its organization (checked in services). */
export const DIRECTORY_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
export const AUDIT_READERS: readonly Role[] = ['admin', 'standing', 'office'];
export const ADMINS: readonly Role[] = ['admin'];
