import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { byAccount, ownedBy, rowId, version, writtenAt } from './columns.ts';
import { appealOutcomes, decisionKinds, examResults, decisionStates, standbyOutcomes, type DecisionEvent } from '../decisions.ts';
import { staffAccounts } from './office.ts';

/**
 * Accountability decisions (issue 14): one row per decision, its current state; every change is an
 * event in `decision_events` (append-only). `version` is the number of the last event: an action
 * updates the row where the version is the one it read and inserts the event with seq = version + 1,
 * so two officers acting at once collide on the (decision, seq) key and the whole batch rolls back.
 * Internal only: never read by a public page, feed, API or bulletin.
 */
export const decisions = sqliteTable(
  'decisions',
  {
    id: rowId(),
    kind: text('kind', { enum: decisionKinds.codes }).notNull(),
    state: text('state', { enum: decisionStates.codes }).notNull(),
    /** The person concerned (content/staff id) and their department at the time. */
    staffId: text('staff_id').notNull(),
    department: text('department').notNull(),
    facts: text('facts').notNull(),
    basis: text('basis').notNull(),
    proposedBy: ownedBy('proposed_by', () => staffAccounts.id),
    proposedAt: integer('proposed_at').notNull(),
    approvedBy: byAccount('approved_by', () => staffAccounts.id),
    approvedAt: integer('approved_at'),
    /** 告诫通知书 number (written admonitions): year and sequence, assigned at approval. */
    noticeYear: integer('notice_year'),
    noticeSeq: integer('notice_seq'),
    servedOn: text('served_on'),
    unitHeadTold: integer('unit_head_told', { mode: 'boolean' }),
    /** Written admonition: the self-examination and its countersignature. */
    selfExamDue: text('self_exam_due'),
    selfExamText: text('self_exam_text'),
    selfExamOn: text('self_exam_on'),
    countersignedBy: text('countersigned_by'),
    /** Set once by the daily sweep when the self-examination (or the 待岗 review) is overdue. */
    overdueFlagged: integer('overdue_flagged', { mode: 'boolean' }).notNull().default(false),
    /** Oral admonition. */
    givenOn: text('given_on'),
    givenBy: text('given_by'),
    /** 待岗: the 15 days, the study plan, and how it ended. */
    standbyStart: text('standby_start'),
    standbyEnd: text('standby_end'),
    studyPlan: text('study_plan'),
    citizenReps: text('citizen_reps'),
    staffReps: text('staff_reps'),
    reviewResult: text('review_result'),
    assessment: text('assessment'),
    outcome: text('outcome', { enum: standbyOutcomes.codes }),
    /** 待岗学习 (lack of skill): the exam at the end of the week. */
    examOn: text('exam_on'),
    examResult: text('exam_result', { enum: examResults.codes }),
    /** 申诉: the person's appeal and the leading group's decision on it; `originalKind` when it changed the kind. */
    appealText: text('appeal_text'),
    appealOn: text('appeal_on'),
    appealOutcome: text('appeal_outcome', { enum: appealOutcomes.codes }),
    appealNote: text('appeal_note'),
    appealDecidedOn: text('appeal_decided_on'),
    originalKind: text('original_kind', { enum: decisionKinds.codes }),
    version: version(),
    updatedAt: writtenAt('updated_at'),
  },
  (t) => [
    uniqueIndex('decisions_notice_unique').on(t.noticeYear, t.noticeSeq),
    index('decisions_staff_idx').on(t.staffId),
    index('decisions_state_idx').on(t.state),
  ],
);

/** What caused a decision: a case (by reference) or an accountability alert. */
export const decisionLinks = sqliteTable(
  'decision_links',
  {
    decisionId: ownedBy('decision_id', () => decisions.id),
    kind: text('kind', { enum: ['case', 'alert'] }).notNull(),
    ref: text('ref').notNull(),
  },
  (t) => [uniqueIndex('decision_links_unique').on(t.decisionId, t.kind, t.ref), index('decision_links_ref_idx').on(t.kind, t.ref)],
);

/** Every change of a decision, in order (seq = the decision's version after it). Append-only. */
export const decisionEvents = sqliteTable(
  'decision_events',
  {
    id: rowId(),
    decisionId: ownedBy('decision_id', () => decisions.id),
    seq: integer('seq').notNull(),
    at: integer('at').notNull(),
    /** Account id, or null for the daily sweep. */
    actor: byAccount('actor', () => staffAccounts.id),
    type: text('type').$type<DecisionEvent>().notNull(),
    data: text('data').notNull().default('{}'),
  },
  (t) => [uniqueIndex('decision_events_seq_unique').on(t.decisionId, t.seq)],
);
