// The registry of heavy jobs (docs/DESIGN.md D45): work that would hold the event loop for
// hundreds of milliseconds (a print view of thousands of rows, an XLSX or Word export) is a job
// with a name, registered here by the room that owns it, and run through `runHeavy` (pool.ts) in a
// worker thread. A job receives a database handle opened by its worker and plain, cloneable input
// (no functions, no request); it returns cloneable output (a string, a Uint8Array, plain objects).
import type { Db } from '../../db/index.ts';
import type { DbKind } from '../../config.ts';
import { AppError } from '../errors.ts';

/** What a job runs against: the database of the app (the worker's own handle, or the app's in-process). */
export interface JobEnv {
  db: Db;
  kind: DbKind;
}

/** A heavy job: cloneable input in, cloneable output out. */
export type HeavyJob<I = never, O = unknown> = (env: JobEnv, input: I) => Promise<O>;

/**
 * Every job by name, by declaration merging from the rooms' job modules:
 * `declare module '…/platform/workers/jobs.ts' { interface HeavyJobs { 'room.job': typeof fn } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HeavyJobs {}
export type JobName = keyof HeavyJobs & string;
export type JobInput<K extends JobName> = HeavyJobs[K] extends HeavyJob<infer I, unknown> ? I : never;
export type JobOutput<K extends JobName> = HeavyJobs[K] extends HeavyJob<never, infer O> ? O : never;

const registry = new Map<string, HeavyJob<never, unknown>>();

/** Registers jobs by name (at module load). A name registered twice with another function throws. */
export function registerJobs(jobs: Record<string, HeavyJob<never, unknown>>): void {
  for (const [name, fn] of Object.entries(jobs)) {
    const seen = registry.get(name);
    if (seen && seen !== fn) throw new Error(`heavy job registered twice: ${name}`);
    registry.set(name, fn);
  }
}

/** The outcome of a job as it crosses the thread boundary: an AppError travels as its parts. */
export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: { status: number; key: string; params?: unknown; fields?: unknown } };

/**
 * Runs job `name` on `env` and wraps the result. A user's error (AppError) is returned as data so
 * that the caller rethrows the same AppError; any other error is thrown (a 500, logged).
 */
export async function runJob(env: JobEnv, name: string, input: unknown): Promise<JobOutcome> {
  const fn = registry.get(name);
  if (!fn) throw new Error(`unknown heavy job: ${name}`);
  try {
    return { ok: true, value: await fn(env, input as never) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { status: err.status, key: err.key, params: err.params, fields: err.fields } };
    throw err;
  }
}
