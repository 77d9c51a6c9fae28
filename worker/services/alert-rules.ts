/**
 * Accountability alert rules (seed 001, content/rules/suspension-on-complaints.mdx and admonition.mdx).
 * Pure, without bindings, so the Node-side demo seed computes the same alerts:
 * - staff-suspension: one staff member with 3 or more substantiated (属实) complaints concluded in
 *   one calendar month → 被诉待岗, 15 days' suspension is due;
 * - unit-month / unit-year: one unit (department) with 2 or more admonitions (口头告诫/书面告诫) in a
 *   calendar month, or 5 or more in a calendar year → its head is to be admonished;
 * - person-year: one person admonished 2 or more times in a calendar year → loses that year's award
 *   eligibility (取消当年评先评优资格).
 * Periods are calendar months and years of the conclusion date (Asia/Shanghai). Each alert is kept
 * once per rule, subject and period (a unique key); worker/services/alerts.ts recomputes it from the
 * case facts and withdraws it, with the reason, when the count falls below the threshold.
 */
import { admonitions, type Finding, type Sanction } from '../../schema/domain.ts';

/** One concluded case as the thresholds see it. */
export interface Outcome {
  complaintId: number;
  finding: Finding;
  sanctions: Sanction[];
  staffConcerned: string | null;
  unit: string;
  /** YYYY-MM-DD (Asia/Shanghai). */
  concludedOn: string;
}

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
export function evaluate(outcomes: readonly Outcome[], all = false): AlertFinding[] {
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
      if (!all && count < alertRules[rule].threshold) continue;
      const [subject, period] = key.split('|');
      out.push({ rule, subject, period, count });
    }
  }
  return out;
}

