import type { Kysely } from 'kysely';

// Names of a unit by date (issue 13, docs/DESIGN.md D35): a ward renamed from 01/07/2025 keeps its
// old name for every earlier date. `unit.name`/`unit.code` stay the latest name (what every other
// feature shows); `unit_name` holds one row per period once a unit has been renamed from a date
// (the first period included), so the name on a date is the row covering it, else `unit.name`.
// No ward_id: like unit_parent, rows are reached through their unit, which is scoped.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_name')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema.createIndex('unit_name_unit_idx').on('unit_name').columns(['unit_id', 'valid_from']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit_name').execute();
}
