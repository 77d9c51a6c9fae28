// Runs the browser tests against the real portal: the built site and the worker under
// `wrangler dev`, with a throw-away local D1 database, on a free port of 127.0.0.1.
//   npm run test:browser                                   every test/browser/*.test.ts
//   npm run test:browser -- test/browser/search.test.ts    only the files given
// Builds the site first when dist/ has none (npm test and CI build it already). Exits with the
// test runner's exit code; the server's whole process group (wrangler and workerd) is stopped on
// every way out, Ctrl-C included. See harness.ts for the API the tests use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = join(root, 'test/browser');
const wranglerBin = join(root, 'node_modules/.bin/wrangler');
const HEALTH_WAIT_MS = 90_000;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  // The bins' `#!/usr/bin/env node` must find this Node (22, from node_modules), not the system's.
  PATH: `${dirname(process.execPath)}${delimiter}${join(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
  // No colours in wrangler's log, which is printed when the server fails.
  FORCE_COLOR: '0',
};

function say(message: string): void {
  console.log(`[test:browser] ${message}`);
}

function fail(message: string, detail = ''): never {
  console.error(`[test:browser] ERROR: ${message}${detail ? `\n${detail}` : ''}`);
  cleanup();
  process.exit(1);
}

/** Runs a command to completion; on failure stops everything and shows its output. */
function run(what: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    fail(`${what} failed (${[command, ...args].map((a) => relative(root, a) || a).join(' ')})`, `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

// ---- state that cleanup() must undo --------------------------------------------------------
let server: ChildProcess | undefined;
let tests: ChildProcess | undefined;
let stateDir: string | undefined;
let cleanedUp = false;

/**
 * Whether any live process is left in the group. Reads /proc so that a killed but not yet reaped
 * child (a zombie: this process is blocked in cleanup and cannot reap it) does not count.
 */
function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/** Sends SIGTERM to `target` (a pid, or -pgid for a group), waits, then SIGKILLs the group. */
function stopGroup(pgid: number, target: number, graceMs: number): void {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(target, 'SIGTERM');
  } catch {}
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
    const hard = Date.now() + 3_000;
    while (groupAlive(pgid) && Date.now() < hard) spawnSync('sleep', ['0.1']);
  }
  if (groupAlive(pgid)) console.error(`[test:browser] WARNING: processes of group ${pgid} are still running`);
}

function killLeftovers(dir: string): void {
  if (!existsSync('/proc/self/cmdline')) return;
  const mine = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false;
    }
  };
  const left = readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid && mine(e));
  for (const pid of left) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {}
  }
  if (left.length > 0) console.error(`[test:browser] stopped ${left.length} leftover process(es) of this run`);
}

/** Synchronous, so it can also run from the 'exit' handler. */
function cleanup(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  // The test runner first: on SIGTERM playwright closes its Chromium (which runs in a process
  // group of its own) before the test process exits.
  if (tests?.pid) stopGroup(tests.pid, -tests.pid, 10_000);
  // Ask wrangler to stop (it stops and reaps its workerd), then kill whatever is left of the group.
  if (server?.pid) stopGroup(server.pid, server.pid, 5_000);
  // Anything still running with this run's directory on its command line is ours: a Chromium
  // whose test process was killed before playwright could close it (Chromium runs in a process
  // group of its own), or its crash handler.
  if (stateDir) killLeftovers(stateDir);
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n[test:browser] ${signal}: stopping the server`);
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

function serverLog(logFile: string): string {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
  const lines = text.split('\n');
  return `---- wrangler dev log (last 80 lines of ${lines.length}) ----\n${lines.slice(-80).join('\n')}\n---- end of log ----`;
}

async function waitForHealth(baseUrl: string, logFile: string): Promise<void> {
  const deadline = Date.now() + HEALTH_WAIT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (server?.exitCode !== null || server?.signalCode) {
      fail(`wrangler dev exited (code ${server?.exitCode ?? server?.signalCode}) before ${baseUrl}/api/health answered`, serverLog(logFile));
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      last = `HTTP ${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  fail(`${baseUrl}/api/health did not answer 200 within ${HEALTH_WAIT_MS / 1000} s (last: ${last})`, serverLog(logFile));
}

function testFiles(): string[] {
  const given = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (given.length > 0) {
    for (const file of given) if (!existsSync(resolve(file))) fail(`no such test file: ${file}`);
    return given.map((file) => resolve(file));
  }
  return readdirSync(here)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(here, name));
}

/** Counts from the TAP copy of the run, for one summary line CI can print. */
function summary(tapFile: string): string | undefined {
  if (!existsSync(tapFile)) return undefined;
  const tap = readFileSync(tapFile, 'utf8');
  const count = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  return `browser: ${count('pass')} passed, ${count('fail')} failed, ${count('skipped') + count('todo')} skipped (${count('tests')} tests)`;
}

// ---- main ----------------------------------------------------------------------------------
const files = testFiles();
if (files.length === 0) fail('no test files in test/browser');

if (!existsSync(join(root, 'dist/index.html'))) {
  say('dist/index.html is missing: building the site (npm run build)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) fail('npm run build failed');
}

stateDir = mkdtempSync(join(tmpdir(), 'portal-browser-'));
const persist = join(stateDir, 'state');
const logFile = join(stateDir, 'wrangler-dev.log');
const tapFile = join(stateDir, 'results.tap');
const profiles = join(stateDir, 'profiles');
mkdirSync(profiles);

say(`local D1 state in ${persist}: applying migrations and the demo seed`);
run('applying the D1 migrations', wranglerBin, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist]);
run('seeding the demo data', process.execPath, [join(root, 'worker/cli/seed.ts'), '--persist-to', persist]);

const port = await freePort();
const inspectorPort = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const logFd = openSync(logFile, 'a');
// detached: the server gets its own process group, so cleanup() can stop wrangler and workerd together.
server = spawn(
  wranglerBin,
  ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', persist, '--show-interactive-dev-session=false', '--live-reload=false'],
  { cwd: root, env, detached: true, stdio: ['ignore', logFd, logFd] },
);
closeSync(logFd);
say(`starting wrangler dev at ${baseUrl} (log: ${logFile})`);
const started = Date.now();
await waitForHealth(baseUrl, logFile);
say(`server ready in ${((Date.now() - started) / 1000).toFixed(1)} s; running ${files.map((f) => relative(root, f)).join(', ')}`);

const code: number = await new Promise((resolveCode) => {
  tests = spawn(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-timeout=120000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    // detached: its own process group, so cleanup() reaches every test process, not just this one.
    // PORTAL_BROWSER_PROFILES: the harness puts Chromium's profiles under this run's directory.
    { cwd: root, env: { ...env, BASE_URL: baseUrl, PORTAL_BROWSER_PROFILES: profiles }, stdio: 'inherit', detached: true },
  );
  tests.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)));
});

const line = summary(tapFile);
if (code !== 0 && process.env.SHOW_SERVER_LOG) console.log(serverLog(logFile));
cleanup();
if (line) console.log(line);
process.exit(code);
