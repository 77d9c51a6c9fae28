// Issues 12 and 13 in the demo: the published bulletins' 绩效评估 and 首问登记 sections are what the
// worker itself computes from the seeded applications and inquiries (the seed-consistency style).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulletinData } from '../../schema/bulletin/document.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { makeCalendar } from '../../schema/workdays.ts';
import { demoApplicationFacts, demoApplicationsSql } from '../../worker/cli/seed/applications.ts';
import { demoDates, demoPublications, historicalCases } from '../../worker/cli/seed/bulletins-data.ts';
import { bulletinsSeedSql } from '../../worker/cli/seed/bulletins-sql.ts';
import { demoInquiriesSql, demoInquiryFacts } from '../../worker/cli/seed/inquiries.ts';
import { computeSections } from '../../worker/services/bulletin-month.ts';
import { versionsOf } from '../../worker/services/bulletins.ts';
import { catalogue } from './helpers.ts';

const now = clockNow();
const calendar = makeCalendar(catalogue.calendar);
const dates = demoDates(now);
const sectionFacts = (month: string) => ({ applications: demoApplicationFacts(month, now, catalogue, calendar), inquiries: demoInquiryFacts(month, now, catalogue, calendar) });

beforeAll(async () => {
  const deps = { key: env.PII_KEY, catalogue, calendar };
  const statements = [
    ...(await bulletinsSeedSql(env.PII_KEY, dates, historicalCases(dates), sectionFacts)),
    ...(await demoApplicationsSql(now, deps)),
    ...(await demoInquiriesSql(now, deps)),
  ];
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('the demo bulletins’ 绩效评估 and 首问登记', { timeout: 30_000 }, () => {
  it('are what the worker computes from the seeded applications and inquiries, in every published version', async () => {
    for (const month of dates.months) {
      const versions = await versionsOf(env.DB, month);
      expect(versions.length, month).toBeGreaterThan(0);
      const live = await computeSections(env.DB, month);
      for (const v of versions) {
        expect(bulletinData.safeParse(v.data).success).toBe(true);
        expect({ performance: v.data.performance, inquiries: v.data.inquiries }, `${month} v${v.version}`).toEqual(live);
      }
    }
  });

  it('show seeded work: the last published month has the applications and inquiries the seed dated in it', async () => {
    const last = dates.months[2];
    const facts = sectionFacts(last);
    const [latest] = (await versionsOf(env.DB, last)).slice(-1);
    const received = facts.applications.applications.filter((a) => a.receivedOn.startsWith(`${last}-`)).length;
    expect(latest.data.performance!.departments.reduce((n, d) => n + d.received, 0)).toBe(received);
    expect(latest.data.inquiries!.received).toBe(facts.inquiries.length);
    // Whatever the clock's day, last month's demo work gives a published rate, red cards and 好差评.
    const perf = latest.data.performance!;
    const realEstate = perf.departments.find((d) => d.key === 'real-estate')!;
    expect(realEstate.concluded).toBeGreaterThanOrEqual(11);
    expect(realEstate.onTime.percent).not.toBeNull();
    expect(realEstate.onTime.percent!).toBeLessThan(100);
    const red = perf.cardsByDepartment.cols.indexOf('red');
    expect(perf.cardsByDepartment.rowTotals[perf.cardsByDepartment.rows.indexOf('real-estate')]).toBeGreaterThanOrEqual(2);
    expect(red).toBeGreaterThanOrEqual(0);
    expect(perf.ratingsByDepartment.total).toBeGreaterThanOrEqual(8);
    expect(latest.data.inquiries!.received).toBeGreaterThanOrEqual(2);
  });

  it('the demo’s own publication path stores the same sections (demoPublications with the seed’s facts)', () => {
    const published = demoPublications(historicalCases(dates), dates, sectionFacts).at(-1)!;
    expect(published.data.performance).toBeDefined();
    expect(published.data.inquiries).toBeDefined();
  });
});
