/**
 * The OpenAPI 3.1 document of the public API, generated from the same zod schemas that validate the
 * requests (zod 4's native JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses). Nothing here
 * restates a field: descriptions, enums and limits come from the schemas. Every request and
 * response carries an `example`, which the tests parse with those same schemas.
 * Later endpoints (appointments, bulletins) add their operations to `operations`.
 */
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };
import { created, problem, timeline, type Created, type Problem, type Timeline } from '../schema/complaint.ts';
import { addCalendarDays, shanghaiDate } from '../schema/workdays.ts';
import { catalogue, schemas } from './lib/catalogue.ts';
import { appointmentExamples, appointmentOperations } from './routes/appointments-openapi.ts';
import { bulletinExamples, bulletinOperations } from './routes/bulletins-openapi.ts';
import { now as clockNow } from '../schema/clock.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export const health = z.object({
  status: z.enum(['ok', 'degraded']).describe('ok：服务正常；degraded：数据库不可用'),
  version: z.string().describe('程序版本'),
  db: z.enum(['ok', 'unavailable']),
});

/** Examples that the schemas accept (a test proves it). Dates are relative to today, so they stay valid. */
export function examples(now = clockNow()) {
  const service = catalogue.services[0];
  const department = service ? service.department : catalogue.departments[0].id;
  const post = catalogue.posts.find((p) => p.department === department);
  const today = shanghaiDate(now);
  const complaint = {
    department,
    ...(service ? { service: service.id } : {}),
    ...(post ? { post: post.id } : {}),
    category: 'not-told-at-once',
    occurredOn: addCalendarDays(today, -3),
    description: '上周二上午到窗口办理施工许可，材料被退回三次，每次只说缺一样，没有一次性告知需要补齐的全部材料。',
    request: '请一次性告知还缺哪些材料，并对窗口的做法给个说法。',
    anonymous: false,
    name: '张三',
    phone: '13912345678',
    consent: true,
  };
  const createdExample: Created = { reference: 'XN-2611-7KQ4M9', accessCode: '7KQ4M9TXB2', status: 'reception', acknowledgeBy: addCalendarDays(today, 7), acknowledgeByProvisional: false };
  const track = { reference: 'XN-2611-7KQ4M9', accessCode: '7KQ4M-9TXB2' };
  const timelineExample: Timeline = {
    reference: 'XN-2611-7KQ4M9',
    status: 'conclusion',
    statusLabel: '报结',
    category: 'not-told-at-once',
    categoryLabel: '未一次性告知',
    department: { id: department, name: catalogue.departments.find((d) => d.id === department)?.name ?? department },
    receivedAt: '2026-11-02T01:30:00.000Z',
    dueBy: '2026-12-14',
    dueByProvisional: false,
    contact: { name: catalogue.supervision.officeName, phone: catalogue.supervision.complaintPhone, hours: catalogue.supervision.phoneHours },
    events: [
      { at: '2026-11-02T01:30:00.000Z', type: 'received', label: '已收到投诉', data: { channel: 'web' } },
      { at: '2026-11-04T02:00:00.000Z', type: 'accepted', label: '已受理', data: { dueBy: '2026-12-14' } },
      { at: '2026-11-20T06:00:00.000Z', type: 'concluded', label: '已办结', data: { finding: 'substantiated', reply: '经核查，窗口未一次性告知所需材料，已对当事人作出书面告诫，并已电话告知您全部材料清单。' } },
    ],
    submitted: { anonymous: false, name: '张三', phone: '13912345678', description: complaint.description, request: complaint.request },
    canRate: true,
    canReview: true,
    reviewBy: '2026-12-20',
  };
  const invalid: Problem = {
    type: 'about:blank',
    title: '提交的内容有误',
    status: 422,
    detail: '请按 errors 中每一项的说明修改后重新提交',
    errors: [{ field: 'phone', message: '电话号码格式不对：手机写 11 位数字（如 13912345678），固定电话写“区号-号码”（如 0519-85681234）' }],
  };
  const notFound: Problem = { type: 'about:blank', title: '查不到这件投诉', status: 404, detail: '受理编号或查询码不正确。请核对后重试；查询码在提交投诉时只显示一次。' };
  const tooMany: Problem = { type: 'about:blank', title: '尝试次数太多', status: 429, detail: '请 15 分钟后再试' };
  const malformed: Problem = { type: 'about:blank', title: '请求内容无法解析', status: 400, detail: '请求内容不是有效的 JSON' };
  const tooLarge: Problem = { type: 'about:blank', title: '请求内容太大', status: 413, detail: '请求内容太大：最多 32 KB' };
  const mediaType: Problem = { type: 'about:blank', title: '不支持的内容类型', status: 415, detail: '请以 Content-Type: application/json 提交 JSON' };
  const conflict: Problem = { type: 'about:blank', title: '不能评价', status: 409, detail: '您已经提交过，不能重复提交' };
  return {
    complaint,
    created: createdExample,
    track,
    rating: { ...track, level: 'satisfied', comment: '处理及时，态度也好。' },
    review: { ...track, reason: '答复只说已批评教育，没有说明材料问题怎么解决，我的申请仍未受理。' },
    timeline: timelineExample,
    health: { status: 'ok', version: pkg.version, db: 'ok' },
    invalid,
    notFound,
    tooMany,
    malformed,
    tooLarge,
    mediaType,
    conflict,
    ...bulletinExamples(),
    ...appointmentExamples(now),
  };
}

type Examples = ReturnType<typeof examples>;

interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  description: string;
  tag: string;
  request?: { schema: z.ZodType; example: keyof Examples };
  headers?: { name: string; description: string; schema: JsonSchema; example: string }[];
  /** Path and query parameters, as OpenAPI parameter objects. */
  parameters?: Record<string, unknown>[];
  responses: Record<string, { description: string; schema?: z.ZodType; example?: keyof Examples; mediaType?: string }>;
}

const problems = {
  '400': { description: '请求体不是有效的 JSON 或 UTF-8', schema: problem, example: 'malformed' },
  '413': { description: '请求体超过 32 KB', schema: problem, example: 'tooLarge' },
  '415': { description: 'Content-Type 不是 application/json', schema: problem, example: 'mediaType' },
  '422': { description: '内容不符合要求：errors 逐项说明该怎么改', schema: problem, example: 'invalid' },
} as const;

export const operations: Operation[] = [
  {
    method: 'post',
    path: '/api/complaints',
    summary: '提交效能投诉',
    description:
      '与网页表单 /complaints/new/ 使用同一套校验规则。成功时返回受理编号和查询码（查询码只返回这一次）。同一个 Idempotency-Key 重复提交同样的内容，返回同一件投诉，不会重复登记；同一个键用于不同内容返回 422。开启人机验证时，须在请求体中附 turnstileToken。',
    tag: '效能投诉',
    request: { schema: schemas.complaintInput, example: 'complaint' },
    headers: [{ name: 'Idempotency-Key', description: '幂等键：8—100 个可见 ASCII 字符，建议每次新投诉生成一个 UUID；网络中断后用同一个键重试', schema: { type: 'string', minLength: 8, maxLength: 100 }, example: '5f0c6b0e-2c1a-4b7e-9a55-0d6f1c2b3a4d' }],
    responses: {
      '201': { description: '已登记', schema: created, example: 'created' },
      ...problems,
      '429': { description: '同一网络提交太频繁（每分钟 10 件）', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'post',
    path: '/api/track',
    summary: '查询办理进度',
    description: '凭受理编号和查询码查看公开的办理经过、当前期限、联系方式和本人提交的内容。编号不存在和查询码错误返回完全相同的 404；同一网络 15 分钟内查询码错误 10 次后暂停查询。',
    tag: '进度查询',
    request: { schema: schemas.trackInput, example: 'track' },
    responses: {
      '200': { description: '办理进度', schema: timeline, example: 'timeline' },
      ...problems,
      '404': { description: '受理编号或查询码不正确', schema: problem, example: 'notFound' },
      '429': { description: '查询码错误次数过多', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'post',
    path: '/api/track/rating',
    summary: '评价办理结果（好差评）',
    description: '办结后可评价一次，五个等级：非常满意、满意、基本满意、不满意、非常不满意。',
    tag: '进度查询',
    request: { schema: schemas.ratingInput, example: 'rating' },
    responses: {
      '200': { description: '已记录，返回更新后的办理进度', schema: timeline, example: 'timeline' },
      ...problems,
      '404': { description: '受理编号或查询码不正确', schema: problem, example: 'notFound' },
      '409': { description: '尚未办结或已经评价过', schema: problem, example: 'conflict' },
      '429': { description: '查询码错误次数过多', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'post',
    path: '/api/track/review',
    summary: '申请复核',
    description: '办结后 30 日内，对结论有异议的可以申请复核一次，须写明理由。',
    tag: '进度查询',
    request: { schema: schemas.reviewInput, example: 'review' },
    responses: {
      '200': { description: '已收到，返回更新后的办理进度', schema: timeline, example: 'timeline' },
      ...problems,
      '404': { description: '受理编号或查询码不正确', schema: problem, example: 'notFound' },
      '409': { description: '尚未办结、已申请过或已超过期限', schema: problem, example: 'conflict' },
      '429': { description: '查询码错误次数过多', schema: problem, example: 'tooMany' },
    },
  },
  {
    method: 'get',
    path: '/api/health',
    summary: '运行状态',
    description: '程序版本和数据库是否可用。',
    tag: '其他',
    responses: { '200': { description: '正常', schema: health, example: 'health' }, '503': { description: '数据库不可用', schema: health } },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: '本接口说明（OpenAPI 3.1）',
    description: '由校验请求的同一套 zod 模式生成。',
    tag: '其他',
    responses: { '200': { description: 'OpenAPI 3.1 文档', mediaType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/api/',
    summary: '接口说明网页',
    description: '本文档的中文网页版。',
    tag: '其他',
    responses: { '200': { description: 'HTML 网页', mediaType: 'text/html' } },
  },
  ...bulletinOperations,
  ...appointmentOperations,
];

export function openApiDocument(now = clockNow()) {
  const ex = examples(now);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: `${op.method}${op.path.replace(/[^a-zA-Z]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ''))}`,
      summary: op.summary,
      description: op.description,
      tags: [op.tag],
      ...(op.headers || op.parameters
        ? {
            parameters: [
              ...(op.parameters ?? []),
              ...(op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: false, description: h.description, schema: h.schema, example: h.example })),
            ],
          }
        : {}),
      ...(op.request
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.request.schema, 'input'), example: ex[op.request.example] } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => {
          const type = r.mediaType ?? (r.schema === problem ? 'application/problem+json' : 'application/json');
          const content = r.schema ? { [type]: { schema: jsonSchema(r.schema, 'output'), ...(r.example ? { example: ex[r.example] } : {}) } } : { [type]: {} };
          return [status, { description: r.description, content }];
        }),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: `${catalogue.office.name} 效能投诉开放接口`,
      version: pkg.version,
      description: '提交效能投诉、凭受理编号和查询码查询办理进度、评价和申请复核。所有错误以 RFC 9457 problem+json 返回，errors 数组逐项说明字段该怎么改。',
    },
    servers: [{ url: '/' }],
    tags: [{ name: '效能投诉' }, { name: '进度查询' }, { name: '月度通报' }, { name: '办事预约' }, { name: '其他' }],
    paths,
  };
}
