import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { rowId } from './columns.ts';

/**
 * The notification outbox (issue 15). A row is written in the SAME D1 batch as the state change
 * that causes it (worker/notify/outbox.ts), so a change never happens without its message and a
 * rolled-back change leaves none. A relay hands rows to Cloudflare Queues; the consumer
 * (worker/notify/consumer.ts) delivers each one once. No address or phone number is ever stored
 * here: the consumer resolves the recipient from the sealed record when it sends.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: rowId(),
    /** Idempotency key of the message: the same cause never yields two rows. */
    key: text('key').notNull(),
    /** The event that caused it, e.g. complaint.accepted (worker/notify/events.ts). */
    event: text('event').notNull(),
    /** 'citizen' or 'staff'. */
    audience: text('audience', { enum: ['citizen', 'staff'] }).notNull(),
    /** Citizen: the reference (XN-/YY-); staff: `account:<id>`. Never an address. */
    recipient: text('recipient').notNull(),
    /** The case or appointment reference the message is about (shown on the case page). */
    subject: text('subject'),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    /** Template key (worker/notify/templates.ts). */
    template: text('template').notNull(),
    /** JSON of the template's public-safe parameters (reference, status, date, link). */
    params: text('params').notNull().default('{}'),
    /** Urgent messages ignore citizens' quiet hours (none today; staff red/overdue SMS are urgent). */
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    /**
     * pending: written, not yet handed to the queue; queued: on the queue; digest: held for the
     * staff member's daily digest; digested: included in one; sent; failed (dead-lettered or refused
     * by the provider); skipped (no address any more, unsubscribed).
     */
    state: text('state', { enum: ['pending', 'queued', 'digest', 'digested', 'sent', 'failed', 'skipped'] }).notNull().default('pending'),
    /** Deliveries attempted by the consumer. */
    attempts: integer('attempts').notNull().default(0),
    /** Unix ms before which it must not be sent (quiet hours, rate limit). */
    notBefore: integer('not_before'),
    /** A consumer holds the row until then while it talks to the provider. */
    leaseUntil: integer('lease_until'),
    /** HMAC of the address it went to (per-recipient rate limits), set by the consumer. */
    recipientHash: text('recipient_hash'),
    /** The provider's message id (e-mail Message-ID, SMS SerialNo). */
    providerId: text('provider_id'),
    /** The last error code (never the provider's full answer, which may echo the number). */
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    queuedAt: integer('queued_at'),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_key_unique').on(t.key),
    index('notifications_state_idx').on(t.state, t.notBefore),
    index('notifications_subject_idx').on(t.subject, t.createdAt),
    index('notifications_recipient_hash_idx').on(t.recipientHash, t.channel, t.sentAt),
  ],
);

/** A citizen's opt-in per channel, chosen when filing or booking; unsubscribing keeps the row. */
export const notificationSubscriptions = sqliteTable(
  'notification_subscriptions',
  {
    /** The complaint or appointment reference. */
    reference: text('reference').notNull(),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    unsubscribedAt: integer('unsubscribed_at'),
  },
  (t) => [primaryKey({ columns: [t.reference, t.channel] })],
);

/** A staff member's choices (console 通知设置): where and how often. Addresses are sealed. */
export const staffNotificationPrefs = sqliteTable('staff_notification_prefs', {
  accountId: integer('account_id').primaryKey(),
  /** Sealed e-mail address (worker/lib/crypto.ts); null = no e-mail. */
  email: text('email'),
  /** Sealed mobile number, for red-card and overdue SMS when the office turns them on. */
  phone: text('phone'),
  /** immediate: one e-mail per event; digest: one e-mail a day (the daily sweep). */
  mode: text('mode', { enum: ['immediate', 'digest'] }).notNull().default('immediate'),
  /** Wants SMS for overdue matters and red cards (only if NOTIFY_STAFF_SMS = "true"). */
  smsUrgent: integer('sms_urgent', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});
