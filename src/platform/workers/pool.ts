// The heavy-job pool (docs/DESIGN.md D45): a few worker threads (piscina) that run the jobs of
// jobs.ts off the event loop, with a cap on how many run and wait at once. Every heavy route goes
// through `runHeavy(app, name, input)`; when the cap is reached it answers 503 with a Vietnamese
// message and `Retry-After`, instead of letting the queue (and the memory it holds) grow.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { Piscina } from 'piscina';
import type { DbHandle } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { runJob, type JobInput, type JobName, type JobOutcome, type JobOutput } from './jobs.ts';
import { navSnapshot } from '../../ui/layout.tsx';
import './messages.ts';

/** Seconds a client is asked to wait (Retry-After) when the pool is full. */
export const BUSY_RETRY_AFTER_S = 30;

export interface HeavyPoolOptions {
  /** Worker threads that run jobs at once. Default: one per core minus one, at least 1. */
  threads?: number;
  /** Jobs that may wait for a thread; one more is refused (503). Default: 16 per thread (a print view of 2,000 rows takes ~0.6 s on a thread: 16 waiting is ~10 s, below a browser's patience and a proxy's timeout). */
  queue?: number;
  /** Run every job in this process on the app's own handle (no threads). Forced for an in-memory SQLite database. */
  inProcess?: boolean;
  /** Milliseconds an idle worker lives before it ends (its memory returned). Default 60 s. */
  idleTimeoutMs?: number;
}

/**
 * V8 heap limits of each worker thread (docs/DESIGN.md D69). Without them V8 sized a worker's heap by
 * its allocation rate and left the garbage of an export standing: three XLSX exports of 10,000 tasks
 * grew the process by +72–84 MB; with a 4 MB young generation and a 256 MB old one, +14 MB (the same
 * bytes out). 256 MB is ~3× the live data of the largest job measured (a print view of 2,000 rows, or
 * the old whole-year XLSX build of 10,000 tasks at ~100 MB); a job that needs more ends its worker
 * (piscina starts another) and its request fails.
 */
export const WORKER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 } as const;

/** The pool of one app: run a job, close. */
export interface HeavyPool {
  /** Where jobs run: 'threads', or 'in-process' (an in-memory database, or asked for). */
  readonly mode: 'threads' | 'in-process';
  run(name: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A database only this process can see (an in-memory SQLite database): a worker cannot open it. */
export const isPrivateDb = (url: string): boolean => /^(sqlite:)?(:memory:|$)|mode=memory/.test(url.trim());

/** Running from TypeScript (tsx) rather than from the build (dist/). */
const FROM_TS = import.meta.url.endsWith('.ts');
const EXT = FROM_TS ? '.ts' : '.js';

/** What a worker needs to start: its entry, its runner, tsx's ESM API under tsx (worker.ts says why). */
function workerFiles(): { filename: string; runner: string; tsxApi: string | null } {
  return {
    filename: fileURLToPath(new URL(`./worker${EXT}`, import.meta.url)),
    runner: new URL(`./worker-run${EXT}`, import.meta.url).href,
    tsxApi: FROM_TS ? import.meta.resolve('tsx/esm/api') : null,
  };
}

/** The refusal when the pool is full: 503, a Vietnamese message, Retry-After (the error handler renders it). */
export class BusyError extends AppError {
  readonly retryAfterS = BUSY_RETRY_AFTER_S;
  constructor() {
    super(503, 'workers.busy' satisfies MessageKey);
    this.name = 'BusyError';
  }
}

function unwrap(out: JobOutcome): unknown {
  if (out.ok) return out.value;
  const e = out.error;
  throw new AppError(e.status, e.key as MessageKey, e.params as AppError['params'], e.fields as AppError['fields']);
}

/**
 * Makes the pool of an app on `databaseUrl`; `jobsModule` is the URL of the module that registers
 * every job (src/features/jobs.ts), imported by each worker. Threads start on the first job and
 * end after `idleTimeoutMs` idle. `handle` serves in-process jobs.
 */
export function createHeavyPool(databaseUrl: string, jobsModule: string, handle: DbHandle, opts: HeavyPoolOptions = {}): HeavyPool {
  const threads = Math.max(1, opts.threads ?? (os.availableParallelism?.() ?? os.cpus().length) - 1);
  const queue = Math.max(0, opts.queue ?? 16 * threads);
  let inFlight = 0;
  const capped = async (fn: () => Promise<JobOutcome>): Promise<unknown> => {
    if (inFlight >= threads + queue) throw new BusyError();
    inFlight++;
    try {
      return unwrap(await fn());
    } finally {
      inFlight--;
    }
  };
  if (opts.inProcess || isPrivateDb(databaseUrl)) {
    // One at a time, like one thread: the cap still bounds what waits.
    let tail: Promise<unknown> = Promise.resolve();
    return {
      mode: 'in-process',
      run: (name, input) =>
        capped(() => {
          const next = tail.then(() => runJob({ db: handle.db, kind: handle.kind }, name, input));
          tail = next.catch(() => undefined);
          return next;
        }),
      close: async () => undefined,
    };
  }
  const { filename, runner, tsxApi } = workerFiles();
  const piscina = new Piscina({
    filename,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: opts.idleTimeoutMs ?? 60_000,
    workerData: { databaseUrl, jobsModule, runner, tsxApi },
    resourceLimits: WORKER_HEAP,
  });
  return {
    mode: 'threads',
    run: (name, input) => capped(() => piscina.run({ name, input, nav: navSnapshot() }) as Promise<JobOutcome>),
    close: () => piscina.destroy(),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    heavy: HeavyPool;
  }
}

/**
 * Runs heavy job `name` with `input` (plain, cloneable data) on the pool of the app answering
 * `reply` and returns its output. Errors: the job's AppError as the same AppError (404, 403…);
 * BusyError (503) when `threads + queue` jobs are already running or waiting, after setting
 * `Retry-After` on `reply`.
 */
export async function runHeavy<K extends JobName>(reply: FastifyReply, name: K, input: JobInput<K>): Promise<JobOutput<K>> {
  try {
    return (await reply.server.heavy.run(name, input)) as JobOutput<K>;
  } catch (err) {
    if (err instanceof BusyError) reply.header('retry-after', String(err.retryAfterS));
    throw err;
  }
}
