/**
 * Accountability decisions (issue 14; seeds 001 效能告诫制度 / 被诉待岗制度 and 000 失职追究): the kinds,
 * states and deadlines, and the zod schemas of every console action. Pure: no I/O, no clock.
 *
 * Deadlines are CALENDAR days, as the seed writes them:
 * - 书面检查: "被告诫人收到《告诫通知书》后7日内，须将书面检查交所在办、站负责人审查签字后，送交监察室"
 *   (seed 001, 行政告诫的程序 3): due on the 7th calendar day after the day of service.
 * - 待岗: "待岗期为15天" (seed 001, 被诉待岗制度 三): the day it starts counts as day 1, so it ends on
 *   start + 14; the 群众评议 and 组织考评 can be recorded from the day after ("待岗期满后").
 */
import { z } from 'zod';
import { labels } from './common.ts';
import { addCalendarDays } from './workdays.ts';
import { defineEvents, type PlannedEvent } from './workflow.ts';

/** Every kind of decision the seeds name (001 三 / 000 失职追究). */
export const decisionKinds = labels({
  'oral-admonition': '口头告诫',
  'written-admonition': '书面告诫',
  'self-examination': '责令书面检查',
  'circulated-criticism': '通报批评',
  'award-ineligible': '取消评先资格',
  'bonus-deduction': '扣发奖金',
  'administrative-sanction': '行政处分',
  transfer: '调离',
  'suspension-from-duty': '停职',
  removal: '免职',
  demotion: '降职',
  standby: '待岗',
  /** Seed 001 二: 因业务不熟悉 — the first time one week of 待岗学习 ending with an exam; the second time a change of post (调离). */
  'skill-study': '待岗学习（业务不熟悉）',
  referral: '移送纪检监察机关',
});
export type DecisionKind = (typeof decisionKinds.codes)[number];

export const decisionStates = labels({
  proposed: '呈批中',
  approved: '已审定，待送达',
  rejected: '不予批准',
  served: '已送达，执行中',
  examined: '书面检查已交，待签收',
  done: '已办结',
  annulled: '经申诉撤销',
});
export type DecisionState = (typeof decisionStates.codes)[number];

/** What a 待岗 ends with (seed 001: 恢复原工作、重新安排工作岗位或辞退). */
export const standbyOutcomes = labels({
  'back-to-post': '恢复原工作',
  'other-post': '重新安排工作岗位',
  dismissal: '辞退',
});
export type StandbyOutcome = (typeof standbyOutcomes.codes)[number];

/** How an appeal (申诉) ends: the first decision stands, is changed to another kind, or is annulled. */
export const appealOutcomes = labels({
  upheld: '维持原决定',
  changed: '变更处理种类',
  annulled: '撤销原决定',
});
export type AppealOutcome = (typeof appealOutcomes.codes)[number];

export const examResults = labels({ pass: '考试合格', fail: '考试不合格' });
export type ExamResult = (typeof examResults.codes)[number];

/** Every event a decision's history holds (decision_events.type), in the order they usually come. */
export const decisionEventTypes = [
  'proposed',
  'approved',
  'rejected',
  'served',
  'oral-given',
  'self-exam-submitted',
  'self-exam-received',
  'self-exam-overdue',
  'standby-ended',
  'standby-reviewed',
  'appealed',
  'exam-recorded',
  'appeal-decided',
] as const;
export type DecisionEvent = (typeof decisionEventTypes)[number];

const day = z.string();
const optionalNote = z.string().optional();
/**
 * The history's events (the actions are in worker/services/decisions.ts): the console's label, and
 * `self`: whether the person concerned sees it on their own page. None is public.
 */
export const decisionEvents = defineEvents<DecisionEvent>()({
  proposed: { label: '提出处理建议（呈批）', public: false, self: false, data: z.object({ kind: z.enum(decisionKinds.codes) }) },
  approved: { label: '领导小组审定', public: false, self: true, data: z.object({ note: optionalNote }) },
  rejected: { label: '领导小组不予批准', public: false, self: false, data: z.object({ note: optionalNote }) },
  served: { label: '送达', public: false, self: true, data: z.object({ servedOn: day, selfExamDue: day.optional(), standbyStart: day.optional(), standbyEnd: day.optional() }) },
  'oral-given': { label: '口头告诫', public: false, self: true, data: z.object({ givenOn: day }) },
  'self-exam-submitted': { label: '提交书面检查', public: false, self: true, data: z.object({ on: day, late: z.boolean() }) },
  'self-exam-received': { label: '书面检查签收', public: false, self: true, data: z.object({ receivedOn: day }) },
  'self-exam-overdue': { label: '书面检查逾期未交', public: false, self: true, data: z.object({ due: day.nullable() }) },
  'standby-ended': { label: '待岗期满，待评议', public: false, self: true, data: z.object({ due: day.nullable() }) },
  /** `outcome` is the label of the standby outcome, as the record shows it. */
  'standby-reviewed': { label: '群众评议和组织考评', public: false, self: true, data: z.object({ outcome: z.string() }) },
  appealed: { label: '提出申诉', public: false, self: true, data: z.object({ on: day }) },
  'exam-recorded': { label: '待岗学习考试', public: false, self: true, data: z.object({ examOn: day, result: z.enum(examResults.codes), note: optionalNote }) },
  'appeal-decided': { label: '申诉处理决定', public: false, self: true, data: z.object({ outcome: z.enum(appealOutcomes.codes), newKind: z.enum(decisionKinds.codes).optional(), note: z.string() }) },
});
export type DecisionEventPlan = PlannedEvent<typeof decisionEvents>;

export const SELF_EXAM_DAYS = 7;
/** 待岗学习一个星期 (seed 001 二). */
export const STUDY_DAYS = 7;
export const STANDBY_DAYS = 15;

/** The last day to hand in the written self-examination: 7 calendar days after service. */
export function selfExamDue(servedOn: string): string {
  return addCalendarDays(servedOn, SELF_EXAM_DAYS);
}

/** The last day of the one-week 待岗学习 starting on `start`. */
export function studyEnd(start: string): string {
  return addCalendarDays(start, STUDY_DAYS - 1);
}

/** The last day of a 15-day 待岗 starting on `start` (the start counts as day 1). */
export function standbyEnd(start: string): string {
  return addCalendarDays(start, STANDBY_DAYS - 1);
}

const date = z.string({ error: '请填写日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期请写成 2026-12-01 这样的格式' }).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { error: '这个日期不存在，请检查月份和日' });
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 字` });
const note = z.string().trim().max(500, { error: '说明不能超过 500 字' }).optional();

/** A new decision, proposed (提出建议) by the supervision office. */
export const proposeInput = z.strictObject({
  kind: z.enum(decisionKinds.codes, { error: '请选择处理种类' }),
  staffId: z.string({ error: '请选择被处理人' }).regex(/^[a-z0-9-]{1,60}$/, { error: '请选择被处理人' }),
  facts: text('事实', 2000),
  basis: text('依据', 500),
  caseReferences: z
    .string()
    .trim()
    .max(400)
    .regex(/^[A-Z0-9\-、，,\s]*$/, { error: '案件编号请用逗号分开，例如 XN-2611-ABCDEF' })
    .optional(),
  alertId: z.coerce.number({ error: '提醒编号不正确' }).int().positive({ error: '提醒编号不正确' }).optional(),
});
export type ProposeInput = z.infer<typeof proposeInput>;

export const noteInput = z.strictObject({ note });
export const serveInput = z.strictObject({
  servedOn: date,
  unitHeadTold: z.literal('yes', { error: '请确认已告知所在办、站负责人' }),
  studyPlan: z.string().trim().max(1000, { error: '学习计划不能超过 1000 字' }).optional(),
});
export const oralInput = z.strictObject({ givenOn: date, givenBy: text('告诫人', 40) });
export const selfExamInput = z.strictObject({ text: text('书面检查', 5000) });
export const receiveInput = z.strictObject({ countersignedBy: text('审查签字的负责人', 40), receivedOn: date });
export const reviewInput = z.strictObject({
  citizenReps: text('服务对象代表', 200),
  staffReps: text('单位工作人员代表', 200),
  reviewResult: text('群众评议结果', 1000),
  assessment: text('组织考评意见', 1000),
  outcome: z.enum(standbyOutcomes.codes, { error: '请选择处理结果' }),
});

export const examInput = z.strictObject({ examOn: date, examResult: z.enum(examResults.codes, { error: '请选择考试结果' }), note });

export const appealInput = z.strictObject({ appealText: text('申诉理由', 3000) });
export const appealDecisionInput = z
  .strictObject({
    appealOutcome: z.enum(appealOutcomes.codes, { error: '请选择申诉处理结果' }),
    newKind: z.enum(decisionKinds.codes, { error: '请选择变更后的处理种类' }).optional(),
    appealNote: text('申诉处理意见', 1000),
  })
  .refine((v) => v.appealOutcome !== 'changed' || v.newKind !== undefined, { error: '变更处理种类时请选择变更后的种类', path: ['newKind'] });

export const decisionFieldOrder = ['appealText', 'appealOutcome', 'newKind', 'appealNote', 'kind', 'staffId', 'facts', 'basis', 'caseReferences', 'alertId', 'note', 'servedOn', 'unitHeadTold', 'studyPlan', 'givenOn', 'givenBy', 'text', 'countersignedBy', 'receivedOn', 'citizenReps', 'staffReps', 'reviewResult', 'assessment', 'outcome', 'examOn', 'examResult'];
