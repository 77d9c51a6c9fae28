import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { eventAtBy, ownedBy, rowId } from './columns.ts';
import { cardEventTypes, cardRuleIds, channels, eventTypes } from '../application.ts';
import { satisfaction } from '../domain.ts';

/**
 * 电子监察 (issue 12). `applications` is the projection of each 办件's events (schema/application.ts
 * `replay`), rewritten whenever an event lands; `application_events` is the append-only history the
 * projection is computed from. The applicant is one AES-GCM blob (worker/lib/crypto.ts).
 */
export const applications = sqliteTable(
  'applications',
  {
    id: rowId(),
    /** 办件编号, given by the business system or the console. */
    number: text('number').notNull().unique(),
    service: text('service').notNull(),
    department: text('department').notNull(),
    channel: text('channel', { enum: channels }).notNull(),
    status: text('status').notNull(),
    /** Sealed JSON Applicant. */
    applicant: text('applicant').notNull(),
    /** SHA-256 of number + query code (办件查询); the code is shown once. */
    accessHash: text('access_hash'),
    receivedOn: text('received_on').notNull(),
    acceptedOn: text('accepted_on'),
    concludedOn: text('concluded_on'),
    dueBy: text('due_by'),
    dueProvisional: integer('due_provisional').notNull().default(0),
    statutoryBy: text('statutory_by'),
    stepDueBy: text('step_due_by'),
    stopped: integer('stopped').notNull().default(0),
    /** The day the card sweep must look at it next (null: only a new event can change anything). */
    nextCheck: text('next_check'),
    /** Events recorded more than a day after they happened (补录). */
    lateEvents: integer('late_events').notNull().default(0),
    /** Bumped by every write: two writers that read the same version cannot both land. */
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('applications_next_check').on(t.nextCheck),
    index('applications_department').on(t.department, t.receivedOn),
    index('applications_service').on(t.service, t.receivedOn),
    // A month's performance (application-performance.ts): received in it, concluded in it, or open
    // and past the commitment by its end; each term of its OR has an index (migration 0019).
    index('applications_received_on').on(t.receivedOn),
    // (concluded_on, due_by): a range on the first for "concluded in the month", and "concluded_on
    // is null and due_by < end" as one range for the open ones (a partial index on due_by alone lost
    // to the concluded_on index in the planner, which then read every open application).
    index('applications_concluded_due').on(t.concludedOn, t.dueBy),
  ],
);

export const applicationEvents = sqliteTable(
  'application_events',
  {
    id: rowId(),
    applicationId: ownedBy('application_id', () => applications.id),
    /** Who sent it: `client:<id>` or `console:<account id>`. */
    source: text('source').notNull(),
    /** The sender's event id: (source, event_id) is unique, so a retry changes nothing. */
    eventId: text('event_id').notNull(),
    type: text('type', { enum: eventTypes as [string, ...string[]] }).notNull(),
    occurredAt: integer('occurred_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    /** 1 when recorded more than a day after it happened, or before events already on file (补录). */
    late: integer('late').notNull().default(0),
    /** JSON data (the applicant is never here: it is sealed on the application). */
    data: text('data').notNull(),
  },
  (t) => [uniqueIndex('application_events_source_event').on(t.source, t.eventId), index('application_events_application').on(t.applicationId, t.occurredAt)],
);

/** Business-system clients of POST /api/applications/events, managed by an admin. */
export const applicationClients = sqliteTable('application_clients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** JSON arrays of department and service ids the client may send events for ([] = none of that kind). */
  departments: text('departments').notNull().default('[]'),
  services: text('services').notNull().default('[]'),
  /** The signing secret, sealed with PII_KEY (HMAC needs the secret itself; it is shown once). */
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull(),
  revokedAt: integer('revoked_at'),
});

/** Signatures seen within the replay window: a second request with the same signature is refused. */
export const applicationNonces = sqliteTable('application_nonces', {
  signature: text('signature').primaryKey(),
  expiresAt: integer('expires_at').notNull(),
});

/** Yellow and red cards (预警纠错): one per application, rule and boundary. */
export const applicationCards = sqliteTable(
  'application_cards',
  {
    id: rowId(),
    applicationId: ownedBy('application_id', () => applications.id),
    rule: text('rule', { enum: cardRuleIds as [string, ...string[]] }).notNull(),
    colour: text('colour', { enum: ['yellow', 'red'] }).notNull(),
    key: text('key').notNull(),
    department: text('department').notNull(),
    service: text('service').notNull(),
    /** The responsible post and who held it that day (A, or B when A was recorded absent). */
    post: text('post').notNull(),
    holder: text('holder').notNull(),
    via: text('via').notNull(),
    detail: text('detail').notNull(),
    /** open → supervised (督办) → answered (回告) → closed. */
    state: text('state', { enum: ['open', 'supervised', 'answered', 'closed'] }).notNull().default('open'),
    raisedOn: text('raised_on').notNull(),
    raisedAt: integer('raised_at').notNull(),
    /** Working-day limit for the unit's 回告, set by the 督办. */
    answerBy: text('answer_by'),
    /** Complaint id of the efficiency case opened from a red card. */
    caseId: integer('case_id'),
  },
  (t) => [uniqueIndex('application_cards_key').on(t.applicationId, t.key), index('application_cards_department').on(t.department, t.state, t.colour), index('application_cards_raised').on(t.raisedOn)],
);

/** The append-only history of each card: 督办, 回告, closing. */
export const applicationCardEvents = sqliteTable('application_card_events', {
  id: rowId(),
  cardId: ownedBy('card_id', () => applicationCards.id),
  ...eventAtBy(),
  type: text('type', { enum: cardEventTypes }).notNull(),
  data: text('data').notNull().default('{}'),
});


/** 好差评 per application: one rating after conclusion; a 差评's follow-up (回访、整改) within 15 working days. */
export const applicationRatings = sqliteTable(
  'application_ratings',
  {
    applicationId: integer('application_id').primaryKey().references(() => applications.id),
    level: text('level', { enum: satisfaction.codes }).notNull(),
    /** Sealed free text (it may name people). */
    comment: text('comment'),
    ratedAt: integer('rated_at').notNull(),
    /** For a 差评: the date by which it is followed up and put right. */
    followUpBy: text('follow_up_by'),
    followedUpAt: integer('followed_up_at'),
    followUp: text('follow_up'),
  },
  (t) => [index('application_ratings_follow_up').on(t.followUpBy, t.followedUpAt), index('application_ratings_rated_at').on(t.ratedAt)],
);
