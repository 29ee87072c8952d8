// The `roviec` command as tests start it: `node <build>/main.js`, on one production build of src/
// shared by every test file of a run (and by the next run while src/ is unchanged).
//
// Why: started as `node --import tsx src/main.ts`, every process resolves and transpiles the whole
// module graph through tsx's loader hooks — about 5 s of CPU on this 2-core machine (Kysely's
// hundreds of ES modules alone cost 1.6 s through the hooks, 0.4 s without). The CLI tests start
// about sixty processes per database. The build (`scripts/build.mjs`, the same one `npm run build`
// runs) costs one tsc run, once. docs/DESIGN.md D47.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = path.join(ROOT, 'test-output', 'cli-build');
const WAIT_MS = 10 * 60_000;

/** A hash of everything the build is made of: src/ without its tests, the build script and settings, the lockfile. */
function sourceHash(): string {
  const h = crypto.createHash('sha256');
  const add = (abs: string) => {
    h.update(path.relative(ROOT, abs));
    h.update('\0');
    h.update(fs.readFileSync(abs));
    h.update('\0');
  };
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) add(abs);
    }
  };
  walk(path.join(ROOT, 'src'));
  for (const f of ['scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) if (fs.existsSync(path.join(ROOT, f))) add(path.join(ROOT, f));
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let built: string | undefined;

/**
 * The folder of the shared build (it holds `main.js`), built now if no build of the current
 * sources exists. Test files running at once wait for one builder (a lock folder holding its pid;
 * a lock whose process is gone is taken over). Older builds are removed. Synchronous, so a test
 * may call it at module level or in `before`.
 * @throws Error with tsc's output when the build fails.
 */
export function cliBuild(): string {
  if (built) return built;
  const out = path.join(CACHE, sourceHash());
  const lock = `${out}.lock`;
  fs.mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  while (!fs.existsSync(path.join(out, 'main.js'))) {
    try {
      fs.mkdirSync(lock);
    } catch {
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // the builder has not written its pid yet, or has just finished
      }
      if (pid && !alive(pid)) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`cliBuild: waited ${WAIT_MS / 1000} s for ${lock}`);
      sleep(250);
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      const tmp = `${out}.tmp-${process.pid}`;
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--out', tmp], { cwd: ROOT, encoding: 'utf8', timeout: WAIT_MS });
      if (r.status !== 0) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw new Error(`cliBuild: the build failed\n${r.stdout}\n${r.stderr}`);
      }
      fs.renameSync(tmp, out);
      // Older builds go (a folder named by another hash); a build in progress is `<hash>.tmp-<pid>`.
      for (const old of fs.readdirSync(CACHE)) if (/^[0-9a-f]{16}$/.test(old) && path.join(CACHE, old) !== out) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  built = out;
  return out;
}

/** The argv that starts `roviec` with `args` (to put after `process.execPath`). */
export function roviecArgs(args: readonly string[]): string[] {
  return [path.join(cliBuild(), 'main.js'), ...args];
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Options of a `roviec` run: environment added to the test's (LOG_LEVEL silent unless set), standard input, time limit in ms. */
export interface CliRun {
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

const envOf = (env: Record<string, string> = {}) => ({ ...process.env, LOG_LEVEL: 'silent', ...env });

/** Runs `roviec args` as a real process to its end (blocking). */
export function roviecSync(args: readonly string[], o: CliRun = {}): CliResult {
  const r = spawnSync(process.execPath, roviecArgs(args), { cwd: ROOT, env: envOf(o.env), encoding: 'utf8', timeout: o.timeoutMs ?? 180_000, input: o.input ?? '' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts `roviec args` as a real process (the caller reads and ends it). */
export function roviecSpawn(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, roviecArgs(args), { cwd: ROOT, env: envOf(env) });
}

/** The same as `roviecSync` without blocking, so that several processes run at once. */
export function roviecRun(args: readonly string[], o: CliRun = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = roviecSpawn(args, o.env);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdin?.end(o.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/**
 * `roviec serve --port 0` with `env` until it logs "Server listening" (or exits, or `timeoutMs`
 * passes), then SIGTERM; resolves with whether it listened and everything it logged.
 */
export async function roviecServeLog(env: Record<string, string>, timeoutMs = 90_000): Promise<{ listening: boolean; log: string }> {
  const child = roviecSpawn(['serve', '--port', '0'], { LOG_LEVEL: 'info', ...env });
  let log = '';
  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const onData = (d: Buffer) => {
      log += d.toString('utf8');
      if (/Server listening/.test(log)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => resolve(false));
  });
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  return { listening, log };
}
