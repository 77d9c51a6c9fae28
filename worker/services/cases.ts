/**
 * The case workflow of the office console (issue 4): who may see a case, which actions each role
 * may take in each stage, and how an action is written.
 *
 * Every action is ONE D1 batch (a transaction): claim the version read (case_versions: its key
 * refuses a second claim, its NOT NULL refuses a stale one), update the complaint row, upsert the
 * case file, append the events. Any failure rolls the whole batch back, so no half-written state
 * and no lost update: the loser of a race gets 'stale' and the console answers 409.
 */
import { caseEventLabel, caseEvents, type CaseAction, type CaseEventPlan } from '../../schema/cases.ts';
import { badRatings, type Category, type Channel, type Finding, type Sanction, type Stage } from '../../schema/domain.ts';
import { allowed } from '../../schema/workflow.ts';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../env.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { caseFiles, caseParties, caseVersions, complaintEvents, complaints, staffAccounts } from '../../schema/db/index.ts';
import { dbOf, statementOf, type Db } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { periodsOf, recomputeAlerts } from './alerts.ts';
import { actorOf, caseWorkflow, checkStep, confirmConcerned, EFFICIENCY_OFFICE, handlingOf, routedPost, limits, planStep, type Plan, type StepRefusal, type StepValues } from './case-workflow.ts';
import { partiesOf, personKeys } from './protection.ts';
import { actingAt } from './routing.ts';

export { EFFICIENCY_OFFICE, handlingOf, limits, actorOf } from './case-workflow.ts';

export type DeadlineState = 'overdue' | 'due-soon' | 'on-time' | 'none';
export const deadlineLabels: Record<DeadlineState, string> = { overdue: '已超期', 'due-soon': '即将到期', 'on-time': '未到期', none: '—' };

/** A case as the console reads it: the complaint row and its case file, mapped at the query. */
export interface CaseRow {
  id: number;
  reference: string;
  channel: Channel;
  firstReceiver: string | null;
  department: string;
  service: string | null;
  post: string | null;
  handlingDepartment: string | null;
  category: Category;
  occurredOn: string;
  stage: Stage;
  anonymous: boolean;
  /** Sealed (worker/lib/crypto.ts); opened only through protection.ts's logged view. */
  personal: string;
  receivedAt: number;
  acknowledgeBy: string;
  dueBy: string;
  dueByProvisional: boolean;
  concludedAt: number | null;
  version: number;
  stageDueBy: string | null;
  extensionState: 'none' | 'requested' | 'approved' | 'refused' | null;
  extensionDays: number | null;
  extensionReason: string | null;
  finding: Finding | null;
  /** The sanctions of the conclusion (or of a review that changed it). */
  sanctions: Sanction[];
  staffConcerned: string | null;
  unit: string | null;
  deadlineState: DeadlineState;
  /** When the complainant asked for a review (复核) that is not answered yet; null = none pending. */
  reviewRequestedAt: number | null;
  /** A 差评 (不满意/非常不满意) has had no follow-up (差评回访) or review answer since. */
  ratingFollowUpDue: boolean;
  /** The complainant agreed that the department complained about may see who they are. */
  identityConsent: boolean;
  /** The named handler (承办人), a content/staff id. */
  assignee: string | null;
  textCleared: boolean;
  identityDisclosed: boolean;
  concludedOn: string | null;
}

/** Today, and the last day that still counts as "due soon", in Asia/Shanghai. */
export function deadlineWindow(now = clockNow()) {
  const today = shanghaiDate(now);
  return { today, soon: deadline(calendar, today, limits.dueSoon).date };
}

const c = complaints;
const f = caseFiles;

/**
 * The deadline state of a case, given today and the last "due soon" day. A stage's own limit
 * (registration, approval: 2–3 working days) is shorter than the due-soon window, so it counts as due
 * soon only on its last day; otherwise every case was 即将到期 the moment it was accepted (issue 17
 * item 9).
 */
function stateSql(today: string, soon: string): SQL<DeadlineState> {
  return sql<DeadlineState>`case when ${c.stage} in ('conclusion', 'archive') then 'none'
  when min(${c.dueBy}, coalesce(${f.stageDueBy}, ${c.dueBy})) < ${today} then 'overdue'
  when ${c.dueBy} <= ${soon} or coalesce(${f.stageDueBy}, ${c.dueBy}) <= ${today} then 'due-soon'
  else 'on-time' end`;
}

/** The latest review request with no `review-concluded` after it (events are appended, so a later id is a later answer). */
const reviewPending = sql<number | null>`(select max(r.at) from complaint_events r where r.complaint_id = ${c.id} and r.type = 'review-requested'
  and not exists (select 1 from complaint_events a where a.complaint_id = ${c.id} and a.type = 'review-concluded' and a.id > r.id))`;
/** A bad rating with no follow-up since: the same events the bulletin's 差评复核率 counts (RATING_REVIEW_EVENTS). */
const ratingDue = sql`exists (select 1 from complaint_events r where r.complaint_id = ${c.id} and r.type = 'rated'
  and json_extract(r.data, '$.level') in (${sql.join(
    badRatings.map((l) => sql`${l}`),
    sql`, `,
  )})
  and not exists (select 1 from complaint_events a where a.complaint_id = ${c.id} and a.type in ('rating-reviewed', 'review-concluded') and a.id > r.id))`;

/** Not a case this staff member is concerned by or recused from (case_parties). */
function notHidden(staff: Pick<Staff, 'staffId' | 'username'>): SQL {
  return sql`not exists (select 1 from case_parties hp where hp.complaint_id = ${c.id} and hp.cleared_at is null and hp.person in ${personKeys(staff)})`;
}

function selectCases(env: Env, now: number) {
  const { today, soon } = deadlineWindow(now);
  const state = stateSql(today, soon);
  const query = dbOf(env)
    .select({
      id: c.id,
      reference: c.reference,
      channel: c.channel,
      firstReceiver: c.firstReceiver,
      department: c.department,
      service: c.service,
      post: c.post,
      handlingDepartment: c.handlingDepartment,
      category: c.category,
      occurredOn: c.occurredOn,
      stage: c.stage,
      anonymous: c.anonymous,
      personal: c.personal,
      receivedAt: c.receivedAt,
      acknowledgeBy: c.acknowledgeBy,
      dueBy: c.dueBy,
      dueByProvisional: c.dueByProvisional,
      concludedAt: c.concludedAt,
      version: c.version,
      stageDueBy: f.stageDueBy,
      extensionState: f.extensionState,
      extensionDays: f.extensionDays,
      extensionReason: f.extensionReason,
      finding: f.finding,
      sanctions: f.sanctions,
      staffConcerned: f.staffConcerned,
      unit: f.unit,
      identityConsent: c.identityConsent,
      assignee: f.assignee,
      textCleared: sql<number>`coalesce(${f.textCleared}, 0)`,
      identityDisclosed: sql<number>`coalesce(${f.identityDisclosed}, 0)`,
      concludedOn: f.concludedOn,
      deadlineState: state,
      reviewRequestedAt: reviewPending,
      ratingFollowUpDue: sql<number>`${ratingDue}`,
    })
    .from(c)
    .leftJoin(f, eq(f.complaintId, c.id));
  return { query, state };
}

type Selected = Awaited<ReturnType<typeof selectCases>['query']>[number];

function sanctionsOf(raw: string | null): Sanction[] {
  try {
    const v = JSON.parse(raw ?? '[]') as unknown;
    return Array.isArray(v) ? (v as Sanction[]) : [];
  } catch {
    return [];
  }
}

/** Rows to the domain type: flags as booleans, the sanctions parsed. */
function toCase(r: Selected): CaseRow {
  return {
    ...r,
    sanctions: sanctionsOf(r.sanctions),
    textCleared: r.textCleared === 1,
    identityDisclosed: r.identityDisclosed === 1,
    ratingFollowUpDue: r.ratingFollowUpDue === 1,
  };
}

/** Handlers see their department's cases only; intake and supervisors see all; admins none. */
export function maySee(staff: Staff, row: Pick<CaseRow, 'handlingDepartment'>): boolean {
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
  if (staff.role !== 'handler' && staff.role !== 'intake' && staff.role !== 'supervisor') return [];
  const { query, state } = selectCases(env, now);
  const where: (SQL | undefined)[] = [notHidden(staff)];
  if (staff.role === 'handler') where.push(sql`coalesce(${c.handlingDepartment}, ${EFFICIENCY_OFFICE}) = ${staff.department}`);
  if (filters.stage) where.push(eq(c.stage, filters.stage));
  if (filters.department) where.push(or(eq(c.department, filters.department), eq(c.handlingDepartment, filters.department)));
  if (filters.category) where.push(sql`${c.category} = ${filters.category}`);
  if (filters.deadline) where.push(sql`(${state}) = ${filters.deadline}`);
  if (filters.pending === 'review') where.push(sql`${reviewPending} is not null`);
  if (filters.pending === 'rating') where.push(ratingDue);
  const rows = await query
    .where(and(...where))
    .orderBy(
      sql`case (${state}) when 'overdue' then 0 when 'due-soon' then 1 when 'on-time' then 2 else 3 end`,
      sql`min(${c.dueBy}, coalesce(${f.stageDueBy}, ${c.dueBy}))`,
      c.id,
    )
    .limit(500);
  return rows.map(toCase);
}

/**
 * One case as this staff member may see it, or undefined: a case that does not exist, that another
 * department handles, or that they are concerned by or recused from all look the same (404).
 */
export async function getCase(env: Env, staff: Staff, id: number, now = clockNow()): Promise<CaseRow | undefined> {
  const [row] = await selectCases(env, now).query.where(and(eq(c.id, id), notHidden(staff)));
  return row && maySee(staff, row) ? toCase(row) : undefined;
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

/** A case's history without its texts: type, time, actor and visibility of each event, in order. */
export async function historyOutline(env: Env, complaintId: number) {
  const e = complaintEvents;
  return dbOf(env).select({ at: e.at, actor: e.actor, type: e.type, public: e.public }).from(e).where(eq(e.complaintId, complaintId)).orderBy(e.at, e.id);
}

/** Staff ids and account usernames → names, for the history. */
export async function actorNames(env: Env): Promise<Map<string, string>> {
  const names = new Map<string, string>([
    ['citizen', '投诉人'],
    ['system', '系统'],
  ]);
  for (const s of catalogue.staff) names.set(s.id, s.name);
  for (const a of await dbOf(env).select({ username: staffAccounts.username, displayName: staffAccounts.displayName }).from(staffAccounts)) {
    names.set(`account:${a.username}`, a.displayName);
  }
  return names;
}

// ---------- which action, by whom, when ----------

/** The working day by which the supervisor should answer a review request (the acceptance limit, counted from the request). */
export function reviewAnswerBy(row: Pick<CaseRow, 'reviewRequestedAt'>): string | undefined {
  return row.reviewRequestedAt === null ? undefined : deadline(calendar, shanghaiDate(row.reviewRequestedAt), limits.acceptance).date;
}

/** The actions this staff member may take on this case now. */
export function allowedActions(staff: Staff, row: CaseRow): CaseAction[] {
  if (!maySee(staff, row)) return [];
  return allowed(caseWorkflow.actions, staff.role, row.stage, row);
}

export type ActionOutcome = { kind: 'done'; stage: Stage } | { kind: 'not-found' } | StepRefusal;

const staffById = (id: string) => catalogue.staff.find((s) => s.id === id);

/**
 * The checks that need the case's parties: intake's confirmation of who the complaint is about, and
 * a named handler who must belong to the handling department and never be concerned or recused.
 * Resolved ids are written back into `v`.
 */
async function checkParties(env: Env, action: CaseAction, row: CaseRow, v: StepValues, input: Record<string, unknown>, now: number): Promise<ActionOutcome | undefined> {
  const invalid = (field: string, message: string): ActionOutcome => ({ kind: 'invalid', errors: [{ field, message }], values: input });
  if (action === 'register') return confirmConcerned(row, v, input);
  const post = routedPost(action, row, v);
  if (post) {
    // No handler named: whoever acts for the department's post today (routing.ts actingFor: A, the
    // approved stand-in, B, the head), never a person concerned by or recused from the case.
    const parties = new Set((await partiesOf(env, row.id)).map((p) => p.person));
    const acting = await actingAt(env, post, now, parties);
    // Chosen by the rule, not typed in: an approved stand-in from another section acts with A's authority.
    if (acting) return void (v.assignee = acting.assignee);
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

/** Runs one action for one staff member; `input` is the form or JSON body. */
export async function act(env: Env, staff: Staff, id: number, action: CaseAction, input: Record<string, unknown>, now = clockNow()): Promise<ActionOutcome> {
  if (!caseWorkflow.actions[action].roles.includes(staff.role)) return { kind: 'forbidden' };
  const row = await getCase(env, staff, id, now);
  if (!row) return { kind: 'not-found' };
  const checked = checkStep(action, staff.role, row, input);
  if (checked.kind !== 'ok') return checked;
  const { v } = checked;
  const parties = await checkParties(env, action, row, v, input, now);
  if (parties) return parties;
  const today = shanghaiDate(now);
  const plan = planStep(action, v, staff, row, now);
  const outcome = await write(env, staff, row, v.version, plan, now);
  if (outcome === 'stale') return { kind: 'stale' };
  log('info', 'case.action', { reference: row.reference, action, accountId: staff.accountId });
  const stage = (plan.set.stage as Stage | undefined) ?? row.stage;
  if (action === 'conclude' || (action === 'review' && v.outcome === 'changed')) {
    // The finding, sanctions or staff concerned changed: recompute the periods this case counts in
    // (a review keeps the original conclusion date), withdrawing what no longer holds.
    const concludedOn = action === 'conclude' ? today : row.concludedOn;
    const reason = action === 'conclude' ? `案件 ${row.reference} 报结` : `案件 ${row.reference} 复核后改变结论`;
    await recomputeAlerts(env, periodsOf(concludedOn), reason, now);
  }
  return { kind: 'done', stage };
}

/** One event of a case's history, visible or not as the registry declares (schema/cases.ts). */
export function caseEventInsert(db: Db, complaintId: number, at: number, actor: string, e: CaseEventPlan) {
  return db.insert(complaintEvents).values({ complaintId, at, actor, type: e.type, public: caseEvents[e.type].public, data: JSON.stringify(e.data) });
}

async function write(env: Env, staff: Staff, row: CaseRow, version: number, plan: Plan, now: number): Promise<'ok' | 'stale'> {
  const db = dbOf(env);
  const actor = actorOf(staff);
  const queries = [
    db.insert(caseVersions).values({ complaintId: row.id, version, current: sql`(select 1 from complaints where id = ${row.id} and version = ${version})`, at: now }),
    db
      .update(complaints)
      .set({ ...plan.set, version: sql`${complaints.version} + 1`, updatedAt: now })
      .where(and(eq(complaints.id, row.id), eq(complaints.version, version))),
    ...(Object.keys(plan.file).length
      ? [db.insert(caseFiles).values({ complaintId: row.id, ...plan.file }).onConflictDoUpdate({ target: caseFiles.complaintId, set: plan.file })]
      : []),
    // Intake's confirmation replaces the suggestions (the confirmed person gets a 'concerned' row below).
    ...(plan.parties?.confirm
      ? [db.update(caseParties).set({ clearedAt: now }).where(and(eq(caseParties.complaintId, row.id), eq(caseParties.kind, 'suggested'), isNull(caseParties.clearedAt)))]
      : []),
    ...(plan.parties?.add ?? []).map((p) =>
      db.insert(caseParties).values({ complaintId: row.id, person: p.person, kind: p.kind, reason: p.reason ?? null, actor, at: now }).onConflictDoNothing(),
    ),
    ...plan.events.map((e) => caseEventInsert(db, row.id, now, actor, e)),
  ];
  // One D1 batch (a transaction) with the notify outbox's rows.
  const statements = queries.map((q) => statementOf(env, q));
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
