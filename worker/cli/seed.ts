// Seeds the local D1 database with the demo office's living data, once: where the database
// already holds a seed, it does nothing. Run by `npm start` after the migrations.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localQuery, wrangler } from './wrangler.ts';
import { ensureDevVars } from './dev-vars.ts';
import { demoSeedSql, SEED_VERSION } from './seed-data.ts';

ensureDevVars();
const seeded = localQuery<{ value: string }>("select value from app_meta where key = 'seed'");
if (seeded.length > 0) {
  console.log(`seed: the local database already holds demo seed ${seeded[0].value}; leaving it as it is`);
} else {
  const sql = await demoSeedSql();
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  const file = join(dir, 'seed.sql');
  writeFileSync(file, sql);
  wrangler(['d1', 'execute', 'DB', '--local', '--file', file], { quiet: true });
  console.log(`seed: demo seed ${SEED_VERSION} written to the local database`);
}
