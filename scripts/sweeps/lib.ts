// Shared parts of the operational sweeps (docs/DESIGN.md D31): a fresh database of either kind
// with the demo wards, office accounts with API tokens, tasks to post progress on, and the real
// `roviec serve` as a child process on a free loopback port.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScratchPgDb } from '../../test/support/scratch-db.ts';
import { openDb, type Db } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemo } from '../../src/demo/seed.ts';
import { generateTasks, progressUsers } from '../../bench/programmes.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export type Kind = 'sqlite' | 'postgres';

export interface SweepDb {
  kind: Kind;
  url: string;
  filesDir: string;
  dir: string;
  wardId: string;
  /** Drops the database (PostgreSQL) and removes the temporary folder. */
  drop(): Promise<void>;
}

/**
 * A fresh migrated database with the demo wards: a SQLite file in a temp folder, or a new database
 * on the PostgreSQL server of `pgServerUrl` (e.g. ROVIEC_TEST_DATABASE_URL).
 */
export async function freshDb(kind: Kind, pgServerUrl?: string): Promise<SweepDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-sweep-'));
  const filesDir = path.join(dir, 'files');
  fs.mkdirSync(filesDir);
  let url = 'sqlite:' + path.join(dir, 'roviec.sqlite');
  let dropPg: (() => Promise<void>) | null = null;
  if (kind === 'postgres') {
    if (!pgServerUrl) throw new Error('PostgreSQL sweep: set ROVIEC_TEST_DATABASE_URL (or use --start-pg)');
    const scratch = await createScratchPgDb(pgServerUrl, 'sweep_');
    url = scratch.url;
    dropPg = scratch.drop;
  }
  const h = openDb(url, { poolSize: 2 });
  let wardId: string;
  try {
    await migrateToLatest(h.db);
    wardId = await loadDemo(h.db);
  } finally {
    await h.destroy();
  }
  return {
    kind,
    url,
    filesDir,
    dir,
    wardId,
    async drop() {
      await dropPg?.();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with a short-lived handle on the sweep database. */
export async function withHandle<R>(url: string, fn: (db: Db) => Promise<R>): Promise<R> {
  const h = openDb(url, { poolSize: 2 });
  try {
    return await fn(h.db);
  } finally {
    await h.destroy();
  }
}

/** `users` office accounts with API tokens and `tasks` fresh tasks of 2030 (id and version). */
export async function writers(s: SweepDb, users: number, tasks: number): Promise<{ tokens: string[]; tasks: { id: string; version: number }[] }> {
  return withHandle(s.url, async (db) => {
    const tokens = await progressUsers(db, s.wardId, users);
    const ids = await generateTasks(db, s.wardId, 2030, tasks);
    const rows = await db.selectFrom('task').select(['id', 'version']).where('id', 'in', ids).execute();
    return { tokens, tasks: rows.map((r) => ({ id: r.id, version: Number(r.version) })) };
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Server {
  proc: ChildProcess;
  base: string;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM (graceful) then, after 15 s, SIGKILL. */
  stop(): Promise<void>;
}

/**
 * Starts the real `roviec serve` (src/main.ts through tsx) on 127.0.0.1 and waits until /healthz
 * answers. `env` adds to a production environment without the demo (ROVIEC_DEMO=0).
 */
export async function startServer(s: Pick<SweepDb, 'url' | 'filesDir'>, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', ROVIEC_DEMO: '0', DATABASE_URL: s.url, ROVIEC_FILES: s.filesDir, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000; // two shared cores under other load: startup can be slow
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`roviec serve exited (${proc.exitCode ?? proc.signalCode}) before it listened`);
    try {
      const r = await fetch(base + '/healthz');
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error('roviec serve did not answer /healthz within 180 s');
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    proc,
    base,
    exited,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** The PostgreSQL server for a sweep: ROVIEC_TEST_DATABASE_URL, or a throw-away one (test/support/pg.ts). */
export async function pgServer(start: boolean): Promise<{ url: string; stop(): Promise<void> } | null> {
  const env = process.env.ROVIEC_TEST_DATABASE_URL;
  if (env?.startsWith('postgres')) return { url: env, stop: async () => undefined };
  if (!start) return null;
  const { startPostgres } = await import('../../test/support/pg.ts');
  const p = await startPostgres();
  return { url: p.url, stop: () => p.stop() };
}
