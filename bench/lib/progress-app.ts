// The app in this process for the write benches (bench/progress-profile.ts, bench/reads-writes.ts;
// docs/DESIGN.md D69, D73): a fresh database (SQLite in a temporary folder, or the PostgreSQL `pg`
// URL, which must be empty), the demo, `tasks` generated tasks of 2031 and 50 office accounts with
// API tokens; the app built with the production config (ROVIEC_WRITE_SLOTS, ROVIEC_WRITE_SLOTS_IDLE
// and ROVIEC_WRITE_QUEUE passed through from the environment), and `post()`, one progress post
// through `app.inject` on the next task at the version it will have by then.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDb, type Db } from '../../src/db/index.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemo } from '../../src/demo/seed.ts';
import { generateTasks, progressUsers } from '../programmes.ts';

export interface ProgressApp {
  app: FastifyInstance;
  config: Config;
  url: string;
  /** One progress post (the next task, the next of the 50 users); its time in ms and status. */
  post(): Promise<{ ms: number; status: number }>;
  close(): Promise<void>;
}

/** The data of a write bench: the database URL, the generated task ids, 50 API tokens, the files folder. */
export interface ProgressData {
  url: string;
  filesDir: string;
  taskIds: string[];
  tokens: string[];
  /** Removes the temporary folder (the SQLite file, the files). */
  remove(): void;
}

/** The admission limits of this environment (ROVIEC_WRITE_SLOTS, _IDLE, ROVIEC_WRITE_QUEUE, ROVIEC_WRITE_SHARE), to pass to an app. */
export function admissionEnv(): Record<string, string> {
  return Object.fromEntries(['ROVIEC_WRITE_SLOTS', 'ROVIEC_WRITE_SLOTS_IDLE', 'ROVIEC_WRITE_QUEUE', 'ROVIEC_WRITE_SHARE'].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k] as string]])));
}

/** Makes the database of a write bench: migrated, the demo, `tasks` tasks of 2031, 50 office API users. */
export async function makeProgressData(opts: { pg?: string | undefined; tasks: number }): Promise<ProgressData> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-progress-'));
  const url = opts.pg ?? 'sqlite:' + path.join(tmp, 'p.sqlite');
  const gen = openDb(url, { poolSize: 2 });
  await migrateToLatest(gen.db);
  const wardId = await loadDemo(gen.db);
  const taskIds = await generateTasks(gen.db, wardId, 2031, opts.tasks);
  const tokens = await progressUsers(gen.db, wardId, 50);
  await gen.destroy();
  fs.mkdirSync(path.join(tmp, 'files'));
  return { url, filesDir: path.join(tmp, 'files'), taskIds, tokens, remove: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/** Builds the data and the app in this process; `wrap` may add a plugin to the app's handle (a query tracer). */
export async function startProgressApp(opts: { pg?: string | undefined; tasks: number; wrap?: (db: Db) => Db }): Promise<ProgressApp> {
  const { url, filesDir, taskIds, tokens, remove } = await makeProgressData(opts);
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, ROVIEC_FILES: filesDir, ROVIEC_TRUST_PROXY: '1', ...admissionEnv() });
  const handle = openDb(config.databaseUrl);
  const { app } = await buildApp(config, opts.wrap ? { ...handle, db: opts.wrap(handle.db) } : handle);
  await app.ready();

  const version = new Map<string, number>();
  let n = 0;
  return {
    app,
    config,
    url,
    async post() {
      const i = n++;
      const id = taskIds[i % taskIds.length] as string;
      const v = version.get(id) ?? 1;
      version.set(id, v + 1);
      const t0 = performance.now();
      const res = await app.inject({ method: 'POST', url: `/api/v1/tasks/${id}/progress`, headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json', 'x-forwarded-for': `10.0.${i % 200}.1` }, payload: JSON.stringify({ percent: 10 + (i % 80), note: 'bench', version: v }) });
      return { ms: performance.now() - t0, status: res.statusCode };
    },
    async close() {
      await app.close(); // also ends the handle
      remove();
    },
  };
}
