// Starts the whole portal under `wrangler dev` on 127.0.0.1 with a throw-away local D1 state, for
// the browser tests (test/browser/run.ts) and the benchmarks (test/bench/*.ts). Loopback only. The
// server runs in its own process group, and stop() ends that group (wrangler and its workerd) and
// deletes the state.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevVars } from '../../worker/cli/dev-vars.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const wranglerJs = join(root, 'node_modules/wrangler/bin/wrangler.js');

export const env: NodeJS.ProcessEnv = {
  ...process.env,
  // The bins' `#!/usr/bin/env node` must find this Node (22, from node_modules), not the system's.
  PATH: `${dirname(process.execPath)}${delimiter}${join(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
  // No colours in wrangler's log, which is shown when the server fails.
  FORCE_COLOR: '0',
};

const HEALTH_WAIT_MS = 90_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function wrangler(args: string[], persistTo: string): string {
  const result = spawnSync(process.execPath, [wranglerJs, ...args, '--persist-to', persistTo], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Rows of one query on the server's local D1 state (run it after stop(), or between phases). */
export function query<T>(sql: string, persistTo: string): T[] {
  const out = JSON.parse(wrangler(['d1', 'execute', 'DB', '--local', '--json', '--command', sql], persistTo)) as { results: T[] }[];
  return out[0]?.results ?? [];
}

/**
 * Whether any live process is left in the group. Reads /proc so that a killed but not yet reaped
 * child (a zombie: the caller may be blocked in a synchronous stop and cannot reap it) does not count.
 */
export function groupAlive(pgid: number): boolean {
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

/** Sends SIGTERM to `target` (a pid, or -pgid for a group), waits, then SIGKILLs the group. Synchronous, so it can run from an 'exit' handler. */
export function stopGroup(pgid: number, target: number, graceMs: number, label = 'server'): void {
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
  if (groupAlive(pgid)) console.error(`[${label}] WARNING: processes of group ${pgid} are still running`);
}

/** The end of wrangler dev's log, for error messages. */
export function serverLog(logFile: string, lines = 80): string {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
  const all = text.split('\n');
  return `---- wrangler dev log (last ${lines} lines of ${all.length}) ----\n${all.slice(-lines).join('\n')}\n---- end of log ----`;
}

export interface Server {
  baseUrl: string;
  stateDir: string;
  persistTo: string;
  logFile: string;
  stop(options?: { keepState?: boolean }): void;
}

export interface StartOptions {
  /** Extra `--var NAME:value` pairs. */
  vars?: Record<string, string>;
  seed?: boolean;
  /** Prefix of the temporary state directory's name. */
  prefix?: string;
  /** Progress messages (building, migrating, starting); silent when absent. */
  say?: (message: string) => void;
}

export async function startServer(options: StartOptions = {}): Promise<Server> {
  const say = options.say ?? (() => {});
  // wrangler dev reads its secrets from .dev.vars: create it, or add what a newer version needs (PHONE_HASH_KEY).
  ensureDevVars();
  if (!existsSync(join(root, 'dist/index.html'))) {
    say('dist/index.html is missing: building the site (npm run build)');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const stateDir = mkdtempSync(join(tmpdir(), options.prefix ?? 'portal-bench-'));
  const persistTo = join(stateDir, 'state');
  const logFile = join(stateDir, 'wrangler-dev.log');
  let child: ChildProcess | undefined;
  let stopped = false;
  // The server's group is stopped gracefully: SIGTERM to wrangler (it stops and reaps its workerd), then SIGKILL to what is left.
  const stop = (opts: { keepState?: boolean } = {}) => {
    if (!stopped && child?.pid) {
      stopped = true;
      stopGroup(child.pid, child.pid, 5_000);
    }
    if (!opts.keepState) rmSync(stateDir, { recursive: true, force: true });
  };
  process.once('exit', () => stop());
  try {
    say(`local D1 state in ${persistTo}: applying migrations${options.seed ? ' and the demo seed' : ''}`);
    wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], persistTo);
    if (options.seed) {
      const seeded = spawnSync(process.execPath, [join(root, 'worker/cli/seed.ts'), '--persist-to', persistTo], { cwd: root, env, encoding: 'utf8' });
      if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stdout}${seeded.stderr}`);
    }
    const port = await freePort();
    const inspector = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const vars = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
    const fd = openSync(logFile, 'a');
    // detached: the server gets its own process group, so stop() can end wrangler and workerd together.
    child = spawn(
      process.execPath,
      [wranglerJs, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--live-reload=false', ...vars],
      { cwd: root, env, detached: true, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    say(`starting wrangler dev at ${baseUrl} (log: ${logFile})`);
    const started = Date.now();
    const deadline = started + HEALTH_WAIT_MS;
    let last = 'no answer yet';
    for (;;) {
      if (child.exitCode !== null || child.signalCode) {
        throw new Error(`wrangler dev exited (code ${child.exitCode ?? child.signalCode}) before ${baseUrl}/api/health answered\n${serverLog(logFile)}`);
      }
      try {
        const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
        last = `HTTP ${res.status} ${await res.text()}`;
        if (res.status === 200) break;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`${baseUrl}/api/health did not answer 200 within ${HEALTH_WAIT_MS / 1000} s (last: ${last})\n${serverLog(logFile)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    say(`server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { baseUrl, stateDir, persistTo, logFile, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
