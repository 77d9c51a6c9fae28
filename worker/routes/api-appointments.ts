/**
 * The JSON API for appointments and reception-day bookings: the same schema and rules as the forms.
 * Errors are RFC 9457 problem documents; a full reception slot is 409.
 */
import { Hono, type Context } from 'hono';
import { appointmentFields, appointmentTrackFields } from '../../schema/appointment.ts';
import { fieldErrors, type FieldError } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { readJson } from '../lib/body.ts';
import { FILINGS_PER_MINUTE, mayFile, recordWrongCode, trackBlockedFor } from '../lib/client.ts';
import { problem } from '../lib/problem.ts';
import {
  appointmentSchemasForCatalogue as schemas,
  appointmentViewOf,
  authenticateAppointment,
  bookAppointment,
  cancelByCitizen,
  cancelMessages,
  receptionDays,
} from '../services/appointments.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,100}$/;
const invalid = (c: Context, errors: FieldError[]) => problem(c, 422, '提交的内容有误', '请按 errors 中每一项的说明修改后重新提交', { errors });

async function jsonBody(c: Context) {
  const body = await readJson(c.req.raw);
  if (!body.ok) return { response: problem(c, body.status, body.status === 413 ? '请求内容太大' : body.status === 415 ? '不支持的内容类型' : '请求内容无法解析', body.message) };
  return { value: body.value };
}

async function authed(c: Context<AppEnv>, value: unknown) {
  const now = Date.now();
  const blocked = await trackBlockedFor(c.env, c.req.raw, now);
  if (blocked > 0) {
    return { response: problem(c, 429, '尝试次数太多', `查询码错误次数过多，请 ${Math.ceil(blocked / 60)} 分钟后再试`, { headers: { 'Retry-After': String(blocked) } }) };
  }
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const creds = schemas.trackInput.safeParse(object ? { reference: object.reference, accessCode: object.accessCode } : value);
  if (!creds.success) return { response: invalid(c, fieldErrors(creds.error, appointmentTrackFields)) };
  const row = await authenticateAppointment(c.env, creds.data.reference, creds.data.accessCode);
  if (!row) {
    await recordWrongCode(c.env, c.req.raw, now);
    return { response: problem(c, 404, '查不到这个预约', '预约编号或查询码不正确。请核对后重试；查询码在预约成功时只显示一次。') };
  }
  return { row };
}

export const appointmentsApi = new Hono<AppEnv>()
  .post('/appointments', async (c) => {
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(c, 400, 'Idempotency-Key 格式不对', 'Idempotency-Key 应为 8—100 个可见 ASCII 字符，建议用 UUID');
    }
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const parsed = schemas.appointmentInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, appointmentFields));
    if (!(await mayFile(c.env, c.req.raw))) {
      return problem(c, 429, '提交太频繁', `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 次，请稍后再试`, { headers: { 'Retry-After': '60' } });
    }
    const outcome = await bookAppointment(c.env, parsed.data, key);
    if (outcome.kind === 'full') return problem(c, 409, '这个时段已约满', '局长接待日这个时段的名额已经约满，请选择其他时段；剩余名额见 GET /api/appointments/reception-days');
    if (outcome.kind === 'key-conflict') {
      return invalid(c, [{ field: 'Idempotency-Key', message: '这个 Idempotency-Key 已用于内容不同的另一次提交：新的预约请换一个新的 Idempotency-Key' }]);
    }
    c.header('Cache-Control', 'no-store');
    if (outcome.kind === 'replayed') c.header('Idempotent-Replayed', 'true');
    c.header('Location', '/appointments/track/');
    return c.json(outcome.created, 201);
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
