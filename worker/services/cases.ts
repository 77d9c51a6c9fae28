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
import { caseEventLabel, caseEvents, type CaseAction } from '../../schema/cases.ts';
import { badRatings, findings, stages, type Finding, type Stage } from '../../schema/domain.ts';
import { allowed } from '../../schema/workflow.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { log } from '../lib/log.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { periodsOf, recomputeAlerts } from './alerts.ts';
import { actorOf, caseWorkflow, EFFICIENCY_OFFICE, handlingOf, limits, type Plan } from './case-workflow.ts';
import { hiddenBinds, matchMessage, matchStaff, notHiddenSql, partiesOf } from './protection.ts';

export { EFFICIENCY_OFFICE, handlingOf, limits, actorOf } from './case-workflow.ts';

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

/** The office timeline's name of an event type (the registry's label, schema/cases.ts). */
export const eventName = caseEventLabel;

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

// ---------- which action, by whom, when ----------

/** The working day by which the supervisor should answer a review request (the acceptance limit, counted from the request). */
export function reviewAnswerBy(row: Pick<CaseRow, 'review_requested_at'>): string | undefined {
  return row.review_requested_at === null ? undefined : deadline(calendar, shanghaiDate(row.review_requested_at), limits.acceptance).date;
}

/** The actions this staff member may take on this case now. */
export function allowedActions(staff: Staff, row: CaseRow): CaseAction[] {
  if (!maySee(staff, row)) return [];
  return allowed(caseWorkflow.actions, staff.role, row.stage, row);
}

export type ActionOutcome =
  | { kind: 'done'; stage: Stage }
  | { kind: 'invalid'; errors: FieldError[]; values: Record<string, unknown> }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'not-now'; message: string }
  | { kind: 'stale' };

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
  const spec = caseWorkflow.actions[action];
  if (!spec.roles.includes(staff.role)) return { kind: 'forbidden' };
  const row = await getCase(env, staff, id, now);
  if (!row) return { kind: 'not-found' };
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', errors: fieldErrors(parsed.error, fieldOrder), values: input };
  const v = parsed.data as Record<string, unknown> & { version: number };
  if (v.version !== row.version) return { kind: 'stale' };
  const generic = `该案件目前处于“${stages.label(row.stage)}”环节，不能${spec.label}。请刷新页面查看最新状态。`;
  if (!spec.states.includes(row.stage)) return { kind: 'not-now', message: spec.stateMessage ?? generic };
  if (spec.when && !spec.when(row)) return { kind: 'not-now', message: spec.notNow ?? generic };
  if (action === 'review' && v.outcome === 'changed' && v.finding === row.finding) {
    const errors = [{ field: 'finding', message: `新的结论与原结论（${findings.label(row.finding!)}）相同；结论不变请选择“维持原结论”` }];
    return { kind: 'invalid', errors, values: input };
  }
  const checked = await checkParties(env, action, row, v, input);
  if (checked) return checked;
  const today = shanghaiDate(now);
  const plan = spec.effect(v, { staff, row, now, today, concernedId: v.concernedId as string | undefined });
  const unwritten = plan.events.find((e) => !spec.writes.includes(e.type));
  if (unwritten) throw new Error(`case action ${action} plans event ${unwritten.type}, which its declaration does not list in writes`);
  const outcome = await write(env, staff, row, v.version, plan, now);
  if (outcome === 'stale') return { kind: 'stale' };
  log('info', 'case.action', { reference: row.reference, action, accountId: staff.accountId });
  const stage = (plan.set.stage as Stage | undefined) ?? row.stage;
  if (action === 'conclude' || (action === 'review' && v.outcome === 'changed')) {
    // The finding, sanctions or staff concerned changed: recompute the periods this case counts in
    // (a review keeps the original conclusion date), withdrawing what no longer holds.
    const concludedOn = action === 'conclude' ? today : row.concluded_on;
    const reason = action === 'conclude' ? `案件 ${row.reference} 报结` : `案件 ${row.reference} 复核后改变结论`;
    await recomputeAlerts(env, periodsOf(concludedOn), reason, now);
  }
  return { kind: 'done', stage };
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
        caseEvents[e.type].public ? 1 : 0,
        JSON.stringify(e.data),
      ),
    );
  }
  const events = plan.events.map((e) => ({ ...e, public: caseEvents[e.type].public }));
  statements.push(...outboxStatements(env, { type: 'case.events', reference: row.reference, events }, now));
  try {
    await env.DB.batch(statements);
    return 'ok';
  } catch (error) {
    if (String((error as Error).message).includes('case_versions')) return 'stale';
    throw error;
  }
}
