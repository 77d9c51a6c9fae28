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
import { eq, lte, notInArray, sql } from 'drizzle-orm';
import { statementOf } from './lib/db.ts';
import * as tables from '../schema/db/index.ts';
import { sweepInquiries } from './services/inquiries.ts';
import { caseEventInsert, deadlineWindow } from './services/cases.ts';
import { sweepDecisions } from './services/decisions.ts';
import { now as clockNow } from '../schema/clock.ts';
import { dbOf } from './lib/db.ts';

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

export async function sweep(env: Env, now = clockNow()): Promise<SweepReport> {
  const report: SweepReport = { recomputed: 0, overdue: 0, dueSoon: 0, newlyOverdue: 0, alerts: 0, sessionsDeleted: 0, appointmentsOverdue: 0, inquiriesOverdue: 0, decisionsOverdue: 0 };
  const { today, soon } = deadlineWindow(now);
  const db = dbOf(env);
  const c = tables.complaints;
  const f = tables.caseFiles;
  const results = await db
    .select({
      id: c.id,
      reference: c.reference,
      stage: c.stage,
      receivedAt: c.receivedAt,
      acknowledgeBy: c.acknowledgeBy,
      acknowledgeByProvisional: c.acknowledgeByProvisional,
      dueBy: c.dueBy,
      dueByProvisional: c.dueByProvisional,
      stageDueBy: f.stageDueBy,
      dueFrom: f.dueFrom,
      dueDays: f.dueDays,
      overdueRecordedFor: f.overdueRecordedFor,
    })
    .from(c)
    .leftJoin(f, eq(f.complaintId, c.id))
    .where(notInArray(c.stage, ['conclusion', 'archive']));

  // One group per case, so a batch never holds half of a case's changes.
  const groups: D1PreparedStatement[][] = [];
  for (const row of results) {
    const statements: D1PreparedStatement[] = [];
    groups.push(statements);
    let due = row.dueBy;
    // 1. A provisional date is recomputed from its start and length, now the calendar may cover it.
    if (row.dueByProvisional || row.acknowledgeByProvisional) {
      const received = shanghaiDate(row.receivedAt);
      const from = row.dueFrom ?? received;
      const days = row.dueDays ?? catalogue.office.limits.acceptance;
      const fresh = deadline(calendar, from, days);
      const ack = deadline(calendar, received, catalogue.office.limits.acceptance);
      // Only a date the calendar now fully covers replaces a provisional one.
      const dueFixed = row.dueByProvisional && !fresh.provisional;
      const ackFixed = row.acknowledgeByProvisional && !ack.provisional;
      if (dueFixed || ackFixed) {
        const dueNow = dueFixed ? fresh.date : row.dueBy;
        const ackNow = ackFixed ? ack.date : row.acknowledgeBy;
        statements.push(
          statementOf(
            env,
            db
              .update(c)
              .set({
                dueBy: dueNow,
                dueByProvisional: dueFixed ? false : row.dueByProvisional,
                acknowledgeBy: ackNow,
                acknowledgeByProvisional: ackFixed ? false : row.acknowledgeByProvisional,
                updatedAt: now,
              })
              .where(eq(c.id, row.id)),
          ),
        );
        if (dueFixed) statements.push(statementOf(env, caseEventInsert(db, row.id, now, 'system', { type: 'deadline-recomputed', data: { from: row.dueBy, to: dueNow } })));
        due = dueNow;
        report.recomputed++;
      }
    }
    // 2. The deadline state, on the earlier of the case's deadline and its stage's own limit.
    const effective = row.stageDueBy && row.stageDueBy < due ? row.stageDueBy : due;
    // A stage's own short limit is due soon only on its last day (the same rule as cases.ts STATE_SQL).
    const state = effective < today ? 'overdue' : due <= soon || (row.stageDueBy ?? due) <= today ? 'due-soon' : 'on-time';
    if (state === 'overdue') report.overdue++;
    if (state === 'due-soon') report.dueSoon++;
    if (state === 'due-soon') statements.push(...outboxStatements(env, { type: 'case.due-soon', reference: row.reference, dueBy: effective }, now));
    const newlyOverdue = state === 'overdue' && row.overdueRecordedFor !== effective;
    statements.push(
      statementOf(
        env,
        db
          .insert(f)
          .values({ complaintId: row.id, deadlineState: state, overdueRecordedFor: newlyOverdue ? effective : null })
          .onConflictDoUpdate({ target: f.complaintId, set: { deadlineState: state, overdueRecordedFor: newlyOverdue ? effective : sql`${f.overdueRecordedFor}` } }),
      ),
    );
    if (newlyOverdue) {
      report.newlyOverdue++;
      statements.push(statementOf(env, caseEventInsert(db, row.id, now, 'system', { type: 'overdue', data: { dueBy: effective, stage: row.stage } })));
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
  const cards = await sweepCards(env, db, now);
  report.applicationsChecked = cards.checked;
  report.applicationCards = cards.cards;
  await purgeNonces(db, now);
  await notifySweep(env, now);
  report.inquiriesOverdue = await sweepInquiries(env, now);
  report.decisionsOverdue = await sweepDecisions(env, now);
  const deleted = await db.delete(tables.sessions).where(lte(tables.sessions.expiresAt, now));
  report.sessionsDeleted = deleted.meta.changes ?? 0;
  log('info', 'sweep.done', { ...report });
  return report;
}
