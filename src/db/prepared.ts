// Hot queries built once (issue 12, docs/DESIGN.md D78): every signed-in page runs the same few
// queries (the session with its account, the unread count, a stamp). Building and compiling one
// with Kysely costs ~20 µs on this machine, more than SQLite takes to answer it; a prepared query
// is built and compiled once per dialect with placeholder values and then run with the caller's;
// on PostgreSQL it is also a named statement, parsed and planned once per connection.
import { CompiledQuery, type Compilable } from 'kysely';
import { dialectOf } from './dialect.ts';
import { nameOnPg } from './pg-client.ts';
import type { Queryable } from './index.ts';

/** A placeholder value for argument `i`: text no caller passes. */
const placeholder = (i: number) => `\u0000prepared:${i}\u0000`;

type Template = { sql: string; params: ({ arg: number } | { value: unknown })[]; query: CompiledQuery['query'] };

/**
 * A query made by `build` once per dialect and run with new values: `run(q, ...args)` gives its
 * rows (the same as `build(q, ...args).execute()`). `build` must pass each of its arguments into
 * the query as a value (a `where` operand, an inserted value) exactly once, and its shape must not
 * depend on them (no `in` lists of a caller's length, no branches): it is called with placeholders.
 * Throws on first use when an argument does not appear exactly once (a programming error).
 */
export function preparedQuery<A extends unknown[], R>(build: (q: Queryable, ...args: A) => Compilable<R>): (q: Queryable, ...args: A) => Promise<R[]> {
  const templates = new Map<string, Template>();
  const templateFor = (q: Queryable, arity: number): Template => {
    const dialect = dialectOf(q);
    let t = templates.get(dialect);
    if (t) return t;
    const names = Array.from({ length: arity }, (_, i) => placeholder(i));
    const compiled = build(q, ...(names as A)).compile();
    const params = compiled.parameters.map((p) => {
      const i = typeof p === 'string' ? names.indexOf(p) : -1;
      return i >= 0 ? { arg: i } : { value: p };
    });
    for (let i = 0; i < arity; i++) {
      if (params.filter((p) => 'arg' in p && p.arg === i).length !== 1) throw new Error(`prepared query: argument ${i} must be a value of the query exactly once`);
    }
    t = { sql: compiled.sql, params, query: compiled.query };
    if (dialect === 'postgres') nameOnPg(compiled.sql); // parsed and planned once per connection (pg-client.ts)
    templates.set(dialect, t);
    return t;
  };
  return async (q, ...args) => {
    const t = templateFor(q, args.length);
    const parameters = t.params.map((p) => ('arg' in p ? args[p.arg] : p.value));
    const res = await q.executeQuery<R>(CompiledQuery.raw(t.sql, parameters) as CompiledQuery<R>);
    return res.rows;
  };
}
