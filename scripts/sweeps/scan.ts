// Scanner sweep (issue 8): sqlmap and wapiti (Debian packages) against the real server on
// 127.0.0.1 with a fresh SQLite demo, anonymous and signed in as each demo role.
//
//   npm run sweep:scan                          every role; sqlmap ≤ 240 s a run, wapiti ≤ 300 s
//   npm run sweep:scan -- --roles quantri,hoivien --sqlmap-seconds 120 --wapiti-seconds 120
//   npm run sweep:scan -- --only login,wapiti     parts: portal, login, roles, wapiti
//
// sqlmap (--batch, level 2 for the anonymous targets, level 1 per role, risk 1, no time-based
// technique for the per-role runs): the portal search and the login form (anonymous, the CSRF token
// fetched again for every request), then for each role the people search page and the API list
// filters (people, orgs, meetings, programmes) with that role's session cookie. wapiti: the site
// from / anonymously and from /app as the office (cookie header), modules sql, xss, exec, file,
// crlf, redirect, ssrf, bounded by --max-scan-time. A summary (findings per run) is written to
// the output folder (default a temp folder; --out DIR) and printed; exit 1 if any finding.
// The server runs with NODE_ENV=test so the per-IP flood limit does not turn the scan into 429s;
// the login throttle stays on. docs/DESIGN.md D31.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { freshDb, startServer } from './lib.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { SESSION_COOKIE } from '../../src/platform/http/security.ts';

interface RunResult {
  tool: 'sqlmap' | 'wapiti';
  name: string;
  seconds: number;
  timedOut: boolean;
  /** Injection points sqlmap confirmed, or wapiti's vulnerabilities: each a line to triage. */
  findings: string[];
  /** sqlmap's heuristic hints ("might be injectable") it then failed to confirm: noted, not findings. */
  hints: string[];
  /** sqlmap's "HTTP error codes detected" lines (400s are the app refusing the payloads). */
  httpErrors?: string[];
}

function runTool(cmd: string, args: string[], seconds: number, log: string): Promise<{ out: string; timedOut: boolean; seconds: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, seconds * 1000);
    child.on('close', () => {
      clearTimeout(timer);
      fs.writeFileSync(log, out);
      resolve({ out, timedOut, seconds: Math.round((Date.now() - t0) / 1000) });
    });
  });
}

/** Signs in as `username` (GET /login for the CSRF token, POST /login) and returns the session cookie. */
async function signIn(base: string, username: string): Promise<string> {
  const page = await fetch(base + '/login');
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(base + '/login', { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: DEMO_PASSWORD, _csrf: csrf }) });
  const session = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c?.startsWith(SESSION_COOKIE + '='));
  if (res.status !== 302 || !session) throw new Error(`login as ${username}: ${res.status}`);
  return session;
}

function sqlmapResult(name: string, r: { out: string; timedOut: boolean; seconds: number }): RunResult {
  const lines = r.out.split('\n');
  const findings = lines.filter((l) => /identified the following injection point|Parameter: .+ \((GET|POST|Cookie)\)|is vulnerable/i.test(l)).map((l) => l.trim());
  // A 5xx during the run is a finding too (a crash on crafted input), whatever sqlmap concludes.
  for (let i = 0; i < lines.length; i++) {
    if (/HTTP error codes detected/.test(lines[i] ?? '') && /\b5\d\d \(/.test(lines[i + 1] ?? '')) findings.push(`server error: ${(lines[i + 1] ?? '').trim()}`);
  }
  if (/\[ERROR\].*skipping to the next target/.test(r.out) && !/all tested parameters do not appear to be injectable/.test(r.out)) findings.push(`not tested: ${lines.find((l) => /\[ERROR\]/.test(l))?.trim()}`);
  if (/\[CRITICAL\]/.test(r.out) && !/connection timed out|unable to connect/i.test(r.out)) findings.push(`sqlmap could not run: ${lines.find((l) => /\[CRITICAL\]/.test(l))?.trim()}`);
  const hints = lines.filter((l) => /might be injectable|appears to be .* injectable/i.test(l)).map((l) => l.replace(/^\[[^\]]*\] /, '').trim());
  const errors = lines.filter((l, i) => /HTTP error codes detected/.test(lines[i - 1] ?? '') && l.trim()).map((l) => l.trim());
  return { tool: 'sqlmap', name, seconds: r.seconds, timedOut: r.timedOut, findings, hints, httpErrors: errors };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { roles: { type: 'string' }, only: { type: 'string', default: 'portal,login,roles,wapiti' }, 'sqlmap-seconds': { type: 'string', default: '240' }, 'wapiti-seconds': { type: 'string', default: '300' }, out: { type: 'string' } } });
  const outDir = path.resolve(values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-scan-')));
  fs.mkdirSync(outDir, { recursive: true });
  const sqlSec = Number(values['sqlmap-seconds']);
  const wapSec = Number(values['wapiti-seconds']);
  const roles = values.roles ? values.roles.split(',') : DEMO_ACCOUNTS.map((a) => a.username);
  const db = await freshDb('sqlite');
  // Trusting the proxy lets sqlmap's xforwardedfor tamper give each login attempt its own address,
  // so the per-IP login throttle does not answer the whole login scan with 429.
  const srv = await startServer(db, { NODE_ENV: 'test', ROVIEC_TRUST_PROXY: '1' });
  const results: RunResult[] = [];
  const common = ['--batch', '--disable-coloring', '--random-agent', '--timeout=15', '--retries=1', `--output-dir=${path.join(outDir, 'sqlmap')}`, '--flush-session'];
  try {
    const base = srv.base;
    // Sessions first: the login scan then trips the throttles of these accounts.
    const officeCookie = await signIn(base, 'vanphong');
    const cookies = new Map<string, string>();
    for (const username of roles) cookies.set(username, await signIn(base, username));
    // Anonymous: the portal search, the login form.
    // (wapiti 3.0.4's -x/--exclude fails on Python 3.11: no exclusions; the logout is a POST form.)
    const anon: [string, string, string[]][] = [
      ['portal', 'portal search (anonymous)', ['--threads=2', '-u', `${base}/tim-kiem?q=dang+uy&chuyen_muc=cong-tac-dang`, '--level=2', '--risk=1']],
      // --csrf-url does not go with --threads (one request at a time, a fresh token each).
      ['login', 'login form (anonymous)', ['-u', `${base}/login`, '--data=username=vanphong&password=sai-mat-khau&_csrf=x', '--csrf-token=_csrf', `--csrf-url=${base}/login`, '--ignore-code=401,429', '--tamper=xforwardedfor', '--level=2', '--risk=1', '-p', 'username,password']],
    ];
    const only = new Set(values.only.split(','));
    for (const [, name, args] of anon.filter(([key]) => only.has(key))) {
      const r = sqlmapResult(name, await runTool('sqlmap', [...common, ...args], sqlSec, path.join(outDir, `sqlmap-${results.length}.log`)));
      results.push(r);
      console.log(`sqlmap ${name}: ${r.findings.length} findings, ${r.hints.length} hints, HTTP errors ${JSON.stringify(r.httpErrors)}, ${r.seconds} s${r.timedOut ? ' (time bound reached)' : ''}`);
    }
    // Per role: the people search and the API filters, with the role's cookie.
    const orgId = await fetch(`${base}/api/v1/orgs`, { headers: { cookie: officeCookie, accept: 'application/json' } })
      .then((r) => r.json() as Promise<{ items?: { id: string }[] }>)
      .then((j) => j.items?.[0]?.id ?? '')
      .catch(() => '');
    for (const username of only.has('roles') ? roles : []) {
      const cookie = cookies.get(username) as string;
      const targets = [
        `${base}/app/people?q=nguyen&ended=0&page=1`,
        `${base}/api/v1/people?q=nguyen&org=${orgId}&ended=0`,
        `${base}/api/v1/orgs?kind=union&on=01/01/2020`,
        `${base}/api/v1/meetings?q=hop&year=2026&page=1`,
        `${base}/api/v1/programmes?year=2017`,
      ];
      const file = path.join(outDir, `targets-${username}.txt`);
      fs.writeFileSync(file, targets.join('\n') + '\n');
      const name = `people search + API filters as ${username}`;
      const r = sqlmapResult(name, await runTool('sqlmap', [...common, '-m', file, `--cookie=${cookie}`, '--level=1', '--risk=1', '--technique=BEUS', '--skip=page,page_size'], sqlSec, path.join(outDir, `sqlmap-${username}.log`)));
      results.push(r);
      console.log(`sqlmap ${name}: ${r.findings.length} findings, ${r.hints.length} hints, HTTP errors ${JSON.stringify(r.httpErrors)}, ${r.seconds} s${r.timedOut ? ' (time bound reached)' : ''}`);
    }
    // wapiti: anonymous from /, then as the office from /app.
    for (const [name, start, headers] of [
      ['site (anonymous)', `${base}/`, [] as string[]],
      ['app as vanphong', `${base}/app`, ['-H', `Cookie: ${officeCookie}`]],
    ] as const) {
      if (!only.has('wapiti')) break;
      const report = path.join(outDir, `wapiti-${results.length}.json`);
      const r = await runTool('wapiti', ['-u', start, '--scope', 'folder', '-m', 'sql,xss,exec,file,crlf,redirect,ssrf', '--max-scan-time', String(wapSec), '--max-links-per-page', '40', '-d', '3', '--flush-session', '-f', 'json', '-o', report, ...headers], wapSec + 120, path.join(outDir, `wapiti-${results.length}.log`));
      let findings: string[] = [];
      try {
        const json = JSON.parse(fs.readFileSync(report, 'utf8')) as { vulnerabilities?: Record<string, { method: string; path: string; info: string; parameter: string }[]> };
        findings = Object.entries(json.vulnerabilities ?? {}).flatMap(([kind, list]) => list.map((v) => `${kind}: ${v.method} ${v.path} [${v.parameter}] ${v.info}`));
      } catch {
        findings = r.timedOut ? [] : [`no report (${report}); see the log`];
      }
      results.push({ tool: 'wapiti', name, seconds: r.seconds, timedOut: r.timedOut, findings, hints: [] });
      console.log(`wapiti ${name}: ${findings.length} findings, ${r.seconds} s${r.timedOut ? ' (time bound reached)' : ''}`);
    }
  } finally {
    await srv.stop();
    await db.drop();
  }
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  const summary = { at: new Date().toISOString(), outDir, runs: results, findings: total };
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  for (const r of results) for (const f of [...r.findings, ...r.hints.map((h) => `(hint) ${h}`)]) console.log(`  ${r.tool} ${r.name}: ${f}`);
  console.log(`scan sweep: ${results.length} runs, ${total} findings; summary ${path.join(outDir, 'summary.json')}`);
  process.exit(total === 0 ? 0 : 1);
}

await main();
