import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { publication, rowId } from './columns.ts';

/**
 * Published monthly bulletins (月度通报, issue 6), frozen: the bulletin is computed once at
 * publication and stored as JSON, so later changes to cases never move it. Triggers (custom
 * migration) refuse UPDATE and DELETE; a correction is a new row with the next `version` and a
 * `note` saying what changed and why. The JSON holds anonymised, suppressed statistics only.
 */
export const bulletins = sqliteTable(
  'bulletins',
  {
    id: rowId(),
    /** YYYY-MM, the month reported on (Asia/Shanghai). */
    month: text('month').notNull(),
    ...publication(),
    /** JSON of BulletinData (schema/bulletin/measures.ts), checked by schema/bulletin/document.ts. */
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('bulletins_month_version_unique').on(t.month, t.version), index('bulletins_published_idx').on(t.publishedAt)],
);
