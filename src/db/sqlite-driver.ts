// A Kysely driver for SQLite with two connections to one WAL file (docs/DESIGN.md D43):
//
// - the WRITER runs every transaction and every statement that writes, one at a time (a mutex,
//   as Kysely's own SqliteDriver does for its single connection);
// - the READER runs read-only statements made outside a transaction, at once, even while a
//   transaction holds the writer and awaits something.
//
// In WAL mode a reader sees the last committed state as of the start of its statement: a read made
// after a command committed (the next statement of the same request) sees that command's writes;
// reads inside a transaction go to the writer and see the transaction's own writes. better-sqlite3
// is synchronous, so two statements never run at once on one connection; a streamed read gets a
// read-only connection of its own (an open iterator keeps its connection busy).
//
// The query planner's statistics: `PRAGMA optimize` (ANALYZE where the tables changed enough,
// sampling at most 400 rows an index) when the driver starts and every hour after. Without them
// SQLite picks an index by its shape, not its selectivity: `task where ward_id = ? and parent_id = ?`
// scanned the ward's whole task list through (ward_id, lead_org_id) instead of the parent_id index.
//
// `:memory:` has no second connection (a second one would be another, empty database): there the
// driver runs everything on the writer, exactly like Kysely's SqliteDriver.
//
// Group commit (docs/DESIGN.md D69): with `synchronous = FULL` every COMMIT waits for an fsync of
// the WAL, and better-sqlite3 waits on the event loop (≈ 3 ms a commit here: most of a progress
// post's time on the writer, and every other request stalled meanwhile). So a transaction is a
// SAVEPOINT inside an outer `BEGIN IMMEDIATE`; when it ends, the outer stays open, the writer
// passes on, and the finished transaction's commit resolves only when the outer commits (one fsync
// for the group): a flush queued for the writer after one turn of the event loop (the requests in
// flight reach their own transactions first and join), or at once after GROUP_MAX transactions or
// GROUP_MAX_MS after the group began. A commit is still durable before
// the caller hears of it; a transaction that fails rolls back to its savepoint only; a failed
// outer COMMIT fails every transaction of its group (none had been answered). A statement outside
// a transaction commits an open group before it runs, so it never joins one.
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

type Sqlite = Database.Database;

/** How often the planner's statistics are refreshed (SQLite's advice for long-lived connections: every few hours). */
export const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

/** Transactions that share one outer COMMIT at most; and how long a group may stay open. */
export const GROUP_MAX = 16;
export const GROUP_MAX_MS = 20;
/** The savepoint a transaction is inside the group's outer transaction. */
const MEMBER = 'roviec_tx';

/** A mutex that hands the writer to one holder at a time, in arrival order. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Callers waiting for the lock (not counting its holder). */
  waiting = 0;

  /** Resolves when the caller holds the lock; call the returned function to release it. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    this.waiting++;
    return before.then(() => {
      this.waiting--;
      return release;
    });
  }
}

/** Transactions ended inside the open outer transaction, waiting for its COMMIT. */
interface Group {
  startedAt: number;
  members: { resolve: () => void; reject: (e: unknown) => void }[];
}

// Statements the reader may run: read-only (SQLite's own verdict) and a plain query, never a
// pragma or transaction control (which SQLite also calls read-only but which change the connection).
const QUERY_START = /^\s*(select|with|values)\b/i;

/** Prepared statements kept per connection, by SQL text (parsing the SQL was ~12 % of a progress post's CPU). */
const STATEMENT_CACHE = 500;
const statements = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/**
 * The statement for `text` on `db`, prepared once and reused (most recently used kept). Safe
 * because `all`/`run` finish synchronously; a stream prepares its own statement.
 */
function prepared(db: Sqlite, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (stmt) {
    cache.delete(text);
  } else {
    stmt = db.prepare(text);
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(text, stmt);
  return stmt;
}

function run(db: Sqlite, q: CompiledQuery): QueryResult<unknown> {
  return execute(prepared(db, q.sql), q);
}

function execute(stmt: Database.Statement, q: CompiledQuery): QueryResult<unknown> {
  const params = q.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(params) };
  const { changes, lastInsertRowid } = stmt.run(params);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class SplitConnection implements DatabaseConnection {
  /** The writer's release while this connection holds it (in a transaction). */
  release: (() => void) | null = null;

  constructor(private readonly driver: SplitSqliteDriver) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const { writer, reader } = this.driver;
    if (this.release) return run(writer, q) as QueryResult<R>;
    if (reader && QUERY_START.test(q.sql)) {
      const stmt = prepared(reader, q.sql);
      if (stmt.readonly) return execute(stmt, q) as QueryResult<R>;
    }
    const release = await this.driver.mutex.lock();
    try {
      this.driver.flush();
      return run(writer, q) as QueryResult<R>;
    } finally {
      release();
    }
  }

  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!QUERY_START.test(q.sql)) throw new Error('Sqlite driver only supports streaming of select queries');
    // In a transaction, on the writer it holds; else on a read-only connection of its own, or
    // (`:memory:`) on the writer held for the whole stream.
    const own = !this.release && this.driver.file ? this.driver.openReader() : null;
    const release = !this.release && !own ? await this.driver.mutex.lock() : null;
    if (release) this.driver.flush();
    try {
      const db = own ?? this.driver.writer;
      for (const row of db.prepare(q.sql).iterate(q.parameters as unknown[])) yield { rows: [row as R] };
    } finally {
      own?.close();
      release?.();
    }
  }
}

/**
 * The driver (see the top of this file). `file` is the database file, or null for `:memory:`;
 * `writer` is the connection already opened on it (pragmas set by the caller).
 */
export class SplitSqliteDriver implements Driver {
  readonly mutex = new Mutex();
  reader: Sqlite | null = null;

  constructor(
    readonly writer: Sqlite,
    readonly file: string | null,
  ) {}

  /** A new read-only connection on the file (WAL; waits up to 5 s on a busy file). */
  openReader(): Sqlite {
    const db = new Database(this.file as string, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  }

  #optimizer: NodeJS.Timeout | undefined;

  async init(): Promise<void> {
    this.writer.pragma('analysis_limit = 400');
    this.writer.pragma('optimize = 0x10002');
    this.#optimizer = setInterval(() => this.optimize().catch(() => undefined), OPTIMIZE_EVERY_MS).unref();
    if (this.file) this.reader = this.openReader();
  }

  /** Refreshes the planner's statistics where the tables changed enough (a write: holds the writer). */
  async optimize(): Promise<void> {
    const release = await this.mutex.lock();
    try {
      this.flush();
      this.writer.pragma('optimize');
    } finally {
      release();
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SplitConnection(this);
  }

  /** The open group: the outer transaction holds the writer's transactions that ended, uncommitted. */
  #group: Group | null = null;

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SplitConnection;
    const release = await this.mutex.lock();
    try {
      if (!this.writer.inTransaction) this.writer.exec('begin immediate');
      this.writer.exec(`savepoint ${MEMBER}`);
    } catch (e) {
      this.flushQuietly();
      release();
      throw e;
    }
    c.release = release;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // On failure Kysely calls rollbackTransaction, which rolls back to the savepoint and releases the writer.
    this.writer.exec(`release ${MEMBER}`);
    const group = (this.#group ??= { startedAt: Date.now(), members: [] });
    const done = new Promise<void>((resolve, reject) => group.members.push({ resolve, reject }));
    const c = connection as SplitConnection;
    if (group.members.length < GROUP_MAX && Date.now() - group.startedAt < GROUP_MAX_MS) {
      // The writer passes on: the next holder joins the group, or commits it (flush) before a
      // statement of its own; the requests in flight get one turn of the event loop to reach their
      // transaction, then a queued flush commits whatever the group holds.
      this.end(c);
      this.scheduleFlush();
    } else {
      try {
        this.flush();
      } catch {
        // `done` is rejected with the error
      } finally {
        this.end(c);
      }
    }
    return done;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // A transaction whose group COMMIT failed has passed the writer on already: nothing of it to undo.
    if (!(connection as SplitConnection).release) return;
    try {
      if (this.writer.inTransaction) {
        this.writer.exec(`rollback to ${MEMBER}`);
        this.writer.exec(`release ${MEMBER}`);
        // No ended transaction waits in the outer one: end it now, or it would hold the file's write
        // lock until the next write of this process (a worker thread's write waited 5 s and failed).
        if (!this.#group) this.writer.exec('rollback');
      } else if (this.#group) {
        // SQLite rolled the outer transaction back itself (I/O error, disk full…): the group's work is gone.
        const g = this.#group;
        this.#group = null;
        for (const m of g.members) m.reject(new Error('SQLite rolled back the group commit'));
      }
      if (this.#group) this.scheduleFlush(); // the group's earlier transactions still commit
    } finally {
      this.end(connection as SplitConnection);
    }
  }

  /**
   * Commits the open outer transaction, if any (the caller holds the writer): resolves its group's
   * transactions, or rejects them all and rethrows when the COMMIT fails.
   */
  flush(): void {
    if (!this.writer.inTransaction) return;
    const g = this.#group;
    this.#group = null;
    try {
      this.writer.exec('commit');
    } catch (e) {
      if (this.writer.inTransaction) this.writer.exec('rollback');
      for (const m of g?.members ?? []) m.reject(e);
      throw e;
    }
    for (const m of g?.members ?? []) m.resolve();
  }

  #flushScheduled = false;

  /** A flush after this turn of the event loop, in the writer's queue like any other holder. */
  private scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      void this.mutex.lock().then((release) => {
        this.#flushScheduled = false;
        try {
          this.flushQuietly();
        } finally {
          release();
        }
      });
    });
  }

  /** `flush`, its error already given to the group's transactions. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // each member of the group was rejected with the error
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A connection given back while it still holds the writer (never by Kysely's own flow).
    this.end(connection as SplitConnection);
  }

  async destroy(): Promise<void> {
    clearInterval(this.#optimizer);
    // The open group commits first (its transactions wait for that), then the connections close.
    const release = await this.mutex.lock();
    try {
      this.flushQuietly();
    } finally {
      release();
    }
    this.reader?.close();
    this.writer.close();
  }

  private end(c: SplitConnection): void {
    const release = c.release;
    c.release = null;
    release?.();
  }
}

/** The Kysely dialect of `SplitSqliteDriver`: SQLite's adapter, compiler and introspector. */
export class SplitSqliteDialect implements Dialect {
  constructor(
    private readonly writer: Sqlite,
    private readonly file: string | null,
  ) {}

  createDriver(): Driver {
    return new SplitSqliteDriver(this.writer, this.file);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
