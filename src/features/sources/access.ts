import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { markAccessChecked } from '../../platform/command.ts';
import { forbidden } from '../../platform/errors.ts';

// Who reads and who writes the ward's source documents (the documents programmes and tasks cite).
// Sources depend on nothing of programmes: programmes import these lists, never the other way.
export const SOURCE_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
export const SOURCE_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];

/** Throws 403 unless the actor holds a role of SOURCE_WRITERS; marks the running command's access as checked. */
export function requireSourceWriter(actor: Pick<Actor, 'roles'>): void {
  if (!SOURCE_WRITERS.some((r) => actor.roles.has(r))) throw forbidden();
  markAccessChecked();
}
