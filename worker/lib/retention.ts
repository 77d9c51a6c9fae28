/**
 * Data retention: a complaint concluded (or archived) more than `retentionYears` ago
 * (content/office.yaml), an appointment archived, an inquiry closed (or turned into a complaint)
 * and an application concluded that long ago, lose their personal data. Run by
 * worker/cli/purge.ts (locally or remotely) and tested in workerd (test/worker/retention.test.ts).
 *
 * What goes: the sealed `personal` value (name, phone, e-mail, the staff name written by the
 * complainant, the description and the request) is replaced by a sealed placeholder, so every
 * reader keeps working and tracking still shows the case's progress; the idempotency responses
 * (they hold the access code) of those cases are deleted, and every idempotency response older than
 * IDEMPOTENCY_DAYS too (a retry comes within minutes, not weeks).
 * What stays: every other column (department, category, stage, dates, finding, sanctions), which is
 * what the monthly bulletins and counts are made of, and the append-only event histories. Those
 * hold no plaintext personal data of the citizen by design; the few sealed values inside them (a
 * rating comment, a review reason, an appointment handler's sealed note) are erased to '[已删除]'
 * with the day noted — the one change migration 0009 lets an append-only history take — and so is an
 * application's 好差评 comment (migration 0021).
 */
import { open, seal } from './crypto.ts';
import { tableExists, type SqlPort, type Statement } from './sql-port.ts';
import { now as clockNow } from '../../schema/clock.ts';

export interface RetentionTarget {
  table: string;
  idColumn: string;
  /** The sealed column replaced by the placeholder. */
  column: string;
  /** SQL condition on a row whose case ended before the cutoff (one `?`, Unix ms). */
  endedBefore: string;
  /** Idempotency table and its foreign key to this table, whose rows go with the personal data. */
  idempotency?: { table: string; foreignKey: string };
  /** The append-only history whose sealed values are erased (migration 0009 allows only that). */
  events?: { table: string; foreignKey: string };
  /** Columns derived from the personal data (a keyed hash of the phone) emptied with it. */
  derived?: string[];
  /** Sealed texts of the person in rows linked by `foreignKey` (a rating's comment), erased to REDACTED. */
  linkedTexts?: { table: string; foreignKey: string; column: string }[];
}

/**
 * A record filed by a citizen (complaint, appointment): `personal` sealed, its Idempotency-Key
 * responses and its history both linked by `foreignKey`.
 */
function filedRecord(table: string, foreignKey: string, tables: { idempotency: string; events: string }, endedBefore: string, derived?: string[]): RetentionTarget {
  return {
    table,
    idColumn: 'id',
    column: 'personal',
    endedBefore,
    idempotency: { table: tables.idempotency, foreignKey },
    events: { table: tables.events, foreignKey },
    ...(derived ? { derived } : {}),
  };
}

/** Features that store personal data add a line here; tables not created yet are skipped. */
export const retentionTargets: RetentionTarget[] = [
  filedRecord(
    'complaints',
    'complaint_id',
    { idempotency: 'idempotency_keys', events: 'complaint_events' },
    // A declined case (不予受理) goes straight to archive without concluded_at: its last change,
    // the decline, is when it ended.
    "stage in ('conclusion', 'archive') and coalesce(concluded_at, updated_at) < ?",
  ),
  filedRecord(
    'appointments',
    'appointment_id',
    { idempotency: 'appointment_idempotency_keys', events: 'appointment_events' },
    // Archived, or closed (done, no-show, cancelled) and never archived: then its last change counts.
    "coalesce(archived_at, case when status in ('done', 'no-show', 'cancelled') then updated_at end) < ?",
    ['phone_hash'],
  ),
  {
    // 首问登记 (issue 13): closed, or turned into a complaint (the complaint then keeps its own
    // personal data under the complaint's retention); its history holds no sealed values.
    table: 'inquiries',
    idColumn: 'id',
    column: 'personal',
    endedBefore: "coalesce(closed_at, case when complaint_reference is not null then (select max(e.at) from inquiry_events e where e.inquiry_id = inquiries.id and e.type = 'converted') end) < ?",
  },
  {
    // 办件 (issue 12): the applicant (name, ID number, phone), once concluded; no reader opens it.
    table: 'applications',
    idColumn: 'id',
    column: 'applicant',
    endedBefore: 'concluded_on is not null and updated_at < ?',
    // The 好差评 comment is the applicant's own text (migration 0021 lets only this erasure through).
    linkedTexts: [{ table: 'application_ratings', foreignKey: 'application_id', column: 'comment' }],
  },
];

/** Idempotency responses are only for retries; after this many days they go whatever the case. */
export const IDEMPOTENCY_DAYS = 7;

/** Shown where the personal data was: the fields every reader expects, emptied. */
export const PURGED_TEXT = '（个人信息已按保存期限删除）';
export interface PurgedPersonal {
  purgedOn: string;
  description: string;
  request: string;
  matter: string;
}

export function purgedPlaceholder(now: number): PurgedPersonal {
  return { purgedOn: new Date(now).toISOString().slice(0, 10), description: PURGED_TEXT, request: '', matter: PURGED_TEXT };
}

/** Unix ms before which a case's end makes it due for purging: `years` calendar years ago. */
export function cutoff(now: number, years: number): number {
  if (!Number.isInteger(years) || years < 1) throw new Error(`retentionYears must be a whole number of at least 1, not ${years}`);
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.getTime();
}

export interface TargetReport {
  table: string;
  /** Rows whose personal data was replaced in this run. */
  purged: number;
  /** Rows past the cutoff that were already purged by an earlier run. */
  alreadyPurged: number;
  idempotencyDeleted: number;
  /** History events whose sealed values were erased. */
  eventsRedacted: number;
  /** Linked sealed texts (rating comments) erased. */
  textsRedacted: number;
}

/** What an erased sealed value becomes in a history event (the only change migration 0009 allows). */
export const REDACTED = '[已删除]';
const SEALED = /^v[1-9]\d*\.[\w-]{16}\.[\w-]+$/;

/** The event's data with every sealed value erased and the day noted, or undefined when it has none. */
export function redactEventData(raw: string, now: number): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || 'redactedOn' in data) return undefined;
  const entries = Object.entries(data);
  if (!entries.some(([, v]) => typeof v === 'string' && SEALED.test(v))) return undefined;
  const redacted = Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' && SEALED.test(v) ? REDACTED : v]));
  return JSON.stringify({ ...redacted, redactedOn: new Date(now).toISOString().slice(0, 10) });
}

export interface PurgeOptions {
  now?: number;
  batchSize?: number;
  /** Count only; change nothing. */
  dryRun?: boolean;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
}

export async function purgeTarget(port: SqlPort, keySpec: string, target: RetentionTarget, years: number, options: PurgeOptions = {}): Promise<TargetReport> {
  const now = options.now ?? clockNow();
  const batchSize = options.batchSize ?? 100;
  const before = cutoff(now, years);
  const [t, idc, col] = [ident(target.table), ident(target.idColumn), ident(target.column)];
  const report: TargetReport = { table: target.table, purged: 0, alreadyPurged: 0, idempotencyDeleted: 0, eventsRedacted: 0, textsRedacted: 0 };
  const events = target.events && (await tableExists(port, target.events.table)) ? target.events : undefined;
  const derived = (target.derived ?? []).map((c) => `, ${ident(c)} = null`).join('');
  let cursor = 0;
  for (;;) {
    const rows = await port.all<{ id: number; value: string }>(
      `select ${idc} as id, ${col} as value from ${t} where (${target.endedBefore}) and ${idc} > ? order by ${idc} limit ?`,
      [before, cursor, batchSize],
    );
    if (rows.length === 0) break;
    const statements: Statement[] = [];
    const purgedIds: number[] = [];
    for (const row of rows) {
      const current = await open<Partial<PurgedPersonal>>(keySpec, row.value);
      if (current.purgedOn) {
        report.alreadyPurged++;
        continue;
      }
      purgedIds.push(row.id);
      statements.push({ sql: `update ${t} set ${col} = ?${derived} where ${idc} = ? and ${col} = ?`, params: [await seal(keySpec, purgedPlaceholder(now)), row.id, row.value] });
    }
    if (target.idempotency && purgedIds.length > 0 && (await tableExists(port, target.idempotency.table))) {
      const n = await port.all<{ n: number }>(
        `select count(*) as n from ${ident(target.idempotency.table)} where ${ident(target.idempotency.foreignKey)} in (${purgedIds.map(() => '?').join(', ')})`,
        purgedIds,
      );
      report.idempotencyDeleted += n[0]?.n ?? 0;
      statements.push({ sql: `delete from ${ident(target.idempotency.table)} where ${ident(target.idempotency.foreignKey)} in (${purgedIds.map(() => '?').join(', ')})`, params: purgedIds });
    }
    if (events) {
      // Every row past the cutoff, purged now or before (e.g. before migration 0009 allowed this).
      const ids = rows.map((r) => r.id);
      const found = await port.all<{ id: number; data: string }>(
        `select id, data from ${ident(events.table)} where ${ident(events.foreignKey)} in (${ids.map(() => '?').join(', ')}) and data like '%"v%'`,
        ids,
      );
      for (const e of found) {
        const redacted = redactEventData(e.data, now);
        if (!redacted) continue;
        report.eventsRedacted++;
        statements.push({ sql: `update ${ident(events.table)} set data = ? where id = ? and data = ?`, params: [redacted, e.id, e.data] });
      }
    }
    for (const linked of target.linkedTexts ?? []) {
      if (!(await tableExists(port, linked.table))) continue;
      // Every row past the cutoff, purged now or before; only sealed values, so a second run finds none.
      const ids = rows.map((r) => r.id);
      const where = `${ident(linked.foreignKey)} in (${ids.map(() => '?').join(', ')}) and ${ident(linked.column)} glob 'v[1-9]*.*.*'`;
      report.textsRedacted += (await port.all<{ n: number }>(`select count(*) as n from ${ident(linked.table)} where ${where}`, ids))[0]?.n ?? 0;
      statements.push({ sql: `update ${ident(linked.table)} set ${ident(linked.column)} = ? where ${where}`, params: [REDACTED, ...ids] });
    }
    if (!options.dryRun) await port.run(statements);
    report.purged += purgedIds.length;
    cursor = rows[rows.length - 1].id;
    if (rows.length < batchSize) break;
  }
  return report;
}

export interface PurgeReport {
  cutoff: string;
  targets: TargetReport[];
  /** Idempotency responses deleted for being older than IDEMPOTENCY_DAYS. */
  staleIdempotency: number;
}

export async function purge(port: SqlPort, keySpec: string, years: number, options: PurgeOptions = {}): Promise<PurgeReport> {
  const now = options.now ?? clockNow();
  const targets: TargetReport[] = [];
  let staleIdempotency = 0;
  for (const target of retentionTargets) {
    if (!(await tableExists(port, target.table))) continue;
    targets.push(await purgeTarget(port, keySpec, target, years, { ...options, now }));
    if (target.idempotency && (await tableExists(port, target.idempotency.table))) {
      const old = now - IDEMPOTENCY_DAYS * 86_400_000;
      const table = ident(target.idempotency.table);
      staleIdempotency += (await port.all<{ n: number }>(`select count(*) as n from ${table} where created_at < ?`, [old]))[0]?.n ?? 0;
      if (!options.dryRun) await port.run([{ sql: `delete from ${table} where created_at < ?`, params: [old] }]);
    }
  }
  return { cutoff: new Date(cutoff(now, years)).toISOString(), targets, staleIdempotency };
}
