import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { dateSpan, eventAtBy, eventData, idempotencyTable, ownedBy, rowId, versionedAndStamped } from './columns.ts';
import { absenceKinds, appointmentChannels, appointmentKinds, appointmentStatuses, routedVia, type AppointmentEvent } from '../appointment.ts';

/**
 * One appointment request (办事预约, seed 001 办事预约制), ordinary or for the director's reception
 * day (局长接待日, seed 004). The person's name, phone and the matter they wrote live in `personal`,
 * one AES-GCM blob (worker/lib/crypto.ts), as for complaints. Everything else is what the console
 * filters on and what routing decided.
 */
export const appointments = sqliteTable(
  'appointments',
  {
    id: rowId(),
    /** 预约编号, e.g. YY-2611-7KQ4M9 (YY = 预约; complaints use XN-). */
    reference: text('reference').notNull().unique(),
    /** SHA-256 of reference + access code; the code itself is shown once. */
    accessHash: text('access_hash').notNull(),
    kind: text('kind', { enum: appointmentKinds.codes }).notNull(),
    /** The department that handles it (catalogue id); for reception days the receiver's department. */
    department: text('department').notNull(),
    /** Optional service (catalogue id). */
    service: text('service'),
    /** The post it was routed to (the service's handler post or the department's default post). */
    post: text('post').notNull(),
    /** Staff id of whoever must contact the person: the post's A holder, B holder, or the head. */
    assignee: text('assignee').notNull(),
    /** Why that person: A holder, B holder standing in (A away), or the head (A and B away). */
    routedVia: text('routed_via', { enum: routedVia.codes }).notNull(),
    /** Preferred (ordinary) or booked (reception) day, YYYY-MM-DD Asia/Shanghai. */
    date: text('date').notNull(),
    /** Slot start and end, HH:MM. */
    slotStart: text('slot_start').notNull(),
    slotEnd: text('slot_end').notNull(),
    status: text('status', { enum: appointmentStatuses.codes }).notNull().default('requested'),
    /** Encrypted JSON { name, phone, matter }. */
    personal: text('personal').notNull(),
    /**
     * Keyed hash of the phone (`<key id>.<HMAC-SHA-256>` under PHONE_HASH_KEY, never the number): lets
     * a booking notice repeats of one phone without opening `personal` (issue 17, item 11).
     * Null for rows booked before migration 0011 until the next key rotation fills it.
     */
    phoneHash: text('phone_hash'),
    /** Unix ms of the request. */
    requestedAt: integer('requested_at').notNull(),
    /** YYYY-MM-DD by which the assignee must contact the person (department's contact limit). */
    contactBy: text('contact_by').notNull(),
    contactByProvisional: integer('contact_by_provisional', { mode: 'boolean' }).notNull().default(false),
    /** Set by the daily sweep when still not contacted after `contactBy`. */
    overdue: integer('overdue', { mode: 'boolean' }).notNull().default(false),
    /** How the request came (migration 0018): online, or registered by staff from a phone call or a walk-in. */
    channel: text('channel', { enum: appointmentChannels.codes }).notNull().default('online'),
    /** Staff id of who registered a phone or walk-in request; null for online ones. */
    registeredBy: text('registered_by'),
    /** Unix ms the office archived the closed record (办事预约制: every appointment is archived). */
    archivedAt: integer('archived_at'),
    ...versionedAndStamped(),
  },
  (t) => [
    index('appointments_department_status_idx').on(t.department, t.status),
    index('appointments_assignee_status_idx').on(t.assignee, t.status),
    index('appointments_kind_date_slot_idx').on(t.kind, t.date, t.slotStart, t.status),
    index('appointments_status_contact_idx').on(t.status, t.contactBy),
    index('appointments_phone_hash_idx').on(t.phoneHash, t.status),
    index('appointments_channel_requested_idx').on(t.channel, t.requestedAt),
  ],
);

/**
 * The appointment's history, append-only: triggers refuse DELETE and every UPDATE but retention's
 * one-time erasure of sealed values (migration 0009, worker/lib/retention.ts).
 * Public events are shown to the person on the tracking page; `data` of public events holds only
 * facts that may be shown to them (e.g. the date and place agreed), never staff internals.
 */
export const appointmentEvents = sqliteTable(
  'appointment_events',
  {
    id: rowId(),
    appointmentId: ownedBy('appointment_id', () => appointments.id),
    ...eventAtBy(),
    /** One of appointmentEventTypes; its label and visibility are the registry's (schema/appointment.ts). */
    type: text('type').$type<AppointmentEvent>().notNull(),
    ...eventData(),
  },
  (t) => [index('appointment_events_appointment_idx').on(t.appointmentId, t.at)],
);

/** Idempotency-Key → the first 201 body (sealed: it holds the access code), as for complaints. */
export const appointmentIdempotencyKeys = idempotencyTable('appointment_idempotency_keys', 'appointmentId', 'appointment_id', () => appointments.id);

/**
 * A staff member recorded as away (AB岗位制: the B holder then acts), entered in the console by the
 * holder or a supervisor. Dates are inclusive, YYYY-MM-DD Asia/Shanghai. A withdrawn absence keeps
 * its row with `withdrawnAt`, so routing decisions already made stay explainable.
 */
export const absences = sqliteTable(
  'absences',
  {
    id: rowId(),
    staffId: text('staff_id').notNull(),
    ...dateSpan(),
    kind: text('kind', { enum: absenceKinds.codes }).notNull(),
    /** Staff id (or account) of who recorded it. */
    recordedBy: text('recorded_by').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    withdrawnAt: integer('withdrawn_at'),
  },
  (t) => [index('absences_staff_dates_idx').on(t.staffId, t.fromDate, t.toDate)],
);
