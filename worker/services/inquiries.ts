/**
 * The first-inquiry register (首问登记, issue 13): registration, the actions of the registry in
 * schema/inquiry.ts, the follow-up lists, the public view behind reference + query code, and the
 * daily sweep. Personal data (who asked, what they asked) is sealed before it reaches D1; logs carry
 * the reference, channel and outcome only.
 *
 * Handing over to another section uses the same A/B routing as appointments (routing.ts): the
 * section's default post, its A holder, or B when A is recorded away, or the head when both are.
 */
import { and, desc, eq, gte, inArray, lt, or, SQL, sql } from 'drizzle-orm';
import type { InquiryFacts } from '../../schema/bulletin/inquiries.ts';
import { inquiries, inquiryEvents } from '../../schema/db/inquiries.ts';
import { closedAtRegistration, deadlineState, dueOf, inquiryActions, inquiryChannels, inquiryEvents as eventSpecs, inquiryOutcomes, inquiryStatuses, limitFor } from '../../schema/inquiry.ts';
import type { InquiryAction, InquiryDeadlineState, InquiryEvent, InquiryEventPlan, InquiryLimits, InquiryPublicView, RegisterInput } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { eventLabel } from '../../schema/workflow.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';
import { accessHash, checkAccessCode, newAccessCode, open, randomCrockford, seal } from '../lib/crypto.ts';
import { dbOf, eventWhere as eventFor, isUniqueViolation, statementOf, type Db } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { insertComplaint } from './complaints.ts';
import { contactFor, route, situationOn } from './routing.ts';

export type InquiryRow = typeof inquiries.$inferSelect;
export type InquiryEventRow = typeof inquiryEvents.$inferSelect;
export interface InquiryPersonal {
  name?: string;
  phone?: string;
  matter: string;
}

export const inquiryLimits = catalogue.office.inquiryLimits as InquiryLimits;

/** SW-YYMM-XXXXXX: SW for 首问, the month of receipt in Asia/Shanghai, 30 random bits. */
export function newInquiryReference(shanghaiDay: string): string {
  return `SW-${shanghaiDay.slice(2, 4)}${shanghaiDay.slice(5, 7)}-${randomCrockford(6)}`;
}

export interface Registered {
  id: number;
  reference: string;
  /** Shown once, when the person was given a query code. */
  accessCode?: string;
  dueAt: number;
  dueProvisional: boolean;
  status: InquiryRow['status'];
}

/** Registers an inquiry, its events and (for another section) the hand-over, in one batch. */
export async function registerInquiry(env: Env, input: RegisterInput, registeredBy: string, now = clockNow()): Promise<Registered> {
  const limitName = limitFor(input.channel, input.priority);
  const due = dueOf(inquiryLimits[limitName], now, calendar);
  const receiver = catalogue.staff.find((s) => s.id === input.firstReceiver)!;
  const status = closedAtRegistration.includes(input.outcome) ? 'closed' : 'open';
  let handler = input.firstReceiver;
  let handlerDepartment = receiver.department;
  const outcomeData: Record<string, unknown> = {};
  let handedOver: { department: string; post: string; assignee: string; via: string } | undefined;
  switch (input.outcome) {
    case 'on-the-spot':
      outcomeData.answer = input.answer;
      break;
    case 'later':
      outcomeData.contact = { name: input.contactName, phone: input.contactPhone };
      break;
    case 'other-section': {
      // The acting holder of the section's post today: A, or B when A is away, or the head (AB岗位制).
      const r = route(catalogue, { department: input.department! }, await situationOn(env, shanghaiDate(now)));
      handler = r.assignee;
      handlerDepartment = r.department;
      const c = contactFor(catalogue, r);
      outcomeData.contact = { name: c.name, phone: c.phone, department: c.department, post: c.post };
      handedOver = { department: r.department, post: r.post, assignee: r.assignee, via: r.via };
      break;
    }
    case 'other-agency':
      outcomeData.agency = { name: input.agencyName, address: input.agencyAddress, phone: input.agencyPhone };
      break;
    case 'reported-upward':
      outcomeData.report = { to: input.reportTo, sentOn: input.reportSentOn };
      break;
  }
  if (input.appointment) outcomeData.appointment = input.appointment;
  const personal: InquiryPersonal = { ...(input.name ? { name: input.name } : {}), ...(input.phone ? { phone: input.phone } : {}), matter: input.matter };
  const sealed = await seal(env.PII_KEY, personal);
  const d = dbOf(env);
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newInquiryReference(shanghaiDate(now));
    const accessCode = input.giveCode === 'yes' ? newAccessCode() : undefined;
    const idOf = sql`(select id from inquiries where reference = ${reference})`;
    const event = (e: InquiryEventPlan, actor = registeredBy) => d.insert(inquiryEvents).values({ inquiryId: idOf, at: now, actor, type: e.type, public: eventSpecs[e.type].public, data: JSON.stringify(e.data) });
    try {
      const [inserted] = await d.batch([
        d
          .insert(inquiries)
          .values({
            reference,
            accessHash: accessCode ? await accessHash(reference, accessCode) : null,
            channel: input.channel,
            priority: input.priority,
            limitName,
            firstReceiver: input.firstReceiver,
            registeredBy,
            department: receiver.department,
            outcome: input.outcome,
            outcomeData: JSON.stringify(outcomeData),
            handler,
            handlerDepartment,
            status,
            personal: sealed,
            receivedAt: now,
            dueAt: due.dueAt,
            dueProvisional: due.provisional,
            closedAt: status === 'closed' ? now : null,
          })
          .returning({ id: inquiries.id }),
        event({ type: 'registered', data: { outcome: input.outcome, limit: limitName } }),
        ...(handedOver ? [event({ type: 'handed-over', data: handedOver })] : []),
        ...(status === 'closed' ? [event({ type: 'closed', data: { reply: input.outcome === 'on-the-spot' ? '当场答复' : '已告知承办机关' } })] : []),
      ]);
      log('info', 'inquiry.registered', { reference, channel: input.channel, outcome: input.outcome, limit: limitName });
      return { id: inserted[0].id, reference, accessCode, dueAt: due.dueAt, dueProvisional: due.provisional, status };
    } catch (error) {
      if (isUniqueViolation(error, 'inquiries.reference')) continue; // 30 random bits collided: draw again
      throw error;
    }
  }
  throw new Error('could not draw a free inquiry reference');
}

export async function getInquiry(env: Env, id: number): Promise<InquiryRow | undefined> {
  return dbOf(env).select().from(inquiries).where(eq(inquiries.id, id)).get();
}

export async function eventsOf(env: Env, id: number): Promise<InquiryEventRow[]> {
  return dbOf(env).select().from(inquiryEvents).where(eq(inquiryEvents.inquiryId, id)).orderBy(inquiryEvents.at, inquiryEvents.id).all();
}

export async function personalOf(env: Env, row: InquiryRow): Promise<InquiryPersonal> {
  return open<InquiryPersonal>(env.PII_KEY, row.personal);
}

type Viewer = { role: string; department: string | null; staffId: string | null };

/** Who may see an inquiry: the efficiency office's supervisor, its first receiver, registrant and handler, and their departments. */
export function maySeeInquiry(staff: Viewer, row: Pick<InquiryRow, 'firstReceiver' | 'handler' | 'registeredBy' | 'department' | 'handlerDepartment'>): boolean {
  if (staff.role === 'supervisor') return true;
  if (staff.staffId && [row.firstReceiver, row.handler, row.registeredBy].includes(staff.staffId)) return true;
  return staff.department !== null && (staff.department === row.department || staff.department === row.handlerDepartment);
}

export function stateOf(row: Pick<InquiryRow, 'status' | 'receivedAt' | 'dueAt' | 'limitName'>, now = clockNow()): InquiryDeadlineState {
  return deadlineState(row, inquiryLimits, calendar, catalogue.office.limits.dueSoon, now);
}

export type InquiryView = 'follow-ups' | 'handling' | 'all';

/** The lists: my follow-ups (I am the first receiver), what I handle, or (supervisor) the whole register. Open first, most pressing first. */
export async function listInquiries(env: Env, staff: Viewer, view: InquiryView, now = clockNow()): Promise<(InquiryRow & { state: InquiryDeadlineState })[]> {
  const d = dbOf(env);
  const who = staff.staffId ?? '';
  const where =
    view === 'all' && staff.role === 'supervisor'
      ? undefined
      : view === 'handling'
        ? eq(inquiries.handler, who)
        : view === 'all'
          ? or(eq(inquiries.department, staff.department ?? ''), eq(inquiries.handlerDepartment, staff.department ?? ''))
          : eq(inquiries.firstReceiver, who);
  const rows = await d
    .select()
    .from(inquiries)
    .where(where)
    .orderBy(sql`${inquiries.status} = 'closed'`, inquiries.dueAt, desc(inquiries.id))
    .limit(500)
    .all();
  return rows.map((r) => ({ ...r, state: stateOf(r, now) }));
}

/** An inquiry's event, written only where `where` still holds (see eventWhere in lib/db.ts). */
function eventWhere(d: Db, e: InquiryEventPlan | { type: InquiryEvent; data: SQL }, actor: string, now: number, where: SQL) {
  return eventFor(d, inquiryEvents, { key: 'inquiryId', id: inquiries.id }, e, eventSpecs[e.type].public, now, actor, where);
}

export type ActOutcome = 'done' | 'not-allowed' | 'stale';

/**
 * One action of the registry (schema/inquiry.ts), atomic: the conditional update (version and
 * state) and the events its effect plans are one batch, the events written only when the update
 * took (they select the new version). `input` is what the action's schema parsed.
 */
export async function act(env: Env, row: InquiryRow, action: InquiryAction, input: { version: number; [field: string]: unknown }, actor: string, now = clockNow()): Promise<ActOutcome> {
  const spec = inquiryActions[action];
  if (!spec.states.includes(row.status)) return 'not-allowed';
  if (input.version !== row.version) return 'stale';
  const plan = spec.effect(input, { now });
  const d = dbOf(env);
  const next = row.version + 1;
  const [update] = await d.batch([
    d
      .update(inquiries)
      .set({ version: next, ...plan.set })
      .where(and(eq(inquiries.id, row.id), eq(inquiries.version, row.version), inArray(inquiries.status, [...spec.states])))
      .returning({ id: inquiries.id }),
    ...plan.events.map((e) => eventWhere(d, e, actor, now, and(eq(inquiries.id, row.id), eq(inquiries.version, next))!)),
  ]);
  if (update.length !== 1) return 'stale';
  log('info', 'inquiry.action', { reference: row.reference, action });
  return 'done';
}

/** The daily sweep: an open inquiry past its due instant gets one internal `overdue` event. */
export async function sweepInquiries(env: Env, now = clockNow()): Promise<number> {
  const d = dbOf(env);
  const [marked] = await d.batch([
    d
      .update(inquiries)
      .set({ overdueAt: now })
      .where(and(eq(inquiries.status, 'open'), sql`${inquiries.overdueAt} is null`, sql`${inquiries.dueAt} < ${now}`))
      .returning({ id: inquiries.id }),
    eventWhere(d, { type: 'overdue', data: sql`json_object('dueAt', ${inquiries.dueAt})` }, 'system', now, eq(inquiries.overdueAt, now)),
  ]);
  return marked.length;
}

/** The inquiry behind a reference and query code, or undefined (constant time either way). */
export async function authenticateInquiry(env: Env, reference: string, code: string): Promise<InquiryRow | undefined> {
  const row = await dbOf(env).select().from(inquiries).where(eq(inquiries.reference, reference)).get();
  const ok = await checkAccessCode(reference, code, row?.accessHash ?? undefined);
  return ok ? row : undefined;
}

/** What the person may see: the channel, outcome, status and limit; public events by label; the contact they were given. */
export async function publicViewOf(env: Env, row: InquiryRow, now = clockNow()): Promise<InquiryPublicView> {
  const events = await dbOf(env)
    .select()
    .from(inquiryEvents)
    .where(and(eq(inquiryEvents.inquiryId, row.id), eq(inquiryEvents.public, true)))
    .orderBy(inquiryEvents.at, inquiryEvents.id)
    .all();
  const data = JSON.parse(row.outcomeData) as { contact?: { name: string; phone: string } };
  const personal = await personalOf(env, row);
  return {
    reference: row.reference,
    channel: inquiryChannels.label(row.channel),
    receivedOn: shanghaiDate(row.receivedAt),
    outcome: inquiryOutcomes.label(row.outcome),
    status: inquiryStatuses.label(row.status),
    dueAt: row.dueAt,
    overdue: stateOf(row, now) === 'overdue',
    ...(data.contact ? { contact: { name: data.contact.name, phone: data.contact.phone } } : {}),
    ...(row.complaintReference ? { complaint: row.complaintReference } : {}),
    named: Boolean(personal.name && personal.phone),
    events: events.map((e) => ({ at: e.at, label: eventLabel(eventSpecs, e.type, 'public') })),
  };
}

/** A matter raised at the reception day, as the citizen who booked it sees it: no matter text, no staff internals. */
export interface ReceptionMatter {
  reference: string;
  /** The section it was assigned to (name only). */
  section: string;
  /** The 10-working-day answer deadline, YYYY-MM-DD (Asia/Shanghai). */
  dueBy: string;
  dueProvisional: boolean;
  state: 'answered' | 'overdue' | 'pending';
  answeredOn?: string;
  /** Only the contact the person was already told at the reception (outcome data), never the routed staff otherwise. */
  contact?: { name: string; phone: string };
}

/**
 * The matters raised at the reception day booked as `appointmentReference` (seed 004): each
 * registered as a reception inquiry linked to that booking, with its section, the answer deadline
 * and whether it is answered or overdue. Only that booking's matters: the link is the reference.
 */
export async function receptionMatters(env: Env, appointmentReference: string, now = clockNow()): Promise<ReceptionMatter[]> {
  const rows = await dbOf(env)
    .select()
    .from(inquiries)
    .where(and(eq(inquiries.channel, 'reception'), sql`json_extract(${inquiries.outcomeData}, '$.appointment') = ${appointmentReference}`))
    .orderBy(inquiries.receivedAt, inquiries.id)
    .all();
  return rows.map((row) => {
    const data = JSON.parse(row.outcomeData) as { contact?: { name?: string; phone?: string } };
    const state = row.status === 'closed' ? 'answered' : stateOf(row, now) === 'overdue' ? 'overdue' : 'pending';
    return {
      reference: row.reference,
      section: catalogue.departments.find((d) => d.id === row.handlerDepartment)?.name ?? '',
      dueBy: shanghaiDate(row.dueAt),
      dueProvisional: row.dueProvisional,
      state,
      ...(row.closedAt ? { answeredOn: shanghaiDate(row.closedAt) } : {}),
      ...(data.contact?.name && data.contact.phone ? { contact: { name: data.contact.name, phone: data.contact.phone } } : {}),
    };
  });
}

export type ConvertOutcome = { kind: 'done'; reference: string; accessCode: string } | { kind: 'not-overdue' | 'closed' | 'already' };

/**
 * Turns an overdue, still open inquiry into an efficiency complaint (category 超过时限) in one step:
 * the complaint is written at reception with the inquiry's first receiver recorded, and the link
 * and a `converted` event are written in the same batch. The event is inserted first with an id
 * that is null when the inquiry was converted meanwhile, so a second conversion fails the whole
 * batch (NOT NULL) and never leaves a duplicate complaint.
 */
export async function convertToComplaint(env: Env, row: InquiryRow, now = clockNow()): Promise<ConvertOutcome> {
  if (row.complaintReference) return { kind: 'already' };
  if (row.status === 'closed') return { kind: 'closed' };
  if (stateOf(row, now) !== 'overdue') return { kind: 'not-overdue' };
  const personal = await personalOf(env, row);
  const named = Boolean(personal.name && personal.phone);
  try {
    const drawn = await insertComplaint(
      env,
      {
        department: handlerDepartmentOf(row),
        category: 'overdue',
        occurredOn: shanghaiDate(row.receivedAt),
        description: `首问登记 ${row.reference}（${inquiryChannels.label(row.channel)}，${shanghaiDate(row.receivedAt)}）所问事项：${personal.matter}。办理时限已过，仍未办结。`,
        request: '请督促承办人尽快办结并答复。',
        anonymous: !named,
        ...(named ? { name: personal.name, phone: personal.phone } : {}),
        consent: true,
        identityConsent: false,
      } as Parameters<typeof insertComplaint>[1],
      { channel: 'web', firstReceiver: row.firstReceiver, actor: 'citizen' },
      now,
      async (d) => [
        // The event's inquiry id is null (and the batch fails, writing nothing) once the inquiry has a
        // complaint: of two conversions at once, one wins.
        statementOf(
          env,
          dbOf(env)
            .insert(inquiryEvents)
            .values({
              inquiryId: sql<number>`(select ${inquiries.id} from ${inquiries} where ${inquiries.id} = ${row.id} and ${inquiries.complaintReference} is null)`,
              at: now,
              actor: 'citizen',
              type: 'converted',
              public: eventSpecs.converted.public,
              data: JSON.stringify({ complaint: d.reference }),
            }),
        ),
        statementOf(env, dbOf(env).update(inquiries).set({ complaintReference: d.reference, version: sql`${inquiries.version} + 1` }).where(eq(inquiries.id, row.id))),
      ],
    );
    log('info', 'inquiry.converted', { reference: row.reference, complaint: drawn.reference });
    return { kind: 'done', reference: drawn.reference, accessCode: drawn.accessCode };
  } catch (error) {
    if (String((error as Error).message).includes('NOT NULL constraint failed: inquiry_events.inquiry_id')) return { kind: 'already' };
    throw error;
  }
}

function handlerDepartmentOf(row: InquiryRow): string {
  return row.handlerDepartment;
}

/** Anonymous facts of the inquiries received in `month` (YYYY-MM, Asia/Shanghai), for the monthly figures. */
export async function inquiryFactsOf(env: Env, month: string): Promise<InquiryFacts[]> {
  const start = Date.parse(`${month}-01T00:00:00+08:00`);
  const [y, m] = month.split('-').map(Number);
  const end = Date.parse(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const rows = await dbOf(env)
    .select({ channel: inquiries.channel, outcome: inquiries.outcome, receivedAt: inquiries.receivedAt, dueAt: inquiries.dueAt, closedAt: inquiries.closedAt })
    .from(inquiries)
    .where(and(gte(inquiries.receivedAt, start), lt(inquiries.receivedAt, end)))
    .all();
  return rows.map((r) => ({ channel: r.channel, outcome: r.outcome, receivedAt: r.receivedAt, dueAt: r.dueAt, ...(r.closedAt !== null ? { closedAt: r.closedAt } : {}) }));
}
