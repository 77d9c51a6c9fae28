/**
 * Appointments (办事预约, seed 001 办事预约制) and the director's reception day (局长接待日, seed 004):
 * the one schema that the web forms, the JSON API, the D1 insert and the OpenAPI document use
 * (issue 5). Built from the catalogue like schema/complaint.ts, whose text, phone and id building
 * blocks, form preprocessing (`fromForm`) and error list (`fieldErrors`) it reuses.
 *
 * Date rules, decided here once:
 * - An ordinary appointment is for a working day on the official calendar, from tomorrow up to
 *   `limits.bookAheadDays` ahead, in one of the department's published slots. A day in a year whose
 *   holiday notice is not on file yet (2027 as of November 2026) is refused with a message saying
 *   so: a Monday–Friday guess could put someone at a closed office on a public holiday.
 * - A reception day is one the schedule in content/supervision.yaml publishes as of today
 *   (schema/reception.ts), so it is bookable even in a year whose calendar is not on file (marked
 *   provisional there), up to the day before (on the day itself people register at the reception
 *   room, as the published practice says).
 */
import { z } from 'zod';
import type { Catalogue } from './catalogue.ts';
import type { Role } from './domain.ts';
import { ACCESS_CODE_PATTERN, CROCKFORD, ids, isPersonalPhone, labels, line, MOBILE, normaliseCode, paragraph, PERSONAL_PHONE_MESSAGE } from './common.ts';
import { addCalendarDays, isWorkingDay, makeCalendar, shanghaiDate } from './workdays.ts';
import { now as clockNow } from './clock.ts';
import { publishedReceptionDay, receptionDayOn } from './reception.ts';
import { defineActions, defineEvents, eventLabel, type PlannedEvent, type PublicEvents } from './workflow.ts';


/** What is booked: an ordinary appointment with a department, or a place at the reception day. */
export const appointmentKinds = labels({
  ordinary: '办事预约',
  reception: '局长接待日',
});
export type AppointmentKind = (typeof appointmentKinds.codes)[number];

/** Where an appointment stands, in the order a handler records them. */
export const appointmentStatuses = labels({
  requested: '待联系',
  contacted: '已联系',
  scheduled: '已约定时间地点',
  done: '已办理',
  'no-show': '未到场',
  cancelled: '已取消',
});
export type AppointmentStatus = (typeof appointmentStatuses.codes)[number];

/** Statuses after which nothing more happens; the record can then be archived. */
export const closedStatuses: readonly AppointmentStatus[] = ['done', 'no-show', 'cancelled'];

/**
 * How a request reached the office (预约登记本, seed 001): the online form or API, or written down
 * by staff from a phone call or a walk-in (issue 13). Same routing and contact deadline for all.
 */
export const appointmentChannels = labels({
  online: '网上预约',
  phone: '电话预约',
  visit: '来访登记',
});
export type AppointmentChannel = (typeof appointmentChannels.codes)[number];
/** The channels staff register in the console. */
export const staffChannels = ['phone', 'visit'] as const satisfies readonly AppointmentChannel[];

/** Which rule of AB岗位制 chose the person who contacts. */
export const routedVia = labels({
  a: 'A 岗',
  b: 'B 岗（A 岗工作人员不在岗）',
  'stand-in': '负责人批准的代岗人（A 岗工作人员不在岗）',
  head: '部门负责人（A 岗和 B 岗工作人员都不在岗）',
});
export type RoutedVia = (typeof routedVia.codes)[number];

/** Why a staff member is away. Kept coarse on purpose: no health or private detail is recorded. */
export const absenceKinds = labels({
  leave: '休假',
  'business-trip': '出差',
  training: '学习培训',
  meeting: '外出开会',
  other: '其他公务',
  // Added for the whereabouts board (去向牌, issue 13); the board shows only a public word (schema/whereabouts.ts).
  'out-on-business': '外出办事',
  'sick-leave': '病假',
});
export type AbsenceKind = (typeof absenceKinds.codes)[number];

export const appointmentLimits = {
  name: 50,
  matter: { min: 5, max: 500 },
  reason: 200,
  /** How far ahead an ordinary appointment may be requested, in calendar days. */
  bookAheadDays: 30,
} as const;

export const APPOINTMENT_REFERENCE_PATTERN = /^YY-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;
export { ACCESS_CODE_PATTERN, CROCKFORD };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
}

export interface AppointmentSchemaOptions {
  /** The clock, for "never in the past"; tests pass a fixed one. */
  now?: () => number;
}

/** The appointment schemas for one catalogue. */
export function appointmentSchemas(catalogue: Catalogue, options: AppointmentSchemaOptions = {}) {
  const now = options.now ?? clockNow;
  const calendar = makeCalendar(catalogue.calendar);
  const departmentIds = ids(catalogue.departments);
  const bookable = catalogue.services.filter((s) => s.bookable);
  const serviceIds = ids(bookable);

  const appointmentInput = z
    .strictObject({
      /** ordinary (default) or reception. */
      kind: z.enum(appointmentKinds.codes, { error: '预约类型只能是 ordinary（办事预约）或 reception（局长接待日）' }).default('ordinary').describe('预约类型：ordinary=办事预约（默认），reception=局长接待日'),
      department: z.enum(departmentIds, { error: '请选择要预约的部门' }).optional().describe('办事预约的部门编号（办事预约必填；局长接待日不填）'),
      service: z.enum(serviceIds, { error: '请从列表中选择可预约的事项，或不选' }).optional().describe('要办的事项编号（可选，须属于所选部门且可预约）'),
      date: z
        .string({ error: (iss) => (iss.input === undefined ? '请选择希望办理的日期' : '日期要写成 YYYY-MM-DD，例如 2026-12-01') })
        .trim()
        .regex(DATE, { error: '日期要写成 YYYY-MM-DD，例如 2026-12-01', abort: true })
        .refine(realDate, { error: '这一天不存在，请检查月份和日期', abort: true })
        .describe('希望办理的日期（YYYY-MM-DD，北京时间）：办事预约须为明天起 30 天内的工作日；局长接待日须为公布的接待日'),
      slot: z
        .string({ error: (iss) => (iss.input === undefined ? '请选择时段' : '时段要写成开始时间 HH:MM，例如 09:00') })
        .trim()
        .regex(HHMM, { error: '时段要写成开始时间 HH:MM，例如 09:00', abort: true })
        .describe('时段的开始时间（HH:MM），须是该部门或该接待日公布的时段之一'),
      matter: paragraph('要办的事', appointmentLimits.matter.min, appointmentLimits.matter.max, '请简要写明要办什么事或要反映什么问题').describe(
        `要办的事或要反映的问题（${appointmentLimits.matter.min}—${appointmentLimits.matter.max} 字）`,
      ),
      name: line('姓名', appointmentLimits.name, '请填写您的姓名').describe('预约人姓名'),
      phone: z
        .string({ error: (iss) => (iss.input === undefined ? '请填写联系电话，工作人员会打这个电话和您联系' : '电话号码要写成数字，例如 13912345678') })
        .trim()
        .refine(isPersonalPhone, PERSONAL_PHONE_MESSAGE)
        .describe('联系电话：11 位手机号，或“区号-号码”的固定电话'),
      consent: z.literal(true, { error: '请阅读并同意个人信息保护说明后再提交' }).describe('已阅读并同意个人信息保护说明，须为 true'),
      /** Opt-in (issue 15): text me when the appointment is contacted, scheduled (and the day before) or cancelled. */
      notifySms: z.boolean({ error: '“用短信通知我”要写成 true 或 false' }).optional().describe('预约进展和前一天的提醒用短信通知我；须填写 11 位手机号'),
    })
    // Cross-field rules run even when other answers are wrong, so the form lists every problem at once.
    .superRefine(
      (v, ctx) => {
        if (v.notifySms && !(typeof v.phone === 'string' && MOBILE.test(v.phone.trim()))) {
          ctx.addIssue({ code: 'custom', path: ['phone'], message: '要用短信通知您，请填写 11 位手机号（固定电话收不到短信）；不需要就取消勾选“用短信通知我”' });
        }
        const today = shanghaiDate(now());
        const date = typeof v.date === 'string' && realDate(v.date.trim()) ? v.date.trim() : undefined;
        const slot = typeof v.slot === 'string' && HHMM.test(v.slot.trim()) ? v.slot.trim() : undefined;
        if ((v.kind ?? 'ordinary') === 'reception') {
          if (v.department !== undefined) ctx.addIssue({ code: 'custom', path: ['department'], message: '局长接待日不用选择部门：请删去 department' });
          if (v.service !== undefined) ctx.addIssue({ code: 'custom', path: ['service'], message: '局长接待日不用选择事项：请删去 service' });
          if (!date) return;
          const day = publishedReceptionDay(catalogue.supervision.reception, calendar, today, date);
          if (!day) {
            const past = date < today && receptionDayOn(catalogue.supervision.reception, calendar, date);
            ctx.addIssue({
              code: 'custom',
              path: ['date'],
              message: past ? `${chineseDate(date)}的接待日已经过去，请从列出的接待日中选择` : `${chineseDate(date)}不是公布的局长接待日，请从列出的接待日中选择`,
            });
            return;
          }
          if (date <= today) {
            ctx.addIssue({ code: 'custom', path: ['date'], message: '网上登记在接待日前一天截止；这个接待日已过或就在今天，当天请直接到接待室登记' });
            return;
          }
          if (slot && !day.slots.some((s) => s.start === slot)) {
            ctx.addIssue({ code: 'custom', path: ['slot'], message: `${chineseDate(date)}没有 ${slot} 开始的时段，请从公布的时段中选择` });
          }
          return;
        }
        const department = catalogue.departments.find((d) => d.id === v.department);
        if (v.department === undefined) ctx.addIssue({ code: 'custom', path: ['department'], message: '请选择要预约的部门' });
        if (v.service !== undefined && department) {
          const service = bookable.find((s) => s.id === v.service);
          if (service && service.department !== department.id) {
            ctx.addIssue({ code: 'custom', path: ['service'], message: '这个事项不属于所选部门：请换一个事项，或不选事项' });
          }
        }
        if (date) {
          const last = addCalendarDays(today, appointmentLimits.bookAheadDays);
          const year = Number(date.slice(0, 4));
          if (date <= today) ctx.addIssue({ code: 'custom', path: ['date'], message: '最早可以预约明天，请选择明天或以后的工作日' });
          else if (date > last) ctx.addIssue({ code: 'custom', path: ['date'], message: `只能预约 ${appointmentLimits.bookAheadDays} 天以内的日期（最晚 ${chineseDate(last)}）` });
          else if (!calendar.years.has(year)) {
            ctx.addIssue({ code: 'custom', path: ['date'], message: `${year} 年的放假安排尚未公布，暂时不能预约 ${year} 年的日期；请选择更早的工作日，或打电话与部门约定` });
          } else if (!isWorkingDay(calendar, date)) {
            ctx.addIssue({ code: 'custom', path: ['date'], message: `${chineseDate(date)}不是工作日（周末或法定节假日），请选择工作日` });
          }
        }
        if (slot && department && !department.slots.some((s) => s.start === slot)) {
          const offered = department.slots.map((s) => `${s.start}—${s.end}`).join('、');
          ctx.addIssue({ code: 'custom', path: ['slot'], message: `${department.name}不提供这个时段，请从这些时段中选择：${offered}` });
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
    );

  const reference = z
    .string({ error: '请填写预约编号，例如 YY-2611-7KQ4M9' })
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(APPOINTMENT_REFERENCE_PATTERN, '预约编号的格式是 YY-四位数字-六位字母数字，例如 YY-2611-7KQ4M9'))
    .describe('预约编号');
  const accessCode = z
    .string({ error: '请填写查询码（10 位字母和数字）' })
    .transform(normaliseCode)
    .pipe(z.string().regex(ACCESS_CODE_PATTERN, '查询码是预约成功时显示的 10 位字母和数字，例如 7KQ4M-9TXB2'))
    .describe('查询码（预约成功时只显示一次；大小写、空格和短横线不计）');

  const trackInput = z.strictObject({ reference, accessCode });
  const cancelInput = z.strictObject({
    reference,
    accessCode,
    reason: line('取消原因', appointmentLimits.reason, '').optional().describe(`取消原因（可选，最多 ${appointmentLimits.reason} 字）`),
  });

  return { appointmentInput, trackInput, cancelInput };
}

export type AppointmentSchemas = ReturnType<typeof appointmentSchemas>;
export type AppointmentInput = z.output<AppointmentSchemas['appointmentInput']>;

/** The personal fields, sealed together at rest. */
export interface AppointmentPersonal {
  name: string;
  phone: string;
  matter: string;
  /** The reason the person gave when cancelling, if any. */
  cancelReason?: string;
}

/** Field order of the forms, for the error summary. */
export const appointmentFields = ['kind', 'department', 'service', 'date', 'slot', 'matter', 'name', 'phone', 'notifySms', 'consent'] as const;
export const appointmentTrackFields = ['reference', 'accessCode', 'reason'] as const;

// ---------- responses ----------

const ymd = z.string().regex(DATE);
const contact = z
  .object({
    name: z.string().describe('负责联系您的工作人员姓名（公示信息）'),
    post: z.string().describe('其岗位或职务'),
    department: z.string().describe('所在部门'),
    phone: z.string().describe('岗位电话'),
    via: z.enum(routedVia.codes).describe('a=A 岗；b=A 岗不在岗，由 B 岗负责；stand-in=A 岗不在岗，由负责人批准的代岗人负责；head=A、B 岗都不在岗，由部门负责人负责'),
    viaLabel: z.string(),
  })
  .describe('谁会联系您');

export const appointmentCreated = z.object({
  reference: z.string().regex(APPOINTMENT_REFERENCE_PATTERN).describe('预约编号'),
  accessCode: z.string().regex(ACCESS_CODE_PATTERN).describe('查询码：只在此处返回一次，请妥善保存'),
  kind: z.enum(appointmentKinds.codes),
  status: z.enum(appointmentStatuses.codes),
  date: ymd.describe('预约的日期'),
  slot: z.object({ start: z.string(), end: z.string() }).describe('预约的时段'),
  place: z.string().optional().describe('局长接待日的接待地点'),
  contactBy: ymd.describe('工作人员最晚在这一天之前联系您（工作日推算，北京时间）'),
  contactByProvisional: z.boolean().describe('期限超出已录入的工作日历时为 true：暂按周一至周五推算'),
  contact,
});
export type AppointmentCreated = z.output<typeof appointmentCreated>;

// ---------- the workflow (issue 11: one declaration, schema/workflow.ts) ----------

/** Every event an appointment's history may hold (appointment_events.type). */
export const appointmentEventTypes = ['requested', 'routed', 'contacted', 'scheduled', 'done', 'no-show', 'cancelled', 'overdue', 'deadline-recomputed', 'archived', 'note'] as const;
export type AppointmentEvent = (typeof appointmentEventTypes)[number];

const ymdText = z.string();
/**
 * Each event: the console timeline's label, whether the person sees it on the tracking page (and
 * the API), the label they see, and its data; `publicData` is what of it they see.
 */
export const appointmentEvents = defineEvents<AppointmentEvent>()({
  requested: {
    label: '收到预约',
    public: true,
    publicLabel: '已收到预约',
    data: z.object({ kind: z.enum(appointmentKinds.codes), channel: z.enum(staffChannels).optional() }),
    publicData: z.object({}),
  },
  routed: { label: '分派', public: false, data: z.object({ post: z.string(), assignee: z.string(), via: z.enum(routedVia.codes) }) },
  contacted: { label: '已联系', public: true, publicLabel: '工作人员已与您联系', data: z.object({}) },
  scheduled: { label: '已约定时间地点', public: true, publicLabel: '已约定办理时间和地点', data: z.object({ date: ymdText, time: z.string(), place: z.string() }) },
  done: { label: '已办理', public: true, publicLabel: '已办理', data: z.object({}) },
  'no-show': { label: '未到场', public: true, publicLabel: '未到场', data: z.object({}) },
  cancelled: { label: '已取消', public: true, publicLabel: '预约已取消', data: z.object({ by: z.literal('citizen') }) },
  overdue: { label: '逾期未联系（系统标记）', public: false, data: z.object({ on: ymdText }) },
  'deadline-recomputed': { label: '联系期限按新录入的工作日历更正', public: false, data: z.object({ from: ymdText, to: ymdText }) },
  archived: { label: '已归档', public: false, data: z.object({}) },
  /** The text is sealed (worker/lib/crypto.ts) before it is written. */
  note: { label: '内部备注', public: false, data: z.object({ text: z.string() }) },
});
export type AppointmentEvents = typeof appointmentEvents;
export type PublicAppointmentEvent = PublicEvents<AppointmentEvents>;
/** An appointment event as the service writes it: its type and the data its entry declares. */
export type AppointmentEventPlan = PlannedEvent<AppointmentEvents>;

/** The console timeline's name for an event type (unknown types show as written). */
export function appointmentEventLabel(type: string): string {
  return eventLabel(appointmentEvents, type);
}

/**
 * What staff record on an appointment. A progress action is named after the status it records (the
 * form's `to`); `archive` files a closed one away (办事预约制: every appointment is archived).
 */
export const progressActions = ['contacted', 'scheduled', 'done', 'no-show', 'cancelled'] as const satisfies readonly AppointmentStatus[];
export type ProgressAction = (typeof progressActions)[number];
export const appointmentActions = [...progressActions, 'archive'] as const;
export type AppointmentAction = (typeof appointmentActions)[number];

/** What an action writes, in one D1 batch with the conditional update (worker/services/appointments.ts). */
export interface AppointmentPlan {
  set: { status?: AppointmentStatus; archivedAt?: number };
  events: AppointmentEventPlan[];
  /** An internal note, sealed by the service and written as a `note` event. */
  note?: string;
  /** The public facts the person is told of (notify outbox `appointment.progress`); absent: nobody is told. */
  notify?: Record<string, string>;
}

const { action, actions } = defineActions<AppointmentAction, Role, AppointmentStatus, AppointmentEvent, { archivedAt: number | null }, { now: number }, AppointmentPlan>();
const consoleRoles = ['intake', 'handler', 'supervisor'] as const satisfies readonly Role[];
const optionalNote = z.string().optional();
/** A progress action with no facts to tell but the status itself. */
const progress = (to: Exclude<ProgressAction, 'scheduled' | 'cancelled'>, label: string, states: readonly AppointmentStatus[]) =>
  action({
    label,
    roles: consoleRoles,
    states,
    input: z.object({ note: optionalNote }),
    writes: [to, 'note'],
    effect: (v) => ({ set: { status: to }, events: [{ type: to, data: {} }], note: v.note, notify: {} }),
  });
const filled = (message: string) => z.string({ error: message }).trim().min(1, message);

export const appointmentWorkflow = {
  events: appointmentEvents,
  actions: actions({
    contacted: progress('contacted', '已电话联系预约人', ['requested']),
    scheduled: action({
      label: '已约定办理时间和地点',
      roles: consoleRoles,
      states: ['requested', 'contacted'],
      input: z.object({
        date: filled('约定时间地点时，请填写约定日期'),
        time: filled('约定时间地点时，请填写约定时间'),
        place: filled('约定时间地点时，请填写约定地点，例如“一楼 3 号窗口”'),
        note: optionalNote,
      }),
      writes: ['scheduled', 'note'],
      effect: (v) => {
        const agreed = { date: v.date, time: v.time, place: v.place };
        return { set: { status: 'scheduled' }, events: [{ type: 'scheduled', data: agreed }], note: v.note, notify: agreed };
      },
    }),
    done: progress('done', '已办理完毕', ['requested', 'contacted', 'scheduled']),
    'no-show': progress('no-show', '预约人未到场', ['scheduled']),
    /** Staff record the person's wish to cancel (by phone or at the window); online, the person cancels themself. */
    cancelled: action({
      label: '预约人要求取消',
      roles: consoleRoles,
      states: ['requested', 'contacted', 'scheduled'],
      input: z.object({ note: optionalNote }),
      writes: ['cancelled', 'note'],
      effect: (v) => ({ set: { status: 'cancelled' }, events: [{ type: 'cancelled', data: { by: 'citizen' } }], note: v.note, notify: { by: 'citizen' } }),
    }),
    archive: action({
      label: '归档',
      roles: consoleRoles,
      states: closedStatuses,
      when: (r) => r.archivedAt === null,
      input: z.object({}),
      writes: ['archived'],
      effect: (_v, { now }) => ({ set: { archivedAt: now }, events: [{ type: 'archived', data: {} }] }),
    }),
  }),
};

/** What a handler may record next from each status, in the form's order (the progress actions offered there). */
export const transitions = Object.fromEntries(
  appointmentStatuses.codes.map((s) => [s, progressActions.filter((a) => appointmentWorkflow.actions[a].states.includes(s))]),
) as unknown as Record<AppointmentStatus, readonly ProgressAction[]>;

export const appointmentView = z.object({
  reference: z.string().regex(APPOINTMENT_REFERENCE_PATTERN),
  kind: z.enum(appointmentKinds.codes),
  kindLabel: z.string(),
  status: z.enum(appointmentStatuses.codes),
  statusLabel: z.string(),
  department: z.object({ id: z.string(), name: z.string() }),
  service: z.object({ id: z.string(), name: z.string() }).optional(),
  date: ymd,
  slot: z.object({ start: z.string(), end: z.string() }),
  place: z.string().optional(),
  requestedAt: z.string(),
  contactBy: ymd,
  contactByProvisional: z.boolean(),
  contact,
  events: z.array(z.object({ at: z.string(), type: z.string(), label: z.string(), data: z.record(z.string(), z.string()) })),
  submitted: z.object({ name: z.string(), phone: z.string(), matter: z.string() }).describe('本人提交的内容（仅凭预约编号和查询码可见）'),
  canCancel: z.boolean(),
  matters: z
    .array(
      z.object({
        reference: z.string(),
        section: z.string().describe('承办处室'),
        dueBy: ymd.describe('答复期限（10 个工作日）'),
        dueProvisional: z.boolean(),
        state: z.enum(['answered', 'overdue', 'pending']).describe('answered=已答复；overdue=已超期未答复；pending=办理中'),
        answeredOn: ymd.optional(),
        contact: z.object({ name: z.string(), phone: z.string() }).optional(),
      }),
    )
    .optional()
    .describe('局长接待日：当场反映的事项及其承办处室、答复期限和状态（仅接待日预约）'),
});
export type AppointmentView = z.output<typeof appointmentView>;

/** A reception day with the places left in each slot. */
export const receptionDayView = z.object({
  date: ymd,
  receiver: z.object({ name: z.string(), title: z.string() }),
  place: z.string(),
  bookable: z.boolean().describe('是否还能网上登记（接待日前一天截止）'),
  provisional: z.boolean().describe('当年放假安排尚未公布、日期按规则推算时为 true：可能因节假日顺延'),
  notes: z.array(z.string()).describe('向市民说明的事项：顺延、换地点、日期待定等'),
  slots: z.array(z.object({ start: z.string(), end: z.string(), capacity: z.number().int(), left: z.number().int() })),
});
export const receptionDaysView = z.object({ days: z.array(receptionDayView) });
export type ReceptionDayView = z.output<typeof receptionDayView>;

// ---------- the office console ----------

/** Recording an absence (AB岗位制): who, from and to (inclusive), why. At most 92 days at once. */
export function absenceSchema(catalogue: Catalogue) {
  const staffIds = ids(catalogue.staff);
  const day = (label: string) =>
    z
      .string({ error: `请填写${label}，例如 2026-12-01` })
      .trim()
      .regex(DATE, { error: `${label}要写成 YYYY-MM-DD，例如 2026-12-01`, abort: true })
      .refine(realDate, `${label}这一天不存在，请检查月份和日期`);
  return z
    .strictObject({
      staffId: z.enum(staffIds, { error: '请选择不在岗的工作人员' }),
      fromDate: day('开始日期'),
      toDate: day('结束日期'),
      kind: z.enum(absenceKinds.codes, { error: '请选择不在岗的原因' }),
    })
    .superRefine(
      (v, ctx) => {
        if (typeof v.fromDate !== 'string' || typeof v.toDate !== 'string' || !realDate(v.fromDate) || !realDate(v.toDate)) return;
        if (v.toDate < v.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: '结束日期不能早于开始日期' });
        else if (v.toDate > addCalendarDays(v.fromDate, 91)) ctx.addIssue({ code: 'custom', path: ['toDate'], message: '一次最多登记 92 天；更长的请分段登记' });
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    );
}
export const absenceFields = ['staffId', 'fromDate', 'toDate', 'kind'] as const;

/**
 * What a handler records: the next status and what its action asks (appointmentWorkflow: for
 * scheduled, the date, time and place told to the person), checked as one form.
 */
export function progressSchema() {
  return z
    .strictObject({
      to: z.enum(appointmentStatuses.codes, { error: '请选择要记录的进展' }),
      version: z.coerce.number({ error: '页面已过期，请刷新后再操作' }).int().positive(),
      date: z.string().trim().regex(DATE, '约定日期要写成 YYYY-MM-DD').refine(realDate, '约定日期这一天不存在').optional(),
      time: z.string().trim().regex(HHMM, '约定时间要写成 HH:MM，例如 09:30').optional(),
      place: line('约定地点', 100, '请填写约定地点').optional(),
      note: paragraph('内部备注', 1, 500, '').optional(),
    })
    .superRefine(
      (v, ctx) => {
        if (!(progressActions as readonly string[]).includes(v.to)) return;
        const asked = appointmentWorkflow.actions[v.to as ProgressAction].input.safeParse(v);
        if (!asked.success) for (const issue of asked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    );
}
export const progressFields = ['to', 'date', 'time', 'place', 'note', 'version'] as const;
