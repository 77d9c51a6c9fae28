import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { created, dateSpan, eventAtBy, ownedBy, rowId, version } from './columns.ts';
import { absenceKinds } from '../appointment.ts';
import type { HandoverEvent } from '../handover.ts';

/**
 * A planned absence of a post's A holder with its stand-in (同岗替代, issue 13). The absence itself
 * is also written to `absences` (same batch), so routing and the whereabouts board follow it.
 */
export const handovers = sqliteTable(
  'handovers',
  {
    id: rowId(),
    post: text('post').notNull(),
    holder: text('holder').notNull(),
    standIn: text('stand_in').notNull(),
    ...dateSpan(),
    kind: text('kind', { enum: absenceKinds.codes }).notNull(),
    status: text('status', { enum: ['awaiting-approval', 'awaiting-ack', 'acting', 'handed-back'] }).notNull(),
    version: version(),
    ...created(),
  },
  (t) => [index('handovers_post_dates_idx').on(t.post, t.fromDate, t.toDate), index('handovers_stand_in_idx').on(t.standIn, t.status)],
);

/** The post's history, append-only: planning, approval, acknowledgement and handback with their notes. */
export const postEvents = sqliteTable(
  'post_events',
  {
    id: rowId(),
    post: text('post').notNull(),
    handoverId: ownedBy('handover_id', () => handovers.id),
    ...eventAtBy(),
    type: text('type').$type<HandoverEvent>().notNull(),
    data: text('data').notNull().default('{}'),
  },
  (t) => [index('post_events_post_idx').on(t.post, t.at)],
);
