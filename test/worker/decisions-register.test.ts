/**
 * The award-eligibility register and the finance list of bonus deductions (issue 14): they follow
 * each decision's final state (an annulled one drops out, a changed one counts as its new kind),
 * count by year of service, and stay inside the console.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../schema/clock.ts';
import { parseCsv } from '../../schema/bulletin/csv.ts';
import { get, moveClockKeepingSessions, post, type Session, staffSessions } from './office-helpers.ts';

let sup: Session, leader: Session, person: Session, intake: Session;

beforeAll(async () => {
  ({ sup, leader, person, intake } = await staffSessions({
    sup: ['g-super', 'supervisor', 'efficiency-office', 'zhao-li'],
    leader: ['g-leader', 'leader'],
    person: ['g-person', 'intake', 'approval-section', 'chen-hong'],
    intake: ['g-intake', 'intake', 'real-estate', 'li-min'],
  }));
});
// Back to the run's clock (test/dates.ts sets CLOCK_START), not to real time.
afterEach(() => setClock(env.CLOCK_START));

/** Moves the one clock, keeping the test's console sessions signed in. */
const at = moveClockKeepingSessions;

async function version(id: number): Promise<string> {
  return String(await env.DB.prepare('select version from decisions where id = ?').bind(id).first<number>('version'));
}

async function served(kind: string, staffId: string, on: string, facts = '事实'): Promise<number> {
  await at(`${on}T09:00:00+08:00`);
  const res = await post('/office/decisions/new', sup, { kind, staffId, facts, basis: '《效能告诫制度》' });
  const id = Number(res.headers.get('location')!.match(/decisions\/(\d+)/)![1]);
  await post(`/office/decisions/${id}/approve`, leader, { version: await version(id) });
  const action = kind === 'oral-admonition' ? { a: 'give-oral', f: { givenOn: on, givenBy: '赵丽' } } : { a: 'serve', f: { servedOn: on, unitHeadTold: 'yes', studyPlan: '学习' } };
  expect((await post(`/office/decisions/${id}/${action.a}`, sup, { version: await version(id), ...action.f })).status).toBe(303);
  return id;
}

describe('award eligibility and bonus deductions', () => {
  it('lists who lost award eligibility (2 admonitions a year, or a decision carrying it) and the bonus deductions, following appeals', async () => {
    await served('oral-admonition', 'chen-hong', '2026-03-02');
    const second = await served('written-admonition', 'chen-hong', '2026-06-01');
    await served('oral-admonition', 'li-min', '2026-05-05');
    await served('oral-admonition', 'li-min', '2025-12-30');
    await served('award-ineligible', 'he-fang', '2026-04-01');
    const standby = await served('standby', 'tang-hua', '2026-06-10');
    await served('bonus-deduction', 'xu-hui', '2026-06-12');
    await at('2026-06-20T09:00:00+08:00');
    let page = await (await get('/office/decisions/register?year=2026', sup)).text();
    expect(page).toContain('data-staff="chen-hong"');
    expect(page).toContain('2026 年内受到行政告诫 2 次');
    expect(page).toContain('data-staff="he-fang"');
    // One admonition in 2026 and one in 2025: not two in one year.
    expect(page).not.toContain('data-staff="li-min"');
    const csv = await get('/office/decisions/bonus.csv?year=2026', sup);
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    expect(rows[0][0]).toBe('处理决定编号');
    expect(rows.slice(1).map((r) => [r[1], r[4], r[5], r[6], r[7]])).toEqual([
      ['tang-hua', '待岗', '2026-06-10', '2026-06-24', '是'],
      ['xu-hui', '扣发奖金', '2026-06-12', '2026-06-12', '否'],
    ]);
    // The appeal annuls the written admonition: chen-hong keeps eligibility; the figures follow.
    await post(`/office/decisions/${second}/appeal`, person, { version: await version(second), appealText: '请求复查' });
    expect((await post(`/office/decisions/${second}/decide-appeal`, leader, { version: await version(second), appealOutcome: 'annulled', appealNote: '撤销' })).status).toBe(303);
    page = await (await get('/office/decisions/register?year=2026', sup)).text();
    expect(page).not.toContain('data-staff="chen-hong"');
    // The 待岗 ends with its review: the bonus is no longer stopped, the period stays listed.
    await at('2026-06-25T09:00:00+08:00');
    const review = { citizenReps: '两名', staffReps: '三名', reviewResult: '合格', assessment: '合格', outcome: 'back-to-post' };
    expect((await post(`/office/decisions/${standby}/record-review`, sup, { version: await version(standby), ...review })).status).toBe(303);
    const after = parseCsv((await (await get('/office/decisions/bonus.csv?year=2026', sup)).text()).replace(/^\uFEFF/, ''));
    expect(after[1][7]).toBe('否');
  });

  it('keeps the register and the export to supervisor, leading group and admin, and refuses a bad year', async () => {
    await at('2026-12-01T09:00:00+08:00');
    expect((await get('/office/decisions/register', intake)).status).toBe(403);
    expect((await get('/office/decisions/bonus.csv', person)).status).toBe(403);
    expect((await get('/office/decisions/register', leader)).status).toBe(200);
    for (const year of ['26', 'abcd', '1999', '2026x']) expect((await get(`/office/decisions/register?year=${year}`, sup)).status, year).toBe(400);
  });
});
