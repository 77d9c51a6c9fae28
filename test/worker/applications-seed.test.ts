// The 电子监察 demo: every state, yellow and red cards with 督办 and 回告, and the README's signed
// request by the demo business-system client really lands.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { deadline, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { DEMO_CLIENT, demoApplicationsSql } from '../../worker/cli/seed/applications.ts';
import { post } from './applications-helpers.ts';
import { catalogue } from './helpers.ts';

beforeAll(async () => {
  const statements = await demoApplicationsSql(now(), { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar) });
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('the 电子监察 demo', () => {
  it('has applications in every state, a stopped clock, an extension, and yellow and red cards with 督办 and 回告', async () => {
    const statuses = (await env.DB.prepare('select distinct status from applications').all<{ status: string }>()).results.map((r) => r.status).sort();
    expect(statuses).toEqual(['accepted', 'approved', 'not-accepted', 'received', 'refused', 'withdrawn']);
    expect((await env.DB.prepare('select count(*) as n from applications where stopped = 1').first<{ n: number }>())!.n).toBeGreaterThanOrEqual(2);
    expect((await env.DB.prepare("select count(*) as n from application_events where type = 'extended'").first<{ n: number }>())!.n).toBe(1);
    const cards = (await env.DB.prepare('select distinct colour || \':\' || state as k from application_cards').all<{ k: string }>()).results.map((r) => r.k);
    expect(cards).toEqual(expect.arrayContaining(['yellow:open', 'red:open', 'red:supervised', 'red:answered']));
  });

  it('supervises its red cards as the console does (cardActions.supervise): the 回告 deadline in working days, on the card and in its event', async () => {
    const rows = (await env.DB.prepare("select c.answer_by, e.data from application_cards c join application_card_events e on e.card_id = c.id and e.type = 'supervised'").all<{ answer_by: string; data: string }>()).results;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    // Until 2026-12-03 the seed counted 3 calendar days (a Sunday for a Thursday's card).
    const expected = deadline(makeCalendar(catalogue.calendar), shanghaiDate(now()), 3).date;
    for (const r of rows) {
      expect(r.answer_by).toBe(expected);
      expect(JSON.parse(r.data)).toEqual({ instruction: '请说明原因，立即办理并回告', answerDays: 3, answerBy: expected });
    }
  });

  it('accepts the README’s signed request from the demo client', async () => {
    const { json, res } = await post(DEMO_CLIENT, [{ id: 'readme-example-0001', application: 'DEMO-2612-A03', type: 'step-done', occurredAt: new Date(now()).toISOString(), data: { step: 1 } }]);
    expect(res.status).toBe(200);
    expect(json.results[0].status).toBe('accepted');
  });
});
