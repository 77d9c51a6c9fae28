// Creates a console administrator (the first account of a new installation).
//   npm run office:create-admin -- --username admin --name 王某 [--password-stdin] [--remote] [--persist-to <dir>]
// Without --password-stdin it asks for the password twice on the terminal (not echoed). Works on
// the local D1 database by default, on the real one with --remote (after `wrangler login`).
// The password is hashed here (PBKDF2, worker/office/password.ts); only the hash reaches D1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalogue } from '../../schema/catalogue.ts';
import { accountSchemas } from '../../schema/office.ts';
import { hashPassword } from '../office/password.ts';
import { passwordProblem } from '../office/password-policy.ts';
import { root, wrangler } from './wrangler.ts';
import { now as clockNow } from '../../schema/clock.ts';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`create-admin: ${message}`);
  process.exit(1);
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stdout.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n') {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stdout.write('\n');
        resolve(value);
      } else if (ch === '\u0003') {
        process.exit(130);
      } else if (ch === '\u007f') {
        value = value.slice(0, -1);
      } else {
        value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

if (!values.username || !values.name) fail('usage: --username <name> --name <显示姓名> [--password-stdin] [--remote] [--persist-to <dir>]');

let password: string;
if (values['password-stdin']) {
  password = await readStdin();
} else {
  if (!process.stdin.isTTY) fail('no terminal to ask for the password: pipe it in with --password-stdin');
  password = await ask('密码（至少 12 个字符）：');
  if ((await ask('再输入一次：')) !== password) fail('两次输入的密码不一致');
}

const catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
const parsed = accountSchemas(catalogue).create.safeParse({ username: values.username, displayName: values.name, password, role: 'admin' });
if (!parsed.success) fail(parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
const weak = passwordProblem(parsed.data.password, { username: parsed.data.username, displayName: parsed.data.displayName });
if (weak) fail(`password: ${weak}`);

const q = (v: string) => `'${v.replaceAll("'", "''")}'`;
const now = clockNow();
const sql = `insert into staff_accounts (username, display_name, role, password_hash, created_at, updated_at)
  values (${q(parsed.data.username)}, ${q(parsed.data.displayName)}, 'admin', ${q(await hashPassword(parsed.data.password))}, ${now}, ${now});\n`;
const dir = mkdtempSync(join(tmpdir(), 'create-admin-'));
const file = join(dir, 'admin.sql');
writeFileSync(file, sql, { mode: 0o600 });
try {
  const where = values.remote ? ['--remote'] : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
  wrangler(['d1', 'execute', 'DB', ...where, '--file', file, '--yes'], { quiet: true });
  console.log(`create-admin: administrator ${parsed.data.username} created on the ${values.remote ? 'remote' : 'local'} database; sign in at /office/login`);
} catch (error) {
  const message = String((error as { stderr?: string }).stderr ?? (error as Error).message);
  fail(message.includes('UNIQUE') ? `用户名 ${parsed.data.username} 已存在` : message.split('\n').slice(-5).join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
