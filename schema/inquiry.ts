/**
 * First-inquiry register (首问登记, issue 13; seeds 000–003 首问负责制): every inquiry a staff member is
 * the first to receive — not only complaints — with how it was handled, the limit that applies, and
 * the first receiver's follow-up duty (督促责任) until whoever handles it closes it.
 *
 * One declaration for the workflow (schema/workflow.ts, as cases and appointments): the outcomes,
 * the actions (label, roles, allowed states, input schema, events written, effect) and the events
 * (label, public or not, data schema). Views, the public tracking page, the sweep, the seed and the
 * D1 column type read these maps; a missing entry is a compile error.
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.ts';
import type { Role } from './domain.ts';
import { ACCESS_CODE_PATTERN, ids, labels, LANDLINE, line, MOBILE, normaliseCode, paragraph } from './common.ts';
import { addWorkingDays, deadline, endOfShanghaiDay, shanghaiDate, type WorkCalendar } from './workdays.ts';
import { defineActions, defineEvents, type PlannedEvent } from './workflow.ts';

/** How the inquiry reached the office. */
export const inquiryChannels = labels({
  visit: '来访',
  phone: '来电',
  letter: '来信',
  email: '电子邮件',
  online: '网上留言',
  reception: '局长接待日',
});
export type InquiryChannel = (typeof inquiryChannels.codes)[number];

/** How pressing the matter is; picks the limit (seed 003). */
export const inquiryPriorities = labels({
  ordinary: '一般事项',
  special: '特殊事项',
  urgent: '紧急事项',
});
export type InquiryPriority = (typeof inquiryPriorities.codes)[number];

/** How the first receiver handled it (首问负责制: the five ways the seeds allow). */
export const inquiryOutcomes = labels({
  'on-the-spot': '当场答复',
  later: '本人职责，需要时间办理',
  'other-section': '属其他处室，已转交',
  'other-agency': '不属本机关，已告知承办机关',
  'reported-upward': '已向上级报告',
});
export type InquiryOutcome = (typeof inquiryOutcomes.codes)[number];

/** Outcomes after which the office has nothing left to do: the inquiry is closed when registered. */
export const closedAtRegistration: readonly InquiryOutcome[] = ['on-the-spot', 'other-agency'];

export const inquiryStatuses = labels({ open: '办理中', closed: '已办结' });
export type InquiryStatus = (typeof inquiryStatuses.codes)[number];

/** The named limits of seed 003, configured per office in content/office.yaml (`inquiryLimits`). */
export const inquiryLimitNames = labels({
  urgent: '紧急事项：即时办理',
  ordinary: '一般事项：10 日内办结',
  phoneOrdinary: '电话一般事项：10 分钟内办理回复',
  phoneSpecial: '电话特殊事项：3 小时内办理回复',
  reception: '局长接待日反映的事项：10 个工作日内答复',
});
export type InquiryLimitName = (typeof inquiryLimitNames.codes)[number];

/** One limit: minutes from receipt, or working days on the official calendar; with where it comes from. */
export interface InquiryLimit {
  minutes?: number;
  workingDays?: number;
  source: string;
}
export type InquiryLimits = Record<InquiryLimitName, InquiryLimit>;

/** Which limit applies: urgent at once whatever the channel; phone by priority; else ordinary. */
export function limitFor(channel: InquiryChannel, priority: InquiryPriority): InquiryLimitName {
  if (priority === 'urgent') return 'urgent';
  // Seed 004: matters raised at the director's reception day are answered within 10 working days.
  if (channel === 'reception') return 'reception';
  if (channel === 'phone') return priority === 'special' ? 'phoneSpecial' : 'phoneOrdinary';
  return 'ordinary';
}

export interface InquiryDue {
  /** Unix ms after which the inquiry is overdue. */
  dueAt: number;
  /** True when a working-day count ran past the calendar on file. */
  provisional: boolean;
}

/** The due instant of `limit` for an inquiry received at `receivedAt`. */
export function dueOf(limit: InquiryLimit, receivedAt: number, calendar: WorkCalendar): InquiryDue {
  if (limit.workingDays !== undefined) {
    const d = deadline(calendar, shanghaiDate(receivedAt), limit.workingDays);
    return { dueAt: endOfShanghaiDay(d.date), provisional: d.provisional };
  }
  return { dueAt: receivedAt + (limit.minutes ?? 0) * 60_000, provisional: false };
}

export type InquiryDeadlineState = 'closed' | 'on-time' | 'due-soon' | 'overdue';
export const deadlineStates: Record<InquiryDeadlineState, string> = { closed: '已办结', 'on-time': '未到期', 'due-soon': '即将到期', overdue: '已超期' };

/**
 * Overdue once `now` is past the due instant (the due instant itself is still on time). Due soon:
 * for a working-day limit, when the due day is within `dueSoonDays` working days; for a limit in
 * minutes, when half the window or less is left.
 */
export function deadlineState(row: { status: InquiryStatus; receivedAt: number; dueAt: number; limitName: InquiryLimitName }, limits: InquiryLimits, calendar: WorkCalendar, dueSoonDays: number, now: number): InquiryDeadlineState {
  if (row.status === 'closed') return 'closed';
  if (now > row.dueAt) return 'overdue';
  if (limits[row.limitName].workingDays !== undefined) {
    let soon: string;
    try {
      soon = addWorkingDays(calendar, shanghaiDate(now), dueSoonDays);
    } catch {
      soon = shanghaiDate(now + dueSoonDays * 86_400_000);
    }
    return shanghaiDate(row.dueAt) <= soon ? 'due-soon' : 'on-time';
  }
  return row.dueAt - now <= (row.dueAt - row.receivedAt) / 2 ? 'due-soon' : 'on-time';
}

export const INQUIRY_REFERENCE_PATTERN = /^SW-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const phone = (label: string, extension = true) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .transform((v) => v.replace(/[\s()（）]/g, ''))
    .refine((v) => MOBILE.test(v) || LANDLINE.test(v) || (extension && /^\d{3,8}$/.test(v)), `${label}要写成手机号码或区号-号码，例如 13800000000 或 0519-85600000`);

/** Registering an inquiry: the facts, then the details the chosen outcome needs. */
export function registerSchema(catalogue: Catalogue, today: string) {
  const staffIds = ids(catalogue.staff);
  const departmentIds = ids(catalogue.departments);
  return z
    .strictObject({
      channel: z.enum(inquiryChannels.codes, { error: '请选择来访、来电等渠道' }),
      priority: z.enum(inquiryPriorities.codes, { error: '请选择事项的缓急' }),
      firstReceiver: z.enum(staffIds, { error: '请选择首问责任人（在场职位最高者）' }),
      name: line('询问人姓名', 50, '').optional(),
      phone: phone('询问人电话', false).optional(),
      matter: paragraph('所问事项', 2, 500, '请简要写下所问事项'),
      outcome: z.enum(inquiryOutcomes.codes, { error: '请选择办理方式' }),
      answer: line('答复要点', 200, '').optional(),
      contactName: line('告知的联系人', 50, '').optional(),
      contactPhone: phone('告知的联系电话').optional(),
      department: z.enum(departmentIds, { error: '请选择承办处室' }).optional(),
      agencyName: line('承办机关名称', 100, '').optional(),
      agencyAddress: line('承办机关地址', 100, '').optional(),
      agencyPhone: phone('承办机关电话').optional(),
      reportTo: line('报告对象', 100, '').optional(),
      reportSentOn: z.string().trim().regex(DATE, '报告发出日期要写成 YYYY-MM-DD，例如 2026-12-01').optional(),
      appointment: z
        .string()
        .trim()
        .transform((v) => v.toUpperCase())
        .pipe(z.string().regex(/^YY-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/, '接待日预约编号的格式是 YY-四位数字-六位字母数字'))
        .optional(),
      giveCode: z.literal('yes', { error: '“发给查询码”只能勾选或不勾选' }).optional(),
    })
    .superRefine((v, ctx) => {
      const need = (field: keyof typeof v, message: string) => {
        if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
      };
      switch (v.outcome) {
        case 'on-the-spot':
          need('answer', '请写下当场答复的要点');
          break;
        case 'later':
          need('contactName', '请填写告知询问人的联系人');
          need('contactPhone', '请填写告知询问人的联系电话');
          break;
        case 'other-section':
          need('department', '请选择转交的处室');
          break;
        case 'other-agency':
          need('agencyName', '请填写承办机关名称');
          need('agencyAddress', '请填写告知询问人的承办机关地址');
          need('agencyPhone', '请填写告知询问人的承办机关电话');
          break;
        case 'reported-upward':
          need('reportTo', '请填写报告的上级机关或领导');
          need('reportSentOn', '请填写报告发出日期（已告知询问人）');
          if (v.reportSentOn !== undefined && v.reportSentOn > today) ctx.addIssue({ code: 'custom', path: ['reportSentOn'], message: '报告发出日期不能晚于今天' });
          break;
      }
      // 局长接待日: each matter is assigned to a section and answered within the limit (seed 004).
      if (v.channel === 'reception' && v.outcome !== 'other-section' && v.outcome !== 'later') {
        ctx.addIssue({ code: 'custom', path: ['outcome'], message: '接待日反映的事项要交由处室办理：请选择“本人职责，需要时间办理”或“属其他处室，已转交”' });
      }
    });
}
export const registerFields = ['channel', 'priority', 'firstReceiver', 'name', 'phone', 'matter', 'outcome', 'answer', 'contactName', 'contactPhone', 'department', 'agencyName', 'agencyAddress', 'agencyPhone', 'reportTo', 'reportSentOn', 'appointment', 'giveCode'] as const;
export type RegisterInput = z.output<ReturnType<typeof registerSchema>>;

const version = z.coerce.number({ error: '页面已过期，请刷新后再操作' }).int().positive();

/** The actions on a registered inquiry and the events its history holds (inquiry_events.type). */
export type InquiryAction = 'close' | 'follow-up';
export type InquiryEvent = 'registered' | 'handed-over' | 'followed-up' | 'closed' | 'overdue' | 'converted';

/** Each event: its label (the console's and, for public ones, the person's), whether the person sees it, its data. */
export const inquiryEvents = defineEvents<InquiryEvent>()({
  registered: { label: '已登记', public: true, publicLabel: '已登记', data: z.object({ outcome: z.enum(inquiryOutcomes.codes), limit: z.enum(inquiryLimitNames.codes) }) },
  'handed-over': { label: '已转交承办处室', public: true, publicLabel: '已转交承办处室', data: z.object({ department: z.string(), post: z.string(), assignee: z.string(), via: z.string() }) },
  'followed-up': { label: '首问责任人督促', public: false, data: z.object({ note: z.string() }) },
  closed: { label: '已办结', public: true, publicLabel: '已办结', data: z.object({ reply: z.string() }) },
  overdue: { label: '已超过办理时限', public: false, data: z.object({ dueAt: z.number() }) },
  converted: { label: '已转为效能投诉', public: true, publicLabel: '已转为效能投诉', data: z.object({ complaint: z.string() }) },
});
export type InquiryEventPlan = PlannedEvent<typeof inquiryEvents>;

/** What an action writes, in one D1 batch with the conditional update (worker/services/inquiries.ts). */
export interface InquiryPlan {
  set: { status?: InquiryStatus; closedAt?: number };
  events: InquiryEventPlan[];
}

const { action, actions } = defineActions<InquiryAction, Role, InquiryStatus, InquiryEvent, unknown, { now: number }, InquiryPlan>();

/** Each action: who may take it, in which states, what the form sends, the event it writes and its effect. */
export const inquiryActions = actions({
  close: action({
    label: '记录办结',
    roles: ['intake', 'handler', 'supervisor'],
    states: ['open'],
    input: z.strictObject({ version, reply: paragraph('办结情况', 2, 500, '请写下如何答复或办结') }),
    writes: ['closed'],
    effect: (v, { now }) => ({ set: { status: 'closed', closedAt: now }, events: [{ type: 'closed', data: { reply: v.reply } }] }),
  }),
  'follow-up': action({
    label: '记录督促',
    roles: ['intake', 'handler', 'supervisor'],
    states: ['open'],
    input: z.strictObject({ version, note: paragraph('督促情况', 2, 300, '请写下督促了谁、结果如何') }),
    writes: ['followed-up'],
    effect: (v) => ({ set: {}, events: [{ type: 'followed-up', data: { note: v.note } }] }),
  }),
});
export const actionFields: Record<InquiryAction, readonly string[]> = { close: ['reply'], 'follow-up': ['note'] };

/** What the person sees with reference + query code: no matter text, no staff internals. */
/** What the person sees of their inquiry (page and POST /api/inquiries/track): no one's personal data but the contact they were told. */
export const inquiryView = z.object({
  reference: z.string(),
  /** How it came in (label). */
  channel: z.string(),
  /** YYYY-MM-DD, Asia/Shanghai. */
  receivedOn: z.string(),
  /** How it was handled (label). */
  outcome: z.string(),
  status: z.string(),
  /** The reply deadline, Unix ms. */
  dueAt: z.number().int(),
  overdue: z.boolean(),
  /** The contact the person was given at registration (an officer's work phone), if any. */
  contact: z.object({ name: z.string(), phone: z.string() }).optional(),
  /** The complaint it was turned into, if any. */
  complaint: z.string().optional(),
  /** Whether the person left a name and phone (a conversion is then a named complaint). */
  named: z.boolean(),
  events: z.array(z.object({ at: z.number().int(), label: z.string() })),
});
export type InquiryPublicView = z.output<typeof inquiryView>;

/** Looking an inquiry up: its reference and the query code given when it was registered. */
export const inquiryTrackInput = z.strictObject({
  reference: z
    .string({ error: '请填写首问编号，例如 SW-2612-7KQ4M9' })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(INQUIRY_REFERENCE_PATTERN, '首问编号的格式是 SW-四位数字-六位字母数字，例如 SW-2612-7KQ4M9')),
  accessCode: z
    .string({ error: '请填写查询码（10 位字母和数字）' })
    .transform(normaliseCode)
    .pipe(z.string().regex(ACCESS_CODE_PATTERN, '查询码是登记时告知您的 10 位字母和数字，例如 7KQ4M-9TXB2')),
});
export const inquiryTrackFields = ['reference', 'accessCode'] as const;
