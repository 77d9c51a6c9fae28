// Issue 10: the demo seed starts with alerts consistent with its cases, and hides each case from the person it concerns.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCalendar } from '../../schema/workdays.ts';
import { demoCasesSql } from '../../worker/cli/seed/cases.ts';
import { recomputeAlerts } from '../../worker/services/alerts.ts';
import { listCases } from '../../worker/services/cases.ts';
import { catalogue } from './helpers.ts';

beforeAll(async () => {
  const statements = await demoCasesSql(undefined, { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar), iterations: 1000 });
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('the demo seed', { timeout: 30_000 }, () => {
  it('raises exactly the alerts its cases give: recomputing every seeded period changes nothing', async () => {
    const { results } = await env.DB.prepare('select distinct substr(concluded_on, 1, 7) as m from case_files where concluded_on is not null').all<{ m: string }>();
    const periods = results.flatMap((r) => [r.m, r.m.slice(0, 4)]);
    const { results: alerts } = await env.DB.prepare('select period from accountability_alerts').all<{ period: string }>();
    expect(alerts.length).toBeGreaterThan(0);
    const changed = await recomputeAlerts(env, [...periods, ...alerts.map((a) => a.period)], '核对示范数据');
    expect(changed).toEqual({ raised: 0, changed: 0, withdrawn: 0, reinstated: 0 });
    const history = await env.DB.prepare("select count(*) as n from alert_events where type = 'raised'").first<{ n: number }>();
    expect(history!.n).toBe(alerts.length);
  });

  it('hides every concluded case from the staff member it concerns', async () => {
    const concerned = await env.DB.prepare("select distinct staff_concerned as s from case_files where staff_concerned is not null").all<{ s: string }>();
    expect(concerned.results.length).toBeGreaterThan(0);
    for (const { s } of concerned.results) {
      const person = catalogue.staff.find((x) => x.id === s)!;
      const rows = await listCases(env, { accountId: 99, username: `demo-${s}`, name: person.name, role: 'handler', department: person.department, staffId: s }, {});
      expect(rows.filter((r) => r.staffConcerned === s)).toEqual([]);
    }
  });
});
