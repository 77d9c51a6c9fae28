import { z } from 'zod';
import { clock, contentDate, id, phone, text, workingDays } from '../common.ts';

/** A service commitment (服务承诺). */
export const commitment = z.object({
  /** What is promised, as a heading. */
  title: text,
  /** Display order. */
  order: z.number().int().default(100),
  /** Department id the promise binds, or omitted for the whole office. */
  department: id.optional(),
  /** The standard the public can hold the office to. */
  standard: text,
  /** The time limit as told to the public, e.g. 当场答复 or 5 个工作日内. */
  timeLimit: text,
  /** What happens when the promise is broken (违诺处理). */
  breach: text,
});
export type Commitment = z.output<typeof commitment>;

/** A key figure of a rule, shown beside its text, e.g. 一月内被投诉属实 3 次 → 待岗 15 天. */
export const figure = z.object({ label: text, value: text });

/** An efficiency rule (制度). The body of the MDX file holds the rule's articles. */
export const rule = z.object({
  /** Title, e.g. 首问负责制. */
  title: text,
  /** Other names the rule goes by, e.g. 同岗替代制 for AB岗位制; searched too. */
  aliases: z.array(text).default([]),
  /** Display order. */
  order: z.number().int().default(100),
  /** Document number (文号), e.g. 示范效〔2026〕3号. */
  docNumber: text,
  /** Issuing body (发布机关). */
  issuer: text,
  /** Date the rule took effect. */
  effective: contentDate,
  /** In force (现行有效) or replaced (已被替代). */
  status: z.enum(['in-force', 'replaced'], { error: 'status 只能写 in-force（现行有效）或 replaced（已被替代）' }),
  /** Rule id that replaced this one, when status is replaced. */
  replacedBy: id.optional(),
  /** One-sentence summary for lists and search results. */
  summary: text,
  /** Key figures. */
  figures: z.array(figure).default([]),
});
export type Rule = z.output<typeof rule>;

/** A social supervisor (特邀社会监督员): a public role, named by the office. */
export const supervisor = z.object({ name: text, affiliation: text });

/** One slot of the director's reception day, with how many people it can take. */
export const receptionSlot = z.object({
  start: clock,
  end: clock,
  /** Places in this slot; the booking code never goes past it. */
  capacity: z.number().int().min(1, '名额至少为 1'),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份要写成 YYYY-MM，例如 2027-05');

/**
 * A dated exception to the reception rule, for one month: the day moved (another date), another
 * place or receiver, other slots, or no reception that month (cancelled, with the reason told to
 * the public).
 */
export const receptionException = z.object({
  /** The month the exception applies to (YYYY-MM). */
  month,
  /** The day it is held instead of the rule's day. */
  date: contentDate.optional(),
  /** No reception day that month. */
  cancelled: z.boolean().default(false),
  /** Another receiver (staff id) that month. */
  receiver: id.optional(),
  /** Another place that month, e.g. a community centre (送服务进社区). */
  place: text.optional(),
  /** Other slots that month. */
  slots: z.array(receptionSlot).min(1, '每个接待日至少要有一个时段').optional(),
  /** Why, told to the public (required for a cancellation or a moved day). */
  note: text.optional(),
});

/**
 * The director's reception day (局长接待日, seed 004) as the office maintains it: a rule (the N-th
 * weekday of each month, moved a week when it falls on a public holiday), the rotation of leaders
 * who receive, the default place and slots, how many months ahead are published, and dated
 * exceptions. The days themselves are computed (schema/reception.ts), never listed by hand, so the
 * list cannot silently run out.
 */
export const receptionSchedule = z.object({
  /** The practice as told to the public. */
  practice: text,
  /** Day of the week: 1 = Monday … 5 = Friday. */
  weekday: z.number().int().min(1, 'weekday 写 1（星期一）到 5（星期五）').max(5, 'weekday 写 1（星期一）到 5（星期五）'),
  /** Which occurrence of that weekday in the month: 1 = the first. */
  week: z.number().int().min(1, 'week 写 1 到 4').max(4, 'week 写 1 到 4').default(1),
  /** When the day is a public holiday (or otherwise not a working day): move it by N weeks. */
  holidayShiftWeeks: z.number().int().min(1).max(2).default(1),
  /** Staff ids of the leaders who receive in turn, one a month. */
  receivers: z.array(id).min(1, '至少要有一位接待领导'),
  /** The month the first receiver of the list receives; the rotation counts on from there. */
  rotationFrom: month,
  /** The schedule is approved up to this month (YYYY-MM); omit when the rule holds until changed. */
  approvedThrough: month.optional(),
  /** Months published ahead, counting the current one. */
  monthsAhead: z.number().int().min(1).max(24).default(6),
  /** Default place. */
  place: text,
  /** Default slots. */
  slots: z.array(receptionSlot).min(1, '每个接待日至少要有一个时段'),
  /** Dated exceptions, one per month at most. */
  exceptions: z.array(receptionException).default([]),
});
export type ReceptionSchedule = z.output<typeof receptionSchedule>;

/** Supervision channels (监督): how the public complains and who watches. */
export const supervision = z.object({
  /** Name of the efficiency office that handles complaints. */
  officeName: text,
  /** Complaint phone (效能投诉电话). */
  complaintPhone: phone,
  /** Hours the complaint phone is answered. */
  phoneHours: text,
  /** Postal mailbox (投诉信箱). */
  mailbox: text,
  /** E-mail address for complaints. */
  email: z.email('电子邮箱格式不对，例如 xiaoneng@example.gov.cn'),
  /** Where the complaint box stands in the building. */
  box: text,
  /** Social supervisors. */
  supervisors: z.array(supervisor).default([]),
  /** The director's reception day: rule, rotation, place, slots and exceptions. */
  reception: receptionSchedule,
});
export type Supervision = z.output<typeof supervision>;

/** The official working-day calendar of one year (国务院办公厅 holiday notice). */
export const calendarYear = z.object({
  year: z.number().int().min(2000).max(2100),
  /** The notice the dates come from, e.g. 国办发明电〔2025〕7号. */
  source: text,
  /** Public holidays: each a named run of days off. */
  holidays: z.array(
    z.object({
      name: text,
      /** Days off (including weekend days inside the run). */
      days: z.array(contentDate).min(1),
    }),
  ),
  /** Make-up working days (调休上班) that fall on a weekend. */
  workdays: z.array(contentDate).default([]),
});
export type CalendarYear = z.output<typeof calendarYear>;

/** One named limit of the inquiry register: minutes or working days (exactly one), and its source. */
const inquiryLimit = z
  .object({
    minutes: z.number().int().min(0).max(1440).optional(),
    workingDays: z.number().int().min(1).max(60).optional(),
    /** Where the figure comes from (the rule and its clause), shown in the console. */
    source: z.string().min(2),
  })
  .refine((l) => (l.minutes === undefined) !== (l.workingDays === undefined), '每个首问时限写 minutes 或 workingDays 其中一项');

/** Office-wide settings: the office's name and the time limits of each case stage. */
export const office = z.object({
  /** Name of the office, e.g. 示范市人民政府办公室. */
  name: text,
  /** City, shown in the header. */
  city: text,
  /** True for the shipped demo office; every page then says it is demo data. */
  demo: z.boolean().default(false),
  /** Address of the office. */
  address: text,
  /** Time limits of the complaint workflow, in working days. */
  limits: z.object({
    /** Decide on acceptance within N working days of receipt. */
    acceptance: workingDays.default(5),
    /** Register (登记) within N working days of acceptance (internal stage limit). */
    registration: workingDays.default(2),
    /** Submit for and obtain approval (呈批) within N working days of registration (internal stage limit). */
    approval: workingDays.default(3),
    /** Conclude within N working days of acceptance. */
    conclusion: workingDays.default(30),
    /** One extension of at most N working days. */
    extension: workingDays.default(30),
    /** Ordinary requests (一般件) within N days (seed 003). */
    ordinary: workingDays.default(10),
    /** Mark a case due soon when this many working days or fewer remain. */
    dueSoon: workingDays.default(2),
    /** A review (复核) may be asked within N calendar days of conclusion. */
    reviewWindowDays: z.number().int().default(30),
    /** An accountability decision may be appealed (申诉) within N calendar days of its service (issue 14). */
    appealWindowDays: z.number().int().min(1, '申诉期限至少 1 天').max(90, '申诉期限最多 90 天').default(30),
  }),
  /**
   * The named limits of the first-inquiry register (首问登记, issue 13), each with its source: minutes
   * from receipt, or working days on the official calendar. Defaults are seed 003's figures.
   */
  inquiryLimits: z
    .object({
      urgent: inquiryLimit.default({ minutes: 0, source: '机关效能建设制度：紧急事项即时办理' }),
      ordinary: inquiryLimit.default({ workingDays: 10, source: '机关效能建设制度：一般事项 10 日内办结' }),
      phoneOrdinary: inquiryLimit.default({ minutes: 10, source: '值守联络制度：电话一般事项 10 分钟内办理回复' }),
      phoneSpecial: inquiryLimit.default({ minutes: 180, source: '值守联络制度：电话特殊事项 3 小时内办理回复' }),
      reception: inquiryLimit.default({ workingDays: 10, source: '局长接待日制度：接待日反映的问题 10 个工作日内答复' }),
    })
    .prefault({}),
  /**
   * Years a concluded complaint or an archived appointment keeps its personal data; then
   * `npm run ops:purge` (worker/cli/purge.ts) removes it and keeps the anonymous facts the counts and
   * bulletins use. Default 3.
   */
  retentionYears: z.number().int().min(1, '保存期限至少 1 年').max(30, '保存期限最多 30 年').default(3),
});
export type Office = z.output<typeof office>;
