/**
 * The appointments' part of the OpenAPI document (worker/openapi.ts spreads it in): operations and
 * examples that pass the same zod schemas the requests are validated with and the responses built from.
 */
import type { z } from 'zod';
import {
  appointmentCreated,
  appointmentView,
  receptionDaysView,
  type AppointmentCreated,
  type AppointmentView,
} from '../../schema/appointment.ts';
import { problem, type Problem } from '../../schema/complaint.ts';
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
  const track = { reference: 'YY-2611-7KQ4M9', accessCode: '7KQ4M-9TXB2' };
  const view: AppointmentView = {
    reference: 'YY-2611-7KQ4M9',
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
  const full: Problem = { type: 'about:blank', title: '这个时段已约满', status: 409, detail: '局长接待日这个时段的名额已经约满，请选择其他时段；剩余名额见 GET /api/appointments/reception-days' };
  const notFound: Problem = { type: 'about:blank', title: '查不到这个预约', status: 404, detail: '预约编号或查询码不正确。请核对后重试；查询码在预约成功时只显示一次。' };
  const notCancellable: Problem = { type: 'about:blank', title: '不能取消', status: 409, detail: '这个预约已经办理、未到场或已取消，不能再取消；如有疑问请拨打页面上的联系电话' };
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

type Key = keyof ReturnType<typeof appointmentExamples> | 'malformed' | 'tooLarge' | 'mediaType' | 'invalid' | 'tooMany';

interface AppointmentOperation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  description: string;
  tag: string;
  request?: { schema: z.ZodType; example: Key };
  headers?: { name: string; description: string; schema: Record<string, unknown>; example: string }[];
  responses: Record<string, { description: string; schema?: z.ZodType; example?: Key; mediaType?: string }>;
}

const problems = {
  '400': { description: '请求体不是有效的 JSON 或 UTF-8', schema: problem, example: 'malformed' },
  '413': { description: '请求体超过 32 KB', schema: problem, example: 'tooLarge' },
  '415': { description: 'Content-Type 不是 application/json', schema: problem, example: 'mediaType' },
  '422': { description: '内容不符合要求：errors 逐项说明该怎么改', schema: problem, example: 'invalid' },
} as const;

/** Which schema each appointment example is checked against (the OpenAPI tests use it). */
export const appointmentExampleSchemas = {
  '/api/appointments': { request: schemas.appointmentInput, response: appointmentCreated },
  '/api/appointments/track': { request: schemas.trackInput, response: appointmentView },
  '/api/appointments/cancel': { request: schemas.cancelInput, response: appointmentView },
  '/api/appointments/reception-days': { response: receptionDaysView },
} as const;

export const appointmentOperations: AppointmentOperation[] = [
  {
    method: 'post',
    path: '/api/appointments',
    summary: '办事预约 / 局长接待日登记',
    description:
      '与网页表单 /appointments/new/ 和 /appointments/reception/ 使用同一套校验规则。办事预约（kind 不填或为 ordinary）：选部门（可选事项），明天起 30 天内的工作日和该部门公布的时段；放假安排尚未公布的年份暂不能预约。局长接待日（kind = reception）：公布的接待日和时段，接待日前一天截止，名额满了返回 409，绝不超额。成功时返回预约编号、查询码（只返回这一次）、联系期限，以及由谁联系您（A 岗不在岗时为 B 岗，A、B 岗都不在岗时为部门负责人）。同一个 Idempotency-Key 重复提交同样的内容返回同一个预约。',
    tag: '办事预约',
    request: { schema: schemas.appointmentInput, example: 'appointment' },
    headers: [{ name: 'Idempotency-Key', description: '幂等键：8—100 个可见 ASCII 字符，建议每个新预约生成一个 UUID；网络中断后用同一个键重试', schema: { type: 'string', minLength: 8, maxLength: 100 }, example: '9b1f3c2e-7a44-4c1d-8e0f-2d5a6b7c8d9e' }],
    responses: {
      '201': { description: '已登记', schema: appointmentCreated, example: 'appointmentCreated' },
      ...problems,
      '409': { description: '局长接待日该时段名额已满', schema: problem, example: 'appointmentFull' },
      '429': { description: '同一网络提交太频繁', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'get',
    path: '/api/appointments/reception-days',
    summary: '局长接待日和剩余名额',
    description: '公布的局长接待日、接待领导、地点，以及每个时段的名额和剩余名额。',
    tag: '办事预约',
    responses: { '200': { description: '接待日列表', schema: receptionDaysView, example: 'appointmentReceptionDays' } },
  },
  {
    method: 'post',
    path: '/api/appointments/track',
    summary: '查询预约',
    description: '凭预约编号和查询码查看预约的状态、经过、联系人和本人提交的内容。编号不存在和查询码错误返回完全相同的 404；查询码错误次数过多时暂停查询。',
    tag: '办事预约',
    request: { schema: schemas.trackInput, example: 'appointmentTrack' },
    responses: {
      '200': { description: '预约详情', schema: appointmentView, example: 'appointmentView' },
      ...problems,
      '404': { description: '预约编号或查询码不正确', schema: problem, example: 'appointmentNotFound' },
      '429': { description: '查询码错误次数过多', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'post',
    path: '/api/appointments/cancel',
    summary: '取消预约',
    description: '办理之前可以取消；局长接待日的名额随即让给他人。',
    tag: '办事预约',
    request: { schema: schemas.cancelInput, example: 'appointmentCancel' },
    responses: {
      '200': { description: '已取消，返回更新后的预约', schema: appointmentView, example: 'appointmentView' },
      ...problems,
      '404': { description: '预约编号或查询码不正确', schema: problem, example: 'appointmentNotFound' },
      '409': { description: '已办理、未到场或已取消', schema: problem, example: 'appointmentNotCancellable' },
      '429': { description: '查询码错误次数过多', schema: problem, example: 'tooMany' },
    },
  },
];
