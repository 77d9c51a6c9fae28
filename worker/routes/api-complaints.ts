/**
 * The JSON API for filing and following complaints: the same schemas and rules as the forms. Each
 * route is declared once (path, request, responses) and the OpenAPI document is generated from it.
 * Errors are RFC 9457 problem documents; a malformed, mistyped or oversized body is a 4xx.
 */
import { createRoute, type Hook } from '@hono/zod-openapi';
import type { Context, Input, MiddlewareHandler } from 'hono';
import { created, fieldErrors, timeline, trackFields, type FieldError } from '../../schema/complaint.ts';
import type { AppEnv } from '../env.ts';
import { schemas } from '../lib/catalogue.ts';
import { clientAddress, FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import {
  apiRouter,
  bodyErrors,
  credentialErrors,
  cacheText,
  created as createdAnswer,
  credentialsFirst,
  credentialsOrFail,
  failInvalid,
  errors,
  fail,
  idempotencyHeader,
  idempotencyKey,
  invalidResponse,
  jsonBody,
  jsonRequest,
  jsonResponse,
  problemJson,
  rejectInvalid,
} from '../lib/openapi.ts';
import { turnstileEnabled, verifyTurnstile } from '../lib/turnstile.ts';
import { afterMessages, authenticate, fileComplaint, rate, requestReview, timelineOf } from '../services/complaints.ts';

const tag = { complaints: '效能投诉', track: '进度查询' };

/** Tracking: the complaint behind reference + code, a 429 when the client tried too many wrong codes, or the same 404 for unknown and wrong. */
const authed = (c: Context<AppEnv>, value: unknown) =>
  credentialsOrFail(c, value, { schema: schemas.trackInput, fields: trackFields, authenticate }, ['查不到这件投诉', '受理编号或查询码不正确。请核对后重试；查询码在提交投诉时只显示一次。']);

/** The Turnstile token travels in the body but is not part of the complaint: taken out before validation. */
const TOKEN = 'turnstileToken';
const tokens = new WeakMap<Request, string>();
const takeTurnstileToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const value = JSON.parse(await c.req.text()) as unknown;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && TOKEN in value) {
    const { [TOKEN]: token, ...rest } = value as Record<string, unknown>;
    cacheText(c, JSON.stringify(rest));
    if (typeof token === 'string') tokens.set(c.req.raw, token);
  }
  await next();
};

/** The bot check's error, when it is on and the token does not pass. */
async function turnstileErrors(c: Context<AppEnv>): Promise<FieldError[]> {
  if (!turnstileEnabled(c.env) || (await verifyTurnstile(c.env, tokens.get(c.req.raw), clientAddress(c.req.raw)))) return [];
  return [{ field: TOKEN, message: '人机验证未通过：请提交有效的 Turnstile 令牌' }];
}

/** Every problem at once: the schema's and the bot check's. */
function complaintHook<I extends Input>(): Hook<I, AppEnv, any, any> {
  return async (result, c) => {
    if (!result.success) return invalidResponse([...fieldErrors(result.error), ...(await turnstileErrors(c))]);
  };
}

export const fileRoute = createRoute({
  method: 'post',
  path: '/',
  tags: [tag.complaints],
  summary: '提交效能投诉',
  description:
    '与网页表单 /complaints/new/ 使用同一套校验规则。成功时返回受理编号和查询码（查询码只返回这一次）。同一个 Idempotency-Key 重复提交同样的内容，返回同一件投诉，不会重复登记；同一个键用于不同内容返回 422。开启人机验证时，须在请求体中附 turnstileToken。',
  middleware: [idempotencyKey, jsonBody, takeTurnstileToken],
  request: { headers: idempotencyHeader('次新投诉', '5f0c6b0e-2c1a-4b7e-9a55-0d6f1c2b3a4d'), body: jsonRequest(schemas.complaintInput, 'complaint') },
  responses: {
    201: jsonResponse(created, '已登记', 'created'),
    ...bodyErrors,
    429: problemJson('同一网络提交太频繁（每分钟 10 件）', 'tooMany'),
  },
});

export const complaintsApi = apiRouter().openapi(
  fileRoute,
  async (c) => {
    const tokenErrors = await turnstileErrors(c);
    if (tokenErrors.length > 0) failInvalid(tokenErrors);
    // Only filings that would write count against the limit: corrections after a 422 are free.
    if (!(await mayFile(c.env, c.req.raw))) {
      fail(429, '提交太频繁', `同一网络一分钟内最多提交 ${FILINGS_PER_MINUTE} 件投诉，请稍后再试`, { headers: { 'Retry-After': '60' } });
    }
    const outcome = await fileComplaint(c.env, c.req.valid('json'), c.req.valid('header')['Idempotency-Key']);
    if (outcome.kind === 'key-conflict') {
      failInvalid([{ field: 'Idempotency-Key', message: '这个 Idempotency-Key 已用于内容不同的另一次提交：新的投诉请换一个新的 Idempotency-Key' }]);
    }
    return createdAnswer(c, outcome, '/track/');
  },
  complaintHook(),
);

export const trackRoute = createRoute({
  method: 'post',
  path: '/',
  tags: [tag.track],
  summary: '查询办理进度',
  description: '凭受理编号和查询码查看公开的办理经过、当前期限、联系方式和本人提交的内容。编号不存在和查询码错误返回完全相同的 404；同一网络 15 分钟内查询码错误 10 次后暂停查询。',
  middleware: [jsonBody],
  request: { body: jsonRequest(schemas.trackInput, 'track') },
  responses: { 200: jsonResponse(timeline, '办理进度', 'timeline'), ...bodyErrors, ...credentialErrors },
});

export const ratingRoute = createRoute({
  method: 'post',
  path: '/rating',
  tags: [tag.track],
  summary: '评价办理结果（好差评）',
  description: '办结后可评价一次，五个等级：非常满意、满意、基本满意、不满意、非常不满意。',
  middleware: [jsonBody],
  request: { body: jsonRequest(schemas.ratingInput, 'rating') },
  responses: { 200: jsonResponse(timeline, '已记录，返回更新后的办理进度', 'timeline'), ...bodyErrors, ...credentialErrors, 409: errors[409] },
});

export const reviewRoute = createRoute({
  method: 'post',
  path: '/review',
  tags: [tag.track],
  summary: '申请复核',
  description: '办结后 30 日内，对结论有异议的可以申请复核一次，须写明理由。',
  middleware: [jsonBody],
  request: { body: jsonRequest(schemas.reviewInput, 'review') },
  responses: {
    200: jsonResponse(timeline, '已收到，返回更新后的办理进度', 'timeline'),
    ...bodyErrors,
    ...credentialErrors,
    409: problemJson('尚未办结、已申请过或已超过期限', 'conflict'),
  },
});

export const trackApi = apiRouter()
  .openapi(
    trackRoute,
    async (c) => {
      const row = await authed(c, c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(await timelineOf(c.env, row), 200);
    },
    rejectInvalid(trackFields),
  )
  .openapi(
    ratingRoute,
    async (c) => {
      const input = c.req.valid('json');
      const row = await authed(c, input);
      const outcome = await rate(c.env, row, input.level, input.comment);
      if (outcome !== 'done') fail(409, '不能评价', afterMessages[outcome]);
      c.header('Cache-Control', 'no-store');
      return c.json(await timelineOf(c.env, row), 200);
    },
    credentialsFirst(authed, trackFields),
  )
  .openapi(
    reviewRoute,
    async (c) => {
      const input = c.req.valid('json');
      const row = await authed(c, input);
      const outcome = await requestReview(c.env, row, input.reason);
      if (outcome !== 'done') fail(409, '不能申请复核', afterMessages[outcome]);
      c.header('Cache-Control', 'no-store');
      return c.json(await timelineOf(c.env, row), 200);
    },
    credentialsFirst(authed, trackFields),
  );
