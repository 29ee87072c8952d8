// Server children of the benchmark: the load generator and each server run in their own process
// (so they do not share one event loop). The parent starts a child with `startChild`, the child
// answers with `serveChild`: one `ready` message with its port, then request/response over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

type Handlers = Record<string, () => unknown>;

interface Ready {
  type: 'ready';
  port: number;
}
interface Reply {
  type: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}
interface Call {
  id: number;
  cmd: string;
}

export interface Child {
  pid: number;
  base: string;
  /** Runs a named handler in the child and returns what it returned. */
  call<T>(cmd: string): Promise<T>;
  /** CPU time the child has used so far (user + system, all threads), in microseconds. */
  cpuMicros(): Promise<number>;
  /** Closes the server, then makes sure the process is gone. Idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Forks a TypeScript child (bench/lib/<script>) and waits until it listens on 127.0.0.1; `env` adds to the parent's environment. */
export async function startChild(script: string, args: string[], env: Record<string, string> = {}): Promise<Child> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc: ChildProcess = fork(file, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script}: not ready after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
    proc.on('message', (m: Ready | Reply) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      } else if (m.type === 'reply') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      }
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const call = <T,>(cmd: string): Promise<T> => {
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ id, cmd } satisfies Call);
    });
  };
  return {
    pid: proc.pid ?? -1,
    base: `http://127.0.0.1:${port}`,
    call,
    cpuMicros: () => call<number>('cpu'),
    stop() {
      stopping ??= (async () => {
        if (proc.connected) proc.send({ id: 0, cmd: 'close' } satisfies Call);
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** CPU time (user + system, all threads) the child has used so far, in microseconds. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** In the child: listens on 127.0.0.1 on a free port, tells the parent, answers its calls. */
export async function serveChild(app: FastifyInstance, handlers: Handlers = {}): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const close = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  process.on('message', (m: Call) => {
    if (m.cmd === 'close') return void close();
    const handler = m.cmd === 'cpu' ? cpuMicros : handlers[m.cmd];
    let reply: Reply;
    try {
      if (!handler) throw new Error(`unknown command ${m.cmd}`);
      reply = { type: 'reply', id: m.id, result: handler() };
    } catch (e) {
      reply = { type: 'reply', id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    process.send?.(reply);
  });
  process.send?.({ type: 'ready', port: addr.port } satisfies Ready);
}
