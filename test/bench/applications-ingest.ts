// 电子监察 ingest benchmark through the real machine API (issue 12, "Scale"): the portal under
// `wrangler dev` (workerd + a throw-away local D1, migrated and seeded for its demo business-system
// client) on 127.0.0.1; no internet. test/bench/applications-scale.ts measures the service layer over
// node:sqlite; this one measures HTTP, the signature check and D1 as the worker really runs them.
//   node test/bench/applications-ingest.ts [--apps 2000] [--batch 100] [--connections 4]
// 1. GET /api/health (the trivial route) at the same concurrency: per-request latency.
// 2. Ingest: N applications × 5 events (received, accepted, fee-charged, step-done ×2), in signed
//    batches of `--batch` events (whole applications per batch, so no batch depends on another), at
//    `--connections` concurrent requests: events per second (wall), per-request median and p95.
// 3. Retries: every batch sent again, each signed again with a new timestamp (a signature already
//    seen is a replay, 409), and a random 10% of batches sent twice more at the same moment: every
//    event must come back `duplicate`.
// 4. After stopping the server, the rows in the local D1 are counted: application_events must hold
//    exactly N×5 events of this run and applications exactly N: `lost` and `duplicated` must be 0.
// Prints one JSON object (stdout; progress and errors on stderr); exits 1 when a check fails.
import { createHmac } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { DEMO_CLIENT } from '../../worker/cli/seed/applications.ts';
import { query, startServer, type Server } from '../support/server.ts';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '100' },
    connections: { type: 'string', default: '4' },
  },
});
const positive = (name: string, text: string | undefined, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} 应为 1 到 ${max} 的整数（收到“${text}”）`);
    process.exit(2);
  }
  return n;
};
const APPS = positive('apps', values.apps, 1_000_000);
// The API takes up to 500 events a request; a batch holds whole applications (5 events each).
const EVENTS_PER_APP = 5;
const APPS_PER_BATCH = Math.max(1, Math.floor(positive('batch', values.batch, 500) / EVENTS_PER_APP));
const BATCH = APPS_PER_BATCH * EVENTS_PER_APP;
const CONNECTIONS = positive('connections', values.connections, 64);
const RACE_SHARE = 0.1;
const ATTEMPTS = 3;
const REQUEST_TIMEOUT_MS = 120_000;
const PATH = '/api/applications/events';
// A service of the demo catalogue with at least two steps, in the demo client's scope.
const SERVICE = 'maintenance-fund-use';
// This run's applications: a prefix of its own, so the seed's demo applications are not counted.
const RUN = `BI${Date.now().toString(36).toUpperCase()}`;

const say = (message: string) => console.error(`[ingest] ${message}`);

// ---- the events --------------------------------------------------------------------------------
// Dated relative to the real clock (the server's, as the signature's timestamp is): within the last
// hours, so none is late by age; the fee is sent after the steps but happened before them.
const base = Date.now() - 3 * 3_600_000;
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
function eventsOf(n: number): object[] {
  const app = `${RUN}-${String(n).padStart(7, '0')}`;
  return [
    { id: `${app}-1`, application: app, type: 'received', occurredAt: at(0), data: { service: SERVICE, channel: 'window', applicant: { kind: 'organisation', name: `压测申请单位${n}` } } },
    { id: `${app}-2`, application: app, type: 'accepted', occurredAt: at(20), data: {} },
    { id: `${app}-3`, application: app, type: 'step-done', occurredAt: at(60), data: { step: 0 } },
    { id: `${app}-4`, application: app, type: 'step-done', occurredAt: at(120), data: { step: 1 } },
    { id: `${app}-5`, application: app, type: 'fee-charged', occurredAt: at(30), data: { item: '工本费', amountYuan: 0 } },
  ];
}
const bodies: string[] = [];
for (let first = 0; first < APPS; first += APPS_PER_BATCH) {
  const events = [];
  for (let n = first; n < Math.min(APPS, first + APPS_PER_BATCH); n++) events.push(...eventsOf(n));
  bodies.push(JSON.stringify({ events }));
}
const eventsIn = (i: number) => Math.min(BATCH, APPS * EVENTS_PER_APP - i * BATCH);

// ---- signing -------------------------------------------------------------------------------------
// A (timestamp, body) pair is signed once: a resend of the same batch takes a timestamp not yet used
// for it (the current second, or an earlier one still inside the server's 300 s window).
const usedTimestamps = new Map<number, Set<number>>();
function signed(batch: number): Record<string, string> {
  const used = usedTimestamps.get(batch) ?? new Set<number>();
  usedTimestamps.set(batch, used);
  const nowS = Math.floor(Date.now() / 1000);
  let ts = nowS;
  while (used.has(ts)) ts--;
  if (nowS - ts > 200) throw new Error(`batch ${batch}: no unused timestamp left inside the replay window`);
  used.add(ts);
  const signature = createHmac('sha256', DEMO_CLIENT.secret).update(`POST\n${PATH}\n${ts}\n${bodies[batch]}`).digest('hex');
  return { 'content-type': 'application/json', 'x-client-id': DEMO_CLIENT.id, 'x-timestamp': String(ts), 'x-signature': signature };
}

// ---- sending ---------------------------------------------------------------------------------------
interface Outcome {
  accepted: number;
  duplicates: number;
  refused: number;
  results: { id: string; status: 'accepted' | 'duplicate' | 'refused'; reason?: string }[];
}
const failures: string[] = [];
const refusedReasons = new Map<string, number>();
let resent = 0;

/** One batch, signed afresh on each attempt; a network error, 409 (replay), 429 or 5xx is retried. */
async function send(server: Server, batch: number, latencies: number[]): Promise<Outcome | undefined> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) resent++;
    const t0 = performance.now();
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${server.baseUrl}${PATH}`, { method: 'POST', headers: signed(batch), body: bodies[batch], signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      status = res.status;
      text = await res.text();
    } catch (error) {
      say(`batch ${batch}, attempt ${attempt}: request failed: ${(error as Error).message}`);
      continue;
    }
    if (status === 200) {
      latencies.push(performance.now() - t0);
      return JSON.parse(text) as Outcome;
    }
    say(`batch ${batch}, attempt ${attempt}: HTTP ${status} ${text.slice(0, 500)}`);
    if (!(status === 409 || status === 429 || status >= 500)) break;
  }
  failures.push(`batch ${batch} got no 200 answer in ${ATTEMPTS} attempts (see above)`);
  return undefined;
}

/** Runs `jobs` on `CONNECTIONS` concurrent workers; returns the wall time in ms. */
async function pool(jobs: (() => Promise<void>)[]): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONNECTIONS, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return performance.now() - t0;
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const round = (x: number, digits = 1) => +x.toFixed(digits);
const figures = (xs: number[], wallMs: number) => ({ requests: xs.length, wallMs: Math.round(wallMs), medianMs: round(quantile(xs, 0.5), 2), p95Ms: round(quantile(xs, 0.95), 2), meanMs: round(mean(xs), 2) });

function tally(outcome: Outcome | undefined, into: Record<'accepted' | 'duplicate' | 'refused', number>) {
  for (const r of outcome?.results ?? []) {
    into[r.status]++;
    if (r.status === 'refused') refusedReasons.set(r.reason ?? '?', (refusedReasons.get(r.reason ?? '?') ?? 0) + 1);
  }
}

// ---- the run ---------------------------------------------------------------------------------------
say(`${APPS} applications × ${EVENTS_PER_APP} events in ${bodies.length} batches of up to ${BATCH} events, ${CONNECTIONS} concurrent requests`);
const server = await startServer({ seed: true, prefix: 'portal-ingest-', say });
const stopOnSignal = (signal: NodeJS.Signals) => {
  say(`${signal}: stopping the server`);
  server.stop();
  process.exit(130);
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

let report: object;
try {
  // Warm-up: the first requests compile the worker's modules.
  for (let i = 0; i < 20; i++) await (await fetch(`${server.baseUrl}/api/health`)).text();

  // 1. The trivial route, as many requests as the ingest sends, at least 500.
  const healthLatencies: number[] = [];
  const healthStatuses: Record<number, number> = {};
  const healthCount = Math.max(500, bodies.length);
  const healthWall = await pool(
    Array.from({ length: healthCount }, () => async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const text = await res.text();
      healthLatencies.push(performance.now() - t0);
      healthStatuses[res.status] = (healthStatuses[res.status] ?? 0) + 1;
      if (res.status !== 200) failures.push(`GET /api/health: HTTP ${res.status} ${text.slice(0, 200)}`);
    }),
  );
  say(`health: ${healthCount} requests in ${Math.round(healthWall)} ms`);

  // 2. Ingest.
  const ingestLatencies: number[] = [];
  const first = { accepted: 0, duplicate: 0, refused: 0 };
  const ingestWall = await pool(bodies.map((_, i) => async () => tally(await send(server, i, ingestLatencies), first)));
  say(`ingest: ${first.accepted} accepted, ${first.duplicate} duplicate, ${first.refused} refused in ${Math.round(ingestWall)} ms`);

  // 3. Retries: every batch again, and a random 10% twice more at the same moment.
  const retryLatencies: number[] = [];
  const again = { accepted: 0, duplicate: 0, refused: 0 };
  const raced = new Set<number>();
  while (raced.size < Math.ceil(bodies.length * RACE_SHARE)) raced.add(Math.floor(Math.random() * bodies.length));
  const retryJobs: (() => Promise<void>)[] = bodies.map((_, i) => async () => tally(await send(server, i, retryLatencies), again));
  for (const i of raced) retryJobs.push(async () => void (await Promise.all([send(server, i, retryLatencies), send(server, i, retryLatencies)])).forEach((o) => tally(o, again)));
  for (let i = retryJobs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [retryJobs[i], retryJobs[j]] = [retryJobs[j], retryJobs[i]];
  }
  const retryWall = await pool(retryJobs);
  const resentEvents = APPS * EVENTS_PER_APP + [...raced].reduce((n, i) => n + 2 * eventsIn(i), 0);
  say(`retries: ${resentEvents} events sent again: ${again.duplicate} duplicate, ${again.accepted} accepted, ${again.refused} refused in ${Math.round(retryWall)} ms`);

  // 4. Rows, counted in the local D1 after the server stopped.
  server.stop({ keepState: true });
  const like = `${RUN}-%`;
  const [rows] = query<{ events: number; distinctEvents: number; applications: number; distinctApplications: number }>(
    `select (select count(*) from application_events where source = 'client:${DEMO_CLIENT.id}' and event_id like '${like}') as events,
            (select count(distinct event_id) from application_events where source = 'client:${DEMO_CLIENT.id}' and event_id like '${like}') as distinctEvents,
            (select count(*) from applications where number like '${like}') as applications,
            (select count(distinct number) from applications where number like '${like}') as distinctApplications`,
    server.persistTo,
  );
  const expectedEvents = APPS * EVENTS_PER_APP;
  const lost = expectedEvents - rows.distinctEvents + (APPS - rows.distinctApplications);
  const duplicated = rows.events - rows.distinctEvents + (rows.applications - rows.distinctApplications);

  const check = (ok: boolean, message: string) => {
    say(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
    if (!ok) failures.push(message);
  };
  check(first.accepted === expectedEvents && first.refused === 0, `first pass: ${first.accepted} of ${expectedEvents} events accepted, ${first.refused} refused`);
  check(again.duplicate === resentEvents && again.accepted === 0 && again.refused === 0, `retries: ${again.duplicate} of ${resentEvents} events answered duplicate`);
  check(rows.events === expectedEvents && rows.distinctEvents === expectedEvents, `application_events holds ${rows.events} rows (${rows.distinctEvents} distinct ids) of ${expectedEvents}`);
  check(rows.applications === APPS, `applications holds ${rows.applications} of ${APPS}`);
  check(lost === 0 && duplicated === 0, `lost ${lost}, duplicated ${duplicated}`);
  for (const [reason, n] of refusedReasons) say(`refused ×${n}: ${reason}`);

  const health = figures(healthLatencies, healthWall);
  const ingest = figures(ingestLatencies, ingestWall);
  const retry = figures(retryLatencies, retryWall);
  report = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
    date: new Date().toISOString(),
    sizes: { applications: APPS, events: expectedEvents, eventsPerRequest: BATCH, requests: bodies.length, connections: CONNECTIONS },
    health: { ...health, statuses: healthStatuses },
    ingest: { ...ingest, eventsPerSecond: Math.round(expectedEvents / (ingestWall / 1000)), msPerEvent: round(ingestWall / expectedEvents, 3), accepted: first.accepted, refused: first.refused },
    ratio: {
      requestMedian: round(ingest.medianMs / Math.max(0.001, health.medianMs)),
      requestMean: round(ingest.meanMs / Math.max(0.001, health.meanMs)),
      eventMedian: round(ingest.medianMs / BATCH / Math.max(0.001, health.medianMs), 2),
    },
    retry: { ...retry, eventsSent: resentEvents, racedBatches: raced.size, duplicates: again.duplicate, accepted: again.accepted, refused: again.refused, eventsPerSecond: Math.round(resentEvents / (retryWall / 1000)) },
    resentAfterError: resent,
    d1: { events: rows.events, applications: rows.applications, lost, duplicated },
    failures,
  };
} finally {
  server.stop();
}
console.log(JSON.stringify(report, null, 2));
if (failures.length > 0) {
  console.error(`[ingest] ${failures.length} check(s) failed`);
  process.exit(1);
}
