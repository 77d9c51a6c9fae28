/**
 * The JSON API for filing and following complaints: the same schemas and rules as the forms. Each
 * route is declared once (path, request, responses) and the OpenAPI document is generated from it.
 * Errors are RFC 9457 problem documents; a malformed, mistyped or oversized body is a 4xx.
 */
import { createRoute, z, type Hook } from '@hono/zod-openapi';
import type { ExampleKey } from '../openapi-examples.ts';
import type { Context, Input, MiddlewareHandler } from 'hono';
import { complaintFields, created, timeline, trackFields } from '../../schema/complaint.ts';
import { fieldErrors, type FieldError } from '../../schema/common.ts';
import type { AppEnv } from '../env.ts';
import { schemas } from '../lib/catalogue.ts';
import { clientAddress, FILINGS_PER_MINUTE, mayFile } from '../lib/client.ts';
import { apiRouter, bodyErrors, cacheText, created as createdAnswer, credentialErrors, credentialsFirst, credentialsOrFail, errors, fail, failInvalid, idempotencyHeader, idempotencyKey, invalidResponse, jsonBody, jsonRequest, jsonResponse, lookup, privateJson, problemJson, rejectInvalid, unlessDone } from '../lib/openapi.ts';
import { turnstileEnabled, verifyTurnstile } from '../lib/turnstile.ts';
import { afterMessages, type AfterOutcome, authenticate, fileComplaint, rate, requestReview, timelineOf } from '../services/complaints.ts';

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
    if (!result.success) return invalidResponse([...fieldErrors(result.error, complaintFields), ...(await turnstileErrors(c))]);
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

/** Rating and review, once each after conclusion: the same declaration but for path, body and wording. */
const afterRoute = <P extends string, S extends z.ZodType>(path: P, summary: string, description: string, body: S, example: ExampleKey, ok: string, conflict: ReturnType<typeof problemJson>) =>
  createRoute({
    method: 'post',
    path,
    tags: [tag.track],
    summary,
    description,
    middleware: [jsonBody],
    request: { body: jsonRequest(body, example) },
    responses: { 200: jsonResponse(timeline, ok, 'timeline'), ...bodyErrors, ...credentialErrors, 409: conflict },
  });

export const ratingRoute = afterRoute(
  '/rating',
  '评价办理结果（好差评）',
  '办结后可评价一次，五个等级：非常满意、满意、基本满意、不满意、非常不满意。',
  schemas.ratingInput,
  'rating',
  '已记录，返回更新后的办理进度',
  errors[409],
);

export const reviewRoute = afterRoute(
  '/review',
  '申请复核',
  '办结后 30 日内，对结论有异议的可以申请复核一次，须写明理由。',
  schemas.reviewInput,
  'review',
  '已收到，返回更新后的办理进度',
  problemJson('尚未办结、已申请过或已超过期限', 'conflict'),
);

/** After the credentials, the once-only action; the updated timeline, or 409 with why not. */
async function afterConclusion(c: Context<AppEnv>, input: unknown, title: string, act: (row: Awaited<ReturnType<typeof authed>>) => Promise<AfterOutcome>) {
  const row = await authed(c, input);
  unlessDone(await act(row), title, afterMessages);
  return privateJson(c, await timelineOf(c.env, row));
}

export const trackApi = apiRouter()
  .openapi(trackRoute, lookup(authed, timelineOf), rejectInvalid(trackFields))
  .openapi(
    ratingRoute,
    (c) => {
      const input = c.req.valid('json');
      return afterConclusion(c, input, '不能评价', (row) => rate(c.env, row, input.level, input.comment));
    },
    credentialsFirst(authed, trackFields),
  )
  .openapi(
    reviewRoute,
    (c) => {
      const input = c.req.valid('json');
      return afterConclusion(c, input, '不能申请复核', (row) => requestReview(c.env, row, input.reason));
    },
    credentialsFirst(authed, trackFields),
  );
