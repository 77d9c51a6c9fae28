// Seeds the local D1 database with the demo office's living data, dated from the clock's today.
// Run by `npm start` after the migrations.
//   node worker/cli/seed.ts [--persist-to <dir>] [--refresh]
// `--persist-to` seeds the local state in <dir> instead of .wrangler/state (the browser tests use
// their own throw-away state this way), exactly like wrangler's option of the same name.
//
// A demo goes stale: its deadlines, reception days and bulletins are relative to the day it was
// seeded. The seed records its version and date (app_meta 'seed', 'seed-date', 'seed-at'). On a
// later day (or a newer seed version) it re-seeds by itself when the database holds nothing but
// the demo (no complaint or appointment filed and no bulletin published since the seed); otherwise
// it leaves the data alone and says how to refresh: `npm run db:seed -- --refresh` (which deletes
// the local database first). Local data only: it never touches a remote database.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { now, setClock } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { localQuery, root, wrangler } from './wrangler.ts';
import { ensureDevVars } from './dev-vars.ts';
import { demoNotes, demoSeedSql, SEED_VERSION } from './seed-data.ts';

const { values } = parseArgs({ options: { 'persist-to': { type: 'string' }, refresh: { type: 'boolean', default: false } } });
const persistTo = values['persist-to'];
const where = persistTo ? `the local database in ${persistTo}` : 'the local database';
const state = persistTo ?? join(root, '.wrangler/state');

// The demo is dated from the one clock: today, or CLOCK_START to see the office on another day.
setClock(process.env.CLOCK_START);
ensureDevVars();
const today = shanghaiDate(now());

async function seed(): Promise<void> {
  const sql = await demoSeedSql();
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  const file = join(dir, 'seed.sql');
  writeFileSync(file, sql);
  wrangler(['d1', 'execute', 'DB', '--local', '--file', file, ...(persistTo ? ['--persist-to', persistTo] : [])], { quiet: true });
  rmSync(dir, { recursive: true, force: true });
  console.log(`seed: demo seed ${SEED_VERSION} of ${today} written to ${where}; to try it:`);
  for (const line of demoNotes()) console.log(`  ${line}`);
}

/** Deletes the local D1 database and applies the migrations again: an empty database. */
function resetLocalDatabase(): void {
  const d1 = join(state, 'v3', 'd1');
  if (existsSync(d1)) rmSync(d1, { recursive: true, force: true });
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...(persistTo ? ['--persist-to', persistTo] : [])], { quiet: true });
}

const meta = new Map(localQuery<{ key: string; value: string }>("select key, value from app_meta where key in ('seed', 'seed-date', 'seed-at')", persistTo).map((r) => [r.key, r.value]));
if (!meta.has('seed')) {
  await seed();
} else if (values.refresh) {
  console.log(`seed: --refresh: deleting ${where} and seeding the demo of ${today}`);
  resetLocalDatabase();
  await seed();
} else if (meta.get('seed') === SEED_VERSION && meta.get('seed-date') === today) {
  console.log(`seed: ${where} already holds today's demo seed (${SEED_VERSION} of ${today})`);
} else {
  const seededOn = meta.get('seed-date') ?? '（日期未记录）';
  const seedAt = Number(meta.get('seed-at') ?? Number.NaN);
  // Only a dated seed can tell its own rows from someone's: older seeds are never replaced silently.
  const own = Number.isFinite(seedAt)
    ? (localQuery<{ n: number }>(
        `select (select count(*) from complaints where created_at > ${seedAt}) + (select count(*) from appointments where created_at > ${seedAt}) + (select count(*) from bulletins where published_by <> 'seed') as n`,
        persistTo,
      )[0]?.n ?? 1)
    : 1;
  if (own === 0) {
    console.log(`seed: ${where} holds only the demo seed of ${seededOn}; replacing it with the demo of ${today}`);
    resetLocalDatabase();
    await seed();
  } else {
    console.warn(
      `seed: 警告：${where} 中的演示数据是 ${seededOn} 生成的（${meta.get('seed')}），其中的期限、接待日和月度通报已经过时；` +
        `库里还有演示以外的数据，所以没有自动更新。\n` +
        `seed: 要换成今天（${today}）的演示数据，运行 npm run db:seed -- --refresh（会先删除本地数据库 ${join(state, 'v3', 'd1')}），再 npm run dev:worker。`,
    );
  }
}
