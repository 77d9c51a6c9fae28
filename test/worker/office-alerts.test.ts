import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Sanction } from '../../schema/domain.ts';
import { evaluate, raiseAlerts } from '../../worker/services/alerts.ts';
import type { Outcome } from '../../worker/services/alert-rules.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

let id = 0;
function outcome(concludedOn: string, finding: Finding, sanctions: Sanction[] = [], staffConcerned: string | null = 'xie-na', unit = 'real-estate'): Outcome {
  return { complaintId: ++id, finding, sanctions, staffConcerned, unit, concludedOn };
}
const times = <T,>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const rules = (outcomes: Outcome[]) => evaluate(outcomes).map((f) => `${f.rule}:${f.subject}:${f.period}:${f.count}`);

describe('被诉待岗: 3 substantiated complaints against one person in a calendar month', () => {
  it('alerts at exactly 3', () => {
    expect(rules(times(3, (i) => outcome(`2026-03-0${i + 1}`, 'substantiated')))).toContain('staff-suspension:xie-na:2026-03:3');
  });
  it('does not alert at 2, nor for 3 spread over two months, nor for partly substantiated or unsubstantiated ones', () => {
    expect(rules(times(2, (i) => outcome(`2026-03-0${i + 1}`, 'substantiated')))).toEqual([]);
    expect(rules([outcome('2026-03-30', 'substantiated'), outcome('2026-03-31', 'substantiated'), outcome('2026-04-01', 'substantiated')])).toEqual([]);
    expect(rules([...times(2, () => outcome('2026-03-05', 'substantiated')), outcome('2026-03-06', 'partly-substantiated'), outcome('2026-03-07', 'unsubstantiated')])).toEqual([]);
  });
});

describe('unit admonitions: 2 in a calendar month or 5 in a calendar year', () => {
  it('alerts at exactly 2 in one month, and not at 1', () => {
    const two = [outcome('2026-05-06', 'substantiated', ['oral-admonition'], 'han-bing'), outcome('2026-05-20', 'partly-substantiated', ['written-admonition'], 'xie-na')];
    expect(rules(two)).toContain('unit-month:real-estate:2026-05:2');
    expect(rules(two.slice(0, 1)).filter((r) => r.startsWith('unit-month'))).toEqual([]);
  });
  it('alerts at exactly 5 in a year spread over months, and not at 4; sanctions that are not admonitions do not count', () => {
    const people = ['han-bing', 'xie-na', 'luo-xiaoyun', 'yang-fan', 'han-bing'];
    const five = times(5, (i) => outcome(`2026-0${i + 1}-10`, 'substantiated', ['oral-admonition'], people[i]));
    expect(rules(five)).toContain('unit-year:real-estate:2026:5');
    expect(rules(five.slice(0, 4)).filter((r) => r.startsWith('unit-year'))).toEqual([]);
    const notAdmonitions = times(5, (i) => outcome(`2026-0${i + 1}-10`, 'substantiated', ['bonus-deduction'], people[i]));
    expect(rules(notAdmonitions).filter((r) => r.startsWith('unit'))).toEqual([]);
  });
});

describe('person admonitions: 2 in a calendar year lose that year’s award eligibility', () => {
  it('alerts at exactly 2 in a year, and not at 1 or at 2 in different years', () => {
    expect(rules([outcome('2026-02-10', 'substantiated', ['oral-admonition']), outcome('2026-09-10', 'substantiated', ['written-admonition'])])).toContain('person-year:xie-na:2026:2');
    expect(rules([outcome('2026-02-10', 'substantiated', ['oral-admonition'])]).filter((r) => r.startsWith('person'))).toEqual([]);
    expect(rules([outcome('2025-12-30', 'substantiated', ['oral-admonition']), outcome('2026-01-05', 'substantiated', ['oral-admonition'])]).filter((r) => r.startsWith('person'))).toEqual([]);
  });
});

describe('alerts in the database and on the dashboard', () => {
  let supervisor: Session;
  beforeAll(async () => {
    await createAccount('al-super', 'supervisor', 'efficiency-office', 'zhao-li');
    supervisor = await as('al-super');
    // Three substantiated cases against one person this month, each with an oral admonition.
    const today = new Date(clockNow() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) {
      const c = await env.DB.prepare(
        `insert into complaints (reference, access_hash, department, category, occurred_on, anonymous, personal, received_at, acknowledge_by, due_by, stage)
         values (?, 'x', 'real-estate', 'overdue', '2026-01-01', 1, 'v1.x.y', 0, '2026-01-08', '2026-02-20', 'conclusion') returning id`,
      )
        .bind(`XN-2611-ALERT${i}`)
        .first<{ id: number }>();
      await env.DB.prepare(
        `insert into case_files (complaint_id, finding, sanctions, staff_concerned, unit, concluded_on) values (?, 'substantiated', '["oral-admonition"]', 'xie-na', 'real-estate', ?)`,
      )
        .bind(c!.id, today)
        .run();
    }
  });

  it('raises each alert once per subject and period, however often it is checked', async () => {
    const first = await raiseAlerts(env);
    expect(first).toBe(3); // staff-suspension, unit-month, person-year
    expect(await raiseAlerts(env)).toBe(0);
    const { results } = await env.DB.prepare('select rule from accountability_alerts order by rule').all<{ rule: string }>();
    expect(results.map((r) => r.rule)).toEqual(['person-year', 'staff-suspension', 'unit-month']);
  });

  it('shows the alerts with the rule they come from, and records what the supervisor did', async () => {
    const page = await (await get('/office/alerts/', supervisor)).text();
    expect(page).toContain('被诉待岗');
    expect(page).toContain('href="/rules/suspension-on-complaints/"');
    expect(page).toContain('href="/rules/admonition/"');
    expect(page).toContain('谢娜');
    const alert = await env.DB.prepare("select id from accountability_alerts where rule = 'staff-suspension'").first<{ id: number }>();
    const empty = await post(`/office/alerts/${alert!.id}/resolve`, supervisor, { resolution: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(`href="#resolution-${alert!.id}"`);
    const done = await post(`/office/alerts/${alert!.id}/resolve`, supervisor, { resolution: '已于 11 月 20 日作出待岗 15 天的决定，文号 示效〔2026〕3 号。' });
    expect(done.status).toBe(303);
    const again = await post(`/office/alerts/${alert!.id}/resolve`, supervisor, { resolution: '重复记录一次处理情况' });
    expect(again.status).toBe(409);
    const after = await (await get('/office/alerts/', supervisor)).text();
    expect(after).toContain('示效〔2026〕3 号');
    expect(after).toContain('已处理');
  });
});
