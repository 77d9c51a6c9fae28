/**
 * The JSON API for appointments and reception-day bookings: the same schema and rules as the forms.
 * Errors are RFC 9457 problem documents; a full reception slot is 409.
 */
import { Hono, type Context } from 'hono';
import { appointmentFields, appointmentTrackFields } from '../../schema/appointment.ts';
import { fieldErrors } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { problem } from '../lib/problem.ts';
import { apiCredentials, createdResponse, idempotencyKeyHeader, invalid, jsonBody } from '../lib/requests.ts';
import {
  appointmentSchemasForCatalogue as schemas,
  appointmentViewOf,
  authenticateAppointment,
  bookAppointment,
  cancelByCitizen,
  cancelMessages,
  receptionDays,
} from '../services/appointments.ts';

const credentials = { schema: schemas.trackInput, fields: appointmentTrackFields, authenticate: authenticateAppointment };

const authed = (c: Context<AppEnv>, value: unknown) =>
  apiCredentials(c, value, credentials, ['查不到这个预约', '预约编号或查询码不正确。请核对后重试；查询码在预约成功时只显示一次。']);

export const appointmentsApi = new Hono<AppEnv>()
  .post('/appointments', async (c) => {
    const header = idempotencyKeyHeader(c);
    if (header.response) return header.response;
    const key = header.key;
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const parsed = schemas.appointmentInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, appointmentFields));
    if (!(await mayFile(c.env, c.req.raw))) {
      return problem(c, 429, '提交太频繁', `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 次，请稍后再试`, { headers: { 'Retry-After': '60' } });
    }
    const outcome = await bookAppointment(c.env, parsed.data, key);
    if (outcome.kind === 'full') return problem(c, 409, '这个时段已约满', '局长接待日这个时段的名额已经约满，请选择其他时段；剩余名额见 GET /api/appointments/reception-days');
    if (outcome.kind === 'phone-limit') return problem(c, 409, '这个电话号码不能再预约', outcome.message);
    if (outcome.kind === 'key-conflict') {
      return invalid(c, [{ field: 'Idempotency-Key', message: '这个 Idempotency-Key 已用于内容不同的另一次提交：新的预约请换一个新的 Idempotency-Key' }]);
    }
    return createdResponse(c, outcome, '/appointments/track/');
  })
  .get('/appointments/reception-days', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ days: await receptionDays(c.env) }, 200);
  })
  .post('/appointments/track', async (c) => {
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const parsed = schemas.trackInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, appointmentTrackFields));
    const auth = await authed(c, parsed.data);
    if (auth.response) return auth.response;
    c.header('Cache-Control', 'no-store');
    return c.json(await appointmentViewOf(c.env, auth.row), 200);
  })
  .post('/appointments/cancel', async (c) => {
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const auth = await authed(c, body.value);
    if (auth.response) return auth.response;
    const parsed = schemas.cancelInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, appointmentTrackFields));
    const outcome = await cancelByCitizen(c.env, auth.row, parsed.data.reason);
    if (outcome !== 'done') return problem(c, 409, '不能取消', cancelMessages[outcome]);
    const fresh = (await authenticateAppointment(c.env, parsed.data.reference, parsed.data.accessCode)) ?? auth.row;
    c.header('Cache-Control', 'no-store');
    return c.json(await appointmentViewOf(c.env, fresh), 200);
  });
