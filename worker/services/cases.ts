/**
 * The case workflow of the office console (issue 4): who may see a case, which actions each role
 * may take in each stage, and how an action is written.
 *
 * Every action is ONE D1 batch (a transaction): claim the version read (case_versions: its key
 * refuses a second claim, its NOT NULL refuses a stale one), update the complaint row, upsert the
 * case file, append the events. Any failure rolls the whole batch back, so no half-written state
 * and no lost update: the loser of a race gets 'stale' and the console answers 409.
 */
import { fieldErrors, type FieldError, type PersonalData } from '../../schema/complaint.ts';
import { badRatings, findings, stages, type Finding, type ReviewOutcome, type Role, type Sanction, type Stage } from '../../schema/domain.ts';
import { actionLabels, caseActionSchemas, type CaseAction } from '../../schema/office.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { log } from '../lib/log.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { periodsOf, recomputeAlerts } from './alerts.ts';
import { hiddenBinds, matchMessage, matchStaff, notHiddenSql, partiesOf, personKeys } from './protection.ts';

export const EFFICIENCY_OFFICE = catalogue.departments.find((d) => d.id === 'efficiency-office')?.id ?? catalogue.departments[0]?.id ?? 'efficiency-office';
export const limits = catalogue.office.limits;
export const actionSchemas = caseActionSchemas(catalogue, limits.extension);

export type DeadlineState = 'overdue' | 'due-soon' | 'on-time' | 'none';
export const deadlineLabels: Record<DeadlineState, string> = { overdue: '已超期', 'due-soon': '即将到期', 'on-time': '未到期', none: '—' };

export interface CaseRow {
  id: number;
  reference: string;
  channel: string;
  first_receiver: string | null;
  department: string;
  service: string | null;
  post: string | null;
  handling_department: string | null;
  category: string;
  occurred_on: string;
  stage: Stage;
  anonymous: number;
  personal: string;
  received_at: number;
  acknowledge_by: string;
  due_by: string;
  due_by_provisional: number;
  concluded_at: number | null;
  version: number;
  stage_due_by: string | null;
  extension_state: 'none' | 'requested' | 'approved' | 'refused' | null;
  extension_days: number | null;
  extension_reason: string | null;
  finding: Finding | null;
  sanctions: string | null;
  staff_concerned: string | null;
  unit: string | null;
  deadline_state: DeadlineState;
  /** When the complainant asked for a review (复核) that is not answered yet; null = none pending. */
  review_requested_at: number | null;
  /** 1 when a 差评 (不满意/非常不满意) has had no follow-up (差评回访) or review answer since. */
  rating_follow_up_due: number;
  /** The complainant agreed that the department complained about may see who they are. */
  identity_consent: number;
  /** The named handler (承办人), a content/staff id. */
  assignee: string | null;
  text_cleared: number;
  identity_disclosed: number;
  concluded_on: string | null;
}

/** Today, and the last day that still counts as "due soon", in Asia/Shanghai. */
export function deadlineWindow(now = clockNow()) {
  const today = shanghaiDate(now);
  return { today, soon: deadline(calendar, today, limits.dueSoon).date };
}

/**
 * SQL for the deadline state of a case, given ?1 today and ?2 the last "due soon" day. A stage's own
 * limit (registration, approval: 2–3 working days) is shorter than the due-soon window, so it counts
 * as due soon only on its last day; otherwise every case was 即将到期 the moment it was accepted
 * (issue 17 item 9).
 */
export const STATE_SQL = `case when c.stage in ('conclusion', 'archive') then 'none'
  when min(c.due_by, coalesce(f.stage_due_by, c.due_by)) < ?1 then 'overdue'
  when c.due_by <= ?2 or coalesce(f.stage_due_by, c.due_by) <= ?1 then 'due-soon'
  else 'on-time' end`;

/** The latest review request with no `review-concluded` after it (events are appended, so a later id is a later answer). */
const REVIEW_PENDING_SQL = `(select max(r.at) from complaint_events r where r.complaint_id = c.id and r.type = 'review-requested'
  and not exists (select 1 from complaint_events a where a.complaint_id = c.id and a.type = 'review-concluded' and a.id > r.id))`;
/** A bad rating with no follow-up since: the same events the bulletin's 差评复核率 counts (RATING_REVIEW_EVENTS). */
const RATING_DUE_SQL = `exists (select 1 from complaint_events r where r.complaint_id = c.id and r.type = 'rated'
  and json_extract(r.data, '$.level') in (${badRatings.map((l) => `'${l}'`).join(', ')})
  and not exists (select 1 from complaint_events a where a.complaint_id = c.id and a.type in ('rating-reviewed', 'review-concluded') and a.id > r.id))`;

const SELECT = `select c.id, c.reference, c.channel, c.first_receiver, c.department, c.service, c.post, c.handling_department, c.category,
  c.occurred_on, c.stage, c.anonymous, c.personal, c.received_at, c.acknowledge_by, c.due_by, c.due_by_provisional, c.concluded_at, c.version,
  f.stage_due_by, f.extension_state, f.extension_days, f.extension_reason, f.finding, f.sanctions, f.staff_concerned, f.unit,
  c.identity_consent, f.assignee, coalesce(f.text_cleared, 0) as text_cleared, coalesce(f.identity_disclosed, 0) as identity_disclosed, f.concluded_on,
  ${STATE_SQL} as deadline_state, ${REVIEW_PENDING_SQL} as review_requested_at, ${RATING_DUE_SQL} as rating_follow_up_due
  from complaints c left join case_files f on f.complaint_id = c.id`;

/** The department whose handlers see a case: the one it was transferred to, else the efficiency office. */
export function handlingOf(row: Pick<CaseRow, 'handling_department'>): string {
  return row.handling_department ?? EFFICIENCY_OFFICE;
}

/** Handlers see their department's cases only; intake and supervisors see all; admins none. */
export function maySee(staff: Staff, row: Pick<CaseRow, 'handling_department'>): boolean {
  if (staff.role === 'intake' || staff.role === 'supervisor') return true;
  if (staff.role === 'handler') return staff.department === handlingOf(row);
  return false;
}

export interface CaseFilters {
  stage?: Stage;
  department?: string;
  category?: string;
  /** 'overdue' or 'due-soon': only those. */
  deadline?: 'overdue' | 'due-soon';
  /** 'review': a review request awaits an answer (待复核); 'rating': a bad rating awaits follow-up (待回访). */
  pending?: 'review' | 'rating';
}

/**
 * Every case this staff member may see, filtered. Goes through the one visibility rule (their
 * department, and never a case they are concerned by or recused from): the list, its count, the
 * JSON API and any export read this and nothing else.
 */
export async function listCases(env: Env, staff: Staff, filters: CaseFilters, now = clockNow()): Promise<CaseRow[]> {
  const { today, soon } = deadlineWindow(now);
  const binds: unknown[] = [today, soon, ...hiddenBinds(staff)];
  const where: string[] = [notHiddenSql(3, 4)];
  if (staff.role === 'handler') {
    binds.push(staff.department, EFFICIENCY_OFFICE);
    where.push(`coalesce(c.handling_department, ?${binds.length}) = ?${binds.length - 1}`);
  } else if (staff.role !== 'intake' && staff.role !== 'supervisor') {
    return [];
  }
  if (filters.stage) {
    binds.push(filters.stage);
    where.push(`c.stage = ?${binds.length}`);
  }
  if (filters.department) {
    binds.push(filters.department);
    where.push(`(c.department = ?${binds.length} or c.handling_department = ?${binds.length})`);
  }
  if (filters.category) {
    binds.push(filters.category);
    where.push(`c.category = ?${binds.length}`);
  }
  if (filters.deadline) {
    binds.push(filters.deadline);
    where.push(`(${STATE_SQL}) = ?${binds.length}`);
  }
  if (filters.pending === 'review') where.push(`${REVIEW_PENDING_SQL} is not null`);
  if (filters.pending === 'rating') where.push(RATING_DUE_SQL);
  const sql = `${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''}
    order by case (${STATE_SQL}) when 'overdue' then 0 when 'due-soon' then 1 when 'on-time' then 2 else 3 end,
      min(c.due_by, coalesce(f.stage_due_by, c.due_by)), c.id limit 500`;
  const { results } = await env.DB.prepare(sql)
    .bind(...binds)
    .all<CaseRow>();
  return results;
}

/**
 * One case as this staff member may see it, or undefined: a case that does not exist, that another
 * department handles, or that they are concerned by or recused from all look the same (404).
 */
export async function getCase(env: Env, staff: Staff, id: number, now = clockNow()): Promise<CaseRow | undefined> {
  const { today, soon } = deadlineWindow(now);
  const row = await env.DB.prepare(`${SELECT} where c.id = ?5 and ${notHiddenSql(3, 4)}`)
    .bind(today, soon, ...hiddenBinds(staff), id)
    .first<CaseRow>();
  return row && maySee(staff, row) ? row : undefined;
}

export interface EventView {
  id: number;
  at: number;
  actor: string;
  actorName: string;
  type: string;
  public: boolean;
  data: Record<string, unknown>;
}

const eventNames: Record<string, string> = {
  received: '收到投诉',
  accepted: '受理',
  declined: '不予受理',
  registered: '登记',
  submitted: '呈批',
  approved: '批示交办',
  transferred: '转办',
  note: '办理记录',
  'extension-requested': '申请延期',
  extended: '批准延期',
  'extension-refused': '不批准延期',
  concluded: '报结（答复投诉人）',
  // The page marks internal events with （内部） itself (issue 17 item 9: it said so twice).
  outcome: '处理结果',
  archived: '归档',
  overdue: '超期提醒',
  rated: '投诉人评价',
  'review-requested': '投诉人申请复核',
  'deadline-recomputed': '期限按新录入的工作日历更正',
  'review-concluded': '复核结论（答复投诉人）',
  'review-outcome': '复核后的处理结果',
  assigned: '指定承办人',
  recused: '自行回避',
  'identity-disclosed': '决定向被投诉部门公开投诉人身份',
  'identity-consent': '投诉人同意被投诉部门知悉其身份',
  'parties-confirmed': '确认被投诉人',
  'rating-reviewed': '差评回访',
};
export function eventName(type: string): string {
  return eventNames[type] ?? type;
}

/** Staff ids and account usernames → names, for the history. */
export async function actorNames(env: Env): Promise<Map<string, string>> {
  const names = new Map<string, string>([
    ['citizen', '投诉人'],
    ['system', '系统'],
  ]);
  for (const s of catalogue.staff) names.set(s.id, s.name);
  const { results } = await env.DB.prepare('select username, display_name from staff_accounts').all<{ username: string; display_name: string }>();
  for (const a of results) names.set(`account:${a.username}`, a.display_name);
  return names;
}

/** How staff appear in the history: their content staff id when linked, else their account. */
export function actorOf(staff: Staff): string {
  return staff.staffId ?? `account:${staff.username}`;
}

// ---------- which action, by whom, when ----------

interface Rule {
  roles: Role[];
  stages: Stage[];
  /** Extra condition on the case file. */
  when?: (row: CaseRow) => boolean;
  /** What to say when the stage allows the action but `when` does not. */
  notNow?: string;
}

const open_: Stage[] = ['acceptance', 'registration', 'approval', 'handling'];

export const actionRules: Record<CaseAction, Rule> = {
  accept: { roles: ['intake', 'supervisor'], stages: ['reception'] },
  decline: { roles: ['intake', 'supervisor'], stages: ['reception'] },
  register: { roles: ['intake'], stages: ['acceptance'] },
  submit: { roles: ['intake'], stages: ['registration'] },
  approve: { roles: ['supervisor'], stages: ['approval'] },
  transfer: { roles: ['intake', 'supervisor'], stages: open_ },
  note: { roles: ['intake', 'handler', 'supervisor'], stages: ['reception', ...open_, 'conclusion'] },
  'request-extension': { roles: ['handler', 'supervisor'], stages: ['handling'], when: (r) => (r.extension_state ?? 'none') === 'none' },
  'approve-extension': { roles: ['supervisor'], stages: ['handling'], when: (r) => r.extension_state === 'requested' },
  'refuse-extension': { roles: ['supervisor'], stages: ['handling'], when: (r) => r.extension_state === 'requested' },
  conclude: { roles: ['supervisor'], stages: ['handling'] },
  archive: { roles: ['intake', 'supervisor'], stages: ['conclusion'] },
  review: {
    roles: ['supervisor'],
    stages: ['conclusion', 'archive'],
    when: (r) => r.review_requested_at !== null,
    notNow: '该案件没有待答复的复核申请（可能已经答复过）。请刷新页面查看最新状态。',
  },
  'rating-follow-up': {
    roles: ['supervisor'],
    stages: ['conclusion', 'archive'],
    when: (r) => r.rating_follow_up_due === 1,
    notNow: '该案件没有待回访的差评（只有“不满意”“非常不满意”需要回访，且每条差评回访一次）。请刷新页面查看最新状态。',
  },
  assign: { roles: ['intake', 'supervisor'], stages: open_ },
  recuse: { roles: ['intake', 'handler', 'supervisor'], stages: ['reception', ...open_] },
  disclose: {
    roles: ['supervisor'],
    stages: ['reception', ...open_],
    when: (r) => r.identity_disclosed !== 1,
    notNow: '已经记录过向被投诉部门公开投诉人身份的决定，无需重复记录。',
  },
};

/** Why an action is refused in a stage, where the generic sentence would mislead. */
const stageMessages: Partial<Record<CaseAction, string>> = {
  recuse: '该案件已经办结，不再需要回避；如对已办结的案件有利害关系，请向效能办负责人书面说明。',
  disclose: '该案件已经办结或归档，不能再向被投诉部门公开投诉人身份。',
};

/** The working day by which the supervisor should answer a review request (the acceptance limit, counted from the request). */
export function reviewAnswerBy(row: Pick<CaseRow, 'review_requested_at'>): string | undefined {
  return row.review_requested_at === null ? undefined : deadline(calendar, shanghaiDate(row.review_requested_at), limits.acceptance).date;
}

/** The actions this staff member may take on this case now. */
export function allowedActions(staff: Staff, row: CaseRow): CaseAction[] {
  if (!maySee(staff, row)) return [];
  return (Object.keys(actionRules) as CaseAction[]).filter((a) => {
    const rule = actionRules[a];
    return rule.roles.includes(staff.role) && rule.stages.includes(row.stage) && (!rule.when || rule.when(row));
  });
}

export type ActionOutcome =
  | { kind: 'done'; stage: Stage }
  | { kind: 'invalid'; errors: FieldError[]; values: Record<string, unknown> }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'not-now'; message: string }
  | { kind: 'stale' };

interface Plan {
  set: Record<string, unknown>;
  file: Record<string, unknown>;
  events: { type: string; public: boolean; data: Record<string, unknown> }[];
  /** Who the case is hidden from: rows to add; with `confirm`, the suggestions intake did not confirm are cleared. */
  parties?: { add: { person: string; kind: 'concerned' | 'recused'; reason?: string }[]; confirm?: boolean };
}

const staffById = (id: string) => catalogue.staff.find((s) => s.id === id);

/**
 * The checks that need the case's parties: intake's confirmation of who the complaint is about, and
 * a named handler who must belong to the handling department and never be concerned or recused.
 * Resolved ids are written back into `v`.
 */
async function checkParties(env: Env, action: CaseAction, row: CaseRow, v: Record<string, unknown>, input: Record<string, unknown>): Promise<ActionOutcome | undefined> {
  const invalid = (field: string, message: string): ActionOutcome => ({ kind: 'invalid', errors: [{ field, message }], values: input });
  if (action === 'register') {
    const text = v.concerned as string | undefined;
    if (!text) return undefined;
    const m = matchStaff(catalogue, row.department, text);
    if (m.kind !== 'one') return invalid('concerned', matchMessage(m, row.department, text));
    v.concernedId = m.staff.id;
    return undefined;
  }
  const assignee = v.assignee as string | undefined;
  if (!assignee || !['assign', 'transfer', 'approve'].includes(action)) return undefined;
  const dept = (v.department as string | undefined) ?? handlingOf(row);
  const person = staffById(assignee);
  if (!person || person.department !== dept) {
    return invalid('assignee', `${person ? `${person.name}是${departmentName(person.department)}的工作人员，` : ''}承办人须是承办部门（${departmentName(dept)}）的工作人员，请重新选择`);
  }
  if ((await partiesOf(env, row.id)).some((p) => p.person === assignee)) {
    return invalid('assignee', `${person.name}是本案的被投诉人或已回避本案，不能承办。请另选承办人`);
  }
  if (action === 'assign' && assignee === row.assignee) return invalid('assignee', `${person.name}已经是本案的承办人`);
  return undefined;
}

const fieldOrder = ['version', 'concerned', 'textCleared', 'outcome', 'finding', 'sanctions', 'staffConcerned', 'department', 'assignee', 'days', 'reason', 'legalBasis', 'referral', 'reply', 'note'];

/** Runs one action for one staff member; `input` is the form or JSON body. */
export async function act(env: Env, staff: Staff, id: number, action: CaseAction, input: Record<string, unknown>, now = clockNow()): Promise<ActionOutcome> {
  const rule = actionRules[action];
  if (!rule.roles.includes(staff.role)) return { kind: 'forbidden' };
  const row = await getCase(env, staff, id, now);
  if (!row) return { kind: 'not-found' };
  const parsed = actionSchemas[action].safeParse(input);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error, fieldOrder), values: input };
  const v = parsed.data as Record<string, unknown> & { version: number };
  if (v.version !== row.version) return { kind: 'stale' };
  if (!rule.stages.includes(row.stage)) {
    if (stageMessages[action]) return { kind: 'not-now', message: stageMessages[action]! };
    return { kind: 'not-now', message: `该案件目前处于“${stages.label(row.stage)}”环节，不能${actionLabels[action]}。请刷新页面查看最新状态。` };
  }
  if (rule.when && !rule.when(row)) {
    return { kind: 'not-now', message: rule.notNow ?? `该案件目前处于“${stages.label(row.stage)}”环节，不能${actionLabels[action]}。请刷新页面查看最新状态。` };
  }
  if (action === 'review' && v.outcome === 'changed' && v.finding === row.finding) {
    const errors = [{ field: 'finding', message: `新的结论与原结论（${findings.label(row.finding!)}）相同；结论不变请选择“维持原结论”` }];
    return { kind: 'invalid', errors, values: input };
  }
  const checked = await checkParties(env, action, row, v, input);
  if (checked) return checked;
  const plan = planFor(action, staff, row, v, now);
  const outcome = await write(env, staff, row, v.version, plan, now);
  if (outcome === 'stale') return { kind: 'stale' };
  log('info', 'case.action', { reference: row.reference, action, accountId: staff.accountId });
  const stage = (plan.set.stage as Stage | undefined) ?? row.stage;
  if (action === 'conclude' || (action === 'review' && v.outcome === 'changed')) {
    // The finding, sanctions or staff concerned changed: recompute the periods this case counts in
    // (a review keeps the original conclusion date), withdrawing what no longer holds.
    const concludedOn = action === 'conclude' ? shanghaiDate(now) : row.concluded_on;
    const reason = action === 'conclude' ? `案件 ${row.reference} 报结` : `案件 ${row.reference} 复核后改变结论`;
    await recomputeAlerts(env, periodsOf(concludedOn), reason, now);
  }
  return { kind: 'done', stage };
}

function planFor(action: CaseAction, staff: Staff, row: CaseRow, v: Record<string, unknown>, now: number): Plan {
  const today = shanghaiDate(now);
  const note = v.note as string | undefined;
  const noteEvent = (type: string) => ({ type, public: false, data: note ? { note } : {} });
  switch (action) {
    case 'accept': {
      const due = deadline(calendar, today, limits.conclusion);
      const stageDue = deadline(calendar, today, limits.registration);
      return {
        set: { stage: 'acceptance', due_by: due.date, due_by_provisional: due.provisional ? 1 : 0, first_receiver: row.first_receiver ?? actorOf(staff) },
        file: { stage_due_by: stageDue.date, due_from: today, due_days: limits.conclusion },
        events: [{ type: 'accepted', public: true, data: { dueBy: due.date } }, ...(note ? [noteEvent('note')] : [])],
      };
    }
    case 'decline':
      return {
        set: { stage: 'archive', first_receiver: row.first_receiver ?? actorOf(staff) },
        file: { stage_due_by: null },
        events: [{ type: 'declined', public: true, data: { reason: v.reason, legalBasis: v.legalBasis, referral: v.referral } }],
      };
    case 'register': {
      const concerned = (v.concernedId as string | undefined) ?? null;
      return {
        set: { stage: 'registration' },
        file: {
          stage_due_by: deadline(calendar, today, limits.approval).date,
          text_cleared: v.textCleared === 'yes' ? 1 : 0,
          ...(concerned && row.assignee === concerned ? { assignee: null } : {}),
        },
        events: [noteEvent('registered'), { type: 'parties-confirmed', public: false, data: { concerned, textCleared: v.textCleared } }],
        parties: { add: concerned ? [{ person: concerned, kind: 'concerned' }] : [], confirm: true },
      };
    }
    case 'assign':
      return { set: {}, file: { assignee: v.assignee }, events: [{ type: 'assigned', public: false, data: { assignee: v.assignee } }] };
    case 'recuse': {
      const keys = personKeys(staff);
      return {
        set: {},
        file: row.assignee && keys.includes(row.assignee) ? { assignee: null } : {},
        events: [{ type: 'recused', public: false, data: { person: actorOf(staff), reason: v.reason } }],
        parties: { add: keys.map((person) => ({ person, kind: 'recused' as const, reason: v.reason as string })) },
      };
    }
    case 'disclose':
      return { set: {}, file: { identity_disclosed: 1 }, events: [{ type: 'identity-disclosed', public: false, data: { reason: v.reason } }] };
    case 'submit':
      return { set: { stage: 'approval' }, file: { stage_due_by: deadline(calendar, today, limits.approval).date }, events: [noteEvent('submitted')] };
    case 'approve': {
      const dept = v.department as string | undefined;
      const events: Plan['events'] = [noteEvent('approved')];
      const set: Record<string, unknown> = { stage: 'handling' };
      const file: Record<string, unknown> = { stage_due_by: null };
      if (dept && dept !== handlingOf(row)) {
        set.handling_department = dept;
        // A new department: the handler named in the old one no longer handles it.
        file.assignee = v.assignee ?? null;
        events.push({ type: 'transferred', public: true, data: { department: dept, departmentName: departmentName(dept) } });
      } else if (v.assignee) file.assignee = v.assignee;
      if (v.assignee) events.push({ type: 'assigned', public: false, data: { assignee: v.assignee } });
      return { set, file, events };
    }
    case 'transfer': {
      const dept = v.department as string;
      return {
        set: { handling_department: dept },
        file: { assignee: v.assignee ?? null },
        events: [
          { type: 'transferred', public: true, data: { department: dept, departmentName: departmentName(dept) } },
          { type: 'note', public: false, data: { note: v.note, firstReceiver: row.first_receiver } },
          ...(v.assignee ? [{ type: 'assigned', public: false, data: { assignee: v.assignee } }] : []),
        ],
      };
    }
    case 'note':
      return { set: {}, file: {}, events: [noteEvent('note')] };
    case 'request-extension':
      return {
        set: {},
        file: { extension_state: 'requested', extension_days: v.days, extension_reason: v.reason },
        events: [{ type: 'extension-requested', public: false, data: { days: v.days, reason: v.reason } }],
      };
    case 'approve-extension': {
      const due = deadline(calendar, row.due_by, row.extension_days ?? 0);
      return {
        set: { due_by: due.date, due_by_provisional: due.provisional ? 1 : 0 },
        file: { extension_state: 'approved', due_from: row.due_by, due_days: row.extension_days, overdue_recorded_for: null },
        events: [
          { type: 'extended', public: true, data: { reason: row.extension_reason ?? '', newDueBy: due.date } },
          ...(note ? [noteEvent('note')] : []),
        ],
      };
    }
    case 'refuse-extension':
      return { set: {}, file: { extension_state: 'refused' }, events: [noteEvent('extension-refused')] };
    case 'conclude': {
      const sanctionsChosen = (v.sanctions as Sanction[]) ?? [];
      const staffConcerned = (v.staffConcerned as string | undefined) ?? null;
      const unit = (staffConcerned && catalogue.staff.find((s) => s.id === staffConcerned)?.department) || row.department;
      return {
        set: { stage: 'conclusion', concluded_at: now },
        file: { finding: v.finding, sanctions: JSON.stringify(sanctionsChosen), staff_concerned: staffConcerned, unit, concluded_on: today, stage_due_by: null },
        events: [
          { type: 'concluded', public: true, data: { finding: v.finding, reply: v.reply } },
          { type: 'outcome', public: false, data: { finding: v.finding, sanctions: sanctionsChosen, staffConcerned, unit } },
        ],
      };
    }
    case 'archive':
      return { set: { stage: 'archive' }, file: {}, events: [noteEvent('archived')] };
    case 'review': {
      const outcome = v.outcome as ReviewOutcome;
      const reply = v.reply as string;
      if (outcome === 'upheld') {
        return { set: {}, file: {}, events: [{ type: 'review-concluded', public: true, data: { outcome, reply } }] };
      }
      // A changed finding replaces the outcome the alerts count (finding, sanctions, staff, unit);
      // it keeps counting in the month of the original conclusion.
      const finding = v.finding as Finding;
      const sanctionsChosen = (v.sanctions as Sanction[]) ?? [];
      const staffConcerned = (v.staffConcerned as string | undefined) ?? null;
      const unit = (staffConcerned && catalogue.staff.find((s) => s.id === staffConcerned)?.department) || row.department;
      return {
        set: {},
        file: { finding, sanctions: JSON.stringify(sanctionsChosen), staff_concerned: staffConcerned, unit },
        events: [
          { type: 'review-concluded', public: true, data: { outcome, finding, reply } },
          { type: 'review-outcome', public: false, data: { previousFinding: row.finding, finding, sanctions: sanctionsChosen, staffConcerned, unit } },
        ],
      };
    }
    case 'rating-follow-up':
      return { set: {}, file: {}, events: [{ type: 'rating-reviewed', public: false, data: { note } }] };
  }
}

const SET_COLUMNS = new Set(['stage', 'due_by', 'due_by_provisional', 'first_receiver', 'handling_department', 'concluded_at']);
const FILE_COLUMNS = new Set([
  'stage_due_by',
  'due_from',
  'due_days',
  'extension_state',
  'extension_days',
  'extension_reason',
  'finding',
  'sanctions',
  'staff_concerned',
  'unit',
  'concluded_on',
  'overdue_recorded_for',
  'assignee',
  'text_cleared',
  'identity_disclosed',
]);

async function write(env: Env, staff: Staff, row: CaseRow, version: number, plan: Plan, now: number): Promise<'ok' | 'stale'> {
  const setCols = Object.keys(plan.set).filter((k) => SET_COLUMNS.has(k));
  const fileCols = Object.keys(plan.file).filter((k) => FILE_COLUMNS.has(k));
  const statements: D1PreparedStatement[] = [
    env.DB.prepare(
      'insert into case_versions (complaint_id, version, current, at) values (?1, ?2, (select 1 from complaints where id = ?1 and version = ?2), ?3)',
    ).bind(row.id, version, now),
    env.DB.prepare(
      `update complaints set ${setCols.map((k) => `${k} = ?`).join(', ')}${setCols.length ? ', ' : ''}version = version + 1, updated_at = ? where id = ? and version = ?`,
    ).bind(...setCols.map((k) => plan.set[k] ?? null), now, row.id, version),
  ];
  if (fileCols.length) {
    statements.push(
      env.DB.prepare(
        `insert into case_files (complaint_id, ${fileCols.join(', ')}) values (?, ${fileCols.map(() => '?').join(', ')})
         on conflict(complaint_id) do update set ${fileCols.map((k) => `${k} = excluded.${k}`).join(', ')}`,
      ).bind(row.id, ...fileCols.map((k) => plan.file[k] ?? null)),
    );
  }
  if (plan.parties?.confirm) {
    // Intake's confirmation replaces the suggestions (the confirmed person gets a 'concerned' row below).
    statements.push(env.DB.prepare("update case_parties set cleared_at = ? where complaint_id = ? and kind = 'suggested' and cleared_at is null").bind(now, row.id));
  }
  for (const p of plan.parties?.add ?? []) {
    statements.push(
      env.DB.prepare('insert or ignore into case_parties (complaint_id, person, kind, reason, actor, at) values (?, ?, ?, ?, ?, ?)').bind(
        row.id,
        p.person,
        p.kind,
        p.reason ?? null,
        actorOf(staff),
        now,
      ),
    );
  }
  for (const e of plan.events) {
    statements.push(
      env.DB.prepare('insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, ?, ?, ?, ?)').bind(
        row.id,
        now,
        actorOf(staff),
        e.type,
        e.public ? 1 : 0,
        JSON.stringify(e.data),
      ),
    );
  }
  statements.push(...outboxStatements(env, { type: 'case.events', reference: row.reference, events: plan.events }, now));
  try {
    await env.DB.batch(statements);
    return 'ok';
  } catch (error) {
    if (String((error as Error).message).includes('case_versions')) return 'stale';
    throw error;
  }
}
