/** Accountability alerts in D1: raised from the rules in alert-rules.ts, listed and resolved by the supervisor. */
import { shanghaiDate } from '../../schema/workdays.ts';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Finding, Sanction } from '../../schema/domain.ts';
import { accountabilityAlerts, alertEvents, caseFiles, staffAccounts } from '../../schema/db/index.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { dbOf, statementOf } from '../lib/db.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { alertRules, evaluate, type AlertRule, type Outcome } from './alert-rules.ts';
import { now as clockNow } from '../../schema/clock.ts';

export { alertRules, evaluate, type AlertRule, type Outcome };

/**
 * The periods one case's outcome counts in: the month and the year of its conclusion. A conclusion,
 * a changed finding on review (复核, which keeps the original conclusion date) or a corrected staff
 * member only ever touches these, so evaluating one case never re-raises alerts of other periods.
 */
export function periodsOf(concludedOn: string | null | undefined): string[] {
  return concludedOn ? [concludedOn.slice(0, 7), concludedOn.slice(0, 4)] : [];
}

/** The outcomes of the calendar years of `periods` (a year rule needs the whole year). */
async function outcomesOfYears(env: Env, years: string[]): Promise<Outcome[]> {
  if (years.length === 0) return [];
  const rows = await dbOf(env)
    .select({
      complaintId: caseFiles.complaintId,
      finding: caseFiles.finding,
      sanctions: caseFiles.sanctions,
      staffConcerned: caseFiles.staffConcerned,
      unit: caseFiles.unit,
      concludedOn: caseFiles.concludedOn,
    })
    .from(caseFiles)
    .where(and(isNotNull(caseFiles.finding), inArray(sql<string>`substr(${caseFiles.concludedOn}, 1, 4)`, years)));
  return rows.map((r) => ({ ...r, finding: r.finding as Finding, sanctions: safeList(r.sanctions), unit: r.unit ?? '', concludedOn: r.concludedOn ?? '' }));
}

/** What the current month and year count, for the daily sweep (never older periods: no flood). */
export async function recentOutcomes(env: Env, now = clockNow()): Promise<Outcome[]> {
  const today = shanghaiDate(now);
  return outcomesOfYears(env, [today.slice(0, 4)]);
}

function safeList(text: string): Sanction[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v.filter((s) => typeof s === 'string') as Sanction[]) : [];
  } catch {
    return [];
  }
}

export interface Recomputed {
  raised: number;
  changed: number;
  withdrawn: number;
  reinstated: number;
}

/**
 * Recomputes the alerts of `periods` (YYYY-MM and YYYY) from the case facts, in one batch: an alert
 * whose threshold is crossed is raised (or its count updated, or reinstated if it had been
 * withdrawn); an alert whose count fell below its threshold is withdrawn with `reason` in its
 * history, never deleted and never left standing silently. Every change is an alert_events row.
 */
export async function recomputeAlerts(env: Env, periods: string[], reason: string, now = clockNow()): Promise<Recomputed> {
  const wanted = [...new Set(periods.filter((p) => /^\d{4}(-\d{2})?$/.test(p)))];
  const done: Recomputed = { raised: 0, changed: 0, withdrawn: 0, reinstated: 0 };
  if (wanted.length === 0) return done;
  const years = [...new Set(wanted.map((p) => p.slice(0, 4)))];
  const outcomes = await outcomesOfYears(env, years);
  const found = evaluate(outcomes).filter((f) => wanted.includes(f.period));
  // Counts below the threshold too, so a withdrawal records what the count fell to.
  const below = countsOf(outcomes);
  const db = dbOf(env);
  const existing = await db
    .select({ id: accountabilityAlerts.id, rule: accountabilityAlerts.rule, subject: accountabilityAlerts.subject, period: accountabilityAlerts.period, count: accountabilityAlerts.count, withdrawnAt: accountabilityAlerts.withdrawnAt })
    .from(accountabilityAlerts)
    .where(inArray(accountabilityAlerts.period, wanted));
  const key = (r: { rule: string; subject: string; period: string }) => `${r.rule}|${r.subject}|${r.period}`;
  const byKey = new Map(existing.map((e) => [key(e), e]));
  const statements: D1PreparedStatement[] = [];
  type AlertEvent = (typeof alertEvents.$inferInsert)['type'];
  const alertOf = (f: { rule: string; subject: string; period: string }) =>
    and(eq(accountabilityAlerts.rule, f.rule), eq(accountabilityAlerts.subject, f.subject), eq(accountabilityAlerts.period, f.period));
  // A new alert's id is not known before the batch runs: its first event finds it by rule, subject and
  // period (insert … select names every column in table order; a null id is given the next one).
  const event = (alertId: number | null, type: AlertEvent, count: number, why: string | null, f?: { rule: string; subject: string; period: string }) =>
    statementOf(
      env,
      alertId !== null
        ? db.insert(alertEvents).values({ alertId, at: now, type, count, reason: why })
        : db
            .insert(alertEvents)
            .select(
              db
                .select({ id: sql<number>`null`.as('id'), alertId: accountabilityAlerts.id, at: sql<number>`${now}`.as('at'), type: sql<AlertEvent>`${type}`.as('type'), count: sql<number>`${count}`.as('count'), reason: sql<string | null>`${why}`.as('reason') })
                .from(accountabilityAlerts)
                .where(alertOf(f!)),
            ),
    );
  const update = (id: number, set: Partial<typeof accountabilityAlerts.$inferInsert>, ...also: ReturnType<typeof sql>[]) =>
    statementOf(env, db.update(accountabilityAlerts).set(set).where(and(eq(accountabilityAlerts.id, id), ...also)));
  for (const f of found) {
    const e = byKey.get(key(f));
    if (!e) {
      statements.push(
        statementOf(env, db.insert(accountabilityAlerts).values({ rule: f.rule, subject: f.subject, period: f.period, count: f.count, raisedAt: now }).onConflictDoNothing()),
        event(null, 'raised', f.count, reason, f),
        ...outboxStatements(env, { type: 'alert.raised', key: `${f.rule}:${f.subject}:${f.period}`, title: alertRules[f.rule].title }, now),
      );
      done.raised++;
    } else if (e.withdrawnAt !== null) {
      statements.push(
        update(e.id, { count: f.count, withdrawnAt: null, withdrawalReason: null }),
        event(e.id, 'reinstated', f.count, reason),
      );
      done.reinstated++;
    } else if (e.count !== f.count) {
      statements.push(update(e.id, { count: f.count }), event(e.id, 'count-changed', f.count, reason));
      done.changed++;
    }
  }
  const foundKeys = new Set(found.map(key));
  for (const e of existing) {
    if (e.withdrawnAt !== null || foundKeys.has(key(e))) continue;
    const count = below.get(key(e)) ?? 0;
    const why = `${reason}：重新核算后为 ${count} 次，低于规定的 ${alertRules[e.rule as AlertRule]?.threshold ?? '?'} 次，提醒撤销`;
    statements.push(
      update(e.id, { count, withdrawnAt: now, withdrawalReason: why }, isNull(accountabilityAlerts.withdrawnAt)),
      event(e.id, 'withdrawn', count, why),
    );
    done.withdrawn++;
  }
  if (statements.length) await env.DB.batch(statements);
  return done;
}

/** Every rule's count per subject and period, thresholds aside (for the withdrawal's record). */
function countsOf(outcomes: readonly Outcome[]): Map<string, number> {
  const all = evaluate(outcomes, true);
  return new Map(all.map((f) => [`${f.rule}|${f.subject}|${f.period}`, f.count]));
}

/** The daily sweep: recomputes this month and this year; returns how many alerts are new. */
export async function raiseAlerts(env: Env, now = clockNow()): Promise<number> {
  const today = shanghaiDate(now);
  const r = await recomputeAlerts(env, periodsOf(today), '每日核对', now);
  return r.raised;
}

export interface Alert {
  id: number;
  rule: AlertRule;
  subject: string;
  period: string;
  count: number;
  raisedAt: number;
  resolvedAt: number | null;
  resolvedByName: string | null;
  resolution: string | null;
  withdrawnAt: number | null;
  withdrawalReason: string | null;
}

export type AlertHistoryEntry = Omit<typeof alertEvents.$inferSelect, 'id'>;

/** The history of every alert, oldest first, grouped by alert id. */
export async function alertHistories(env: Env): Promise<Map<number, AlertHistoryEntry[]>> {
  const rows = await dbOf(env)
    .select({ alertId: alertEvents.alertId, at: alertEvents.at, type: alertEvents.type, count: alertEvents.count, reason: alertEvents.reason })
    .from(alertEvents)
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
  const out = new Map<number, AlertHistoryEntry[]>();
  for (const r of rows) out.set(r.alertId, [...(out.get(r.alertId) ?? []), r]);
  return out;
}

/** Open first, then resolved, then withdrawn; newest first within each. */
export async function listAlerts(env: Env): Promise<Alert[]> {
  const a = accountabilityAlerts;
  const rows = await dbOf(env)
    .select({
      id: a.id,
      rule: a.rule,
      subject: a.subject,
      period: a.period,
      count: a.count,
      raisedAt: a.raisedAt,
      resolvedAt: a.resolvedAt,
      resolvedByName: staffAccounts.displayName,
      resolution: a.resolution,
      withdrawnAt: a.withdrawnAt,
      withdrawalReason: a.withdrawalReason,
    })
    .from(a)
    .leftJoin(staffAccounts, eq(staffAccounts.id, a.resolvedBy))
    .orderBy(sql`${a.withdrawnAt} is not null`, sql`${a.resolvedAt} is not null`, desc(a.raisedAt), desc(a.id));
  return rows.map((r) => ({ ...r, rule: r.rule as AlertRule }));
}

export async function resolveAlert(env: Env, id: number, accountId: number, resolution: string, now = clockNow()): Promise<'done' | 'not-found' | 'already'> {
  const db = dbOf(env);
  const done = await db
    .update(accountabilityAlerts)
    .set({ resolvedAt: now, resolvedBy: accountId, resolution })
    .where(and(eq(accountabilityAlerts.id, id), isNull(accountabilityAlerts.resolvedAt), isNull(accountabilityAlerts.withdrawnAt)))
    .returning({ id: accountabilityAlerts.id });
  if (done.length === 1) return 'done';
  const [exists] = await db.select({ id: accountabilityAlerts.id }).from(accountabilityAlerts).where(eq(accountabilityAlerts.id, id));
  return exists ? 'already' : 'not-found';
}

/** Who or what an alert is about, by name (staff names are published on the portal's staff pages). */
export function subjectName(rule: AlertRule, subject: string): string {
  if (alertRules[rule].subject === 'unit') return departmentName(subject);
  const s = catalogue.staff.find((x) => x.id === subject);
  return s ? `${s.name}（${departmentName(s.department)}）` : subject;
}

export function periodLabel(period: string): string {
  return period.length === 7 ? `${period.slice(0, 4)} 年 ${Number(period.slice(5))} 月` : `${period} 年`;
}
