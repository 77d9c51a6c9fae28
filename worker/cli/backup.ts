// An SQL backup of the D1 database that can really be restored into an empty database.
//   node worker/cli/backup.ts --remote --output backups/portal-2026-11-21.sql [--verify]
//   node worker/cli/backup.ts --local  --output /tmp/portal.sql [--verify]      (the `wrangler dev` database)
//   node worker/cli/backup.ts --reorder <file> --output <file>                  (fix an existing export)
// Why not `wrangler d1 export` alone: its file creates and fills tables in the database's own order,
// so complaint_events' rows come before the complaints table exists, and importing it into a fresh
// D1 database (which always enforces foreign keys) stops with "no such table: main.complaints".
// This command takes that export and writes it in a restorable order: every CREATE TABLE, then
// every row, then indexes, then triggers (the append-only triggers are created after the history's
// rows are in). --verify imports the result into a throw-away local database and compares the row
// count of every table. The backup holds personal data only sealed; keep it away from PII_KEY.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root, wrangler as runWrangler } from './wrangler.ts';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean' },
    remote: { type: 'boolean' },
    output: { type: 'string' },
    reorder: { type: 'string' },
    verify: { type: 'boolean' },
  },
});

function stop(message: string): never {
  console.error(`backup: ${message}`);
  process.exit(2);
}

/** The shared wrangler runner, with a failure turned into one clear line and wrangler's own output. */
function wrangler(args: string[]): string {
  try {
    return runWrangler(args, { quiet: true });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    stop(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${stdout}${stderr}`);
  }
}

/** Splits SQL text into statements: `;` ends one outside quotes and outside a trigger's BEGIN … END. */
export function statements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  let depth = 0;
  let word = '';
  for (const ch of sql) {
    current += ch;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      word = '';
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      word += ch;
      continue;
    }
    const w = word.toUpperCase();
    word = '';
    if (w === 'BEGIN' && /^\s*CREATE\s+TRIGGER/i.test(current)) depth++;
    else if (w === 'END' && depth > 0) depth--;
    if (ch === ';' && depth === 0) {
      if (current.trim() !== ';') out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const order = (s: string): number => {
  if (/^PRAGMA/i.test(s)) return 0;
  if (/^CREATE\s+TABLE/i.test(s)) return 1;
  if (/^INSERT/i.test(s)) return 2;
  if (/^CREATE\s+(UNIQUE\s+)?INDEX/i.test(s)) return 3;
  if (/^CREATE\s+TRIGGER/i.test(s)) return 5;
  return 4;
};

export function reorder(sql: string): string {
  const list = statements(sql).map((s, i) => ({ s, i }));
  list.sort((a, b) => order(a.s) - order(b.s) || a.i - b.i);
  return `${list.map(({ s }) => s).join('\n')}\n`;
}

function counts(persistTo: string | undefined, tables: string[], remote: boolean): Record<string, number> {
  if (tables.length === 0) return {};
  const where = remote ? ['--remote'] : ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
  const sql = `select ${tables.map((t) => `(select count(*) from "${t}") as "${t}"`).join(', ')}`;
  const out = JSON.parse(wrangler(['d1', 'execute', 'DB', ...where, '--json', '--command', sql])) as { results: Record<string, number>[] }[];
  return out[0]?.results[0] ?? {};
}

if (!values.output) stop('--output <file> is required');
let text: string;
if (values.reorder) {
  text = readFileSync(values.reorder, 'utf8');
} else {
  if (Boolean(values.local) === Boolean(values.remote)) stop('say where: --local or --remote (or --reorder <file>)');
  const dir = mkdtempSync(join(tmpdir(), 'backup-'));
  try {
    const raw = join(dir, 'export.sql');
    wrangler(['d1', 'export', 'DB', values.remote ? '--remote' : '--local', '--output', raw]);
    text = readFileSync(raw, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const fixed = reorder(text);
writeFileSync(values.output, fixed, { mode: 0o600 });
const tables = [...fixed.matchAll(/^CREATE TABLE (?:IF NOT EXISTS )?[`"]?([A-Za-z_][A-Za-z0-9_]*)[`"]?/gm)].map((m) => m[1]);
console.log(`backup: ${values.output} written (${tables.length} tables, ${fixed.length} bytes), tables before rows before indexes before triggers`);

if (values.verify) {
  const dir = mkdtempSync(join(tmpdir(), 'backup-verify-'));
  try {
    const state = join(dir, 'state');
    wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--yes', '--file', values.output]);
    const restored = counts(state, tables, false);
    const expected = Object.fromEntries(tables.map((t) => [t, [...fixed.matchAll(new RegExp(`^INSERT INTO [\`"]?${t}[\`"]? `, 'gm'))].length]));
    const wrong = tables.filter((t) => restored[t] !== expected[t]);
    for (const t of tables) console.log(`  ${t}: ${restored[t]} rows restored${restored[t] === expected[t] ? '' : ` (the file has ${expected[t]})`}`);
    const triggers = JSON.parse(wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', state, '--json', '--command', "select count(*) as n from sqlite_master where type = 'trigger'"])) as { results: { n: number }[] }[];
    const expectedTriggers = [...fixed.matchAll(/^CREATE TRIGGER/gm)].length;
    console.log(`  triggers: ${triggers[0]?.results[0]?.n} restored of ${expectedTriggers}`);
    if (triggers[0]?.results[0]?.n !== expectedTriggers) wrong.push('triggers');
    if (wrong.length > 0) stop(`restore check failed for ${wrong.join(', ')}`);
    console.log('backup: restore check passed (imported into an empty local database, every table complete)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
