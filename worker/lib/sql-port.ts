/**
 * The few database operations the maintenance jobs (key rotation, retention) need, so one piece of
 * logic runs inside the worker and its tests (D1 binding) and from the Node CLI (wrangler d1
 * execute, locally or against the remote database).
 */
export type SqlValue = string | number | null;
export interface Statement {
  sql: string;
  params: SqlValue[];
}

export interface SqlPort {
  all<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs the statements in order. Each must be correct on its own: the CLI cannot promise one transaction. */
  run(statements: Statement[]): Promise<void>;
}

/** The part of a D1 binding the port uses (structural, so the Node-side type check needs no Workers types). */
interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1BoundLike };
  batch(statements: D1BoundLike[]): Promise<unknown>;
}
interface D1BoundLike {
  all<T>(): Promise<{ results: T[] }>;
}

export function d1Port(db: D1Like): SqlPort {
  return {
    async all<T>(sql: string, params: SqlValue[] = []) {
      return (await db.prepare(sql).bind(...params).all<T>()).results;
    },
    async run(statements: Statement[]) {
      if (statements.length === 0) return;
      await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)));
    },
  };
}

/** Whether a table exists yet (the registries list tables other features add later). */
export async function tableExists(port: SqlPort, table: string): Promise<boolean> {
  const rows = await port.all<{ n: number }>("select count(*) as n from sqlite_master where type = 'table' and name = ?", [table]);
  return (rows[0]?.n ?? 0) > 0;
}

/** A value as an SQL literal, for the CLI, which hands wrangler plain SQL text. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** Replaces each `?` outside string literals with the next parameter as a literal. */
export function inline(sql: string, params: SqlValue[]): string {
  let i = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    if (ch === '?' && !quoted) {
      if (i >= params.length) throw new Error('more ? than parameters');
      out += sqlLiteral(params[i++]);
    } else out += ch;
  }
  if (i !== params.length) throw new Error('more parameters than ?');
  return out;
}
