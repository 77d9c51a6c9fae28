import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { byAccount, ownedBy, publication, rowId, version } from './columns.ts';
import { roundStates, targetStatuses } from '../targets.ts';
import { staffAccounts } from './office.ts';

/**
 * 目标管理 (issue 14, schema/targets.ts): a year's targets per department (and per person: internal
 * only), a review round per quarter, one check per target and round, and the published department
 * results, frozen like the monthly bulletins (triggers refuse UPDATE and DELETE; a correction is a
 * new version with a note).
 */
export const targets = sqliteTable(
  'targets',
  {
    id: rowId(),
    year: integer('year').notNull(),
    department: text('department').notNull(),
    /** A person's own target (content/staff id): never published. Null: the department's. */
    staffId: text('staff_id'),
    title: text('title').notNull(),
    measure: text('measure').notNull(),
    points: integer('points').notNull(),
    source: text('source').notNull(),
    due: text('due').notNull(),
    createdBy: ownedBy('created_by', () => staffAccounts.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('targets_year_department_idx').on(t.year, t.department), index('targets_staff_idx').on(t.staffId)],
);

export const targetRounds = sqliteTable(
  'target_rounds',
  {
    id: rowId(),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    state: text('state', { enum: roundStates.codes }).notNull(),
    /** Bumped by every state change: two officers acting at once collide. */
    version: version(),
    draftedBy: ownedBy('drafted_by', () => staffAccounts.id),
    draftedAt: integer('drafted_at').notNull(),
    approvedBy: byAccount('approved_by', () => staffAccounts.id),
    approvedAt: integer('approved_at'),
    publishedAt: integer('published_at'),
  },
  (t) => [uniqueIndex('target_rounds_period_unique').on(t.year, t.quarter)],
);

export const targetChecks = sqliteTable(
  'target_checks',
  {
    roundId: ownedBy('round_id', () => targetRounds.id),
    targetId: ownedBy('target_id', () => targets.id),
    status: text('status', { enum: targetStatuses.codes }).notNull(),
    score: integer('score'),
    note: text('note').notNull(),
    checkedBy: ownedBy('checked_by', () => staffAccounts.id),
    checkedAt: integer('checked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.targetId] }), index('target_checks_target_idx').on(t.targetId)],
);

/** Published quarters (通报), frozen: JSON of TargetResultData (schema/targets.ts), departments only. */
export const targetResults = sqliteTable(
  'target_results',
  {
    id: rowId(),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    ...publication(),
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('target_results_period_version_unique').on(t.year, t.quarter, t.version)],
);
