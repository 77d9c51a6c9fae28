/**
 * Filing and following complaints: the rules shared by the web form and the JSON API.
 * Personal data is sealed before it reaches D1 and opened only for the holder of the reference and
 * access code; logs carry the reference and category only.
 */
import {
  eventLabels,
  publicEventData,
  type ComplaintInput,
  type Created,
  type PersonalData,
  type PublicEventType,
  type Timeline,
} from '../../schema/complaint.ts';
import { categories, findings, reviewOutcomes, satisfaction, stages, type Channel, type Finding, type ReviewOutcome, type Satisfaction, type Stage } from '../../schema/domain.ts';
import { addCalendarDays, deadline, shanghaiDate } from '../../schema/workdays.ts';
import { calendar, catalogue, departmentName } from '../lib/catalogue.ts';
import { accessHash, newAccessCode, newReference, open, seal } from '../lib/crypto.ts';
import { fingerprint, replay as replayKey } from '../lib/idempotency.ts';
import { eq, sql } from 'drizzle-orm';
import { caseParties, complaintEvents, complaints, idempotencyKeys } from '../../schema/db/index.ts';
import { dbOf, isUniqueViolation, statementOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { matchByCode } from '../lib/tracking.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { suggestionsOf } from './protection.ts';

export type FileOutcome = { kind: 'created' | 'replayed'; created: Created } | { kind: 'key-conflict' };

const replay = (env: Env, key: string, print: string) => replayKey<Created>(env, 'complaints', key, print);

export async function fileComplaint(env: Env, input: ComplaintInput, idempotencyKey: string | undefined, now = clockNow()): Promise<FileOutcome> {
  const print = await fingerprint(input);
  if (idempotencyKey) {
    const previous = await replay(env, idempotencyKey, print);
    if (previous) return previous;
  }
  let drawn: Drawn;
  try {
    drawn = await insertComplaint(env, input, { channel: 'web', firstReceiver: null, actor: 'citizen' }, now, async (d) => {
      if (!idempotencyKey) return [];
      const response = await seal(env.PII_KEY, createdOf(d));
      return [statementOf(env, dbOf(env).insert(idempotencyKeys).values({ key: idempotencyKey, fingerprint: print, complaintId: idOf(d.reference), response, createdAt: now }))];
    });
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error, 'idempotency_keys.key')) {
      // A concurrent request with the same key won the race; its batch is the one that counts.
      const previous = await replay(env, idempotencyKey, print);
      if (previous) return previous;
    }
    throw error;
  }
  log('info', 'complaint.filed', { reference: drawn.reference, category: input.category });
  return { kind: 'created', created: createdOf(drawn) };
}

/** A new complaint's reference, access code and acknowledge-by deadline. */
export interface Drawn {
  reference: string;
  accessCode: string;
  ack: { date: string; provisional: boolean };
}

function createdOf({ reference, accessCode, ack }: Drawn): Created {
  return { reference, accessCode, status: 'reception', acknowledgeBy: ack.date, acknowledgeByProvisional: ack.provisional };
}

/** The id of the complaint `reference`, as a subquery: a statement later in the same batch as its insert can refer to it. */
function idOf(reference: string) {
  return sql<number>`(select ${complaints.id} from ${complaints} where ${complaints.reference} = ${reference})`;
}

/**
 * Writes a new complaint at reception with its public 'received' event, and whatever `extra` adds,
 * in one batch: personal data sealed, a fresh reference drawn again if the random one is taken.
 * Shared by web filings and the office's registration of phone, visit and letter complaints.
 */
export async function insertComplaint(
  env: Env,
  input: ComplaintInput,
  source: { channel: Channel; firstReceiver: string | null; actor: string },
  now: number,
  extra: (drawn: Drawn) => Promise<D1PreparedStatement[]> = async () => [],
): Promise<Drawn> {
  const today = shanghaiDate(now);
  const ack = deadline(calendar, today, catalogue.office.limits.acceptance);
  const personal: PersonalData = {
    name: input.name,
    phone: input.phone,
    email: input.email,
    staffName: input.staffName,
    description: input.description,
    request: input.request,
  };
  const sealed = await seal(env.PII_KEY, personal);
  // Who the complaint names: hidden from them at once, until intake confirms or corrects at registration.
  const suggested = suggestionsOf(input.department, input.staffName);
  for (let attempt = 0; attempt < 5; attempt++) {
    const drawn: Drawn = { reference: newReference(today), accessCode: newAccessCode(), ack };
    const { reference } = drawn;
    try {
      const db = dbOf(env);
      const complaintId = idOf(reference);
      const event = (actor: string, type: 'received' | 'identity-consent', isPublic: boolean, data: Record<string, unknown>) =>
        statementOf(env, db.insert(complaintEvents).values({ complaintId, at: now, actor, type, public: isPublic, data: JSON.stringify(data) }));
      await env.DB.batch([
        statementOf(
          env,
          db.insert(complaints).values({
            reference,
            accessHash: await accessHash(reference, drawn.accessCode),
            channel: source.channel,
            firstReceiver: source.firstReceiver,
            department: input.department,
            service: input.service ?? null,
            post: input.post ?? null,
            category: input.category,
            occurredOn: input.occurredOn,
            stage: 'reception',
            anonymous: input.anonymous,
            personal: sealed,
            receivedAt: now,
            acknowledgeBy: ack.date,
            acknowledgeByProvisional: ack.provisional,
            dueBy: ack.date,
            dueByProvisional: ack.provisional,
            createdAt: now,
            updatedAt: now,
            identityConsent: input.identityConsent,
          }),
        ),
        event(source.actor, 'received', true, { channel: source.channel }),
        ...(input.identityConsent ? [event('citizen', 'identity-consent', false, {})] : []),
        ...suggested.map((person) => statementOf(env, db.insert(caseParties).values({ complaintId, person, kind: 'suggested', actor: 'system', at: now }))),
        ...outboxStatements(env, { type: 'complaint.filed', reference, anonymous: input.anonymous, notify: { email: input.notifyEmail, sms: input.notifySms } }, now),
        ...(await extra(drawn)),
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'complaints.reference')) continue; // 30 random bits collided: draw again
      throw error;
    }
    return drawn;
  }
  throw new Error('could not draw a free reference number');
}

/** What the tracking page needs of a complaint, mapped to camelCase at the query. */
function trackedBy(env: Env, reference: string) {
  const t = complaints;
  return dbOf(env)
    .select({
      id: t.id,
      reference: t.reference,
      accessHash: t.accessHash,
      department: t.department,
      firstReceiver: t.firstReceiver,
      category: t.category,
      stage: t.stage,
      anonymous: t.anonymous,
      personal: t.personal,
      receivedAt: t.receivedAt,
      dueBy: t.dueBy,
      dueByProvisional: t.dueByProvisional,
    })
    .from(t)
    .where(eq(t.reference, reference))
    .get();
}
type ComplaintRow = NonNullable<Awaited<ReturnType<typeof trackedBy>>>;

/** The complaint behind a reference and access code, or undefined: unknown and wrong look the same. */
export async function authenticate(env: Env, reference: string, accessCode: string): Promise<ComplaintRow | undefined> {
  const row = await trackedBy(env, reference);
  return matchByCode(reference, accessCode, row, row?.accessHash);
}

/** A complaint's history in order (the public page filters it by each event's visibility). */
function eventsOf(env: Env, complaintId: number) {
  const e = complaintEvents;
  return dbOf(env).select({ at: e.at, type: e.type, public: e.public, data: e.data }).from(e).where(eq(e.complaintId, complaintId)).orderBy(e.at, e.id);
}
export type EventRow = Awaited<ReturnType<typeof eventsOf>>[number];

interface After {
  concludedAt?: number;
  rating?: Satisfaction;
  canRate: boolean;
  canReview: boolean;
  reviewBy?: string;
}

/** What the complainant may still do: rate once and ask for a review within the window after the latest conclusion. */
export function afterConclusion(events: EventRow[], now: number): After {
  let concludedAt: number | undefined;
  let rating: Satisfaction | undefined;
  let ratedSince = false;
  let reviewSince = false;
  for (const e of events) {
    if (e.type === 'concluded') {
      concludedAt = e.at;
      ratedSince = false;
      reviewSince = false;
    } else if (e.type === 'rated' && concludedAt !== undefined) {
      ratedSince = true;
      rating = (JSON.parse(e.data) as { level?: Satisfaction }).level;
    } else if (e.type === 'review-requested' && concludedAt !== undefined) {
      reviewSince = true;
    }
  }
  if (concludedAt === undefined) return { canRate: false, canReview: false };
  const reviewBy = addCalendarDays(shanghaiDate(concludedAt), catalogue.office.limits.reviewWindowDays);
  return { concludedAt, rating, canRate: !ratedSince, canReview: !reviewSince && shanghaiDate(now) <= reviewBy, reviewBy };
}

function publicData(type: string, raw: string): Record<string, string> | undefined {
  const schema = publicEventData[type as PublicEventType];
  if (!schema) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  // Parsing with the public schema drops whatever else the event holds (sealed comments, internals).
  const result = schema.safeParse(parsed);
  return result.success ? (result.data as Record<string, string>) : {};
}

/**
 * Who the complainant is told to contact: the first receiver (首问负责制: they follow the case up to
 * its conclusion) with their department's phone, or the efficiency office. Never the section
 * complained about, even after the case was transferred to it (issue 10): the citizen would be
 * calling the people they complained about.
 */
export function contactOf(row: { department: string; firstReceiver?: string | null }): Timeline['contact'] {
  const supervision = catalogue.supervision;
  const receiver = row.firstReceiver ? catalogue.staff.find((s) => s.id === row.firstReceiver) : undefined;
  const receiverDept = receiver ? catalogue.departments.find((d) => d.id === receiver.department) : undefined;
  if (receiver && receiverDept && receiverDept.id !== row.department) {
    return { name: `首问责任人 ${receiver.name}（${receiverDept.name}）`, phone: receiverDept.phone, hours: supervision.phoneHours };
  }
  return { name: supervision.officeName, phone: supervision.complaintPhone, hours: supervision.phoneHours };
}

export async function timelineOf(env: Env, row: ComplaintRow, now = clockNow()): Promise<Timeline> {
  const events = await eventsOf(env, row.id);
  const personal = await open<PersonalData>(env.PII_KEY, row.personal);
  const after = afterConclusion(events, now);
  const stage = row.stage;
  return {
    reference: row.reference,
    status: stage,
    statusLabel: stages.label(stage),
    category: row.category,
    categoryLabel: categories.label(row.category),
    department: { id: row.department, name: departmentName(row.department) },
    receivedAt: new Date(row.receivedAt).toISOString(),
    // A concluded or declined case has no current deadline (issue 17 item 9).
    dueBy: stage === 'conclusion' || stage === 'archive' ? null : row.dueBy,
    dueByProvisional: stage === 'conclusion' || stage === 'archive' ? false : row.dueByProvisional,
    contact: contactOf(row),
    events: events.flatMap((e) => {
      const data = e.public ? publicData(e.type, e.data) : undefined;
      if (!data) return [];
      if (e.type === 'rated' && data.level) data.levelLabel = satisfaction.label(data.level as Satisfaction);
      if (e.type === 'review-concluded') {
        if (data.outcome) data.outcomeLabel = reviewOutcomes.label(data.outcome as ReviewOutcome);
        if (data.finding) data.findingLabel = findings.label(data.finding as Finding);
      }
      return [{ at: new Date(e.at).toISOString(), type: e.type as PublicEventType, label: eventLabels[e.type as PublicEventType], data }];
    }),
    submitted: {
      anonymous: row.anonymous,
      ...(personal.name ? { name: personal.name } : {}),
      ...(personal.phone ? { phone: personal.phone } : {}),
      ...(personal.email ? { email: personal.email } : {}),
      ...(personal.staffName ? { staffName: personal.staffName } : {}),
      description: personal.description,
      request: personal.request,
    },
    ...(after.rating ? { rating: after.rating } : {}),
    canRate: after.canRate,
    canReview: after.canReview,
    ...(after.reviewBy ? { reviewBy: after.reviewBy } : {}),
  };
}

export type AfterOutcome = 'done' | 'not-concluded' | 'already' | 'window-closed';

/**
 * Appends the citizen's `type` event unless one already follows the latest conclusion, in one
 * statement: D1 runs a database's statements one at a time, so of many parallel requests exactly
 * one inserts (issue 17, item 1: 30 parallel ratings had stored 12). False when it was already there.
 */
async function appendOnce(env: Env, complaintId: number, type: 'rated' | 'review-requested', now: number, data: string, alongside: D1PreparedStatement[] = []): Promise<boolean> {
  const insert = statementOf(
    env,
    sql`insert into ${complaintEvents} (complaint_id, at, actor, type, public, data)
        select ${complaintId}, ${now}, 'citizen', ${type}, 1, ${data}
        where not exists (
          select 1 from ${complaintEvents} e
           where e.complaint_id = ${complaintId} and e.type = ${type}
             and e.id > (select max(c.id) from ${complaintEvents} c where c.complaint_id = ${complaintId} and c.type = 'concluded'))`,
  );
  // Statements that go with the event (its outbox message) run in the same batch; they must be
  // idempotent for the losers of a race (the outbox key names the conclusion, not the moment).
  const [result] = await env.DB.batch([insert, ...alongside]);
  return result.meta.changes === 1;
}

export async function rate(env: Env, row: ComplaintRow, level: Satisfaction, comment: string | undefined, now = clockNow()): Promise<AfterOutcome> {
  const after = afterConclusion(await eventsOf(env, row.id), now);
  if (after.concludedAt === undefined) return 'not-concluded';
  if (!after.canRate) return 'already';
  const data = { level, ...(comment ? { comment: await seal(env.PII_KEY, comment) } : {}) };
  if (!(await appendOnce(env, row.id, 'rated', now, JSON.stringify(data)))) return 'already';
  log('info', 'complaint.rated', { reference: row.reference, level });
  return 'done';
}

export async function requestReview(env: Env, row: ComplaintRow, reason: string, now = clockNow()): Promise<AfterOutcome> {
  const events = await eventsOf(env, row.id);
  const after = afterConclusion(events, now);
  if (after.concludedAt === undefined) return 'not-concluded';
  if (events.some((e) => e.type === 'review-requested' && e.at >= after.concludedAt!)) return 'already';
  if (!after.canReview) return 'window-closed';
  const message = outboxStatements(env, { type: 'complaint.review-requested', reference: row.reference, concludedAt: after.concludedAt }, now);
  if (!(await appendOnce(env, row.id, 'review-requested', now, JSON.stringify({ reason: await seal(env.PII_KEY, reason) }), message))) return 'already';
  log('info', 'complaint.review-requested', { reference: row.reference });
  return 'done';
}

export const afterMessages: Record<Exclude<AfterOutcome, 'done'>, string> = {
  'not-concluded': '此投诉尚未办结，办结后才能评价或申请复核',
  already: '您已经提交过，不能重复提交',
  'window-closed': '已超过办结后 30 日的复核申请期限；如有异议，可拨打效能投诉电话咨询',
};
