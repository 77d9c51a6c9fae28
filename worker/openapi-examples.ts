/**
 * The examples of the OpenAPI document: every request and response example, relative to the clock's
 * today so they stay valid (a request example really files a complaint or books an appointment; the
 * tests parse each one with the same zod schema). Routes name an example by its key
 * (worker/lib/openapi.ts); the document reads them when it is generated.
 */
import pkg from '../package.json' with { type: 'json' };
import { now as clockNow } from '../schema/clock.ts';
import type { Created, Problem, Timeline } from '../schema/complaint.ts';
import { addCalendarDays, shanghaiDate } from '../schema/workdays.ts';
import { catalogue } from './lib/catalogue.ts';
import { applicationExamples } from './routes/applications-openapi.ts';
import { inquiryExamples } from './routes/inquiries-openapi.ts';
import { appointmentExamples } from './routes/appointments-openapi.ts';
import { bulletinExamples } from './routes/bulletins-openapi.ts';
import { targetExamples } from './routes/targets-openapi.ts';

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
    ...targetExamples(),
    ...appointmentExamples(now),
    ...applicationExamples(now),
    ...inquiryExamples(now),
  };
}

export type Examples = ReturnType<typeof examples>;
export type ExampleKey = keyof Examples;
