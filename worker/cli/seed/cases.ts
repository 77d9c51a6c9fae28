// The office console's demo: one staff account per role (local demo passwords, printed by the seed
// and listed in the README), and cases in every stage from reception to archive, across channels,
// with a transfer, an extension, a decline, concluded cases with findings and sanctions, an overdue
// and a due-soon case, ratings, and enough substantiated complaints against one person this month
// that the supervisor's dashboard shows accountability alerts. After conclusion: a review request
// (复核) waiting for the supervisor, one answered, and a bad rating (差评) followed up.
import type { PersonalData } from '../../../schema/complaint.ts';
import { addCalendarDays, deadline, shanghaiDate } from '../../../schema/workdays.ts';
import { seal } from '../../lib/crypto.ts';
import { hashPassword } from '../../office/password.ts';
import { evaluate, type Outcome } from '../../services/alert-rules.ts';
import type { Catalogue } from '../../../schema/catalogue.ts';
import type { WorkCalendar } from '../../../schema/workdays.ts';
import type { CaseAction, CaseEvent } from '../../../schema/cases.ts';
import type { Finding, Role, Sanction, Satisfaction, Stage } from '../../../schema/domain.ts';
import { caseFileSql, complaintSql, datedReference, demoNote, eventSql, q } from './sql.ts';
import { now as clockNow } from '../../../schema/clock.ts';

/** Demo accounts: LOCAL DEMO ONLY. Never create these on a real database. */
export const demoAccounts = [
  { username: 'demo-admin', password: 'demo-admin-2026', displayName: '示范管理员', role: 'admin', department: null, staffId: null },
  { username: 'demo-intake', password: 'demo-intake-2026', displayName: '李敏', role: 'intake', department: 'efficiency-office', staffId: 'li-min' },
  { username: 'demo-handler', password: 'demo-handler-2026', displayName: '韩冰', role: 'handler', department: 'real-estate', staffId: 'han-bing' },
  { username: 'demo-supervisor', password: 'demo-supervisor-2026', displayName: '赵丽', role: 'supervisor', department: 'efficiency-office', staffId: 'zhao-li' },
] as const;

export const demoAccountNotes = demoAccounts.map((a) => `office console: ${a.username} / ${a.password} (${a.role})`);

/** The staff who act in the demo: the demo accounts with a staff id, and 唐华, an intake colleague without an account. */
export const demoStaff = Object.fromEntries(
  [...demoAccounts, { username: 'tang-hua', displayName: '唐华', role: 'intake', department: 'efficiency-office', staffId: 'tang-hua' } as const]
    .filter((a) => a.staffId !== null)
    .map((a, i) => [a.staffId!, { accountId: i + 1, username: a.username, name: a.displayName, role: a.role as Role, department: a.department, staffId: a.staffId }]),
);
type By = 'li-min' | 'zhao-li' | 'han-bing' | 'tang-hua';

/**
 * One step of a demo case, on a day after receipt: an action of the case workflow taken by a staff
 * member with the input its form would send (checked and planned by the registry, services/case-workflow.ts),
 * or what the complainant does on the tracking page (rate, ask for a review).
 */
export type DemoStep =
  | { action: CaseAction; day: number; by: By; input?: Record<string, unknown> }
  | { citizen: 'rated'; day: number; level: Satisfaction }
  | { citizen: 'review-requested'; day: number; reason: string };

interface DemoCase {
  reference: string;
  accessCode: string;
  channel: 'web' | 'phone' | 'visit' | 'letter';
  category: string;
  department: string;
  /** The stage its steps end in (checked: a seed whose steps end elsewhere fails). */
  stage: Stage;
  /** Calendar days since receipt; 'due-soon': the age at which the conclusion deadline counted from its acceptance falls in the due-soon window today. */
  age: number | 'due-soon';
  firstReceiver: string;
  anonymous: boolean;
  personal: PersonalData;
  /** Omitted for a concluded case: the usual path, concluded on the day of the seed (concludedSteps). */
  steps?: DemoStep[];
  handling?: string;
  outcome?: { finding: Finding; sanctions: Sanction[]; staffConcerned: string | null; reply: string };
  rating?: Satisfaction;
  /** The complainant's review request and, when answered, the supervisor's answer (upheld: the finding stays). */
  review?: { reason: string; answer?: string };
  /** The supervisor's note on following up a bad rating (差评回访). */
  ratingFollowUp?: string;
}

/** A demo case as written below: its number gives the reference and access code. */
type DemoCaseRow = Omit<DemoCase, 'reference' | 'accessCode'> & { n: number };

/**
 * The way into handling: accepted, registered and submitted with a note by intake, approved and
 * transferred to `department` by the supervisor, on these days after receipt.
 */
function toHandling(department: string, days: [accepted: number, registered: number, submitted: number, approved: number], note: string, approvalNote?: string, concerned?: string): DemoStep[] {
  const [accepted, registered, submitted, approved] = days;
  return [
    { action: 'accept', day: accepted, by: 'li-min' },
    { action: 'register', day: registered, by: 'li-min', input: concerned ? { concerned } : {} },
    { action: 'submit', day: submitted, by: 'li-min', input: { note } },
    { action: 'approve', day: approved, by: 'zhao-li', input: { department, ...(approvalNote ? { note: approvalNote } : {}) } },
  ];
}

const P = (name: string | undefined, description: string, request: string, phone = '13800000000'): PersonalData => ({
  ...(name ? { name, phone } : {}),
  description,
  request,
});

const rows: DemoCaseRow[] = [
  {
    n: 1, channel: 'phone', category: 'buck-passing', department: 'housing-security', stage: 'reception', age: 0, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民丙', '来电反映：申请公租房资格，住房保障科说要先到街道盖章，街道说应由住房保障科直接审核，两边互相推。', '请明确由谁审核，并尽快办理。', '13800000011'),
    steps: [],
  },
  {
    n: 2, channel: 'visit', category: 'rude-or-obstructive', department: 'approval-section', stage: 'acceptance', age: 2, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民丁', '来访反映：在审批窗口询问施工许可材料时，工作人员态度生硬，不愿解释，还让其“自己上网查”。', '请对窗口工作人员进行批评教育，并一次性告知所需材料。', '13800000012'),
    // The step that opened the current stage is late enough that the stage's own limit never ends
    // today, whatever the hour (未到期), for this case and the next two.
    steps: [{ action: 'accept', day: 2, by: 'li-min' }],
  },
  {
    n: 3, channel: 'letter', category: 'broken-commitment', department: 'urban-construction', stage: 'registration', age: 4, firstReceiver: 'tang-hua', anonymous: true,
    personal: P(undefined, '来信反映：道路挖掘许可承诺五个工作日办结，实际用了十二个工作日，期间无人说明原因。', '请核查是否违反服务承诺。'),
    steps: [
      { action: 'accept', day: 1, by: 'tang-hua' },
      { action: 'register', day: 3, by: 'li-min', input: { note: '来信原件已扫描存档' } },
    ],
  },
  {
    n: 4, channel: 'web', category: 'not-told-at-once', department: 'construction-market', stage: 'approval', age: 6, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民戊', '网上投诉：办理资质延续，窗口先后三次要求补充不同材料，没有一次性告知。', '请一次性告知全部材料，并说明为何多次补件。', '13800000013'),
    steps: [
      { action: 'accept', day: 1, by: 'li-min' },
      { action: 'register', day: 2, by: 'li-min' },
      { action: 'submit', day: 5, by: 'li-min', input: { note: '建议交建筑市场监管科自查，效能办督办' } },
    ],
  },
  {
    n: 5, channel: 'phone', category: 'overdue', department: 'real-estate', stage: 'handling', age: 20, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民己', '来电反映：商品房买卖合同备案承诺三个工作日，已过两周仍未办结。', '请尽快办结并说明原因。', '13800000014'),
    steps: [
      ...toHandling('real-estate', [1, 1, 2, 3], '建议交房地产市场监管科办理', '请房地产市场监管科核查'),
      { action: 'request-extension', day: 10, by: 'han-bing', input: { days: 10, reason: '需调取开发企业的网签记录并约谈经办人' } },
      { action: 'approve-extension', day: 11, by: 'zhao-li' },
    ],
  },
  {
    n: 6, channel: 'visit', category: 'first-receiver-failed', department: 'general-office', stage: 'handling', age: 60, firstReceiver: 'wang-jianguo', anonymous: false,
    personal: P('示例市民庚', '来访反映：到办公室咨询维修资金使用，接待人员说不归他管，既没有登记也没有告诉找谁。', '请落实首问负责制，告知办理部门。', '13800000015'),
    // Accepted 58 days ago: 30 working days have run out (已超期) whatever the holidays.
    steps: toHandling('real-estate', [2, 3, 4, 5], '维修资金属房地产市场监管科，建议转办'),
  },
  {
    n: 7, channel: 'web', category: 'asking-favours', department: 'real-estate', stage: 'handling', age: 'due-soon', firstReceiver: 'li-min', anonymous: true,
    personal: P(undefined, '网上投诉：办理预售许可时，有工作人员暗示“找熟人”可以快一些。', '请核查并严肃处理。'),
    steps: toHandling('real-estate', [1, 2, 3, 4], '建议交房地产市场监管科核查，效能办跟踪'),
  },
  {
    n: 8, channel: 'phone', category: 'overdue', department: 'real-estate', handling: 'real-estate', stage: 'conclusion', age: 12, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民辛', '来电反映：房屋交易备案材料齐全，超过承诺时限一周仍未办理。', '请尽快办理。', '13800000016'),
    outcome: { finding: 'substantiated', sanctions: ['oral-admonition'], staffConcerned: 'xie-na', reply: '经查属实：经办人员未按承诺时限办理，已对其告诫并督促当日办结，特此答复。' },
    rating: 'satisfied',
  },
  {
    n: 9, channel: 'visit', category: 'rude-or-obstructive', department: 'real-estate', handling: 'real-estate', stage: 'archive', age: 14, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民壬', '来访反映：咨询房屋登记时被工作人员呵斥，要求其“别在这里啰嗦”。', '请对该工作人员进行批评教育。', '13800000017'),
    outcome: { finding: 'substantiated', sanctions: ['written-admonition', 'written-self-examination'], staffConcerned: 'xie-na', reply: '经查属实：已对该工作人员书面告诫并责令书面检查，向您致歉。' },
    rating: 'very-satisfied',
  },
  {
    n: 10, channel: 'letter', category: 'overdue', department: 'real-estate', handling: 'real-estate', stage: 'conclusion', age: 10, firstReceiver: 'tang-hua', anonymous: true,
    personal: P(undefined, '来信反映：维修资金使用申请提交后一个月无人答复。', '请尽快审核并答复。'),
    outcome: { finding: 'substantiated', sanctions: [], staffConcerned: 'xie-na', reply: '经查属实：申请已于本周审核通过，经办人员已作检讨。' },
  },
  {
    n: 11, channel: 'web', category: 'lunchtime-drinking', department: 'urban-construction', stage: 'archive', age: 9, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民癸', '网上投诉：邻居家装修噪声扰民，物业不管。', '请处理装修噪声。', '13800000018'),
    steps: [
      {
        action: 'decline',
        day: 2,
        by: 'li-min',
        input: {
          reason: '所反映的装修噪声属于邻里纠纷和物业管理事项，不属于对本机关工作人员的效能投诉。',
          legalBasis: '《示范市机关效能投诉处理办法》第八条（受理范围）',
          referral: '可向所在街道办事处或物业管理主管部门反映，也可拨打 12345 政务服务便民热线。',
        },
      },
    ],
  },
  {
    n: 12, channel: 'phone', category: 'buck-passing', department: 'housing-security', handling: 'housing-security', stage: 'archive', age: 45, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民子', '来电反映：租赁补贴申请在两个科室之间来回转，谁都不受理。', '请明确受理科室。', '13800000019'),
    outcome: { finding: 'unsubstantiated', sanctions: [], staffConcerned: null, reply: '经查：该申请因缺少收入证明被退回，窗口当时已一次性书面告知，不存在推诿；已再次电话告知所需材料。' },
    rating: 'basically-satisfied',
  },
  {
    n: 13, channel: 'web', category: 'not-told-at-once', department: 'approval-section', handling: 'approval-section', stage: 'conclusion', age: 16, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民丑', '网上投诉：办理建设工程规划许可时，窗口先后两次要求补充不同的图纸，没有一次说清楚。', '请说明为什么不能一次告知，并尽快受理。', '13800000020'),
    outcome: { finding: 'unsubstantiated', sanctions: [], staffConcerned: null, reply: '经查：第二次补充的图纸是申请人变更设计后新增的，窗口首次已一次性书面告知当时所需材料，投诉不属实。' },
    rating: 'dissatisfied',
    review: { reason: '我不同意结论：设计变更是窗口口头要求的，第一次告知单上并没有写明，请再核实。' },
  },
  {
    n: 14, channel: 'phone', category: 'overdue', department: 'construction-market', handling: 'construction-market', stage: 'archive', age: 25, firstReceiver: 'tang-hua', anonymous: true,
    personal: P(undefined, '来电反映：企业资质变更申请提交后超过承诺时限五个工作日仍未办结。', '请尽快办结。'),
    outcome: { finding: 'partly-substantiated', sanctions: [], staffConcerned: null, reply: '经查部分属实：其中三个工作日系等待申请人补正材料，其余延误已责令改正，资质变更已办结。' },
    rating: 'very-dissatisfied',
    review: { reason: '补正材料当天就交了，不应扣除三个工作日，请重新核算延误天数。', answer: '经另行指定人员调阅收件记录复查：补正材料于次日上午登记收件，扣除的天数无误，维持部分属实的结论。' },
  },
  {
    n: 15, channel: 'visit', category: 'rude-or-obstructive', department: 'housing-security', handling: 'housing-security', stage: 'conclusion', age: 18, firstReceiver: 'li-min', anonymous: false,
    personal: P('示例市民寅', '来访反映：咨询公租房轮候进度时，工作人员不耐烦，说“等着就行，别老来问”。', '请工作人员改进服务态度，并告知轮候进度。', '13800000021'),
    outcome: { finding: 'partly-substantiated', sanctions: [], staffConcerned: null, reply: '经查部分属实：工作人员答复方式欠妥，已批评教育；您目前轮候排在第 126 位，可凭编号在网上查询。' },
    rating: 'dissatisfied',
    ratingFollowUp: '已由效能办电话回访：投诉人希望每季度主动告知轮候进度；已请住房保障科在轮候名单更新后短信通知。',
  },
];

/**
 * A concluded case's steps: the usual path into handling (accepted on the day of receipt, transferred
 * two days later), concluded by the supervisor on the day of the seed (so the alert thresholds fall in the current month), then what
 * the complainant and the office did after: rating, 差评回访, archiving, review request and answer.
 */
function concludedSteps(c: DemoCase, end: number, deptName: (id: string) => string): DemoStep[] {
  const o = c.outcome!;
  const handledBy = c.handling ?? c.department;
  return [
    ...toHandling(handledBy, [0, 1, 1, 2], `建议交${deptName(handledBy)}办理`, undefined, o.staffConcerned ?? undefined),
    { action: 'conclude', day: end, by: 'zhao-li', input: { finding: o.finding, sanctions: o.sanctions, staffConcerned: o.staffConcerned ?? '', reply: o.reply } },
    ...(c.rating ? [{ citizen: 'rated', day: end, level: c.rating } as const] : []),
    ...(c.ratingFollowUp ? [{ action: 'rating-follow-up', day: end, by: 'zhao-li', input: { note: c.ratingFollowUp } } as const] : []),
    ...(c.stage === 'archive' ? [{ action: 'archive', day: end, by: 'li-min' } as const] : []),
    ...(c.review ? [{ citizen: 'review-requested', day: end, reason: c.review.reason } as const] : []),
    ...(c.review?.answer ? [{ action: 'review', day: end, by: 'zhao-li', input: { outcome: 'upheld', reply: c.review.answer } } as const] : []),
  ];
}

const cases: DemoCase[] = rows.map(({ n, ...c }) => {
  const nn = String(n).padStart(2, '0');
  return { reference: `XN-2611-CAS0${nn}`, accessCode: `CAS0C0DE${nn}`, ...c };
});

const DAY = 86_400_000;

/**
 * worker/services/case-replay.ts, as seen from here: a case played through its steps by the case
 * registry's own checks and plans. Imported at run time through a computed specifier, like local.ts
 * the other way round: Node's type check of worker/cli has no worker types (Env, D1), the worker's
 * (which checks that module) has them.
 */
interface Replayed {
  row: {
    stage: Stage;
    firstReceiver: string | null;
    handlingDepartment: string | null;
    dueBy: string;
    dueByProvisional: boolean;
    concludedAt: number | null;
    version: number;
    finding: Finding | null;
    sanctions: Sanction[];
    staffConcerned: string | null;
    unit: string | null;
    concludedOn: string | null;
  };
  file: Record<string, unknown>;
  events: { at: number; actor: string; type: CaseEvent; data: Record<string, unknown> }[];
  parties: { person: string; kind: string; reason?: string; actor: string; at: number }[];
}
export type Replay = (c: DemoCase & { steps: DemoStep[] }, receivedAt: number, ack: { date: string; provisional: boolean }, now: number, staffOf: typeof demoStaff) => Replayed;

/** The age at which a case accepted on its accept step's day is due within the due-soon window today (for the demo's 即将到期 case). */
function dueSoonAge(c: DemoCase, now: number, calendar: WorkCalendar, limits: Catalogue['office']['limits']): number {
  const acceptedOn = (c.steps ?? []).find((s) => 'action' in s && s.action === 'accept')?.day ?? 0;
  const soon = deadline(calendar, shanghaiDate(now), limits.dueSoon).date;
  for (let age = acceptedOn + 1; age < 400; age++) {
    const received = shanghaiDate(now - age * DAY - 3 * 3_600_000);
    if (deadline(calendar, addCalendarDays(received, acceptedOn), limits.conclusion).date <= soon) return age;
  }
  throw new Error(`demo case ${c.reference}: no age gives a due-soon deadline`);
}

/** What the demo needs from the checkout; a worker test passes its own (the default reads .dev.vars and the built catalogue). */
export interface SeedDeps {
  key: string;
  catalogue: Catalogue;
  calendar: WorkCalendar;
  iterations?: number;
}

export async function demoCasesSql(now = clockNow(), given?: SeedDeps): Promise<string[]> {
  // Imported here so the SQL builder also runs inside workerd (test/worker/seed-consistency.test.ts), away from node:fs.
  // (A computed specifier keeps the worker's type check, which has no Node types, out of local.ts.)
  const local = './local.ts';
  const deps: SeedDeps =
    given ??
    (await (async () => {
      const { devVar, localCatalogue } = (await import(/* @vite-ignore */ local)) as {
        devVar(name: string): string;
        localCatalogue(): { catalogue: Catalogue; calendar: WorkCalendar };
      };
      return { key: devVar('PII_KEY'), ...localCatalogue() };
    })());
  const { key, catalogue, calendar } = deps;
  const limits = catalogue.office.limits;
  const out: string[] = [];

  const iterations = deps.iterations ?? 100_000;
  for (const a of demoAccounts) {
    out.push(
      `insert into staff_accounts (username, display_name, staff_id, role, department, password_hash, created_at, updated_at)
       values (${q(a.username)}, ${q(a.displayName)}, ${q(a.staffId)}, ${q(a.role)}, ${q(a.department)}, ${q(await hashPassword(a.password, iterations))}, ${now}, ${now});`,
    );
  }

  const replayer = '../../services/case-replay.ts';
  const { replay } = (await import(/* @vite-ignore */ replayer)) as { replay: Replay };
  const deptName = (id: string) => catalogue.departments.find((d) => d.id === id)?.name ?? id;
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    const age = c.age === 'due-soon' ? dueSoonAge(c, now, calendar, limits) : c.age;
    const receivedAt = now - age * DAY - 3 * 3_600_000;
    const reference = datedReference(c.reference, receivedAt);
    demoNote(`demo case ${reference} (${c.stage}), access code ${c.accessCode}`);
    const day = (offset: number) => addCalendarDays(shanghaiDate(receivedAt), offset);
    const ack = deadline(calendar, day(0), limits.acceptance);
    const { row, file, events, parties } = replay({ ...c, reference, steps: c.steps ?? concludedSteps(c, age, deptName) }, receivedAt, ack, now, demoStaff);
    out.push(
      await complaintSql(key, {
        reference,
        accessCode: c.accessCode,
        channel: c.channel,
        firstReceiver: row.firstReceiver,
        department: c.department,
        handlingDepartment: row.handlingDepartment,
        category: c.category,
        occurredOn: day(-2),
        stage: row.stage,
        anonymous: c.anonymous,
        personal: c.personal,
        receivedAt,
        ack,
        due: { date: row.dueBy, provisional: row.dueByProvisional },
        concludedAt: row.concludedAt,
        version: row.version,
      }),
    );
    out.push(caseFileSql(reference, file));
    // Who the case is hidden from, as the plans say (intake's confirmation at registration).
    for (const p of parties) {
      out.push(
        `insert into case_parties (complaint_id, person, kind, reason, actor, at) select id, ${q(p.person)}, ${q(p.kind)}, ${q(p.reason ?? null)}, ${q(p.actor)}, ${p.at} from complaints where reference = ${q(reference)};`,
      );
    }
    for (const e of events) {
      // The review request's reason is sealed, as the tracking page's requestReview writes it.
      const data = e.type === 'review-requested' ? { reason: await seal(key, e.data.reason) } : e.data;
      out.push(eventSql(reference, e.at, e.actor, e.type, data));
    }
    if (row.finding && row.concludedOn) {
      outcomes.push({ complaintId: 0, finding: row.finding, sanctions: row.sanctions, staffConcerned: row.staffConcerned, unit: row.unit ?? c.department, concludedOn: row.concludedOn });
    }
  }
  // Exactly the alerts the case facts give (the same evaluate() the worker recomputes with), each with
  // its 'raised' history entry, so the dashboard starts consistent: no flood, nothing to withdraw.
  for (const f of evaluate(outcomes)) {
    out.push(`insert into accountability_alerts (rule, subject, period, count, raised_at) values (${q(f.rule)}, ${q(f.subject)}, ${q(f.period)}, ${f.count}, ${now});`);
    out.push(
      `insert into alert_events (alert_id, at, type, count, reason) select id, ${now}, 'raised', ${f.count}, '示范数据' from accountability_alerts where rule = ${q(f.rule)} and subject = ${q(f.subject)} and period = ${q(f.period)};`,
    );
  }
  return out;
}

