// Starts the whole portal under `wrangler dev` on 127.0.0.1 with a throw-away local D1 state, for
// the benchmarks (test/bench/*.ts). Loopback only. The server runs in its own process group, and
// stop() ends that group (wrangler and its workerd) and deletes the state.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const wranglerJs = join(root, 'node_modules/wrangler/bin/wrangler.js');

export const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${join(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  ASTRO_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: '0',
};

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
}

export async function startServer(options: StartOptions = {}): Promise<Server> {
  if (!existsSync(join(root, 'dist/index.html'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const persistTo = join(stateDir, 'state');
  const logFile = join(stateDir, 'wrangler-dev.log');
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], persistTo);
  if (options.seed) {
    const seeded = spawnSync(process.execPath, [join(root, 'worker/cli/seed.ts'), '--persist-to', persistTo], { cwd: root, env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  }
  const port = await freePort();
  const inspector = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const vars = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const fd = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [wranglerJs, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--live-reload=false', ...vars],
    { cwd: root, env, detached: true, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  let stopped = false;
  const stop = (opts: { keepState?: boolean } = {}) => {
    if (!stopped && child.pid) {
      stopped = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        try {
          process.kill(-child.pid, 0);
        } catch {
          break;
        }
        spawnSync('sleep', ['0.1']);
      }
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
    if (!opts.keepState) rmSync(stateDir, { recursive: true, force: true });
  };
  process.once('exit', () => stop());
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      stop();
      throw new Error('wrangler dev did not answer /api/health within 90 s');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { baseUrl, stateDir, persistTo, logFile, stop };
}
