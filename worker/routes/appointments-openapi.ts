/**
 * The appointments' examples in the OpenAPI document (the routes, worker/routes/api-appointments.ts,
 * name them by key): they pass the same zod schemas the requests are validated with and the responses built from.
 */
import {
  appointmentCreated,
  appointmentView,
  receptionDaysView,
  type AppointmentCreated,
  type AppointmentView,
} from '../../schema/appointment.ts';
import type { Problem } from '../../schema/complaint.ts';
import { addCalendarDays, isWorkingDay, shanghaiDate } from '../../schema/workdays.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';
import { appointmentSchemasForCatalogue as schemas } from '../services/appointments.ts';
import { now as clockNow } from '../../schema/clock.ts';

/** The next working day on file after today, or undefined past the calendar. */
function nextWorkingDay(today: string): string {
  for (let i = 1; i <= 30; i++) {
    const d = addCalendarDays(today, i);
    if (calendar.years.has(Number(d.slice(0, 4))) && isWorkingDay(calendar, d)) return d;
  }
  return addCalendarDays(today, 1);
}

export function appointmentExamples(now = clockNow()) {
  const today = shanghaiDate(now);
  const service = catalogue.services.find((s) => s.bookable) ?? catalogue.services[0];
  const department = catalogue.departments.find((d) => d.id === service?.department) ?? catalogue.departments[0];
  const post = catalogue.posts.find((p) => p.id === (service?.handlerPost ?? department.defaultPost));
  const holder = catalogue.staff.find((s) => s.id === post?.holderA);
  const date = nextWorkingDay(today);
  const slot = department.slots[0] ?? { start: '09:00', end: '10:30' };
  const appointment = {
    department: department.id,
    ...(service ? { service: service.id } : {}),
    date,
    slot: slot.start,
    matter: '想咨询办理需要准备哪些材料，并约时间当面提交。',
    name: '张三',
    phone: '13912345678',
    consent: true,
  };
  const contact = { name: holder?.name ?? '工作人员', post: post?.title ?? '', department: department.name, phone: post?.phone ?? department.phone, via: 'a' as const, viaLabel: 'A 岗' };
  const created: AppointmentCreated = {
    reference: 'YY-2611-7KQ4M9',
    accessCode: '7KQ4M9TXB2',
    kind: 'ordinary',
    status: 'requested',
    date,
    slot: { start: slot.start, end: slot.end },
    contactBy: date,
    contactByProvisional: false,
    contact,
  };
  // The problems this API answers with.
  const full: Problem = { type: 'about:blank', title: '这个时段已约满', status: 409, detail: '局长接待日这个时段的名额已经约满，请选择其他时段；剩余名额见 GET /api/appointments/reception-days' };
  const notFound: Problem = { type: 'about:blank', title: '查不到这个预约', status: 404, detail: '预约编号或查询码不正确。请核对后重试；查询码在预约成功时只显示一次。' };
  const notCancellable: Problem = { type: 'about:blank', title: '不能取消', status: 409, detail: '这个预约已经办理、未到场或已取消，不能再取消；如有疑问请拨打页面上的联系电话' };
  const reference = 'YY-2611-7KQ4M9';
  const track = { reference, accessCode: '7KQ4M-9TXB2' };
  const view: AppointmentView = {
    reference,
    kind: 'ordinary',
    kindLabel: '办事预约',
    status: 'scheduled',
    statusLabel: '已约定时间地点',
    department: { id: department.id, name: department.name },
    ...(service ? { service: { id: service.id, name: service.name } } : {}),
    date,
    slot: { start: slot.start, end: slot.end },
    requestedAt: '2026-11-20T01:30:00.000Z',
    contactBy: date,
    contactByProvisional: false,
    contact,
    events: [
      { at: '2026-11-20T01:30:00.000Z', type: 'requested', label: '已收到预约', data: {} },
      { at: '2026-11-20T06:10:00.000Z', type: 'scheduled', label: '已约定办理时间和地点', data: { date, time: slot.start, place: '市民服务大楼一楼 3 号窗口' } },
    ],
    submitted: { name: '张三', phone: '13912345678', matter: appointment.matter },
    canCancel: true,
  };
  const schedule = catalogue.supervision.reception;
  const receiver = catalogue.staff.find((s) => s.id === schedule.receivers[0]);
  const reception = {
    days: [
      {
        date: '2027-03-03',
        receiver: { name: receiver?.name ?? '', title: receiver?.title ?? '' },
        place: schedule.place,
        bookable: true,
        provisional: false,
        notes: [],
        slots: schedule.slots.map((s, i) => ({ ...s, left: i === 0 ? 0 : s.capacity })),
      },
    ],
  };
  return {
    appointment,
    appointmentCreated: created,
    appointmentTrack: track,
    appointmentCancel: { ...track, reason: '临时出差，改日再约' },
    appointmentView: view,
    appointmentReceptionDays: reception,
    appointmentFull: full,
    appointmentNotFound: notFound,
    appointmentNotCancellable: notCancellable,
  };
}

/** Which schema each appointment example is checked against (the OpenAPI tests use it). */
export const appointmentExampleSchemas = {
  '/api/appointments': { request: schemas.appointmentInput, response: appointmentCreated },
  '/api/appointments/track': { request: schemas.trackInput, response: appointmentView },
  '/api/appointments/cancel': { request: schemas.cancelInput, response: appointmentView },
  '/api/appointments/reception-days': { response: receptionDaysView },
} as const;
