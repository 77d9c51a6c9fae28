/**
 * The notification part of the daily sweep (worker/sweep.ts, 01:00 Asia/Shanghai):
 * - 好差评 智能邀评: a concluded complaint still unrated 3 days after its conclusion gets one
 *   invitation (per conclusion; the outbox key makes a second sweep a no-op);
 * - appointments scheduled for tomorrow get a reminder (SMS wait for 08:00: quiet hours);
 * - staff who chose the daily digest get one e-mail listing what was held for them.
 */
import { now as clockNow } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
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

  const { results: unrated } = await env.DB.prepare(
    `select c.reference, c.concluded_at from complaints c
      where c.stage in ('conclusion', 'archive') and c.anonymous = 0 and c.concluded_at <= ?1 and c.concluded_at > ?2
        and exists (select 1 from notification_subscriptions s where s.reference = c.reference and s.unsubscribed_at is null)
        and not exists (select 1 from complaint_events r where r.complaint_id = c.id and r.type = 'rated' and r.at >= c.concluded_at)`,
  )
    .bind(now - RATING_INVITE_AFTER_MS, now - RATING_INVITE_UNTIL_MS)
    .all<{ reference: string; concluded_at: number }>();
  await inSlices(
    env,
    unrated.flatMap((r) => outboxStatements(env, { type: 'complaint.rating-invite', reference: r.reference, concludedAt: r.concluded_at }, now)),
  );
  report.invitations = unrated.length;

  // 好差评 for applications: concluded at least 3 days ago, still unrated, the applicant opted in.
  // The key (number + conclusion day) makes every later sweep a no-op for the same application.
  const todayDate = shanghaiDate(now);
  const { results: unratedApps } = await env.DB.prepare(
    `select ap.number, ap.concluded_on from applications ap
      where ap.concluded_on is not null and ap.concluded_on <= ?1 and ap.concluded_on > ?2
        and exists (select 1 from notification_subscriptions s where s.reference = 'BJ:' || ap.number and s.unsubscribed_at is null)
        and not exists (select 1 from application_ratings r where r.application_id = ap.id)`,
  )
    .bind(addCalendarDays(todayDate, -APPLICATION_INVITE_AFTER_DAYS), addCalendarDays(todayDate, -APPLICATION_INVITE_UNTIL_DAYS))
    .all<{ number: string; concluded_on: string }>();
  await inSlices(
    env,
    unratedApps.flatMap((r) => outboxStatements(env, { type: 'application.rating-invite', number: r.number, concludedOn: r.concluded_on }, now)),
  );
  report.applicationInvitations = unratedApps.length;

  // 督办 past its 回告 deadline and still unanswered.
  const { results: unanswered } = await env.DB.prepare(
    `select c.id, c.department, c.answer_by, ap.number from application_cards c join applications ap on ap.id = c.application_id
      where c.state = 'supervised' and c.answer_by is not null and c.answer_by < ?1`,
  )
    .bind(todayDate)
    .all<{ id: number; department: string; answer_by: string; number: string }>();
  await inSlices(
    env,
    unanswered.flatMap((r) => outboxStatements(env, { type: 'card.answer-overdue', number: r.number, cardId: r.id, department: r.department, answerBy: r.answer_by }, now)),
  );
  report.answersOverdue = unanswered.length;

  const tomorrow = addCalendarDays(shanghaiDate(now), 1);
  const { results: tomorrows } = await env.DB.prepare(
    `select a.reference, e.data from appointments a join appointment_events e on e.appointment_id = a.id and e.type = 'scheduled'
      where a.status = 'scheduled' and json_extract(e.data, '$.date') = ?
        and e.id = (select max(id) from appointment_events x where x.appointment_id = a.id and x.type = 'scheduled')`,
  )
    .bind(tomorrow)
    .all<{ reference: string; data: string }>();
  await inSlices(
    env,
    tomorrows.flatMap((r) => {
      const d = JSON.parse(r.data) as { date: string; time?: string; place?: string };
      return outboxStatements(env, { type: 'appointment.reminder', reference: r.reference, date: d.date, time: d.time ?? '', place: d.place ?? '' }, now);
    }),
  );
  report.reminders = tomorrows.length;

  // Digests: one e-mail per staff member, written with the update that marks its rows digested.
  const { results: held } = await env.DB.prepare("select id, recipient, template, params from notifications where state = 'digest' order by recipient, id").all<{
    id: number;
    recipient: string;
    template: string;
    params: string;
  }>();
  const byRecipient = new Map<string, typeof held>();
  for (const row of held) byRecipient.set(row.recipient, [...(byRecipient.get(row.recipient) ?? []), row]);
  const today = shanghaiDate(now);
  for (const [recipient, rows] of byRecipient) {
    const lines = rows.map((r) => `- ${templateOf(r.template)?.subject(JSON.parse(r.params) as Params) ?? r.template}`).join('\n');
    const params: Params = { reference: '', count: String(rows.length), lines, link: `${baseUrl(env)}/office/` };
    const ids = rows.map((r) => r.id);
    await env.DB.batch([
      env.DB.prepare(
        `insert or ignore into notifications (key, event, audience, recipient, subject, channel, template, params, urgent, state, created_at)
         values (?, 'staff.digest', 'staff', ?, null, 'email', 'staff-digest', ?, 0, 'pending', ?)`,
      ).bind(`digest:${recipient}:${today}`, recipient, JSON.stringify(params), now),
      env.DB.prepare(`update notifications set state = 'digested' where state = 'digest' and id in (${ids.map(() => '?').join(',')})`).bind(...ids),
    ]);
    report.digests++;
  }
  log('info', 'notify.sweep', { ...report });
  return report;
}
