/**
 * The machine API of 电子监察 (issue 12): business systems push application events, signed with
 * their client's secret (worker/services/application-clients.ts). Each event is answered on its
 * own: accepted (with `late` when back-dated), duplicate (the same event id again: nothing
 * changes), or refused with its reason; the rest of the batch lands.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { applicationRatingFields, applicationRatingRequest, applicationRatingResult, batchOutcome, eventBatch, MAX_BODY_BYTES, MAX_EVENTS } from './applications-openapi.ts';
import { satisfaction } from '../../schema/domain.ts';
import { rateApplication, ratingOf } from '../services/application-ratings.ts';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { readText } from '../lib/body.ts';
import { applicationTrackFields, applicationTrackInput, applicationView } from '../../schema/application.ts';
import { apiRouter, bodyErrors, cacheText, credentialErrors, credentialsFirst, credentialsOrFail, errors, fail, jsonBody, jsonRequest, jsonResponse, privateJson, problemJson, rejectInvalid } from '../lib/openapi.ts';
import { publicView } from '../services/application-cards.ts';
import { applicationCredentials } from './applications.tsx';
import { verifyRequest } from '../services/application-clients.ts';
import { recordEvents, type Scope } from '../services/applications.ts';

const signatureHeaders = z.object({
  'X-Client-Id': z.string().openapi({ description: '客户端编号（效能办在后台创建）', example: 'ac-7kq4m9txb2ab' }),
  'X-Timestamp': z.string().openapi({ description: 'Unix 秒；与服务器时间相差不得超过 300 秒', example: '1796000000' }),
  'X-Signature': z.string().openapi({ description: 'HMAC-SHA256(密钥, "POST\\n/api/applications/events\\n" + 时间戳 + "\\n" + 请求体)，64 位小写十六进制', example: 'a3f1…'.padEnd(64, '0').replace('…', '0') }),
});

/** The client each verified request came from (the handler reads it; the request object is the key). */
const verifiedClients = new WeakMap<Request, { clientId: string; scope: Scope }>();

/**
 * Runs before the route's validator: reads the raw body (the signature covers its exact bytes),
 * checks the signature and replay, then leaves the text for the validator.
 */
const signed: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\b/i.test(type)) fail(415, '不支持的内容类型', '请用 Content-Type: application/json');
  const text = await readText(c.req.raw, MAX_BODY_BYTES);
  if (!text.ok) fail(text.status, text.status === 413 ? '请求内容太大' : '请求内容无法解析', text.message);
  const verified = await verifyRequest(c.env, c.var.db, {
    clientId: c.req.header('X-Client-Id'),
    timestamp: c.req.header('X-Timestamp'),
    signature: c.req.header('X-Signature'),
    method: c.req.method,
    path: c.req.path,
    body: text.value,
  });
  if (!verified.ok) fail(verified.status, verified.title, verified.detail);
  try {
    JSON.parse(text.value);
  } catch {
    fail(400, '请求内容无法解析', '请求体不是有效的 JSON');
  }
  cacheText(c, text.value);
  verifiedClients.set(c.req.raw, verified);
  await next();
};

export const eventsRoute = createRoute({
  method: 'post',
  path: '/events',
  tags: ['电子监察'],
  summary: '业务系统报送办件事件',
  description:
    `业务系统把办件的收件、受理、补正、计时暂停与恢复、环节办结、延期、收费、办结等事件报送到这里，用于电子监察。` +
    `请求须签名：X-Client-Id、X-Timestamp（Unix 秒，与服务器相差不超过 300 秒）、X-Signature = HMAC-SHA256(密钥, 方法 + "\\n" + 路径 + "\\n" + 时间戳 + "\\n" + 请求体) 的十六进制；同一签名不能再用（防重放），重试时用新时间戳重新签名。` +
    `每个事件的 id 由业务系统生成，同一 id 再次报送不会重复记录（status = duplicate）。事件可以晚到或乱序：按 occurredAt 放回它发生的位置重新计算时限，并标为补录（late）。` +
    `不合规的事件逐个拒绝并说明原因（status = refused），同批其余事件照常记录。事件类型：received（data: service、channel、applicant（kind、name、idNumber、phone、email）、receiver、notify（申请人选择的办理进展通知渠道：{ email: true, sms: true }，须有相应的邮箱或 11 位手机号）)、accepted、not-accepted（reason、basis）、correction-requested（materials）、stop-started（kind: correction/hearing/testing/expert-review）、stop-ended、step-done（step: 环节序号）、extended（days、reason、approvedBy）、fee-charged（item、amountYuan）、concluded（outcome: approved/refused/withdrawn，reason、basis）。一次最多 ${MAX_EVENTS} 个事件、1 MB。`,
  middleware: [signed],
  request: { headers: signatureHeaders, body: jsonRequest(eventBatch, 'applicationEvents') },
  responses: {
    200: jsonResponse(batchOutcome, '逐个事件的处理结果', 'applicationEventsOutcome'),
    400: errors[400],
    401: problemJson('缺少签名、签名无效、时间戳超出范围或客户端已停用', 'applicationUnsigned'),
    409: problemJson('重放：这个签名已经用过', 'applicationReplayed'),
    413: errors[413],
    415: errors[415],
    422: errors[422],
  },
});

export const trackRoute = createRoute({
  method: 'post',
  path: '/track',
  tags: ['进度查询'],
  summary: '办件查询',
  description: '凭办件编号和查询码查看办件的状态、各环节完成情况和时限、计时暂停、延期及理由、办理结果；不含任何人的个人信息。编号不存在和查询码错误返回完全相同的 404；查询码错误次数过多时暂停查询（429）。',
  middleware: [jsonBody],
  request: { body: jsonRequest(applicationTrackInput, 'applicationTrack') },
  responses: { 200: jsonResponse(applicationView, '办件进度', 'applicationView'), ...bodyErrors, ...credentialErrors },
});

const NOT_FOUND: [string, string] = ['查不到这个办件', '办件编号或查询码不正确。请核对受理通知书后重试。'];
const authedApplication = (c: Parameters<typeof credentialsOrFail>[0], value: unknown) => credentialsOrFail(c, value, applicationCredentials, NOT_FOUND);

export const ratingRoute = createRoute({
  method: 'post',
  path: '/rating',
  tags: ['进度查询'],
  summary: '评价办件（好差评，一事一评）',
  description:
    '办结（准予、不予许可、撤回、不予受理）以后，申请人凭办件编号和查询码评价一次，五个等级。差评（不满意、非常不满意）由办件单位在 15 个工作日内回访整改。' +
    '与办件查询同样的保护：编号不存在和查询码错误返回完全相同的 404，查询码错误次数过多时暂停（429）；尚未办结或已经评价过返回 409。',
  middleware: [jsonBody],
  request: { body: jsonRequest(applicationRatingRequest, 'applicationRating') },
  responses: {
    200: jsonResponse(applicationRatingResult, '已记录的评价', 'applicationRatingResult'),
    ...bodyErrors,
    ...credentialErrors,
    409: problemJson('尚未办结，或这个办件已经评价过（每件只能评价一次）', 'conflict'),
  },
});

export const applicationsApi = apiRouter()
  .openapi(
    trackRoute,
    async (c) => {
      const number = await credentialsOrFail(c, c.req.valid('json'), applicationCredentials, ['查不到这个办件', '办件编号或查询码不正确。请核对受理通知书后重试。']);
      const view = await publicView(c.var.db, number);
      if (!view) fail(404, '查不到这个办件', '办件编号或查询码不正确。请核对受理通知书后重试。');
      return privateJson(c, view);
    },
    rejectInvalid(applicationTrackFields),
  )
  .openapi(
    ratingRoute,
    async (c) => {
      const input = c.req.valid('json');
      const number = await authedApplication(c, input);
      const outcome = await rateApplication(c.env, c.var.db, number, { level: input.level, comment: input.comment || undefined });
      if (outcome === 'not-concluded') fail(409, '尚未办结', '办件办结以后才能评价；办理进度可在办件查询中查看。');
      if (outcome === 'already') fail(409, '已经评价过', '这个办件已经评价过了，每件只能评价一次。');
      const rating = (await ratingOf(c.var.db, number))!;
      return privateJson(c, { number, level: rating.level, levelLabel: satisfaction.label(rating.level), ratedAt: new Date(rating.ratedAt).toISOString(), followUpBy: rating.followUpBy });
    },
    // A bad level or comment with a wrong code answers like a wrong code (404 / 429): no probing.
    credentialsFirst(authedApplication, applicationRatingFields),
  )
  .openapi(eventsRoute, async (c) => {
  const client = verifiedClients.get(c.req.raw)!;
  const results = await recordEvents(c.env, c.var.db, `client:${client.clientId}`, client.scope, c.req.valid('json').events);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return privateJson(c, { accepted: count('accepted'), duplicates: count('duplicate'), refused: count('refused'), results });
});
