// 目标管理 (issue 14): the public side over the demo seed (dated by the run's clock): /targets/ lists
// the two last completed quarters, one corrected with its note; the draft quarter is a 404; a
// department's link goes to its latest published quarter; the JSON is in the OpenAPI document; no
// individual target or person reaches a public output. And the quarter boundaries at fixed dates.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now, parseClockStart } from '../../schema/clock.ts';
import { lastCompletedQuarters, periodId, quarterOf, targetResultResponse } from '../../schema/targets.ts';
import { makeCalendar } from '../../schema/workdays.ts';
import { demoCasesSql } from '../../worker/cli/seed/cases.ts';
import { demoDecisionsSql } from '../../worker/cli/seed/decisions.ts';
import { demoTargetPeriods, demoTargetsSql } from '../../worker/cli/seed/targets.ts';
import { approveRound, openRound } from '../../worker/services/targets.ts';
import { BASE, catalogue } from './helpers.ts';

const periods = demoTargetPeriods();

async function read(path: string) {
  const res = await exports.default.fetch(`${BASE}${path}`, { redirect: 'manual' });
  return { path, status: res.status, body: await res.text(), location: res.headers.get('Location') };
}

beforeAll(async () => {
  const statements = [
    ...(await demoCasesSql(undefined, { key: env.PII_KEY, catalogue, calendar: makeCalendar(catalogue.calendar), iterations: 1000 })),
    ...(await demoDecisionsSql({ iterations: 1000, catalogue })),
    ...(await demoTargetsSql({ catalogue })),
  ];
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50).map((s) => env.DB.prepare(s)));
}, 60_000);

describe('quarter boundaries (Asia/Shanghai)', () => {
  it.each([
    ['2026-12-31T23:30:00+08:00', '2026-q4', ['2026-q3', '2026-q2']],
    ['2027-01-01T00:00:00+08:00', '2027-q1', ['2026-q4', '2026-q3']],
    ['2027-02-10T10:00:00+08:00', '2027-q1', ['2026-q4', '2026-q3']],
    ['2026-10-09T16:00:00+08:00', '2026-q4', ['2026-q3', '2026-q2']],
    ['2026-09-30T23:59:59+08:00', '2026-q3', ['2026-q2', '2026-q1']],
    ['2026-04-01T00:00:00+08:00', '2026-q2', ['2026-q1', '2025-q4']],
  ])('%s is in %s; the two last completed quarters are %j', (instant, current, completed) => {
    const at = parseClockStart(instant);
    expect(periodId(quarterOf(at))).toBe(current);
    expect(lastCompletedQuarters(at, 2).map(periodId)).toEqual(completed);
  });

  it('at 2026-12-31T23:30+08 Q4 cannot be approved yet and 2027-q1 cannot be opened; a minute after midnight both can', async () => {
    const staff = { accountId: (await env.DB.prepare("select id from staff_accounts where username = 'demo-leader'").first<{ id: number }>())!.id, role: 'leader' } as never;
    const before = parseClockStart('2026-12-31T23:30:00+08:00');
    const after = parseClockStart('2027-01-01T00:01:00+08:00');
    expect(await openRound(env, staff, { year: 2027, quarter: 1 }, before)).toMatchObject({ ok: false, status: 422 });
    await env.DB.prepare("insert into targets (year, department, title, measure, points, source, due, created_by, created_at, updated_at) values (2041, 'general-office', '边界测试目标', '边界测试指标', 10, '边界', '2041-12-31', ?1, 0, 0)").bind((staff as { accountId: number }).accountId).run();
    // A quarter far from the demo's, so the seed's rounds are untouched.
    const q4 = { year: 2041, quarter: 4 as const };
    expect(await openRound(env, staff, q4, parseClockStart('2041-12-31T23:30:00+08:00'))).toEqual({ ok: true });
    const round = (await env.DB.prepare('select id from target_rounds where year = 2041').first<{ id: number }>())!;
    await env.DB.prepare("insert into target_checks (round_id, target_id, status, note, checked_by, checked_at) select ?1, id, 'done', '完成', 1, 0 from targets where year = 2041").bind(round.id).run();
    expect(await approveRound(env, staff, q4, 1, parseClockStart('2041-12-31T23:30:00+08:00'))).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('季度还没有结束') });
    expect(await approveRound(env, staff, q4, 1, parseClockStart('2042-01-01T00:01:00+08:00'))).toEqual({ ok: true });
    expect(await openRound(env, staff, { year: 2042, quarter: 1 }, parseClockStart('2042-01-01T00:01:00+08:00'))).toEqual({ ok: true });
    expect(after).toBeGreaterThan(before);
  });
});

describe('the demo targets on the public site', () => {
  it('the seed covers every state: targets for every department, two published quarters (one corrected), a draft with part of its checks, one individual target', async () => {
    const year = quarterOf(now()).year;
    const { results: depts } = await env.DB.prepare('select distinct department as d from targets where year = ? and staff_id is null').bind(year).all<{ d: string }>();
    expect(depts.map((r) => r.d).sort()).toEqual(catalogue.departments.map((d) => d.id).sort());
    const { results: rounds } = await env.DB.prepare("select year || '-q' || quarter as p, state from target_rounds where year < 2040 order by year, quarter").all<{ p: string; state: string }>();
    expect(rounds).toEqual([...periods.published.map((p) => ({ p, state: 'published' })).reverse(), { p: periods.draft, state: 'draft' }]);
    const draft = await env.DB.prepare("select count(*) as n from target_checks c join target_rounds r on r.id = c.round_id where r.state = 'draft'").first<{ n: number }>();
    const total = await env.DB.prepare('select count(*) as n from targets where year = ?').bind(year).first<{ n: number }>();
    expect(draft!.n).toBeGreaterThan(0);
    expect(draft!.n).toBeLessThan(total!.n);
    const versions = await env.DB.prepare("select year || '-q' || quarter as p, max(version) as v from target_results group by year, quarter order by year, quarter").all<{ p: string; v: number }>();
    expect(versions.results).toEqual([
      { p: periods.published[1], v: 2 },
      { p: periods.published[0], v: 1 },
    ]);
    expect((await env.DB.prepare('select count(*) as n from targets where staff_id is not null and year = ?').bind(year).first<{ n: number }>())!.n).toBe(1);
  });

  it('/targets/ lists the published quarters, newest first; the correction shows with its note; v1 stays readable', async () => {
    const index = await read('/targets/');
    expect(index.status).toBe(200);
    const order = periods.published.map((p) => index.body.indexOf(`/targets/${p}/`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order[0]).toBeLessThan(order[1]);
    expect(index.body).not.toContain(`/targets/${periods.draft}/`);
    const corrected = await read(`/targets/${periods.published[1]}/`);
    expect(corrected.status).toBe(200);
    expect(corrected.body).toContain('本通报已更正');
    expect(corrected.body).toMatch(/更正：[^<]+由“进行中”改为“基本完成”/);
    for (const d of catalogue.departments) expect(corrected.body).toContain(`id="dept-${d.id}"`);
    const v1 = await read(`/targets/${periods.published[1]}/?version=1`);
    expect(v1.status).toBe(200);
    expect(v1.body).not.toContain('本通报已更正');
    expect((await read(`/targets/${periods.published[1]}/?version=3`)).status).toBe(404);
    expect((await read(`/targets/${periods.published[0]}/`)).body).not.toContain('本通报已更正');
  });

  it('an unpublished quarter (the draft, a future one, a malformed one) is a 404, page and JSON', async () => {
    for (const path of [`/targets/${periods.draft}/`, '/targets/2099-q1/', `/api/targets/${periods.draft}`, '/api/targets/2099-q1', '/api/targets/2026-q5', '/api/targets/2026-Q4']) {
      expect((await read(path)).status, path).toBe(404);
    }
    const problem = JSON.parse((await read(`/api/targets/${periods.draft}`)).body) as { title: string };
    expect(problem.title).toBe('该季度结果尚未通报');
    expect((await read(`/api/targets/${periods.published[0]}?version=x`)).status).toBe(400);
    expect((await read('/targets')).location).toBe('/targets/');
    expect((await read(`/targets/${periods.published[0]}`)).location).toBe(`/targets/${periods.published[0]}/`);
  });

  it('a department’s link goes to its latest published quarter; an unknown department is a 404', async () => {
    const r = await read('/targets/departments/real-estate/');
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/targets/${periods.published[0]}/#dept-real-estate`);
    expect((await read('/targets/departments/no-such-section/')).status).toBe(404);
    expect((await read('/targets/departments/real-estate')).status).toBe(301);
  });

  it('the JSON matches its schema, is in the OpenAPI document, and names departments only', async () => {
    const res = await read(`/api/targets/${periods.published[1]}`);
    expect(res.status).toBe(200);
    const body = targetResultResponse.parse(JSON.parse(res.body));
    expect(body).toMatchObject({ version: 2, latestVersion: 2 });
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    const list = JSON.parse((await read('/api/targets')).body) as { quarters: { period: string }[] };
    expect(list.quarters.map((q) => q.period)).toEqual(periods.published);
    const doc = JSON.parse((await read('/api/openapi.json')).body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/targets', '/api/targets/{period}']));
  });

  it('no individual target and no person in any public output', async () => {
    const people = catalogue.staff.flatMap((s) => [s.name, s.id]).filter((x) => x.length >= 2);
    const individual = await env.DB.prepare('select title, measure from targets where staff_id is not null').all<{ title: string; measure: string }>();
    const markers = [...people, ...individual.results.flatMap((t) => [t.title, t.measure]), 'demo-supervisor', 'demo-leader', '王建国'];
    const outputs = await Promise.all(
      ['/targets/', ...periods.published.flatMap((p) => [`/targets/${p}/`, `/targets/${p}/?version=1`, `/api/targets/${p}`, `/api/targets/${p}?version=1`]), '/api/targets'].map(read),
    );
    for (const o of outputs) {
      expect(o.status, o.path).toBe(200);
      // Department pages are linked by id (e.g. /departments/real-estate/): look at the text, not the hrefs.
      const text = o.body.replace(/href="[^"]*"|id="[^"]*"|"department":"[^"]*"/g, '');
      for (const m of markers) expect(text.includes(m), `${m} in ${o.path}`).toBe(false);
    }
    // The stored snapshots hold no individual target either.
    const rows = JSON.stringify((await env.DB.prepare('select data from target_results').all()).results);
    for (const t of individual.results) expect(rows).not.toContain(t.title);
  });
});
