/**
 * The case workflow's names (issue 11): every action a case may take and every event its history
 * records, with each event's labels, visibility and data. The actions themselves (roles, stages,
 * input, effect) are declared in worker/services/case-workflow.ts, the forms in
 * worker/views/office/case-forms.tsx; both are typed against these lists.
 */
import { z } from 'zod';
import { findings, reviewOutcomes, sanctions, satisfaction } from './domain.ts';
import { defineEvents, type PlannedEvent, type PublicEvents } from './workflow.ts';

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

/** Every event a case's history may hold (complaint_events.type). */
export const caseEventTypes = [
  'received',
  'identity-consent',
  'accepted',
  'declined',
  'registered',
  'parties-confirmed',
  'submitted',
  'approved',
  'transferred',
  'assigned',
  'note',
  'extension-requested',
  'extended',
  'extension-refused',
  'concluded',
  'outcome',
  'archived',
  'overdue',
  'deadline-recomputed',
  'rated',
  'review-requested',
  'review-concluded',
  'review-outcome',
  'rating-reviewed',
  'recused',
  'identity-disclosed',
] as const;
export type CaseEvent = (typeof caseEventTypes)[number];

const noted = z.object({ note: z.string().optional() });
const outcome = z.object({ finding: z.enum(findings.codes), sanctions: z.array(z.enum(sanctions.codes)), staffConcerned: z.string().nullable(), unit: z.string() });

export const caseEvents = defineEvents<CaseEvent>()({
  received: { label: '收到投诉', public: true, publicLabel: '已收到投诉', data: z.object({ channel: z.string() }) },
  'identity-consent': { label: '投诉人同意被投诉部门知悉其身份', public: false, data: z.object({}) },
  accepted: { label: '受理', public: true, publicLabel: '已受理', data: z.object({ dueBy: z.string() }) },
  declined: { label: '不予受理', public: true, publicLabel: '不予受理', data: z.object({ reason: z.string(), legalBasis: z.string(), referral: z.string() }) },
  registered: { label: '登记', public: false, data: noted },
  'parties-confirmed': { label: '确认被投诉人', public: false, data: z.object({ concerned: z.string().nullable(), textCleared: z.enum(['yes', 'no']) }) },
  submitted: { label: '呈批', public: false, data: noted },
  approved: { label: '批示交办', public: false, data: noted },
  transferred: { label: '转办', public: true, publicLabel: '已转办', data: z.object({ department: z.string(), departmentName: z.string() }) },
  assigned: { label: '指定承办人', public: false, data: z.object({ assignee: z.string() }) },
  note: { label: '办理记录', public: false, data: noted.extend({ firstReceiver: z.string().nullable().optional() }) },
  'extension-requested': { label: '申请延期', public: false, data: z.object({ days: z.number().int(), reason: z.string() }) },
  extended: { label: '批准延期', public: true, publicLabel: '办理期限已延长', data: z.object({ reason: z.string(), newDueBy: z.string() }) },
  'extension-refused': { label: '不批准延期', public: false, data: noted },
  concluded: { label: '报结（答复投诉人）', public: true, publicLabel: '已办结', data: z.object({ finding: z.enum(findings.codes), reply: z.string().optional() }) },
  // The page marks internal events with （内部） itself (issue 17 item 9: it said so twice).
  outcome: { label: '处理结果', public: false, data: outcome },
  archived: { label: '归档', public: false, data: noted },
  overdue: { label: '超期提醒', public: false, data: z.object({ dueBy: z.string(), stage: z.string() }) },
  'deadline-recomputed': { label: '期限按新录入的工作日历更正', public: false, data: z.object({ from: z.string(), to: z.string() }) },
  rated: { label: '投诉人评价', public: true, publicLabel: '已评价', data: z.object({ level: z.enum(satisfaction.codes) }) },
  'review-requested': { label: '投诉人申请复核', public: true, publicLabel: '已申请复核', data: z.object({}) },
  'review-concluded': {
    label: '复核结论（答复投诉人）',
    public: true,
    publicLabel: '复核结论',
    data: z.object({ outcome: z.enum(reviewOutcomes.codes), finding: z.enum(findings.codes).optional(), reply: z.string() }),
  },
  'review-outcome': { label: '复核后的处理结果', public: false, data: outcome.extend({ previousFinding: z.enum(findings.codes).nullable() }) },
  'rating-reviewed': { label: '差评回访', public: false, data: noted },
  recused: { label: '自行回避', public: false, data: z.object({ person: z.string(), reason: z.string() }) },
  'identity-disclosed': { label: '决定向被投诉部门公开投诉人身份', public: false, data: z.object({ reason: z.string() }) },
});
export type CaseEvents = typeof caseEvents;
/** The events the complainant sees on the tracking page and through the API. */
export type PublicCaseEvent = PublicEvents<CaseEvents>;
export const publicCaseEvents = caseEventTypes.filter((e): e is PublicCaseEvent => caseEvents[e].public);
/** A case event as an action plans it. */
export type CaseEventPlan = PlannedEvent<CaseEvents>;

/** The office timeline's name for an event type (old or unknown types show as written). */
export function caseEventLabel(type: string): string {
  return (caseEvents as Record<string, { label: string }>)[type]?.label ?? type;
}
