// Hot queries built once (issue 12, docs/DESIGN.md D78): every signed-in page runs the same few
// queries (the session with its account, the unread count, a stamp). Building and compiling one
// with Kysely costs ~20 µs on this machine, more than SQLite takes to answer it; a prepared query
// is built and compiled once per dialect with placeholder values and then run with the caller's;
// on PostgreSQL it is also a named statement, parsed and planned once per connection.
import { createQueryId, type CompiledQuery, type Compilable, type OperationNodeSource, type RootOperationNode } from 'kysely';
import { dialectOf } from './dialect.ts';
import { nameOnPg } from './pg-client.ts';
import type { Queryable } from './index.ts';

/** A placeholder value for argument `i`: text no caller passes. */
const placeholder = (i: number) => `\u0000prepared:${i}\u0000`;

type Params = ({ arg: number } | { value: unknown })[];
type Template = { node: RootOperationNode; sql: string; params: Params };

/**
 * A query made by `build` once per dialect and run with new values: `run(q, ...args)` gives its
 * rows (the same as `build(q, ...args).execute()`). `build` must pass each of its arguments into
 * the query as a value (a `where` operand) exactly once, and its shape must not depend on them (no
 * `in` lists of a caller's length, no branches): it is called with placeholders. Reads only: the
 * command rules' write guard and every other plugin still see each run (their `transformQuery` runs
 * on the kept operation tree; a plugin that changes it gets it compiled afresh). Throws on first
 * use when an argument does not appear exactly once or the query is not a select (a programming error).
 */
export function preparedQuery<A extends unknown[], R>(build: (q: Queryable, ...args: A) => Compilable<R> & OperationNodeSource): (q: Queryable, ...args: A) => Promise<R[]> {
  const templates = new Map<string, Template>();
  const names = (n: number) => Array.from({ length: n }, (_, i) => placeholder(i));
  /** The parameters of `compiled` as arguments (placeholders) or values; every argument exactly once. */
  const paramsOf = (compiled: CompiledQuery, arity: number): Params => {
    const all = names(arity);
    const params = compiled.parameters.map((p) => {
      const i = typeof p === 'string' ? all.indexOf(p) : -1;
      return i >= 0 ? { arg: i } : { value: p };
    });
    for (let i = 0; i < arity; i++) {
      if (params.filter((p) => 'arg' in p && p.arg === i).length !== 1) throw new Error(`prepared query: argument ${i} must be a value of the query exactly once`);
    }
    return params;
  };
  const templateFor = (q: Queryable, arity: number): Template => {
    const dialect = dialectOf(q);
    const kept = templates.get(dialect);
    if (kept) return kept;
    const node = build(q, ...(names(arity) as A)).toOperationNode() as RootOperationNode;
    if (node.kind !== 'SelectQueryNode') throw new Error('prepared query: reads only');
    const compiled = q.getExecutor().compileQuery(node, createQueryId());
    const t: Template = { node, sql: compiled.sql, params: paramsOf(compiled, arity) };
    if (dialect === 'postgres') nameOnPg(compiled.sql); // parsed and planned once per connection (pg-client.ts)
    templates.set(dialect, t);
    return t;
  };
  return async (q, ...args) => {
    const t = templateFor(q, args.length);
    const executor = q.getExecutor();
    const queryId = createQueryId();
    const node = executor.transformQuery(t.node, queryId); // the plugins see every run
    let sql = t.sql;
    let params = t.params;
    if (node !== t.node) {
      const compiled = executor.compileQuery(node, queryId); // a plugin changed the query: compiled afresh
      sql = compiled.sql;
      params = paramsOf(compiled, args.length);
    }
    const parameters = params.map((p) => ('arg' in p ? args[p.arg] : p.value));
    const res = await executor.executeQuery<R>({ sql, parameters, query: node, queryId } as CompiledQuery<R>);
    return res.rows;
  };
}
