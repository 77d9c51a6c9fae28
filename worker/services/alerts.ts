/** Accountability alerts in D1: raised from the rules in alert-rules.ts, listed and resolved by the supervisor. */
import type { Finding, Sanction } from '../../schema/domain.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
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
  const { results } = await env.DB.prepare(
    `select complaint_id, finding, sanctions, staff_concerned, unit, concluded_on from case_files
      where finding is not null and substr(concluded_on, 1, 4) in (${years.map(() => '?').join(', ')})`,
  )
    .bind(...years)
    .all<{ complaint_id: number; finding: Finding; sanctions: string; staff_concerned: string | null; unit: string | null; concluded_on: string }>();
  return results.map((r) => ({
    complaintId: r.complaint_id,
    finding: r.finding,
    sanctions: safeList(r.sanctions),
    staffConcerned: r.staff_concerned,
    unit: r.unit ?? '',
    concludedOn: r.concluded_on,
  }));
}

/** What the current month and year count, for the daily sweep (never older periods: no flood). */
export async function recentOutcomes(env: Env, now = clockNow()): Promise<Outcome[]> {
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
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
  const { results: existing } = await env.DB.prepare(
    `select id, rule, subject, period, count, withdrawn_at from accountability_alerts where period in (${wanted.map(() => '?').join(', ')})`,
  )
    .bind(...wanted)
    .all<{ id: number; rule: AlertRule; subject: string; period: string; count: number; withdrawn_at: number | null }>();
  const key = (r: { rule: string; subject: string; period: string }) => `${r.rule}|${r.subject}|${r.period}`;
  const byKey = new Map(existing.map((e) => [key(e), e]));
  const statements: D1PreparedStatement[] = [];
  const event = (alertId: number | null, type: string, count: number, why: string | null, f?: { rule: string; subject: string; period: string }) =>
    alertId !== null
      ? env.DB.prepare('insert into alert_events (alert_id, at, type, count, reason) values (?, ?, ?, ?, ?)').bind(alertId, now, type, count, why)
      : env.DB.prepare(
          `insert into alert_events (alert_id, at, type, count, reason) select id, ?, ?, ?, ? from accountability_alerts where rule = ? and subject = ? and period = ?`,
        ).bind(now, type, count, why, f!.rule, f!.subject, f!.period);
  for (const f of found) {
    const e = byKey.get(key(f));
    if (!e) {
      statements.push(
        env.DB.prepare('insert into accountability_alerts (rule, subject, period, count, raised_at) values (?, ?, ?, ?, ?) on conflict(rule, subject, period) do nothing').bind(
          f.rule,
          f.subject,
          f.period,
          f.count,
          now,
        ),
        event(null, 'raised', f.count, reason, f),
        ...outboxStatements(env, { type: 'alert.raised', key: `${f.rule}:${f.subject}:${f.period}`, title: alertRules[f.rule].title }, now),
      );
      done.raised++;
    } else if (e.withdrawn_at !== null) {
      statements.push(
        env.DB.prepare('update accountability_alerts set count = ?, withdrawn_at = null, withdrawal_reason = null where id = ?').bind(f.count, e.id),
        event(e.id, 'reinstated', f.count, reason),
      );
      done.reinstated++;
    } else if (e.count !== f.count) {
      statements.push(env.DB.prepare('update accountability_alerts set count = ? where id = ?').bind(f.count, e.id), event(e.id, 'count-changed', f.count, reason));
      done.changed++;
    }
  }
  const foundKeys = new Set(found.map(key));
  for (const e of existing) {
    if (e.withdrawn_at !== null || foundKeys.has(key(e))) continue;
    const count = below.get(key(e)) ?? 0;
    const why = `${reason}：重新核算后为 ${count} 次，低于规定的 ${alertRules[e.rule]?.threshold ?? '?'} 次，提醒撤销`;
    statements.push(
      env.DB.prepare('update accountability_alerts set count = ?, withdrawn_at = ?, withdrawal_reason = ? where id = ? and withdrawn_at is null').bind(count, now, why, e.id),
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
  const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  const r = await recomputeAlerts(env, periodsOf(today), '每日核对', now);
  return r.raised;
}

export interface AlertRow {
  id: number;
  rule: AlertRule;
  subject: string;
  period: string;
  count: number;
  raised_at: number;
  resolved_at: number | null;
  resolved_by_name: string | null;
  resolution: string | null;
  withdrawn_at: number | null;
  withdrawal_reason: string | null;
}

export interface AlertHistoryRow {
  alert_id: number;
  at: number;
  type: 'raised' | 'count-changed' | 'withdrawn' | 'reinstated';
  count: number;
  reason: string | null;
}

/** The history of every alert, oldest first, grouped by alert id. */
export async function alertHistories(env: Env): Promise<Map<number, AlertHistoryRow[]>> {
  const { results } = await env.DB.prepare('select alert_id, at, type, count, reason from alert_events order by at, id').all<AlertHistoryRow>();
  const out = new Map<number, AlertHistoryRow[]>();
  for (const r of results) out.set(r.alert_id, [...(out.get(r.alert_id) ?? []), r]);
  return out;
}

export async function listAlerts(env: Env): Promise<AlertRow[]> {
  const { results } = await env.DB.prepare(
    `select a.id, a.rule, a.subject, a.period, a.count, a.raised_at, a.resolved_at, a.resolution, a.withdrawn_at, a.withdrawal_reason,
        s.display_name as resolved_by_name
       from accountability_alerts a left join staff_accounts s on s.id = a.resolved_by
      order by a.withdrawn_at is not null, a.resolved_at is not null, a.raised_at desc, a.id desc`,
  ).all<AlertRow>();
  return results;
}

export async function resolveAlert(env: Env, id: number, accountId: number, resolution: string, now = clockNow()): Promise<'done' | 'not-found' | 'already'> {
  const res = await env.DB.prepare('update accountability_alerts set resolved_at = ?, resolved_by = ?, resolution = ? where id = ? and resolved_at is null and withdrawn_at is null')
    .bind(now, accountId, resolution, id)
    .run();
  if (res.meta.changes === 1) return 'done';
  const exists = await env.DB.prepare('select 1 from accountability_alerts where id = ?').bind(id).first();
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
