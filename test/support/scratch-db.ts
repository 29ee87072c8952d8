// A throw-away PostgreSQL database on a test server, for a test file or a sweep.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates a database with a random name (`prefix` + 12 hex digits) on the server at `serverUrl`,
 * optionally as a copy of `template`. Returns its URL and a `drop` that removes it (forcing off any
 * connection left open).
 */
export async function createScratchPgDb(serverUrl: string, prefix: string, template: string | null = null): Promise<{ url: string; drop(): Promise<void> }> {
  const name = prefix + randomBytes(6).toString('hex');
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = '/' + name;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
