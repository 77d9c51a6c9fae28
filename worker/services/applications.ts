/**
 * 电子监察 (issue 12): recording application events from the console or a business system, and the
 * card sweep. Every write replays the application's whole history (schema/application.ts `replay`),
 * so events that arrive out of order or back-dated land where they happened, and an event that does
 * not fit is refused alone with its reason while the rest of the batch lands.
 *
 * Concurrency: the event insert and the version update go in one D1 batch (one transaction), both
 * conditional on the version the projection was replayed from, the update also on the event having
 * gone in: an event answered accepted is stored and counted, a writer that lost stores nothing and
 * replays again. (source, event id) is unique, so a retried event is never doubled.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DrizzleD1Database } from 'drizzle-orm/d1';
import {
  applicationEvents as registry,
  cardFindings,
  eventInput,
  LATE_AFTER_MS,
  nextCheck,
  replay,
  statusLabels,
  type ApplicationEventType,
  type EventData,
  type Projection,
  type StoredEvent,
} from '../../schema/application.ts';
import { now as clockNow } from '../../schema/clock.ts';
import * as tables from '../../schema/db/index.ts';
import { applicationCardEvents, applicationCards, applicationEvents, applications } from '../../schema/db/applications.ts';
import { fieldErrors } from '../../schema/common.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { accessHash, newAccessCode, seal } from '../lib/crypto.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';
import { actingFor, situationOn, type Situation } from './routing.ts';
import { statementOf } from '../lib/db.ts';
import { outboxStatements, type Channel } from '../notify/outbox.ts';

export type Db = DrizzleD1Database<typeof tables>;

/** What a sender may touch: departments and services (a client's scope); null = everything (console admin). */
export interface Scope {
  departments: readonly string[];
  services: readonly string[];
}

export type EventOutcome =
  | { id: string; status: 'accepted'; application: string; late: boolean; queryCode?: string }
  | { id: string; status: 'duplicate'; application: string }
  | { id: string; status: 'refused'; reason: string };

const inScope = (scope: Scope | null, service: string, department: string) =>
  scope === null || scope.services.includes(service) || scope.departments.includes(department);

/** The event's data as the registry validates it, or the reasons it does not. */
function parseData(type: ApplicationEventType, data: unknown): { ok: true; data: unknown } | { ok: false; reason: string } {
  const result = registry[type].data.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, reason: fieldErrors(result.error).map((e) => `data.${e.field}：${e.message}`).join('；') };
}

interface LoadedApplication {
  id: number;
  version: number;
  service: string;
  department: string;
  events: StoredEvent[];
}

async function load(db: Db, number: string): Promise<LoadedApplication | undefined> {
  const row = await db.select({ id: applications.id, version: applications.version, service: applications.service, department: applications.department }).from(applications).where(eq(applications.number, number)).get();
  if (!row) return undefined;
  const events = await db
    .select({ type: applicationEvents.type, occurredAt: applicationEvents.occurredAt, recordedAt: applicationEvents.recordedAt, seq: applicationEvents.id, data: applicationEvents.data })
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, row.id))
    .orderBy(asc(applicationEvents.id))
    .all();
  return { ...row, events: events.map((e) => ({ ...e, type: e.type as ApplicationEventType, data: JSON.parse(e.data) as EventData<ApplicationEventType> })) };
}

/** The projection's columns on the applications row. */
function projectionColumns(p: Projection, today: string) {
  return {
    status: p.status,
    acceptedOn: p.acceptedOn ?? null,
    concludedOn: p.concludedOn ?? null,
    dueBy: p.dueBy?.date ?? null,
    dueProvisional: p.dueBy?.provisional ? 1 : 0,
    statutoryBy: p.statutoryBy?.date ?? null,
    stepDueBy: p.currentStep?.dueBy.date ?? null,
    stopped: p.stopped ? 1 : 0,
    // Look at it in the sweep today: a new event may have raised a card at once.
    nextCheck: today,
  };
}

/**
 * Records a batch of events from one source, each on its own: the outcome of every event in the
 * order sent. `env` is needed for sealing the applicant (PII_KEY).
 */
export async function recordEvents(env: Env, db: Db, source: string, scope: Scope | null, events: readonly unknown[], now = clockNow()): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (const raw of events) outcomes.push(await recordOne(env, db, source, scope, raw, now));
  return outcomes;
}

async function recordOne(env: Env, db: Db, source: string, scope: Scope | null, raw: unknown, now: number): Promise<EventOutcome> {
  const envelope = eventInput.safeParse(raw);
  const rawId = typeof (raw as { id?: unknown })?.id === 'string' ? ((raw as { id: string }).id) : '';
  if (!envelope.success) return { id: rawId, status: 'refused', reason: fieldErrors(envelope.error).map((e) => `${e.field}：${e.message}`).join('；') };
  const e = envelope.data;
  const occurredAt = Date.parse(e.occurredAt);
  if (occurredAt > now + 5 * 60_000) return { id: e.id, status: 'refused', reason: 'occurredAt 晚于当前时间：事件不能发生在将来，请核对业务系统的时钟' };
  const parsed = parseData(e.type, e.data);
  if (!parsed.ok) return { id: e.id, status: 'refused', reason: parsed.reason };

  // Each round at least one concurrent writer lands, so a loser gets through within a few rounds.
  for (let attempt = 0; attempt < 12; attempt++) {
    const seen = await db
      .select({ number: applications.number })
      .from(applicationEvents)
      .innerJoin(applications, eq(applications.id, applicationEvents.applicationId))
      .where(and(eq(applicationEvents.source, source), eq(applicationEvents.eventId, e.id)))
      .get();
    if (seen) return seen.number === e.application ? { id: e.id, status: 'duplicate', application: seen.number } : { id: e.id, status: 'refused', reason: `事件 id ${e.id} 已用于办件 ${seen.number}：每个事件要有自己的 id` };

    const existing = await load(db, e.application);
    const today = shanghaiDate(now);
    let data = parsed.data as Record<string, unknown>;
    let applicantSealed: string | undefined;
    let notify: Partial<Record<Channel, boolean>> = {};
    if (e.type === 'received') {
      const d = parsed.data as EventData<'received'>;
      const service = catalogue.services.find((s) => s.id === d.service);
      if (!service) return { id: e.id, status: 'refused', reason: `没有 ${d.service} 这个事项：service 要写事项目录中的编号` };
      if (!inScope(scope, service.id, service.department)) return { id: e.id, status: 'refused', reason: `本客户端无权报送事项“${service.name}”的办件` };
      if (existing) return { id: e.id, status: 'refused', reason: `办件 ${e.application} 已经收件：同一办件只能收件一次` };
      // The applicant never enters the event history: it is sealed on the application alone.
      // Nor do the channels chosen for notices: they become the application's subscriptions.
      const { applicant, notify: chosen, ...rest } = d;
      data = rest;
      notify = chosen ?? {};
      applicantSealed = await seal(env.PII_KEY, applicant);
    } else {
      if (!existing) return { id: e.id, status: 'refused', reason: `找不到办件 ${e.application}：请先发送它的 received（收件）事件` };
      if (!inScope(scope, existing.service, existing.department)) return { id: e.id, status: 'refused', reason: `本客户端无权报送办件 ${e.application}` };
    }
    const history = existing?.events ?? [];
    const latest = history.reduce((m, h) => Math.max(m, h.occurredAt), 0);
    const late = now - occurredAt > LATE_AFTER_MS || occurredAt < latest;
    const candidate: StoredEvent = { type: e.type, occurredAt, recordedAt: now, seq: Number.MAX_SAFE_INTEGER, data: data as EventData<ApplicationEventType> };
    const result = replay(catalogue, calendar, [...history, candidate], today);
    if (!result.ok) return { id: e.id, status: 'refused', reason: result.reason };
    const columns = projectionColumns(result.projection, today);
    const eventValues = { source, eventId: e.id, type: e.type, occurredAt, recordedAt: now, late: late ? 1 : 0, data: JSON.stringify(data) };

    if (!existing) {
      const code = newAccessCode();
      const hash = await accessHash(e.application, code);
      const p = result.projection;
      const [, inserted] = await env.DB.batch([
        statementOf(
          env,
          db
            .insert(applications)
            .values({ number: e.application, service: p.service, department: p.department, channel: p.channel, applicant: applicantSealed!, accessHash: hash, receivedOn: p.receivedOn, ...columns, lateEvents: late ? 1 : 0, version: 1, updatedAt: now })
            .onConflictDoNothing(),
        ),
        // Lands only if this writer created the application (a concurrent one lost the race above).
        statementOf(
          env,
          db
            .insert(applicationEvents)
            .select(sql`select null, id, ${source}, ${e.id}, ${e.type}, ${occurredAt}, ${now}, ${eventValues.late}, ${eventValues.data} from applications where number = ${e.application} and access_hash = ${hash}`)
            .onConflictDoNothing(),
        ),
        // The channels the applicant chose (issue 15), with the application or not at all.
        ...outboxStatements(env, { type: 'application.received', number: e.application, accessHash: hash, notify }, now),
      ]);
      if ((inserted as D1Result).meta.changes === 1) return { id: e.id, status: 'accepted', application: e.application, late, queryCode: code };
      continue;
    }
    // One batch is one transaction, so both statements see the same row: the event goes in only
    // while the application is still at the version this projection was replayed from, and the
    // update moves the version only if this very event went in (an event with this id already on
    // the application at version `existing.version` can only be the one just inserted, since every
    // event insert moves the version). A writer that lost the race stores nothing and replays.
    // (The earlier order, update then insert "where version = v + 1 and updated_at = now", let a
    // loser's insert land on the winner's row when both wrote in the same millisecond.)
    try {
      const p = result.projection;
      const [inserted, updated] = await env.DB.batch([
        statementOf(
          env,
          db
            .insert(applicationEvents)
            .select(sql`select null, id, ${source}, ${e.id}, ${e.type}, ${occurredAt}, ${now}, ${eventValues.late}, ${eventValues.data} from applications where id = ${existing.id} and version = ${existing.version}`)
            .onConflictDoNothing(),
        ),
        statementOf(
          env,
          db
            .update(applications)
            .set({ ...columns, lateEvents: sql`${applications.lateEvents} + ${late ? 1 : 0}`, version: existing.version + 1, updatedAt: now })
            .where(
              and(
                eq(applications.id, existing.id),
                eq(applications.version, existing.version),
                sql`exists (select 1 from application_events where application_id = ${existing.id} and source = ${source} and event_id = ${e.id})`,
              ),
            ),
        ),
        // The applicant's notice (issue 15), only if this event and its version move went in.
        ...outboxStatements(
          env,
          {
            type: 'application.status',
            number: e.application,
            event: e.type,
            status: statusLabels[p.status],
            ...(p.dueBy && (e.type === 'accepted' || e.type === 'extended') ? { date: p.dueBy.date } : {}),
            landed: { source, eventId: e.id, version: existing.version + 1 },
          },
          now,
        ),
      ]);
      const landed = (inserted as D1Result).meta.changes === 1;
      const moved = (updated as D1Result).meta.changes === 1;
      // Both or neither (one transaction); if the event alone went in, the next round answers duplicate.
      if (landed && moved) return { id: e.id, status: 'accepted', application: e.application, late };
    } catch {
      // A unique conflict raced us: the next round reports the duplicate.
    }
  }
  return { id: e.id, status: 'refused', reason: '该办件正被同时写入，请稍后用同一个事件 id 重试' };
}

// ---- the card sweep -----------------------------------------------------------------------------

export interface CardSweepReport {
  checked: number;
  cards: number;
  /** True when the slice limit stopped it: the next run carries on (rows still due). */
  more: boolean;
}

/** Who answers for a card: whoever acts for the responsible post that day (routing.ts actingFor). */
function responsible(serviceId: string, situation: Situation) {
  const service = catalogue.services.find((s) => s.id === serviceId)!;
  const r = actingFor(catalogue, service.responsiblePost, situation)!;
  return { post: r.post, holder: r.assignee, via: r.via };
}

/**
 * Raises the cards due on the clock's today for the applications whose check day has come, in
 * slices of `slice`; stops after `maxSlices` (Workers CPU limits) and the next run resumes, since
 * every checked row gets its next check day (or none). Cost: the rows due, not all applications.
 */
export async function sweepCards(env: Env, db: Db, now = clockNow(), { slice = 200, maxSlices = 50 } = {}): Promise<CardSweepReport> {
  const today = shanghaiDate(now);
  const report: CardSweepReport = { checked: 0, cards: 0, more: false };
  const away = await situationOn(env, today);
  for (let n = 0; n < maxSlices; n++) {
    const due = await db
      .select({ id: applications.id, number: applications.number })
      .from(applications)
      .where(lte(applications.nextCheck, today))
      .orderBy(asc(applications.nextCheck), asc(applications.id))
      .limit(slice)
      .all();
    if (due.length === 0) return report;
    const events = await db
      .select({ applicationId: applicationEvents.applicationId, type: applicationEvents.type, occurredAt: applicationEvents.occurredAt, recordedAt: applicationEvents.recordedAt, seq: applicationEvents.id, data: applicationEvents.data })
      .from(applicationEvents)
      .where(inArray(applicationEvents.applicationId, due.map((d) => d.id)))
      .all();
    const byApp = new Map<number, StoredEvent[]>();
    for (const e of events) {
      const list = byApp.get(e.applicationId) ?? [];
      list.push({ type: e.type as ApplicationEventType, occurredAt: e.occurredAt, recordedAt: e.recordedAt, seq: e.seq, data: JSON.parse(e.data) });
      byApp.set(e.applicationId, list);
    }
    const writes = [];
    const messages: D1PreparedStatement[] = [];
    for (const row of due) {
      report.checked++;
      const result = replay(catalogue, calendar, byApp.get(row.id) ?? [], today);
      if (!result.ok) {
        writes.push(db.update(applications).set({ nextCheck: null }).where(eq(applications.id, row.id)));
        continue;
      }
      const p = result.projection;
      const service = catalogue.services.find((s) => s.id === p.service)!;
      const who = responsible(p.service, away);
      for (const f of cardFindings(p, service, calendar, today)) {
        writes.push(
          db
            .insert(applicationCards)
            .values({ applicationId: row.id, rule: f.rule, colour: f.colour, key: f.key, department: p.department, service: p.service, post: who.post, holder: who.holder, via: who.via, detail: f.detail, raisedOn: today, raisedAt: now })
            .onConflictDoNothing(),
          db.insert(applicationCardEvents).select(
            sql`select null, id, ${now}, 'system', 'raised', '{}' from application_cards
              where application_id = ${row.id} and key = ${f.key} and raised_at = ${now}
                and not exists (select 1 from application_card_events e where e.card_id = application_cards.id and e.type = 'raised')`,
          ),
        );
        // The person the card names is told (issue 15), in the same batch: only if this sweep wrote the card.
        messages.push(...outboxStatements(env, { type: 'card.raised', number: row.number, applicationId: row.id, key: f.key, colour: f.colour, rule: f.rule, raisedAt: now }, now));
      }
      writes.push(db.update(applications).set({ nextCheck: nextCheck(p, calendar, today) }).where(eq(applications.id, row.id)));
    }
    // One transaction: the cards, their events, the next check days and the messages.
    if (writes.length) await env.DB.batch([...writes.map((w) => statementOf(env, w)), ...messages]);
    const raised = await db.$count(applicationCards, and(eq(applicationCards.raisedAt, now), inArray(applicationCards.applicationId, due.map((d) => d.id))));
    report.cards += raised;
    if (due.length < slice) return report;
  }
  report.more = (await db.select({ id: applications.id }).from(applications).where(lte(applications.nextCheck, today)).limit(1).get()) !== undefined;
  return report;
}

/** Removes replay nonces past their window (the daily sweep). */
export async function purgeNonces(db: Db, now = clockNow()): Promise<void> {
  await db.delete(tables.applicationNonces).where(lte(tables.applicationNonces.expiresAt, now));
}

export { applicationCardEvents };
