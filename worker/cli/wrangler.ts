// Runs wrangler offline from the CLI scripts (no request.cf download, no metrics).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export const offlineEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
};

export function wrangler(args: string[], options: { quiet?: boolean } = {}): string {
  return execFileSync(`${root}node_modules/.bin/wrangler`, args, {
    cwd: root,
    env: offlineEnv,
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
