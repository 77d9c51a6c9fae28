import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { created, eventAtBy, eventData, ownedBy, rowId, version } from './columns.ts';
import { inquiryChannels, inquiryLimitNames, inquiryOutcomes, inquiryPriorities, inquiryStatuses, type InquiryEvent } from '../inquiry.ts';

/**
 * One inquiry in the first-inquiry register (首问登记, issue 13). Who asked and what they asked live
 * in `personal`, one AES-GCM blob (worker/lib/crypto.ts), like complaints and appointments; the
 * columns hold only what the console filters on and what the office told the person (contacts,
 * agency, report date: office facts, in `outcomeData`).
 */
export const inquiries = sqliteTable(
  'inquiries',
  {
    id: rowId(),
    /** 首问编号, e.g. SW-2612-7KQ4M9 (SW = 首问). */
    reference: text('reference').notNull().unique(),
    /** SHA-256 of reference + query code, when the person was given one; else null. */
    accessHash: text('access_hash'),
    channel: text('channel', { enum: inquiryChannels.codes }).notNull(),
    priority: text('priority', { enum: inquiryPriorities.codes }).notNull(),
    /** The named limit that applies (content/office.yaml inquiryLimits). */
    limitName: text('limit_name', { enum: inquiryLimitNames.codes }).notNull(),
    /** Staff id of the first receiver (首问责任人), who keeps the follow-up duty. */
    firstReceiver: text('first_receiver').notNull(),
    /** Staff id (or account name) of who registered it. */
    registeredBy: text('registered_by').notNull(),
    /** The first receiver's department. */
    department: text('department').notNull(),
    outcome: text('outcome', { enum: inquiryOutcomes.codes }).notNull(),
    /** JSON: the details of the outcome told to the person (contact, agency, report date …). */
    outcomeData: text('outcome_data').notNull().default('{}'),
    /** Staff id who must handle it now (the first receiver, or the section's acting post holder). */
    handler: text('handler').notNull(),
    /** Department handling it (other-section: the section handed to). */
    handlerDepartment: text('handler_department').notNull(),
    status: text('status', { enum: inquiryStatuses.codes }).notNull(),
    /** Encrypted JSON { name?, phone?, matter }. */
    personal: text('personal').notNull(),
    receivedAt: integer('received_at').notNull(),
    dueAt: integer('due_at').notNull(),
    dueProvisional: integer('due_provisional', { mode: 'boolean' }).notNull().default(false),
    closedAt: integer('closed_at'),
    /** Set once by the daily sweep when still open past `dueAt`. */
    overdueAt: integer('overdue_at'),
    /** The complaint it was turned into, if any (reference). */
    complaintReference: text('complaint_reference'),
    version: version(),
    ...created(),
  },
  (t) => [
    index('inquiries_first_receiver_status_idx').on(t.firstReceiver, t.status),
    index('inquiries_handler_status_idx').on(t.handler, t.status),
    index('inquiries_status_due_idx').on(t.status, t.dueAt),
    index('inquiries_received_idx').on(t.receivedAt),
  ],
);

/** The inquiry's history, append-only (migration 0013 triggers refuse UPDATE and DELETE). */
export const inquiryEvents = sqliteTable(
  'inquiry_events',
  {
    id: rowId(),
    inquiryId: ownedBy('inquiry_id', () => inquiries.id),
    ...eventAtBy(),
    type: text('type').$type<InquiryEvent>().notNull(),
    ...eventData(),
  },
  (t) => [index('inquiry_events_inquiry_idx').on(t.inquiryId, t.at)],
);
