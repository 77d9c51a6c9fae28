/**
 * Accountability decisions (issue 14): one declaration of every action (who, from which states, what
 * input, what it changes, which event it writes), and the service functions the console routes and
 * the daily sweep call. Data access through drizzle; the version/seq pair makes concurrent actions
 * safe (see schema/db/decisions.ts).
 */
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { now as clockNow } from '../../schema/clock.ts';
import {
  appealDecisionInput,
  appealInput,
  decisionKinds,
  examInput,
  studyEnd,
  noteInput,
  oralInput,
  proposeInput,
  receiveInput,
  reviewInput,
  selfExamDue,
  selfExamInput,
  serveInput,
  standbyEnd,
  standbyOutcomes,
  STANDBY_DAYS,
  decisionEvents as decisionEventRegistry,
  type DecisionEvent,
  type DecisionEventPlan,
  type DecisionKind,
  type DecisionState,
  type ProposeInput,
} from '../../schema/decisions.ts';
import { accountabilityAlerts, complaints, decisionEvents, decisionLinks, decisions, staffAccounts } from '../../schema/db/index.ts';
import type { Role } from '../../schema/domain.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { dbOf } from '../lib/db.ts';
import { defineActions } from '../../schema/workflow.ts';

export type Decision = typeof decisions.$inferSelect;
type Changes = Partial<typeof decisions.$inferInsert>;

/** Who may act: console roles, or `self` (the person the decision concerns, through their linked staff id). */
type Actor = Role | 'self';

export interface Refusal {
  field: string;
  message: string;
}

/** What an action writes in one batch: the new state and columns, and its one event (seq = the new version). */
export interface DecisionPlan {
  to: DecisionState;
  set?: Changes;
  event: DecisionEventPlan;
}

export type { DecisionEvent };
/** The history's events (label, seen by the person concerned or not): the registry in schema/decisions.ts. */
export const decisionEventSpecs = decisionEventRegistry;

/** Every action on a decision, in the order the console lists them. */
export const decisionActionIds = ['approve', 'reject', 'serve', 'give-oral', 'submit-self-exam', 'receive-self-exam', 'record-review', 'record-exam', 'appeal', 'decide-appeal'] as const;
export type DecisionAction = (typeof decisionActionIds)[number];

/** The effect sees the decision as read and today; it returns the plan, or which field is wrong and why (in Chinese). */
const { action, actions } = defineActions<DecisionAction, Actor, DecisionState, DecisionEvent, Decision, { row: Decision; today: string }, DecisionPlan | Refusal>();

/** A day recorded for an action: not in the future, and not before `earliest` (else its message). */
function recordedDay(field: string, on: string, today: string, what: string, earliest: { ok: boolean; message: string }): Refusal | undefined {
  if (on > today) return { field, message: `${what}不能晚于今天（${today}）` };
  return earliest.ok ? undefined : { field, message: earliest.message };
}

/** Not before the leading group approved the decision. */
const afterApproval = (on: string, d: Decision, what: string) => ({ ok: on >= shanghaiDate(d.approvedAt ?? 0), message: `${what}不能早于审定日期` });

/** Only for these kinds. */
const ofKind =
  (...kinds: DecisionKind[]) =>
  (d: Decision) =>
    kinds.includes(d.kind);

/**
 * The decision workflow, declared once (issue 11): for each action who may take it, from which
 * states (and for which kinds, `when`), its input, the event it writes and its effect.
 */
export const decisionActions = actions({
  approve: action({
    label: '审定批准',
    roles: ['leader'],
    states: ['proposed'],
    input: noteInput,
    writes: ['approved'],
    effect: (input) => ({ to: 'approved', set: {}, event: { type: 'approved', data: { note: input.note } } }),
  }),
  reject: action({
    label: '不予批准',
    roles: ['leader'],
    states: ['proposed'],
    input: noteInput,
    writes: ['rejected'],
    effect: (input) => ({ to: 'rejected', event: { type: 'rejected', data: { note: input.note } } }),
  }),
  serve: action({
    label: '记录送达',
    roles: ['supervisor'],
    states: ['approved'],
    when: (d) => d.kind !== 'oral-admonition',
    input: serveInput,
    writes: ['served'],
    effect: (input, { row: d, today }) => {
      const wrong = recordedDay('servedOn', input.servedOn, today, '送达日期', afterApproval(input.servedOn, d, '送达日期'));
      if (wrong) return wrong;
      const set: Changes = { servedOn: input.servedOn, unitHeadTold: true };
      if (d.kind === 'written-admonition') {
        const due = selfExamDue(input.servedOn);
        set.selfExamDue = due;
        return { to: 'served', set, event: { type: 'served', data: { servedOn: input.servedOn, selfExamDue: due } } };
      }
      if (d.kind === 'standby' && !input.studyPlan) return { field: 'studyPlan', message: '待岗须记录学习计划' };
      if (d.kind === 'skill-study' || d.kind === 'standby') {
        const end = d.kind === 'standby' ? standbyEnd(input.servedOn) : studyEnd(input.servedOn);
        Object.assign(set, { standbyStart: input.servedOn, standbyEnd: end, studyPlan: input.studyPlan ?? null });
        return { to: 'served', set, event: { type: 'served', data: { servedOn: input.servedOn, standbyStart: input.servedOn, standbyEnd: end } } };
      }
      return { to: 'done', set, event: { type: 'served', data: { servedOn: input.servedOn } } };
    },
  }),
  'give-oral': action({
    label: '记录口头告诫',
    roles: ['supervisor'],
    states: ['approved'],
    when: ofKind('oral-admonition'),
    input: oralInput,
    writes: ['oral-given'],
    effect: (input, { row: d, today }) =>
      recordedDay('givenOn', input.givenOn, today, '告诫日期', afterApproval(input.givenOn, d, '告诫日期')) ?? { to: 'done', set: { givenOn: input.givenOn, givenBy: input.givenBy }, event: { type: 'oral-given', data: { givenOn: input.givenOn } } },
  }),
  'submit-self-exam': action({
    label: '提交书面检查',
    roles: ['self'],
    states: ['served'],
    when: ofKind('written-admonition'),
    input: selfExamInput,
    writes: ['self-exam-submitted'],
    effect: (input, { row: d, today }) => ({
      to: 'examined',
      set: { selfExamText: input.text, selfExamOn: today },
      event: { type: 'self-exam-submitted', data: { on: today, late: d.selfExamDue !== null && today > d.selfExamDue } },
    }),
  }),
  'receive-self-exam': action({
    label: '签收书面检查',
    roles: ['supervisor'],
    states: ['examined'],
    when: ofKind('written-admonition'),
    input: receiveInput,
    writes: ['self-exam-received'],
    effect: (input, { row: d, today }) =>
      recordedDay('receivedOn', input.receivedOn, today, '签收日期', { ok: !d.selfExamOn || input.receivedOn >= d.selfExamOn, message: '签收日期不能早于书面检查提交日期' }) ?? {
        to: 'done',
        set: { countersignedBy: input.countersignedBy },
        event: { type: 'self-exam-received', data: { receivedOn: input.receivedOn } },
      },
  }),
  'record-review': action({
    label: '记录群众评议和组织考评',
    roles: ['supervisor'],
    states: ['served'],
    when: ofKind('standby'),
    input: reviewInput,
    writes: ['standby-reviewed'],
    effect: (input, { row: d, today }) => {
      if (!d.standbyEnd || today <= d.standbyEnd) return { field: 'reviewResult', message: `待岗期为 ${STANDBY_DAYS} 天，到 ${d.standbyEnd} 期满；期满后（${d.standbyEnd ? addCalendarDays(d.standbyEnd, 1) : ''} 起）才能评议` };
      const { outcome, ...rest } = input;
      return { to: 'done', set: { ...rest, outcome }, event: { type: 'standby-reviewed', data: { outcome: standbyOutcomes.label(outcome) } } };
    },
  }),
  'record-exam': action({
    label: '记录考试结果',
    roles: ['supervisor'],
    states: ['served'],
    when: ofKind('skill-study'),
    input: examInput,
    writes: ['exam-recorded'],
    effect: (input, { row: d, today }) => {
      const wrong = recordedDay('examOn', input.examOn, today, '考试日期', { ok: Boolean(d.standbyEnd) && input.examOn > d.standbyEnd!, message: `待岗学习一个星期，到 ${d.standbyEnd} 结束；考试日期应在此之后` });
      if (wrong) return wrong;
      // 考试合格后再上岗: a pass ends it; a fail keeps the person studying until a later exam.
      const passed = input.examResult === 'pass';
      return {
        to: passed ? 'done' : 'served',
        set: { examOn: input.examOn, examResult: input.examResult, ...(passed ? { outcome: 'back-to-post' as const } : {}) },
        event: { type: 'exam-recorded', data: { examOn: input.examOn, result: input.examResult, note: input.note } },
      };
    },
  }),
  appeal: action({
    label: '提出申诉',
    roles: ['self'],
    states: ['served', 'examined', 'done'],
    when: (d) => d.appealOn === null,
    input: appealInput,
    writes: ['appealed'],
    effect: (input, { row: d, today }) => {
      const last = appealDeadline(d);
      if (!last || today > last) return { field: 'appealText', message: `申诉期限为送达后 ${catalogue.office.limits.appealWindowDays} 日，已于 ${last} 届满` };
      return { to: d.state, set: { appealText: input.appealText, appealOn: today }, event: { type: 'appealed', data: { on: today } } };
    },
  }),
  'decide-appeal': action({
    label: '作出申诉处理决定',
    roles: ['leader'],
    states: ['served', 'examined', 'done'],
    when: (d) => d.appealOn !== null && d.appealOutcome === null,
    input: appealDecisionInput,
    writes: ['appeal-decided'],
    effect: (input, { row: d, today }) => {
      const set: Changes = { appealOutcome: input.appealOutcome, appealNote: input.appealNote, appealDecidedOn: today };
      if (input.appealOutcome === 'annulled') return { to: 'annulled', set, event: { type: 'appeal-decided', data: { outcome: input.appealOutcome, note: input.appealNote } } };
      if (input.appealOutcome === 'changed') {
        if (input.newKind === d.kind) return { field: 'newKind', message: '变更后的种类与原决定相同；维持原决定请选“维持原决定”' };
        set.kind = input.newKind;
        set.originalKind = d.kind;
      }
      return { to: d.state, set, event: { type: 'appeal-decided', data: { outcome: input.appealOutcome, newKind: input.newKind, note: input.appealNote } } };
    },
  }),
});

/** The last day to appeal: N calendar days (content: office.limits.appealWindowDays) after service or the oral admonition. */
export function appealDeadline(d: Pick<Decision, 'servedOn' | 'givenOn'>): string | undefined {
  const from = d.servedOn ?? d.givenOn;
  return from ? addCalendarDays(from, catalogue.office.limits.appealWindowDays) : undefined;
}

/** Whether `staff` may take `action` on `d` now (roles, state, kind); the person concerned acts as `self`. */
export function allowed(action: DecisionAction, d: Decision, staff: Staff): boolean {
  const spec = decisionActions[action];
  if (!spec.states.includes(d.state)) return false;
  if (spec.when && !spec.when(d)) return false;
  return spec.roles.some((r) => (r === 'self' ? staff.staffId === d.staffId : r === staff.role));
}

/** Who sees a decision: supervisor, leading group, admin; and the person it concerns. */
export const DECISION_ROLES: readonly Role[] = ['supervisor', 'leader', 'admin'];
export function maySee(d: Pick<Decision, 'staffId'>, staff: Staff): boolean {
  return DECISION_ROLES.includes(staff.role) || (staff.staffId !== null && staff.staffId === d.staffId);
}

export function staffName(id: string): string {
  return catalogue.staff.find((s) => s.id === id)?.name ?? id;
}

export function noticeNumber(d: Pick<Decision, 'noticeYear' | 'noticeSeq'>): string | undefined {
  return d.noticeYear && d.noticeSeq ? `效告〔${d.noticeYear}〕${d.noticeSeq}号` : undefined;
}

export type ProposeOutcome = { ok: true; id: number } | { ok: false; field: string; message: string };

/** Records a proposal (呈批): checks the person, the cases and the alert it links to. */
export async function propose(env: Env, staff: Staff, input: ProposeInput, now = clockNow()): Promise<ProposeOutcome> {
  const db = dbOf(env);
  const person = catalogue.staff.find((s) => s.id === input.staffId);
  if (!person) return { ok: false, field: 'staffId', message: '没有这名工作人员，请从列表中选择' };
  if (input.kind === 'skill-study') {
    const earlier = await db
      .select({ id: decisions.id })
      .from(decisions)
      .where(and(eq(decisions.staffId, person.id), eq(decisions.kind, 'skill-study'), notInArray(decisions.state, ['rejected', 'annulled'])));
    if (earlier.length > 0) return { ok: false, field: 'kind', message: `${person.name}已因业务不熟悉待岗学习过一次（处理决定第 ${earlier[0].id} 号）；第二次应调整工作岗位，请选择“调离”` };
  }
  const refs = [...new Set((input.caseReferences ?? '').split(/[\s,，、]+/).filter(Boolean))];
  if (refs.length > 0) {
    const found = await db.select({ reference: complaints.reference }).from(complaints).where(inArray(complaints.reference, refs));
    const missing = refs.filter((r) => !found.some((f) => f.reference === r));
    if (missing.length > 0) return { ok: false, field: 'caseReferences', message: `没有这些案件：${missing.join('、')}，请核对案件编号` };
  }
  if (input.alertId !== undefined) {
    const [alert] = await db.select({ id: accountabilityAlerts.id }).from(accountabilityAlerts).where(eq(accountabilityAlerts.id, input.alertId));
    if (!alert) return { ok: false, field: 'alertId', message: '没有这条问责提醒' };
  }
  // One batch (one transaction): the row, its first event and its links, or nothing. Inside the
  // transaction the newest row is this one, so the others find it with max(id).
  const newId = sql<number>`(select max(id) from decisions)`;
  const results = await db.batch([
    db
      .insert(decisions)
      .values({ kind: input.kind, state: 'proposed', staffId: person.id, department: person.department, facts: input.facts, basis: input.basis, proposedBy: staff.accountId, proposedAt: now, version: 1, updatedAt: now })
      .returning({ id: decisions.id }),
    db.insert(decisionEvents).values({ decisionId: newId, seq: 1, at: now, actor: staff.accountId, type: 'proposed', data: JSON.stringify({ kind: input.kind }) }),
    ...refs.map((ref) => db.insert(decisionLinks).values({ decisionId: newId, kind: 'case', ref })),
    ...(input.alertId !== undefined ? [db.insert(decisionLinks).values({ decisionId: newId, kind: 'alert', ref: String(input.alertId) })] : []),
  ]);
  const row = (results[0] as { id: number }[])[0];
  return { ok: true, id: row.id };
}

export type ActOutcome = { ok: true } | { ok: false; status: 403 | 404 | 409 | 422; message: string; field?: string };

/** Takes `action` on decision `id` at `version` with an input already parsed by the action's schema. */
export async function act(env: Env, staff: Staff, id: number, version: number, action: DecisionAction, input: unknown, now = clockNow()): Promise<ActOutcome> {
  const db = dbOf(env);
  const [d] = await db.select().from(decisions).where(eq(decisions.id, id));
  if (!d || !maySee(d, staff)) return { ok: false, status: 404, message: '没有这项处理决定' };
  if (d.version !== version) return { ok: false, status: 409, message: '这项处理决定已被他人更新，请刷新后再操作' };
  if (!allowed(action, d, staff)) return { ok: false, status: 403, message: `现在不能“${decisionActions[action].label}”：请查看处理决定的当前状态和您的权限` };
  const spec = decisionActions[action];
  const effect = spec.effect(input, { row: d, today: shanghaiDate(now) });
  if ('message' in effect) return { ok: false, status: 422, message: effect.message, field: effect.field };
  const set: Changes = { ...effect.set, state: effect.to, version: version + 1, updatedAt: now };
  if (action === 'approve') {
    set.approvedBy = staff.accountId;
    set.approvedAt = now;
  }
  const year = Number(shanghaiDate(now).slice(0, 4));
  const numbered = action === 'approve' && d.kind === 'written-admonition';
  try {
    await db.batch([
      db
        .update(decisions)
        .set({
          ...set,
          ...(numbered ? { noticeYear: year, noticeSeq: sql`(select coalesce(max(notice_seq), 0) + 1 from decisions where notice_year = ${year})` } : {}),
        })
        .where(and(eq(decisions.id, id), eq(decisions.version, version))),
      db.insert(decisionEvents).values({ decisionId: id, seq: version + 1, at: now, actor: staff.accountId, type: effect.event.type, data: JSON.stringify(effect.event.data) }),
    ]);
  } catch (error) {
    if (/UNIQUE/i.test(String(error))) return { ok: false, status: 409, message: '这项处理决定已被他人更新，请刷新后再操作' };
    throw error;
  }
  return { ok: true };
}

export async function listDecisions(env: Env, staffId?: string): Promise<Decision[]> {
  const db = dbOf(env);
  const q = db.select().from(decisions);
  return staffId ? q.where(eq(decisions.staffId, staffId)).orderBy(desc(decisions.proposedAt)) : q.orderBy(desc(decisions.proposedAt));
}

export interface DecisionDetail {
  decision: Decision;
  /** What caused it; a case carries its console id for the link (the case page applies its own recusal rules). */
  links: { kind: 'case' | 'alert'; ref: string; caseId?: number }[];
  events: { seq: number; at: number; type: DecisionEvent; actor: string | null; data: Record<string, unknown> }[];
  approver?: string;
}

export async function getDecision(env: Env, id: number): Promise<DecisionDetail | undefined> {
  const db = dbOf(env);
  const [decision] = await db.select().from(decisions).where(eq(decisions.id, id));
  if (!decision) return undefined;
  const links = await db
    .select({ kind: decisionLinks.kind, ref: decisionLinks.ref, caseId: complaints.id })
    .from(decisionLinks)
    .leftJoin(complaints, and(eq(decisionLinks.kind, 'case'), eq(complaints.reference, decisionLinks.ref)))
    .where(eq(decisionLinks.decisionId, id));
  const events = await db
    .select({ seq: decisionEvents.seq, at: decisionEvents.at, type: decisionEvents.type, actor: staffAccounts.displayName, data: decisionEvents.data })
    .from(decisionEvents)
    .leftJoin(staffAccounts, eq(staffAccounts.id, decisionEvents.actor))
    .where(eq(decisionEvents.decisionId, id))
    .orderBy(decisionEvents.seq);
  let approver: string | undefined;
  if (decision.approvedBy) {
    const [a] = await db.select({ name: staffAccounts.displayName }).from(staffAccounts).where(eq(staffAccounts.id, decision.approvedBy));
    approver = a?.name;
  }
  return { decision, links: links.map((l) => ({ kind: l.kind, ref: l.ref, ...(l.caseId ? { caseId: l.caseId } : {}) })), events: events.map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> })), approver };
}

/** Whether a decision is overdue today: the self-examination not in by its due date, or a 待岗 over and not reviewed. */
export function overdue(d: Decision, today: string): boolean {
  if (d.state !== 'served') return false;
  if (d.kind === 'written-admonition') return d.selfExamDue !== null && today > d.selfExamDue;
  if (d.kind === 'standby' || d.kind === 'skill-study') return d.standbyEnd !== null && today > d.standbyEnd;
  return false;
}

/** Whether the HR export must stop the post bonus (待岗期间，一律停发岗位考核奖金): a 待岗 served and not yet ended by review. */
export function bonusStopped(d: Decision): boolean {
  return d.kind === 'standby' && d.state === 'served';
}

/**
 * The daily sweep's part: flags, once per decision, a self-examination not handed in by its due date
 * and a 待岗 whose 15 days are over without its review (an event each). Returns how many it flagged.
 */
export async function sweepDecisions(env: Env, now = clockNow()): Promise<number> {
  const db = dbOf(env);
  const today = shanghaiDate(now);
  const candidates = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.state, 'served'), eq(decisions.overdueFlagged, false), inArray(decisions.kind, ['written-admonition', 'standby', 'skill-study'])));
  let flagged = 0;
  for (const d of candidates.filter((c) => overdue(c, today))) {
    const type: DecisionEvent = d.kind === 'written-admonition' ? 'self-exam-overdue' : 'standby-ended';
    try {
      await db.batch([
        db.update(decisions).set({ overdueFlagged: true, version: d.version + 1, updatedAt: now }).where(and(eq(decisions.id, d.id), eq(decisions.version, d.version))),
        db.insert(decisionEvents).values({ decisionId: d.id, seq: d.version + 1, at: now, actor: null, type, data: JSON.stringify({ due: d.selfExamDue ?? d.standbyEnd }) }),
      ]);
      flagged++;
    } catch (error) {
      // Someone acted on it meanwhile; the next sweep looks again.
      if (!/UNIQUE/i.test(String(error))) throw error;
    }
  }
  return flagged;
}



/** Decisions that count: served (or given) and not annulled on appeal; the kind is the final one. */
function effective(d: Decision, year: number): string | undefined {
  if (!['served', 'examined', 'done'].includes(d.state)) return undefined;
  const on = d.givenOn ?? d.servedOn;
  return on && on.startsWith(`${year}-`) ? on : undefined;
}

const ADMONITIONS: readonly DecisionKind[] = ['oral-admonition', 'written-admonition'];
/** Kinds that carry the loss of the year's award eligibility by themselves. */
export const AWARD_LOSING_KINDS: readonly DecisionKind[] = ['award-ineligible', 'administrative-sanction'];

export interface AwardEntry {
  staffId: string;
  department: string;
  reasons: string[];
  decisionIds: number[];
}

/**
 * The award-eligibility register of a year (评先资格): who has lost it and why — two admonitions in the
 * year (seed 001: 凡受到行政告诫两次的，取消当年度评先资格) or a decision that carries it. Follows the final
 * state: an annulled decision does not count, a changed one counts as its new kind.
 */
export async function awardRegister(env: Env, year: number): Promise<AwardEntry[]> {
  const rows = (await listDecisions(env)).filter((d) => effective(d, year));
  const byPerson = new Map<string, Decision[]>();
  for (const d of rows) byPerson.set(d.staffId, [...(byPerson.get(d.staffId) ?? []), d]);
  const out: AwardEntry[] = [];
  for (const [staffId, list] of byPerson) {
    const admonitions = list.filter((d) => ADMONITIONS.includes(d.kind));
    const carrying = list.filter((d) => AWARD_LOSING_KINDS.includes(d.kind));
    const reasons: string[] = [];
    if (admonitions.length >= 2) reasons.push(`${year} 年内受到行政告诫 ${admonitions.length} 次`);
    for (const d of carrying) reasons.push(`${decisionKinds.label(d.kind)}（处理决定第 ${d.id} 号）`);
    if (reasons.length > 0) out.push({ staffId, department: list[0].department, reasons, decisionIds: [...(admonitions.length >= 2 ? admonitions : []), ...carrying].map((d) => d.id) });
  }
  return out.sort((a, b) => a.department.localeCompare(b.department) || a.staffId.localeCompare(b.staffId));
}

export interface BonusEntry {
  decisionId: number;
  staffId: string;
  department: string;
  kind: DecisionKind;
  from: string;
  to: string;
  stopped: boolean;
}

/** The bonus deductions of a year for finance: 扣发奖金 decisions and 待岗 periods (bonus stopped), final state only. */
export async function bonusList(env: Env, year: number): Promise<BonusEntry[]> {
  return (await listDecisions(env))
    .filter((d) => (d.kind === 'bonus-deduction' || d.kind === 'standby') && effective(d, year))
    .map((d) => ({ decisionId: d.id, staffId: d.staffId, department: d.department, kind: d.kind, from: d.standbyStart ?? d.servedOn!, to: d.standbyEnd ?? d.servedOn!, stopped: bonusStopped(d) }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.decisionId - b.decisionId);
}

function csvCell(value: string): string {
  // A cell a spreadsheet would run as a formula starts with a quote mark (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The finance export (UTF-8 with BOM so spreadsheet programs read the Chinese). Internal: it names people. */
export function bonusCsv(rows: readonly BonusEntry[], departmentName: (id: string) => string): string {
  const head = ['处理决定编号', '人员编号', '姓名', '科室', '种类', '起始日期', '截止日期', '当前停发'];
  const lines = rows.map((r) => [String(r.decisionId), r.staffId, staffName(r.staffId), departmentName(r.department), decisionKinds.label(r.kind), r.from, r.to, r.stopped ? '是' : '否'].map(csvCell).join(','));
  return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
}
