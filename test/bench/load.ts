// Load and loss benchmark against the real portal under `wrangler dev` (workerd + local D1) on
// 127.0.0.1, with a throw-away database. Loopback only; bounded in requests and in time.
//   node test/bench/load.ts [--filings 2000] [--tracks 2000] [--connections 50]
// 1. Filing: POST /api/complaints at 50 connections (each request a valid complaint with its own
//    Idempotency-Key and its own CF-Connecting-IP, i.e. 2,000 different citizens, so the per-client
//    filing limit of 10 a minute is not what is measured), and in the same run GET /api/health at 10
//    connections. Then 100 of the keys are sent again (retries). Then the rows are counted: every
//    201 has exactly one complaint and one `received` event, no 5xx, nothing lost or duplicated.
// 2. Tracking with wrong codes: POST /api/track from 5 client addresses at 50 connections, beside
//    GET /api/health: the wrong-code limit must hold (429s) and health must stay fast.
// Prints requests/s and p50/p99 latency of each side and the ratios; exits 1 when a check fails.
import autocannon from 'autocannon';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import type { Catalogue } from '../../schema/catalogue.ts';
import { query, root, startServer } from '../support/server.ts';

const { values } = parseArgs({
  options: {
    filings: { type: 'string', default: '2000' },
    tracks: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '50' },
  },
});
const FILINGS = Math.min(20_000, Number(values.filings));
const TRACKS = Math.min(20_000, Number(values.tracks));
const CONNECTIONS = Math.min(200, Number(values.connections));
const HEALTH_CONNECTIONS = 10;
const PHASE_LIMIT_MS = 180_000;
const ATTACKERS = 5;

const catalogue = JSON.parse(readFileSync(`${root}worker/generated/catalogue.json`, 'utf8')) as Catalogue;
const service = catalogue.services[0];
const department = service?.department ?? catalogue.departments[0].id;
const post = catalogue.posts.find((p) => p.department === department);
const occurredOn = addCalendarDays(shanghaiDate(), -2);

function complaint(i: number): string {
  return JSON.stringify({
    department,
    ...(service ? { service: service.id } : {}),
    ...(post ? { post: post.id } : {}),
    category: 'overdue',
    occurredOn,
    description: `压力测试第 ${i} 件：申请材料齐全，承诺五个工作日办结，已经过了十个工作日仍未办结，也没有人说明原因。`,
    request: '请尽快办结并说明延误原因。',
    anonymous: false,
    name: '压力测试',
    phone: '13900000000',
    consent: true,
  });
}
const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

interface Side {
  label: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

function side(label: string, r: autocannon.Result, statuses: Record<string, number>): Side {
  return { label, requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, statuses };
}

function run(opts: autocannon.Options): { done: Promise<autocannon.Result>; stop: () => void } {
  let instance: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
  const guard = setTimeout(() => instance.stop(), PHASE_LIMIT_MS);
  done.finally(() => clearTimeout(guard));
  return { done, stop: () => instance.stop() };
}

type Setup = (req: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
type OnResponse = (status: number, body: string, context: Record<string, unknown>) => void;

/** `amount` JSON POSTs to `path` over CONNECTIONS connections, each built by `setupRequest`. */
function posts(baseUrl: string, path: string, amount: number, setupRequest: Setup, onResponse: OnResponse): Promise<autocannon.Result> {
  return run({ url: baseUrl, connections: CONNECTIONS, amount, timeout: 30, requests: [{ method: 'POST', path, setupRequest, onResponse }] }).done;
}

function healthBeside(baseUrl: string, path = '/api/health', connections = HEALTH_CONNECTIONS) {
  const statuses: Record<string, number> = {};
  const h = run({ url: `${baseUrl}${path}`, connections, duration: PHASE_LIMIT_MS / 1000, requests: [{ method: 'GET', onResponse: (s: number) => void (statuses[s] = (statuses[s] ?? 0) + 1) }] });
  return { ...h, statuses };
}

function print(sides: Side[]) {
  for (const s of sides) {
    console.log(
      `  ${s.label.padEnd(34)} ${String(s.requests).padStart(6)} req  ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${String(s.p50).padStart(4)} ms  p99 ${String(s.p99).padStart(5)} ms  ${JSON.stringify(s.statuses)}`,
    );
  }
}

const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
};

const server = await startServer();
console.log(`load: wrangler dev at ${server.baseUrl}, state ${server.persistTo}`);
try {
  // Baseline: the trivial route alone.
  const baseStatuses: Record<string, number> = {};
  const base = await run({ url: `${server.baseUrl}/api/health`, connections: HEALTH_CONNECTIONS, duration: 5, requests: [{ method: 'GET', onResponse: (s: number) => void (baseStatuses[s] = (baseStatuses[s] ?? 0) + 1) }] }).done;
  const baseline = side('GET /api/health alone', base, baseStatuses);

  // ---- phase 1: filings beside health -------------------------------------------------------
  let next = 0;
  const filingStatuses: Record<string, number> = {};
  const created = new Map<string, string>(); // Idempotency-Key -> reference
  const health1 = healthBeside(server.baseUrl);
  const file: Setup = (req, context) => {
    const i = next++;
    context.key = `bench-${i}-${process.pid}`;
    return { ...req, headers: { 'content-type': 'application/json', 'idempotency-key': String(context.key), 'cf-connecting-ip': ipOf(i) }, body: complaint(i) };
  };
  const filed: OnResponse = (status, body, context) => {
    filingStatuses[status] = (filingStatuses[status] ?? 0) + 1;
    if (status === 201) created.set(String(context.key), (JSON.parse(body) as { reference: string }).reference);
  };
  const filings = await posts(server.baseUrl, '/api/complaints', FILINGS, file, filed);
  health1.stop();
  const h1 = await health1.done;
  const phase1 = [baseline, side(`POST /api/complaints (${CONNECTIONS} conn.)`, filings, filingStatuses), side('GET /api/health beside it', h1, health1.statuses)];

  // Retries: 100 keys sent again with the very same body must give the same reference, no new row.
  const replayKeys = [...created.keys()].slice(0, 100);
  let replaysSame = 0;
  await Promise.all(
    replayKeys.map(async (key) => {
      const i = Number(key.split('-')[1]);
      const res = await fetch(`${server.baseUrl}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, 'cf-connecting-ip': ipOf(i) }, body: complaint(i) });
      const body = (await res.json()) as { reference?: string };
      if (res.status === 201 && res.headers.get('idempotent-replayed') === 'true' && body.reference === created.get(key)) replaysSame++;
    }),
  );

  // ---- phase 2: wrong tracking codes beside health -----------------------------------------
  let t = 0;
  const trackStatuses: Record<string, number> = {};
  const perAttacker = new Map<string, Record<string, number>>();
  const health2 = healthBeside(server.baseUrl);
  // And a static page (Workers Static Assets, no worker code, no D1) beside it.
  const static2 = healthBeside(server.baseUrl, '/', 5);
  // Wrong codes from ATTACKERS addresses, each counted by status.
  const guess: Setup = (req, context) => {
    const i = t++;
    context.ip = `192.0.2.${(i % ATTACKERS) + 1}`;
    return { ...req, headers: { 'content-type': 'application/json', 'cf-connecting-ip': String(context.ip) }, body: JSON.stringify({ reference: 'XN-2611-ZZZZZZ', accessCode: 'ABCDEFGHJK' }) };
  };
  const answered: OnResponse = (status, _body, context) => {
    trackStatuses[status] = (trackStatuses[status] ?? 0) + 1;
    const per = perAttacker.get(String(context.ip)) ?? {};
    per[status] = (per[status] ?? 0) + 1;
    perAttacker.set(String(context.ip), per);
  };
  const tracks = await posts(server.baseUrl, '/api/track', TRACKS, guess, answered);
  health2.stop();
  static2.stop();
  const h2 = await health2.done;
  const s2 = await static2.done;
  const phase2 = [
    side(`POST /api/track wrong (${CONNECTIONS} conn.)`, tracks, trackStatuses),
    side('GET /api/health beside it', h2, health2.statuses),
    side('GET / (static, 5 conn.) beside it', s2, static2.statuses),
  ];

  server.stop({ keepState: true });

  console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (other work on the machine skews latency)`);
  console.log(`load: ${new Date().toISOString()}, ${FILINGS} filings and ${TRACKS} wrong tracking codes at ${CONNECTIONS} connections, health at ${HEALTH_CONNECTIONS}`);
  console.log('phase 1: filings');
  print(phase1);
  console.log(`  ratio health p50/p99 beside filings vs alone: ${(h1.latency.p50 / Math.max(1, base.latency.p50)).toFixed(2)} / ${(h1.latency.p99 / Math.max(1, base.latency.p99)).toFixed(2)}; filing p99 / health p99 beside it: ${(filings.latency.p99 / Math.max(1, h1.latency.p99)).toFixed(2)}`);
  console.log('phase 2: wrong tracking codes');
  print(phase2);
  console.log(`  ratio health p50/p99 beside tracking vs alone: ${(h2.latency.p50 / Math.max(1, base.latency.p50)).toFixed(2)} / ${(h2.latency.p99 / Math.max(1, base.latency.p99)).toFixed(2)}`);
  for (const [ip, per] of [...perAttacker].sort()) console.log(`  attacker ${ip}: ${JSON.stringify(per)}`);

  // ---- counting rows ---------------------------------------------------------------------------
  const [counts] = query<{ complaints: number; refs: number; received: number; keys: number }>(
    `select (select count(*) from complaints) as complaints, (select count(distinct reference) from complaints) as refs,
            (select count(*) from complaint_events where type = 'received') as received, (select count(*) from idempotency_keys) as keys`,
    server.persistTo,
  );
  const stored = new Set(query<{ reference: string }>('select reference from complaints', server.persistTo).map((r) => r.reference));
  // The size of the local D1 file per stored complaint (with its event, idempotency key, indexes).
  const d1Dir = join(server.persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const bytes = existsSync(d1Dir) ? readdirSync(d1Dir).filter((f) => f.endsWith('.sqlite')).reduce((n, f) => n + statSync(join(d1Dir, f)).size, 0) : 0;
  console.log(`storage: local D1 file ${(bytes / 2 ** 20).toFixed(1)} MiB for ${counts.complaints} complaints = ${(bytes / Math.max(1, counts.complaints)).toFixed(0)} bytes each (schema and empty tables included)`);
  const fiveXX = (s: Record<string, number>) => Object.entries(s).filter(([k]) => k.startsWith('5')).reduce((n, [, v]) => n + v, 0);
  const ok201 = filingStatuses[201] ?? 0;
  console.log('checks');
  check(ok201 === FILINGS, `every filing answered 201 (${ok201} of ${FILINGS})`);
  check(fiveXX(filingStatuses) + fiveXX(trackStatuses) + fiveXX(health1.statuses) + fiveXX(health2.statuses) + fiveXX(static2.statuses) + fiveXX(baseStatuses) === 0, 'no 5xx anywhere');
  check(counts.complaints === ok201 && counts.refs === ok201, `one complaint per 201: ${counts.complaints} rows, ${counts.refs} distinct references, ${ok201} answers`);
  check([...created.values()].every((r) => stored.has(r)) && new Set(created.values()).size === created.size, 'every reference answered is stored, none twice');
  check(counts.received === ok201 && counts.keys === ok201, `one received event and one idempotency key each (${counts.received}, ${counts.keys})`);
  check(replaysSame === replayKeys.length, `${replaysSame} of ${replayKeys.length} retries gave the same reference and no new row`);
  const passed404 = [...perAttacker.values()].map((p) => p[404] ?? 0);
  check((trackStatuses[429] ?? 0) > 0 && passed404.every((n) => n <= 10 + CONNECTIONS), `wrong-code limit holds: 404s per address ${passed404.join(', ')} (limit 10; concurrent requests may pass the check together), then 429`);
  check(h2.latency.p99 <= Math.max(50, base.latency.p99 * 10), `health p99 beside tracking ${h2.latency.p99} ms (alone ${base.latency.p99} ms)`);
} finally {
  server.stop();
}
if (failures.length > 0) {
  console.error(`load: ${failures.length} check(s) failed`);
  process.exit(1);
}
