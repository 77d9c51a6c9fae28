import { env } from 'cloudflare:workers';
import { bookableDays } from '../../worker/views/appointments/form.tsx';
import { catalogue } from './helpers.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow, setClock } from '../../schema/clock.ts';
import { receptionPlan } from '../../schema/reception.ts';
import { makeCalendar } from '../../schema/workdays.ts';

const calendar = makeCalendar(catalogue.calendar);

/**
 * Ordinary appointments can only be booked on working days of a year whose holiday calendar is on
 * file (schema/appointment.ts). When the run's date (CLOCK_START, see test/dates.ts) leaves no such
 * day in the booking window — 31 December, or any day past the last year on file — the files that
 * book ordinary appointments move the clock back a year at a time to the same instant of a year
 * that is covered. The date comes from the run's date and the calendar, never from the real date;
 * the refusal itself is tested at the run's date ('the form says why when no day can be booked').
 */
export const runStartedAt = clockNow();
if (bookableDays(runStartedAt).days.length === 0) {
  const at = new Date(runStartedAt);
  for (let i = 0; i < 10; i++) {
    at.setUTCFullYear(at.getUTCFullYear() - 1);
    if (bookableDays(at.getTime()).days.length > 0) {
      setClock(at.getTime());
      break;
    }
  }
}

/** The first bookable service whose department offers the default slots, and its department. */
export function bookableService() {
  const service = catalogue.services.find((s) => s.bookable)!;
  const department = catalogue.departments.find((d) => d.id === service.department)!;
  const post = catalogue.posts.find((p) => p.id === service.handlerPost)!;
  return { service, department, post };
}

export function nextWorkingDay(): string {
  return bookableDays().days[0];
}

let phones = 0;
/**
 * A fresh mobile number per call: one phone may hold only a few open appointments and one booking
 * per reception day (issue 17, item 11), so tests that book many times must not share one.
 */
export function freshPhone(): string {
  phones++;
  return `139${String(phones).padStart(8, '0')}`;
}

/** A valid ordinary appointment as JSON. */
export function validAppointment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { service, department } = bookableService();
  return {
    department: department.id,
    service: service.id,
    date: nextWorkingDay(),
    slot: department.slots[0].start,
    matter: '想咨询竣工验收备案需要准备哪些材料，并约时间当面提交。',
    name: '周小红',
    phone: freshPhone(),
    consent: true,
    ...overrides,
  };
}

/**
 * The first reception day still open for booking at `at` (the clock by default), computed from the
 * schedule like the worker does, and its first slot: never a date written into a test.
 */
export function openReceptionDay(at = clockNow()) {
  const today = shanghaiDate(at);
  const day = receptionPlan(catalogue.supervision.reception, calendar, today).days.find((d) => d.date > today)!;
  return { day, slot: day.slots[0] };
}

export function validReception(overrides: Record<string, unknown> = {}, at = clockNow()): Record<string, unknown> {
  const { day, slot } = openReceptionDay(at);
  return { kind: 'reception', date: day.date, slot: slot.start, matter: '小区二次供水设施长期失修，多次反映未解决，想当面向局领导反映。', name: '钱大伟', phone: freshPhone(), consent: true, ...overrides };
}

export async function appointmentCount(_env?: unknown): Promise<number> {
  return (await env.DB.prepare('select count(*) as n from appointments').first<{ n: number }>())!.n;
}

export async function recordAbsence(staffId: string, from: string, to: string) {
  await env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (?, ?, ?, 'leave', 'test', ?)").bind(staffId, from, to, clockNow()).run();
}
