// Issues 12 and 13 in the monthly bulletin: 绩效评估 of service applications and 首问登记 figures are
// computed by the console's own code, counted by Asia/Shanghai month, suppressed like the case
// tables, frozen at publication (changed only by a correction), in the JSON (schema), the CSV and
// the worker-rendered page.
import { env, exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../schema/bulletin/csv.ts';
import { bulletinData, bulletinResponse } from '../../schema/bulletin/document.ts';
import { publishPerformance, type PerformanceTotals } from '../../schema/bulletin/performance.ts';
import { setClock } from '../../schema/clock.ts';
import { registerSchema } from '../../schema/inquiry.ts';
import { rateApplication } from '../../worker/services/application-ratings.ts';
import { monthlyPerformance } from '../../worker/services/application-performance.ts';
import { recordEvents } from '../../worker/services/applications.ts';
import { computeMonth, publishBulletin } from '../../worker/services/bulletin-month.ts';
import { versionsOf } from '../../worker/services/bulletins.ts';
import { registerInquiry } from '../../worker/services/inquiries.ts';
import { db } from './applications-helpers.ts';
import { BASE, catalogue } from './helpers.ts';
import { as, createAccount, get } from './office-helpers.ts';

// A fixed day after the months under test: November and December 2026 have ended by then.
const TODAY = Date.parse('2027-01-06T10:00:00+08:00');
const SERVICE = 'rental-subsidy';
const DEPARTMENT = catalogue.services.find((s) => s.id === SERVICE)!.department;
let n = 0;

/** Records an application's events (back-dated, as a business system may), one id per event. */
async function application(number: string, steps: [type: string, iso: string, data?: Record<string, unknown>][]) {
  const out = await recordEvents(
    env,
    db(),
    'console:perf-test',
    null,
    steps.map(([type, occurredAt, data]) => ({
      id: `perf-${number}-${n++}`,
      application: number,
      type,
      occurredAt,
      data: type === 'received' ? { service: SERVICE, channel: 'window', applicant: { kind: 'organisation', name: '测试申请单位' }, ...data } : (data ?? {}),
    })),
    TODAY,
  );
  expect(out.map((o) => o.status), JSON.stringify(out)).toEqual(steps.map(() => 'accepted'));
}

const row = (data: Awaited<ReturnType<typeof computeMonth>>, key: string) => data.performance!.departments.find((d) => d.key === key)!;

beforeAll(async () => {
  setClock(TODAY);
  // Inputs tried at the month boundary (Asia/Shanghai): 23:59 on the last day of November, and
  // 00:00 on the first of December (16:00 UTC the day before, the same instant as 30 Nov 16:00Z).
  await application('PERF-EDGE-LAST', [['received', '2026-11-30T23:59:00+08:00']]);
  await application('PERF-EDGE-FIRST', [['received', '2026-12-01T00:00:00+08:00']]);
  // Twelve applications received, accepted and concluded in November: enough for the rates.
  for (let i = 0; i < 12; i++) {
    await application(`PERF-NOV-${i}`, [
      ['received', `2026-11-${String(2 + i).padStart(2, '0')}T09:00:00+08:00`],
      ['accepted', `2026-11-${String(2 + i).padStart(2, '0')}T10:00:00+08:00`],
      ['concluded', `2026-11-${String(16 + i).padStart(2, '0')}T10:00:00+08:00`, { outcome: 'approved' }],
    ]);
  }
  // Three ratings given in November: a small cell.
  for (let i = 0; i < 3; i++) expect(await rateApplication(env, db(), `PERF-NOV-${i}`, { level: 'satisfied' }, Date.parse("2026-11-28T12:00:00+08:00") + i * 60_000)).toBe('done');
  // Inquiries: one in November answered on the spot, one received 00:00 on 1 December.
  const base = { priority: 'ordinary', firstReceiver: 'li-min', matter: '询问办事材料。' };
  await registerInquiry(env, registerSchema(catalogue, '2026-11-30').parse({ ...base, channel: 'visit', outcome: 'on-the-spot', answer: '当场说明了材料清单' }), 'li-min', Date.parse('2026-11-30T23:59:00+08:00'));
  await registerInquiry(env, registerSchema(catalogue, '2026-12-01').parse({ ...base, channel: 'phone', outcome: 'on-the-spot', answer: '电话说明' }), 'li-min', Date.parse('2026-12-01T00:00:00+08:00'));
}, 60_000);

afterAll(() => setClock(env.CLOCK_START));

describe('绩效评估 and 首问登记 in the bulletin', () => {
  it('counts an application received 23:59 on the last day in that month, and one at 00:00 on the first in the next', async () => {
    const nov = await computeMonth(env.DB, '2026-11');
    const dec = await computeMonth(env.DB, '2026-12');
    // PERF-EDGE-LAST + 12 in November; PERF-EDGE-FIRST alone in December.
    expect(row(nov, DEPARTMENT).received).toBe(13);
    expect(row(dec, DEPARTMENT).received).toBe(1);
    expect(nov.performance!.services.find((s) => s.key === SERVICE)!.received).toBe(13);
    expect(nov.inquiries!.received).toBe(1);
    expect(dec.inquiries!.received).toBe(1);
  });

  it('is the console’s computation: the same received, concluded and on-time counts', async () => {
    const nov = await computeMonth(env.DB, '2026-11');
    const console = (await monthlyPerformance(db(), '2026-11', 'department')).find((r) => r.key === DEPARTMENT)!;
    const published = row(nov, DEPARTMENT);
    expect({ received: published.received, concluded: published.concluded, overdueOpen: published.overdueOpen }).toEqual({ received: console.received, concluded: console.concluded, overdueOpen: console.overdueOpen });
    // Twelve concluded, all on time (within 20 working days): a rate is published from 10 up.
    expect(published.concluded).toBe(12);
    expect(published.onTime).toEqual({ percent: 100, n: 12 });
    expect(published.averageDays.value).toBe(10);
    expect(published.committedDays.value).toBe(catalogue.services.find((s) => s.id === SERVICE)!.committedDays);
  });

  it('suppresses small cells: three ratings show as “<5”, rates below 10 applications as null', async () => {
    const nov = await computeMonth(env.DB, '2026-11');
    const t = nov.performance!.ratingsByDepartment;
    const i = t.rows.indexOf(DEPARTMENT);
    const j = t.cols.indexOf('satisfied');
    expect(t.rowTotals[i]).toBe(3);
    // Hidden: “<5”, or the whole breakdown withheld when no safe pattern exists (the other rows are 0).
    expect(t.cells[i][j].value).toBeNull();
    expect(['small', 'withheld']).toContain(t.cells[i][j].mark);
    const byService = nov.performance!.ratingsByService;
    expect(byService.cells[byService.rows.indexOf(SERVICE)][j]).toEqual({ value: null, mark: 'small' });
    const dec = await computeMonth(env.DB, '2026-12');
    expect(row(dec, DEPARTMENT).onTime.percent).toBeNull();
    // The pure rule on a made-up month: 3 red cards in one department, 7 in another; both hidden
    // (the 3 as “<5”, and the 7 as “×” since the column total would give the 3 away).
    const empty = { received: 0, concluded: 0, onTime: 0, overdueOpen: 0, usedDays: 0, committedDays: 0, ratings: { 'very-satisfied': 0, satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0, 'very-dissatisfied': 0 } };
    const totals: PerformanceTotals[] = [
      { key: 'a', ...empty, yellow: 0, red: 3 },
      { key: 'b', ...empty, yellow: 0, red: 7 },
    ];
    const cards = publishPerformance(totals, [], ['a', 'b']).cardsByDepartment;
    expect(cards.cells[0][1].mark).toBe('small');
    expect(cards.cells[1][1].value).toBeNull();
    expect(cards.rowTotals).toEqual([3, 7]);
  });

  it('is frozen at publication: a later change shows only through a correction', async () => {
    const first = await publishBulletin(env.DB, '2026-11', { by: '1', expectedVersion: 1 }, TODAY);
    expect(first.kind).toBe('published');
    expect(bulletinData.safeParse((await versionsOf(env.DB, '2026-11'))[0].data).success).toBe(true);
    // A letter application of 20 November registered late: it changes the live figures only.
    await application('PERF-LATE', [['received', '2026-11-20T09:00:00+08:00']]);
    const live = await computeMonth(env.DB, '2026-11');
    expect(row(live, DEPARTMENT).received).toBe(14);
    const [v1] = await versionsOf(env.DB, '2026-11');
    expect(v1.data.performance!.departments.find((d) => d.key === DEPARTMENT)!.received).toBe(13);
    const corrected = await publishBulletin(env.DB, '2026-11', { by: '1', expectedVersion: 2, note: '更正：补入一件 11 月 20 日收件、延迟登记的办件。' }, TODAY);
    expect(corrected.kind).toBe('published');
    const versions = await versionsOf(env.DB, '2026-11');
    expect(versions.map((v) => v.data.performance!.departments.find((d) => d.key === DEPARTMENT)!.received)).toEqual([13, 14]);
  });

  it('is in the JSON (valid against the published schema) and in the CSV, with findingsChangedOnReview', async () => {
    const res = await exports.default.fetch(`${BASE}/api/bulletins/2026-11`);
    expect(res.status).toBe(200);
    const json = bulletinResponse.parse(await res.json());
    expect(json.data.performance!.services.map((s) => s.key)).toContain(SERVICE);
    expect(json.data.inquiries!.answeredOnTheSpot.n).toBe(1);
    expect(json.definitions['performance.onTime']).toContain('按时办结率');
    expect(json.definitions['inquiries.answeredOnTheSpot']).toBeTruthy();
    const csv = await exports.default.fetch(`${BASE}/api/bulletins/2026-11.csv`);
    expect(csv.headers.get('ETag')).toBe('"2026-11.v2.csv2"');
    const rows = parseCsv(await csv.text());
    const serviceName = catalogue.services.find((s) => s.id === SERVICE)!.name;
    const departmentName = catalogue.departments.find((d) => d.id === DEPARTMENT)!.name;
    const find = (part: string, r: string, c: string) => rows.find((x) => x[2] === part && x[3] === r && x[4] === c);
    expect(find('绩效评估（处室）', departmentName, '收件')?.[5]).toBe('14');
    expect(find('绩效评估（事项）', serviceName, '按时办结率')?.slice(5)).toEqual(['100', '12', '100%']);
    expect(find('办件好差评（处室）', departmentName, '合计')?.[5]).toBe('3');
    expect(find('办件好差评（事项）', serviceName, '满意')?.slice(5)).toEqual(['', '', '<5']);
    expect(find('黄牌红牌（处室）', departmentName, '红牌')).toBeTruthy();
    expect(find('首问登记', '登记询问', '')?.[5]).toBe('1');
    expect(find('首问登记（渠道×办理方式）', '来访', '当场答复')?.[7]).toBe('<5');
    // The complaints' finding-changed-on-review figure (issue 10) is in the CSV when the JSON has it.
    const changed = rows.find((x) => x[3] === '经复核改变以前月份结论');
    if (json.data.overall.findingsChangedOnReview === undefined) expect(changed).toBeUndefined();
    else expect(changed?.[5]).toBe(String(json.data.overall.findingsChangedOnReview));
  });

  it('shows both sections on the public page, with table headers and a note naming the hidden cells', async () => {
    const res = await exports.default.fetch(`${BASE}/bulletins/2026-11/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h2 id="performance-heading">办件绩效评估（电子监察）</h2>');
    expect(html).toContain('<h2 id="inquiries-heading">首问登记</h2>');
    expect(html).toMatch(/<th scope="col">按时办结率<\/th>/);
    expect(html).toContain(`<th scope="row"><a href="/services/${SERVICE}/">`);
    const serviceName = catalogue.services.find((s) => s.id === SERVICE)!.name;
    expect(html).toMatch(new RegExp(`本表隐去了 \\d+ 个数字：[^<]*${serviceName} × 满意（&lt;5）`));
    expect(html).not.toContain('测试申请单位');
  });

  it('shows each section once: one heading, one id on the page', async () => {
    const html = await (await exports.default.fetch(`${BASE}/bulletins/2026-11/`)).text();
    for (const id of ['performance-heading', 'inquiries-heading']) expect(html.split(`id="${id}"`).length - 1, id).toBe(1);
  });

  it('is in the console’s preview before publishing, with the same tables', async () => {
    await createAccount('perf-chief', 'supervisor');
    const res = await get('/office/bulletins/2026-11', await as('perf-chief'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('办件绩效评估（随通报公布）');
    expect(html).toContain('首问登记（随通报公布）');
    expect(html).toContain(`${catalogue.services.find((s) => s.id === SERVICE)!.name} × 满意（&lt;5）`);
  });
});
