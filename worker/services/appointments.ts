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
  appointmentEventLabels,
  appointmentKinds,
  appointmentSchemas,
  appointmentStatuses,
  closedStatuses,
  routedVia,
  staffChannels,
  type AppointmentChannel,
  type AppointmentCreated,
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
import { accessHash, newAccessCode, open, phoneHashes, randomCrockford, seal } from '../lib/crypto.ts';
import { fingerprint, replay as replayKey } from '../lib/idempotency.ts';
import { log } from '../lib/log.ts';
import { recordByCode } from '../lib/tracking.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { receptionMatters } from './inquiries.ts';
import { contactFor, route, situationOn, type Route, type Situation } from './routing.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { receptionDayOn, receptionPlan } from '../../schema/reception.ts';

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
  const inHashes = `phone_hash in (${hashes.map(() => '?').join(', ')})`;
  const closed = closedStatuses.map((st) => `'${st}'`).join(', ');

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
    const values = [
      reference,
      await accessHash(reference, accessCode),
      input.kind,
      r.department,
      input.service ?? null,
      r.post,
      r.assignee,
      r.via,
      input.date,
      slot.start,
      slot.end,
      sealed,
      now,
      contactBy.date,
      contactBy.provisional ? 1 : 0,
      now,
      now,
      registered?.channel ?? 'online',
      registered?.by ?? null,
    ];
    const columns = `reference, access_hash, kind, department, service, post, assignee, routed_via, date, slot_start, slot_end, status,
      personal, requested_at, contact_by, contact_by_provisional, created_at, updated_at, channel, registered_by, phone_hash`;
    // Every check and the insert in ONE statement, so parallel requests cannot slip past any of them:
    // the phone's open appointments, its booking of the same reception day, and the slot's capacity.
    const insert = env.DB.prepare(
      `insert into appointments (${columns})
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?, ?
       where (select count(*) from appointments where ${inHashes} and status not in (${closed})) < ?
         and (? <> 'reception' or not exists (select 1 from appointments
               where ${inHashes} and kind = 'reception' and date = ? and status <> 'cancelled'))
         and (? is null or (select count(*) from appointments
               where kind = 'reception' and date = ? and slot_start = ? and status <> 'cancelled') < ?)`,
    ).bind(...values, hashes[0], ...hashes, OPEN_PER_PHONE, input.kind, ...hashes, input.date, slot.capacity ?? null, input.date, slot.start, slot.capacity ?? null);
    const statements = [
      insert,
      env.DB.prepare(
        `insert into appointment_events (appointment_id, at, actor, type, public, data)
         select id, ?, ?, 'requested', 1, ? from appointments where reference = ?`,
      ).bind(now, registered?.by ?? 'citizen', JSON.stringify({ kind: input.kind, ...(registered ? { channel: registered.channel } : {}) }), reference),
      env.DB.prepare(
        `insert into appointment_events (appointment_id, at, actor, type, public, data)
         select id, ?, 'system', 'routed', 0, ? from appointments where reference = ?`,
      ).bind(now, JSON.stringify({ post: r.post, assignee: r.assignee, via: r.via }), reference),
      ...outboxStatements(env, { type: 'appointment.booked', reference, assignee: r.assignee, contactBy: contactBy.date, notify: { sms: input.notifySms } }, now),
    ];
    if (idempotencyKey) {
      statements.push(
        env.DB.prepare(
          `insert into appointment_idempotency_keys (key, fingerprint, appointment_id, response, created_at)
           select ?, ?, id, ?, ? from appointments where reference = ?`,
        ).bind(idempotencyKey, print, await seal(env.PII_KEY, created), now, reference),
      );
    }
    let results: D1Result[];
    try {
      results = await env.DB.batch(statements);
    } catch (error) {
      const message = String((error as Error).message);
      if (message.includes('appointments.reference')) continue; // 30 random bits collided: draw again
      if (idempotencyKey && message.includes('appointment_idempotency_keys.key')) {
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
  const inHashes = `phone_hash in (${hashes.map(() => '?').join(', ')})`;
  const closed = closedStatuses.map((st) => `'${st}'`).join(', ');
  const row = await env.DB.prepare(
    `select (select count(*) from appointments where ${inHashes} and kind = 'reception' and date = ? and status <> 'cancelled') as same_day,
            (select count(*) from appointments where ${inHashes} and status not in (${closed})) as open`,
  )
    .bind(...hashes, date, ...hashes)
    .first<{ same_day: number; open: number }>();
  if (kind === 'reception' && row && row.same_day > 0) return 'sameDay';
  if (row && row.open >= OPEN_PER_PHONE) return 'tooMany';
  return undefined;
}

export interface AppointmentRow {
  id: number;
  reference: string;
  access_hash: string;
  kind: AppointmentKind;
  department: string;
  service: string | null;
  post: string;
  assignee: string;
  routed_via: RoutedVia;
  date: string;
  slot_start: string;
  slot_end: string;
  status: AppointmentStatus;
  personal: string;
  requested_at: number;
  contact_by: string;
  contact_by_provisional: number;
  overdue: number;
  archived_at: number | null;
  channel: AppointmentChannel;
  registered_by: string | null;
  version: number;
}

export interface AppointmentEventRow {
  id: number;
  at: number;
  actor: string;
  type: string;
  public: number;
  data: string;
}

/** The appointment behind a reference and access code, or undefined: unknown and wrong look the same. */
export function authenticateAppointment(env: Env, reference: string, code: string): Promise<AppointmentRow | undefined> {
  return recordByCode<AppointmentRow>(env, 'appointments', reference, code);
}

export async function appointmentEvents(env: Env, id: number): Promise<AppointmentEventRow[]> {
  const { results } = await env.DB.prepare('select id, at, actor, type, public, data from appointment_events where appointment_id = ? order by at, id').bind(id).all<AppointmentEventRow>();
  return results;
}

/** Only these facts of public events are shown to the person. */
const publicKeys: Record<string, readonly string[]> = {
  requested: [],
  contacted: [],
  scheduled: ['date', 'time', 'place'],
  done: [],
  'no-show': [],
  cancelled: ['by'],
};

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
    slot: { start: row.slot_start, end: row.slot_end },
    ...(row.kind === 'reception' && receptionDay(row.date) ? { place: receptionDay(row.date)!.place } : {}),
    requestedAt: new Date(row.requested_at).toISOString(),
    contactBy: row.contact_by,
    contactByProvisional: row.contact_by_provisional === 1,
    contact: contactView({ department: row.department, post: row.post, assignee: row.assignee, via: row.routed_via }),
    events: events.flatMap((e) => {
      const keys = publicKeys[e.type];
      if (e.public !== 1 || !keys) return [];
      let raw: Record<string, unknown> = {};
      try {
        raw = JSON.parse(e.data) as Record<string, unknown>;
      } catch {
        raw = {};
      }
      const data: Record<string, string> = {};
      for (const k of keys) if (typeof raw[k] === 'string') data[k] = raw[k] as string;
      return [{ at: new Date(e.at).toISOString(), type: e.type, label: appointmentEventLabels[e.type] ?? e.type, data }];
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
  const results = await env.DB.batch([
    env.DB.prepare(
      `update appointments set status = 'cancelled', personal = ?, version = version + 1, updated_at = ?
       where id = ? and version = ? and status in ('requested', 'contacted', 'scheduled')`,
    ).bind(personal, now, row.id, row.version),
    env.DB.prepare(
      `insert into appointment_events (appointment_id, at, actor, type, public, data)
       select id, ?, 'citizen', 'cancelled', 1, ? from appointments where id = ? and version = ? and status = 'cancelled'`,
    ).bind(now, JSON.stringify({ by: 'citizen' }), row.id, row.version + 1),
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
  const { results } = await env.DB.prepare(
    "select date, slot_start, count(*) as n from appointments where kind = 'reception' and status <> 'cancelled' and date >= ? group by date, slot_start",
  )
    .bind(today)
    .all<{ date: string; slot_start: string; n: number }>();
  const taken = new Map(results.map((r) => [`${r.date} ${r.slot_start}`, r.n]));
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

/** What a handler may record next, from each status (办事预约制: contact, agree, handle; or the person cancels). */
export const transitions: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  requested: ['contacted', 'scheduled', 'done', 'cancelled'],
  contacted: ['scheduled', 'done', 'cancelled'],
  scheduled: ['done', 'no-show', 'cancelled'],
  done: [],
  'no-show': [],
  cancelled: [],
};

export type ProgressOutcome = 'done' | 'not-allowed' | 'stale';

/**
 * A handler records progress. Optimistic concurrency: the update holds only if nobody changed the
 * appointment since it was read, and the event is written in the same batch only if it held.
 */
export async function recordProgress(
  env: Env,
  row: Pick<AppointmentRow, 'id' | 'reference' | 'status' | 'version'>,
  actor: string,
  to: AppointmentStatus,
  data: { date?: string; time?: string; place?: string; note?: string } = {},
  now = clockNow(),
): Promise<ProgressOutcome> {
  if (!transitions[row.status].includes(to)) return 'not-allowed';
  const publicData: Record<string, string> = {};
  if (to === 'scheduled') Object.assign(publicData, { date: data.date ?? '', time: data.time ?? '', place: data.place ?? '' });
  if (to === 'cancelled') publicData.by = 'citizen';
  const results = await env.DB.batch([
    env.DB.prepare('update appointments set status = ?, version = version + 1, updated_at = ? where id = ? and version = ? and status = ?').bind(to, now, row.id, row.version, row.status),
    env.DB.prepare(
      `insert into appointment_events (appointment_id, at, actor, type, public, data)
       select id, ?, ?, ?, 1, ? from appointments where id = ? and version = ?`,
    ).bind(now, actor, to, JSON.stringify(publicData), row.id, row.version + 1),
    ...(data.note
      ? [
          env.DB.prepare(
            `insert into appointment_events (appointment_id, at, actor, type, public, data)
             select id, ?, ?, 'note', 0, ? from appointments where id = ? and version = ?`,
          ).bind(now, actor, JSON.stringify({ text: await seal(env.PII_KEY, data.note) }), row.id, row.version + 1),
        ]
      : []),
    ...outboxStatements(env, { type: 'appointment.progress', reference: row.reference, to, data: publicData, id: row.id, version: row.version }, now),
  ]);
  if (results[0].meta.changes !== 1) return 'stale';
  log('info', 'appointment.progress', { reference: row.reference, to });
  return 'done';
}

/** Archives a closed appointment (办事预约制: every appointment is recorded and archived). */
export async function archiveAppointment(env: Env, row: Pick<AppointmentRow, 'id' | 'reference' | 'status' | 'version' | 'archived_at'>, actor: string, now = clockNow()): Promise<ProgressOutcome> {
  if (!closedStatuses.includes(row.status) || row.archived_at !== null) return 'not-allowed';
  const results = await env.DB.batch([
    env.DB.prepare('update appointments set archived_at = ?, version = version + 1, updated_at = ? where id = ? and version = ? and archived_at is null').bind(now, now, row.id, row.version),
    env.DB.prepare(
      `insert into appointment_events (appointment_id, at, actor, type, public, data)
       select id, ?, ?, 'archived', 0, '{}' from appointments where id = ? and version = ?`,
    ).bind(now, actor, row.id, row.version + 1),
  ]);
  return results[0].meta.changes === 1 ? 'done' : 'stale';
}

/**
 * A contact deadline counted past the calendar on file (weekdays only) is recomputed once the office
 * has entered that year's calendar, with an internal event saying from what to what.
 */
async function recomputeProvisional(env: Env, now: number, cal: WorkCalendar): Promise<void> {
  const { results } = await env.DB.prepare("select id, version, department, requested_at, contact_by from appointments where contact_by_provisional = 1 and status = 'requested'").all<{
    id: number;
    version: number;
    department: string;
    requested_at: number;
    contact_by: string;
  }>();
  for (const r of results) {
    const department = catalogue.departments.find((d) => d.id === r.department);
    if (!department) continue;
    const fresh = deadline(cal, shanghaiDate(r.requested_at), department.contactLimitDays);
    if (fresh.provisional) continue;
    await env.DB.batch([
      env.DB.prepare('update appointments set contact_by = ?, contact_by_provisional = 0, version = version + 1, updated_at = ? where id = ? and version = ?').bind(fresh.date, now, r.id, r.version),
      env.DB.prepare(
        `insert into appointment_events (appointment_id, at, actor, type, public, data)
         select id, ?, 'system', 'deadline-recomputed', 0, ? from appointments where id = ? and version = ? and contact_by_provisional = 0`,
      ).bind(now, JSON.stringify({ from: r.contact_by, to: fresh.date }), r.id, r.version + 1),
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
  const { results } = await env.DB.prepare("select id, version from appointments where status = 'requested' and overdue = 0 and contact_by < ?")
    .bind(today)
    .all<{ id: number; version: number }>();
  if (results.length === 0) return 0;
  const statements = results.flatMap((r) => [
    env.DB.prepare('update appointments set overdue = 1, version = version + 1, updated_at = ? where id = ? and version = ? and overdue = 0').bind(now, r.id, r.version),
    env.DB.prepare(
      `insert into appointment_events (appointment_id, at, actor, type, public, data)
       select id, ?, 'system', 'overdue', 0, ? from appointments where id = ? and version = ? and overdue = 1`,
    ).bind(now, JSON.stringify({ on: today }), r.id, r.version + 1),
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
  const where: string[] = ['archived_at is null'];
  const binds: unknown[] = [];
  if (staff.role === 'handler') {
    where.push('department = ?');
    binds.push(staff.department ?? '');
  } else if (f.department) {
    where.push('department = ?');
    binds.push(f.department);
  }
  if (f.view === 'mine') {
    where.push('assignee = ?');
    binds.push(staff.staffId ?? '');
  }
  if (f.status) {
    where.push('status = ?');
    binds.push(f.status);
  } else if (f.view !== 'all') where.push("status in ('requested', 'contacted', 'scheduled')");
  if (f.kind) {
    where.push('kind = ?');
    binds.push(f.kind);
  }
  if (f.channel) {
    where.push('channel = ?');
    binds.push(f.channel);
  }
  const { results } = await env.DB.prepare(
    `select * from appointments where ${where.join(' and ')}
     order by case when status = 'requested' and overdue = 1 then 0 when status = 'requested' then 1 else 2 end, contact_by, date, slot_start, id limit 500`,
  )
    .bind(...binds)
    .all<AppointmentRow>();
  return results;
}

/**
 * The appointment register (预约登记本, 建立档案备查): every appointment requested in `month`
 * (YYYY-MM, Asia/Shanghai), archived ones included, oldest first; a handler sees their department's.
 */
export async function appointmentRegister(env: Env, staff: { role: string; department: string | null }, f: { month: string; channel?: AppointmentChannel; department?: string }): Promise<AppointmentRow[]> {
  const [y, m] = f.month.split('-').map(Number);
  const from = Date.UTC(y, m - 1, 1) - 8 * 3_600_000;
  const to = Date.UTC(y, m, 1) - 8 * 3_600_000;
  const where: string[] = ['requested_at >= ?', 'requested_at < ?'];
  const binds: unknown[] = [from, to];
  const department = staff.role === 'handler' ? (staff.department ?? '') : f.department;
  if (department) {
    where.push('department = ?');
    binds.push(department);
  }
  if (f.channel) {
    where.push('channel = ?');
    binds.push(f.channel);
  }
  const { results } = await env.DB.prepare(`select * from appointments where ${where.join(' and ')} order by requested_at, id limit 2000`)
    .bind(...binds)
    .all<AppointmentRow>();
  return results;
}

export async function getAppointment(env: Env, id: number): Promise<AppointmentRow | undefined> {
  return (await env.DB.prepare('select * from appointments where id = ?').bind(id).first<AppointmentRow>()) ?? undefined;
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

export interface AbsenceRow {
  id: number;
  staff_id: string;
  from_date: string;
  to_date: string;
  kind: string;
  recorded_by: string;
  recorded_at: number;
  withdrawn_at: number | null;
}

/** Absences that have not ended yet (and those of the last 30 days, for the record). */
export async function listAbsences(env: Env, now = clockNow()): Promise<AbsenceRow[]> {
  const since = shanghaiDate(now - 30 * 86_400_000);
  const { results } = await env.DB.prepare('select * from absences where to_date >= ? order by from_date, id').bind(since).all<AbsenceRow>();
  return results;
}

/** May this staff member record or withdraw an absence of `staffId`? The holder themself, or a supervisor. */
export function mayRecordAbsence(staff: { role: string; staffId: string | null }, staffId: string): boolean {
  return staff.role === 'supervisor' || (staff.staffId !== null && staff.staffId === staffId);
}

export async function recordAbsence(env: Env, input: { staffId: string; fromDate: string; toDate: string; kind: string }, recordedBy: string, now = clockNow()): Promise<void> {
  await env.DB.prepare('insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?)')
    .bind(input.staffId, input.fromDate, input.toDate, input.kind, recordedBy, now)
    .run();
  log('info', 'absence.recorded', { staff: input.staffId, from: input.fromDate, to: input.toDate });
}

export async function withdrawAbsence(env: Env, id: number, now = clockNow()): Promise<boolean> {
  const r = await env.DB.prepare('update absences set withdrawn_at = ? where id = ? and withdrawn_at is null').bind(now, id).run();
  return (r.meta.changes ?? 0) === 1;
}

export async function receptionBookings(env: Env): Promise<AppointmentRow[]> {
  const { results } = await env.DB.prepare("select * from appointments where kind = 'reception' order by date, slot_start, requested_at, id").all<AppointmentRow>();
  return results;
}
