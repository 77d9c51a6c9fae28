/**
 * The notification part of the daily sweep (worker/sweep.ts, 01:00 Asia/Shanghai):
 * - 好差评 智能邀评: a concluded complaint still unrated 3 days after its conclusion gets one
 *   invitation (per conclusion; the outbox key makes a second sweep a no-op);
 * - appointments scheduled for tomorrow get a reminder (SMS wait for 08:00: quiet hours);
 * - staff who chose the daily digest get one e-mail listing what was held for them.
 */
import { now as clockNow } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { and, asc, eq, exists, gt, inArray, isNotNull, isNull, lt, lte, max, notExists, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  applicationCards,
  applicationRatings,
  applications,
  appointmentEvents,
  appointments,
  complaintEvents,
  complaints,
  notifications,
  notificationSubscriptions,
} from '../../schema/db/index.ts';
import { dbOf } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { baseUrl, outboxStatements } from './outbox.ts';
import { templateOf, type Params } from './templates.ts';

export const RATING_INVITE_AFTER_MS = 3 * 86_400_000;
/** Past this, an invitation would be pointless (the rating stays open, but memories fade). */
const RATING_INVITE_UNTIL_MS = 30 * 86_400_000;

export interface NotifySweepReport {
  invitations: number;
  reminders: number;
  digests: number;
  /** 好差评 invitations for applications (办件) concluded 3 days ago or more and unrated. */
  applicationInvitations: number;
  /** 督办 whose 回告 is overdue: the unit and the efficiency office are reminded (once per deadline). */
  answersOverdue: number;
}

/** An application concluded on day D is invited from day D + 3 (calendar days, Asia/Shanghai). */
export const APPLICATION_INVITE_AFTER_DAYS = 3;
const APPLICATION_INVITE_UNTIL_DAYS = 30;

async function inSlices(env: Env, statements: D1PreparedStatement[]): Promise<void> {
  for (let i = 0; i < statements.length; i += 80) await env.DB.batch(statements.slice(i, i + 80));
}

export async function notifySweep(env: Env, now = clockNow()): Promise<NotifySweepReport> {
  const report: NotifySweepReport = { invitations: 0, reminders: 0, digests: 0, applicationInvitations: 0, answersOverdue: 0 };

  const db = dbOf(env);
  const c = complaints;
  const s = notificationSubscriptions;
  /** The citizen behind `reference` still has a channel open. */
  const subscribed = (reference: SQLWrapper) => exists(db.select({ one: sql`1` }).from(s).where(and(eq(s.reference, reference), isNull(s.unsubscribedAt))));
  const unrated = await db
    .select({ reference: c.reference, concludedAt: sql<number>`${c.concludedAt}` })
    .from(c)
    .where(
      and(
        inArray(c.stage, ['conclusion', 'archive']),
        eq(c.anonymous, false),
        lte(c.concludedAt, now - RATING_INVITE_AFTER_MS),
        gt(c.concludedAt, now - RATING_INVITE_UNTIL_MS),
        subscribed(c.reference),
        notExists(
          db
            .select({ one: sql`1` })
            .from(complaintEvents)
            .where(and(eq(complaintEvents.complaintId, c.id), eq(complaintEvents.type, 'rated'), sql`${complaintEvents.at} >= ${c.concludedAt}`)),
        ),
      ),
    );
  await inSlices(
    env,
    unrated.flatMap((r) => outboxStatements(env, { type: 'complaint.rating-invite', reference: r.reference, concludedAt: r.concludedAt }, now)),
  );
  report.invitations = unrated.length;

  // 好差评 for applications: concluded at least 3 days ago, still unrated, the applicant opted in.
  // The key (number + conclusion day) makes every later sweep a no-op for the same application.
  const todayDate = shanghaiDate(now);
  const ap = applications;
  const unratedApps = await db
    .select({ number: ap.number, concludedOn: sql<string>`${ap.concludedOn}` })
    .from(ap)
    .where(
      and(
        isNotNull(ap.concludedOn),
        lte(ap.concludedOn, addCalendarDays(todayDate, -APPLICATION_INVITE_AFTER_DAYS)),
        gt(ap.concludedOn, addCalendarDays(todayDate, -APPLICATION_INVITE_UNTIL_DAYS)),
        subscribed(sql`'BJ:' || ${ap.number}`),
        notExists(db.select({ one: sql`1` }).from(applicationRatings).where(eq(applicationRatings.applicationId, ap.id))),
      ),
    );
  await inSlices(
    env,
    unratedApps.flatMap((r) => outboxStatements(env, { type: 'application.rating-invite', number: r.number, concludedOn: r.concludedOn }, now)),
  );
  report.applicationInvitations = unratedApps.length;

  // 督办 past its 回告 deadline and still unanswered.
  const card = applicationCards;
  const unanswered = await db
    .select({ id: card.id, department: card.department, answerBy: sql<string>`${card.answerBy}`, number: ap.number })
    .from(card)
    .innerJoin(ap, eq(ap.id, card.applicationId))
    .where(and(eq(card.state, 'supervised'), isNotNull(card.answerBy), lt(card.answerBy, todayDate)));
  await inSlices(
    env,
    unanswered.flatMap((r) => outboxStatements(env, { type: 'card.answer-overdue', number: r.number, cardId: r.id, department: r.department, answerBy: r.answerBy }, now)),
  );
  report.answersOverdue = unanswered.length;

  const tomorrow = addCalendarDays(shanghaiDate(now), 1);
  const e = appointmentEvents;
  const x = alias(appointmentEvents, 'x');
  const tomorrows = await db
    .select({ reference: appointments.reference, data: e.data })
    .from(appointments)
    .innerJoin(e, and(eq(e.appointmentId, appointments.id), eq(e.type, 'scheduled')))
    .where(
      and(
        eq(appointments.status, 'scheduled'),
        sql`json_extract(${e.data}, '$.date') = ${tomorrow}`,
        // The latest scheduling only (a rescheduled appointment is reminded of its new date).
        eq(e.id, sql`(${db.select({ id: max(x.id) }).from(x).where(and(eq(x.appointmentId, appointments.id), eq(x.type, 'scheduled')))})`),
      ),
    );
  await inSlices(
    env,
    tomorrows.flatMap((r) => {
      const d = JSON.parse(r.data) as { date: string; time?: string; place?: string };
      return outboxStatements(env, { type: 'appointment.reminder', reference: r.reference, date: d.date, time: d.time ?? '', place: d.place ?? '' }, now);
    }),
  );
  report.reminders = tomorrows.length;

  // Digests: one e-mail per staff member, written with the update that marks its rows digested.
  const n = notifications;
  const held = await db
    .select({ id: n.id, recipient: n.recipient, template: n.template, params: n.params })
    .from(n)
    .where(eq(n.state, 'digest'))
    .orderBy(asc(n.recipient), asc(n.id));
  const byRecipient = new Map<string, typeof held>();
  for (const row of held) byRecipient.set(row.recipient, [...(byRecipient.get(row.recipient) ?? []), row]);
  const today = shanghaiDate(now);
  for (const [recipient, rows] of byRecipient) {
    const lines = rows.map((r) => `- ${templateOf(r.template)?.subject(JSON.parse(r.params) as Params) ?? r.template}`).join('\n');
    const params: Params = { reference: '', count: String(rows.length), lines, link: `${baseUrl(env)}/office/` };
    const ids = rows.map((r) => r.id);
    await db.batch([
      db
        .insert(n)
        .values({ key: `digest:${recipient}:${today}`, event: 'staff.digest', audience: 'staff', recipient, subject: null, channel: 'email', template: 'staff-digest', params: JSON.stringify(params), urgent: false, state: 'pending', createdAt: now })
        .onConflictDoNothing(),
      db
        .update(n)
        .set({ state: 'digested' })
        .where(and(eq(n.state, 'digest'), inArray(n.id, ids))),
    ]);
    report.digests++;
  }
  log('info', 'notify.sweep', { ...report });
  return report;
}
