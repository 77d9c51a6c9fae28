// The demo seed of issue 13 shows every state: each inquiry outcome, open on time / due soon /
// overdue and closed, a handed-over inquiry closed by the section, and a board with B and the head acting.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { inquiryOutcomes } from '../../schema/inquiry.ts';
import { makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { demoReceptionBookingReference } from '../../worker/cli/seed/reception-bookings.ts';
import { demoInquiriesSql, demoStandIn } from '../../worker/cli/seed/inquiries.ts';
import { act, getInquiry, stateOf } from '../../worker/services/inquiries.ts';
import { board } from '../../worker/services/whereabouts.ts';
import { catalogue } from './helpers.ts';

const now = clockNow();

beforeAll(async () => {
  const statements = await demoInquiriesSql(now, { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar) });
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
});

describe('the demo inquiries and whereabouts', () => {
  it('hold every outcome and every deadline state', async () => {
    const { results } = await env.DB.prepare('select id, outcome from inquiries').all<{ id: number; outcome: string }>();
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(inquiryOutcomes.codes));
    const states = new Set<string>();
    for (const r of results) states.add(stateOf((await getInquiry(env, r.id))!));
    expect(states).toEqual(new Set(['closed', 'on-time', 'due-soon', 'overdue']));
  });

  it('show a post acted for by B, one by a head-approved stand-in, one by the head, and sick leave only as 请假', async () => {
    const b = await board(env);
    const roles = new Set(b.departments.flatMap((d) => d.posts.map((p) => p.acting.role)));
    expect(roles).toEqual(new Set(['a', 'b', 'stand-in', 'head']));
    expect(b.departments.flatMap((d) => d.posts).find((p) => p.id === demoStandIn.post)!.acting).toMatchObject({ id: demoStandIn.standIn, role: 'stand-in' });
    const words = new Set(b.departments.flatMap((d) => d.staff.map((s) => s.status)));
    expect(words).toContain('请假');
    expect(words).not.toContain('病假');
  });

  it('have reception-day matters linked to a booking, one answered and one pending', async () => {
    // The booking by its reference on this demo (YY-<year and month it was made>-DEM201).
    const booking = demoReceptionBookingReference('YY-2611-DEM201', now);
    expect(booking).toBe(`YY-${shanghaiDate(now - 86_400_000).slice(2, 7).replace('-', '')}-DEM201`);
    const { results } = await env.DB.prepare("select status from inquiries where channel = 'reception' and json_extract(outcome_data, '$.appointment') = ? order by id").bind(booking).all<{ status: string }>();
    expect(results.map((r) => r.status).sort()).toEqual(['closed', 'open']);
  });

  it('are the registry\'s own steps: the console can go on with them at their version (follow-up, then close)', async () => {
    const id = (await env.DB.prepare("select id from inquiries where reference like 'SW-____-DEM303'").first<{ id: number }>())!.id;
    const row = (await getInquiry(env, id))!;
    // Registered, then followed up once through inquiryActions['follow-up'].
    expect(row.version).toBe(2);
    expect(await act(env, row, 'follow-up', { version: row.version, note: '再次督促住房保障处答复' }, 'wu-tao')).toBe('done');
    const again = (await getInquiry(env, id))!;
    expect(await act(env, again, 'close', { version: again.version, reply: '已电话答复轮候位次' }, 'ye-qing')).toBe('done');
    expect((await getInquiry(env, id))!.status).toBe('closed');
  });
});
