// The maintenance jobs' database port for the CLI: SQL through `wrangler d1 execute`, against the
// local database (--local, optionally --persist-to <dir>) or the real one (--remote).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { inline, type SqlPort, type SqlValue, type Statement } from '../lib/sql-port.ts';

import { offlineEnv, root } from './wrangler.ts';

/** wrangler on this very Node (22), whatever `node` the PATH finds first. */
function wrangler(args: string[]): string {
  return execFileSync(process.execPath, [`${root}node_modules/wrangler/bin/wrangler.js`, ...args], {
    cwd: root,
    env: { ...offlineEnv, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

export interface Target {
  remote: boolean;
  persistTo?: string;
}

function where(target: Target): string[] {
  if (target.remote) return ['--remote'];
  return ['--local', ...(target.persistTo ? ['--persist-to', target.persistTo] : [])];
}

export function wranglerPort(target: Target): SqlPort {
  return {
    async all<T>(sql: string, params: SqlValue[] = []) {
      const out = JSON.parse(wrangler(['d1', 'execute', 'DB', ...where(target), '--json', '--command', inline(sql, params)])) as { results: T[] }[];
      return out[0]?.results ?? [];
    },
    async run(statements: Statement[]) {
      if (statements.length === 0) return;
      const dir = mkdtempSync(join(tmpdir(), 'maintenance-'));
      try {
        const file = join(dir, 'batch.sql');
        writeFileSync(file, statements.map((s) => `${inline(s.sql, s.params)};`).join('\n'), { mode: 0o600 });
        wrangler(['d1', 'execute', 'DB', ...where(target), '--yes', '--file', file]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A variable from the environment, or for local work from .dev.vars. */
export function secretFrom(name: string, target: Target): string | undefined {
  if (process.env[name]) return process.env[name];
  if (target.remote) return undefined;
  try {
    const line = readFileSync(`${root}.dev.vars`, 'utf8').split('\n').find((l) => l.startsWith(`${name}=`));
    return line?.slice(name.length + 1).trim();
  } catch {
    return undefined;
  }
}
