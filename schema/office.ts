/**
 * The office console's forms (issue 4): each case action, staff accounts and alert resolutions.
 * Field names are the form's names and the JSON API's; messages tell the officer what to write.
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.ts';
import { INVISIBLE, invisibleMessage } from './common.ts';
import { channels, findings, reviewOutcomes, roles, sanctions } from './domain.ts';

// Control, bidi and zero-width characters (schema/common.ts); tab and line breaks are allowed.
const CONTROL = INVISIBLE;

/** Free text written by staff: trimmed, no control characters, min–max characters. */
export function staffText(label: string, min: number, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .refine((v) => v.isWellFormed() && !CONTROL.test(v), { error: invisibleMessage(label), abort: true })
    .refine((v) => [...v].length > 0, { error: `请填写${label}`, abort: true })
    .refine((v) => [...v].length >= min, `${label}至少写 ${min} 个字`)
    .refine((v) => [...v].length <= max, `${label}最多 ${max} 个字，请精简`)
    .transform((v) => v.replace(/\r\n?/g, '\n'));
}

/** The version of the case the form was rendered with (optimistic concurrency). */
const version = z.coerce.number({ error: '页面缺少案件版本号，请刷新后再操作' }).int().min(1, '页面缺少案件版本号，请刷新后再操作');

export const officeChannels = ['phone', 'visit', 'letter'] as const satisfies readonly (typeof channels.codes)[number][];

/** Every action a case may take, in workflow order. */
export const caseActions = [
  'accept',
  'decline',
  'register',
  'submit',
  'approve',
  'transfer',
  'note',
  'request-extension',
  'approve-extension',
  'refuse-extension',
  'conclude',
  'archive',
  'review',
  'rating-follow-up',
  'assign',
  'recuse',
  'disclose',
] as const;
export type CaseAction = (typeof caseActions)[number];

export const actionLabels: Record<CaseAction, string> = {
  accept: '受理',
  decline: '不予受理',
  register: '登记',
  submit: '呈批',
  approve: '批示交办',
  transfer: '转办',
  note: '添加办理记录',
  'request-extension': '申请延期',
  'approve-extension': '批准延期',
  'refuse-extension': '不批准延期',
  conclude: '报结',
  archive: '归档',
  review: '复核',
  'rating-follow-up': '差评回访',
  assign: '指定承办人',
  recuse: '自行回避',
  disclose: '决定向被投诉部门公开投诉人身份',
};

export function caseActionSchemas(catalogue: Catalogue, maxExtension: number) {
  const departmentIds = catalogue.departments.map((d) => d.id) as [string, ...string[]];
  const staffIds = (catalogue.staff.length ? catalogue.staff.map((s) => s.id) : ['none']) as [string, ...string[]];
  const department = z.enum(departmentIds, { error: '请选择承办部门' });
  const note = staffText('办理意见', 2, 1000);
  const optionalNote = z.union([z.literal('').transform(() => undefined), staffText('备注', 1, 1000)]).optional();
  const staffId = z.enum(staffIds, { error: '请从名单中选择承办人' });
  const optionalAssignee = z.union([z.literal('').transform(() => undefined), staffId]).optional();
  return {
    accept: z.object({ version, note: optionalNote }),
    decline: z.object({
      version,
      reason: staffText('不予受理的理由', 5, 500),
      legalBasis: staffText('依据', 4, 300),
      referral: staffText('可向何处反映', 4, 300),
    }),
    /**
     * Registration is where intake confirms or corrects who the complaint is about (`concerned`: a
     * name or staff id of the department complained about, empty = no specific person; matched on
     * the server) and says whether the free text may be shown to that department.
     */
    register: z.object({
      version,
      concerned: z.union([z.literal('').transform(() => undefined), staffText('被投诉工作人员', 1, 50)]).optional(),
      /** Not answered = 'no': the free text stays withheld from the department complained about. */
      textCleared: z.union([z.literal('').transform(() => 'no' as const), z.enum(['yes', 'no'], { error: '请从两项中选择：事情经过和诉求能否交被投诉部门阅读' })]).default('no'),
      note: optionalNote,
    }),
    submit: z.object({ version, note }),
    approve: z.object({ version, department: z.union([z.literal('').transform(() => undefined), department]).optional(), assignee: optionalAssignee, note: optionalNote }),
    transfer: z.object({ version, department, assignee: optionalAssignee, note: staffText('转办说明', 2, 500) }),
    note: z.object({ version, note: staffText('办理记录', 2, 1000) }),
    'request-extension': z.object({
      version,
      days: z.coerce
        .number({ error: '延长天数要写成数字' })
        .int('延长天数要写成整数')
        .min(1, '延长天数至少 1 个工作日')
        .max(maxExtension, `延长天数最多 ${maxExtension} 个工作日`),
      reason: staffText('延期理由', 5, 500),
    }),
    'approve-extension': z.object({ version, note: optionalNote }),
    'refuse-extension': z.object({ version, note: staffText('不批准的理由', 2, 500) }),
    conclude: z
      .object({
        version,
        finding: z.enum(findings.codes, { error: '请选择调查结论' }),
        sanctions: z.array(z.enum(sanctions.codes, { error: '请从列表中选择处理方式' })).default([]),
        reply: staffText('给投诉人的答复', 10, 2000),
        staffConcerned: z.union([z.literal('').transform(() => undefined), z.enum(staffIds, { error: '请从名单中选择被投诉的工作人员' })]).optional(),
      })
      .superRefine((v, ctx) => {
        if (v.finding === 'unsubstantiated' && v.sanctions.length > 0) {
          ctx.addIssue({ code: 'custom', path: ['sanctions'], message: '结论为不属实时不能给予处理，请取消所选处理方式或修改结论' });
        }
        if (v.sanctions.length > 0 && !v.staffConcerned) {
          ctx.addIssue({ code: 'custom', path: ['staffConcerned'], message: '给予处理时请选择被投诉的工作人员' });
        }
      }),
    archive: z.object({ version, note: optionalNote }),
    /**
     * Answering a complainant's review request: uphold the conclusion, or change it (a new finding
     * and, as in the conclusion, the sanctions and staff concerned, which replace the earlier ones).
     */
    review: z
      .object({
        version,
        outcome: z.enum(reviewOutcomes.codes, { error: '请选择复核结果：维持原结论或改变结论' }),
        finding: z.union([z.literal('').transform(() => undefined), z.enum(findings.codes)], { error: '请从列表中选择新的调查结论' }).optional(),
        sanctions: z.array(z.enum(sanctions.codes, { error: '请从列表中选择处理方式' })).default([]),
        staffConcerned: z.union([z.literal('').transform(() => undefined), z.enum(staffIds)], { error: '请从名单中选择被投诉的工作人员' }).optional(),
        reply: staffText('给投诉人的复核答复', 10, 1000),
      })
      .superRefine((v, ctx) => {
        if (v.outcome === 'changed') {
          if (!v.finding) ctx.addIssue({ code: 'custom', path: ['finding'], message: '改变结论时请选择新的调查结论' });
          if (v.finding === 'unsubstantiated' && v.sanctions.length > 0) {
            ctx.addIssue({ code: 'custom', path: ['sanctions'], message: '新结论为不属实时不能给予处理，请取消所选处理方式或修改结论' });
          }
          if (v.sanctions.length > 0 && !v.staffConcerned) {
            ctx.addIssue({ code: 'custom', path: ['staffConcerned'], message: '给予处理时请选择被投诉的工作人员' });
          }
        } else if (v.finding || v.sanctions.length > 0 || v.staffConcerned) {
          const path = v.finding ? 'finding' : v.sanctions.length > 0 ? 'sanctions' : 'staffConcerned';
          ctx.addIssue({ code: 'custom', path: [path], message: '维持原结论时不填新的结论、处理方式和人员；如要改变结论，请选择“改变结论”' });
        }
      }),
    /** Recording that a bad rating (不满意/非常不满意) was followed up: internal. */
    'rating-follow-up': z.object({ version, note: staffText('回访情况', 5, 1000) }),
    /** Naming the handler (承办人): a member of the handling department, never a concerned or recused person. */
    assign: z.object({ version, assignee: staffId }),
    /** 自行回避: any staff member who may see the case declares a conflict; hidden from them from then on. */
    recuse: z.object({ version, reason: staffText('回避理由', 4, 500) }),
    /** The supervisor's recorded decision to show the complainant's identity to the department complained about. */
    disclose: z.object({ version, reason: staffText('公开身份的理由', 5, 500) }),
  } satisfies Record<CaseAction, z.ZodType>;
}
export type CaseActionSchemas = ReturnType<typeof caseActionSchemas>;

/** Registering a phone, visit or letter complaint: who received it first, and how. */
export function intakeExtras(catalogue: Catalogue) {
  const staffIds = (catalogue.staff.length ? catalogue.staff.map((s) => s.id) : ['none']) as [string, ...string[]];
  return z.object({
    channel: z.enum(officeChannels, { error: '请选择投诉渠道：电话、来访或来信' }),
    firstReceiver: z.enum(staffIds, { error: '请选择首问责任人' }),
  });
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export function accountSchemas(catalogue: Catalogue) {
  const departmentIds = catalogue.departments.map((d) => d.id) as [string, ...string[]];
  const staffIds = (catalogue.staff.length ? catalogue.staff.map((s) => s.id) : ['none']) as [string, ...string[]];
  const password = z
    .string({ error: '请设置密码' })
    .refine((v) => [...v].length >= 12, '密码至少 12 个字符；可用一句容易记住的话')
    .refine((v) => [...v].length <= 128, '密码最多 128 个字符');
  const roleAndDepartment = {
    role: z.enum(roles.codes, { error: '请选择角色' }),
    department: z.union([z.literal('').transform(() => undefined), z.enum(departmentIds, { error: '请选择所在部门' })]).optional(),
  };
  const handlerNeedsDepartment = (v: { role: string; department?: string }, ctx: z.RefinementCtx) => {
    if (v.role === 'handler' && !v.department) ctx.addIssue({ code: 'custom', path: ['department'], message: '承办人必须选择所在部门：他只能看到本部门的案件' });
  };
  return {
    create: z
      .object({
        username: z
          .string({ error: '请填写用户名' })
          .trim()
          .toLowerCase()
          .regex(USERNAME, '用户名用 3—32 位小写字母、数字、点、短横线或下划线，以字母或数字开头'),
        displayName: staffText('姓名', 2, 30),
        staffId: z.union([z.literal('').transform(() => undefined), z.enum(staffIds, { error: '请从名单中选择，或不选' })]).optional(),
        password,
        ...roleAndDepartment,
      })
      .superRefine(handlerNeedsDepartment),
    role: z.object({ ...roleAndDepartment }).superRefine(handlerNeedsDepartment),
    password: z.object({ password }),
  };
}

export const alertResolution = z.object({ resolution: staffText('处理情况', 4, 1000) });
