/**
 * The data layer's entry (issue 11 part 3): drizzle over the D1 binding, with the schema's tables.
 * Services query through `dbOf(env)`; `statementOf` turns a drizzle query into a D1 statement so a
 * write can share one atomic `env.DB.batch` with the statements other modules add (the notify
 * outbox), which drizzle's own `db.batch` (drizzle queries only) cannot take.
 */
import { is, SQL, sql } from 'drizzle-orm';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as tables from '../../schema/db/index.ts';

export type Db = DrizzleD1Database<typeof tables>;

export function dbOf(env: { DB: D1Database }): Db {
  return drizzle(env.DB, { schema: tables });
}

/** Whether the database answers (the health check). */
export async function databaseAnswers(env: { DB: D1Database }): Promise<boolean> {
  try {
    await dbOf(env).run(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

const dialect = new SQLiteAsyncDialect();

/**
 * A drizzle query (built, not run), or a `sql` template for an atomic conditional statement (an
 * insert … select … where not exists), as a D1 prepared statement, for one `env.DB.batch` with others.
 */
export function statementOf(env: { DB: D1Database }, query: SQL | { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  return env.DB.prepare(sql).bind(...params);
}

/**
 * Whether `error` (drizzle wraps D1's error as its cause) is a UNIQUE constraint failure, on
 * `column` (`table.column`) when given.
 */
export function isUniqueViolation(error: unknown, column?: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const message = e.message;
    if (message.includes('UNIQUE constraint failed') && (!column || message.includes(column))) return true;
  }
  return false;
}

/**
 * The event an action writes, for every record matching `where` (insert … select, every column of
 * the event table in its order: id (null: the next one), the record's id, at, actor, type, public,
 * data). Put in a batch after the write it records, it exists only if that write took. `data` is
 * the event's JSON, or a `sql` expression of the record (the sweep's due instant). Whether the
 * public sees it is the workflow registry's word, passed as `isPublic`.
 */
export function eventWhere<Events extends SQLiteTable>(
  db: Db,
  events: Events,
  record: { key: string; id: SQLiteColumn },
  event: { type: string; data: unknown },
  isPublic: boolean,
  at: number,
  actor: string,
  where: SQL | undefined,
) {
  const data = event.data instanceof SQL ? sql<string>`${event.data}` : sql<string>`${JSON.stringify(event.data)}`;
  const rows = db
    .select({
      id: sql<number>`null`.as('id'),
      [record.key]: record.id,
      at: sql<number>`${at}`.as('at'),
      actor: sql<string>`${actor}`.as('actor'),
      type: sql<string>`${event.type}`.as('type'),
      public: sql<boolean>`${isPublic ? 1 : 0}`.as('public'),
      data: data.as('data'),
    })
    .from(record.id.table)
    .where(where);
  return db.insert(events).select(rows as never);
}
