// Named statements on PostgreSQL (issue 12, docs/DESIGN.md D78, D80): a statement sent by its name
// is parsed and planned once per connection instead of on every run. Two ways a text gets a name:
// - db/prepared.ts marks its hot queries (`nameOnPg`) from their first run;
// - any other read or write whose same text this process has sent `NAME_AFTER` times is named from
//   then on (as pgJDBC's prepareThreshold does), up to `NAMED_MAX` texts. A command's statements are
//   the same texts on every request (Kysely puts values in parameters), so the hot ones are named
//   within a few requests; one-off texts (an `in` list of a rare length, a migration) never are.
// PostgreSQL spent ~175 µs of CPU parsing and planning the session query unnamed (D78); a progress
// post runs a dozen statements (D80).
import pg from 'pg';

/** Runs of one text in this process after which it is sent as a named statement (pgJDBC uses 5). */
export const NAME_AFTER = 3;
/**
 * At most this many texts are named. Each connection of the pool may end up holding all of them
 * prepared (a few kB to a few tens of kB each in its backend's memory), so the bound is the memory.
 */
export const NAMED_MAX = 400;
/** Texts longer than this are never named automatically (a long `in` list; its plan is not worth keeping). */
export const NAMED_TEXT_MAX = 16_384;
/** How many distinct unnamed texts are counted before the count starts over (a bound on memory). */
const SEEN_MAX = 20_000;
/** Statements worth preparing: reads and writes. Not DDL, transaction control or settings. */
const NAMEABLE = /^\s*(select|insert|update|delete|with)\s/i;
/**
 * A star list (`select *`, `"t".*`, `returning *`; not `count(*)`): its columns are the table's of the
 * moment, and a prepared statement whose result columns change (a migration adding one while this
 * process runs) fails with "cached plan must not change result type" until the connection ends.
 */
const STAR_LIST = /[\s.]\*/;

const names = new Map<string, string>();
const seen = new Map<string, number>();

/** Marks `sql` (PostgreSQL text of a prepared query) to be sent as a named statement from now on. */
export function nameOnPg(sql: string): void {
  if (!names.has(sql)) names.set(sql, `roviec_${names.size + 1}`);
}

/**
 * The name `text` is sent under, or undefined to send it unnamed: marked texts, and a read or write
 * once it ran `NAME_AFTER` times in this process (counting this run) while fewer than `NAMED_MAX`
 * were named, unless it selects or returns a star list (`STAR_LIST`). Exported for its test.
 */
export function statementName(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined || names.size >= NAMED_MAX || text.length > NAMED_TEXT_MAX || !NAMEABLE.test(text) || STAR_LIST.test(text)) return name;
  const n = (seen.get(text) ?? 0) + 1;
  if (n < NAME_AFTER) {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(text, n);
    return undefined;
  }
  seen.delete(text);
  nameOnPg(text);
  return names.get(text);
}

/**
 * The pool's client (`new pg.Pool({ Client: NamingClient })`): a query with a name
 * (`statementName`) goes as a named statement (pg prepares it on the connection's first use of
 * that name), every other query as it came. Kysely's driver calls `query(text, values)`.
 */
export class NamingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has a dozen overloads; this one forwards them all
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' && (values === undefined || Array.isArray(values)) ? statementName(config) : undefined;
    if (name) return super.query({ name, text: config, values }, callback);
    return super.query(config, values, callback);
  }
}
