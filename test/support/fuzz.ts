/**
 * Schema-aware fuzzing of the writing routes (issue 8; docs/DESIGN.md D30): the fields of a route
 * read from the zod body schema it declares (app.routeRules[].schema.body), pools of real ids of
 * both demo wards for path parameters and id fields, hostile values by family, and a snapshot of
 * every table (row count and sum of `version`) to prove that a refused request wrote nothing.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { RouteRule } from '../../src/platform/http/security.ts';
import type { Client, Res, TestApp } from './app.ts';

/** What a field holds, as far as the fuzz needs to know to send a plausible value. */
export type FieldKind = { kind: 'text' | 'id' | 'date' | 'number' | 'bool' | 'object' } | { kind: 'enum'; values: string[] } | { kind: 'list'; of: FieldKind };

interface ZodLike {
  _zod?: { def?: Record<string, unknown> & { type?: string } };
}
const defOf = (s: unknown) => (s as ZodLike | undefined)?._zod?.def;

/** The object shape a (wrapped) zod schema parses, merged over unions and intersections; null when it parses no object. */
export function shapeOf(s: unknown, depth = 0): Record<string, unknown> | null {
  const def = defOf(s);
  if (!def || depth > 20) return null;
  switch (def.type) {
    case 'object':
      return def.shape as Record<string, unknown>;
    case 'pipe':
      return shapeOf(def.in, depth + 1) ?? shapeOf(def.out, depth + 1);
    case 'union':
    case 'intersection': {
      const parts = def.type === 'union' ? (def.options as unknown[]) : [def.left, def.right];
      const merged = Object.assign({}, ...parts.map((p) => shapeOf(p, depth + 1) ?? {})) as Record<string, unknown>;
      return Object.keys(merged).length ? merged : null;
    }
    case 'lazy':
      return shapeOf((def.getter as () => unknown)(), depth + 1);
    default:
      return 'innerType' in def ? shapeOf(def.innerType, depth + 1) : null;
  }
}

const ID_FIELD = /(^|_)ids?$|Id$/;
const DATE_FIELD = /(_on|_at|_from|_to|date)$|^(from|to|on)$/;

/** The kind of one field: its schema's leaf type, with ids and dates told by the field's name. */
export function kindOf(name: string, s: unknown, depth = 0): FieldKind {
  const def = defOf(s);
  if (!def || depth > 20) return { kind: 'text' };
  switch (def.type) {
    case 'pipe':
      return defOf(def.in)?.type === 'transform' ? kindOf(name, def.out, depth + 1) : kindOf(name, def.in, depth + 1);
    case 'enum':
      return { kind: 'enum', values: Object.values(def.entries as Record<string, string>).map(String) };
    case 'literal':
      return { kind: 'enum', values: (def.values as unknown[]).map(String) };
    case 'array':
      return { kind: 'list', of: kindOf(name.replace(/s$/, ''), def.element, depth + 1) };
    case 'number':
    case 'int':
    case 'bigint':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'bool' };
    case 'object':
    case 'record':
      return { kind: 'object' };
    case 'union':
      return kindOf(name, (def.options as unknown[])[0], depth + 1);
    default:
      if ('innerType' in def) return kindOf(name, def.innerType, depth + 1);
      if (ID_FIELD.test(name)) return /ids$/.test(name) ? { kind: 'list', of: { kind: 'id' } } : { kind: 'id' };
      if (DATE_FIELD.test(name)) return { kind: 'date' };
      return { kind: 'text' };
  }
}

/** The fields of a route's declared body, or null when it declares none (parsed in the handler). */
export function bodyFields(rule: RouteRule): Map<string, FieldKind> | null {
  const shape = shapeOf(rule.schema?.body);
  if (!shape) return null;
  return new Map(Object.entries(shape).map(([k, v]) => [k, kindOf(k, v)]));
}

// ---------------------------------------------------------------------------
// ids

/** Path segment or field stem → table its ids come from. */
const TABLE_OF: Record<string, string> = {
  people: 'person', person: 'person', owner_person: 'person', chair_person: 'person', secretary_person: 'person', presenter_person: 'person', speaker_person: 'person',
  positions: 'position', memberships: 'membership', orgs: 'organization', org: 'organization', lead_org: 'organization', related_org: 'organization',
  host_org: 'organization', membership_org: 'organization', issuer_org: 'organization', coordinating_org: 'organization', addressed_org: 'organization',
  'org-relations': 'org_relation', units: 'unit', unit: 'unit', parent: 'unit', wardId: 'unit', articles: 'article', article: 'article', files: 'portal_file',
  categories: 'portal_category', category: 'portal_category', disclosures: 'disclosure', users: 'app_user', grants: 'role_grant', tokens: 'api_token',
  sources: 'source_document', source: 'source_document', programmes: 'programme', tasks: 'task', meetings: 'meeting', kinds: 'meeting_kind', kind: 'meeting_kind',
  forms: 'report_form', form: 'report_form', reports: 'report_request', requests: 'report_request', submissions: 'report_submission', period: 'report_request',
  meeting: 'meeting', based_on: 'document_profile', attendees: 'meeting_attendee', agenda: 'meeting_agenda_item', directives: 'meeting_directive',
  conclusions: 'meeting_conclusion', documents: 'issued_document', file: 'report_file', grantId: 'role_grant', feed: 'calendar_feed',
};

/** A path parameter's table: `/app/meetings/:id/agenda/:item` → `:item` from meeting_agenda_item. */
export function tableForParam(url: string, param: string): string | undefined {
  const segs = url.split('/');
  const i = segs.indexOf(':' + param);
  const prev = segs[i - 1] ?? '';
  if (param === 'grantId') return 'role_grant';
  if (prev === 'reports' && url.startsWith('/app/meetings/')) return 'meeting_report';
  return TABLE_OF[prev];
}

/** A field's table: `lead_org_id` → organization, `source_ids` → source_document. */
export function tableForField(name: string): string | undefined {
  return TABLE_OF[name.replace(/_ids?$/, '')] ?? TABLE_OF[name];
}

/** Ids of every table with an `id` column, a few per ward (both demo wards) and some without a ward. */
export async function idPools(db: Kysely<unknown>, exclude: readonly string[] = []): Promise<Map<string, string[]>> {
  const pools = new Map<string, string[]>();
  for (const table of await db.introspection.getTables()) {
    const cols = table.columns.map((c) => c.name);
    if (!cols.includes('id')) continue;
    const q = cols.includes('ward_id')
      ? sql<{ id: string }>`select id from (select id, row_number() over (partition by ward_id order by id) as n from ${sql.table(table.name)}) x where n <= 6`
      : sql<{ id: string }>`select id from ${sql.table(table.name)} order by id limit 6`;
    const ids = (await q.execute(db)).rows.map((r) => String(r.id)).filter((id) => !exclude.includes(id));
    if (ids.length) pools.set(table.name, ids);
  }
  return pools;
}

// ---------------------------------------------------------------------------
// "nothing written": a snapshot of every table

/** Tables a request may change without a command (sessions, throttles, view counters) or that are derived indexes. */
const UNWATCHED = /^(session|login_throttle|kysely_migration|kysely_migration_lock|article_view)$|^article_w?fts/;

/** A function returning one string that changes when any row of any watched table is added, removed or re-versioned. */
export async function tableSnapshot(db: Kysely<unknown>): Promise<{ tables: string[]; take: () => Promise<string> }> {
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && !UNWATCHED.test(t.name));
  const parts = tables.map((t) => {
    const count = sql`(select count(*) from ${sql.table(t.name)})`;
    return t.columns.some((c) => c.name === 'version') ? sql`${count} || ':' || (select coalesce(sum(version), 0) from ${sql.table(t.name)})` : sql`'' || ${count}`;
  });
  const query = sql<Record<string, unknown>>`select ${sql.join(parts.map((p, i) => sql`${p} as ${sql.ref('c' + i)}`))}`;
  return {
    tables: tables.map((t) => t.name),
    take: async () => {
      const row = (await query.execute(db)).rows[0] ?? {};
      return tables.map((t, i) => `${t.name}=${String(row['c' + i])}`).join(' ');
    },
  };
}

/** The tables whose part differs between two snapshots. */
export function changedTables(before: string, after: string): string[] {
  const a = before.split(' ');
  const b = after.split(' ');
  return b.filter((x, i) => x !== a[i]).map((x) => x.split('=')[0] ?? x);
}

// ---------------------------------------------------------------------------
// sending

export type Encoding = 'form' | 'json' | 'raw-form' | 'raw-json';

/** A body value: a string or number, a list (repeated field / JSON array), or any JSON (JSON only). */
export type Value = unknown;

/** One percent-encoded pair (URLSearchParams: a lone surrogate goes as U+FFFD, as a browser sends it). */
const pair = (k: string, v: string) => new URLSearchParams([[k, v]]).toString();

/**
 * Sends one body to a writing route as the signed-in `client`: url-encoded (lists as repeated
 * fields), JSON, or raw bytes holding invalid UTF-8 (0xFF 0xFE, a lone continuation byte, a cut
 * sequence) in a url-encoded or JSON body. The session's CSRF token travels in the header.
 */
export async function send(client: Client, method: string, url: string, body: Record<string, Value>, encoding: Encoding): Promise<Res> {
  const headers: Record<string, string> = { 'x-csrf-token': await client.csrf(), accept: url.startsWith('/api/') ? 'application/json' : 'text/html' };
  if (encoding === 'json') return client.request(method, url, { body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } });
  if (encoding === 'form') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(body)) {
      for (const x of Array.isArray(v) ? v : [v]) parts.push(pair(k, typeof x === 'string' ? x : (JSON.stringify(x) ?? '')));
    }
    return client.request(method, url, { body: parts.join('&'), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });
  }
  const BAD = [Buffer.from([0xff, 0xfe]), Buffer.from([0x80]), Buffer.from([0xe1, 0xba]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80])];
  const bad = (i: number) => BAD[i % BAD.length] as Buffer;
  const chunks: Buffer[] = [];
  const keys = Object.keys(body);
  if (encoding === 'raw-form') {
    keys.forEach((k, i) => chunks.push(Buffer.from(`${i ? '&' : ''}${pair(k, String(body[k]))}`), bad(i)));
    return client.request(method, url, { body: Buffer.concat(chunks), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } });
  }
  chunks.push(Buffer.from('{'));
  keys.forEach((k, i) => chunks.push(Buffer.from(`${i ? ',' : ''}${JSON.stringify(k)}:"${String(body[k]).replace(/["\\]/g, '')}`), bad(i), Buffer.from('"')));
  chunks.push(Buffer.from('}'));
  return client.request(method, url, { body: Buffer.concat(chunks), headers: { ...headers, 'content-type': 'application/json' } });
}

/** The writing routes the fuzz covers: every non-GET route but sign-in and sign-out (which end the session it needs). */
export function writingRoutes(t: TestApp): RouteRule[] {
  return t.app.routeRules.filter((r) => r.method !== 'GET' && r.url !== '/logout' && r.url !== '/login');
}

/** Whether an answer says the session is gone (then the fuzz signs in again). */
export const signedOut = (res: Res): boolean => res.status === 401 || (res.status >= 300 && res.status < 400 && (res.location ?? '').startsWith('/login'));
