// The words of the audit log's details (D60): each room registers, for the entity types it audits,
// the label of every field its commands write into an audit row's before/after — the message key
// its own form uses ("Thời hạn hoàn thành" for a task's `due_on`) — and how to show the value
// (a date, an instant, a person's or an organization's name, an enum's words). A field registered
// as `null` is never shown (ids, versions, derived keys). The audit room reads the registry; a
// test (test/audit-fields.test.ts) fails when a command audits a field nobody registered.
import type { MessageKey } from './i18n/index.ts';

/**
 * How a value is shown: 'date' dd/mm/yyyy, 'instant' "14:05 30/11/2026" (Vietnam), names by id
 * (person, org, source), yes/no, a percent, a number, 'count' the length of a list (files),
 * 'milestones' "03/2018: 20%". Without a kind, dates and instants are still recognised.
 */
export type AuditValueKind = 'text' | 'date' | 'instant' | 'person' | 'org' | 'source' | 'bool' | 'percent' | 'number' | 'count' | 'milestones';

export interface AuditField {
  label: MessageKey;
  kind?: AuditValueKind;
  /** An enum: the message key of a value (`approval.${v}`); a value without a key is shown as stored. */
  values?: (value: string) => string;
}

/** A field's words: its label key, or the full spec; `null` hides it. */
export type AuditFieldEntry = MessageKey | AuditField | null;

const REGISTRY = new Map<string, Map<string, AuditField | null>>();

/** Fields every entity type shares (ids, versions, timestamps): '*'. */
export const ANY_ENTITY = '*';

/**
 * Registers the fields of `entityTypes` (audit rows' `entity_type`, or ANY_ENTITY). Called when a
 * room's module loads (beside its messages); a later registration of the same field wins.
 */
export function registerAuditFields(entityTypes: string | readonly string[], fields: Record<string, AuditFieldEntry>): void {
  for (const type of typeof entityTypes === 'string' ? [entityTypes] : entityTypes) {
    const m = REGISTRY.get(type) ?? new Map<string, AuditField | null>();
    for (const [field, e] of Object.entries(fields)) m.set(field, e === null ? null : typeof e === 'string' ? { label: e } : e);
    REGISTRY.set(type, m);
  }
}

/**
 * The words of `field` of an audit row of `entityType`: its own registration, else the shared one;
 * `null` when hidden, undefined when nobody registered it (shown as stored; a test fails).
 */
export function auditField(entityType: string, field: string): AuditField | null | undefined {
  const own = REGISTRY.get(entityType);
  if (own?.has(field)) return own.get(field);
  const any = REGISTRY.get(ANY_ENTITY);
  return any?.has(field) ? any.get(field) : undefined;
}
