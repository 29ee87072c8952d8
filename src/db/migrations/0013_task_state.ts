import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Materialized task state (issue 12, docs/DESIGN.md D41): the derived status of each task as it
// stood on `status_on` (the Vietnam day it was computed for), and the twelve month cells of the
// schedule for the task's year (programme year, or the year of its deadline). Derived, never
// typed: written by `refreshTaskState` inside every command that changes an input, by the daily
// job at 00:00 Asia/Ho_Chi_Minh, and by a read that finds a row older than its day. Kept out of
// the `task` row so the versioned record is not touched by the daily job.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const real = dialectOf(db) === 'postgres' ? 'double precision' : 'real';
  await db.schema
    .createTable('task_state')
    .addColumn('task_id', 'text', (c) => c.primaryKey().references('task.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('year', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_state_ward_idx').on('task_state').columns(['ward_id', 'status_on']).execute();
  await db.schema.createIndex('task_state_day_idx').on('task_state').columns(['status_on']).execute();
  await db.schema
    .createTable('task_month')
    .addColumn('task_id', 'text', (c) => c.notNull().references('task.id'))
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('in_span', 'integer', (c) => c.notNull())
    .addColumn('planned', real)
    .addColumn('planned_cum', real, (c) => c.notNull())
    .addColumn('actual', real)
    .addColumn('tone', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_month_pk', ['task_id', 'month'])
    .execute();
  await db.schema.createIndex('task_month_ward_idx').on('task_month').columns(['ward_id', 'year', 'month']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_month').ifExists().execute();
  await db.schema.dropTable('task_state').ifExists().execute();
}
