// Runs the browser tests against the real portal: the built site and the worker under
// `wrangler dev`, with a throw-away local D1 database, on a free port of 127.0.0.1.
//   npm run test:browser                                   every test/browser/*.test.ts
//   npm run test:browser -- test/browser/search.test.ts    only the files given
// Builds the site first when dist/ has none (npm test and CI build it already). Exits with the
// test runner's exit code; the server's whole process group (wrangler and workerd) is stopped on
// every way out, Ctrl-C included. See harness.ts for the API the tests use.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { env, root, serverLog, startServer, stopGroup, type Server } from '../support/server.ts';

const here = join(root, 'test/browser');

function say(message: string): void {
  console.log(`[test:browser] ${message}`);
}

function fail(message: string, detail = ''): never {
  console.error(`[test:browser] ERROR: ${message}${detail ? `\n${detail}` : ''}`);
  cleanup();
  process.exit(1);
}

// ---- state that cleanup() must undo --------------------------------------------------------
let server: Server | undefined;
let tests: ChildProcess | undefined;
let cleanedUp = false;

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
  if (tests?.pid) stopGroup(tests.pid, -tests.pid, 10_000, 'test:browser');
  // Ask wrangler to stop (it stops and reaps its workerd), then kill whatever is left of the group.
  // A server still starting is stopped by test/support/server.ts's own 'exit' handler.
  server?.stop({ keepState: true });
  // Anything still running with this run's directory on its command line is ours: a Chromium
  // whose test process was killed before playwright could close it (Chromium runs in a process
  // group of its own), or its crash handler.
  if (server) killLeftovers(server.stateDir);
  if (server) rmSync(server.stateDir, { recursive: true, force: true });
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n[test:browser] ${signal}: stopping the server`);
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
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

try {
  server = await startServer({ seed: true, prefix: 'portal-browser-', say });
} catch (error) {
  fail((error as Error).message);
}
const { baseUrl, stateDir, logFile } = server;
const tapFile = join(stateDir, 'results.tap');
const profiles = join(stateDir, 'profiles');
mkdirSync(profiles);
say(`running ${files.map((f) => relative(root, f)).join(', ')}`);

const code: number = await new Promise((resolveCode) => {
  tests = spawn(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      // Node applies this to each test file as a whole as well as to each test, so it is a bound on a
      // file's run: generous, because a loaded machine (2 cores) makes a long walk-through take minutes.
      // A hang still ends here; a slow page is caught by the navigation timeout (harness.ts).
      '--test-timeout=600000',
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
