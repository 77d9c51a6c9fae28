// The demo office's accountability decisions (issue 14): a leading-group account, and decisions in
// every state of every procedure, dated relative to the clock's today — a proposal waiting for the
// leading group, a refused one, a numbered written admonition waiting for service, one waiting for
// the self-examination (the demo handler's own, so demo-handler can hand it in), one overdue, one
// handed in, one closed; an oral admonition; a 待岗 running (bonus stopped) and one reviewed; a week
// of 待岗学习 running (lack of skill); appeals
// pending, annulled and changed; a bonus deduction and a loss of award eligibility.
import { now as clockNow } from '../../../schema/clock.ts';
import { decisionEvents, type DecisionEvent, type DecisionKind, type DecisionState } from '../../../schema/decisions.ts';
import { decisions } from '../../../schema/db/decisions.ts';
import { getTableColumns } from 'drizzle-orm';
import { shanghaiDate } from '../../../schema/workdays.ts';
import type { Catalogue } from '../../../schema/catalogue.ts';
import { hashPassword } from '../../office/password.ts';
import { eventData, q } from './sql.ts';

export const demoLeader = { username: 'demo-leader', password: 'demo-leader-2026', displayName: '王建国', role: 'leader', department: null, staffId: 'wang-jianguo' } as const;
export const demoDecisionNotes = [`office console: ${demoLeader.username} / ${demoLeader.password} (leader, 效能建设领导小组)`];

const DAY = 86_400_000;

interface Demo {
  kind: DecisionKind;
  staffId: string;
  state: DecisionState;
  facts: string;
  /** Days ago: proposed, approved, served (or given). */
  proposed: number;
  approved?: number;
  served?: number;
  rejected?: boolean;
  selfExam?: number;
  received?: boolean;
  overdue?: boolean;
  reviewed?: boolean;
  appeal?: { on: number; outcome?: 'upheld' | 'changed' | 'annulled'; newKind?: DecisionKind };
}

const basis = '《效能告诫制度》《被诉待岗制度》《失职追究制度》';

const demos: Demo[] = [
  { kind: 'written-admonition', staffId: 'gao-yan', state: 'proposed', facts: '窗口受理施工许可申请时未一次性告知所需材料，申请人往返三次。', proposed: 1 },
  { kind: 'circulated-criticism', staffId: 'lu-yang', state: 'rejected', facts: '答复市政设施报修超过承诺时限两天；经查系系统故障所致。', proposed: 6, approved: 5, rejected: true },
  { kind: 'written-admonition', staffId: 'zhang-wei', state: 'approved', facts: '首问接待时推诿，未引导来访群众到承办科室。', proposed: 3, approved: 1 },
  { kind: 'written-admonition', staffId: 'han-bing', state: 'served', facts: '办理预售资金监管咨询时态度生硬，经投诉查证属实。', proposed: 6, approved: 4, served: 2 },
  { kind: 'written-admonition', staffId: 'xu-hui', state: 'served', facts: '未按办事预约制在约定时间接待预约群众。', proposed: 20, approved: 18, served: 15, overdue: true },
  { kind: 'written-admonition', staffId: 'chen-hong', state: 'examined', facts: '违反同岗替代制，离岗期间未安排替岗人员。', proposed: 12, approved: 10, served: 9, selfExam: 4 },
  { kind: 'written-admonition', staffId: 'huang-lei', state: 'done', facts: '工作日中午饮酒，下午上班时被群众投诉。', proposed: 40, approved: 38, served: 37, selfExam: 33, received: true },
  { kind: 'oral-admonition', staffId: 'jiang-hai', state: 'done', facts: '电话咨询时未一次性告知保障房申请条件。', proposed: 25, approved: 24, served: 23 },
  { kind: 'standby', staffId: 'ma-jun', state: 'served', facts: '一个月内被投诉三次，经调查均属实（服务态度差、办事拖拉）。', proposed: 9, approved: 8, served: 6 },
  { kind: 'standby', staffId: 'pan-jing', state: 'done', facts: '一个月内被投诉三次，经调查均属实。', proposed: 50, approved: 49, served: 48, reviewed: true },
  { kind: 'circulated-criticism', staffId: 'qin-hao', state: 'done', facts: '资质审查超过承诺时限五个工作日。', proposed: 30, approved: 29, served: 28, appeal: { on: 20 } },
  { kind: 'written-admonition', staffId: 'sun-yue', state: 'annulled', facts: '被投诉未一次性告知；复查发现告知书已签收。', proposed: 45, approved: 44, served: 43, appeal: { on: 40, outcome: 'annulled' } },
  { kind: 'circulated-criticism', staffId: 'wu-tao', state: 'done', facts: '公文办理延误一天，未造成不良影响。', proposed: 60, approved: 59, served: 58, appeal: { on: 55, outcome: 'changed', newKind: 'oral-admonition' } },
  { kind: 'bonus-deduction', staffId: 'xie-na', state: 'done', facts: '一年内两次违反服务承诺，扣发当季岗位考核奖金。', proposed: 35, approved: 34, served: 33 },
  { kind: 'skill-study', staffId: 'ye-qing', state: 'served', facts: '因不熟悉档案查询规程，两次答复群众查询出错。', proposed: 5, approved: 4, served: 3 },
  { kind: 'award-ineligible', staffId: 'xiong-bin', state: 'done', facts: '一年内受到行政告诫两次，取消当年度评先资格。', proposed: 32, approved: 31, served: 30 },
];

type Actor = 'supervisor' | 'leader' | 'self' | 'system';
/** worker/services/decision-replay.ts, as seen from here (the Node type check has no worker types). */
export type ReplayDecision = (
  p: { id: number; kind: DecisionKind; staffId: string; department: string; facts: string; basis: string; proposedDaysAgo: number },
  steps: Step[],
  now: number,
  noticeSeq: (year: number) => number,
) => { row: Record<string, unknown> & { state: DecisionState; approvedAt: number | null; selfExamDue: string | null; version: number }; events: { at: number; by: Step['by']; event: { type: DecisionEvent; data: unknown } }[] };
/** The decision actions a demo step takes (worker/services/decisions.ts decisionActionIds; a worker test checks the two agree). */
type DecisionAction = 'approve' | 'reject' | 'serve' | 'give-oral' | 'submit-self-exam' | 'receive-self-exam' | 'record-review' | 'record-exam' | 'appeal' | 'decide-appeal';
interface Step {
  action: DecisionAction;
  daysAgo: number;
  by: 'supervisor' | 'leader' | 'self';
  input: Record<string, unknown>;
}

const studyPlans: Partial<Record<DecisionKind, string>> = {
  'skill-study': '学习档案查询和利用规程，期满参加单位组织的考试。',
  standby: '每天按时到岗，学习《机关效能建设若干规定》和本局服务承诺，写出学习体会。',
};

/** A demo's dates as the steps the console takes, in order (decisionActions in worker/services/decisions.ts). */
function stepsOf(d: Demo, day: (daysAgo: number) => string): Step[] {
  const steps: Step[] = [];
  if (d.approved !== undefined) steps.push({ action: d.rejected ? 'reject' : 'approve', daysAgo: d.approved, by: 'leader', input: {} });
  if (d.served !== undefined) {
    if (d.kind === 'oral-admonition') steps.push({ action: 'give-oral', daysAgo: d.served, by: 'supervisor', input: { givenOn: day(d.served), givenBy: '赵丽' } });
    else steps.push({ action: 'serve', daysAgo: d.served, by: 'supervisor', input: { servedOn: day(d.served), unitHeadTold: 'yes', ...(studyPlans[d.kind] ? { studyPlan: studyPlans[d.kind] } : {}) } });
  }
  if (d.selfExam !== undefined) steps.push({ action: 'submit-self-exam', daysAgo: d.selfExam, by: 'self', input: { text: '本人认真检讨：对群众不够耐心，对制度学习不够，今后坚决改正。' } });
  if (d.received) steps.push({ action: 'receive-self-exam', daysAgo: d.selfExam! - 1, by: 'supervisor', input: { countersignedBy: '所在科室负责人', receivedOn: day(d.selfExam! - 1) } });
  if (d.reviewed) {
    steps.push({
      action: 'record-review',
      daysAgo: d.served! - 16,
      by: 'supervisor',
      input: { citizenReps: '服务对象代表 2 名（住房保障申请人）', staffReps: '科室工作人员代表 3 名', reviewResult: '评议满意率 80%，认为已改正。', assessment: '组织考评合格。', outcome: 'back-to-post' },
    });
  }
  if (d.appeal) {
    steps.push({ action: 'appeal', daysAgo: d.appeal.on, by: 'self', input: { appealText: '对认定的事实有异议，请求复查。' } });
    if (d.appeal.outcome) {
      const appealNote = d.appeal.outcome === 'annulled' ? '经复查，告知书已由申请人签收，原认定事实不清，撤销原决定。' : '情节轻微，已及时改正，由通报批评改为口头告诫。';
      steps.push({ action: 'decide-appeal', daysAgo: d.appeal.on - 3, by: 'leader', input: { appealOutcome: d.appeal.outcome, appealNote, ...(d.appeal.newKind ? { newKind: d.appeal.newKind } : {}) } });
    }
  }
  return steps;
}

/** The SQL of the demo decisions; the supervisor and leader accounts are found by username. */
export async function demoDecisionsSql(deps: { iterations?: number; catalogue?: Catalogue } = {}, now = clockNow()): Promise<string[]> {
  // The built catalogue, read like demoCasesSql does (a computed specifier keeps node:fs out of the worker's type check).
  const local = './local.ts';
  const catalogue = deps.catalogue ?? ((await import(/* @vite-ignore */ local)) as { localCatalogue(): { catalogue: Catalogue } }).localCatalogue().catalogue;
  const departmentOf = (staffId: string) => {
    const person = catalogue.staff.find((x) => x.id === staffId);
    if (!person) throw new Error(`demo decisions: no staff ${staffId} in content/staff`);
    return person.department;
  };
  const out: string[] = [];
  out.push(
    `insert into staff_accounts (username, display_name, staff_id, role, department, password_hash, created_at, updated_at)
     values (${q(demoLeader.username)}, ${q(demoLeader.displayName)}, ${q(demoLeader.staffId)}, ${q(demoLeader.role)}, null, ${q(await hashPassword(demoLeader.password, deps.iterations ?? 100_000))}, ${now}, ${now});`,
  );
  const sup = "(select id from staff_accounts where username = 'demo-supervisor')";
  const leader = `(select id from staff_accounts where username = ${q(demoLeader.username)})`;
  const self = (staffId: string) => `(select id from staff_accounts where staff_id = ${q(staffId)} order by id limit 1)`;
  const at = (daysAgo: number) => now - daysAgo * DAY;
  const day = (daysAgo: number) => shanghaiDate(at(daysAgo));
  const seqByYear = new Map<number, number>();
  const noticeSeq = (year: number) => {
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    return seq;
  };
  const replayer = '../../services/decision-replay.ts';
  const { replayDecision } = (await import(/* @vite-ignore */ replayer)) as { replayDecision: ReplayDecision };
  const columns = getTableColumns(decisions) as Record<string, { name: string }>;
  const actorSql = (by: Actor, staffId: string) => (by === 'leader' ? leader : by === 'self' ? self(staffId) : by === 'system' ? 'null' : sup);
  for (const [i, d] of demos.entries()) {
    const id = 1000 + i;
    const { row, events } = replayDecision(
      { id, kind: d.kind, staffId: d.staffId, department: departmentOf(d.staffId), facts: d.facts, basis, proposedDaysAgo: d.proposed },
      stepsOf(d, day),
      now,
      noticeSeq,
    );
    const history: { at: number; by: Actor; type: DecisionEvent; data: unknown }[] = events.map((e) => ({ at: e.at, by: e.by, type: e.event.type, data: e.event.data }));
    if (d.overdue) {
      // The daily sweep's mark (not an action): the self-examination was not handed in by its day.
      if (row.state !== 'served' || typeof row.selfExamDue !== 'string') throw new Error(`demo decision ${id}: only a served written admonition can be overdue`);
      row.overdueFlagged = true;
      row.version = Number(row.version) + 1;
      history.push({ at: at(d.served! - 8), by: 'system', type: 'self-exam-overdue', data: { due: row.selfExamDue } });
    }
    if (row.state !== d.state) throw new Error(`demo decision ${id}: its steps end in state ${String(row.state)}, not ${d.state}`);
    // Every column as the workflow left it; the proposer and approver are the demo accounts.
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(row)) {
      const column = columns[key]?.name;
      if (!column) throw new Error(`demo decision ${id}: no column for ${key}`);
      values[column] = key === 'proposedBy' ? sup : key === 'approvedBy' ? (row.approvedAt !== null ? leader : 'null') : typeof value === 'boolean' ? (value ? '1' : '0') : q((value ?? null) as string | number | null);
    }
    out.push(`insert into decisions (${Object.keys(values).join(', ')}) values (${Object.values(values).join(', ')});`);
    for (const [seq, e] of history.entries()) {
      out.push(`insert into decision_events (decision_id, seq, at, actor, type, data) values (${id}, ${seq + 1}, ${e.at + seq * 60_000}, ${actorSql(e.by, d.staffId)}, ${q(e.type)}, ${q(eventData(decisionEvents, e.type, e.data, `decision ${id}`))});`);
    }
  }
  // The 待岗 runs from the 3-in-a-month alert when the demo has one for that person.
  out.push(`insert into decision_links (decision_id, kind, ref) select 1008, 'alert', cast(id as text) from accountability_alerts where rule = 'staff-suspension' limit 1;`);
  return out;
}


