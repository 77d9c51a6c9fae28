/**
 * Rotation of the personal-data key (PII_KEY): re-seals every sealed value under the ring's first
 * key. Run by worker/cli/rotate-key.ts (locally or against the remote database) and tested in
 * workerd (test/worker/rotation.test.ts). The steps an operator follows are in
 * worker/docs/operations.md (密钥轮换).
 *
 * - In batches, ordered by the row's id, so a large table never needs one huge query.
 * - Idempotent and resumable: a value already under the new key (its `vN.` prefix) is skipped, so a
 *   run that stops half-way is simply run again. Each update only applies if the value is still the
 *   one read (`where col = old`), so a row the worker changed meanwhile is left to the next pass.
 * - Append-only histories (complaint and appointment events) cannot be rewritten, by design
 *   (their triggers refuse every UPDATE but retention's erasure, migration 0009). Sealed values
 *   inside their `data` (a rating comment, a review reason) stay under the key that sealed them:
 *   they are counted, and that key must stay in the ring (`v2:<new>,v1:<old>`) for as long as they
 *   are to be readable, i.e. until retention erases them.
 */
import { keyRing, open, phoneHashes, seal, sealedKeyId } from './crypto.ts';
import { tableExists, type SqlPort, type Statement } from './sql-port.ts';

/** A column that holds one sealed value per row. */
export interface SealedColumn {
  table: string;
  /** The primary key column (integer or text). */
  idColumn: string;
  column: string;
}

/**
 * Every column holding a sealed value. Features that add one add a line here; tables that do not
 * exist yet are skipped, so an entry may be added before its migration lands.
 */
export const sealedColumns: SealedColumn[] = [
  { table: 'complaints', idColumn: 'id', column: 'personal' },
  { table: 'idempotency_keys', idColumn: 'key', column: 'response' },
  { table: 'appointments', idColumn: 'id', column: 'personal' },
  { table: 'appointment_idempotency_keys', idColumn: 'key', column: 'response' },
  // Staff members' notification addresses (issue 15, worker/notify/status.ts).
  { table: 'staff_notification_prefs', idColumn: 'account_id', column: 'email' },
  { table: 'staff_notification_prefs', idColumn: 'account_id', column: 'phone' },
  { table: 'inquiries', idColumn: 'id', column: 'personal' },
  // Applications (issue 12): the applicant, the sealed rating comment, the API clients' signing secrets.
  { table: 'applications', idColumn: 'id', column: 'applicant' },
  { table: 'application_ratings', idColumn: 'application_id', column: 'comment' },
  { table: 'application_clients', idColumn: 'id', column: 'secret' },
];

/** Append-only tables whose JSON `data` may hold sealed values; counted, never rewritten. */
export const appendOnlySealed: { table: string; column: string }[] = [
  { table: 'complaint_events', column: 'data' },
  { table: 'appointment_events', column: 'data' },
];

const SEALED = /^v[1-9]\d*\.[\w-]{16}\.[\w-]+$/;

export interface ColumnReport extends SealedColumn {
  resealed: number;
  /** Values left under another key (changed by the worker during the run: run again). */
  remaining: number;
}

export interface RotationReport {
  keyId: string;
  columns: ColumnReport[];
  /** Sealed values under older keys inside append-only histories, by key id. */
  appendOnly: Record<string, number>;
}

export interface RotationOptions {
  batchSize?: number;
  onBatch?: (column: SealedColumn, done: number) => void;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
}

async function remaining(port: SqlPort, c: SealedColumn, keyId: string): Promise<number> {
  const rows = await port.all<{ n: number }>(`select count(*) as n from ${ident(c.table)} where ${ident(c.column)} is not null and ${ident(c.column)} not like ?`, [`${keyId}.%`]);
  return rows[0]?.n ?? 0;
}

export async function rotateColumn(port: SqlPort, keySpec: string, c: SealedColumn, options: RotationOptions = {}): Promise<ColumnReport> {
  const batchSize = options.batchSize ?? 100;
  const { id: keyId } = keyRing(keySpec).primary;
  const [t, idc, col] = [ident(c.table), ident(c.idColumn), ident(c.column)];
  let cursor: string | number | null = null;
  let resealed = 0;
  for (;;) {
    const rows: { id: string | number; value: string }[] = await port.all(
      `select ${idc} as id, ${col} as value from ${t}
       where ${col} is not null and ${col} not like ? ${cursor === null ? '' : `and ${idc} > ?`}
       order by ${idc} limit ?`,
      cursor === null ? [`${keyId}.%`, batchSize] : [`${keyId}.%`, cursor, batchSize],
    );
    if (rows.length === 0) break;
    const statements: Statement[] = [];
    for (const row of rows) {
      if (!SEALED.test(row.value)) throw new Error(`${c.table}.${c.column} of ${row.id} is not a sealed value`);
      const plain = await open<unknown>(keySpec, row.value);
      statements.push({ sql: `update ${t} set ${col} = ? where ${idc} = ? and ${col} = ?`, params: [await seal(keySpec, plain), row.id, row.value] });
    }
    await port.run(statements);
    resealed += rows.length;
    cursor = rows[rows.length - 1].id;
    options.onBatch?.(c, resealed);
    if (rows.length < batchSize) break;
  }
  return { ...c, resealed, remaining: await remaining(port, c, keyId) };
}

/** Counts sealed values under keys other than the primary inside append-only JSON columns. */
export async function countAppendOnly(port: SqlPort, keySpec: string): Promise<Record<string, number>> {
  const { id: keyId } = keyRing(keySpec).primary;
  const counts: Record<string, number> = {};
  for (const { table, column } of appendOnlySealed) {
    if (!(await tableExists(port, table))) continue;
    let cursor = 0;
    for (;;) {
      const rows = await port.all<{ id: number; data: string }>(
        `select id, ${ident(column)} as data from ${ident(table)} where id > ? and ${ident(column)} like '%"v%' order by id limit 500`,
        [cursor],
      );
      for (const row of rows) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(row.data);
        } catch {
          continue;
        }
        if (typeof parsed !== 'object' || parsed === null) continue;
        for (const value of Object.values(parsed)) {
          if (typeof value === 'string' && SEALED.test(value) && sealedKeyId(value) !== keyId) {
            const id = sealedKeyId(value);
            counts[id] = (counts[id] ?? 0) + 1;
          }
        }
      }
      if (rows.length < 500) break;
      cursor = rows[rows.length - 1].id;
    }
  }
  return counts;
}

export async function rotateAll(port: SqlPort, keySpec: string, options: RotationOptions = {}): Promise<RotationReport> {
  const ring = keyRing(keySpec);
  const columns: ColumnReport[] = [];
  for (const c of sealedColumns) {
    if (!(await tableExists(port, c.table))) continue;
    columns.push(await rotateColumn(port, keySpec, c, options));
  }
  return { keyId: ring.primary.id, columns, appendOnly: await countAppendOnly(port, keySpec) };
}

export interface PhoneHashReport {
  keyId: string;
  rehashed: number;
  /** Hashes left under another key (changed meanwhile: run again). */
  remaining: number;
}

/**
 * Re-hashes the appointments' phones under the first key of PHONE_HASH_KEY (opening `personal` with
 * the PII_KEY ring), and fills the hash of rows booked before migration 0011. Resumable like the
 * rest: rows already under the new key are skipped, each update applies only if the hash is still
 * the one read. Purged rows (no phone left) keep no hash.
 */
export async function rehashPhones(port: SqlPort, piiSpec: string, phoneSpec: string, options: { batchSize?: number } = {}): Promise<PhoneHashReport> {
  const batchSize = options.batchSize ?? 100;
  const { id: keyId } = keyRing(phoneSpec).primary;
  if (!(await tableExists(port, 'appointments'))) return { keyId, rehashed: 0, remaining: 0 };
  let cursor = 0;
  let rehashed = 0;
  for (;;) {
    const rows = await port.all<{ id: number; personal: string; phone_hash: string | null }>(
      `select id, personal, phone_hash from appointments where (phone_hash is null or phone_hash not like ?) and id > ? order by id limit ?`,
      [`${keyId}.%`, cursor, batchSize],
    );
    if (rows.length === 0) break;
    const statements: Statement[] = [];
    for (const row of rows) {
      const { phone } = await open<{ phone?: string }>(piiSpec, row.personal);
      if (!phone) continue;
      const [hash] = await phoneHashes(phoneSpec, phone);
      statements.push({ sql: 'update appointments set phone_hash = ? where id = ? and phone_hash is ?', params: [hash, row.id, row.phone_hash] });
    }
    if (statements.length > 0) await port.run(statements);
    rehashed += statements.length;
    cursor = rows[rows.length - 1].id;
    if (rows.length < batchSize) break;
  }
  const left = await port.all<{ n: number }>('select count(*) as n from appointments where phone_hash is not null and phone_hash not like ?', [`${keyId}.%`]);
  return { keyId, rehashed, remaining: left[0]?.n ?? 0 };
}
