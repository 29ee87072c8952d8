// A Kysely plugin that, while switched on, notes every query the app sends to the database
// (transaction begin/commit excepted): how many queries and writes one request costs. A query is
// noted when its result comes back: Kysely also runs the plugins over a subquery built from the
// handle (`db.selectFrom(…)` inside another query), which is not a statement of its own.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export interface TracedQuery {
  kind: string; // select, insert, update, delete, raw
  tables: string[];
  write: boolean;
  /** The start of the SQL text, for raw queries only. */
  text?: string;
}

/** Every table a query names (from, joins, subqueries), in order of first appearance. */
function tablesIn(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) tablesIn(n, found);
  } else if (node && typeof node === 'object') {
    const o = node as { kind?: string; table?: { identifier?: { name?: string } } };
    if (o.kind === 'TableNode' && typeof o.table?.identifier?.name === 'string') found.add(o.table.identifier.name);
    for (const v of Object.values(o)) if (v && typeof v === 'object') tablesIn(v, found);
  }
  return found;
}

export function describeQuery(node: RootOperationNode): TracedQuery {
  if (node.kind === 'RawNode') {
    const text = node.sqlFragments.join('?').replace(/\s+/g, ' ').trim();
    const verb = /^(?:with\b.*?\)\s*)?(\w+)/is.exec(text)?.[1]?.toLowerCase() ?? 'raw';
    return { kind: 'raw', tables: [], write: ['insert', 'update', 'delete'].includes(verb), text: text.slice(0, 70) };
  }
  const kind = node.kind.replace(/QueryNode$/, '').toLowerCase();
  return { kind, tables: [...tablesIn(node)], write: kind !== 'select' };
}

export class QueryTracer implements KyselyPlugin {
  private log: TracedQuery[] | null = null;
  /** Queries transformed and not yet answered, by Kysely's query id (subqueries never are). */
  private pending = new Map<string, TracedQuery>();

  start(): void {
    this.log = [];
    this.pending.clear();
  }

  stop(): TracedQuery[] {
    const log = this.log ?? [];
    this.log = null;
    this.pending.clear();
    return log;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.log) this.pending.set(args.queryId.queryId, describeQuery(args.node));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Once per query (a streamed query's later chunks find nothing pending).
    const q = this.pending.get(args.queryId.queryId);
    if (q && this.log) {
      this.pending.delete(args.queryId.queryId);
      this.log.push(q);
    }
    return args.result;
  }
}
