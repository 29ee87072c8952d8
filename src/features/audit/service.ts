import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { isMessageKey, translator, type T } from '../../platform/i18n/index.ts';
import { registeredMessages } from '../../platform/i18n/registry.ts';
import { compareVi, fold, vnDayEnd, vnDayStart } from '../../lib/vi/index.ts';
import { toLimitOffset } from '../../platform/list.ts';
import { PERSONAL_FIELDS, readsAllPersonalData } from '../../platform/personal.ts';
import { wardUserOptions } from '../users/service.ts';
import { auditActorLabels, auditNames, findAuditRows, type AuditFilter, type AuditRow } from './repo.ts';
import { idsToName, type AuditNames } from './fields.ts';
import type { AuditQuery } from './schema.ts';

export const PAGE_SIZE = 50;

/**
 * Actions and entity types offered in the filters: every one a room has words for (its
 * `audit.action.*` / `audit.entity.*` messages), in the order of those words. A room that writes a
 * new action adds its label to its own catalogue and the filter offers it; test/audit-labels.test.ts
 * fails when an action or entity type written anywhere in src/ has no label.
 */
export function knownActions(): string[] {
  return registeredMessages().filter((m) => m.key.startsWith('audit.action.')).map((m) => m.key.slice('audit.action.'.length));
}
export function knownEntityTypes(): string[] {
  return registeredMessages().filter((m) => m.key.startsWith('audit.entity.')).map((m) => m.key.slice('audit.entity.'.length));
}

/**
 * The SQL sort of the audit log for `query.sort`/`dir` (D65): `at` by the instant; `actor`, `action`
 * and `entity` by the words the reader sees, in Vietnamese order (the ward's actor labels under the
 * filter; every labelled action and entity type), ties newest first. No sort: null (newest first,
 * keyset pages).
 */
async function auditSort(q: Queryable, actor: Actor, query: AuditQuery, filter: AuditFilter): Promise<AuditFilter['sort']> {
  const dir = query.dir ?? 'asc';
  const t = translator('vi');
  const byWords = (values: string[], label: (v: string) => string) => [...values].sort((a, b) => compareVi(label(a), label(b)));
  switch (query.sort) {
    case 'at':
      return { by: 'time', dir };
    case 'actor':
      return { by: 'ranked', column: 'actor_label', order: byWords(await auditActorLabels(q, actor.wardId, filter), (v) => v), dir };
    case 'action':
      return { by: 'ranked', column: 'action', order: byWords(knownActions(), (v) => actionLabel(t, v)), dir };
    case 'entity':
      return { by: 'ranked', column: 'entity_type', order: byWords(knownEntityTypes(), (v) => entityTypeLabel(t, v)), dir };
    default:
      return null;
  }
}

/** "Thêm người" for 'person.create'; the raw action for one we have no words for yet. */
export function actionLabel(t: T, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

export function entityTypeLabel(t: T, type: string): string {
  const key = `audit.entity.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

/** One field of a before/after pair, values as display text (the view escapes them). */
export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
  /** The values are personal details the reader may not see (both sides withheld). */
  hidden?: boolean;
}

// Never shown: secrets (defence in depth, they are not logged) and derived search/sort keys.
const HIDDEN_FIELDS = new Set(['password_hash', 'token_hash', 'search_text', 'sort_key', 'updated_at']);

function parseJson(s: string | null): unknown {
  if (s === null) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Before/after as a field-by-field list: for an update only the fields whose value changed
 * (fields the write did not mention are left out); for a creation every field it set; for a
 * removal every field it had. A value that is not an object is one line under the field "".
 */
export function auditChanges(beforeJson: string | null, afterJson: string | null, withheld: ReadonlySet<string> = new Set()): FieldChange[] {
  return fieldChanges(beforeJson, afterJson).map((c) => (withheld.has(c.field) ? { field: c.field, ...(c.before !== undefined ? { before: '' } : {}), ...(c.after !== undefined ? { after: '' } : {}), hidden: true } : c));
}

function fieldChanges(beforeJson: string | null, afterJson: string | null): FieldChange[] {
  const before = parseJson(beforeJson);
  const after = parseJson(afterJson);
  if (isRecord(before) && isRecord(after)) {
    return Object.keys(after)
      .filter((k) => !HIDDEN_FIELDS.has(k) && JSON.stringify(after[k] ?? null) !== JSON.stringify(before[k] ?? null))
      .map((k) => ({ field: k, ...(k in before ? { before: show(before[k]) } : {}), after: show(after[k]) }));
  }
  const out: FieldChange[] = [];
  const side = (v: unknown, which: 'before' | 'after') => {
    if (v === undefined) return;
    if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) if (!HIDDEN_FIELDS.has(k)) out.push({ field: k, [which]: show(x) });
    } else out.push({ field: '', [which]: show(v) });
  };
  side(before, 'before');
  side(after, 'after');
  return out;
}

export interface AuditItem extends Omit<AuditRow, 'before_json' | 'after_json'> {
  changes: FieldChange[];
}

/** Start of a Vietnam calendar day as an ISO UTC instant (00:00 +07:00 is 17:00Z the day before): lib/vi/calendar. */
export { vnDayStart };

/** '<at>~<id>' → the keyset cursor of the audit list. */
function afterCursor(s: string | undefined): { at: string; id: string } | null {
  if (!s) return null;
  const [at, id] = s.split('~') as [string, string];
  return { at, id };
}

/**
 * One page of the ward's audit log, newest first, with each event's field changes. Personal
 * details (birth date, phone, email) in the changes are withheld from readers who may not read
 * every person's details of the ward (a city-level reader; Nghị định 13/2023/NĐ-CP, D26). `names`:
 * the people, organizations and source documents the changes refer to, by id (fields.ts shows them).
 */
export async function listAudit(q: Queryable, actor: Actor, query: AuditQuery): Promise<{ items: AuditItem[]; total: number; names: AuditNames }> {
  let actorIds: string[] | null = query.actor ? [query.actor] : null;
  let actorLabel: string | null = null;
  if (query.who) {
    // A typed name finds the ward's users by name or username, with or without diacritics,
    // and also any recorded label containing the text as typed (the CLI, the demo loader…).
    const terms = fold(query.who).split(' ').filter(Boolean);
    const users = await wardUserOptions(q, actor);
    const matched = users.filter((u) => terms.length > 0 && terms.every((term) => fold(u.label).includes(term))).map((u) => u.value);
    actorIds = query.actor ? (matched.includes(query.actor) ? [query.actor] : []) : matched;
    actorLabel = query.actor ? null : query.who;
  }
  const filter: AuditFilter = {
    actorIds,
    actorLabel,
    entityType: query.type,
    entityId: query.entity,
    action: query.action,
    fromAt: query.from ? vnDayStart(query.from) : null,
    toAt: query.to ? vnDayEnd(query.to) : null,
    ...toLimitOffset(query),
    after: afterCursor(query.after),
  };
  const { rows, total } = await findAuditRows(q, actor.wardId, { ...filter, sort: await auditSort(q, actor, query, filter) });
  const withheld: ReadonlySet<string> = (await readsAllPersonalData(q, actor)) ? new Set() : new Set(PERSONAL_FIELDS);
  const items = rows.map(({ before_json, after_json, ...r }) => ({ ...r, changes: auditChanges(before_json, after_json, withheld) }));
  // The people, organizations and documents the details name, in one query each (D60).
  return { items, total, names: await auditNames(q, actor.wardId, idsToName(items)) };
}
