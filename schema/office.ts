/**
 * The office console's forms (issue 4): staff accounts, intake and alert resolutions (the case
 * actions' inputs are declared with the actions, worker/services/case-workflow.ts).
 * Field names are the form's names and the JSON API's; messages tell the officer what to write.
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.ts';
import { INVISIBLE, invisibleMessage } from './common.ts';
import { channels, roles } from './domain.ts';

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

export const officeChannels = ['phone', 'visit', 'letter'] as const satisfies readonly (typeof channels.codes)[number][];

/** The case actions (their declaration: worker/services/case-workflow.ts). */
export { caseActions, type CaseAction } from './cases.ts';

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
