import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { markAccessChecked } from '../../platform/command.ts';
import { forbidden } from '../../platform/errors.ts';

// Who reads and who writes the ward's source documents (the documents programmes and tasks cite).
// Sources depend on nothing of programmes: programmes import these lists, never the other way.
export const SOURCE_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
/** Roles that add source documents (route gate). Editing follows ownership: see `canEditSource`. */
export const SOURCE_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
/** Roles that edit every source document of the ward. */
const SOURCE_KEEPERS: readonly Role[] = ['admin', 'office'];

/** Throws 403 unless the actor holds a role of SOURCE_WRITERS; marks the running command's access as checked. */
export function requireSourceWriter(actor: Pick<Actor, 'roles'>): void {
  if (!SOURCE_WRITERS.some((r) => actor.roles.has(r))) throw forbidden();
  markAccessChecked();
}

/**
 * Whether the actor may change this source document: admin and office any of the ward; an
 * organization head only the ones it added (`created_by`), never the ward's others (D26).
 */
export function canEditSource(actor: Pick<Actor, 'roles' | 'userId'>, source: { created_by: string | null }): boolean {
  if (SOURCE_KEEPERS.some((r) => actor.roles.has(r))) return true;
  return actor.roles.has('org_head') && !!actor.userId && source.created_by === actor.userId;
}

/** Throws 403 unless `canEditSource`; marks the running command's access as checked. */
export function requireSourceEditor(actor: Pick<Actor, 'roles' | 'userId'>, source: { created_by: string | null }): void {
  if (!canEditSource(actor, source)) throw forbidden();
  markAccessChecked();
}
