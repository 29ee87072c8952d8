// Meeting kinds as editable data (issue 9, item 1): built-in kinds are shared by every ward; a
// ward's office adds its own and hides the ones it does not use.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError, notFound, ValidationError } from '../../platform/errors.ts';
import { fold } from '../../lib/vi/index.ts';
import { kindRows } from './repo.ts';
import type { KindInput } from './schema.ts';

/** Every kind the ward may use, hidden ones included (for the kinds page). */
export function listKinds(q: Queryable, actor: Pick<Actor, 'wardId'>) {
  return kindRows(q, actor.wardId, true);
}

/** Adds a kind of the ward; a name already in the list (diacritics aside) is refused. 403, 400. */
export async function addKind(db: Db, actor: Actor, input: KindInput): Promise<string> {
  return runCommand(db, actor, 'meeting_kind.create', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const all = await kindRows(c.trx, actor.wardId, true);
    if (all.some((k) => fold(k.name) === fold(input.name))) throw new ValidationError({ name: 'meeting.err.kindExists' });
    const row = { id: newId(), ward_id: actor.wardId, code: `w-${fold(input.name).replace(/[^a-z0-9]+/g, '_').slice(0, 40)}`, name: input.name, name_en: input.name_en, sort_order: 1000 + all.length, active: 1, created_at: nowIso() };
    await c.trx.insertInto('meeting_kind').values(row).execute();
    await c.audit({ action: 'meeting_kind.create', entityType: 'meeting_kind', entityId: row.id, summary: input.name, after: row });
    return row.id;
  });
}

/** Hides or shows again a kind of the ward (built-in kinds are shared and stay). 403, 404, 422. */
export async function setKindActive(db: Db, actor: Actor, id: string, active: boolean): Promise<void> {
  await runCommand(db, actor, 'meeting_kind.update', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const k = (await kindRows(c.trx, actor.wardId, true)).find((x) => x.id === id);
    if (!k) throw notFound();
    if (!k.ward_id) throw new AppError(422, 'meeting.err.builtInKind');
    await c.trx.updateTable('meeting_kind').set((eb) => ({ active: active ? 1 : 0, version: eb('version', '+', 1) })).where('id', '=', id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting_kind.update', entityType: 'meeting_kind', entityId: id, summary: k.name, before: { active: k.active }, after: { active: active ? 1 : 0 } });
  });
}
