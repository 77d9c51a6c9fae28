/**
 * The daily sweep (Cron Trigger, wrangler.toml [triggers], 01:00 Asia/Shanghai), also run by tests
 * with a fixed clock:
 * 1. provisional deadlines (counted past the calendar on file) are recomputed once the office has
 *    entered that year's calendar;
 * 2. every open case gets its deadline state (on-time / due-soon / overdue) written to its case
 *    file, and a case that has just gone overdue gets one internal `overdue` event per due date;
 * 3. accountability alerts are raised for thresholds crossed;
 * 4. expired console sessions are deleted.
 */
import { deadline, shanghaiDate } from '../schema/workdays.ts';
import { calendar, catalogue } from './lib/catalogue.ts';
import { log } from './lib/log.ts';
import { outboxStatements } from './notify/outbox.ts';
import { notifySweep } from './notify/sweep.ts';
import { raiseAlerts } from './services/alerts.ts';
import { sweepAppointments } from './services/appointments.ts';
import { purgeNonces, sweepCards } from './services/applications.ts';
import { drizzle } from 'drizzle-orm/d1';
import * as tables from '../schema/db/index.ts';
import { sweepInquiries } from './services/inquiries.ts';
import { deadlineWindow } from './services/cases.ts';
import { sweepDecisions } from './services/decisions.ts';
import { now as clockNow } from '../schema/clock.ts';

export interface SweepReport {
  recomputed: number;
  overdue: number;
  dueSoon: number;
  newlyOverdue: number;
  alerts: number;
  sessionsDeleted: number;
  /** Appointments newly marked overdue for their first contact (办事预约制). */
  appointmentsOverdue: number;
  /** 电子监察: applications checked and yellow/red cards raised (issue 12). */
  applicationsChecked?: number;
  applicationCards?: number;
  /** Inquiries newly past their limit (首问登记). */
  inquiriesOverdue: number;
  /** Decisions newly flagged: self-examination overdue, or a 待岗 over without its review (issue 14). */
  decisionsOverdue: number;
}

interface OpenRow {
  id: number;
  reference: string;
  stage: string;
  received_at: number;
  acknowledge_by: string;
  acknowledge_by_provisional: number;
  due_by: string;
  due_by_provisional: number;
  stage_due_by: string | null;
  due_from: string | null;
  due_days: number | null;
  overdue_recorded_for: string | null;
}

export async function sweep(env: Env, now = clockNow()): Promise<SweepReport> {
  const report: SweepReport = { recomputed: 0, overdue: 0, dueSoon: 0, newlyOverdue: 0, alerts: 0, sessionsDeleted: 0, appointmentsOverdue: 0, inquiriesOverdue: 0, decisionsOverdue: 0 };
  const { today, soon } = deadlineWindow(now);
  const { results } = await env.DB.prepare(
    `select c.id, c.reference, c.stage, c.received_at, c.acknowledge_by, c.acknowledge_by_provisional, c.due_by, c.due_by_provisional,
            f.stage_due_by, f.due_from, f.due_days, f.overdue_recorded_for
       from complaints c left join case_files f on f.complaint_id = c.id
      where c.stage not in ('conclusion', 'archive')`,
  ).all<OpenRow>();

  // One group per case, so a batch never holds half of a case's changes.
  const groups: D1PreparedStatement[][] = [];
  for (const row of results) {
    const statements: D1PreparedStatement[] = [];
    groups.push(statements);
    let due = row.due_by;
    // 1. A provisional date is recomputed from its start and length, now the calendar may cover it.
    if (row.due_by_provisional === 1 || row.acknowledge_by_provisional === 1) {
      const received = shanghaiDate(row.received_at);
      const from = row.due_from ?? received;
      const days = row.due_days ?? catalogue.office.limits.acceptance;
      const fresh = deadline(calendar, from, days);
      const ack = deadline(calendar, received, catalogue.office.limits.acceptance);
      // Only a date the calendar now fully covers replaces a provisional one.
      const dueFixed = row.due_by_provisional === 1 && !fresh.provisional;
      const ackFixed = row.acknowledge_by_provisional === 1 && !ack.provisional;
      if (dueFixed || ackFixed) {
        const dueNow = dueFixed ? fresh.date : row.due_by;
        const ackNow = ackFixed ? ack.date : row.acknowledge_by;
        statements.push(
          env.DB.prepare(
            'update complaints set due_by = ?, due_by_provisional = ?, acknowledge_by = ?, acknowledge_by_provisional = ?, updated_at = ? where id = ?',
          ).bind(dueNow, dueFixed ? 0 : row.due_by_provisional, ackNow, ackFixed ? 0 : row.acknowledge_by_provisional, now, row.id),
        );
        if (dueFixed) {
          statements.push(
            env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'system', 'deadline-recomputed', 0, ?)").bind(
              row.id,
              now,
              JSON.stringify({ from: row.due_by, to: dueNow }),
            ),
          );
        }
        due = dueNow;
        report.recomputed++;
      }
    }
    // 2. The deadline state, on the earlier of the case's deadline and its stage's own limit.
    const effective = row.stage_due_by && row.stage_due_by < due ? row.stage_due_by : due;
    // A stage's own short limit is due soon only on its last day (the same rule as cases.ts STATE_SQL).
    const state = effective < today ? 'overdue' : due <= soon || (row.stage_due_by ?? due) <= today ? 'due-soon' : 'on-time';
    if (state === 'overdue') report.overdue++;
    if (state === 'due-soon') report.dueSoon++;
    if (state === 'due-soon') statements.push(...outboxStatements(env, { type: 'case.due-soon', reference: row.reference, dueBy: effective }, now));
    const newlyOverdue = state === 'overdue' && row.overdue_recorded_for !== effective;
    statements.push(
      env.DB.prepare(
        `insert into case_files (complaint_id, deadline_state, overdue_recorded_for) values (?1, ?2, ?3)
         on conflict(complaint_id) do update set deadline_state = ?2, overdue_recorded_for = coalesce(?3, overdue_recorded_for)`,
      ).bind(row.id, state, newlyOverdue ? effective : null),
    );
    if (newlyOverdue) {
      report.newlyOverdue++;
      statements.push(
        env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'system', 'overdue', 0, ?)").bind(
          row.id,
          now,
          JSON.stringify({ dueBy: effective, stage: row.stage }),
        ),
      );
      statements.push(...outboxStatements(env, { type: 'case.overdue', reference: row.reference, dueBy: effective }, now));
    }
  }
  // D1 batches are capped; write in slices of whole cases (each slice is one transaction).
  let slice: D1PreparedStatement[] = [];
  for (const group of groups) {
    if (slice.length + group.length > 90) {
      await env.DB.batch(slice);
      slice = [];
    }
    slice.push(...group);
  }
  if (slice.length) await env.DB.batch(slice);

  report.alerts = await raiseAlerts(env, now);
  report.appointmentsOverdue = await sweepAppointments(env, now);
  const db = drizzle(env.DB, { schema: tables });
  const cards = await sweepCards(env, db, now);
  report.applicationsChecked = cards.checked;
  report.applicationCards = cards.cards;
  await purgeNonces(db, now);
  await notifySweep(env, now);
  report.inquiriesOverdue = await sweepInquiries(env, now);
  report.decisionsOverdue = await sweepDecisions(env, now);
  const deleted = await env.DB.prepare('delete from sessions where expires_at <= ?').bind(now).run();
  report.sessionsDeleted = deleted.meta.changes ?? 0;
  log('info', 'sweep.done', { ...report });
  return report;
}
