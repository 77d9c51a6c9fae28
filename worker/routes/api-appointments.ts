/**
 * The JSON API for appointments and reception-day bookings: the same schema and rules as the forms.
 * Each route is declared once (path, request, responses); the OpenAPI document is generated from it.
 * Errors are RFC 9457 problem documents; a full reception slot is 409.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { appointmentCreated, appointmentFields, appointmentTrackFields, appointmentView, receptionDaysView } from '../../schema/appointment.ts';
import type { AppEnv } from '../env.ts';
import { FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { apiRouter, bodyErrors, created as createdAnswer, credentialErrors, credentialsFirst, credentialsOrFail, fail, failInvalid, idempotencyHeader, idempotencyKey, jsonBody, jsonRequest, jsonResponse, lookup, privateJson, problemJson, readRoute, rejectInvalid, unlessDone } from '../lib/openapi.ts';
import { appointmentSchemasForCatalogue as schemas, appointmentViewOf, authenticateAppointment, bookAppointment, cancelByCitizen, cancelMessages, receptionDays } from '../services/appointments.ts';

const tags = ['办事预约'];
const notFound = { 404: problemJson('预约编号或查询码不正确', 'appointmentNotFound') };

const authed = (c: Context<AppEnv>, value: unknown) =>
  credentialsOrFail(c, value, { schema: schemas.trackInput, fields: appointmentTrackFields, authenticate: authenticateAppointment }, [
    '查不到这个预约',
    '预约编号或查询码不正确。请核对后重试；查询码在预约成功时只显示一次。',
  ]);

export const bookRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: '办事预约 / 局长接待日登记',
  description:
    '与网页表单 /appointments/new/ 和 /appointments/reception/ 使用同一套校验规则。办事预约（kind 不填或为 ordinary）：选部门（可选事项），明天起 30 天内的工作日和该部门公布的时段；放假安排尚未公布的年份暂不能预约。局长接待日（kind = reception）：公布的接待日和时段，接待日前一天截止，名额满了返回 409，绝不超额。成功时返回预约编号、查询码（只返回这一次）、联系期限，以及由谁联系您（A 岗不在岗时为 B 岗，A、B 岗都不在岗时为部门负责人）。同一个 Idempotency-Key 重复提交同样的内容返回同一个预约。',
  middleware: [idempotencyKey, jsonBody],
  request: { headers: idempotencyHeader('个新预约', '9b1f3c2e-7a44-4c1d-8e0f-2d5a6b7c8d9e'), body: jsonRequest(schemas.appointmentInput, 'appointment') },
  responses: {
    201: jsonResponse(appointmentCreated, '已登记', 'appointmentCreated'),
    ...bodyErrors,
    409: problemJson('局长接待日该时段名额已满，或这个电话号码已约过这个接待日、未办结的预约已达上限', 'appointmentFull'),
    429: problemJson('同一网络提交太频繁', 'tooMany'),
  },
});

export const receptionDaysRoute = readRoute(
  { path: '/reception-days', tags, summary: '局长接待日和剩余名额', description: '公布的局长接待日、接待领导、地点，以及每个时段的名额和剩余名额。' },
  jsonResponse(receptionDaysView, '接待日列表', 'appointmentReceptionDays'),
);

export const trackRoute = createRoute({
  method: 'post',
  path: '/track',
  tags,
  summary: '查询预约',
  description: '凭预约编号和查询码查看预约的状态、经过、联系人和本人提交的内容。编号不存在和查询码错误返回完全相同的 404；查询码错误次数过多时暂停查询。',
  middleware: [jsonBody],
  request: { body: jsonRequest(schemas.trackInput, 'appointmentTrack') },
  responses: { 200: jsonResponse(appointmentView, '预约详情', 'appointmentView'), ...bodyErrors, ...credentialErrors, ...notFound },
});

export const cancelRoute = createRoute({
  method: 'post',
  path: '/cancel',
  tags,
  summary: '取消预约',
  description: '办理之前可以取消；局长接待日的名额随即让给他人。',
  middleware: [jsonBody],
  request: { body: jsonRequest(schemas.cancelInput, 'appointmentCancel') },
  responses: {
    200: jsonResponse(appointmentView, '已取消，返回更新后的预约', 'appointmentView'),
    ...bodyErrors,
    ...credentialErrors,
    ...notFound,
    409: problemJson('已办理、未到场或已取消', 'appointmentNotCancellable'),
  },
});

export const appointmentsApi = apiRouter()
  .openapi(
    bookRoute,
    async (c) => {
      if (!(await mayFile(c.env, c.req.raw))) {
        fail(429, '提交太频繁', `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 次，请稍后再试`, { headers: { 'Retry-After': '60' } });
      }
      const outcome = await bookAppointment(c.env, c.req.valid('json'), c.req.valid('header')['Idempotency-Key']);
      if (outcome.kind === 'full') fail(409, '这个时段已约满', '局长接待日这个时段的名额已经约满，请选择其他时段；剩余名额见 GET /api/appointments/reception-days');
      if (outcome.kind === 'phone-limit') fail(409, '这个电话号码不能再预约', outcome.message);
      if (outcome.kind === 'key-conflict') {
        failInvalid([{ field: 'Idempotency-Key', message: '这个 Idempotency-Key 已用于内容不同的另一次提交：新的预约请换一个新的 Idempotency-Key' }]);
      }
      return createdAnswer(c, outcome, '/appointments/track/');
    },
    rejectInvalid(appointmentFields),
  )
  .openapi(receptionDaysRoute, async (c) => privateJson(c, { days: await receptionDays(c.env) }))
  .openapi(trackRoute, lookup(authed, appointmentViewOf), rejectInvalid(appointmentTrackFields))
  .openapi(
    cancelRoute,
    async (c) => {
      const input = c.req.valid('json');
      const row = await authed(c, input);
      unlessDone(await cancelByCitizen(c.env, row, input.reason), '不能取消', cancelMessages);
      const fresh = (await authenticateAppointment(c.env, input.reference, input.accessCode)) ?? row;
      return privateJson(c, await appointmentViewOf(c.env, fresh));
    },
    credentialsFirst(authed, appointmentTrackFields),
  );
