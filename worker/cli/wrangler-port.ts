// The maintenance jobs' database port for the CLI: SQL through `wrangler d1 execute`, against the
// local database (--local, optionally --persist-to <dir>) or the real one (--remote).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inline, type SqlPort, type SqlValue, type Statement } from '../lib/sql-port.ts';
import { readDevVar, wrangler } from './wrangler.ts';

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
      const out = JSON.parse(wrangler(['d1', 'execute', 'DB', ...where(target), '--json', '--command', inline(sql, params)], { quiet: true })) as { results: T[] }[];
      return out[0]?.results ?? [];
    },
    async run(statements: Statement[]) {
      if (statements.length === 0) return;
      const dir = mkdtempSync(join(tmpdir(), 'maintenance-'));
      try {
        const file = join(dir, 'batch.sql');
        writeFileSync(file, statements.map((s) => `${inline(s.sql, s.params)};`).join('\n'), { mode: 0o600 });
        wrangler(['d1', 'execute', 'DB', ...where(target), '--yes', '--file', file], { quiet: true });
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
  return readDevVar(name);
}
