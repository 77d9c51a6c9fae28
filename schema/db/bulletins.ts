import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Published monthly bulletins (月度通报, issue 6), frozen: the bulletin is computed once at
 * publication and stored as JSON, so later changes to cases never move it. Triggers (custom
 * migration) refuse UPDATE and DELETE; a correction is a new row with the next `version` and a
 * `note` saying what changed and why. The JSON holds anonymised, suppressed statistics only.
 */
export const bulletins = sqliteTable(
  'bulletins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** YYYY-MM, the month reported on (Asia/Shanghai). */
    month: text('month').notNull(),
    /** 1 for the first publication, then 2, 3… for corrections. */
    version: integer('version').notNull(),
    /** Unix ms of publication. */
    publishedAt: integer('published_at').notNull(),
    /** Staff account id of the supervisor who published it ('seed' for the demo). Not published. */
    publishedBy: text('published_by').notNull(),
    /** Required from version 2 on: what changed and why. */
    note: text('note'),
    /** JSON of BulletinData (schema/bulletin/measures.ts), checked by schema/bulletin/document.ts. */
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('bulletins_month_version_unique').on(t.month, t.version), index('bulletins_published_idx').on(t.publishedAt)],
);
