/** Accountability alerts in D1: raised from the rules in alert-rules.ts, listed and resolved by the supervisor. */
import type { Finding, Sanction } from '../../schema/domain.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import { outboxStatements } from '../notify/outbox.ts';
import { alertRules, evaluate, type AlertRule, type Outcome } from './alert-rules.ts';
import { now as clockNow } from '../../schema/clock.ts';

export { alertRules, evaluate, type AlertRule, type Outcome };

/** Outcomes concluded in this calendar year and the last (a year's count can still change in January). */
export async function recentOutcomes(env: Env, now = clockNow()): Promise<Outcome[]> {
  const year = new Date(now + 8 * 3_600_000).getUTCFullYear();
  const { results } = await env.DB.prepare(
    `select complaint_id, finding, sanctions, staff_concerned, unit, concluded_on from case_files
      where finding is not null and concluded_on >= ?`,
  )
    .bind(`${year - 1}-01-01`)
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

function safeList(text: string): Sanction[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v.filter((s) => typeof s === 'string') as Sanction[]) : [];
  } catch {
    return [];
  }
}

/** Records every crossed threshold once; returns how many alerts are new. */
export async function raiseAlerts(env: Env, now = clockNow()): Promise<number> {
  const found = evaluate(await recentOutcomes(env, now));
  if (found.length === 0) return 0;
  const before = (await env.DB.prepare('select count(*) as n from accountability_alerts').first<{ n: number }>())!.n;
  await env.DB.batch(
    found.flatMap((f) => [
      env.DB.prepare(
        `insert into accountability_alerts (rule, subject, period, count, raised_at) values (?, ?, ?, ?, ?)
         on conflict(rule, subject, period) do update set count = max(count, excluded.count)`,
      ).bind(f.rule, f.subject, f.period, f.count, now),
      ...outboxStatements(env, { type: 'alert.raised', key: `${f.rule}:${f.subject}:${f.period}`, title: alertRules[f.rule].title }, now),
    ]),
  );
  const after = (await env.DB.prepare('select count(*) as n from accountability_alerts').first<{ n: number }>())!.n;
  return after - before;
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
}

export async function listAlerts(env: Env): Promise<AlertRow[]> {
  const { results } = await env.DB.prepare(
    `select a.id, a.rule, a.subject, a.period, a.count, a.raised_at, a.resolved_at, a.resolution, s.display_name as resolved_by_name
       from accountability_alerts a left join staff_accounts s on s.id = a.resolved_by
      order by a.resolved_at is not null, a.raised_at desc, a.id desc`,
  ).all<AlertRow>();
  return results;
}

export async function resolveAlert(env: Env, id: number, accountId: number, resolution: string, now = clockNow()): Promise<'done' | 'not-found' | 'already'> {
  const res = await env.DB.prepare('update accountability_alerts set resolved_at = ?, resolved_by = ?, resolution = ? where id = ? and resolved_at is null')
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
