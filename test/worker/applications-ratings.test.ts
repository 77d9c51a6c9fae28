// 好差评 per application (一事一评): once, after the conclusion; a 差评 gets a follow-up date 15
// working days on and the unit records its 回访 once.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { addCalendarDays, deadline, shanghaiDate } from '../../schema/workdays.ts';
import { calendar } from '../../worker/lib/catalogue.ts';
import { recordEvents } from '../../worker/services/applications.ts';
import { db } from './applications-helpers.ts';
import { BASE, ip } from './helpers.ts';
import { as, createAccount, get, post } from './office-helpers.ts';

const today = shanghaiDate(now());
const at = (daysAgo: number, time = '09:00:00') => `${addCalendarDays(today, -daysAgo)}T${time}+08:00`;
const codes: Record<string, string> = {};

async function application(number: string, concluded: boolean) {
  const out = await recordEvents(env, db(), 'console:test', null, [
    { id: `${number}-received`, application: number, type: 'received', occurredAt: at(3), data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: '孙评价' } } },
    { id: `${number}-accepted`, application: number, type: 'accepted', occurredAt: at(3, '10:00:00'), data: {} },
    ...(concluded ? [{ id: `${number}-concluded`, application: number, type: 'concluded', occurredAt: at(1), data: { outcome: 'approved' } }] : []),
  ]);
  codes[number] = (out[0] as { queryCode: string }).queryCode;
}

const rate = (number: string, fields: Record<string, string>) =>
  exports.default.fetch(`${BASE}/applications/rate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip() },
    body: new URLSearchParams({ reference: number, accessCode: codes[number], ...fields }),
  });

beforeAll(async () => {
  await application('CK-RATE-000001', true);
  await application('CK-RATE-000002', false);
  await application('CK-RATE-000003', true);
});

describe('好差评', () => {
  it('rates a concluded application once; not before the conclusion; 422 without a level', async () => {
    expect((await rate('CK-RATE-000001', {})).status).toBe(422);
    expect((await rate('CK-RATE-000002', { level: 'satisfied' })).status).toBe(409);
    const ok = await rate('CK-RATE-000001', { level: 'satisfied', comment: '窗口很耐心' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('谢谢您的评价');
    expect((await rate('CK-RATE-000001', { level: 'very-dissatisfied' })).status).toBe(409);
    const row = await env.DB.prepare('select level, comment, follow_up_by from application_ratings').first<{ level: string; comment: string; follow_up_by: string | null }>();
    expect(row!.level).toBe('satisfied');
    expect(row!.comment).not.toContain('窗口很耐心');
    expect(row!.follow_up_by).toBeNull();
  });

  it('a 差评 is due for follow-up in 15 working days; the unit records its 回访 once (422 when empty)', async () => {
    expect((await rate('CK-RATE-000003', { level: 'dissatisfied' })).status).toBe(200);
    const row = await env.DB.prepare("select r.follow_up_by from application_ratings r join applications a on a.id = r.application_id where a.number = 'CK-RATE-000003'").first<{ follow_up_by: string }>();
    expect(row!.follow_up_by).toBe(deadline(calendar, today, 15).date);
    await createAccount('rate-handler', 'handler', 'real-estate');
    const s = await as('rate-handler');
    expect(await (await get('/office/applications/CK-RATE-000003', s)).text()).toContain('记录回访');
    expect((await post('/office/applications/CK-RATE-000003/follow-up', s, { followUp: '' })).status).toBe(422);
    expect((await post('/office/applications/CK-RATE-000003/follow-up', s, { followUp: '已电话回访，补发告知单并整改窗口流程' })).status).toBe(303);
    expect((await post('/office/applications/CK-RATE-000003/follow-up', s, { followUp: '再改一次' })).status).toBe(404);
    await expect(env.DB.prepare("update application_ratings set follow_up = 'x'").run()).rejects.toThrow(/written once/);
  });
});

describe('monthly performance (绩效评估)', () => {
  it('counts received, concluded and ratings per department; hides rates below the small-cell threshold', async () => {
    const { monthlyPerformance } = await import('../../worker/services/application-performance.ts');
    const rows = await monthlyPerformance(db(), today.slice(0, 7), 'department');
    const realEstate = rows.find((r) => r.key === 'real-estate')!;
    const received = (await env.DB.prepare("select count(*) as n from applications where department = 'real-estate' and received_on >= ?").bind(`${today.slice(0, 7)}-01`).first<{ n: number }>())!.n;
    expect(realEstate.received).toBe(received);
    expect(realEstate.ratings.dissatisfied + realEstate.ratings.satisfied).toBe(2);
    // Two concluded applications: below 5, so no rate and no average are shown.
    expect(realEstate.onTimeRate).toBeNull();
    expect(realEstate.averageDays).toBeNull();
    const s = await as('rate-super').catch(async () => {
      await createAccount('rate-super', 'supervisor', 'efficiency-office');
      return as('rate-super');
    });
    const page = await (await get(`/office/applications/performance?month=${today.slice(0, 7)}`, s)).text();
    expect(page).toContain('办件绩效评估');
    expect(page).toContain('—');
  });
});
