// Demo appointments for `npm start`: one in every status (requested, contacted, scheduled, done and
// archived, no-show, cancelled), one routed to the B holder because the A holder is recorded away,
// one overdue for contact, one routed to a head-approved stand-in, a phone and a walk-in request
// registered by staff (预约登记本), and reception-day bookings. Each one's progress is a list of steps
// taken through the appointment workflow's registry (`takeAction`: role, state, input, plan), so its
// status, version and events are what the console would have written. Personal data is sealed under the local
// PII_KEY from .dev.vars, as the worker stores it. Access codes and reference suffixes are fixed
// (the YYMM is the month each was made) and printed by the seed, so a visitor can try
// /appointments/track/ at once.
import { appointmentEvents, appointmentWorkflow, type AppointmentAction, type AppointmentEvent, type AppointmentStatus, type RoutedVia } from '../../../schema/appointment.ts';
import { playActions, type PlayedStep } from '../../../schema/workflow.ts';
import type { Role } from '../../../schema/domain.ts';
import { addCalendarDays, deadline, isWorkingDay, shanghaiDate, type WorkCalendar } from '../../../schema/workdays.ts';
import { accessHash, seal } from '../../lib/crypto.ts';
import { devVar, localCatalogue } from './local.ts';
import { datedReference, demoNote, eventData, q } from './sql.ts';
import { demoReceptionBookingAt, demoReceptionBookingReference, demoReceptionBookings } from './reception-bookings.ts';
import { now as clockNow } from '../../../schema/clock.ts';
import { receptionPlan } from '../../../schema/reception.ts';

interface Demo {
  reference: string;
  accessCode: string;
  service: string;
  daysAgo: number;
  status: AppointmentStatus;
  name: string;
  phone: string;
  matter: string;
  /** The A holder is recorded away: the appointment goes to B. */
  aAway?: boolean;
  overdue?: boolean;
  archived?: boolean;
  /** Registered by staff (预约登记本) from a phone call or a walk-in. */
  channel?: 'phone' | 'visit';
  registeredBy?: string;
  /** The A holder is on leave with this head-approved stand-in (seed/inquiries.ts demoStandIn). */
  standIn?: string;
}

export const demoAppointments: Demo[] = [
  { reference: 'YY-2611-DEM101', accessCode: 'DEM0C0DE11', service: 'construction-permit', daysAgo: 0, status: 'requested', name: '示例市民丙', phone: '13800000011', matter: '施工许可申请材料准备好了，想约时间到窗口当面提交并核对。' },
  { reference: 'YY-2611-DEM102', accessCode: 'DEM0C0DE12', service: 'rental-subsidy', daysAgo: 2, status: 'contacted', name: '示例市民丁', phone: '13800000012', matter: '想了解租赁补贴的申请条件，家里有老人行动不便，希望一次说清楚。' },
  { reference: 'YY-2611-DEM103', accessCode: 'DEM0C0DE13', service: 'sales-contract-filing', daysAgo: 3, status: 'scheduled', name: '示例市民戊', phone: '0519-85600111', matter: '商品房网签备案信息有误，需要当面更正。' },
  { reference: 'YY-2611-DEM104', accessCode: 'DEM0C0DE14', service: 'information-disclosure', daysAgo: 9, status: 'done', name: '示例市民己', phone: '13800000014', matter: '想当面咨询政府信息公开申请的写法。', archived: true },
  { reference: 'YY-2611-DEM105', accessCode: 'DEM0C0DE15', service: 'road-occupation', daysAgo: 7, status: 'no-show', name: '示例市民庚', phone: '13800000015', matter: '临时占道施工许可，想约时间咨询需要的材料。' },
  { reference: 'YY-2611-DEM106', accessCode: 'DEM0C0DE16', service: 'fire-acceptance', daysAgo: 4, status: 'cancelled', name: '示例市民辛', phone: '13800000016', matter: '消防验收预约，想确认现场检查的时间。' },
  { reference: 'YY-2611-DEM107', accessCode: 'DEM0C0DE17', service: 'completion-filing', daysAgo: 0, status: 'requested', name: '示例市民壬', phone: '13800000017', matter: '竣工验收备案材料想先请窗口预审一下。', aAway: true },
  { reference: 'YY-2611-DEM109', accessCode: 'DEM0C0DE19', service: 'information-disclosure', daysAgo: 0, status: 'requested', name: '示例市民甲', phone: '13800000019', matter: '来电预约：想当面递交政府信息公开申请。', channel: 'phone', registeredBy: 'li-min', standIn: 'xu-hui' },
  { reference: 'YY-2611-DEM110', accessCode: 'DEM0C0DE10', service: 'rental-subsidy', daysAgo: 1, status: 'contacted', name: '示例市民乙', phone: '13800000010', matter: '来访登记：租赁补贴续期，约时间带材料来办。', channel: 'visit', registeredBy: 'wu-tao' },
  { reference: 'YY-2611-DEM108', accessCode: 'DEM0C0DE18', service: 'public-rental-qualification', daysAgo: 6, status: 'requested', name: '示例市民癸', phone: '13800000018', matter: '公租房资格审核结果想当面咨询。', overdue: true },
];

function nextWorkingDay(calendar: WorkCalendar, from: string): string {
  for (let d = addCalendarDays(from, 1), i = 0; i < 30; i++, d = addCalendarDays(d, 1)) {
    if (calendar.years.has(Number(d.slice(0, 4))) && isWorkingDay(calendar, d)) return d;
  }
  return addCalendarDays(from, 1);
}

/** A demo appointment's reference on the demo of `now` (`reference` as declared above, e.g. 'YY-2611-DEM101'). */
export function demoAppointmentReference(reference: string, now = clockNow()): string {
  const a = demoAppointments.find((x) => x.reference === reference);
  if (!a) throw new Error(`no demo appointment ${reference}`);
  return datedReference(a.reference, now - a.daysAgo * 86_400_000);
}

/** One step of a demo appointment: an action of the registry, who took it and when (staff act as handlers). */
export type Step = Omit<PlayedStep<AppointmentAction, Role>, 'role'>;

/**
 * A demo appointment's steps played through `appointmentWorkflow` from 'requested' (version 1), as
 * actOnAppointment takes them. A citizen's own cancellation (/appointments/track/) writes what the
 * staff action `cancelled` writes.
 */
export function replayAppointment(reference: string, steps: Step[]) {
  const row = { status: 'requested' as AppointmentStatus, archivedAt: null as number | null, version: 1 };
  const events = playActions(appointmentWorkflow.actions, `demo appointment ${reference}`, row, (r) => r.status, steps.map((s) => ({ ...s, role: 'handler' as const })), (at) => ({ now: at }));
  return { ...row, events };
}

/** The actions that lead from 'requested' to a demo's status. */
export const pathTo: Record<AppointmentStatus, AppointmentAction[]> = {
  requested: [],
  contacted: ['contacted'],
  scheduled: ['contacted', 'scheduled'],
  done: ['contacted', 'scheduled', 'done'],
  'no-show': ['contacted', 'scheduled', 'no-show'],
  cancelled: ['cancelled'],
};

export async function demoAppointmentsSql(now = clockNow()): Promise<string[]> {
  const key = devVar('PII_KEY');
  const { catalogue, calendar } = localCatalogue();
  const today = shanghaiDate(now);
  const out: string[] = [];
  // Visibility is the registry's (appointmentEvents, schema/appointment.ts), as when the worker writes.
  const event = (ref: string, at: number, actor: string, type: AppointmentEvent, data: object) =>
    `insert into appointment_events (appointment_id, at, actor, type, public, data) select id, ${at}, ${q(actor)}, ${q(type)}, ${appointmentEvents[type].public ? 1 : 0}, ${q(eventData(appointmentEvents, type, data, ref))} from appointments where reference = ${q(ref)};`;

  for (const a of demoAppointments) {
    const service = catalogue.services.find((s) => s.id === a.service) ?? catalogue.services[0];
    const department = catalogue.departments.find((d) => d.id === service.department)!;
    const post = catalogue.posts.find((p) => p.id === service.handlerPost)!;
    const at = now - a.daysAgo * 86_400_000;
    const reference = demoAppointmentReference(a.reference, now);
    demoNote(`demo appointment ${reference}, access code ${a.accessCode}`);
    const day = shanghaiDate(at);
    let assignee = post.holderA;
    let via: RoutedVia = 'a';
    if (a.aAway) {
      out.push(
        `insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (${q(post.holderA)}, ${q(addCalendarDays(today, -1))}, ${q(addCalendarDays(today, 4))}, 'business-trip', ${q(post.holderA)}, ${now - 86_400_000});`,
      );
      assignee = post.holderB;
      via = 'b';
    }
    if (a.standIn) {
      assignee = a.standIn;
      via = 'stand-in';
    }
    const contactBy = deadline(calendar, day, department.contactLimitDays);
    const date = nextWorkingDay(calendar, day);
    const slot = department.slots[a.daysAgo % department.slots.length];
    const step = (n: number) => at + n * 3_600_000;
    const hours: Partial<Record<AppointmentAction, number>> = { contacted: 2, scheduled: 3, cancelled: 5, done: 30, 'no-show': 30 };
    const steps: Step[] = pathTo[a.status].map((action) => ({
      action,
      at: step(hours[action]!),
      actor: action === 'cancelled' ? 'citizen' : assignee,
      ...(action === 'scheduled' ? { input: { date, time: slot.start, place: '市民服务大楼一楼综合窗口' } } : {}),
    }));
    if (a.archived) steps.push({ action: 'archive', at: now, actor: department.head });
    const played = replayAppointment(reference, steps);
    if (played.status !== a.status) throw new Error(`demo appointment ${reference}: its steps end in ${played.status}, not ${a.status}`);
    // The contact-deadline sweep's mark (not an action: the system writes it) is a version too.
    const version = played.version + (a.overdue ? 1 : 0);
    out.push(
      `insert into appointments (reference, access_hash, kind, department, service, post, assignee, routed_via, date, slot_start, slot_end, status, personal,
        requested_at, contact_by, contact_by_provisional, overdue, archived_at, version, created_at, updated_at, channel, registered_by)
       values (${q(reference)}, ${q(await accessHash(reference, a.accessCode))}, 'ordinary', ${q(department.id)}, ${q(service.id)}, ${q(post.id)}, ${q(assignee)}, ${q(via)},
        ${q(date)}, ${q(slot.start)}, ${q(slot.end)}, ${q(played.status)}, ${q(await seal(key, { name: a.name, phone: a.phone, matter: a.matter }))},
        ${at}, ${q(contactBy.date)}, ${contactBy.provisional ? 1 : 0}, ${a.overdue ? 1 : 0}, ${played.archivedAt ?? 'null'}, ${version}, ${at}, ${at}, ${q(a.channel ?? 'online')}, ${q(a.registeredBy ?? null)});`,
      event(reference, at, a.registeredBy ?? 'citizen', 'requested', { kind: 'ordinary', ...(a.channel ? { channel: a.channel } : {}) }),
      event(reference, at, 'system', 'routed', { post: post.id, assignee, via }),
    );
    if (a.overdue) out.push(event(reference, now - 3_600_000, 'system', 'overdue', { on: today }));
    for (const e of played.events) out.push(event(reference, e.at, e.actor, e.event.type, e.event.data));
  }

  // The next reception day the schedule publishes as of the seed's today (schema/reception.ts).
  const receptionDay = receptionPlan(catalogue.supervision.reception, calendar, today).days.find((d) => d.date > today);
  if (receptionDay) {
    const receiver = catalogue.staff.find((s) => s.id === receptionDay.receiver);
    const department = catalogue.departments.find((d) => d.id === receiver?.department) ?? catalogue.departments[0];
    const post = catalogue.posts.find((p) => p.id === department.defaultPost)!;
    for (const [i, b] of demoReceptionBookings.entries()) {
      const slot = receptionDay.slots[i % receptionDay.slots.length];
      const at = demoReceptionBookingAt(i, now);
      const reference = demoReceptionBookingReference(b.reference, now);
      demoNote(`demo appointment ${reference}, access code ${b.accessCode}`);
      const contactBy = deadline(calendar, shanghaiDate(at), department.contactLimitDays);
      const played = replayAppointment(reference, i === 0 ? [{ action: 'contacted', at: at + 3_600_000, actor: post.holderA }] : []);
      out.push(
        `insert into appointments (reference, access_hash, kind, department, post, assignee, routed_via, date, slot_start, slot_end, status, personal,
          requested_at, contact_by, contact_by_provisional, created_at, updated_at, version)
         values (${q(reference)}, ${q(await accessHash(reference, b.accessCode))}, 'reception', ${q(department.id)}, ${q(post.id)}, ${q(post.holderA)}, 'a',
          ${q(receptionDay.date)}, ${q(slot.start)}, ${q(slot.end)}, ${q(played.status)}, ${q(await seal(key, { name: b.name, phone: b.phone, matter: b.matter }))},
          ${at}, ${q(contactBy.date)}, ${contactBy.provisional ? 1 : 0}, ${at}, ${at}, ${played.version});`,
        event(reference, at, 'citizen', 'requested', { kind: 'reception' }),
        event(reference, at, 'system', 'routed', { post: post.id, assignee: post.holderA, via: 'a' }),
        ...played.events.map((e) => event(reference, e.at, e.actor, e.event.type, e.event.data)),
      );
    }
  }
  return out;
}
