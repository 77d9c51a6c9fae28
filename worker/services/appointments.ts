/**
 * Appointments (办事预约) and reception-day bookings (局长接待日): the rules shared by the web forms,
 * the JSON API and the console. Personal data is sealed before it reaches D1; logs carry the
 * reference, kind and department only.
 *
 * No reception slot is ever overbooked: the capacity check and the insert are ONE statement
 * (`insert … select … where (select count(*) …) < capacity`), which SQLite — and so D1, which runs
 * every statement of a database on one thread — executes atomically; `meta.changes` then says
 * whether the place was taken. The event and idempotency rows ride in the same batch (one
 * transaction) and select the new row by reference, so they exist only if the booking does.
 */
import {
  appointmentKinds,
  appointmentSchemas,
  appointmentStatuses,
  appointmentWorkflow,
  closedStatuses,
  routedVia,
  staffChannels,
  transitions,
  type AppointmentAction,
  type AppointmentChannel,
  type AppointmentCreated,
  type AppointmentEventPlan,
  type AppointmentInput,
  type AppointmentKind,
  type AppointmentPersonal,
  type AppointmentStatus,
  type AppointmentView,
  type ReceptionDayView,
  type RoutedVia,
} from '../../schema/appointment.ts';
import { deadline, shanghaiDate, type WorkCalendar } from '../../schema/workdays.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { and, asc, count, eq, gte, inArray, isNull, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { absences, appointmentEvents as appointmentEventsTable, appointmentIdempotencyKeys, appointments } from '../../schema/db/appointments.ts';
import { accessHash, newAccessCode, open, phoneHashes, randomCrockford, seal } from '../lib/crypto.ts';
import { dbOf, eventWhere as eventFor, isUniqueViolation, statementOf, type Db } from '../lib/db.ts';
import { fingerprint, replay as replayKey } from '../lib/idempotency.ts';
import { log } from '../lib/log.ts';
import { matchByCode } from '../lib/tracking.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { receptionMatters } from './inquiries.ts';
import { contactFor, route, situationOn, type Route, type Situation } from './routing.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { receptionDayOn, receptionPlan } from '../../schema/reception.ts';
import { publicFacts } from '../../schema/workflow.ts';

export const appointmentSchemasForCatalogue = appointmentSchemas(catalogue);

/** YY-YYMM-XXXXXX: YY for 预约, the month of the request in Asia/Shanghai, 30 random bits. */
export function newAppointmentReference(shanghaiDay: string): string {
  return `YY-${shanghaiDay.slice(2, 4)}${shanghaiDay.slice(5, 7)}-${randomCrockford(6)}`;
}

export type BookOutcome =
  | { kind: 'created' | 'replayed'; created: AppointmentCreated }
  | { kind: 'key-conflict' }
  | { kind: 'full' }
  | { kind: 'phone-limit'; message: string };

/** Open appointments one phone may hold at once (issue 17, item 11): enough for a family's errands, not a day's places. */
export const OPEN_PER_PHONE = 3;

export const phoneLimitMessages = {
  sameDay: '这个电话号码已经预约了当天的局长接待日，同一接待日每人只能预约一个时段。如需改时段，请先凭预约编号和查询码取消原预约。',
  tooMany: `这个电话号码已有 ${OPEN_PER_PHONE} 个尚未办结的预约，请等其中一个办结或取消后再预约；如有急事，请直接拨打部门电话。`,
} as const;

const replay = (env: Env, key: string, print: string) => replayKey<AppointmentCreated>(env, 'appointments', key, print);

/** The reception day held on `date` (published or past), from the schedule in content/supervision.yaml. */
export function receptionDay(date: string) {
  return receptionDayOn(catalogue.supervision.reception, calendar, date);
}

/** The reception days published as of `now`, the cancelled months and the office's warnings. */
export function receptionPlanAt(now = clockNow()) {
  return receptionPlan(catalogue.supervision.reception, calendar, shanghaiDate(now));
}

/** Where a request goes: the department (for a reception day, the receiver's), then A/B routing. */
export function routeFor(input: Pick<AppointmentInput, 'kind' | 'department' | 'service' | 'date'>, away: Situation): Route {
  if (input.kind === 'reception') {
    const day = receptionDay(input.date);
    const receiver = catalogue.staff.find((s) => s.id === day?.receiver);
    return route(catalogue, { department: receiver?.department ?? catalogue.departments[0].id }, away);
  }
  return route(catalogue, { department: input.department!, service: input.service }, away);
}

function slotOf(input: Pick<AppointmentInput, 'kind' | 'department' | 'date' | 'slot'>) {
  if (input.kind === 'reception') {
    const s = receptionDay(input.date)!.slots.find((x) => x.start === input.slot)!;
    return { start: s.start, end: s.end, capacity: s.capacity };
  }
  const s = catalogue.departments.find((d) => d.id === input.department)!.slots.find((x) => x.start === input.slot)!;
  return { start: s.start, end: s.end, capacity: undefined };
}

function contactView(r: { department: string; post: string; assignee: string; via: RoutedVia }) {
  return { ...contactFor(catalogue, r), via: r.via, viaLabel: routedVia.label(r.via) };
}

/** A phone or walk-in request written down by staff (预约登记本): the channel and who registered it. */
export interface StaffRegistration {
  channel: (typeof staffChannels)[number];
  by: string;
}

/**
 * Books an appointment: validated input in, the confirmation (with the one-time access code) out.
 * Online requests and those staff register (`registered`) take the same path: same routing, same
 * contact deadline, same limits; only the channel and the registering staff member are recorded.
 */
export async function bookAppointment(env: Env, input: AppointmentInput, idempotencyKey: string | undefined, now = clockNow(), registered?: StaffRegistration): Promise<BookOutcome> {
  const print = await fingerprint(input);
  if (idempotencyKey) {
    const previous = await replay(env, idempotencyKey, print);
    if (previous) return previous;
  }
  const today = shanghaiDate(now);
  // Away on the request day or on the appointment day: not the person named (issue 10).
  const r = routeFor(input, await situationOn(env, today, input.date));
  const department = catalogue.departments.find((d) => d.id === r.department)!;
  const contactBy = deadline(calendar, today, department.contactLimitDays);
  const slot = slotOf(input);
  const place = input.kind === 'reception' ? receptionDay(input.date)!.place : undefined;
  const personal: AppointmentPersonal = { name: input.name, phone: input.phone, matter: input.matter };
  const sealed = await seal(env.PII_KEY, personal);
  // The phone's keyed hash under every key of the ring: rows hashed before a rotation still match.
  const hashes = await phoneHashes(env.PHONE_HASH_KEY, input.phone);
  const inHashes = sql`phone_hash in (${sql.join(hashes.map((h) => sql`${h}`), sql`, `)})`;
  const closed = sql.join(closedStatuses.map((st) => sql`${st}`), sql`, `);
  const db = dbOf(env);
  const capacity = slot.capacity ?? null;

  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newAppointmentReference(today);
    const accessCode = newAccessCode();
    const created: AppointmentCreated = {
      reference,
      accessCode,
      kind: input.kind,
      status: 'requested',
      date: input.date,
      slot: { start: slot.start, end: slot.end },
      ...(place ? { place } : {}),
      contactBy: contactBy.date,
      contactByProvisional: contactBy.provisional,
      contact: contactView(r),
    };
    // Every check and the insert in ONE statement, so parallel requests cannot slip past any of them:
    // the phone's open appointments, its booking of the same reception day, and the slot's capacity.
    const insert = statementOf(
      env,
      sql`insert into ${appointments} (reference, access_hash, kind, department, service, post, assignee, routed_via, date, slot_start, slot_end, status,
            personal, requested_at, contact_by, contact_by_provisional, created_at, updated_at, channel, registered_by, phone_hash)
          select ${reference}, ${await accessHash(reference, accessCode)}, ${input.kind}, ${r.department}, ${input.service ?? null}, ${r.post}, ${r.assignee}, ${r.via},
                 ${input.date}, ${slot.start}, ${slot.end}, 'requested', ${sealed}, ${now}, ${contactBy.date}, ${contactBy.provisional ? 1 : 0}, ${now}, ${now},
                 ${registered?.channel ?? 'online'}, ${registered?.by ?? null}, ${hashes[0]}
          where (select count(*) from ${appointments} where ${inHashes} and status not in (${closed})) < ${OPEN_PER_PHONE}
            and (${input.kind} <> 'reception' or not exists (select 1 from ${appointments}
                  where ${inHashes} and kind = 'reception' and date = ${input.date} and status <> 'cancelled'))
            and (${capacity} is null or (select count(*) from ${appointments}
                  where kind = 'reception' and date = ${input.date} and slot_start = ${slot.start} and status <> 'cancelled') < ${capacity})`,
    );
    // The events and the idempotency row select the new appointment by reference: none if it was refused.
    const isNew = eq(appointments.reference, reference);
    const statements = [
      insert,
      statementOf(env, eventWhere(db, now, registered?.by ?? 'citizen', { type: 'requested', data: { kind: input.kind, ...(registered ? { channel: registered.channel } : {}) } }, isNew)),
      statementOf(env, eventWhere(db, now, 'system', { type: 'routed', data: { post: r.post, assignee: r.assignee, via: r.via } }, isNew)),
      ...outboxStatements(env, { type: 'appointment.booked', reference, assignee: r.assignee, contactBy: contactBy.date, notify: { sms: input.notifySms } }, now),
    ];
    if (idempotencyKey) {
      const response = await seal(env.PII_KEY, created);
      statements.push(
        statementOf(
          env,
          db.insert(appointmentIdempotencyKeys).select(
            db
              .select({
                key: sql<string>`${idempotencyKey}`.as('key'),
                fingerprint: sql<string>`${print}`.as('fingerprint'),
                appointmentId: appointments.id,
                response: sql<string>`${response}`.as('response'),
                createdAt: sql<number>`${now}`.as('created_at'),
              })
              .from(appointments)
              .where(isNew),
          ),
        ),
      );
    }
    let results: D1Result[];
    try {
      results = await env.DB.batch(statements);
    } catch (error) {
      if (isUniqueViolation(error, 'appointments.reference')) continue; // 30 random bits collided: draw again
      if (idempotencyKey && isUniqueViolation(error, 'appointment_idempotency_keys.key')) {
        const previous = await replay(env, idempotencyKey, print);
        if (previous) return previous;
      }
      throw error;
    }
    if (results[0].meta.changes !== 1) {
      const why = await refusedBecause(env, hashes, input.kind, input.date);
      if (why) {
        log('info', 'appointment.phone-limit', { kind: input.kind, date: input.date, why });
        return { kind: 'phone-limit', message: phoneLimitMessages[why] };
      }
      log('info', 'appointment.full', { kind: input.kind, date: input.date, slot: slot.start });
      return { kind: 'full' };
    }
    log('info', 'appointment.booked', { reference, kind: input.kind, department: r.department, via: r.via });
    return { kind: 'created', created };
  }
  throw new Error('could not draw a free reference number');
}

/** Which phone rule refused a booking the one statement did not insert, or undefined (the slot was full). */
async function refusedBecause(env: Env, hashes: string[], kind: AppointmentKind, date: string): Promise<keyof typeof phoneLimitMessages | undefined> {
  const db = dbOf(env);
  const a = appointments;
  const [[sameDay], [open]] = await Promise.all([
    db
      .select({ n: count() })
      .from(a)
      .where(and(inArray(a.phoneHash, hashes), eq(a.kind, 'reception'), eq(a.date, date), ne(a.status, 'cancelled'))),
    db
      .select({ n: count() })
      .from(a)
      .where(and(inArray(a.phoneHash, hashes), notInArray(a.status, [...closedStatuses]))),
  ]);
  if (kind === 'reception' && sameDay && sameDay.n > 0) return 'sameDay';
  if (open && open.n >= OPEN_PER_PHONE) return 'tooMany';
  return undefined;
}

/** An appointment as the services, routes and views read it (camelCase, booleans as booleans). */
export type AppointmentRow = typeof appointments.$inferSelect;

/** One entry of an appointment's history. */
export type AppointmentEventRow = Omit<typeof appointmentEventsTable.$inferSelect, 'appointmentId'>;

/** An appointment's event, written only where `where` still holds (see eventWhere in lib/db.ts). */
function eventWhere(db: Db, at: number, actor: string, e: AppointmentEventPlan, where: SQL | undefined) {
  return eventFor(db, appointmentEventsTable, { key: 'appointmentId', id: appointments.id }, e, appointmentWorkflow.events[e.type].public, at, actor, where);
}

/** The same appointment at the version a write in the same batch just made. */
const atVersion = (id: number, version: number) => and(eq(appointments.id, id), eq(appointments.version, version));

/** The appointment behind a reference and access code, or undefined: unknown and wrong look the same. */
export async function authenticateAppointment(env: Env, reference: string, code: string): Promise<AppointmentRow | undefined> {
  const row = await dbOf(env).select().from(appointments).where(eq(appointments.reference, reference)).get();
  return matchByCode(reference, code, row, row?.accessHash);
}

export async function appointmentEvents(env: Env, id: number): Promise<AppointmentEventRow[]> {
  const e = appointmentEventsTable;
  return dbOf(env).select({ id: e.id, at: e.at, actor: e.actor, type: e.type, public: e.public, data: e.data }).from(e).where(eq(e.appointmentId, id)).orderBy(asc(e.at), asc(e.id));
}

/** The id of the appointment `reference`, or undefined. */
export async function appointmentIdOf(env: Env, reference: string): Promise<number | undefined> {
  return (await dbOf(env).select({ id: appointments.id }).from(appointments).where(eq(appointments.reference, reference)).get())?.id;
}

export const cancellable: readonly AppointmentStatus[] = ['requested', 'contacted', 'scheduled'];

export async function appointmentViewOf(env: Env, row: AppointmentRow): Promise<AppointmentView> {
  const events = await appointmentEvents(env, row.id);
  const personal = await open<AppointmentPersonal>(env.PII_KEY, row.personal);
  const service = row.service ? catalogue.services.find((s) => s.id === row.service) : undefined;
  return {
    reference: row.reference,
    kind: row.kind,
    kindLabel: appointmentKinds.label(row.kind),
    status: row.status,
    statusLabel: appointmentStatuses.label(row.status),
    department: { id: row.department, name: departmentName(row.department) },
    ...(service ? { service: { id: service.id, name: service.name } } : {}),
    date: row.date,
    slot: { start: row.slotStart, end: row.slotEnd },
    ...(row.kind === 'reception' && receptionDay(row.date) ? { place: receptionDay(row.date)!.place } : {}),
    requestedAt: new Date(row.requestedAt).toISOString(),
    contactBy: row.contactBy,
    contactByProvisional: row.contactByProvisional,
    contact: contactView({ department: row.department, post: row.post, assignee: row.assignee, via: row.routedVia }),
    events: events.flatMap((e) => {
      const spec = appointmentWorkflow.events[e.type];
      if (!e.public || !spec?.public) return [];
      return [{ at: new Date(e.at).toISOString(), type: e.type, label: spec.publicLabel, data: publicFacts(spec, e.data) }];
    }),
    submitted: { name: personal.name ?? '', phone: personal.phone ?? '', matter: personal.matter ?? '' },
    canCancel: cancellable.includes(row.status),
    ...(row.kind === 'reception' ? { matters: await receptionMatters(env, row.reference) } : {}),
  };
}

export type CancelOutcome = 'done' | 'not-cancellable';

/** The person cancels: allowed until the appointment is done, missed or already cancelled. Frees a reception place. */
export async function cancelByCitizen(env: Env, row: AppointmentRow, reason: string | undefined, now = clockNow()): Promise<CancelOutcome> {
  if (!cancellable.includes(row.status)) return 'not-cancellable';
  const personal = reason ? await seal(env.PII_KEY, { ...(await open<AppointmentPersonal>(env.PII_KEY, row.personal)), cancelReason: reason }) : row.personal;
  const db = dbOf(env);
  const a = appointments;
  const results = await env.DB.batch([
    statementOf(
      env,
      db
        .update(a)
        .set({ status: 'cancelled', personal, version: sql`${a.version} + 1`, updatedAt: now })
        .where(and(eq(a.id, row.id), eq(a.version, row.version), inArray(a.status, [...cancellable]))),
    ),
    statementOf(env, eventWhere(db, now, 'citizen', { type: 'cancelled', data: { by: 'citizen' } }, and(atVersion(row.id, row.version + 1), eq(a.status, 'cancelled')))),
  ]);
  if (results[0].meta.changes !== 1) return 'not-cancellable';
  log('info', 'appointment.cancelled', { reference: row.reference, by: 'citizen' });
  return 'done';
}

export const cancelMessages: Record<Exclude<CancelOutcome, 'done'>, string> = {
  'not-cancellable': '这个预约已经办理、未到场或已取消，不能再取消；如有疑问请拨打页面上的联系电话',
};

/** The published reception days with the places left in each slot. */
export async function receptionDays(env: Env, now = clockNow()): Promise<ReceptionDayView[]> {
  return (await receptionBoard(env, now)).days;
}

/** What the booking page shows: the published days with places left, and the months without one. */
export async function receptionBoard(env: Env, now = clockNow()): Promise<{ days: ReceptionDayView[]; cancelled: { month: string; note: string }[]; warnings: string[] }> {
  const today = shanghaiDate(now);
  const plan = receptionPlanAt(now);
  const a = appointments;
  const results = await dbOf(env)
    .select({ date: a.date, slotStart: a.slotStart, n: count() })
    .from(a)
    .where(and(eq(a.kind, 'reception'), ne(a.status, 'cancelled'), gte(a.date, today)))
    .groupBy(a.date, a.slotStart);
  const taken = new Map(results.map((r) => [`${r.date} ${r.slotStart}`, r.n]));
  const days = plan.days.map((d) => {
    const receiver = catalogue.staff.find((s) => s.id === d.receiver);
    return {
      date: d.date,
      receiver: { name: receiver?.name ?? d.receiver, title: receiver?.title ?? '' },
      place: d.place,
      bookable: d.date > today,
      provisional: d.provisional,
      notes: d.notes,
      slots: d.slots.map((s) => ({ start: s.start, end: s.end, capacity: s.capacity, left: Math.max(0, s.capacity - (taken.get(`${d.date} ${s.start}`) ?? 0)) })),
    };
  });
  return { days, cancelled: plan.cancelled, warnings: plan.warnings };
}

// ---------- the office side ----------

/** What a handler may record next from each status: the registry's progress actions (schema/appointment.ts). */
export { transitions };

export type ProgressOutcome = 'done' | 'not-allowed' | 'stale';

/**
 * One action of the registry (appointmentWorkflow), atomic: the update holds only if nobody changed
 * the appointment since it was read (version and status), and its events, the sealed note and the
 * notification are written in the same batch, only if it held. `input` is what the action's
 * schema accepts (the route has checked the form).
 */
export async function actOnAppointment(
  env: Env,
  row: Pick<AppointmentRow, 'id' | 'reference' | 'status' | 'version' | 'archivedAt'>,
  action: AppointmentAction,
  input: object,
  actor: string,
  now = clockNow(),
): Promise<ProgressOutcome> {
  const spec = appointmentWorkflow.actions[action];
  if (!spec.states.includes(row.status) || (spec.when && !spec.when(row))) return 'not-allowed';
  const plan = spec.effect(spec.input.parse(input), { now });
  const db = dbOf(env);
  const a = appointments;
  const after = atVersion(row.id, row.version + 1);
  const events = plan.events.map((e) => statementOf(env, eventWhere(db, now, actor, e, after)));
  if (plan.note) events.push(statementOf(env, eventWhere(db, now, actor, { type: 'note', data: { text: await seal(env.PII_KEY, plan.note) } }, after)));
  const results = await env.DB.batch([
    statementOf(
      env,
      db
        .update(a)
        .set({ ...plan.set, version: sql`${a.version} + 1`, updatedAt: now })
        .where(and(eq(a.id, row.id), eq(a.version, row.version), eq(a.status, row.status))),
    ),
    ...events,
    ...(plan.notify && plan.set.status ? outboxStatements(env, { type: 'appointment.progress', reference: row.reference, to: plan.set.status, data: plan.notify, id: row.id, version: row.version }, now) : []),
  ]);
  if (results[0].meta.changes !== 1) return 'stale';
  if (plan.set.status) log('info', 'appointment.progress', { reference: row.reference, to: plan.set.status });
  return 'done';
}

/** A handler records progress: the progress action named after the status `to`. */
export async function recordProgress(
  env: Env,
  row: Pick<AppointmentRow, 'id' | 'reference' | 'status' | 'version'> & { archivedAt?: number | null },
  actor: string,
  to: AppointmentStatus,
  data: { date?: string; time?: string; place?: string; note?: string } = {},
  now = clockNow(),
): Promise<ProgressOutcome> {
  if (!(transitions[row.status] as readonly AppointmentStatus[]).includes(to)) return 'not-allowed';
  return actOnAppointment(env, { archivedAt: null, ...row }, to as AppointmentAction, data, actor, now);
}

/** Archives a closed appointment (办事预约制: every appointment is recorded and archived). */
export async function archiveAppointment(env: Env, row: Pick<AppointmentRow, 'id' | 'reference' | 'status' | 'version' | 'archivedAt'>, actor: string, now = clockNow()): Promise<ProgressOutcome> {
  return actOnAppointment(env, row, 'archive', {}, actor, now);
}

/**
 * A contact deadline counted past the calendar on file (weekdays only) is recomputed once the office
 * has entered that year's calendar, with an internal event saying from what to what.
 */
async function recomputeProvisional(env: Env, now: number, cal: WorkCalendar): Promise<void> {
  const db = dbOf(env);
  const a = appointments;
  const results = await db
    .select({ id: a.id, version: a.version, department: a.department, requestedAt: a.requestedAt, contactBy: a.contactBy })
    .from(a)
    .where(and(eq(a.contactByProvisional, true), eq(a.status, 'requested')));
  for (const r of results) {
    const department = catalogue.departments.find((d) => d.id === r.department);
    if (!department) continue;
    const fresh = deadline(cal, shanghaiDate(r.requestedAt), department.contactLimitDays);
    if (fresh.provisional) continue;
    await env.DB.batch([
      statementOf(
        env,
        db
          .update(a)
          .set({ contactBy: fresh.date, contactByProvisional: false, version: sql`${a.version} + 1`, updatedAt: now })
          .where(and(eq(a.id, r.id), eq(a.version, r.version))),
      ),
      statementOf(
        env,
        eventWhere(db, now, 'system', { type: 'deadline-recomputed', data: { from: r.contactBy, to: fresh.date } }, and(atVersion(r.id, r.version + 1), eq(a.contactByProvisional, false))),
      ),
    ]);
  }
}

/**
 * The daily sweep (same cron as cases): an appointment still waiting for its first contact after
 * its contact deadline is marked overdue, once, with an internal event. Returns how many it marked.
 */
export async function sweepAppointments(env: Env, now = clockNow(), cal: WorkCalendar = calendar): Promise<number> {
  const today = shanghaiDate(now);
  await recomputeProvisional(env, now, cal);
  const db = dbOf(env);
  const a = appointments;
  const results = await db
    .select({ id: a.id, version: a.version })
    .from(a)
    .where(and(eq(a.status, 'requested'), eq(a.overdue, false), lt(a.contactBy, today)));
  if (results.length === 0) return 0;
  const statements = results.flatMap((r) => [
    statementOf(
      env,
      db
        .update(a)
        .set({ overdue: true, version: sql`${a.version} + 1`, updatedAt: now })
        .where(and(eq(a.id, r.id), eq(a.version, r.version), eq(a.overdue, false))),
    ),
    statementOf(env, eventWhere(db, now, 'system', { type: 'overdue', data: { on: today } }, and(atVersion(r.id, r.version + 1), eq(a.overdue, true)))),
  ]);
  // D1 batches are capped: slices of whole appointments (update + event), each one transaction.
  let marked = 0;
  for (let i = 0; i < statements.length; i += 80) {
    const out = await env.DB.batch(statements.slice(i, i + 80));
    marked += out.filter((_, j) => j % 2 === 0).reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  }
  log('info', 'appointment.sweep', { marked });
  return marked;
}

// ---------- console queries ----------

/** Who may see and act on an appointment: intake and supervisors all; a handler only their department's. */
export function maySeeAppointment(staff: { role: string; department: string | null }, row: Pick<AppointmentRow, 'department'>): boolean {
  if (staff.role === 'intake' || staff.role === 'supervisor') return true;
  return staff.role === 'handler' && staff.department === row.department;
}

export interface AppointmentFilters {
  /** mine: assigned to the signed-in staff member; open (default): not closed; all. */
  view?: 'mine' | 'open' | 'all';
  department?: string;
  status?: AppointmentStatus;
  kind?: AppointmentKind;
  channel?: AppointmentChannel;
}

export async function listAppointments(env: Env, staff: { role: string; department: string | null; staffId: string | null }, f: AppointmentFilters): Promise<AppointmentRow[]> {
  const a = appointments;
  const where: (SQL | undefined)[] = [isNull(a.archivedAt)];
  if (staff.role === 'handler') where.push(eq(a.department, staff.department ?? ''));
  else if (f.department) where.push(eq(a.department, f.department));
  if (f.view === 'mine') where.push(eq(a.assignee, staff.staffId ?? ''));
  if (f.status) where.push(eq(a.status, f.status));
  else if (f.view !== 'all') where.push(inArray(a.status, ['requested', 'contacted', 'scheduled']));
  if (f.kind) where.push(eq(a.kind, f.kind));
  if (f.channel) where.push(eq(a.channel, f.channel));
  return dbOf(env)
    .select()
    .from(a)
    .where(and(...where))
    .orderBy(sql`case when ${a.status} = 'requested' and ${a.overdue} = 1 then 0 when ${a.status} = 'requested' then 1 else 2 end`, asc(a.contactBy), asc(a.date), asc(a.slotStart), asc(a.id))
    .limit(500);
}

/**
 * The appointment register (预约登记本, 建立档案备查): every appointment requested in `month`
 * (YYYY-MM, Asia/Shanghai), archived ones included, oldest first; a handler sees their department's.
 */
export async function appointmentRegister(env: Env, staff: { role: string; department: string | null }, f: { month: string; channel?: AppointmentChannel; department?: string }): Promise<AppointmentRow[]> {
  const [y, m] = f.month.split('-').map(Number);
  const from = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
  const to = Date.UTC(y, m, 1) - 8 * 3_600_000;
  const a = appointments;
  const where: (SQL | undefined)[] = [gte(a.requestedAt, from), lt(a.requestedAt, to)];
  const department = staff.role === 'handler' ? (staff.department ?? '') : f.department;
  if (department) where.push(eq(a.department, department));
  if (f.channel) where.push(eq(a.channel, f.channel));
  return dbOf(env)
    .select()
    .from(a)
    .where(and(...where))
    .orderBy(asc(a.requestedAt), asc(a.id))
    .limit(2000);
}

export async function getAppointment(env: Env, id: number): Promise<AppointmentRow | undefined> {
  return dbOf(env).select().from(appointments).where(eq(appointments.id, id)).get();
}

/**
 * The history as staff read it: each internal note's sealed text opened (issue 17, item 9: staff saw
 * only "（已加密保存的备注）"). Only the appointment page calls it, for staff who may see the
 * appointment and its personal data; a note erased by retention reads as such.
 */
export async function withNotesOpened(env: Env, history: AppointmentEventRow[]): Promise<AppointmentEventRow[]> {
  return Promise.all(
    history.map(async (e) => {
      if (e.type !== 'note') return e;
      let text = '';
      try {
        const sealed = (JSON.parse(e.data) as { text?: unknown }).text;
        text = typeof sealed !== 'string' ? '' : sealed === '[已删除]' ? '（备注已按保存期限删除）' : await open<string>(env.PII_KEY, sealed);
      } catch {
        text = '（备注无法打开：密钥轮换未完成？请联系系统管理员）';
      }
      return { ...e, data: JSON.stringify({ text }) };
    }),
  );
}

export async function personalOfAppointment(env: Env, row: AppointmentRow): Promise<AppointmentPersonal> {
  return open<AppointmentPersonal>(env.PII_KEY, row.personal);
}

/** A recorded absence (AB岗位制), camelCase as in the drizzle table. */
export type AbsenceRow = typeof absences.$inferSelect;

/** Absences that have not ended yet (and those of the last 30 days, for the record). */
export async function listAbsences(env: Env, now = clockNow()): Promise<AbsenceRow[]> {
  const since = shanghaiDate(now - 30 * 86_400_000);
  return dbOf(env)
    .select()
    .from(absences)
    .where(gte(absences.toDate, since))
    .orderBy(asc(absences.fromDate), asc(absences.id));
}

/** May this staff member record or withdraw an absence of `staffId`? The holder themself, or a supervisor. */
export function mayRecordAbsence(staff: { role: string; staffId: string | null }, staffId: string): boolean {
  return staff.role === 'supervisor' || (staff.staffId !== null && staff.staffId === staffId);
}

export async function recordAbsence(env: Env, input: { staffId: string; fromDate: string; toDate: string; kind: string }, recordedBy: string, now = clockNow()): Promise<void> {
  await dbOf(env)
    .insert(absences)
    .values({ staffId: input.staffId, fromDate: input.fromDate, toDate: input.toDate, kind: input.kind as AbsenceRow['kind'], recordedBy, recordedAt: now })
    .run();
  log('info', 'absence.recorded', { staff: input.staffId, from: input.fromDate, to: input.toDate });
}

export async function withdrawAbsence(env: Env, id: number, now = clockNow()): Promise<boolean> {
  const done = await dbOf(env)
    .update(absences)
    .set({ withdrawnAt: now })
    .where(and(eq(absences.id, id), isNull(absences.withdrawnAt)))
    .returning({ id: absences.id });
  return done.length === 1;
}

export async function receptionBookings(env: Env): Promise<AppointmentRow[]> {
  const a = appointments;
  return dbOf(env).select().from(a).where(eq(a.kind, 'reception')).orderBy(asc(a.date), asc(a.slotStart), asc(a.requestedAt), asc(a.id));
}
