// The demo office's accountability decisions (issue 14): a leading-group account, and decisions in
// every state of every procedure, dated relative to the clock's today — a proposal waiting for the
// leading group, a refused one, a numbered written admonition waiting for service, one waiting for
// the self-examination (the demo handler's own, so demo-handler can hand it in), one overdue, one
// handed in, one closed; an oral admonition; a 待岗 running (bonus stopped) and one reviewed; a week
// of 待岗学习 running (lack of skill); appeals
// pending, annulled and changed; a bonus deduction and a loss of award eligibility.
import { now as clockNow } from '../../../schema/clock.ts';
import { decisionEvents, selfExamDue, standbyEnd, studyEnd, type DecisionEvent, type DecisionKind, type DecisionState } from '../../../schema/decisions.ts';
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
  { kind: 'oral-admonition', staffId: 'wu-tao', state: 'done', facts: '公文办理延误一天，未造成不良影响。', proposed: 60, approved: 59, served: 58, appeal: { on: 55, outcome: 'changed' } },
  { kind: 'bonus-deduction', staffId: 'xie-na', state: 'done', facts: '一年内两次违反服务承诺，扣发当季岗位考核奖金。', proposed: 35, approved: 34, served: 33 },
  { kind: 'skill-study', staffId: 'ye-qing', state: 'served', facts: '因不熟悉档案查询规程，两次答复群众查询出错。', proposed: 5, approved: 4, served: 3 },
  { kind: 'award-ineligible', staffId: 'xiong-bin', state: 'done', facts: '一年内受到行政告诫两次，取消当年度评先资格。', proposed: 32, approved: 31, served: 30 },
];

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
  for (const [i, d] of demos.entries()) {
    const events: [number, string, DecisionEvent, Record<string, unknown>][] = [[d.proposed, sup, 'proposed', { kind: d.kind }]];
    const col: Record<string, string | number | null> = {};
    if (d.approved !== undefined) {
      events.push([d.approved, leader, d.rejected ? 'rejected' : 'approved', {}]);
      if (!d.rejected) {
        col.approved_at = at(d.approved);
        if (d.kind === 'written-admonition') {
          const year = Number(day(d.approved).slice(0, 4));
          const seq = (seqByYear.get(year) ?? 0) + 1;
          seqByYear.set(year, seq);
          col.notice_year = year;
          col.notice_seq = seq;
        }
      }
    }
    if (d.served !== undefined) {
      const on = day(d.served);
      if (d.kind === 'oral-admonition') {
        col.given_on = on;
        col.given_by = '赵丽';
        events.push([d.served, sup, 'oral-given', { givenOn: on }]);
      } else {
        col.served_on = on;
        col.unit_head_told = 1;
        events.push([d.served, sup, 'served', { servedOn: on }]);
      }
      if (d.kind === 'written-admonition') col.self_exam_due = selfExamDue(on);
      if (d.kind === 'skill-study') {
        col.standby_start = on;
        col.standby_end = studyEnd(on);
        col.study_plan = '学习档案查询和利用规程，期满参加单位组织的考试。';
      }
      if (d.kind === 'standby') {
        col.standby_start = on;
        col.standby_end = standbyEnd(on);
        col.study_plan = '每天按时到岗，学习《机关效能建设若干规定》和本局服务承诺，写出学习体会。';
      }
    }
    if (d.overdue) {
      col.overdue_flagged = 1;
      events.push([d.served! - 8, 'null', 'self-exam-overdue', { due: col.self_exam_due }]);
    }
    if (d.selfExam !== undefined) {
      col.self_exam_text = '本人认真检讨：对群众不够耐心，对制度学习不够，今后坚决改正。';
      col.self_exam_on = day(d.selfExam);
      events.push([d.selfExam, self(d.staffId), 'self-exam-submitted', { on: col.self_exam_on, late: typeof col.self_exam_due === 'string' && col.self_exam_on > col.self_exam_due }]);
    }
    if (d.received) {
      col.countersigned_by = '所在科室负责人';
      events.push([d.selfExam! - 1, sup, 'self-exam-received', { receivedOn: day(d.selfExam! - 1) }]);
    }
    if (d.reviewed) {
      Object.assign(col, { citizen_reps: '服务对象代表 2 名（住房保障申请人）', staff_reps: '科室工作人员代表 3 名', review_result: '评议满意率 80%，认为已改正。', assessment: '组织考评合格。', outcome: 'back-to-post' });
      events.push([d.served! - 16, sup, 'standby-reviewed', { outcome: '恢复原工作' }]);
    }
    if (d.appeal) {
      col.appeal_text = '对认定的事实有异议，请求复查。';
      col.appeal_on = day(d.appeal.on);
      events.push([d.appeal.on, self(d.staffId), 'appealed', { on: col.appeal_on }]);
      if (d.appeal.outcome) {
        col.appeal_outcome = d.appeal.outcome;
        col.appeal_decided_on = day(d.appeal.on - 3);
        col.appeal_note = d.appeal.outcome === 'annulled' ? '经复查，告知书已由申请人签收，原认定事实不清，撤销原决定。' : '情节轻微，已及时改正，由通报批评改为口头告诫。';
        if (d.appeal.outcome === 'changed') col.original_kind = 'circulated-criticism';
        events.push([d.appeal.on - 3, leader, 'appeal-decided', { outcome: d.appeal.outcome, ...(d.appeal.outcome === 'changed' ? { newKind: d.kind } : {}), note: col.appeal_note }]);
      }
    }
    const names = Object.keys(col);
    out.push(
      `insert into decisions (id, kind, state, staff_id, department, facts, basis, proposed_by, proposed_at, approved_by, version, updated_at${names.map((n) => `, ${n}`).join('')})
       values (${1000 + i}, ${q(d.kind)}, ${q(d.state)}, ${q(d.staffId)}, ${q(departmentOf(d.staffId))}, ${q(d.facts)}, ${q(basis)}, ${sup}, ${at(d.proposed)}, ${d.approved !== undefined && !d.rejected ? leader : 'null'}, ${events.length}, ${now}${names.map((n) => `, ${typeof col[n] === 'number' ? col[n] : q(col[n] as string | null)}`).join('')});`,
    );
    for (const [seq, [daysAgo, actor, type, data]] of events.entries()) {
      out.push(`insert into decision_events (decision_id, seq, at, actor, type, data) values (${1000 + i}, ${seq + 1}, ${at(daysAgo) + seq * 60_000}, ${actor}, ${q(type)}, ${q(eventData(decisionEvents, type, data, `decision ${1000 + i}`))});`);
    }
  }
  // The 待岗 runs from the 3-in-a-month alert when the demo has one for that person.
  out.push(`insert into decision_links (decision_id, kind, ref) select 1008, 'alert', cast(id as text) from accountability_alerts where rule = 'staff-suspension' limit 1;`);
  return out;
}


