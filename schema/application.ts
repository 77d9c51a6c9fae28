/**
 * 电子监察 (issue 12): every service application (办件, `applications` in code) watched against its
 * limits. One declaration of the workflow: each event type with its label, whether the applicant's
 * 办件查询 shows it, and its data schema; the projection (what an application's events add up to)
 * and its deadlines; the card rules (预警纠错). Everything here is pure, so the console form, the
 * machine API, the sweep and the tests all read the same rules.
 *
 * Time is counted in working days on the calendar (schema/workdays.ts), the start day not counted:
 * - acceptance must be decided within ACCEPTANCE_DAYS of receipt (《行政许可法》第三十二条);
 * - the total limit runs from acceptance: `committedDays` (承诺时限) and `statutoryDays` (法定时限),
 *   each lengthened by the working days of lawful clock stops (补正、听证、检验检测、专家评审) and by an
 *   approved extension (延期); while the clock is stopped no deadline runs;
 * - each step's limit is the sum of `steps[].days` up to that step, from acceptance, plus the stops.
 */
import { z } from 'zod';
import { MOBILE } from './common.ts';
import type { Catalogue } from './catalogue.ts';
import { deadline, shanghaiDate, workingDaysBetween, type Deadline, type WorkCalendar } from './workdays.ts';
import type { Role } from './domain.ts';
import { defineActions, defineEvents, type PlannedEvent } from './workflow.ts';

/** Working days to decide whether to accept an application (《行政许可法》第三十二条：五日内). */
export const ACCEPTANCE_DAYS = 5;
/** An event recorded this long after it happened is marked as entered late (补录). */
export const LATE_AFTER_MS = 24 * 3_600_000;

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const shortText = (max: number, what: string) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}最多 ${max} 个字`);
const optionalText = (max: number, what: string) => z.string({ error: `${what}要写成文字` }).trim().max(max, `${what}最多 ${max} 个字`).optional();

export const channels = ['window', 'online', 'post'] as const;
export const channelLabels: Record<(typeof channels)[number], string> = { window: '窗口', online: '网上', post: '邮寄' };
export const stopKinds = ['correction', 'hearing', 'testing', 'expert-review'] as const;
export const stopLabels: Record<(typeof stopKinds)[number], string> = { correction: '等待申请人补正', hearing: '听证', testing: '检验检测', 'expert-review': '专家评审' };
export const outcomes = ['approved', 'refused', 'withdrawn'] as const;
export const outcomeLabels: Record<(typeof outcomes)[number], string> = { approved: '准予办理', refused: '不予办理', withdrawn: '申请人撤回' };

/** The applicant: sealed at rest (worker/lib/crypto.ts), never in a public page, API, log or figure. */
export const applicant = z.object({
  kind: z.enum(['person', 'organisation'], { error: 'applicant.kind 只能是 person（个人）或 organisation（单位）' }),
  name: shortText(100, '申请人名称'),
  /** Identity card or unified social credit code. */
  idNumber: optionalText(30, '证件号码'),
  phone: optionalText(20, '联系电话'),
  /** For the notices the applicant chose (issue 15); sealed with the rest. */
  email: z
    .string({ error: '电子邮箱要写成文字，例如 name@example.com' })
    .trim()
    .refine((v) => v === '' || (v.length <= 100 && EMAIL.test(v)), '电子邮箱格式不对，请写成 name@example.com 这样的地址')
    .optional(),
});
export type Applicant = z.output<typeof applicant>;

const staffId = z.string().trim().regex(/^[a-z0-9-]{1,60}$/, '请填写本局工作人员编号（小写字母、数字和连字符）');

/** Every event of an application: label, shown on 办件查询 or not, data schema. */
export const applicationEvents = {
  received: {
    label: '收件',
    public: true,
    data: z
      .object({
        service: z.string().min(1, '请填写事项编号（catalogue 中的 service id）'),
        channel: z.enum(channels, { error: 'channel 只能是 window（窗口）、online（网上）或 post（邮寄）' }),
        applicant,
        /** Staff id of the first receiver (首问/收件人). */
        receiver: staffId.optional(),
        /**
         * The channels the applicant chose for status notices (issue 15): accepted, 不予受理, 补正,
         * extension, conclusion, and the 好差评 invitation. Kept on the application as its
         * notification subscriptions; never in the event history.
         */
        notify: z
          .object({
            email: z.boolean({ error: 'notify.email 要写成 true 或 false' }).optional(),
            sms: z.boolean({ error: 'notify.sms 要写成 true 或 false' }).optional(),
          })
          .optional(),
      })
      .superRefine((v, ctx) => {
        if (v.notify?.email && !v.applicant.email) ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: '申请人选择了电子邮件通知，请填写电子邮箱；不需要就取消 notify.email' });
        if (v.notify?.sms && !(v.applicant.phone && MOBILE.test(v.applicant.phone))) {
          ctx.addIssue({ code: 'custom', path: ['applicant', 'phone'], message: '申请人选择了短信通知，请填写 11 位手机号；不需要就取消 notify.sms' });
        }
      }),
  },
  accepted: { label: '受理', public: true, data: z.object({ by: staffId.optional() }) },
  'not-accepted': {
    label: '不予受理',
    public: true,
    // Reason and basis are what the law requires; an answer without them is taken in and carded red.
    data: z.object({ reason: optionalText(500, '不予受理理由'), basis: optionalText(300, '法律依据'), by: staffId.optional() }),
  },
  'correction-requested': {
    label: '一次性告知补正',
    public: true,
    data: z.object({ materials: z.array(shortText(100, '补正材料')).min(1, '补正告知要一次列出全部所缺材料，至少一项').max(50, '补正材料最多 50 项') }),
  },
  'stop-started': {
    label: '计时暂停',
    public: true,
    data: z.object({ kind: z.enum(stopKinds, { error: 'kind 只能是 correction、hearing、testing 或 expert-review' }), note: optionalText(300, '说明') }),
  },
  'stop-ended': { label: '恢复计时', public: true, data: z.object({}) },
  'step-done': {
    label: '环节办结',
    public: true,
    data: z.object({ step: z.number().int().min(0, 'step 是事项 steps 的序号，从 0 开始'), by: staffId.optional() }),
  },
  extended: {
    label: '延期',
    public: true,
    data: z.object({
      days: z.number().int().min(1, '延期至少 1 个工作日').max(30, '延期最多 30 个工作日'),
      reason: shortText(300, '延期理由（将告知申请人）'),
      approvedBy: staffId,
    }),
  },
  'fee-charged': {
    label: '收费',
    public: true,
    data: z.object({ item: shortText(100, '收费项目'), amountYuan: z.number().min(0, '金额不能为负').max(100_000_000, '金额过大') }),
  },
  concluded: {
    label: '办结',
    public: true,
    data: z.object({ outcome: z.enum(outcomes, { error: 'outcome 只能是 approved、refused 或 withdrawn' }), reason: optionalText(500, '理由'), basis: optionalText(300, '法律依据'), by: staffId.optional() }),
  },
} as const satisfies Record<string, { label: string; public: boolean; data: z.ZodType }>;

export type ApplicationEventType = keyof typeof applicationEvents;
export const eventTypes = Object.keys(applicationEvents) as ApplicationEventType[];
export type EventData<T extends ApplicationEventType> = z.output<(typeof applicationEvents)[T]['data']>;

/** One event as a business system (or the console) sends it. */
export const eventInput = z.object({
  /** The sender's own id for the event: sending it again changes nothing (idempotent). */
  id: z.string().regex(/^[\x21-\x7e]{8,100}$/, '事件 id 应为 8—100 个可见 ASCII 字符，建议用 UUID'),
  /** 办件编号, unique in the office. */
  application: z.string().regex(/^[A-Za-z0-9-]{6,40}$/, '办件编号应为 6—40 位字母、数字或连字符'),
  type: z.enum(eventTypes as [ApplicationEventType, ...ApplicationEventType[]], { error: `type 只能是 ${eventTypes.join('、')}` }),
  /** When it happened (ISO 8601 with offset); may be earlier than events already sent. */
  occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt 要写成带时区的 ISO 8601 时间，例如 2026-12-01T09:30:00+08:00' }),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type EventInput = z.output<typeof eventInput>;

/** A stored event, as the projection reads it. */
export interface StoredEvent<T extends ApplicationEventType = ApplicationEventType> {
  type: T;
  /** Unix ms it happened. */
  occurredAt: number;
  /** Unix ms it was recorded; ties in occurredAt are ordered by it. */
  recordedAt: number;
  seq: number;
  data: EventData<T>;
}

export type ApplicationStatus = 'received' | 'accepted' | 'not-accepted' | 'approved' | 'refused' | 'withdrawn';
export const statusLabels: Record<ApplicationStatus, string> = {
  received: '已收件，待受理',
  accepted: '已受理，办理中',
  'not-accepted': '不予受理',
  approved: '办结：准予办理',
  refused: '办结：不予办理',
  withdrawn: '申请人撤回',
};
export const finalStatuses: ReadonlySet<ApplicationStatus> = new Set(['not-accepted', 'approved', 'refused', 'withdrawn']);

export type CatalogueService = Catalogue['services'][number];

export interface Stop {
  kind: (typeof stopKinds)[number];
  from: string;
  to?: string;
}

/** What an application's events add up to, and its deadlines as of `today`. */
export interface Projection {
  service: string;
  department: string;
  channel: (typeof channels)[number];
  receiver?: string;
  receivedOn: string;
  status: ApplicationStatus;
  acceptedOn?: string;
  decidedOn?: string;
  concludedOn?: string;
  acceptBy: Deadline;
  /** Committed and statutory due dates; absent before acceptance, after conclusion they are kept. */
  dueBy?: Deadline;
  statutoryBy?: Deadline;
  /** The first step not yet done and its due date. */
  currentStep?: { index: number; name: string; dueBy: Deadline };
  stepsDone: { index: number; on: string; by?: string }[];
  stops: Stop[];
  stopped: boolean;
  extension?: { days: number; reason: string; approvedBy: string };
  missingMaterials: string[];
  fees: { item: string; amountYuan: number }[];
  refusal?: { reason?: string; basis?: string };
}

/** Why an event does not fit the application's history (one Chinese sentence), or a projection. */
export type Replay = { ok: true; projection: Projection } | { ok: false; reason: string; at: number };

export function orderEvents<E extends { occurredAt: number; recordedAt: number; seq: number }>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt || a.seq - b.seq);
}

const day = (ms: number) => shanghaiDate(ms);

/**
 * Replays the events in the order they happened. An event that does not fit where it happened (a
 * step before acceptance, anything after the conclusion) makes the whole history invalid: the
 * caller refuses the event that made it so, and the history stays as it was.
 */
export function replay(catalogue: Catalogue, calendar: WorkCalendar, events: readonly StoredEvent[], today: string): Replay {
  const ordered = orderEvents(events);
  const first = ordered[0];
  if (!first || first.type !== 'received') {
    return { ok: false, reason: '办件的第一个事件必须是 received（收件）：请先发送收件事件，或把 occurredAt 改为收件之后', at: 0 };
  }
  const r = first.data as EventData<'received'>;
  const service = catalogue.services.find((s) => s.id === r.service);
  if (!service) return { ok: false, reason: `没有 ${r.service} 这个事项：service 要写事项目录中的编号`, at: 0 };
  const receivedOn = day(first.occurredAt);
  const p: Projection = {
    service: service.id,
    department: service.department,
    channel: r.channel,
    receiver: r.receiver,
    receivedOn,
    status: 'received',
    acceptBy: deadline(calendar, receivedOn, ACCEPTANCE_DAYS),
    stepsDone: [],
    stops: [],
    stopped: false,
    missingMaterials: [],
    fees: [],
  };
  for (let i = 1; i < ordered.length; i++) {
    const e = ordered[i];
    const on = day(e.occurredAt);
    const fail = (reason: string): Replay => ({ ok: false, reason, at: i });
    if (finalStatuses.has(p.status)) return fail(`办件已于 ${p.concludedOn ?? p.decidedOn} ${statusLabels[p.status]}，之后不能再记录“${applicationEvents[e.type].label}”`);
    switch (e.type) {
      case 'received':
        return fail('同一办件只能收件一次：received 事件已存在');
      case 'accepted':
        if (p.status !== 'received') return fail('办件已受理，不能重复受理');
        if (p.stopped) return fail('补正等计时暂停尚未结束，请先发送 stop-ended 再受理');
        p.status = 'accepted';
        p.acceptedOn = p.decidedOn = on;
        break;
      case 'not-accepted': {
        if (p.status !== 'received') return fail('不予受理只能在受理之前作出');
        const d = e.data as EventData<'not-accepted'>;
        p.status = 'not-accepted';
        p.decidedOn = p.concludedOn = on;
        p.refusal = { reason: d.reason, basis: d.basis };
        break;
      }
      case 'correction-requested':
        if (p.status !== 'received') return fail('补正告知应在受理之前一次性作出');
        p.missingMaterials = (e.data as EventData<'correction-requested'>).materials;
        break;
      case 'stop-started': {
        if (p.stopped) return fail('计时已经暂停，请先发送 stop-ended');
        p.stops.push({ kind: (e.data as EventData<'stop-started'>).kind, from: on });
        p.stopped = true;
        break;
      }
      case 'stop-ended':
        if (!p.stopped) return fail('计时没有暂停，无从恢复');
        p.stops[p.stops.length - 1].to = on;
        p.stopped = false;
        break;
      case 'step-done': {
        if (p.status !== 'accepted') return fail('受理之后才能记录办理环节');
        const d = e.data as EventData<'step-done'>;
        if (d.step >= service.steps.length) return fail(`事项“${service.name}”只有 ${service.steps.length} 个环节（序号 0—${service.steps.length - 1}），没有序号 ${d.step}`);
        if (p.stepsDone.some((s) => s.index === d.step)) return fail(`环节 ${d.step}（${service.steps[d.step].name}）已经记录办结`);
        p.stepsDone.push({ index: d.step, on, by: d.by });
        break;
      }
      case 'extended': {
        if (p.status !== 'accepted') return fail('受理之后才能延期');
        if (p.extension) return fail('延期只能批准一次');
        const d = e.data as EventData<'extended'>;
        p.extension = { days: d.days, reason: d.reason, approvedBy: d.approvedBy };
        break;
      }
      case 'fee-charged': {
        const d = e.data as EventData<'fee-charged'>;
        p.fees.push({ item: d.item, amountYuan: d.amountYuan });
        break;
      }
      case 'concluded': {
        const d = e.data as EventData<'concluded'>;
        if (d.outcome !== 'withdrawn' && p.status !== 'accepted') return fail('受理之后才能办结（未受理的请用 not-accepted 或 outcome = withdrawn）');
        if (p.stopped) p.stops[p.stops.length - 1].to = on;
        p.stopped = false;
        p.status = d.outcome;
        p.concludedOn = on;
        if (d.outcome === 'refused') p.refusal = { reason: d.reason, basis: d.basis };
        break;
      }
    }
  }
  computeDeadlines(p, service, calendar, today);
  return { ok: true, projection: p };
}

/** Working days the clock stood still, each stop counted up to its end (or `until` while it runs). */
function stoppedDays(calendar: WorkCalendar, stops: readonly Stop[], from: string, until: string): number {
  let total = 0;
  for (const s of stops) {
    const start = s.from < from ? from : s.from;
    const end = s.to ?? until;
    if (end > start) total += safeBetween(calendar, start, end);
  }
  return total;
}

/** Working days between two dates; past the calendar, Monday–Friday (the deadline is then provisional anyway). */
function safeBetween(calendar: WorkCalendar, from: string, to: string): number {
  try {
    return workingDaysBetween(calendar, from, to);
  } catch {
    let n = 0;
    for (let d = new Date(`${from}T00:00:00Z`).getTime() + 86_400_000; d <= new Date(`${to}T00:00:00Z`).getTime(); d += 86_400_000) {
      const wd = new Date(d).getUTCDay();
      if (wd !== 0 && wd !== 6) n++;
    }
    return n;
  }
}

function computeDeadlines(p: Projection, service: CatalogueService, calendar: WorkCalendar, today: string): void {
  // Waiting for the applicant's 补正 before acceptance does not count against the acceptance limit.
  const beforeDecision = stoppedDays(calendar, p.stops, p.receivedOn, p.decidedOn ?? today);
  if (beforeDecision > 0) p.acceptBy = deadline(calendar, p.receivedOn, ACCEPTANCE_DAYS + beforeDecision);
  if (!p.acceptedOn) return;
  const until = p.concludedOn ?? today;
  const stopped = stoppedDays(calendar, p.stops, p.acceptedOn, until);
  const extension = p.extension?.days ?? 0;
  p.dueBy = deadline(calendar, p.acceptedOn, service.committedDays + stopped + extension);
  p.statutoryBy = deadline(calendar, p.acceptedOn, service.statutoryDays + stopped + extension);
  const done = new Set(p.stepsDone.map((s) => s.index));
  let cumulative = 0;
  for (let i = 0; i < service.steps.length; i++) {
    cumulative += service.steps[i].days;
    if (!done.has(i)) {
      if (!finalStatuses.has(p.status)) p.currentStep = { index: i, name: service.steps[i].name, dueBy: deadline(calendar, p.acceptedOn, cumulative + stopped) };
      break;
    }
  }
}

// ---- cards (预警纠错) ---------------------------------------------------------------------------

export const cardRules = {
  'step-overdue': { colour: 'yellow', label: '环节超过本环节时限（总时限尚未到）' },
  'due-soon': { colour: 'yellow', label: '距承诺时限不足一个工作日' },
  overdue: { colour: 'red', label: '超过承诺时限' },
  'acceptance-late': { colour: 'red', label: '法定期限内未作出受理或不予受理决定' },
  'refusal-without-basis': { colour: 'red', label: '不予受理或不予办理未说明理由和依据' },
  'fee-excess': { colour: 'red', label: '收费超过公布标准或对免费事项收费' },
} as const satisfies Record<string, { colour: 'yellow' | 'red'; label: string }>;
export type CardRule = keyof typeof cardRules;
export const cardRuleIds = Object.keys(cardRules) as CardRule[];
export type CardColour = 'yellow' | 'red';

/** A card a rule raises; `key` makes it unique per application, rule and boundary. */
export interface CardFinding {
  rule: CardRule;
  colour: CardColour;
  key: string;
  detail: string;
}

/** The published fee as a number of yuan, when the guide states one (e.g. “200 元/件”); else undefined. */
export function publishedFeeYuan(amount: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*元/.exec(amount);
  return m ? Number(m[1]) : undefined;
}

/**
 * The cards an application deserves on `today`, at and after each boundary: due dates are the last
 * day allowed, so `overdue` fires the day after; `due-soon` on the last working day before and on
 * the due date itself.
 */
export function cardFindings(p: Projection, service: CatalogueService, calendar: WorkCalendar, today: string): CardFinding[] {
  const found: CardFinding[] = [];
  const open = !finalStatuses.has(p.status);
  const add = (rule: CardRule, key: string, detail: string) => found.push({ rule, colour: cardRules[rule].colour, key: `${rule}:${key}`, detail });
  // Acceptance not decided within the legal time.
  const decided = p.decidedOn;
  if (decided ? decided > p.acceptBy.date : !p.stopped && today > p.acceptBy.date) {
    add('acceptance-late', p.acceptBy.date, `应于 ${p.acceptBy.date} 前决定是否受理，${decided ? `${decided} 才决定` : '至今未决定'}`);
  }
  if (p.refusal && (!p.refusal.reason || !p.refusal.basis)) {
    add('refusal-without-basis', p.status, `${statusLabels[p.status]}，未写明${!p.refusal.reason ? '理由' : ''}${!p.refusal.reason && !p.refusal.basis ? '和' : ''}${!p.refusal.basis ? '法律依据' : ''}`);
  }
  const total = p.fees.reduce((sum, f) => sum + f.amountYuan, 0);
  if (total > 0) {
    if (service.fees.length === 0) add('fee-excess', 'free', `免费事项收取了 ${total} 元`);
    else {
      const published = service.fees.map((f) => publishedFeeYuan(f.amount));
      if (published.every((x) => x !== undefined)) {
        const cap = published.reduce((a: number, b) => a + (b ?? 0), 0);
        if (total > cap) add('fee-excess', 'above', `收费 ${total} 元，超过公布标准 ${cap} 元`);
      }
    }
  }
  if (!p.dueBy || p.stopped) return found;
  const end = p.concludedOn ?? today;
  if (end > p.dueBy.date) add('overdue', p.dueBy.date, `承诺 ${p.dueBy.date} 前办结，${p.concludedOn ? `${p.concludedOn} 才办结` : '至今未办结'}`);
  else if (open) {
    if (p.dueBy.date <= oneWorkingDayAfter(calendar, today)) add('due-soon', p.dueBy.date, `承诺时限 ${p.dueBy.date}，不足一个工作日`);
    if (p.currentStep && today > p.currentStep.dueBy.date) {
      add('step-overdue', `${p.currentStep.index}:${p.currentStep.dueBy.date}`, `环节“${p.currentStep.name}”应于 ${p.currentStep.dueBy.date} 前完成`);
    }
  }
  return found;
}

/**
 * The next day on which the card rules could find something new for this application, so the
 * sweep reads only applications whose day has come (its cost grows with the applications that
 * change, not with all of them). Null: nothing can change without a new event.
 */
export function nextCheck(p: Projection, calendar: WorkCalendar, today: string): string | null {
  if (finalStatuses.has(p.status) || p.stopped) return null;
  const candidates: string[] = [];
  const after = (date: string) => candidates.push(nextDay(date));
  if (!p.decidedOn) after(p.acceptBy.date);
  if (p.dueBy) {
    after(p.dueBy.date);
    // due-soon starts on the first day from which the due date is at most one working day away.
    for (let d = nextDay(today); d <= p.dueBy.date; d = nextDay(d)) {
      if (p.dueBy.date <= oneWorkingDayAfter(calendar, d)) {
        candidates.push(d);
        break;
      }
    }
  }
  if (p.currentStep) after(p.currentStep.dueBy.date);
  const future = candidates.filter((d) => d > today).sort();
  return future[0] ?? null;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The next working day after `date` (Monday–Friday past the calendar on file). */
function oneWorkingDayAfter(calendar: WorkCalendar, date: string): string {
  return deadline(calendar, date, 1).date;
}

// ---- card actions (督办、回告、办结) ------------------------------------------------------------

export const cardStates = ['open', 'supervised', 'answered', 'closed'] as const;
export type CardState = (typeof cardStates)[number];
export const cardStateLabels: Record<CardState, string> = { open: '待督办', supervised: '已督办，待回告', answered: '已回告', closed: '已办结' };

/** Every event a card's history holds (application_card_events.type): internal, the console's only. */
export const cardEventTypes = ['raised', 'supervised', 'answered', 'closed', 'case-opened'] as const;
export type CardEvent = (typeof cardEventTypes)[number];
export const cardEvents = defineEvents<CardEvent>()({
  raised: { label: '产生', public: false, data: z.object({}) },
  supervised: { label: '督办', public: false, data: z.object({ instruction: z.string(), answerDays: z.number().int(), answerBy: z.string() }) },
  answered: { label: '回告', public: false, data: z.object({ answer: z.string() }) },
  closed: { label: '办结', public: false, data: z.object({ outcome: z.string() }) },
  'case-opened': { label: '立案', public: false, data: z.object({ reference: z.string() }) },
});
export type CardEventPlan = PlannedEvent<typeof cardEvents>;

/** What a card action writes, in one D1 batch (worker/services/application-cards.ts): the card's new state and its events. */
export interface CardPlan {
  set: { state: CardState; answerBy?: string };
  events: CardEventPlan[];
}

const card = defineActions<'supervise' | 'answer' | 'close', Role, CardState, CardEvent, unknown, { today: string; calendar: WorkCalendar }, CardPlan>();

/** Each card action (督办 → 回告 → 办结): label, who may take it, from which states, its input, what it writes. */
export const cardActions = card.actions({
  supervise: card.action({
    label: '督办',
    roles: ['supervisor'],
    states: ['open'],
    input: z.object({
      instruction: shortText(500, '督办要求'),
      answerDays: z.coerce.number({ error: '请填写回告期限（工作日）' }).int('回告期限要写整数').min(1, '回告期限至少 1 个工作日').max(15, '回告期限最多 15 个工作日'),
    }),
    writes: ['supervised'],
    effect: (v, { today, calendar }) => {
      const answerBy = deadline(calendar, today, v.answerDays).date;
      return { set: { state: 'supervised', answerBy }, events: [{ type: 'supervised', data: { instruction: v.instruction, answerDays: v.answerDays, answerBy } }] };
    },
  }),
  answer: card.action({
    label: '回告',
    roles: ['handler', 'supervisor'],
    states: ['supervised'],
    input: z.object({ answer: shortText(1000, '回告内容（原因和整改情况）') }),
    writes: ['answered'],
    effect: (v) => ({ set: { state: 'answered' }, events: [{ type: 'answered', data: { answer: v.answer } }] }),
  }),
  close: card.action({
    label: '办结',
    roles: ['supervisor'],
    states: ['open', 'answered'],
    input: z.object({ outcome: shortText(500, '办结意见') }),
    writes: ['closed'],
    effect: (v) => ({ set: { state: 'closed' }, events: [{ type: 'closed', data: { outcome: v.outcome } }] }),
  }),
});
export type CardAction = keyof typeof cardActions;
export const cardActionIds = Object.keys(cardActions) as CardAction[];

// ---- 办件查询 (public) ------------------------------------------------------------------------------

export const applicationTrackFields = ['reference', 'accessCode'] as const;

/** 办件编号 + 查询码, normalised as the complaint codes are (case, spaces and dashes in the code do not count). */
export const applicationTrackInput = z.strictObject({
  reference: z
    .string({ error: '请填写办件编号' })
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^[A-Za-z0-9-]{6,40}$/, '办件编号是受理通知书上的 6—40 位字母、数字或连字符')),
  accessCode: z
    .string({ error: '请填写查询码（10 位字母和数字）' })
    .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[0-9A-Z]{10}$/, '查询码是收件时告知的 10 位字母和数字，例如 7KQ4M-9TXB2')),
});

/** What the applicant sees: no person's name, no staff, no applicant data. */
export const applicationView = z.object({
  number: z.string(),
  service: z.object({ code: z.string(), name: z.string() }),
  department: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  receivedOn: z.string(),
  acceptBy: z.string(),
  dueBy: z.string().nullable(),
  dueByProvisional: z.boolean(),
  statutoryBy: z.string().nullable(),
  stopped: z.boolean(),
  steps: z.array(z.object({ name: z.string(), days: z.number(), doneOn: z.string().nullable(), dueBy: z.string().nullable() })),
  stops: z.array(z.object({ kind: z.string(), from: z.string(), to: z.string().nullable() })),
  missingMaterials: z.array(z.string()),
  extension: z.object({ days: z.number(), reason: z.string() }).nullable(),
  result: z.object({ label: z.string(), on: z.string(), reason: z.string().nullable(), basis: z.string().nullable() }).nullable(),
});
export type ApplicationView = z.output<typeof applicationView>;

/** The applicant's view of a projection. */
export function applicationViewOf(number: string, p: Projection, service: CatalogueService, departmentName: string, calendar: WorkCalendar): ApplicationView {
  const done = new Map(p.stepsDone.map((s) => [s.index, s.on]));
  let cumulative = 0;
  return {
    number,
    service: { code: service.code, name: service.name },
    department: departmentName,
    status: p.status,
    statusLabel: statusLabels[p.status] + (p.stopped ? '（计时暂停）' : ''),
    receivedOn: p.receivedOn,
    acceptBy: p.acceptBy.date,
    dueBy: p.dueBy?.date ?? null,
    dueByProvisional: p.dueBy?.provisional ?? false,
    statutoryBy: p.statutoryBy?.date ?? null,
    stopped: p.stopped,
    steps: service.steps.map((s, i) => {
      cumulative += s.days;
      return { name: s.name, days: s.days, doneOn: done.get(i) ?? null, dueBy: p.acceptedOn && !done.has(i) ? deadline(calendar, p.acceptedOn, cumulative).date : null };
    }),
    stops: p.stops.map((s) => ({ kind: stopLabels[s.kind], from: s.from, to: s.to ?? null })),
    missingMaterials: p.missingMaterials,
    extension: p.extension ? { days: p.extension.days, reason: p.extension.reason } : null,
    result: finalStatuses.has(p.status) ? { label: statusLabels[p.status], on: (p.concludedOn ?? p.decidedOn)!, reason: p.refusal?.reason ?? null, basis: p.refusal?.basis ?? null } : null,
  };
}

// ---- 好差评 (一事一评) ---------------------------------------------------------------------------

/** A 差评 is followed up (回访) and put right within this many working days. */
export const BAD_RATING_FOLLOW_UP_DAYS = 15;
export const badLevels: ReadonlySet<string> = new Set(['dissatisfied', 'very-dissatisfied']);
export const applicationRatingInput = z.object({
  level: z.enum(['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'], { error: '请选择评价等级' }),
  comment: z.string().trim().max(500, '意见最多 500 个字').optional(),
});
export const followUpInput = z.object({ followUp: shortText(1000, '回访和整改情况') });
