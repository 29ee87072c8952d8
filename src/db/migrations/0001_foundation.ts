import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Foundation: units, organizations, people, posts, memberships, accounts, sessions, audit.
// Conventions (docs/DESIGN.md §Data): ids are app-made UUIDv7 text; instants are ISO-8601 UTC
// text; calendar dates are 'YYYY-MM-DD' text; booleans are integer 0/1; JSON is text.
// Every tenant row carries ward_id, the unit id of its ward.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';

  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('unit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text') // null for units above ward level (shared reference data)
    .addColumn('is_ward', 'integer', (c) => c.notNull().defaultTo(0)) // a tenant: ward, commune, special zone
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('unit_ward_idx').on('unit').column('ward_id').execute();

  // The tree, with effective dates: a unit's parent can change (districts abolished in 2025).
  await db.schema
    .createTable('unit_parent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('parent_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema.createIndex('unit_parent_unit_idx').on('unit_parent').column('unit_id').execute();
  await db.schema.createIndex('unit_parent_parent_idx').on('unit_parent').column('parent_id').execute();

  await db.schema
    .createTable('organization')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('parent_id', 'text', (c) => c.references('organization.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('higher_body', 'text') // the body above outside this deployment, e.g. "Hội LHPN quận Hoàn Kiếm"
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organization_ward_idx').on('organization').columns(['ward_id', 'sort_order']).execute();
  await db.schema.createIndex('organization_parent_idx').on('organization').column('parent_id').execute();

  // Links to bodies above with effective dates: umbrella (the Front since 2025), higher-level association.
  await db.schema
    .createTable('org_relation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('related_org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema.createIndex('org_relation_org_idx').on('org_relation').columns(['ward_id', 'org_id']).execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull()) // personBinarySortKey: byte order = Vietnamese order
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('unit_id', 'text', (c) => c.references('unit.id'))
    .addColumn('note', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_ward_sort_idx').on('person').columns(['ward_id', 'sort_key']).execute();

  await db.schema
    .createTable('position')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abbreviation', 'text')
    .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(100)) // print order among a person's posts
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('position_person_idx').on('position').columns(['ward_id', 'person_id']).execute();
  await db.schema.createIndex('position_org_idx').on('position').columns(['ward_id', 'org_id']).execute();

  await db.schema
    .createTable('membership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('member_no', 'text')
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('membership_person_idx').on('membership').columns(['ward_id', 'person_id']).execute();
  await db.schema.createIndex('membership_org_idx').on('membership').columns(['ward_id', 'org_id']).execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('home_ward_id', 'text', (c) => c.references('unit.id'))
    .addColumn('person_id', 'text', (c) => c.references('person.id'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('vi'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A role is granted at a unit (a ward, or a unit above it whose wards it then reaches),
  // optionally scoped to one organization (org_head, member).
  await db.schema
    .createTable('role_grant')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('org_id', 'text', (c) => c.references('organization.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('role_grant_user_idx').on('role_grant').column('user_id').execute();

  await db.schema
    .createTable('session')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();
  await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  // Failed logins per key ("u:<username>", "ip:<address>") in fixed windows; survives restarts
  // and is shared by every instance on the same database.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('subject_id', 'text') // the record the event belongs to, e.g. the person of a post
    .addColumn('summary', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_ward_at_idx').on('audit_event').columns(['ward_id', 'at']).execute();
  await db.schema.createIndex('audit_entity_idx').on('audit_event').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_entity_id_idx').on('audit_event').column('entity_id').execute();
  await db.schema.createIndex('audit_subject_idx').on('audit_event').column('subject_id').execute();
  await db.schema.createIndex('audit_actor_idx').on('audit_event').columns(['actor_user_id', 'at']).execute();

  if (pg) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create extension if not exists unaccent`.execute(db);
    // Sort keys are built to sort by bytes on both engines (lib/vi binarySortKey).
    await sql`alter table person alter column sort_key type text collate "C"`.execute(db);
    await sql`create index person_search_trgm on person using gin (search_text gin_trgm_ops)`.execute(db);
    await sql`create index organization_search_trgm on organization using gin (search_text gin_trgm_ops)`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_event', 'login_throttle', 'api_token', 'session', 'role_grant', 'app_user', 'membership', 'position', 'person', 'org_relation', 'organization', 'unit_parent', 'unit', 'app_setting']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
