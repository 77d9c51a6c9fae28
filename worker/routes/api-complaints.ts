/**
 * The JSON API for filing and following complaints: the same schemas and rules as the forms.
 * Errors are RFC 9457 problem documents; a malformed, mistyped or oversized body is a 4xx.
 */
import { Hono, type Context } from 'hono';
import { fieldErrors, trackFields } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { schemas } from '../lib/catalogue.ts';
import { clientAddress, FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { problem } from '../lib/problem.ts';
import { apiCredentials, createdResponse, idempotencyKeyHeader, invalid, jsonBody } from '../lib/requests.ts';
import { turnstileEnabled, verifyTurnstile } from '../lib/turnstile.ts';
import { afterMessages, authenticate, fileComplaint, rate, requestReview, timelineOf } from '../services/complaints.ts';

const credentials = { schema: schemas.trackInput, fields: trackFields, authenticate };

/** Tracking: the complaint behind reference + code, a 429 when the client tried too many wrong codes, or the same 404 for unknown and wrong. */
const authed = (c: Context<AppEnv>, value: unknown) =>
  apiCredentials(c, value, credentials, ['查不到这件投诉', '受理编号或查询码不正确。请核对后重试；查询码在提交投诉时只显示一次。']);

export const complaintsApi = new Hono<AppEnv>()
  .post('/complaints', async (c) => {
    const header = idempotencyKeyHeader(c);
    if (header.response) return header.response;
    const key = header.key;
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
    return createdResponse(c, outcome, '/track/');
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
