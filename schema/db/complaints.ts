import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { eventAtBy, eventData, idempotencyTable, ownedBy, rowId, versionedAndStamped } from './columns.ts';
import { categories, channels, stages } from '../domain.ts';
import { caseEventTypes } from '../cases.ts';

/**
 * One efficiency complaint (效能投诉) and where it stands. Everything that could identify a person
 * (name, phone, e-mail, the staff name complained about, the free-text description and request)
 * lives in `personal`, one AES-GCM blob (`v1.<iv>.<ciphertext>`, see worker/lib/crypto.ts), so a
 * leaked database or backup discloses no one. The other columns are what the office console and the
 * monthly statistics filter on, and are safe to show in anonymised form.
 */
export const complaints = sqliteTable(
  'complaints',
  {
    id: rowId(),
    /** 受理编号, e.g. XN-2611-7KQ4M9: year+month, then a random part nobody can guess from another. */
    reference: text('reference').notNull(),
    /** SHA-256 (base64url) of the access code; the code itself is shown once and never stored. */
    accessHash: text('access_hash').notNull(),
    /** How the complaint arrived (首问负责制 records the channel). */
    channel: text('channel', { enum: channels.codes }).notNull().default('web'),
    /** Staff id of the first receiver (首问责任人); set by the office for phone/visit/letter. */
    firstReceiver: text('first_receiver'),
    /** The department complained about (catalogue id); a transfer changes `handlingDepartment`, not this. */
    department: text('department').notNull(),
    /** Optional service (catalogue id). */
    service: text('service'),
    /** Optional post (catalogue id). */
    post: text('post'),
    /** The department now handling the case after a transfer (转办); null = the efficiency office. */
    handlingDepartment: text('handling_department'),
    category: text('category', { enum: categories.codes }).notNull(),
    /** YYYY-MM-DD (Asia/Shanghai) the matter happened. */
    occurredOn: text('occurred_on').notNull(),
    stage: text('stage', { enum: stages.codes }).notNull().default('reception'),
    /** Anonymous complainants get no written reply but can follow the case by reference. */
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    /** The complainant agreed (explicit, default off) that the department complained about may see their identity. */
    identityConsent: integer('identity_consent', { mode: 'boolean' }).notNull().default(false),
    /** Encrypted JSON of the personal fields (see above). */
    personal: text('personal').notNull(),
    /** Unix ms of receipt. */
    receivedAt: integer('received_at').notNull(),
    /** YYYY-MM-DD by which acceptance is decided, in working days on the calendar. */
    acknowledgeBy: text('acknowledge_by').notNull(),
    /** True when `acknowledgeBy` ran past the calendar on file (recomputed by the daily sweep). */
    acknowledgeByProvisional: integer('acknowledge_by_provisional', { mode: 'boolean' }).notNull().default(false),
    /** The current deadline of the case (acceptance, then conclusion, then an extension's new date). */
    dueBy: text('due_by').notNull(),
    dueByProvisional: integer('due_by_provisional', { mode: 'boolean' }).notNull().default(false),
    /** Unix ms of conclusion; starts the rating and review window. */
    concludedAt: integer('concluded_at'),
    ...versionedAndStamped(),
  },
  (t) => [
    uniqueIndex('complaints_reference_unique').on(t.reference),
    index('complaints_stage_due_idx').on(t.stage, t.dueBy),
    index('complaints_department_received_idx').on(t.department, t.receivedAt),
    index('complaints_received_idx').on(t.receivedAt),
  ],
);

/**
 * The case history, append-only: triggers (migrations 0002 and 0009) refuse DELETE and every
 * UPDATE but one, so what was told to a citizen or decided by the office can never be rewritten.
 * The one UPDATE allowed is retention's: sealed values in `data` may become '[已删除]', once, with
 * `redactedOn` added (worker/lib/retention.ts). `public` events are shown on
 * the tracking page with `data` (which must hold only public-safe facts: no names of complainants,
 * no staff internals); internal notes go in events with public = false, encrypted if they identify.
 */
export const complaintEvents = sqliteTable(
  'complaint_events',
  {
    id: rowId(),
    complaintId: ownedBy('complaint_id', () => complaints.id),
    ...eventAtBy(),
    /** One of the case workflow's events (schema/cases.ts: label, visibility, data of each). */
    type: text('type', { enum: caseEventTypes }).notNull(),
    ...eventData(),
  },
  (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.at), index('complaint_events_type_at_idx').on(t.type, t.at)],
);

/** Idempotency-Key → the complaint filed first under it (schema/db/columns.ts). */
export const idempotencyKeys = idempotencyTable('idempotency_keys', 'complaintId', 'complaint_id', () => complaints.id);

/**
 * Failed attempts per client and window (wrong access codes). Keyed by an HMAC of the client
 * address, never the address itself.
 */
export const throttle = sqliteTable('throttle', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});

/**
 * Confirmation cookies already shown (complaints and appointments alike): the nonce sealed in the
 * cookie, kept until the cookie would have expired, so a replayed cookie shows no access code.
 */
export const flashUses = sqliteTable('flash_uses', {
  nonce: text('nonce').primaryKey(),
  /** Unix ms when the cookie expires; older rows are deleted on the next display. */
  expiresAt: integer('expires_at').notNull(),
});
