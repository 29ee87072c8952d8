import type { CommandTx, MaintenanceTx } from './command.ts';
import { newId, nowIso } from '../db/dialect.ts';
import type { Actor } from './actor.ts';

export interface AuditInput {
  action: string; // e.g. 'person.create'
  entityType: string; // e.g. 'person'
  entityId: string | null;
  /** The record this event belongs to (a post's person), so that record's history shows it. */
  subjectId?: string | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
  wardId?: string | null; // defaults to the actor's ward
}

/** Writes one audit_event; call it inside the transaction of the write it records. */
export async function writeAudit(q: CommandTx | MaintenanceTx, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, e: AuditInput): Promise<void> {
  await q
    .insertInto('audit_event')
    .values({
      id: newId(),
      ward_id: e.wardId === undefined ? actor.wardId : e.wardId,
      at: nowIso(),
      actor_user_id: actor.userId,
      actor_label: actor.label,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      subject_id: e.subjectId ?? null,
      summary: e.summary ?? null,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      ip: actor.ip,
    })
    .execute();
}
