#!/usr/bin/env node
// `npm test` orchestrator (node built-ins only).
//
//   node scripts/test.mjs [phase...]      phases: typecheck lint house unit pg e2e (default: all, in that order)
//   node scripts/test.mjs --bail unit pg  stop after the first failing phase
//
// house: every scripts/check-*.mjs / check-*.ts (docs/DESIGN.md D12: feature boundaries, import
//       cycles, long files, …); each script is one passed or failed check (exit code 0 or not).
// unit: every *.test.ts / *.test.tsx under src/ and test/ (except test/e2e/), SQLite
//       (ROVIEC_TEST_DATABASE_URL unset).
//       The files that open no database run here only, guarded (scripts/test-no-db.mjs, D66).
// pg:   the files that open a database (scripts/test-files.mjs) against a throw-away PostgreSQL
//       started with `node --import tsx test/support/pg.ts serve` (ROVIEC_TEST_DATABASE_URL=<url>).
// e2e:  test/e2e/**/*.test.ts, one file at a time, beside the pg phase (D66).
//
// The very last line printed is always `N passed, N failed[, N skipped]`.
// typecheck/lint count as one passed or one failed check each; so does each house script.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { AsyncLocalStorage } from 'node:async_hooks';
import { splitByDatabase } from './test-files.mjs';

/** The output buffer of the phase running in this async context (none: stream directly). */
class AsyncLocalStorageShim {
  #als = new AsyncLocalStorage();
  get() {
    return this.#als.getStore();
  }
  run(buffer, fn) {
    return this.#als.run(buffer, fn);
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL_PHASES = ['typecheck', 'lint', 'house', 'unit', 'pg', 'e2e'];
const PG_START_TIMEOUT_MS = 120_000;
/** The TypeScript loader of every test and house process (esbuild, cached; D66), not tsx. */
const TS_LOADER = './scripts/ts-loader.mjs';
const PG_STOP_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------
// arguments

const argv = process.argv.slice(2);
const bail = argv.includes('--bail');
const requested = argv.filter((arg) => !arg.startsWith('--'));
for (const arg of argv.filter((a) => a.startsWith('--'))) {
  if (arg !== '--bail') usage(`unknown option ${arg}`);
}
for (const phase of requested) {
  if (!ALL_PHASES.includes(phase)) usage(`unknown phase "${phase}"`);
}
const phases = requested.length === 0 ? ALL_PHASES : ALL_PHASES.filter((p) => requested.includes(p));

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/test.mjs [--bail] [${ALL_PHASES.join('|')} ...]\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// helpers

function baseEnv(extra = {}) {
  const env = { ...process.env, NODE_ENV: 'test', ...extra };
  // Keep colours in the streamed output when we are on a terminal; they are stripped for parsing.
  if (process.stdout.isTTY && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

const running = new Set();

/**
 * Runs a command, streaming its output to ours while capturing it. Inside a phase that runs beside
 * another (`buffered` is set), the output is kept and printed when the command ends, so two
 * phases' lines do not interleave.
 */
const phaseBuffer = new AsyncLocalStorageShim();
function run(command, args, env) {
  const buffered = phaseBuffer.get();
  const write = (stream, chunk) => (buffered ? buffered.push([stream, chunk]) : stream.write(chunk));
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => {
      write(process.stdout, chunk);
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk) => {
      write(process.stderr, chunk);
      output += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
      process.stderr.write(`failed to run ${command}: ${error.message}\n`);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), signal, output });
    });
  });
}

/** Recursively lists files under `dir` (relative to ROOT) whose names match `pattern`. */
function findFiles(dir, pattern, excludeDirs = []) {
  const found = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        if (excludeDirs.some((ex) => child === ex || child.startsWith(`${ex}/`))) continue;
        walk(child);
      } else if (entry.isFile() && pattern.test(entry.name)) {
        found.push(child);
      }
    }
  };
  walk(dir);
  return found.sort();
}

const unitFiles = () => [
  ...findFiles('src', /\.test\.tsx?$/),
  ...findFiles('test', /\.test\.tsx?$/, ['test/e2e']),
];
const e2eFiles = () => findFiles('test/e2e', /\.test\.ts$/);

/** Parses node:test's final summary (spec reporter `ℹ pass N` or TAP `# pass N`). */
function parseSummary(output) {
  const counts = {};
  const re = /^[ \t]*(?:ℹ|#)[ \t]+(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)[ \t]+([\d.]+)[ \t]*$/gm;
  for (const match of stripAnsi(output).matchAll(re)) counts[match[1]] = Number(match[2]);
  if (counts.pass === undefined && counts.fail === undefined) return undefined;
  return {
    passed: counts.pass ?? 0,
    failed: (counts.fail ?? 0) + (counts.cancelled ?? 0),
    skipped: (counts.skipped ?? 0) + (counts.todo ?? 0),
  };
}

/** node's test runner on `files`; TypeScript through scripts/ts-loader.mjs (not tsx: D66). */
function nodeTest(files, concurrency, env, preload = []) {
  return run(process.execPath, [
    '--import', TS_LOADER,
    ...preload.flatMap((p) => ['--import', p]),
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    ...files,
  ], env);
}

function testResult(phase, res) {
  const summary = parseSummary(res.output);
  if (!summary) {
    return { phase, passed: 0, failed: 1, skipped: 0, ok: false, note: `no test summary (exit ${res.code})` };
  }
  let { failed } = summary;
  let note = '';
  if (res.code !== 0 && failed === 0) {
    failed = 1;
    note = `runner exited with ${res.code}`;
  }
  return { phase, ...summary, failed, ok: res.code === 0 && failed === 0, note };
}

// ---------------------------------------------------------------------------
// phases

async function check(phase, args) {
  const res = await run('npx', ['--no-install', ...args], baseEnv());
  const ok = res.code === 0;
  return { phase, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ok, note: ok ? '' : `exit ${res.code}` };
}

/** Runs each scripts/check-*.{mjs,ts} in turn (all of them, even after a failure). */
async function housePhase() {
  const scripts = findFiles('scripts', /^check-.*\.(mjs|ts)$/);
  let passed = 0;
  const failedNames = [];
  for (const script of scripts) {
    const line = `── ${script}\n`;
    const buffered = phaseBuffer.get(); // beside another phase: printed with this phase's output
    if (buffered) buffered.push([process.stdout, line]);
    else process.stdout.write(line);
    const args = script.endsWith('.ts') ? ['--import', TS_LOADER, script] : [script];
    const res = await run(process.execPath, args, baseEnv());
    if (res.code === 0) passed += 1;
    else failedNames.push(path.posix.basename(script));
  }
  const failed = failedNames.length;
  return { phase: 'house', passed, failed, skipped: 0, ok: failed === 0, note: failed ? `failed: ${failedNames.join(', ')}` : '' };
}

async function unitPhase() {
  const files = unitFiles();
  if (files.length === 0) return { phase: 'unit', passed: 0, failed: 0, skipped: 0, ok: true, note: 'no test files' };
  // The files that open no database run only here; a driver loaded by one of them fails it.
  const { plain } = splitByDatabase(ROOT, files);
  const env = baseEnv({ ROVIEC_TEST_DATABASE_URL: undefined, ROVIEC_TEST_NO_DB_FILES: plain.join('\n') });
  const res = await nodeTest(files, 2, env, ['./scripts/test-no-db.mjs']);
  return testResult('unit', res);
}

/** Starts `test/support/pg.ts serve`, resolves with { child, url } once it printed PG_URL=. */
function startPgServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/pg.ts', 'serve'], {
      cwd: ROOT,
      env: baseEnv({ ROVIEC_TEST_DATABASE_URL: undefined }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let settled = false;
    const fail = (message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`PostgreSQL did not start within ${PG_START_TIMEOUT_MS / 1000} s`), PG_START_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => process.stderr.write(`[pg] ${chunk}`));
    child.stdout.on('data', (chunk) => {
      if (settled) {
        process.stdout.write(`[pg] ${chunk}`);
        return;
      }
      buffered += chunk.toString('utf8');
      const match = /^PG_URL=(\S+)\s*$/m.exec(buffered);
      if (match) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.on('error', (error) => fail(`could not start PostgreSQL: ${error.message}`));
    child.on('exit', (code, signal) => fail(`PostgreSQL helper exited early (code ${code}, signal ${signal})`));
  });
}

function stopPgServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write('[pg] did not stop in time, sending SIGKILL\n');
      child.kill('SIGKILL');
    }, PG_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let pgChild;

async function pgPhase() {
  const files = splitByDatabase(ROOT, unitFiles()).db;
  if (files.length === 0) return { phase: 'pg', passed: 0, failed: 0, skipped: 0, ok: true, note: 'no test files' };
  const started = Date.now();
  let server;
  try {
    server = await startPgServer();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return { phase: 'pg', passed: 0, failed: 1, skipped: 0, ok: false, note: 'PostgreSQL did not start' };
  }
  pgChild = server.child;
  process.stdout.write(`PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  try {
    const res = await nodeTest(files, 2, baseEnv({ ROVIEC_TEST_DATABASE_URL: server.url }));
    return testResult('pg', res);
  } finally {
    await stopPgServer(server.child);
    pgChild = undefined;
  }
}

async function e2ePhase() {
  const files = e2eFiles();
  if (files.length === 0) {
    process.stdout.write('no test/e2e/**/*.test.ts files yet, skipping e2e\n');
    return { phase: 'e2e', passed: 0, failed: 0, skipped: 0, ok: true, note: 'no test files' };
  }
  const res = await nodeTest(files, 1, baseEnv({ ROVIEC_TEST_DATABASE_URL: undefined }));
  return testResult('e2e', res);
}

const RUNNERS = {
  typecheck: () => check('typecheck', ['tsc', '--noEmit']),
  lint: () => check('lint', ['eslint', '.']),
  house: housePhase,
  unit: unitPhase,
  pg: pgPhase,
  e2e: e2ePhase,
};

// ---------------------------------------------------------------------------
// main

const results = [];
const totalStart = Date.now();

// On Ctrl-C / SIGTERM: take the test runner and the PostgreSQL helper down with us.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping\n`);
    for (const child of running) child.kill('SIGTERM');
    const exit = () => {
      printSummary();
      process.exit(130);
    };
    if (pgChild) stopPgServer(pgChild).then(exit, exit);
    else exit();
  });
}

// The static checks (typecheck, lint, house: each one single-threaded process at a time) run
// together, so two cores do them in about half the time (docs/DESIGN.md D62); then SQLite; then
// PostgreSQL with the browser journeys beside it (D66): e2e is mostly waiting on Chromium and the
// app (116 s of CPU in 572 s of wall, one file at a time), so it fills the cores PostgreSQL's
// phase leaves idle instead of adding its wall time at the end. ROVIEC_TEST_PARALLEL=1 also runs
// SQLite beside PostgreSQL: measured on this 2-core machine that is slower (1,141 s against about
// 1,000 s: those tests are CPU-bound, and four workers with LibreOffice and Chromium oversubscribe
// two cores), so it is only for machines with cores to spare.
const GROUPS = process.env.ROVIEC_TEST_PARALLEL === '1' ? [['typecheck', 'lint', 'house'], ['unit', 'pg', 'e2e']] : [['typecheck', 'lint', 'house'], ['unit'], ['pg', 'e2e']];

async function runPhase(phase, buffer) {
  const started = Date.now();
  let result;
  try {
    result = await phaseBuffer.run(buffer, () => RUNNERS[phase]());
  } catch (error) {
    process.stderr.write(`${error?.stack ?? error}\n`);
    result = { phase, passed: 0, failed: 1, skipped: 0, ok: false, note: 'orchestrator error' };
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

for (const group of GROUPS) {
  const inGroup = group.filter((p) => phases.includes(p));
  if (inGroup.length === 0) continue;
  const together = inGroup.length > 1;
  const started = Date.now();
  // The first phase of a group streams; the others print their output when they end.
  const buffers = inGroup.map((_, i) => (together && i > 0 ? [] : undefined));
  process.stdout.write(`\n━━━ ${inGroup.join(' + ')} ━━━\n`);
  const groupResults = await Promise.all(
    inGroup.map((phase, i) =>
      runPhase(phase, buffers[i]).then((r) => {
        const buf = buffers[i];
        if (buf) {
          process.stdout.write(`\n━━━ ${phase} (ran beside ${inGroup[0]}) ━━━\n`);
          for (const [stream, chunk] of buf) stream.write(chunk);
        }
        return r;
      }),
    ),
  );
  if (together) process.stdout.write(`(${inGroup.join(' + ')}: ${((Date.now() - started) / 1000).toFixed(1)} s together)\n`);
  if (interrupted) break; // the signal handler prints the summary and exits
  results.push(...groupResults);
  if (groupResults.some((r) => !r.ok) && bail) break;
}

if (!interrupted) {
  printSummary();
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

function printSummary() {
  const totals = results.reduce(
    (acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  process.stdout.write('\n━━━ summary ━━━\n');
  for (const r of results) {
    const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
    const seconds = r.seconds === undefined ? '' : `${r.seconds.toFixed(1).padStart(6)} s`;
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.phase.padEnd(9)} ${counts.padEnd(34)} ${seconds}${r.note ? `  (${r.note})` : ''}\n`);
  }
  const notRun = phases.filter((p) => !results.some((r) => r.phase === p));
  if (notRun.length > 0) process.stdout.write(`not run (${interrupted ? 'interrupted' : '--bail'}): ${notRun.join(', ')}\n`);
  // An interrupted run must never look green.
  if (interrupted) totals.failed += 1;
  process.stdout.write(`total ${((Date.now() - totalStart) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
}
