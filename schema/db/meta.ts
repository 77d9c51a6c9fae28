import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small facts about this database, e.g. which demo seed it holds. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
