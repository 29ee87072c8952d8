// Reads beside writes (docs/DESIGN.md D73): the app in a child process (bench/lib/app-server.ts, the
// production config; the write admission from ROVIEC_WRITE_SLOTS / ROVIEC_WRITE_SLOTS_IDLE as in the
// environment) on the demo plus `--tasks` generated tasks and 50 API users; autocannon drives, over
// loopback, alternating phases of `--seconds` each (after 1 s of warm-up): "reads" (the people list as
// the office, 10 connections), "writes" (progress posts by the 50 users, 50 connections) and "both"
// at once, `--rounds` times, so the other load of a shared machine falls on every phase alike.
// Prints per phase requests/s, p50/p99 and the app's CPU ms per request, and issue 12's row: reads
// during the writers as a share of reads alone (sums over the rounds).
// Usage: node --import tsx bench/reads-writes.ts [--pg URL] [--tasks 8000] [--seconds 3] [--rounds 3]
// (each write phase posts to its own sixth of the tasks, each once while they last: no 409 from a post cut at a phase's end).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';
import { Client } from '../test/support/app.ts';
import { startChild } from './lib/child.ts';
import { runLoad, type LoadResult, type Target } from './lib/load.ts';
import { admissionEnv, makeProgressData } from './lib/progress-app.ts';
import { programmeTargets } from './programmes.ts';

const { values } = parseArgs({ options: { pg: { type: 'string' }, tasks: { type: 'string', default: '8000' }, seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' } } });
const data = await makeProgressData({ pg: values.pg, tasks: Number(values.tasks) });
const app = await startChild('./app-server.ts', [data.url, data.filesDir]);
try {
  const office = new Client(app.base);
  await office.login('vanphong');
  const cookie = `${SESSION_COOKIE}=${office.cookies.get(SESSION_COOKIE)}`;
  const reads: Target = { name: 'GET /app/people', url: app.base + '/app/people', headers: { cookie }, expectStatus: 200, connections: 10 };
  // Each write phase posts to tasks no phase posted to (each task once, at version 1, while the
  // slice lasts): a post cut at a phase's end (waiting in the gate when the client closed) must not
  // leave the next phase's posts with a stale version, answered 409 (cheap, not a write).
  let slice = 0;
  const perPhase = Math.floor(data.taskIds.length / (2 * Number(values.rounds)));
  const writes = (): Target => {
    const ids = data.taskIds.slice(slice * perPhase, ++slice * perPhase);
    return { ...(programmeTargets(app.base, cookie, data.tokens, ids)[2] as Target), connections: 50 };
  };
  const settings = { connections: 10, durationS: Number(values.seconds), warmupS: 1 };

  type Sum = { requests: number; seconds: number; p99: number[]; p50: number[]; unexpected: number; cpuMs: number };
  const sum = (): Sum => ({ requests: 0, seconds: 0, p99: [], p50: [], unexpected: 0, cpuMs: 0 });
  const S = { reads: sum(), writes: sum(), bothReads: sum(), bothWrites: sum() };
  const add = (s: Sum, r: LoadResult) => {
    s.requests += r.requests;
    s.seconds += r.durationS;
    s.p99.push(r.latencyP99Ms);
    s.p50.push(r.latencyP50Ms);
    s.unexpected += r.unexpected;
    s.cpuMs += r.serverCpuMsPerRequest * r.requests;
  };
  const cpu = () => app.cpuMicros();
  for (let i = 0; i < Number(values.rounds); i++) {
    add(S.reads, await runLoad(reads, settings, cpu));
    add(S.writes, await runLoad(writes(), settings, cpu));
    const both = await runLoad(reads, settings, cpu, { alongside: writes() });
    add(S.bothReads, both);
    if (both.alongside) add(S.bothWrites, both.alongside);
  }
  const rate = (s: Sum) => s.requests / (s.seconds || 1);
  const line = (label: string, s: Sum, cpuToo = true) =>
    `  ${label}: ${rate(s).toFixed(1)} req/s, p50 ${s.p50.join('/')} ms, p99 ${s.p99.join('/')} ms${s.unexpected ? `, ${s.unexpected} unexpected` : ''}${cpuToo ? `, ${(s.cpuMs / (s.requests || 1)).toFixed(2)} CPU ms/req` : ''}`;
  const env = admissionEnv();
  console.log(`${data.url.startsWith('sqlite') ? 'sqlite' : 'postgres'}, ROVIEC_WRITE_SLOTS ${env.ROVIEC_WRITE_SLOTS ?? '(default)'}, _IDLE ${env.ROVIEC_WRITE_SLOTS_IDLE ?? '(default)'}; ${values.rounds} rounds of ${values.seconds} s; load ${os.loadavg()[0]?.toFixed(1)}`);
  console.log(line('reads alone', S.reads));
  console.log(line('writes alone', S.writes));
  console.log(line('reads with the writers', S.bothReads, false));
  console.log(line('writes with the readers', S.bothWrites, false));
  console.log(`  reads during the writers: ${((rate(S.bothReads) / rate(S.reads)) * 100).toFixed(0)} % of alone; app CPU ms per request in "both" (all requests): ${(S.bothReads.cpuMs / (S.bothReads.requests + S.bothWrites.requests || 1)).toFixed(2)}`);
} finally {
  await app.stop();
  data.remove();
}
