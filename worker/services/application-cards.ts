/**
 * The console's reading of 电子监察: applications and cards with filters, one application's file,
 * and the card actions (督办 → 回告 → 办结) from the registry in schema/application.ts. A card
 * action is one conditional update and its event in one D1 batch: two people acting on the same
 * card at once cannot both land.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ComplaintInput } from '../../schema/complaint.ts';
import type { Category } from '../../schema/domain.ts';
import { complaints } from '../../schema/db/complaints.ts';
import { insertComplaint } from './complaints.ts';
import { applicationViewOf, cardActions, cardRules, replay, type ApplicationView, type ApplicationEventType, type CardAction, type CardState, type EventData } from '../../schema/application.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { applicationCardEvents, applicationCards, applicationEvents, applications } from '../../schema/db/applications.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { checkAccessCode } from '../lib/crypto.ts';
import type { Db } from './applications.ts';
import { statementOf } from '../lib/db.ts';
import { outboxStatements } from '../notify/outbox.ts';

export interface CardFilters {
  department?: string;
  service?: string;
  colour?: 'yellow' | 'red';
  state?: CardState;
}

/** The filters that are set, each a column equal to its value (none set: every row). */
function matching(...filters: [SQLiteColumn, string | undefined][]): SQL | undefined {
  const where = filters.flatMap(([column, value]) => (value ? [eq(column, value)] : []));
  return where.length ? and(...where) : undefined;
}

/** These columns of a table, by name, for a select. */
function columns<T extends object, K extends keyof T>(table: T, ...names: K[]): Pick<T, K> {
  return Object.fromEntries(names.map((n) => [n, table[n]])) as Pick<T, K>;
}

export async function listCards(db: Db, f: CardFilters, limit = 200) {
  const c = applicationCards;
  return db
    .select({
      id: c.id,
      number: applications.number,
      ...columns(c, 'rule', 'colour', 'department', 'service', 'post', 'holder', 'via', 'detail', 'state', 'raisedOn', 'answerBy', 'caseId'),
    })
    .from(applicationCards)
    .innerJoin(applications, eq(applications.id, applicationCards.applicationId))
    .where(matching([c.department, f.department], [c.service, f.service], [c.colour, f.colour], [c.state, f.state]))
    .orderBy(desc(applicationCards.raisedOn), desc(applicationCards.id))
    .limit(limit)
    .all();
}
export type CardRow = Awaited<ReturnType<typeof listCards>>[number];

export interface ApplicationFilters {
  department?: string;
  service?: string;
  status?: string;
}

export async function listApplications(db: Db, f: ApplicationFilters, limit = 100) {
  const a = applications;
  return db
    .select(columns(a, 'number', 'service', 'department', 'status', 'receivedOn', 'dueBy', 'dueProvisional', 'stopped', 'lateEvents'))
    .from(applications)
    .where(matching([a.department, f.department], [a.service, f.service], [a.status, f.status]))
    .orderBy(desc(applications.receivedOn), desc(applications.id))
    .limit(limit)
    .all();
}
export type ApplicationRow = Awaited<ReturnType<typeof listApplications>>[number];

/** One application's file for the console: the projection, its events (no applicant) and cards. */
export async function applicationFile(db: Db, number: string, now = clockNow()) {
  const row = await db.select({ id: applications.id, number: applications.number }).from(applications).where(eq(applications.number, number)).get();
  if (!row) return undefined;
  const events = await db
    .select({ id: applicationEvents.id, type: applicationEvents.type, occurredAt: applicationEvents.occurredAt, recordedAt: applicationEvents.recordedAt, late: applicationEvents.late, source: applicationEvents.source, data: applicationEvents.data })
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, row.id))
    .orderBy(asc(applicationEvents.occurredAt), asc(applicationEvents.id))
    .all();
  const typed = events.map((e) => ({ ...e, type: e.type as ApplicationEventType, data: JSON.parse(e.data) as EventData<ApplicationEventType> }));
  const result = replay(catalogue, calendar, typed.map((e) => ({ type: e.type, occurredAt: e.occurredAt, recordedAt: e.recordedAt, seq: e.id, data: e.data })), shanghaiDate(now));
  const cards = await db.select().from(applicationCards).where(eq(applicationCards.applicationId, row.id)).orderBy(asc(applicationCards.id)).all();
  const cardEvents = cards.length
    ? await db.select().from(applicationCardEvents).where(inArray(applicationCardEvents.cardId, cards.map((c) => c.id))).orderBy(asc(applicationCardEvents.id)).all()
    : [];
  return { number: row.number, projection: result.ok ? result.projection : undefined, events: typed, cards, cardEvents };
}
export type ApplicationFile = NonNullable<Awaited<ReturnType<typeof applicationFile>>>;

export type CardActionOutcome = 'done' | 'not-found' | 'wrong-state';

/**
 * Takes a card action (the registry in schema/application.ts): the state moves only from the
 * states the registry allows, and the events the action's effect plans land only if the move did.
 * `input` is what the action's schema parsed.
 */
export async function actOnCard(env: Env, db: Db, id: number, action: CardAction, actor: string, input: Record<string, unknown>, now = clockNow()): Promise<CardActionOutcome> {
  const spec = cardActions[action];
  const card = await db
    .select({ id: applicationCards.id, state: applicationCards.state, department: applicationCards.department, number: applications.number })
    .from(applicationCards)
    .innerJoin(applications, eq(applications.id, applicationCards.applicationId))
    .where(eq(applicationCards.id, id))
    .get();
  if (!card) return 'not-found';
  if (!spec.states.includes(card.state)) return 'wrong-state';
  const plan = spec.effect(input, { today: shanghaiDate(now), calendar });
  const answerBy = plan.set.answerBy;
  const [updated] = await env.DB.batch([
    statementOf(
      env,
      db
        .update(applicationCards)
        .set(plan.set)
        .where(and(eq(applicationCards.id, id), eq(applicationCards.state, card.state))),
    ),
    // Each lands only when the statement before it did (changes() of the previous statement, same transaction).
    ...plan.events.map((e) => statementOf(env, db.insert(applicationCardEvents).select(sql`select null, ${id}, ${now}, ${actor}, ${e.type}, ${JSON.stringify(e.data)} where changes() = 1`))),
    // 督办: the unit that must answer is told, with the 回告 deadline (issue 15); only if it landed.
    ...(answerBy ? outboxStatements(env, { type: 'card.supervised', number: card.number, cardId: id, department: card.department, answerBy }, now) : []),
  ]);
  return (updated as D1Result).meta.changes === 1 ? 'done' : 'wrong-state';
}

/**
 * 办件查询: the application behind number + query code, or undefined. An unknown number costs the
 * same work as a wrong code (worker/lib/crypto.ts checkAccessCode), so timing tells nothing.
 */
export async function authenticateApplication(db: Db, number: string, code: string) {
  const row = await db.select({ number: applications.number, accessHash: applications.accessHash }).from(applications).where(eq(applications.number, number)).get();
  const ok = await checkAccessCode(number, code, row?.accessHash ?? undefined);
  return ok && row ? row.number : undefined;
}

/** The applicant's view of an application (no personal data of anyone). */
export async function publicView(db: Db, number: string, now = clockNow()): Promise<ApplicationView | undefined> {
  const file = await applicationFile(db, number, now);
  const p = file?.projection;
  if (!p) return undefined;
  const service = catalogue.services.find((s) => s.id === p.service)!;
  return applicationViewOf(number, p, service, departmentName(p.department), calendar);
}

// ---- a red card opens an efficiency case ------------------------------------------------------

const caseCategory: Record<string, Category> = {
  overdue: 'overdue',
  'acceptance-late': 'overdue',
  'step-overdue': 'overdue',
  'due-soon': 'overdue',
  'refusal-without-basis': 'broken-commitment',
  'fee-excess': 'broken-commitment',
};

export type OpenCaseOutcome = { kind: 'opened'; reference: string; id: number } | { kind: 'not-found' | 'not-red' | 'already' };

/**
 * Opens an efficiency case (效能投诉案件) against the card's responsible post in one action. The
 * case is filed by the office itself (channel `supervision`, anonymous: no complainant), naming the
 * responsible person, so the complaint workflow's recusal and shielding apply from the first moment
 * (worker/services/protection.ts: the person named is hidden from the case). The card is claimed
 * first, so two clicks never open two cases.
 */
export async function openCaseFromCard(env: Env, db: Db, id: number, actor: string, now = clockNow()): Promise<OpenCaseOutcome> {
  const card = await db.select().from(applicationCards).where(eq(applicationCards.id, id)).get();
  if (!card) return { kind: 'not-found' };
  if (card.colour !== 'red') return { kind: 'not-red' };
  const claim = await db.update(applicationCards).set({ caseId: -1 }).where(and(eq(applicationCards.id, id), isNull(applicationCards.caseId))).run();
  if ((claim.meta.changes ?? 0) === 0) return { kind: 'already' };
  try {
    const number = (await db.select({ number: applications.number }).from(applications).where(eq(applications.id, card.applicationId)).get())!.number;
    const holder = catalogue.staff.find((s) => s.id === card.holder);
    const rule = cardRules[card.rule as keyof typeof cardRules];
    const input: ComplaintInput = {
      department: card.department as ComplaintInput['department'],
      service: card.service as ComplaintInput['service'],
      post: card.post as ComplaintInput['post'],
      staffName: holder?.name,
      category: caseCategory[card.rule] ?? 'other',
      occurredOn: card.raisedOn,
      description: `电子监察红牌：办件 ${number}，${rule.label}。${card.detail}。责任岗位：${card.post}，责任人按 AB 岗当日在岗情况确定。`,
      request: '请依照效能投诉办理程序核查原因，依规处理并督促整改。',
      anonymous: true,
      consent: true,
    } as unknown as ComplaintInput;
    const drawn = await insertComplaint(env, input, { channel: 'supervision', firstReceiver: null, actor }, now);
    const row = (await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, drawn.reference)).get())!;
    await db.batch([
      db.update(applicationCards).set({ caseId: row.id }).where(eq(applicationCards.id, id)),
      db.insert(applicationCardEvents).values({ cardId: id, at: now, actor, type: 'case-opened', data: JSON.stringify({ reference: drawn.reference }) }),
    ]);
    return { kind: 'opened', reference: drawn.reference, id: row.id };
  } catch (error) {
    await db.update(applicationCards).set({ caseId: null }).where(and(eq(applicationCards.id, id), eq(applicationCards.caseId, -1)));
    throw error;
  }
}
