/**
 * The JSON API for filing and following complaints: the same schemas and rules as the forms.
 * Errors are RFC 9457 problem documents; a malformed, mistyped or oversized body is a 4xx.
 */
import { Hono, type Context } from 'hono';
import { fieldErrors, trackFields, type FieldError } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { readJson } from '../lib/body.ts';
import { schemas } from '../lib/catalogue.ts';
import { clientAddress, FILINGS_PER_MINUTE, mayFile, recordWrongCode, trackBlockedFor } from '../lib/client.ts';
import { problem } from '../lib/problem.ts';
import { turnstileEnabled, verifyTurnstile } from '../lib/turnstile.ts';
import { afterMessages, authenticate, fileComplaint, rate, requestReview, timelineOf } from '../services/complaints.ts';
import { IDEMPOTENCY_KEY } from './complaints.tsx';

const invalid = (c: Context, errors: FieldError[]) => problem(c, 422, '提交的内容有误', '请按 errors 中每一项的说明修改后重新提交', { errors });

async function jsonBody(c: Context) {
  const body = await readJson(c.req.raw);
  if (!body.ok) return { response: problem(c, body.status, body.status === 413 ? '请求内容太大' : body.status === 415 ? '不支持的内容类型' : '请求内容无法解析', body.message) };
  return { value: body.value };
}

/** Tracking: the complaint behind reference + code, a 429 when the client tried too many wrong codes, or the same 404 for unknown and wrong. */
async function authed(c: Context<AppEnv>, value: unknown) {
  const now = Date.now();
  const blocked = await trackBlockedFor(c.env, c.req.raw, now);
  if (blocked > 0) {
    return { response: problem(c, 429, '尝试次数太多', `查询码错误次数过多，请 ${Math.ceil(blocked / 60)} 分钟后再试`, { headers: { 'Retry-After': String(blocked) } }) };
  }
  const creds = schemas.trackInput.safeParse(typeof value === 'object' && value !== null && !Array.isArray(value) ? { reference: (value as Record<string, unknown>).reference, accessCode: (value as Record<string, unknown>).accessCode } : value);
  if (!creds.success) return { response: invalid(c, fieldErrors(creds.error, trackFields)) };
  const row = await authenticate(c.env, creds.data.reference, creds.data.accessCode);
  if (!row) {
    await recordWrongCode(c.env, c.req.raw, now);
    return { response: problem(c, 404, '查不到这件投诉', '受理编号或查询码不正确。请核对后重试；查询码在提交投诉时只显示一次。') };
  }
  return { row };
}

export const complaintsApi = new Hono<AppEnv>()
  .post('/complaints', async (c) => {
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return problem(c, 400, 'Idempotency-Key 格式不对', 'Idempotency-Key 应为 8—100 个可见 ASCII 字符，建议用 UUID');
    }
    const body = await jsonBody(c);
    if (body.response) return body.response;
    let value = body.value;
    let token: unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'turnstileToken' in value) {
      const { turnstileToken, ...rest } = value as Record<string, unknown>;
      token = turnstileToken;
      value = rest;
    }
    const parsed = schemas.complaintInput.safeParse(value);
    const errors = parsed.success ? [] : fieldErrors(parsed.error);
    if (turnstileEnabled(c.env) && !(await verifyTurnstile(c.env, typeof token === 'string' ? token : undefined, clientAddress(c.req.raw)))) {
      errors.push({ field: 'turnstileToken', message: '人机验证未通过：请提交有效的 Turnstile 令牌' });
    }
    if (!parsed.success || errors.length > 0) return invalid(c, errors);
    // Only filings that would write count against the limit: corrections after a 422 are free.
    if (!(await mayFile(c.env, c.req.raw))) {
      return problem(c, 429, '提交太频繁', `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 件投诉，请稍后再试`, { headers: { 'Retry-After': '60' } });
    }
    const outcome = await fileComplaint(c.env, parsed.data, key);
    if (outcome.kind === 'key-conflict') {
      return invalid(c, [{ field: 'Idempotency-Key', message: '这个 Idempotency-Key 已用于内容不同的另一次提交：新的投诉请换一个新的 Idempotency-Key' }]);
    }
    c.header('Cache-Control', 'no-store');
    if (outcome.kind === 'replayed') c.header('Idempotent-Replayed', 'true');
    c.header('Location', '/track/');
    return c.json(outcome.created, 201);
  })
  .post('/track', async (c) => {
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const parsed = schemas.trackInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, trackFields));
    const auth = await authed(c, parsed.data);
    if (auth.response) return auth.response;
    c.header('Cache-Control', 'no-store');
    return c.json(await timelineOf(c.env, auth.row), 200);
  })
  .post('/track/rating', async (c) => {
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const auth = await authed(c, body.value);
    if (auth.response) return auth.response;
    const parsed = schemas.ratingInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, trackFields));
    const outcome = await rate(c.env, auth.row, parsed.data.level, parsed.data.comment);
    if (outcome !== 'done') return problem(c, 409, '不能评价', afterMessages[outcome]);
    c.header('Cache-Control', 'no-store');
    return c.json(await timelineOf(c.env, auth.row), 200);
  })
  .post('/track/review', async (c) => {
    const body = await jsonBody(c);
    if (body.response) return body.response;
    const auth = await authed(c, body.value);
    if (auth.response) return auth.response;
    const parsed = schemas.reviewInput.safeParse(body.value);
    if (!parsed.success) return invalid(c, fieldErrors(parsed.error, trackFields));
    const outcome = await requestReview(c.env, auth.row, parsed.data.reason);
    if (outcome !== 'done') return problem(c, 409, '不能申请复核', afterMessages[outcome]);
    c.header('Cache-Control', 'no-store');
    return c.json(await timelineOf(c.env, auth.row), 200);
  });
