// 电子监察 benchmark (issue 12): ingest, retries, the card sweep and the console's card query, on
// a SQLite file built from schema/migrations (the engine and schema D1 runs), through the worker's
// own code (recordEvents, sweepCards, listCards over drizzle's D1 driver and a small adapter with
// D1's prepare/bind/all/raw/run/batch). It measures the service layer, not HTTP: the "trivial"
// baseline is one indexed single-row read through the same adapter (what GET /api/health costs).
//   node test/bench/applications-scale.ts [--apps 2000] [--open 10000,100000] [--due 1000] [--month 2000] [--services 0] [--dir <tmp>]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/d1';
import * as tables from '../../schema/db/index.ts';

// Imported through variables: the root type check (Node types) must not pull in the worker, which
// `tsc -p worker` checks against the Workers types (as test/unit/openapi-lint.test.ts does).
type Orm = ReturnType<typeof drizzle<typeof tables>>;
type Fn = (...args: any[]) => Promise<any>;
const servicesPath = '../../worker/services/applications.ts';
const cardsPath = '../../worker/services/application-cards.ts';
const { recordEvents, sweepCards } = (await import(/* @vite-ignore */ servicesPath)) as { recordEvents: Fn; sweepCards: Fn };
const { listCards } = (await import(/* @vite-ignore */ cardsPath)) as { listCards: Fn };
const performancePath = '../../worker/services/application-performance.ts';
const { monthlyPerformance } = (await import(/* @vite-ignore */ performancePath)) as { monthlyPerformance: Fn };
const catalogueServices = JSON.parse(readFileSync(new URL('../../worker/generated/catalogue.json', import.meta.url), 'utf8')) as { services: { id: string; department: string }[] };

const { values } = parseArgs({
  options: { apps: { type: 'string', default: '2000' }, open: { type: 'string', default: '10000,100000' }, due: { type: 'string', default: '1000' }, month: { type: 'string', default: '2000' }, services: { type: 'string', default: '0' }, dir: { type: 'string' } },
});
/** Applications of the month the performance table is read for (October 2026), the same at every size. */
const MONTH_APPS = Number(values.month);
/** Services the month's applications are spread over: 0 = the demo catalogue's; N = N synthetic ids over its departments (a city's 2,000). */
const SERVICES = Number(values.services);
const APPS = Number(values.apps);
const OPEN = values.open!.split(',').map(Number);
const DUE = Number(values.due);
const root = new URL('../../', import.meta.url).pathname;
const PII_KEY = 'YmVuY2gta2V5LWZvci1waWktMDEyMzQ1Njc4OWFiY2Q=';

/** D1's statement API over node:sqlite, enough for drizzle's D1 driver. */
function d1(db: DatabaseSync) {
  const cache = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const reads = (sql: string) => /^\s*(select|with)\b/i.test(sql) || /\breturning\b/i.test(sql);
  const exec = (sql: string, params: unknown[]) => {
    const s = prepared(sql);
    if (reads(sql)) return { results: s.all(...(params as never[])) as Record<string, unknown>[], success: true, meta: { changes: 0 } };
    const r = s.run(...(params as never[]));
    return { results: [], success: true, meta: { changes: Number(r.changes), last_row_id: Number(r.lastInsertRowid) } };
  };
  const statement = (sql: string, params: unknown[] = []) => ({
    sql,
    params,
    bind: (...p: unknown[]) => statement(sql, p.map((v) => (typeof v === 'boolean' ? Number(v) : v))),
    all: async () => exec(sql, params),
    run: async () => exec(sql, params),
    first: async () => exec(sql, params).results[0] ?? null,
    raw: async () => exec(sql, params).results.map((r) => Object.values(r)),
  });
  return {
    prepare: (sql: string) => statement(sql),
    batch: async (stmts: ReturnType<typeof statement>[]) => {
      db.exec('begin');
      try {
        const out = stmts.map((s) => exec(s.sql, s.params));
        db.exec('commit');
        return out;
      } catch (error) {
        db.exec('rollback');
        throw error;
      }
    },
    exec: async (sql: string) => db.exec(sql),
  };
}

function open(file: string) {
  const db = new DatabaseSync(file);
  db.exec('pragma journal_mode = wal; pragma synchronous = normal');
  const dir = `${root}schema/migrations`;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')).sort()) {
    for (const stmt of readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint')) if (stmt.trim()) db.exec(stmt);
  }
  const binding = d1(db);
  const env = { DB: binding, PII_KEY };
  return { db, env, orm: drizzle(binding as unknown as Parameters<typeof drizzle>[0], { schema: tables }) as Orm };
}

const ms = (t0: number) => performance.now() - t0;
const dirPath = values.dir ?? mkdtempSync(join(tmpdir(), 'apps-bench-'));
const NOW = Date.parse('2026-11-16T10:00:00+08:00');
const service = 'maintenance-fund-use';

function eventsOf(n: number): unknown[] {
  const app = `BN-${String(n).padStart(8, '0')}`;
  return [
    { id: `${app}-1`, application: app, type: 'received', occurredAt: '2026-11-02T09:00:00+08:00', data: { service, channel: 'window', applicant: { kind: 'person', name: `申请人${n}` } } },
    { id: `${app}-2`, application: app, type: 'accepted', occurredAt: '2026-11-02T09:30:00+08:00', data: {} },
    { id: `${app}-3`, application: app, type: 'step-done', occurredAt: '2026-11-02T10:00:00+08:00', data: { step: 0 } },
    { id: `${app}-4`, application: app, type: 'step-done', occurredAt: '2026-11-03T10:00:00+08:00', data: { step: 1 } },
    // Sent last but happened first of the stops: out of order on purpose.
    { id: `${app}-5`, application: app, type: 'fee-charged', occurredAt: '2026-11-02T09:45:00+08:00', data: { item: '工本费', amountYuan: 0 } },
  ];
}

// ---- 1. ingest -------------------------------------------------------------------------------
const ingest = open(join(dirPath, 'ingest.sqlite'));
{
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) await ingest.env.DB.prepare('select id from applications where number = ?').bind('none').first();
  var trivialMs = ms(t0) / 2000;
}
const all = Array.from({ length: APPS }, (_, i) => eventsOf(i)).flat();
let t0 = performance.now();
let accepted = 0;
for (let i = 0; i < all.length; i += 100) accepted += (await recordEvents(ingest.env, ingest.orm, 'client:bench', null, all.slice(i, i + 100), NOW)).filter((r: { status: string }) => r.status === 'accepted').length;
const ingestMs = ms(t0);
t0 = performance.now();
let duplicates = 0;
for (let i = 0; i < all.length; i += 100) duplicates += (await recordEvents(ingest.env, ingest.orm, 'client:bench', null, all.slice(i, i + 100), NOW)).filter((r: { status: string }) => r.status === 'duplicate').length;
const retryMs = ms(t0);
const stored = (ingest.db.prepare('select count(*) as n from application_events').get() as { n: number }).n;
ingest.db.exec('vacuum');
const page = ingest.db.prepare('pragma page_size').get() as { page_size: number };
const pages = ingest.db.prepare('pragma page_count').get() as { page_count: number };
const emptyBytes = (() => {
  const e = open(join(dirPath, 'empty.sqlite'));
  e.db.exec('vacuum');
  return (e.db.prepare('pragma page_count').get() as { page_count: number }).page_count * page.page_size;
})();
const bytesPerApp = (pages.page_count * page.page_size - emptyBytes) / APPS;

// ---- 2. the sweep and the console's card query at two sizes -----------------------------------
const sweeps: { open: number; checked: number; cards: number; ms: number; slices: number; listMs: number; performanceMs: number }[] = [];
for (const size of OPEN) {
  const s = open(join(dirPath, `sweep-${size}.sqlite`));
  // The due applications go through the real API path; the rest of the open ones are rows whose
  // next check is later (filled directly: the sweep must not read them at all).
  const due = Array.from({ length: DUE }, (_, i) => eventsOf(i).slice(0, 2)).flat();
  for (let i = 0; i < due.length; i += 100) await recordEvents(s.env, s.orm, 'client:bench', null, due.slice(i, i + 100), Date.parse('2026-11-02T10:00:00+08:00'));
  const insert = s.db.prepare(
    "insert into applications (number, service, department, channel, status, applicant, received_on, accepted_on, due_by, next_check, updated_at) values (?, 'maintenance-fund-use', 'real-estate', 'window', 'accepted', 'v1.x.y', '2026-11-13', '2026-11-13', '2026-11-20', '2026-11-19', 0)",
  );
  s.db.exec('begin');
  for (let i = DUE; i < size; i++) insert.run(`BF-${String(i).padStart(8, '0')}`);
  s.db.exec('commit');
  // Cards of other departments and older months, so the console query has rows to skip.
  const card = s.db.prepare(
    "insert into application_cards (application_id, rule, colour, key, department, service, post, holder, via, detail, state, raised_on, raised_at) values (?, 'overdue', ?, ?, ?, 'x', 'p', 'h', 'a', 'd', ?, ?, 0)",
  );
  const departments = ['construction-market', 'approval-section', 'housing-security', 'urban-construction', 'general-office'];
  s.db.exec('begin');
  // Raised over the eight years before, a month each in turn: the month read below holds none of them.
  const monthOf = (i: number) => `${2018 + Math.floor((i % 96) / 12)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
  for (let i = 0; i < size / 10; i++) card.run(DUE + i + 1, i % 3 ? 'yellow' : 'red', `k${i}`, departments[i % departments.length], i % 4 ? 'closed' : 'open', monthOf(i));
  s.db.exec('commit');
  // October's work (the month the performance table is read for): the same MONTH_APPS concluded
  // applications at every size, over the catalogue's services, a tenth of them late; the open
  // applications above were received in November, so a month's query must not read them.
  const month = s.db.prepare(
    "insert into applications (number, service, department, channel, status, applicant, received_on, accepted_on, concluded_on, due_by, updated_at) values (?, ?, ?, 'window', 'approved', 'v1.x.y', ?, ?, ?, ?, 0)",
  );
  s.db.exec('begin');
  for (let i = 0; i < MONTH_APPS; i++) {
    const svc = SERVICES > 0 ? { id: `svc-${i % SERVICES}`, department: catalogueServices.services[i % catalogueServices.services.length]!.department } : catalogueServices.services[i % catalogueServices.services.length]!;
    const day = String(1 + (i % 28)).padStart(2, '0');
    month.run(`BO-${String(i).padStart(8, '0')}`, svc.id, svc.department, `2026-10-${day}`, `2026-10-${day}`, `2026-10-${day}`, i % 10 ? '2026-11-30' : '2026-10-01');
  }
  s.db.exec('commit');
  s.db.exec('analyze');
  let checked = 0;
  let cards = 0;
  let slices = 0;
  const start = performance.now();
  for (;;) {
    // One invocation's worth: 10 slices of 200, then the next run resumes.
    const r = await sweepCards(s.env, s.orm, Date.parse('2026-11-16T01:00:00+08:00'), { slice: 200, maxSlices: 10 });
    checked += r.checked;
    cards += r.cards;
    slices++;
    if (!r.more) break;
  }
  const sweepMs = ms(start);
  const l0 = performance.now();
  for (let i = 0; i < 20; i++) await listCards(s.orm, { department: 'real-estate', colour: 'red', state: 'open' });
  const listMs = ms(l0) / 20;
  // One month's performance table, by department and by service (the console's and the bulletin's query).
  const p0 = performance.now();
  for (let i = 0; i < 10; i++) {
    await monthlyPerformance(s.orm, '2026-10', 'department');
    await monthlyPerformance(s.orm, '2026-10', 'service');
  }
  sweeps.push({ open: size, checked, cards, ms: sweepMs, slices, listMs, performanceMs: ms(p0) / 10 });
  s.db.close();
}

const perEvent = ingestMs / all.length;
console.log(
  JSON.stringify(
    {
      machine: `${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      date: new Date().toISOString(),
      ingest: { applications: APPS, events: all.length, accepted, eventsPerSecond: Math.round(all.length / (ingestMs / 1000)), msPerEvent: +perEvent.toFixed(3), trivialReadMs: +trivialMs.toFixed(4), ratioToTrivial: Math.round(perEvent / trivialMs) },
      retry: { duplicates, stored, lost: all.length - stored, doubled: Math.max(0, stored - all.length), eventsPerSecond: Math.round(all.length / (retryMs / 1000)) },
      d1: { bytesPerApplication: Math.round(bytesPerApp), yearsOf250k: +((10 * 2 ** 30) / (bytesPerApp * 250_000)).toFixed(1) },
      sweep: sweeps.map((x) => ({ ...x, ms: Math.round(x.ms), listMs: +x.listMs.toFixed(2), performanceMs: +x.performanceMs.toFixed(1) })),
      monthApplications: MONTH_APPS,
      monthServices: SERVICES || catalogueServices.services.length,
    },
    null,
    2,
  ),
);
if (!values.dir) rmSync(dirPath, { recursive: true, force: true });
void statSync;
