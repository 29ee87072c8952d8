// Personal details of people (birth date, phone, email) and who reads all of them: the rule the
// people room and the audit log share. Nghị định 13/2023/NĐ-CP on personal data protection: data
// are processed for a purpose, by those that purpose requires (Art. 3).
import type { Queryable } from '../db/index.ts';
import type { Actor } from './actor.ts';
import type { Role } from './auth/roles.ts';
import { rolesHeldHere } from './access.ts';

/** The fields of a person record that are personal details (also their names in audit rows). */
export const PERSONAL_FIELDS = ['birth_date', 'phone', 'email'] as const;
/** Roles that read every person's details of their ward, when granted at the ward itself (D26). */
const WARD_WIDE_READERS: readonly Role[] = ['admin', 'office', 'standing'];

/**
 * Whether the actor reads the personal details of every person of its ward: admin, office or
 * Standing Committee held at the ward (a grant at a higher unit reads the ward's directory and its
 * audit log, not its people's contact details).
 */
export async function readsAllPersonalData(q: Queryable, actor: Actor): Promise<boolean> {
  const here = await rolesHeldHere(q, actor);
  return WARD_WIDE_READERS.some((r) => here.has(r));
}
