import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Column groups several tables share, so that each table reads as what is its own. Every helper
 * returns fresh builders (a builder belongs to one table), and each spread keeps the columns in the
 * order the migrations created them: the generated SQL is the same as with the columns written out.
 */

/** The surrogate key of a table: `id integer primary key autoincrement`. */
export const rowId = () => integer('id').primaryKey({ autoIncrement: true });

/** A required link to the row that owns this one (an event's case, a check's round …). */
export const ownedBy = (name: string, parent: () => AnySQLiteColumn) => integer(name).notNull().references(parent);

/** A staff account that did something, optional (approved by, resolved by …). */
export const byAccount = (name: string, parent: () => AnySQLiteColumn) => integer(name).references(parent);

/** Unix ms, filled by D1 when the insert does not give it. */
export const writtenAt = (name: string) => integer(name).notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Optimistic concurrency: every update sets version = version + 1 where version = the one read. */
export const version = () => integer('version').notNull().default(1);

/** When the row was created, filled by D1. */
export const created = () => ({ createdAt: writtenAt('created_at') });

/** When the row was created and last changed, both filled by D1. */
export const stamped = () => ({ createdAt: writtenAt('created_at'), updatedAt: writtenAt('updated_at') });

/** A row seen by optimistic concurrency, with its creation and change times. */
export const versionedAndStamped = () => ({ version: version(), ...stamped() });

/**
 * The facts of a history event after its `type`: whether the citizen is shown it, and its JSON data
 * (public-safe facts only when public).
 */
export const eventData = () => ({
  public: integer('public', { mode: 'boolean' }).notNull(),
  data: text('data').notNull().default('{}'),
});

/** When and by whom ('citizen', 'system' or a staff id) a history event happened. */
export const eventAtBy = () => ({ at: integer('at').notNull(), actor: text('actor').notNull() });

/**
 * A frozen publication (monthly bulletin, quarter's target results): a correction is a new row with
 * the next version and a note; triggers refuse UPDATE and DELETE.
 */
export const publication = () => ({
  /** 1 for the first publication, then 2, 3… for corrections. */
  version: integer('version').notNull(),
  /** Unix ms of publication. */
  publishedAt: integer('published_at').notNull(),
  /** Staff account id of the publisher ('seed' for the demo). Not published. */
  publishedBy: text('published_by').notNull(),
  /** Required from version 2 on: what changed and why. */
  note: text('note'),
});

/** An inclusive span of days, YYYY-MM-DD Asia/Shanghai (absences, hand-overs). */
export const dateSpan = () => ({ fromDate: text('from_date').notNull(), toDate: text('to_date').notNull() });

/**
 * Idempotency-Key → the 201 body first returned (sealed: it holds the access code), so a retry gets
 * the very same record and code; `fingerprint` (SHA-256 of the canonical request) tells a retry from
 * a different request reusing the key. `owner` names the column linking to the record created.
 */
export function idempotencyTable<K extends string>(name: string, owner: K, column: string, parent: () => AnySQLiteColumn) {
  return sqliteTable(name, {
    key: text('key').primaryKey(),
    fingerprint: text('fingerprint').notNull(),
    ...({ [owner]: ownedBy(column, parent) } as Record<K, ReturnType<typeof ownedBy>>),
    response: text('response').notNull(),
    createdAt: integer('created_at').notNull(),
  });
}
