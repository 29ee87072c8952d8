// Named statements for hot queries on PostgreSQL (issue 12, docs/DESIGN.md D78): a query that
// db/prepared.ts built once is sent by its name after the first time on each connection, so the
// server parses and plans it once per connection instead of on every request (the session query
// runs on every signed-in request; PostgreSQL spent ~175 µs of CPU per such query unnamed).
import pg from 'pg';

const names = new Map<string, string>();

/** Marks `sql` (PostgreSQL text of a prepared query) to be sent as a named statement from now on. */
export function nameOnPg(sql: string): void {
  if (!names.has(sql)) names.set(sql, `roviec_${names.size + 1}`);
}

/**
 * The pool's client (`new pg.Pool({ Client: NamingClient })`): a query whose text was marked by
 * `nameOnPg` goes as a named statement (pg prepares it on the connection's first use), every other
 * query as it came. Kysely's driver calls `query(text, values)`.
 */
export class NamingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has a dozen overloads; this one forwards them all
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name && (values === undefined || Array.isArray(values))) return super.query({ name, text: config, values }, callback);
    return super.query(config, values, callback);
  }
}
