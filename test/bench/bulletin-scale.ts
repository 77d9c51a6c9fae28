// Bulletin benchmark: how long one month's bulletin takes to compute when the complaints table
// holds 10,000 rows and when it holds 1,000,000 rows over 24 months, with the month itself the
// same in both (the same 4,000 cases and their events). Per-month indexed queries should keep the
// two within a small factor.
//   node test/bench/bulletin-scale.ts [--rows 1000000] [--month-cases 4000] [--runs 5] [--dir <tmp>]
//
// The database is a SQLite file (node:sqlite, the engine D1 runs on) built by applying
// schema/migrations/*.sql, the very files wrangler applies to D1, so the tables, indexes and
// triggers are D1's. The bulletin is computed by the worker's own code: gatherCaseFacts (the same
// SQL, through a small adapter with D1's prepare/bind/all/batch) and computeBulletin. Going through
// `wrangler d1 execute` would add minutes of loading per million rows and measure the same SQLite.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { computeBulletin } from '../../schema/bulletin/measures.ts';
import { categories, satisfaction } from '../../schema/domain.ts';
import { addCalendarDays } from '../../schema/workdays.ts';
import { calendar, catalogue } from '../../worker/lib/catalogue.ts';
import { CASES_SQL, departmentIds, EVENTS_SQL, gatherCaseFacts, type BulletinDb } from '../../worker/services/bulletins.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'month-cases': { type: 'string', default: '4000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string' },
  },
});
const BIG = Number(values.rows);
const MONTH_CASES = Number(values['month-cases']);
const RUNS = Number(values.runs);
const TARGET = '2026-10';
/** 24 months: November 2024 to October 2026; the bulletin of October 2026 is published on 5 November. */
const MONTHS = Array.from({ length: 24 }, (_, i) => {
  const d = new Date(Date.UTC(2024, 10 + i, 1));
  return d.toISOString().slice(0, 7);
});
const NOW_DAY = '2026-11-05';
/** The rest of the history is received by 20 September and closed (and rated) by 29 September. */
const FILLER_LAST_RECEIPT = '2026-09-20';
const FILLER_END = '2026-09-27';

const root = new URL('../../', import.meta.url).pathname;

/** D1's statement API over node:sqlite, enough for the bulletin service. */
function d1(db: DatabaseSync): BulletinDb {
  const cache = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const statement = (sql: string, params: unknown[] = []) => ({
    sql,
    params,
    bind: (...p: unknown[]) => statement(sql, p),
    all: async () => ({ results: prepared(sql).all(...(params as never[])), success: true, meta: {} }),
    first: async () => prepared(sql).get(...(params as never[])) ?? null,
    run: async () => (prepared(sql).run(...(params as never[])), { success: true, meta: {} }),
  });
  return {
    prepare: (sql: string) => statement(sql),
    batch: async (list: ReturnType<typeof statement>[]) => Promise.all(list.map((s) => s.all())),
  } as unknown as BulletinDb;
}

function migrate(db: DatabaseSync) {
  const dir = join(root, 'schema/migrations');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    for (const sql of readFileSync(join(dir, file), 'utf8').split('--> statement-breakpoint')) if (sql.trim()) db.exec(sql);
  }
}

function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (day: string, minutes: number) => Date.parse(`${day}T09:00:00+08:00`) + minutes * 60_000;
const PERSONAL = `v1.${'A'.repeat(16)}.${'B'.repeat(300)}`; // the size of a real sealed record

interface Insert {
  complaint: StatementSync;
  event: StatementSync;
  file: StatementSync;
}

let serial = 0;
/** One case received on `day`, with events up to NOW_DAY; about 4.5 events a case. */
function insertCase(ins: Insert, rnd: () => number, day: string, filler: boolean) {
  serial++;
  const department = departmentIds()[Math.floor(rnd() * departmentIds().length)];
  const category = categories.codes[Math.floor(rnd() * categories.codes.length)];
  const accepted = addCalendarDays(day, 1 + Math.floor(rnd() * 5));
  const due = addCalendarDays(accepted, 42);
  const declined = rnd() < 0.08;
  let concluded = addCalendarDays(accepted, 5 + Math.floor(rnd() * 50));
  // The rest of the history is over before the target month starts, so the month has the same
  // shape in both databases; the target month keeps a small backlog never concluded.
  if (filler && concluded > FILLER_END) concluded = FILLER_END;
  const stuck = !filler && rnd() < 0.002;
  const open = !declined && (stuck || concluded > NOW_DAY);
  const stage = open ? 'handling' : 'archive';
  const id = Number(
    ins.complaint.run(`XN-B${String(serial).padStart(9, '0')}`, 'h', department, category, day, stage, PERSONAL, at(day, 0), addCalendarDays(day, 7), declined ? addCalendarDays(day, 7) : due, at(day, 0), at(day, 0))
      .lastInsertRowid,
  );
  ins.event.run(id, at(day, 0), 'citizen', 'received', 1, '{"channel":"web"}');
  if (declined) {
    ins.event.run(id, at(accepted, 1), 'staff', 'declined', 1, '{"reason":"x","legalBasis":"x","referral":"x"}');
    return;
  }
  if (accepted > NOW_DAY) return;
  ins.event.run(id, at(accepted, 1), 'staff', 'accepted', 1, JSON.stringify({ dueBy: due }));
  if (rnd() < 0.15) ins.event.run(id, at(accepted, 2), 'staff', 'transferred', 1, JSON.stringify({ department, departmentName: department }));
  if (open) return;
  const finding = ['substantiated', 'partly-substantiated', 'unsubstantiated'][Math.floor(rnd() * 3)];
  ins.event.run(id, at(concluded, 3), 'staff', 'concluded', 1, JSON.stringify({ finding, reply: '答复内容' }));
  ins.file.run(id, finding, finding === 'unsubstantiated' ? '[]' : '["oral-admonition"]', concluded);
  const rated = addCalendarDays(concluded, 2);
  if (rnd() < 0.6 && rated <= NOW_DAY) {
    const level = satisfaction.codes[Math.floor(rnd() * 5)];
    ins.event.run(id, at(rated, 4), 'citizen', 'rated', 1, JSON.stringify({ level, comment: PERSONAL }));
  }
}

function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

function build(file: string, totalRows: number): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec('pragma journal_mode = wal; pragma synchronous = off;');
  migrate(db);
  const ins: Insert = {
    complaint: db.prepare(
      `insert into complaints (reference, access_hash, channel, department, category, occurred_on, stage, anonymous, personal, received_at, acknowledge_by, due_by, created_at, updated_at)
       values (?, ?, 'web', ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
    ),
    event: db.prepare('insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, ?, ?, ?, ?)'),
    file: db.prepare('insert into case_files (complaint_id, finding, sanctions, concluded_on) values (?, ?, ?, ?)'),
  };
  serial = 0;
  const filler = totalRows - MONTH_CASES;
  const others = MONTHS.filter((m) => m !== TARGET);
  db.exec('begin');
  // The rest of the table first, spread over the other 23 months…
  const fillRnd = generator(7);
  for (let i = 0; i < filler; i++) {
    const month = others[Math.floor((i * others.length) / filler)];
    const days = daysOf(month).filter((d) => d <= FILLER_LAST_RECEIPT);
    insertCase(ins, fillRnd, days[Math.floor(fillRnd() * days.length)], true);
    if (i % 50_000 === 49_999) {
      db.exec('commit; begin');
      process.stdout.write(`\r  ${i + 1} / ${filler} other rows`);
    }
  }
  // …then the target month, identical in both databases.
  const monthRnd = generator(2026);
  const days = daysOf(TARGET);
  for (let i = 0; i < MONTH_CASES; i++) insertCase(ins, monthRnd, days[Math.floor(monthRnd() * days.length)], false);
  db.exec('commit; analyze;');
  if (filler >= 50_000) process.stdout.write('\n');
  return db;
}

async function time(db: DatabaseSync) {
  const adapter = d1(db);
  const departments = departmentIds();
  let result;
  const ms: number[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const t0 = performance.now();
    const facts = await gatherCaseFacts(adapter, TARGET);
    result = computeBulletin(TARGET, facts, [], departments, calendar);
    if (r > 0) ms.push(performance.now() - t0); // the first run warms the page cache
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], result: result! };
}

function plan(db: DatabaseSync, sql: string): string[] {
  const { start, end } = { start: Date.parse(`${TARGET}-01T00:00:00+08:00`), end: Date.parse('2026-11-01T00:00:00+08:00') - 1 };
  return (db.prepare(`explain query plan ${sql}`).all(start, end) as { detail: string }[]).map((r) => r.detail);
}

const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'bulletin-bench-'));
console.log(`bulletin-scale: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM (${Math.round(freemem() / 2 ** 30)} free)`);
console.log(`month ${TARGET}: ${MONTH_CASES} cases in both databases; ${catalogue.departments.length} departments; median of ${RUNS} runs after one warm-up\n`);

const results: { rows: number; median: number; min: number; build: number }[] = [];
let small: ReturnType<typeof computeBulletin> | undefined;
for (const rows of [10_000, BIG]) {
  const t0 = performance.now();
  console.log(`building ${rows.toLocaleString('en')} complaints over 24 months…`);
  const db = build(join(dir, `bench-${rows}.sqlite`), rows);
  const buildMs = performance.now() - t0;
  const events = (db.prepare('select count(*) as n from complaint_events').get() as { n: number }).n;
  const t = await time(db);
  console.log(`  ${rows.toLocaleString('en')} complaints, ${events.toLocaleString('en')} events (built in ${(buildMs / 1000).toFixed(1)} s): bulletin ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)} ms), received ${t.result.overall.received}, concluded ${t.result.overall.concluded}, on time ${t.result.overall.onTime.percent}% of ${t.result.overall.onTime.n}`);
  if (rows === BIG) {
    console.log('\nquery plans (EXPLAIN QUERY PLAN) at the large size:');
    for (const [name, sql] of [['cases', CASES_SQL], ['events', EVENTS_SQL]] as const) {
      console.log(`  ${name}:`);
      for (const line of plan(db, sql)) console.log(`    ${line}`);
    }
    if (small && JSON.stringify(small.receivedByCategory) !== JSON.stringify(t.result.receivedByCategory)) {
      console.log('  note: the month differs between sizes (open backlog from earlier months counts against on-time)');
    }
  } else small = t.result;
  results.push({ rows, median: t.median, min: t.min, build: buildMs });
  db.close();
}
const ratio = results[1].median / results[0].median;
console.log(`\n10,000 rows: ${results[0].median.toFixed(1)} ms; ${BIG.toLocaleString('en')} rows: ${results[1].median.toFixed(1)} ms; ratio ${ratio.toFixed(2)}×`);
if (!values.dir) rmSync(dir, { recursive: true, force: true });
