/**
 * The schemas and examples of POST /api/applications/events (kept apart from the route so the
 * examples module can read them without importing the router).
 */
import { z } from '@hono/zod-openapi';
import { now as clockNow } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { catalogue } from '../lib/catalogue.ts';
import { applicationTrackInput, applicationView, type ApplicationView } from '../../schema/application.ts';
import { satisfaction } from '../../schema/domain.ts';

/** POST /api/applications/rating: 办件编号 + 查询码 (as for 办件查询), a level and an optional comment. */
export const applicationRatingRequest = applicationTrackInput
  .extend({
    level: z
      .enum(satisfaction.codes, { error: `请选择评价等级：${satisfaction.codes.join('、')} 之一` })
      .describe('好差评：' + satisfaction.codes.map((c) => `${c}=${satisfaction.label(c)}`).join('，')),
    comment: z
      .string({ error: '意见要写成文字' })
      .trim()
      .max(500, '意见最多 500 个字')
      .refine((v) => v.isWellFormed() && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(v), '意见里有无法显示的控制字符，请删去')
      .optional()
      .describe('评价意见（可选，最多 500 字；只有效能办看得到）'),
  })
  .openapi('ApplicationRatingInput');
export const applicationRatingFields = ['reference', 'accessCode', 'level', 'comment'] as const;

export const applicationRatingResult = z
  .object({
    number: z.string().describe('办件编号'),
    level: z.enum(satisfaction.codes),
    levelLabel: z.string().describe('评价等级的中文'),
    ratedAt: z.string().describe('评价时间（ISO 8601）'),
    followUpBy: z.string().nullable().describe('差评（不满意、非常不满意）的回访整改期限（YYYY-MM-DD，15 个工作日）；其他评价为 null'),
  })
  .openapi('ApplicationRatingResult');

/** At most this many events per request, and this many bytes. */
export const MAX_EVENTS = 500;
export const MAX_BODY_BYTES = 1_048_576;

export const eventBatch = z
  .object({
    events: z
      .array(z.record(z.string(), z.unknown()).openapi({ description: '一个事件：id、application、type、occurredAt、data（见说明）' }))
      .min(1, 'events 至少要有一个事件')
      .max(MAX_EVENTS, `一次最多报送 ${MAX_EVENTS} 个事件，请分批`),
  })
  .openapi('ApplicationEventBatch');

export const eventOutcome = z
  .object({
    id: z.string(),
    status: z.enum(['accepted', 'duplicate', 'refused']),
    application: z.string().optional(),
    late: z.boolean().optional().openapi({ description: '事件发生时间早于已报送的事件，或报送晚于发生一天以上：记为补录' }),
    queryCode: z.string().optional().openapi({ description: '收件事件首次受理时返回的办件查询码（只返回这一次），请告知申请人' }),
    reason: z.string().optional(),
  })
  .openapi('ApplicationEventOutcome');

export const batchOutcome = z
  .object({ accepted: z.number().int(), duplicates: z.number().int(), refused: z.number().int(), results: z.array(eventOutcome) })
  .openapi('ApplicationEventBatchOutcome');

/** Examples relative to the clock's today. */
export function applicationExamples(now = clockNow()) {
  const service = catalogue.services[0];
  const today = shanghaiDate(now);
  const request = {
    events: [
      {
        id: '0f6c8a52-5b7e-4d1a-9f0e-3c2b1a0d9e8f',
        application: 'BJ-2612-000123',
        type: 'received',
        occurredAt: `${addCalendarDays(today, -1)}T09:30:00+08:00`,
        data: { service: service.id, channel: 'window', applicant: { kind: 'organisation', name: '常州某建设有限公司' }, receiver: 'sun-yue' },
      },
      { id: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', application: 'BJ-2612-000123', type: 'accepted', occurredAt: `${addCalendarDays(today, -1)}T10:05:00+08:00`, data: {} },
    ],
  };
  const response = {
    accepted: 1,
    duplicates: 1,
    refused: 0,
    results: [
      { id: '0f6c8a52-5b7e-4d1a-9f0e-3c2b1a0d9e8f', status: 'duplicate' as const, application: 'BJ-2612-000123' },
      { id: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', status: 'accepted' as const, application: 'BJ-2612-000123', late: false },
    ],
  };
  const unsigned = { type: 'about:blank', title: '签名无效', status: 401, detail: '请用该客户端的密钥对“方法\\n路径\\n时间戳\\n请求体”计算 HMAC-SHA256' };
  const replayed = { type: 'about:blank', title: '重复的请求', status: 409, detail: '这个签名已经用过（重放）：重试时请用新的时间戳重新签名' };
  const track = { reference: 'BJ-2612-000123', accessCode: '7KQ4M-9TXB2' };
  const view: ApplicationView = {
    number: 'BJ-2612-000123',
    service: { code: service.code, name: service.name },
    department: catalogue.departments.find((d) => d.id === service.department)?.name ?? service.department,
    status: 'accepted',
    statusLabel: '已受理，办理中',
    receivedOn: addCalendarDays(today, -1),
    acceptBy: addCalendarDays(today, 6),
    dueBy: addCalendarDays(today, 1),
    dueByProvisional: false,
    statutoryBy: addCalendarDays(today, 7),
    stopped: false,
    steps: service.steps.map((s, i) => ({ name: s.name, days: s.days, doneOn: i === 0 ? addCalendarDays(today, -1) : null, dueBy: i === 0 ? null : addCalendarDays(today, 1) })),
    stops: [],
    missingMaterials: [],
    extension: null,
    result: null,
  };
  const rating = { reference: 'BJ-2612-000123', accessCode: '7KQ4M-9TXB2', level: 'dissatisfied' as const, comment: '审核环节等了很久，也没人告诉进度。' };
  const rated = { number: 'BJ-2612-000123', level: 'dissatisfied' as const, levelLabel: '不满意', ratedAt: new Date(now).toISOString(), followUpBy: addCalendarDays(today, 21) };
  return { applicationRating: rating, applicationRatingResult: rated, applicationEvents: request, applicationEventsOutcome: response, applicationUnsigned: unsigned, applicationReplayed: replayed, applicationTrack: track, applicationView: view };
}

/** The request and response schemas the examples must pass (test/worker/openapi.test.ts). */
export const applicationExampleSchemas = {
  '/api/applications/events': { request: eventBatch, response: batchOutcome },
  '/api/applications/track': { request: applicationTrackInput, response: applicationView },
  '/api/applications/rating': { request: applicationRatingRequest, response: applicationRatingResult },
} as const;

