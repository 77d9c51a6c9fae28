/**
 * Accountability alerts (seed 001, content/rules/suspension-on-complaints.mdx and admonition.mdx):
 * - staff-suspension: one staff member with 3 or more substantiated (属实) complaints concluded in
 *   one calendar month → 被诉待岗, 15 days' suspension is due;
 * - unit-month / unit-year: one unit (department) with 2 or more admonitions (口头告诫/书面告诫) in a
 *   calendar month, or 5 or more in a calendar year → its head is to be admonished;
 * - person-year: one person admonished 2 or more times in a calendar year → loses that year's award
 *   eligibility (取消当年评先评优资格).
 * Periods are calendar months and years of the conclusion date (Asia/Shanghai). Each alert is raised
 * once per rule, subject and period (a unique key); a later count only raises its number.
 */
import { admonitions, type Finding, type Sanction } from '../../schema/domain.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';
import type { Outcome } from './cases.ts';

export const alertRules = {
  'staff-suspension': {
    threshold: 3,
    period: 'month',
    subject: 'staff',
    title: '被诉待岗：一个月内被投诉属实 3 次及以上',
    consequence: '应对该工作人员作出待岗 15 天的处理。',
    rule: { id: 'suspension-on-complaints', title: '被诉待岗制度' },
  },
  'unit-month': {
    threshold: 2,
    period: 'month',
    subject: 'unit',
    title: '科室一个月内受告诫 2 次及以上',
    consequence: '应对该科室负责人进行告诫。',
    rule: { id: 'admonition', title: '效能告诫制度' },
  },
  'unit-year': {
    threshold: 5,
    period: 'year',
    subject: 'unit',
    title: '科室一年内受告诫 5 次及以上',
    consequence: '应对该科室负责人进行告诫。',
    rule: { id: 'admonition', title: '效能告诫制度' },
  },
  'person-year': {
    threshold: 2,
    period: 'year',
    subject: 'staff',
    title: '个人一年内受告诫 2 次及以上',
    consequence: '取消其当年度评先评优资格。',
    rule: { id: 'admonition', title: '效能告诫制度' },
  },
} as const;
export type AlertRule = keyof typeof alertRules;

export interface AlertFinding {
  rule: AlertRule;
  subject: string;
  period: string;
  count: number;
}

function tally(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The thresholds crossed by these outcomes (pure: the tests drive it directly too). */
export function evaluate(outcomes: readonly Outcome[]): AlertFinding[] {
  const counts: Record<AlertRule, Map<string, number>> = {
    'staff-suspension': new Map(),
    'unit-month': new Map(),
    'unit-year': new Map(),
    'person-year': new Map(),
  };
  for (const o of outcomes) {
    const month = o.concludedOn.slice(0, 7);
    const year = o.concludedOn.slice(0, 4);
    if (o.finding === 'substantiated' && o.staffConcerned) tally(counts['staff-suspension'], `${o.staffConcerned}|${month}`);
    if (o.sanctions.some((s) => admonitions.includes(s))) {
      tally(counts['unit-month'], `${o.unit}|${month}`);
      tally(counts['unit-year'], `${o.unit}|${year}`);
      if (o.staffConcerned) tally(counts['person-year'], `${o.staffConcerned}|${year}`);
    }
  }
  const out: AlertFinding[] = [];
  for (const rule of Object.keys(alertRules) as AlertRule[]) {
    for (const [key, count] of counts[rule]) {
      if (count < alertRules[rule].threshold) continue;
      const [subject, period] = key.split('|');
      out.push({ rule, subject, period, count });
    }
  }
  return out;
}

/** Outcomes concluded in this calendar year and the last (a year's count can still change in January). */
export async function recentOutcomes(env: Env, now = Date.now()): Promise<Outcome[]> {
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
export async function raiseAlerts(env: Env, now = Date.now()): Promise<number> {
  const found = evaluate(await recentOutcomes(env, now));
  if (found.length === 0) return 0;
  const before = (await env.DB.prepare('select count(*) as n from accountability_alerts').first<{ n: number }>())!.n;
  await env.DB.batch(
    found.map((f) =>
      env.DB.prepare(
        `insert into accountability_alerts (rule, subject, period, count, raised_at) values (?, ?, ?, ?, ?)
         on conflict(rule, subject, period) do update set count = max(count, excluded.count)`,
      ).bind(f.rule, f.subject, f.period, f.count, now),
    ),
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

export async function resolveAlert(env: Env, id: number, accountId: number, resolution: string, now = Date.now()): Promise<'done' | 'not-found' | 'already'> {
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
