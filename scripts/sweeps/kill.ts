// Kill sweep (issue 8): SIGKILL the real server while 50 clients post progress at once, then check
// that every acknowledged post is in the database (with its audit row), that SQLite's
// `PRAGMA integrity_check` says ok, and that the server starts again on the same database.
//
//   npm run sweep:kill                      SQLite and PostgreSQL (ROVIEC_TEST_DATABASE_URL, or a
//                                           throw-away server started for the run), 3 rounds each
//   npm run sweep:kill -- --db sqlite --rounds 5 --clients 50
//
// Each client owns one task and posts to it in a loop with the version it knows (201 → next version),
// every note unique (`kill-<round>-<client>-<n>`). The kill comes after `--acks` acknowledged posts
// (default 150), in the middle of the stream. docs/DESIGN.md D31.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { freshDb, pgServer, startServer, withHandle, writers, type Kind, type SweepDb } from './lib.ts';

export interface KillRound {
  kind: Kind;
  round: number;
  sent: number;
  acknowledged: number;
  /** Acknowledged posts missing from the database after the kill (must be 0). */
  lost: number;
  /** Posts in the database without their audit row, or audit rows without their post (must be 0). */
  unaudited: number;
  /** Posts the server wrote but could not acknowledge before it died (allowed). */
  unacknowledgedPresent: number;
  integrity: string;
  restartedOk: boolean;
}

/**
 * One round on `s`: start `roviec serve`, run `clients` posting loops over `tasks` (one task each,
 * versions tracked in `tasks`), SIGKILL the server after `acks` acknowledgements, then count.
 */
export async function killRound(s: SweepDb, round: number, tokens: string[], tasks: { id: string; version: number }[], clients: number, acks: number): Promise<KillRound> {
  const srv = await startServer(s);
  const acked: string[] = [];
  let sent = 0;
  let dead = false;
  const sentNotes: string[] = [];
  const worker = async (i: number) => {
    const task = tasks[i % tasks.length] as { id: string; version: number };
    for (let n = 0; !dead; n++) {
      const note = `kill-${round}-${i}-${n}`;
      sentNotes.push(note);
      sent++;
      try {
        const r = await fetch(`${srv.base}/api/v1/tasks/${task.id}/progress`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
          body: JSON.stringify({ percent: 1 + ((n * 7 + i) % 98), note, version: task.version }),
        });
        const text = await r.text();
        if (r.status === 201) {
          acked.push(note);
          task.version++;
          if (acked.length >= acks && !dead) {
            dead = true;
            srv.proc.kill('SIGKILL');
          }
        } else if (r.status === 409) {
          // Someone else's version (should not happen: one client per task): re-read and go on.
          task.version = await withHandle(s.url, async (db) => Number((await db.selectFrom('task').select('version').where('id', '=', task.id).executeTakeFirstOrThrow()).version));
        } else {
          throw new Error(`round ${round}: POST progress answered ${r.status}: ${text.slice(0, 300)}`);
        }
      } catch (e) {
        if (dead) return; // the connection died with the server
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => worker(i)));
  await srv.exited;

  let integrity = 'n/a (PostgreSQL: WAL recovery)';
  if (s.kind === 'sqlite') {
    const file = s.url.replace(/^sqlite:/, '');
    const db = new Database(file); // read-write: recovers the WAL like the next server would
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } finally {
      db.close();
    }
  }
  const counts = await withHandle(s.url, async (db) => {
    const prefix = `kill-${round}-%`;
    const present = new Set((await db.selectFrom('progress_update').select('note').where('note', 'like', prefix).execute()).map((r) => r.note ?? ''));
    // Each post's audit row carries the post (note included) in after_json.
    const audited = Number((await db.selectFrom('audit_event').select((eb) => eb.fn.count<number>('id').as('n')).where('action', '=', 'task.progress').where('after_json', 'like', `%"kill-${round}-%`).executeTakeFirstOrThrow()).n);
    // Re-read the versions: a post the server committed but could not acknowledge moved its task on.
    for (const t of tasks) t.version = Number((await db.selectFrom('task').select('version').where('id', '=', t.id).executeTakeFirstOrThrow()).version);
    return { present, unaudited: Math.abs(present.size - audited) };
  });
  const lost = acked.filter((n) => !counts.present.has(n)).length;
  const ackedSet = new Set(acked);
  const unacknowledgedPresent = [...counts.present].filter((n) => !ackedSet.has(n)).length;
  // The server must start again on what the kill left.
  const again = await startServer(s);
  const restartedOk = (await fetch(again.base + '/healthz')).ok;
  await again.stop();
  return { kind: s.kind, round, sent, acknowledged: acked.length, lost, unaudited: counts.unaudited, unacknowledgedPresent, integrity, restartedOk };
}

/** Whether a round is clean: nothing acknowledged lost, every post audited, integrity ok, restart ok. */
export function roundOk(r: KillRound): boolean {
  return r.lost === 0 && r.unaudited === 0 && (r.kind === 'postgres' || r.integrity === 'ok') && r.restartedOk && r.acknowledged > 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string', default: 'both' }, rounds: { type: 'string', default: '3' }, clients: { type: 'string', default: '50' }, acks: { type: 'string', default: '150' } } });
  const kinds: Kind[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as Kind];
  const rounds = Number(values.rounds);
  const clients = Number(values.clients);
  const acks = Number(values.acks);
  const server = kinds.includes('postgres') ? await pgServer(true) : null;
  const results: KillRound[] = [];
  try {
    for (const kind of kinds) {
      const s = await freshDb(kind, server?.url);
      try {
        const w = await writers(s, Math.min(10, clients), clients);
        for (let r = 1; r <= rounds; r++) {
          const res = await killRound(s, r, w.tokens, w.tasks, clients, acks);
          results.push(res);
          console.log(`${kind} round ${r}: sent ${res.sent}, acknowledged ${res.acknowledged}, lost ${res.lost}, unaudited ${res.unaudited}, written but unacknowledged ${res.unacknowledgedPresent}, integrity ${res.integrity}, restart ${res.restartedOk ? 'ok' : 'FAILED'}`);
        }
      } finally {
        await s.drop();
      }
    }
  } finally {
    await server?.stop();
  }
  const bad = results.filter((r) => !roundOk(r));
  console.log(bad.length === 0 ? `kill sweep: ${results.length} rounds, all clean` : `kill sweep: ${bad.length} of ${results.length} rounds FAILED`);
  process.exit(bad.length === 0 ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
