import { runMaintenance } from '../platform/command.ts';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_portal.ts';
import * as m0003 from './migrations/0003_programmes.ts';
import * as m0004 from './migrations/0004_access_version.ts';
import * as m0005 from './migrations/0005_meetings.ts';
import * as m0006 from './migrations/0006_documents.ts';
import * as m0007 from './migrations/0007_reports.ts';
import * as m0008 from './migrations/0008_source_owner.ts';
import * as m0009 from './migrations/0009_unit_names.ts';
import * as m0010 from './migrations/0010_unit_merge.ts';
import * as m0011 from './migrations/0011_people_import.ts';
import * as m0012 from './migrations/0012_invites.ts';
import * as m0013 from './migrations/0013_task_state.ts';
import * as m0014 from './migrations/0014_portal_cache.ts';
import * as m0016 from './migrations/0016_people_order.ts';
import * as m0017 from './migrations/0017_notify_mail.ts';
import * as m0018 from './migrations/0018_photos_portal_site.ts';
import * as m0019 from './migrations/0019_search_title.ts';
import * as m0021 from './migrations/0021_notification_unread.ts';
import * as m0024 from './migrations/0024_schedule_stamp.ts';
import * as m0025 from './migrations/0025_directory_stamp.ts';

// One migration set for SQLite and PostgreSQL; features append theirs here in order.
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_foundation': m0001,
  '0002_portal': m0002,
  '0003_programmes': m0003,
  '0004_access_version': m0004,
  '0005_meetings': m0005,
  '0006_documents': m0006,
  '0007_reports': m0007,
  '0008_source_owner': m0008,
  '0009_unit_names': m0009,
  '0010_unit_merge': m0010,
  '0011_people_import': m0011,
  '0012_invites': m0012,
  '0013_task_state': m0013,
  '0014_portal_cache': m0014,
  '0016_people_order': m0016,
  '0017_notify_mail': m0017,
  '0018_photos_portal_site': m0018,
  '0019_search_title': m0019,
  '0021_notification_unread': m0021,
  '0024_schedule_stamp': m0024,
  '0025_directory_stamp': m0025,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...MIGRATIONS };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Numbers are handed out per branch, so a database may already hold a later one (0021) when an
  // earlier free number (0019) is merged: it then runs after it. Each migration stands alone.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true });
  // Maintenance: the schema and kysely_migration's rows are not records of a ward.
  const { error, results } = await runMaintenance(db, 'db.migrate', () => migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
