// The ward-tables registry: every table whose rows carry `ward_id` (the records of one ward), in
// an order safe for deletes (a table before every table it references), and the per-ward unique
// keys that can collide when the records of two wards are put together (a merge, D36).
// src/db/ward-tables.test.ts compares this list with the `DB` interface (scripts/check-wards.ts
// `wardTables()`) and the order with the foreign keys of a real database: a table added without
// registering it here fails that test.
import type { DB } from './types.ts';

/** Name of a table of the database. */
export type TableName = keyof DB & string;

/**
 * Every ward table, children before parents: deleting a ward's rows table by table in this order
 * never leaves a row that references a deleted one (foreign keys are immediate on PostgreSQL and
 * on SQLite). Updating `ward_id` in any order is safe: ids do not change.
 * `unit` comes last (everything references it); `audit_event` has no foreign key.
 */
export const WARD_TABLES: readonly TableName[] = [
  'people_import',
  'user_invite',
  'report_rollup',
  'report_file',
  'report_submission_event',
  'report_submission',
  'report_request',
  'report_form_version',
  'report_form',
  'issued_document',
  'document_number_seq',
  'body_term',
  'document_profile',
  'calendar_feed',
  'meeting_file',
  'meeting_conclusion_org',
  'meeting_conclusion',
  'meeting_directive_org',
  'meeting_directive',
  'meeting_report',
  'meeting_attendee',
  'meeting_agenda_item',
  'meeting_org',
  'meeting',
  'meeting_kind',
  'notification',
  'reminder_sent',
  'progress_file',
  'progress_update',
  'milestone',
  'task_source',
  'task_org',
  'task',
  'programme_version',
  'programme_source',
  'programme',
  'source_document',
  'work_file',
  'disclosure',
  'portal_file',
  'article_view',
  'article_revision',
  'article',
  'portal_category',
  'portal_site',
  'membership',
  'position',
  'person',
  'org_relation',
  'organization',
  'audit_event',
  'unit',
];

/**
 * How a per-ward unique key is kept unique when two wards' rows come together:
 * - `suffix`: the moving row's `column` gets "-2", "-3"… (the first free value in both wards);
 * - `fold`: the moving row is folded into the row the other ward already has (see merge.ts);
 * - `ids`: the key includes the id of a row of one ward (an organization, a task…), so rows of
 *   two wards never share it — nothing to do.
 */
export type CollisionRule = { kind: 'suffix'; column: string } | { kind: 'fold' } | { kind: 'ids'; because: string };

export interface WardUniqueKey {
  table: TableName;
  /** The unique index or constraint (its columns besides `ward_id`). */
  columns: readonly string[];
  rule: CollisionRule;
}

/** Unique keys that include `ward_id` (read from src/db/migrations/*), with how a merge keeps them. */
export const WARD_UNIQUE_KEYS: readonly WardUniqueKey[] = [
  { table: 'portal_category', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'article', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'disclosure', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'report_form', columns: ['code'], rule: { kind: 'suffix', column: 'code' } },
  // Built-in forms (ward_id null) are shared: both wards may have asked the same form for a period.
  { table: 'report_request', columns: ['form_id', 'period_id'], rule: { kind: 'fold' } },
  { table: 'programme', columns: ['org_id', 'year'], rule: { kind: 'ids', because: 'org_id is an organization of one ward' } },
  { table: 'document_number_seq', columns: ['issuer_org_id', 'doc_type', 'period_key'], rule: { kind: 'ids', because: 'issuer_org_id is an organization of one ward' } },
  { table: 'issued_document', columns: ['issuer_org_id', 'doc_type', 'period_key', 'number'], rule: { kind: 'ids', because: 'issuer_org_id is an organization of one ward' } },
];
