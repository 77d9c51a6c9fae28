/**
 * The data layer's entry (issue 11 part 3): drizzle over the D1 binding, with the schema's tables.
 * Services query through `dbOf(env)`; `statementOf` turns a drizzle query into a D1 statement so a
 * write can share one atomic `env.DB.batch` with the statements other modules add (the notify
 * outbox), which drizzle's own `db.batch` (drizzle queries only) cannot take.
 */
import { is, SQL, sql } from 'drizzle-orm';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
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
