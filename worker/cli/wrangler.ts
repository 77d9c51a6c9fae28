// Runs wrangler offline from the CLI scripts (no request.cf download, no metrics), and reads the
// local .dev.vars: the one place the project's commands do either.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export const offlineEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
};

/** wrangler on this very Node (22), whatever `node` the PATH finds first. */
export function wrangler(args: string[], options: { quiet?: boolean } = {}): string {
  return execFileSync(process.execPath, [`${root}node_modules/wrangler/bin/wrangler.js`, ...args], {
    cwd: root,
    env: { ...offlineEnv, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', options.quiet ? 'pipe' : 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Runs one SQL query on the local D1 database and returns its rows. */
export function localQuery<T = Record<string, unknown>>(sql: string, persistTo?: string): T[] {
  const args = ['d1', 'execute', 'DB', '--local', '--json', '--command', sql];
  if (persistTo) args.push('--persist-to', persistTo);
  const out = JSON.parse(wrangler(args, { quiet: true })) as { results: T[] }[];
  return out[0]?.results ?? [];
}

/** A variable of the local .dev.vars (written by worker/cli/dev-vars.ts), or undefined. */
export function readDevVar(name: string): string | undefined {
  try {
    const line = readFileSync(`${root}.dev.vars`, 'utf8').split('\n').find((l) => l.startsWith(`${name}=`));
    return line?.slice(name.length + 1).trim();
  } catch {
    return undefined;
  }
}
