// Admission of writes (docs/DESIGN.md D73): signed-in write requests (POST, PUT, PATCH, DELETE on a
// route that is not public) run their handler through one FIFO gate per process: at most `slots` at
// once while reads are being served (a read in flight, or one ended less than READ_GRACE_MS ago), up
// to `idleSlots` otherwise — and while reads are served and writes queue, a pause after each write so
// the writes hold slots at most `share` of the time (D78); the next ones wait in arrival order, at most `queue` of them, and one
// more is refused with 503, a Vietnamese message and `Retry-After`. Reads are never queued. A write's
// command and its answer share the one event loop with every page, and the loop serves what is in
// flight in turn: bounding the writes in flight while reads are served bounds the share of the loop
// the writes take from them (reads first); with no reads the writes run as many as before (SQLite's
// group commit still groups them). The FIFO keeps the writers' own waits fair. Per process, like the
// event loop it protects: nothing in it has to be shared between instances.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { registerMessages } from '../i18n/registry.ts';

/**
 * Milliseconds the gate stays narrow after the last read in flight ended: a reader in a loop (a page
 * and its next click, a closed-loop client) is between two requests, not gone; measured: widening at
 * once let the writers in between every two reads, and the reads kept no more than without the gate.
 */
export const READ_GRACE_MS = 250;

/** Seconds a refused writer is asked to wait (Retry-After) when the queue is full. */
export const WRITE_RETRY_AFTER_S = 5;

/** How many writes run and wait (D73: measured on 2 cores, SQLite and PostgreSQL). */
export interface AdmissionLimits {
  /** Write handlers running at once while a read is in flight; 0 turns admission off (every write runs at once). */
  slots: number;
  /** Write handlers running at once while no read is in flight (at least `slots`). */
  idleSlots: number;
  /** Writes that may wait for a slot; one more is refused (503). */
  queue: number;
  /**
   * While reads are served, the share of the time (0–1] writes may hold slots: after a write held its
   * slot d ms, the next is admitted d·(1 − share)/share ms later (1: no pause). Default 1.
   */
  share?: number;
}

const vi = {
  'write.busy': 'Hệ thống đang nhận quá nhiều yêu cầu ghi cùng lúc. Vui lòng gửi lại sau vài giây; dữ liệu chưa được lưu.',
} as const;
const en: Record<keyof typeof vi, string> = {
  'write.busy': 'The system is receiving too many changes at once. Please send again in a few seconds; nothing was saved.',
};
registerMessages(vi, en);
declare module '../i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}

/** The refusal when the queue is full: 503 `write.busy`, rendered by the error handler with `Retry-After`. */
export class WriteBusyError extends AppError {
  readonly retryAfterS = WRITE_RETRY_AFTER_S;
  constructor() {
    super(503, 'write.busy' satisfies MessageKey);
    this.name = 'WriteBusyError';
  }
}

/**
 * A counting gate with a bounded FIFO queue whose width depends on the reads in flight
 * (`readStarted`/`readEnded`): `limits.slots` while one is, `limits.idleSlots` while none is.
 * `enter()` resolves with a release function once a slot is free (at once when one is and no one
 * waits), in arrival order; it throws `WriteBusyError` when `queue` callers already wait. Each
 * release frees its slot once (a second call does nothing).
 */
export class AdmissionGate {
  private running = 0;
  private reads = 0;
  private lastReadEnd = -Infinity;
  private widenTimer: NodeJS.Timeout | null = null;
  /** While reads are served, no write is admitted before this instant (performance.now() ms): the writes' pause (`share`). */
  private resumeAt = -Infinity;
  private resumeTimer: NodeJS.Timeout | null = null;
  private readonly waiting: (() => void)[] = [];

  /** `graceMs`: how long after the last read ended the gate stays narrow (a reader's next request is usually on its way). */
  constructor(
    readonly limits: AdmissionLimits,
    readonly graceMs: number = READ_GRACE_MS,
  ) {}

  /** Writes running now and waiting now, reads in flight now (for tests and the log). */
  get state(): { running: number; waiting: number; reads: number } {
    return { running: this.running, waiting: this.waiting.length, reads: this.reads };
  }

  private get readsNow(): boolean {
    return this.reads > 0 || performance.now() - this.lastReadEnd < this.graceMs;
  }

  /** How many writes may run now: `slots` while reads are served (none during the writes' pause), else `idleSlots`. */
  private get width(): number {
    if (!this.readsNow) return Math.max(this.limits.slots, this.limits.idleSlots);
    return performance.now() < this.resumeAt ? 0 : this.limits.slots;
  }

  /**
   * Admits waiting writes while there is room (after a release, when the last read ended, after a
   * pause); writes still waiting during a pause are admitted by a timer at its end.
   */
  private pump(): void {
    while (this.waiting.length > 0 && this.running < this.width) {
      this.running++;
      (this.waiting.shift() as () => void)();
    }
    this.armWiden();
    const wait = this.resumeAt - performance.now();
    if (this.waiting.length === 0 || wait <= 0 || this.resumeTimer || !this.readsNow) return;
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      this.pump();
    }, Math.ceil(wait));
    this.resumeTimer.unref();
  }

  /**
   * With writes waiting, no read in flight and the grace time not over: a timer that pumps when it is
   * (the gate widens then). Armed whenever that state arises — when the last read ends, and when a
   * pump leaves writes waiting in it (a write queued after the last read ended; a timer that fired a
   * little early by `performance.now()`, whose clock is finer than the timers': without it such a
   * write waited until some other request came and went, in a quiet office for good).
   */
  private armWiden(): void {
    if (this.widenTimer || this.waiting.length === 0 || this.reads > 0) return;
    const left = this.graceMs - (performance.now() - this.lastReadEnd);
    if (left <= 0) return; // wide already
    this.widenTimer = setTimeout(() => {
      this.widenTimer = null;
      this.pump();
    }, Math.ceil(left) + 1);
    this.widenTimer.unref();
  }

  /**
   * A write held its slot `heldMs`: while reads are served and other writes wait, the next waits so
   * writes hold slots at most `share` of the time. With no write waiting there is no pause: one
   * writer's saves one after another (a clerk, a script) are never held back.
   */
  private pauseAfter(heldMs: number): void {
    const share = this.limits.share ?? 1;
    if (share >= 1 || !this.readsNow || this.waiting.length === 0) return;
    this.resumeAt = Math.max(this.resumeAt, performance.now() + (heldMs * (1 - share)) / share);
  }

  /** A read began: the gate narrows to `slots` (writes already running go on). */
  readStarted(): void {
    this.reads++;
  }

  /** A read ended: with none left, the gate widens to `idleSlots` after `graceMs` without a new one. */
  readEnded(): void {
    if (this.reads > 0) this.reads--;
    if (this.reads > 0) return;
    this.lastReadEnd = performance.now();
    this.armWiden();
  }

  /** Waits for a slot; returns its release. Throws `WriteBusyError` when the queue is full. */
  async enter(): Promise<() => void> {
    if (this.waiting.length === 0 && this.running < this.width) {
      this.running++;
    } else {
      if (this.waiting.length >= this.limits.queue) throw new WriteBusyError();
      // Counted as running by `pump` when admitted, so no later arrival overtakes it.
      const admitted = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.pump(); // during a pause with nothing running, this arms the timer that admits it
      await admitted;
    }
    let released = false;
    const admittedAt = performance.now();
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.pauseAfter(performance.now() - admittedAt);
      this.pump();
    };
  }
}

/**
 * Whether a request is a signed-in write admitted through the gate: a changing method on a route that
 * is not public — multipart uploads included. The gate is taken in preHandler, after the body is read:
 * an upload scope parses its parts with `attachFieldsToBody` in preValidation (platform/http/uploads.ts),
 * so a photo arriving at a phone's pace holds no slot while it arrives, and the command that stores it
 * waits its turn like any other write (the task page's progress form is always multipart).
 */
export function isAdmittedWrite(req: FastifyRequest): boolean {
  const m = req.method;
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  const access = req.routeOptions.config?.access;
  return access !== undefined && access !== 'public';
}

/**
 * Installs the gate for every route declared after it: an onRequest hook counts the reads in flight
 * (every request that is not an admitted write, until its response is finished or its connection
 * closes); a preHandler hook (after identity, the route's access rule, CSRF, the body — a multipart one
 * fully buffered — and its validation, so a refused request never waits and a slow sender holds none) takes a slot for a signed-in write and frees it likewise. With
 * `slots` 0 nothing is installed. Returns the gate (null when off).
 */
export function setupWriteAdmission(app: FastifyInstance, limits: AdmissionLimits): AdmissionGate | null {
  if (limits.slots <= 0) return null;
  const gate = new AdmissionGate(limits);
  app.decorate('writeGate', gate);
  // Callback hooks: a read passes without a promise (the article page's path stays promise-free, D71).
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    // A request whose connection is already gone is not counted: its 'close' was before this hook.
    if (!isAdmittedWrite(req) && !req.raw.socket?.destroyed) {
      gate.readStarted();
      reply.raw.once('close', () => gate.readEnded());
    }
    done();
  });
  app.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (!isAdmittedWrite(req)) return done();
    gate.enter().then(
      (release) => {
        if (reply.raw.destroyed) {
          release(); // the client left while it waited: nothing is run for it
          return done(new WriteBusyError());
        }
        reply.raw.once('close', release);
        done();
      },
      (e: unknown) => {
        if (e instanceof WriteBusyError) reply.header('retry-after', String(e.retryAfterS));
        done(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
  return gate;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The write admission gate (D73), when on. */
    writeGate?: AdmissionGate;
  }
}
