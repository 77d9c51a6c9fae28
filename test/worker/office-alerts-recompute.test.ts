// Issue 10: accountability alerts recomputed from the case facts, withdrawn with a reason, never flooding.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../../worker/env.ts';
import { act } from '../../worker/services/cases.ts';
import { as, createAccount, get, type Session } from './office-helpers.ts';

const boss: Staff = { accountId: 1, username: 'ar-super', name: '赵丽', role: 'supervisor', department: 'efficiency-office', staffId: 'zhao-li' };
let page: Session;
let n = 0;

beforeAll(async () => {
  await createAccount('ar-super', 'supervisor', 'efficiency-office', 'zhao-li');
  page = await as('ar-super');
}, 60_000);

/** A case in handling, ready for the supervisor's conclusion. */
async function handlingCase(): Promise<number> {
  n++;
  const row = await env.DB.prepare(
    `insert into complaints (reference, access_hash, department, category, occurred_on, anonymous, personal, received_at, acknowledge_by, due_by, stage)
     values (?, 'x', 'real-estate', 'overdue', '2026-01-01', 1, 'v1.x.y', 0, '2099-01-08', '2099-02-20', 'handling') returning id`,
  )
    .bind(`XN-2611-RC${String(n).padStart(4, '0')}`)
    .first<{ id: number }>();
  return row!.id;
}

async function version(id: number) {
  return (await env.DB.prepare('select version from complaints where id = ?').bind(id).first<{ version: number }>())!.version;
}

async function conclude(id: number, finding: string, sanctions: string[] = []) {
  const out = await act(env, boss, id, 'conclude', { version: await version(id), finding, sanctions, staffConcerned: 'xie-na', reply: '经调查核实，情况属实，已责令改正并向您致歉。' });
  expect(out.kind).toBe('done');
}

async function alert(rule: string) {
  return env.DB.prepare('select id, count, withdrawn_at, withdrawal_reason from accountability_alerts where rule = ? and subject = ?')
    .bind(rule, 'xie-na')
    .first<{ id: number; count: number; withdrawn_at: number | null; withdrawal_reason: string | null }>();
}

describe('alerts follow the case facts', { timeout: 30_000 }, () => {
  let ids: number[] = [];
  it('a third substantiated conclusion in a month raises 被诉待岗, with a "raised" entry in its history', async () => {
    ids = [await handlingCase(), await handlingCase(), await handlingCase()];
    await conclude(ids[0], 'substantiated');
    await conclude(ids[1], 'substantiated');
    expect(await alert('staff-suspension')).toBeNull();
    await conclude(ids[2], 'substantiated');
    const a = await alert('staff-suspension');
    expect(a!.count).toBe(3);
    const h = await env.DB.prepare('select type, count from alert_events where alert_id = ?').bind(a!.id).all();
    expect(h.results).toEqual([{ type: 'raised', count: 3 }]);
  });

  it('a finding changed on review (复核) withdraws the 被诉待岗 alert with the reason in its history; it is not deleted', async () => {
    await env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'citizen', 'review-requested', 1, '{}')")
      .bind(ids[2], clockNow())
      .run();
    const out = await act(env, boss, ids[2], 'review', {
      version: await version(ids[2]),
      outcome: 'changed',
      finding: 'unsubstantiated',
      reply: '经复核，原结论认定事实有误，改为不属实，特此更正。',
    });
    expect(out.kind).toBe('done');
    const a = await alert('staff-suspension');
    expect(a).not.toBeNull();
    expect(a!.withdrawn_at).not.toBeNull();
    expect(a!.count).toBe(2);
    expect(a!.withdrawal_reason).toContain('复核后改变结论');
    expect(a!.withdrawal_reason).toContain('低于规定的 3 次');
    const h = await env.DB.prepare('select type from alert_events where alert_id = ? order by id').bind(a!.id).all<{ type: string }>();
    expect(h.results.map((r) => r.type)).toEqual(['raised', 'withdrawn']);
    const dashboard = await (await get('/office/alerts/', page)).text();
    expect(dashboard).toContain('已撤销：被诉待岗');
    expect(dashboard).toContain('低于规定的 3 次');
    const api = (await (await get('/api/office/alerts', page)).json()) as { alerts: { rule: string; withdrawn: boolean }[] };
    expect(api.alerts.find((x) => x.rule === 'staff-suspension')!.withdrawn).toBe(true);
  });

  it('a new substantiated conclusion reinstates it, recorded as such', async () => {
    const id = await handlingCase();
    await conclude(id, 'substantiated');
    const a = await alert('staff-suspension');
    expect(a!.withdrawn_at).toBeNull();
    expect(a!.count).toBe(3);
    const h = await env.DB.prepare('select type from alert_events where alert_id = ? order by id').bind(a!.id).all<{ type: string }>();
    expect(h.results.map((r) => r.type)).toEqual(['raised', 'withdrawn', 'reinstated']);
  });

  it('a conclusion only touches the periods its case belongs to: older facts are not evaluated again (no flood)', async () => {
    // Three substantiated outcomes of an earlier year, imported without their alert.
    for (let i = 0; i < 3; i++) {
      const id = await handlingCase();
      await env.DB.prepare(
        "insert into case_files (complaint_id, finding, sanctions, staff_concerned, unit, concluded_on) values (?, 'substantiated', '[]', 'yang-fan', 'real-estate', '2024-05-10')",
      )
        .bind(id)
        .run();
    }
    await conclude(await handlingCase(), 'unsubstantiated');
    const old = await env.DB.prepare("select count(*) as n from accountability_alerts where period like '2024%'").first<{ n: number }>();
    expect(old!.n).toBe(0);
    const thisYear = shanghaiDate().slice(0, 4);
    const now = await env.DB.prepare('select count(*) as n from accountability_alerts where period like ?').bind(`${thisYear}%`).first<{ n: number }>();
    expect(now!.n).toBeGreaterThan(0);
  });
});
