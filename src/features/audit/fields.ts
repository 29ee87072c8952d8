// The audit log's "Chi tiết" in words (D60): each changed field by the label its room registered
// (platform/audit-fields.ts, the words of the room's form), each value as a ward office reads it —
// dates dd/mm/yyyy, instants "14:05 30/11/2026" in Vietnam time, enums in words, people,
// organizations and source documents by name, yes/no, percents — before → after.
import { auditField, type AuditField } from '../../platform/audit-fields.ts';
import { isMessageKey, type T } from '../../platform/i18n/index.ts';
import { formatDate, formatNumber, formatTime } from '../../lib/vi/index.ts';
import type { FieldChange } from './service.ts';

/** Names of the records a page's changes refer to, by id. */
export interface AuditNames {
  person: Map<string, string>;
  org: Map<string, string>;
  source: Map<string, string>;
}

/** A change as shown: the field's label and the values in words. */
export interface ShownChange {
  field: string;
  label: string;
  before?: string;
  after?: string;
  hidden?: boolean;
}

type NameKind = keyof AuditNames;
const NAMED: readonly string[] = ['person', 'org', 'source'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parsed(s: string): unknown {
  if (!/^[[{]/.test(s)) return s;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

/** The ids a shown value of kind person/org/source refers to (one id, or a JSON list of ids). */
function idsIn(value: string | undefined): string[] {
  if (value === undefined || value === '—') return [];
  const v = parsed(value);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** The ids to look up for `items` (each an entity type and its changes), by kind of record. */
export function idsToName(items: readonly { entity_type: string; changes: readonly FieldChange[] }[]): Record<NameKind, Set<string>> {
  const out: Record<NameKind, Set<string>> = { person: new Set(), org: new Set(), source: new Set() };
  for (const it of items)
    for (const c of it.changes) {
      const f = auditField(it.entity_type, c.field);
      if (!f?.kind || !NAMED.includes(f.kind) || c.hidden) continue;
      for (const id of [...idsIn(c.before), ...idsIn(c.after)]) out[f.kind as NameKind].add(id);
    }
  return out;
}

/** "14:05 30/11/2026": an instant in Vietnam time, time first. */
export const formatInstant = (iso: string): string => `${formatTime(iso)} ${formatDate(iso)}`;

function scalar(t: T, f: AuditField | undefined, v: unknown, names: AuditNames): string {
  if (v === null || v === undefined || v === '') return '—';
  if (f?.kind && NAMED.includes(f.kind) && typeof v === 'string') return names[f.kind as NameKind].get(v) ?? '—';
  if (f?.kind === 'bool') return v === true || v === 1 || v === '1' || v === 'true' ? t('common.yes') : t('common.no');
  if (f?.values && typeof v === 'string') {
    const key = f.values(v);
    return isMessageKey(key) ? t(key) : v;
  }
  if (typeof v === 'number') return f?.kind === 'percent' ? `${formatNumber(v)}%` : formatNumber(v);
  if (typeof v === 'string') {
    if (DAY.test(v)) return formatDate(v);
    if (INSTANT.test(v)) return formatInstant(v);
    if (f?.kind === 'percent' && /^-?\d+(\.\d+)?$/.test(v)) return `${formatNumber(Number(v))}%`;
    if (/^-?\d+\.\d+$/.test(v)) return formatNumber(Number(v));
    return v;
  }
  if (f?.kind === 'count' && Array.isArray(v)) return formatNumber(v.length);
  if (f?.kind === 'milestones' && Array.isArray(v)) {
    const ms = v.filter((m): m is { month: string; planned_percent: number } => typeof m === 'object' && m !== null && typeof (m as { month?: unknown }).month === 'string');
    return ms.length ? ms.map((m) => `${m.month.slice(5, 7)}/${m.month.slice(0, 4)}: ${formatNumber(Number(m.planned_percent))}%`).join('; ') : '—';
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => scalar(t, f, x, names)).join('; ') : '—';
  if (typeof v === 'object') {
    // A milestone or another small record: its values in words, month keys as mm/yyyy.
    return Object.entries(v as Record<string, unknown>)
      .filter(([k]) => k !== 'id' && !k.endsWith('_id'))
      .map(([, x]) => (typeof x === 'string' && /^\d{4}-\d{2}$/.test(x) ? `${x.slice(5)}/${x.slice(0, 4)}` : scalar(t, undefined, x, names)))
      .join(' ');
  }
  return String(v);
}

/** One shown value: the stored text (JSON for records and lists) read back and put in words. */
function value(t: T, f: AuditField | undefined, s: string, names: AuditNames): string {
  if (s === '—') return s;
  const v = parsed(s);
  // A number reached here as its text: read back only where the field is one (a phone number is text).
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && (f?.kind === 'number' || f?.kind === 'percent') ? Number(v) : v;
  return scalar(t, f, n, names);
}

/**
 * The changes of an audit row of `entityType` in words, hidden fields (registered `null`) left out;
 * a field nobody registered keeps its stored name and values (test/audit-fields.test.ts fails on it).
 */
export function showChanges(t: T, entityType: string, changes: readonly FieldChange[], names: AuditNames): ShownChange[] {
  const out: ShownChange[] = [];
  for (const c of changes) {
    const f = auditField(entityType, c.field);
    if (f === null) continue;
    const label = f && isMessageKey(f.label) ? t(f.label) : c.field;
    if (c.hidden) {
      out.push({ field: c.field, label, ...(c.before !== undefined ? { before: '' } : {}), ...(c.after !== undefined ? { after: '' } : {}), hidden: true });
      continue;
    }
    const before = c.before !== undefined ? value(t, f, c.before, names) : undefined;
    const after = c.after !== undefined ? value(t, f, c.after, names) : undefined;
    // A creation's or a removal's empty fields say nothing.
    if ((before === undefined && after === '—') || (after === undefined && before === '—')) continue;
    out.push({ field: c.field, label, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return out;
}
