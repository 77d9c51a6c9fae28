import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { byAccount, ownedBy, rowId, stamped } from './columns.ts';
import { findings, roles } from '../domain.ts';
import { complaints } from './complaints.ts';

/**
 * Staff accounts of the office console (issue 4). Passwords are PBKDF2 hashes (worker/office/
 * password.ts); `failedAttempts` and `lockedUntil` lock an account for a while after repeated
 * wrong passwords. A handler always has a department: they see that department's cases only.
 */
export const staffAccounts = sqliteTable(
  'staff_accounts',
  {
    id: rowId(),
    /** Sign-in name: lower-case letters, digits, dot, dash, underscore. */
    username: text('username').notNull(),
    /** Name shown in the console and in the case history. */
    displayName: text('display_name').notNull(),
    /** Optional content/staff id: links the account to a published post holder (A/B routing, first receiver). */
    staffId: text('staff_id'),
    role: text('role', { enum: roles.codes }).notNull(),
    /** Catalogue department id; required for handlers. */
    department: text('department'),
    passwordHash: text('password_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** Unix ms until which sign-in is refused; null = not locked. */
    lockedUntil: integer('locked_until'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...stamped(),
  },
  (t) => [
    uniqueIndex('staff_accounts_username_unique').on(t.username),
    check('staff_accounts_handler_department', sql`${t.role} <> 'handler' or ${t.department} is not null`),
  ],
);

/**
 * Console sessions. `id` is tokenId(token) (a SHA-256 of the cookie value), so a copy of the
 * database signs nobody in. `csrf` is the per-session token every state-changing request echoes.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: ownedBy('account_id', () => staffAccounts.id),
    csrf: text('csrf').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Optimistic concurrency for case actions: every action claims the version of the case it read.
 * The primary key refuses a second claim of the same version (two staff acting at once), and the
 * NOT NULL `current` (filled by a sub-select that finds the case at that version) refuses a stale
 * one, so the whole D1 batch of that action rolls back and the console answers 409.
 */
export const caseVersions = sqliteTable(
  'case_versions',
  {
    complaintId: ownedBy('complaint_id', () => complaints.id),
    version: integer('version').notNull(),
    /** 1 when the case was at `version` as the claim was made; NULL (refused) otherwise. */
    current: integer('current').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.version] })],
);

/**
 * The office's working file on a case, beside the complaint row: what the console needs that the
 * public tracking page does not (deadline state, the stage's own limit, the extension, the outcome).
 * Created on the first console action; a web filing that nobody has touched has none yet.
 */
export const caseFiles = sqliteTable(
  'case_files',
  {
    complaintId: integer('complaint_id')
      .primaryKey()
      .references(() => complaints.id),
    /** Internal deadline of the current stage (registration, approval), YYYY-MM-DD; null = none. */
    stageDueBy: text('stage_due_by'),
    /** The working-day count and start behind complaints.due_by, to recompute a provisional date. */
    dueFrom: text('due_from'),
    dueDays: integer('due_days'),
    /** on-time, due-soon or overdue, as the daily sweep last found it. */
    deadlineState: text('deadline_state', { enum: ['on-time', 'due-soon', 'overdue'] }).notNull().default('on-time'),
    /** The due date for which an `overdue` event was recorded, so the sweep records it once. */
    overdueRecordedFor: text('overdue_recorded_for'),
    /** Extension (延期): none, requested, approved or refused; one per case. */
    extensionState: text('extension_state', { enum: ['none', 'requested', 'approved', 'refused'] }).notNull().default('none'),
    extensionDays: integer('extension_days'),
    /** The handler's reason: public once approved (it is shown on the tracking page). */
    extensionReason: text('extension_reason'),
    finding: text('finding', { enum: findings.codes }),
    /** JSON array of sanction codes (schema/domain.ts). */
    sanctions: text('sanctions').notNull().default('[]'),
    /** content/staff id of the staff member concerned where substantiated: internal only. */
    staffConcerned: text('staff_concerned'),
    /** Department the outcome counts against (the unit of the seed-001 thresholds). */
    unit: text('unit'),
    /** YYYY-MM-DD (Asia/Shanghai) of conclusion: the month and year the thresholds count in. */
    concludedOn: text('concluded_on'),
    /** The named handler (承办人): a content/staff id of the handling department, never a concerned or recused person. */
    assignee: text('assignee'),
    /** 1 once intake has read the free text and found nothing that identifies the complainant (shown to a shielded department). */
    textCleared: integer('text_cleared', { mode: 'boolean' }).notNull().default(false),
    /** 1 once the supervisor has recorded a reason to show the complainant's identity to the department complained about. */
    identityDisclosed: integer('identity_disclosed', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('case_files_concluded_idx').on(t.concludedOn)],
);

/**
 * Accountability alerts (seed 001: 被诉待岗, unit and person admonition thresholds), raised once per
 * rule, subject and period; the supervisor records what was done.
 */
export const accountabilityAlerts = sqliteTable(
  'accountability_alerts',
  {
    id: rowId(),
    /** staff-suspension, unit-month, unit-year, person-year. */
    rule: text('rule').notNull(),
    /** A content/staff id or a department id. */
    subject: text('subject').notNull(),
    /** YYYY-MM or YYYY. */
    period: text('period').notNull(),
    count: integer('count').notNull(),
    raisedAt: integer('raised_at').notNull(),
    resolvedAt: integer('resolved_at'),
    resolvedBy: byAccount('resolved_by', () => staffAccounts.id),
    /** What the supervisor recorded as done. */
    resolution: text('resolution'),
    /** Set when a recomputation found the count below the threshold (e.g. a finding changed on review). */
    withdrawnAt: integer('withdrawn_at'),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [uniqueIndex('accountability_alerts_unique').on(t.rule, t.subject, t.period)],
);

/** Every change of an alert: raised, its count changed, withdrawn, reinstated (migration 0010). */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: rowId(),
    alertId: ownedBy('alert_id', () => accountabilityAlerts.id),
    at: integer('at').notNull(),
    type: text('type', { enum: ['raised', 'count-changed', 'withdrawn', 'reinstated'] }).notNull(),
    count: integer('count').notNull(),
    reason: text('reason'),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/**
 * Who a case is hidden from (回避, issue 10): `suggested` (matched from the filing's free-text staff
 * name), `concerned` (confirmed by intake), `recused` (自行回避, with a reason). `person` is a
 * content/staff id or 'account:<username>'. A correction clears a row (`clearedAt`), never deletes it.
 */
export const caseParties = sqliteTable(
  'case_parties',
  {
    id: rowId(),
    complaintId: ownedBy('complaint_id', () => complaints.id),
    person: text('person').notNull(),
    kind: text('kind', { enum: ['suggested', 'concerned', 'recused'] }).notNull(),
    reason: text('reason'),
    actor: text('actor').notNull(),
    at: integer('at').notNull(),
    clearedAt: integer('cleared_at'),
  },
  (t) => [index('case_parties_person_idx').on(t.person, t.complaintId)],
);

/** Every display of sealed personal data to staff (append-only; worker/services/protection.ts writes it). */
export const personalDataAccess = sqliteTable(
  'personal_data_access',
  {
    id: rowId(),
    complaintId: ownedBy('complaint_id', () => complaints.id),
    accountId: ownedBy('account_id', () => staffAccounts.id),
    person: text('person').notNull(),
    at: integer('at').notNull(),
    purpose: text('purpose', { enum: ['handling', 'consent', 'supervisor'] }).notNull(),
    /** JSON array of the fields shown (name, phone, email, staffName, description, request, comments). */
    fields: text('fields').notNull().default('[]'),
  },
  (t) => [index('personal_data_access_complaint_idx').on(t.complaintId, t.at)],
);
