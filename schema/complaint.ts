/**
 * Efficiency complaints (效能投诉): the one schema that the web form, the JSON API, the D1 insert
 * and the OpenAPI document all use (issue 3). It is built from the catalogue derived from content/,
 * so the departments, services and posts a complaint may name are exactly the published ones and the
 * OpenAPI document lists their ids.
 *
 * Form field names are the API's field names; `fromForm` turns the strings of a urlencoded form
 * into the JSON shape, and the same schema then parses both.
 */
import { z } from 'zod';
import { ACCESS_CODE_PATTERN, charCount, CROCKFORD, fieldErrors, ids, INVISIBLE, INVISIBLE_OR_BREAK, invisibleMessage, isPersonalPhone, line, MOBILE, normaliseCode, paragraph, PERSONAL_PHONE_MESSAGE, type FieldError } from './common.ts';
import { caseEvents, publicCaseEvents, type CaseEvents, type PublicCaseEvent } from './cases.ts';
import type { Catalogue } from './catalogue.ts';
import { categories, satisfaction, stages } from './domain.ts';
import { addCalendarDays, shanghaiDate } from './workdays.ts';
import { now as clockNow } from './clock.ts';

/** Limits of the free-text fields, in characters (code points). */
export const limits = {
  name: 50,
  staffName: 50,
  email: 100,
  description: { min: 10, max: 2000 },
  request: { min: 2, max: 1000 },
  comment: 500,
  reason: { min: 10, max: 1000 },
  /** How far back a complaint may reach: about two years, beyond which facts cannot be checked. */
  maxAgeDays: 730,
  /** Largest request body the API reads, in bytes. */
  bodyBytes: 32 * 1024,
} as const;

export const REFERENCE_PATTERN = /^XN-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;


const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
// Control, bidi and zero-width characters; tab and line breaks allowed only in multi-line answers.
const CONTROL = INVISIBLE;
const CONTROL_OR_BREAK = INVISIBLE_OR_BREAK;




/** A calendar date YYYY-MM-DD, not in the future (Asia/Shanghai) and not older than `maxAgeDays`. */
function pastDate(now: () => number) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? '请填写事情发生的日期，例如 2026-03-01' : '日期要写成 YYYY-MM-DD，例如 2026-03-01') })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期要写成 YYYY-MM-DD，例如 2026-03-01', abort: true })
    .refine(
      (value) => {
        const [y, m, d] = value.split('-').map(Number);
        const date = new Date(Date.UTC(y, m - 1, d));
        return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
      },
      { error: '这一天不存在，请检查月份和日期', abort: true },
    )
    .refine((value) => value <= shanghaiDate(now()), { error: '发生日期不能晚于今天，请填写已经发生的日期', abort: true })
    .refine(
      (value) => value >= addCalendarDays(shanghaiDate(now()), -limits.maxAgeDays),
      `只受理两年内发生的事情；更早的事情请拨打效能投诉电话咨询`,
    );
}

export interface SchemaOptions {
  /** The clock, for "not in the future"; tests pass a fixed one. */
  now?: () => number;
}

/** The complaint schemas for one catalogue. */
export function complaintSchemas(catalogue: Catalogue, options: SchemaOptions = {}) {
  const now = options.now ?? clockNow;
  const departmentIds = ids(catalogue.departments);
  const serviceIds = ids(catalogue.services);
  const postIds = ids(catalogue.posts);

  const complaintInput = z
    .strictObject({
      /** The department the complaint is about (catalogue id). */
      department: z.enum(departmentIds, { error: '请选择被投诉的部门' }).describe('被投诉的部门（处室/科室）编号'),
      /** Optionally the service concerned; must belong to the department. */
      service: z.enum(serviceIds, { error: '请从列表中选择办理的事项，或不选' }).optional().describe('涉及的办事事项编号（可选，须属于所选部门）'),
      /** Optionally the post concerned; must belong to the department. */
      post: z.enum(postIds, { error: '请从列表中选择涉及的岗位，或不选' }).optional().describe('涉及的岗位编号（可选，须属于所选部门）'),
      /** Optionally the staff member's name as the complainant knows it (free text, encrypted). */
      staffName: line('工作人员姓名', limits.staffName, '请填写工作人员姓名，或不填').optional().describe('被投诉工作人员的姓名（可选）'),
      category: z.enum(categories.codes, { error: '请选择投诉类别' }).describe('投诉类别：' + categories.codes.map((c) => `${c}=${categories.label(c)}`).join('，')),
      occurredOn: pastDate(now).describe('事情发生的日期（YYYY-MM-DD，北京时间，不晚于今天）'),
      description: paragraph('事情经过', limits.description.min, limits.description.max, '请写明事情经过：什么时间、在哪里、办什么事、遇到了什么问题').describe(
        `事情经过（${limits.description.min}—${limits.description.max} 字）`,
      ),
      request: paragraph('诉求', limits.request.min, limits.request.max, '请写明您希望我们怎么处理，例如“请尽快办结我的申请”').describe(
        `投诉人的诉求（${limits.request.min}—${limits.request.max} 字）`,
      ),
      anonymous: z.boolean({ error: '请选择实名投诉还是匿名投诉' }).describe('是否匿名；匿名投诉不书面答复，但可凭受理编号和查询码查询进度'),
      name: line('姓名', limits.name, '实名投诉请填写您的姓名').optional().describe('投诉人姓名（实名投诉必填）'),
      phone: z
        .string({ error: '电话号码要写成数字，例如 13912345678' })
        .trim()
        .refine(isPersonalPhone, PERSONAL_PHONE_MESSAGE)
        .optional()
        .describe('联系电话：11 位手机号，或“区号-号码”的固定电话'),
      email: z
        .string({ error: '电子邮箱要写成文字，例如 name@example.com' })
        .trim()
        .refine((v) => charCount(v) <= limits.email && EMAIL.test(v), '电子邮箱格式不对，请写成 name@example.com 这样的地址')
        .optional()
        .describe('电子邮箱'),
      consent: z.literal(true, { error: '请阅读并同意个人信息保护说明后再提交' }).describe('已阅读并同意个人信息保护说明，须为 true'),
      /** The complainant's explicit agreement that the department complained about may see who they are; default no. */
      identityConsent: z
        .boolean({ error: '“是否同意被投诉部门知道您的身份”要写成 true 或 false' })
        .optional()
        .describe('是否同意被投诉的部门在办理时知道投诉人的姓名和联系方式（可选，默认不同意）；被投诉的工作人员本人在任何情况下都看不到投诉'),
      /** Opt-in: e-mail me when the case moves on (issue 15); needs `email`, never for anonymous complaints. */
      notifyEmail: z.boolean({ error: '“用电子邮件通知我”要写成 true 或 false' }).optional().describe('办理进展（受理、转办、延期、办结、复核答复）用电子邮件通知我；须填写电子邮箱'),
      /** Opt-in: text me; needs a mobile number. */
      notifySms: z.boolean({ error: '“用短信通知我”要写成 true 或 false' }).optional().describe('办理进展用短信通知我；须填写 11 位手机号'),
    })
    // Cross-field rules run even when other answers are wrong, so the form lists every problem at once.
    .superRefine((v, ctx) => {
      if (typeof v !== 'object' || v === null) return;
      if (v.service) {
        const service = catalogue.services.find((s) => s.id === v.service);
        if (service && service.department !== v.department) {
          ctx.addIssue({ code: 'custom', path: ['service'], message: '这个事项不属于所选部门：请换一个事项，或不选事项' });
        }
      }
      if (v.post) {
        const post = catalogue.posts.find((p) => p.id === v.post);
        if (post && post.department !== v.department) {
          ctx.addIssue({ code: 'custom', path: ['post'], message: '这个岗位不属于所选部门：请换一个岗位，或不选岗位' });
        }
      }
      if (v.anonymous === false) {
        if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '实名投诉请填写您的姓名；不想留名请选择匿名投诉' });
        if (!v.phone && !v.email) {
          ctx.addIssue({ code: 'custom', path: ['phone'], message: '实名投诉请至少留一种联系方式：手机、固定电话或电子邮箱' });
        }
        if (v.notifyEmail && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: '要用电子邮件通知您，请填写电子邮箱；不需要就取消勾选“用电子邮件通知我”' });
        if (v.notifySms && !(v.phone && MOBILE.test(v.phone))) {
          ctx.addIssue({ code: 'custom', path: ['phone'], message: '要用短信通知您，请填写 11 位手机号（固定电话收不到短信）；不需要就取消勾选“用短信通知我”' });
        }
      }
    }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) })
    // Anonymous means anonymous: whatever contact details came along are not kept.
    // Anonymous complainants are never notified (issue 15): the opt-ins go with the contact details.
    .transform((v) => (v.anonymous ? { ...v, name: undefined, phone: undefined, email: undefined, identityConsent: false, notifyEmail: undefined, notifySms: undefined } : { ...v, identityConsent: v.identityConsent === true }));

  const reference = z
    .string({ error: '请填写受理编号，例如 XN-2611-7KQ4M9' })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(REFERENCE_PATTERN, '受理编号的格式是 XN-四位数字-六位字母数字，例如 XN-2611-7KQ4M9'))
    .describe('受理编号');
  const accessCode = z
    .string({ error: '请填写查询码（10 位字母和数字）' })
    .transform(normaliseCode)
    .pipe(z.string().regex(ACCESS_CODE_PATTERN, '查询码是提交投诉时显示的 10 位字母和数字，例如 7KQ4M-9TXB2'))
    .describe('查询码（提交投诉时只显示一次；大小写、空格和短横线不计）');

  const trackInput = z.strictObject({ reference, accessCode });
  const ratingInput = z.strictObject({
    reference,
    accessCode,
    level: z.enum(satisfaction.codes, { error: '请选择您对办理结果的评价' }).describe('好差评：' + satisfaction.codes.map((c) => `${c}=${satisfaction.label(c)}`).join('，')),
    comment: z
      .string({ error: '意见要写成文字' })
      .trim()
      .refine((v) => v.isWellFormed() && !CONTROL.test(v), invisibleMessage('意见'))
      .refine((v) => charCount(v) <= limits.comment, `意见最多 ${limits.comment} 个字`)
      .optional()
      .describe(`评价意见（可选，最多 ${limits.comment} 字）`),
  });
  const reviewInput = z.strictObject({
    reference,
    accessCode,
    reason: paragraph('复核理由', limits.reason.min, limits.reason.max, '请写明为什么要求复核：哪一点结论您不认同，理由是什么').describe(
      `申请复核的理由（${limits.reason.min}—${limits.reason.max} 字）`,
    ),
  });

  return { complaintInput, trackInput, ratingInput, reviewInput };
}

export type ComplaintSchemas = ReturnType<typeof complaintSchemas>;
export type ComplaintInput = z.output<ComplaintSchemas['complaintInput']>;

/** The personal fields, encrypted together at rest. */
export interface PersonalData {
  name?: string;
  phone?: string;
  email?: string;
  staffName?: string;
  description: string;
  request: string;
}

/** Field order of the form, for the error summary. */
export const complaintFields = [
  'department',
  'service',
  'post',
  'staffName',
  'category',
  'occurredOn',
  'description',
  'request',
  'anonymous',
  'name',
  'phone',
  'email',
  'identityConsent',
  'notifyEmail',
  'notifySms',
  'consent',
] as const;
export type ComplaintField = (typeof complaintFields)[number];

/**
 * A urlencoded form → the JSON shape: empty answers are absent, radios and the checkbox become
 * booleans. Unknown names are dropped here (the form posts a few hidden helpers); anything else is
 * kept as typed so the schema, not this function, judges it.
 */
export function fromForm(form: Record<string, string | File | (string | File)[]>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    let value = form[name];
    if (Array.isArray(value)) value = value[0];
    if (typeof value !== 'string') continue;
    if (value.trim() === '') continue;
    if (name === 'anonymous') out[name] = value === 'true' ? true : value === 'false' ? false : value;
    else if (name === 'consent' || name === 'identityConsent') out[name] = value === 'true' || value === 'on' ? true : value;
    else if (name === 'notifyEmail' || name === 'notifySms') out[name] = value === 'true' || value === 'on' ? true : value === 'false' ? false : value;
    else out[name] = value;
  }
  return out;
}

/** A complaint's validation errors, in the complaint form's order (fieldErrors of schema/common.ts). */
export function complaintErrors(error: z.ZodError, order: readonly string[] = complaintFields): FieldError[] {
  return fieldErrors(error, order);
}

// ---------- responses ----------

export const created = z.object({
  reference: z.string().regex(REFERENCE_PATTERN).describe('受理编号'),
  accessCode: z.string().regex(ACCESS_CODE_PATTERN).describe('查询码：只在此处返回一次，请妥善保存'),
  status: z.enum(stages.codes).describe('当前环节'),
  acknowledgeBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('作出是否受理决定的期限（工作日推算，北京时间）'),
  acknowledgeByProvisional: z.boolean().describe('期限超出已录入的工作日历时为 true：暂按周一至周五推算'),
});
export type Created = z.output<typeof created>;

/** What each public event tells the complainant: the data its registry entry declares (schema/cases.ts). */
export const publicEventData = Object.fromEntries(publicCaseEvents.map((e) => [e, caseEvents[e].data])) as { [E in PublicCaseEvent]: CaseEvents[E]['data'] };
export type PublicEventType = PublicCaseEvent;
export const publicEventTypes = publicCaseEvents as [PublicEventType, ...PublicEventType[]];

/** The public timeline's label of each public event. */
export const eventLabels = Object.fromEntries(publicCaseEvents.map((e) => [e, caseEvents[e].publicLabel])) as Record<PublicEventType, string>;

const event = z.object({
  at: z.string().describe('时间（ISO 8601）'),
  type: z.enum(publicEventTypes),
  label: z.string().describe('中文说明'),
  data: z.record(z.string(), z.string()).describe('该事件公开的事实，如不予受理的理由、依据和去向，转办部门，延期理由和新期限，办理结论'),
});

export const timeline = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  status: z.enum(stages.codes),
  statusLabel: z.string(),
  category: z.enum(categories.codes),
  categoryLabel: z.string(),
  department: z.object({ id: z.string(), name: z.string() }),
  receivedAt: z.string(),
  dueBy: z.string().nullable().describe('当前期限（YYYY-MM-DD）；已办结或不予受理的案件没有期限，为 null'),
  dueByProvisional: z.boolean(),
  contact: z.object({ name: z.string(), phone: z.string(), hours: z.string() }).describe('本案联系方式'),
  events: z.array(event),
  submitted: z
    .object({
      anonymous: z.boolean(),
      name: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
      staffName: z.string().optional(),
      description: z.string(),
      request: z.string(),
    })
    .describe('投诉人本人提交的内容（仅凭受理编号和查询码可见）'),
  rating: z.enum(satisfaction.codes).optional(),
  canRate: z.boolean(),
  canReview: z.boolean(),
  reviewBy: z.string().optional().describe('可申请复核的最后一天（YYYY-MM-DD）'),
});
export type Timeline = z.output<typeof timeline>;

/** RFC 9457 problem details. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.output<typeof problem>;

/** Field order of the tracking, rating and review forms. */
export const trackFields = ['reference', 'accessCode', 'level', 'comment', 'reason'] as const;
