import type { Kysely } from 'kysely';

// Merged wards (issue 13, D36): the 2025 reform (Nghị quyết 202/2025/QH15 and the Standing
// Committee's resolutions on arranging commune-level units, effective 01/07/2025) merged wards.
// One row per merge: the ward that ended, the ward its records moved to, and the first day of the
// merged ward. Not a ward table (no ward_id): it links two wards and is read by the unit tree.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_merge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_unit_id', 'text', (c) => c.notNull().unique().references('unit.id'))
    .addColumn('into_unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('unit_merge_into_idx').on('unit_merge').columns(['into_unit_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit_merge').execute();
}
