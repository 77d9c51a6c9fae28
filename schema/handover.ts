/**
 * Stand-in handover (同岗替代, issue 13; seeds 001 and 002): a planned absence of a post's A holder
 * needs a named stand-in before it starts — the B holder by default; another person only with the
 * department head's approval and the head's confirmation that the person knows the post — a
 * handover note of pending matters, the stand-in's acknowledgement, and on return the stand-in's
 * handback note. Every step is an event in the post's append-only history (`post_events`).
 *
 * One declaration on the shared registry (schema/workflow.ts, issue 11): actions (label, who,
 * allowed states, input, the events they write and their plan) and events (label, visibility,
 * data), typed against their unions so a missing entry is a compile error.
 */
import { z } from 'zod';
import './common.ts';
import { absenceKinds } from './appointment.ts';
import { paragraph } from './common.ts';
import { defineActions, defineEvents, type PlannedEvent } from './workflow.ts';

export const handoverStatuses = {
  'awaiting-approval': '待负责人批准代岗人',
  'awaiting-ack': '待代岗人确认接手',
  acting: '代岗中',
  'handed-back': '已交回',
} as const;
export type HandoverStatus = keyof typeof handoverStatuses;

/** Who may take an action: the A holder, the stand-in, or the department head (a supervisor may act for the head). */
export type HandoverActor = 'holder' | 'stand-in' | 'head';
export type HandoverAction = 'approve' | 'acknowledge' | 'hand-back';
export type HandoverEvent = 'planned' | 'approved' | 'acknowledged' | 'handed-back';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const version = z.coerce.number({ error: '页面已过期，请刷新后再操作' }).int().positive();

/** Planning: the post, the dates, why, the stand-in (default B), and the handover note. */
export const planInput = z
  .strictObject({
    post: z.string({ error: '请选择岗位' }).min(1, '请选择岗位'),
    standIn: z.string().optional(),
    fromDate: z.string({ error: '请填写开始日期' }).regex(DATE, '开始日期要写成 YYYY-MM-DD'),
    toDate: z.string({ error: '请填写结束日期' }).regex(DATE, '结束日期要写成 YYYY-MM-DD'),
    kind: z.enum(absenceKinds.codes, { error: '请选择不在岗的原因' }),
    note: paragraph('交接说明', 5, 1000, '请写下交接的待办事项（在办案件、预约、询问等）'),
  })
  .refine((v) => v.toDate >= v.fromDate, { path: ['toDate'], message: '结束日期不能早于开始日期' });
export const planFields = ['post', 'standIn', 'fromDate', 'toDate', 'kind', 'note'] as const;

/** What an action writes, in one D1 batch with the conditional update (worker/services/handovers.ts). */
export interface HandoverPlan {
  set: { status: HandoverStatus };
  events: HandoverEventPlan[];
}

/** The post's history (post_events.type): none of it is public; the whereabouts board shows only the public word. */
export const handoverEvents = defineEvents<HandoverEvent>()({
  planned: {
    label: '登记外出并交接',
    public: false,
    data: z.object({ standIn: z.string(), fromDate: z.string().regex(DATE), toDate: z.string().regex(DATE), note: z.string() }),
  },
  approved: { label: '负责人批准代岗人', public: false, data: z.object({ note: z.string().optional() }) },
  acknowledged: { label: '代岗人确认接手', public: false, data: z.object({ note: z.string().optional() }) },
  'handed-back': { label: '代岗人交回岗位', public: false, data: z.object({ note: z.string() }) },
});
export type HandoverEventPlan = PlannedEvent<typeof handoverEvents>;

/** The record an action is checked against (`when`: none of these actions needs more than the status). */
type HandoverRowLike = { status: HandoverStatus };
const { action, actions } = defineActions<HandoverAction, HandoverActor, HandoverStatus, HandoverEvent, HandoverRowLike, { now: number }, HandoverPlan>();

/** A step to `next`, writing `event` with the note the form sent (if any). */
const step = (event: HandoverEvent, next: HandoverStatus, note?: string): HandoverPlan => ({ set: { status: next }, events: [{ type: event, data: note ? { note } : {} } as HandoverEventPlan] });

/** Each action: label, who takes it (`roles`: holder, stand-in or head), from which status, its input and what it writes. */
export const handoverActions = actions({
  approve: action({
    label: '批准代岗人',
    roles: ['head'],
    states: ['awaiting-approval'],
    input: z.strictObject({ version, familiar: z.literal('yes', { error: '请确认代岗人熟悉该岗位业务（不熟悉的不能代岗）' }) }),
    writes: ['approved'],
    effect: () => step('approved', 'awaiting-ack'),
  }),
  acknowledge: action({
    label: '确认接手',
    roles: ['stand-in'],
    states: ['awaiting-ack'],
    input: z.strictObject({ version, note: z.string().trim().max(300, '最多 300 字').optional() }),
    writes: ['acknowledged'],
    effect: (v) => step('acknowledged', 'acting', v.note),
  }),
  'hand-back': action({
    label: '交回岗位',
    roles: ['stand-in'],
    states: ['acting'],
    input: z.strictObject({ version, note: paragraph('交回说明', 5, 1000, '请写下代岗期间办了什么、还有哪些待办') }),
    writes: ['handed-back'],
    effect: (v) => step('handed-back', 'handed-back', v.note),
  }),
});
