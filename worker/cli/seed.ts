// Seeds the local D1 database with the demo office's living data, once: where the database
// already holds a seed, it does nothing. Run by `npm start` after the migrations.
//   node worker/cli/seed.ts [--persist-to <dir>]
// `--persist-to` seeds the local state in <dir> instead of .wrangler/state (the browser tests use
// their own throw-away state this way), exactly like wrangler's option of the same name.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setClock } from '../../schema/clock.ts';
import { localQuery, wrangler } from './wrangler.ts';
import { ensureDevVars } from './dev-vars.ts';
import { demoSeedSql, SEED_VERSION } from './seed-data.ts';

const { values } = parseArgs({ options: { 'persist-to': { type: 'string' } } });
const persistTo = values['persist-to'];
const where = persistTo ? `the local database in ${persistTo}` : 'the local database';

// The demo is dated from the one clock: today, or CLOCK_START to see the office on another day.
setClock(process.env.CLOCK_START);
ensureDevVars();
const seeded = localQuery<{ value: string }>("select value from app_meta where key = 'seed'", persistTo);
if (seeded.length > 0) {
  console.log(`seed: ${where} already holds demo seed ${seeded[0].value}; leaving it as it is`);
  // Never overwrite a database that may hold someone's own test data; say how to get the new demo.
  if (seeded[0].value !== SEED_VERSION) {
    const state = persistTo ?? '.wrangler/state';
    console.log(`seed: the current demo seed is ${SEED_VERSION}; to see it, delete ${state} and run npm start again`);
  }
} else {
  const sql = await demoSeedSql();
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  const file = join(dir, 'seed.sql');
  writeFileSync(file, sql);
  wrangler(['d1', 'execute', 'DB', '--local', '--file', file, ...(persistTo ? ['--persist-to', persistTo] : [])], { quiet: true });
  console.log(`seed: demo seed ${SEED_VERSION} written to ${where}`);
}
