// `npm run sweep:fuzz`: the fuzz of test/fuzz.test.ts and test/fuzz-linear.test.ts with many more
// runs, on SQLite and then on PostgreSQL (docs/DESIGN.md D30). Minutes, not seconds: not part of
// `npm test`, which runs the same files with a few hundred requests.
//
//   npm run sweep:fuzz                         10,000 fuzz requests per database, every whitespace pattern in every field
//   ROVIEC_FUZZ_RUNS=50000 npm run sweep:fuzz  more
//   ROVIEC_FUZZ_SEED=7 npm run sweep:fuzz      another sequence (default: a new seed each sweep, printed)
//   ROVIEC_TEST_DATABASE_URL=postgres://… npm run sweep:fuzz   that server instead of a throw-away one
//
// Prints each database's counts (requests, 5xx, writes on refusal) and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { startPostgres, type StartedPostgres } from '../../test/support/pg.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = process.env.ROVIEC_FUZZ_RUNS ?? '10000';
const seed = process.env.ROVIEC_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const FILES = ['test/fuzz.test.ts', 'test/fuzz-linear.test.ts'];

function run(label: string, extra: Record<string, string>): { ok: boolean; counts: string[] } {
  process.stdout.write(`\n== ${label}: ${runs} runs, seed ${seed}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', ROVIEC_FUZZ_RUNS: runs, ROVIEC_FUZZ_SEED: seed, ...extra };
  if (!extra.ROVIEC_TEST_DATABASE_URL) delete env.ROVIEC_TEST_DATABASE_URL;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=7200000', ...FILES], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  const counts = [...new Set(out.split('\n').filter((l) => /^# (fuzz|linear) /.test(l)).map((l) => l.slice(2)))];
  if (r.status !== 0) process.stdout.write(out.split('\n').filter((l) => /not ok|Error|failed|->/.test(l)).slice(0, 60).join('\n') + '\n');
  for (const c of counts) process.stdout.write(c + '\n');
  return { ok: r.status === 0, counts };
}

const results: boolean[] = [run('SQLite', {}).ok];
let pg: StartedPostgres | undefined;
try {
  const url = process.env.ROVIEC_TEST_DATABASE_URL?.startsWith('postgres') ? process.env.ROVIEC_TEST_DATABASE_URL : (pg = await startPostgres()).url;
  results.push(run('PostgreSQL', { ROVIEC_TEST_DATABASE_URL: url }).ok);
} finally {
  await pg?.stop();
}
process.stdout.write(`\nsweep:fuzz ${results.every(Boolean) ? 'passed' : 'FAILED'} (seed ${seed})\n`);
process.exit(results.every(Boolean) ? 0 : 1);
