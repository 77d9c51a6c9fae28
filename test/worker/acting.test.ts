// Who acts for a post (issue 13, 同岗替代): one rule, routing.ts actingFor — A if present; else the
// approved stand-in of the handover (B by default, or another person the head approved); else B;
// else the department head — never a person concerned by or recused from the case. The register
// is by day (Asia/Shanghai): an absence covers its first day from 00:00 to its last day's 24:00.
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow, setClock } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import type { Staff } from '../../worker/env.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { act } from '../../worker/services/cases.ts';
import { fileComplaint } from '../../worker/services/complaints.ts';
import { actingAt, actingFor, type Situation } from '../../worker/services/routing.ts';
import { board } from '../../worker/services/whereabouts.ts';
import { catalogue, validComplaint } from './helpers.ts';
import { createAccount } from './office-helpers.ts';

// Post transaction-filing: A han-bing, B luo-xiaoyun, head yang-fan (real-estate). Stand-in the
// head approved: xie-na. Default post of real-estate: developer-management (A xie-na, B han-bing).
const POST = 'transaction-filing';
const situation = (away: string[], standIn?: string): Situation => ({ away: new Set(away), standIns: new Map(standIn ? [[POST, standIn]] : []) });

describe('actingFor (pure)', () => {
  it('A present: A, even when a stand-in is named', () => {
    expect(actingFor(catalogue, POST, situation([], 'xie-na'))).toMatchObject({ assignee: 'han-bing', via: 'a' });
  });
  it('A away with B (the default stand-in): B', () => {
    expect(actingFor(catalogue, POST, situation(['han-bing'], 'luo-xiaoyun'))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
    expect(actingFor(catalogue, POST, situation(['han-bing']))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
  });
  it('A away with an approved other stand-in: the stand-in, not B', () => {
    expect(actingFor(catalogue, POST, situation(['han-bing'], 'xie-na'))).toMatchObject({ assignee: 'xie-na', via: 'stand-in', post: POST, department: 'real-estate' });
  });
  it('the approved stand-in away too: B; A and B away (no stand-in): the head', () => {
    expect(actingFor(catalogue, POST, situation(['han-bing', 'xie-na'], 'xie-na'))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
    expect(actingFor(catalogue, POST, situation(['han-bing', 'luo-xiaoyun']))).toMatchObject({ assignee: 'yang-fan', via: 'head' });
  });
  it('a party of the case is skipped: the next in order acts; undefined only when all are excluded', () => {
    expect(actingFor(catalogue, POST, situation([]), new Set(['han-bing']))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
    expect(actingFor(catalogue, POST, situation(['han-bing'], 'xie-na'), new Set(['xie-na']))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
    expect(actingFor(catalogue, POST, situation([]), new Set(['han-bing', 'luo-xiaoyun']))).toMatchObject({ assignee: 'yang-fan', via: 'head' });
    expect(actingFor(catalogue, POST, situation([]), new Set(['han-bing', 'luo-xiaoyun', 'yang-fan']))).toBeUndefined();
  });
});

describe('actingAt: from the absence register and approved handovers', () => {
  let from: string;
  let to: string;
  const at = (date: string, time: string) => Date.parse(`${date}T${time}+08:00`);
  beforeAll(async () => {
    from = addCalendarDays(shanghaiDate(clockNow()), 40);
    to = addCalendarDays(from, 2);
    await env.DB.batch([
      env.DB.prepare("insert into handovers (post, holder, stand_in, from_date, to_date, kind, status) values (?, 'han-bing', 'xie-na', ?, ?, 'leave', 'acting')").bind(POST, from, to),
      env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values ('han-bing', ?, ?, 'leave', 'han-bing', 0)").bind(from, to),
    ]);
  });

  it('boundaries: A until the last instant before the start, the stand-in from 00:00 of the first day to the end of the last, A again after', async () => {
    expect(await actingAt(env, POST, at(addCalendarDays(from, -1), '23:59:59.999'))).toMatchObject({ assignee: 'han-bing', via: 'a' });
    expect(await actingAt(env, POST, at(from, '00:00:00.000'))).toMatchObject({ assignee: 'xie-na', via: 'stand-in' });
    expect(await actingAt(env, POST, at(to, '23:59:59.999'))).toMatchObject({ assignee: 'xie-na', via: 'stand-in' });
    expect(await actingAt(env, POST, at(addCalendarDays(to, 1), '00:00:00.000'))).toMatchObject({ assignee: 'han-bing', via: 'a' });
  });

  it('a stand-in still awaiting the head’s approval does not act: B does', async () => {
    const day = addCalendarDays(from, 10);
    await env.DB.batch([
      env.DB.prepare("insert into handovers (post, holder, stand_in, from_date, to_date, kind, status) values (?, 'han-bing', 'xie-na', ?, ?, 'leave', 'awaiting-approval')").bind(POST, day, day),
      env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values ('han-bing', ?, ?, 'leave', 'han-bing', 0)").bind(day, day),
    ]);
    expect(await actingAt(env, POST, at(day, '10:00:00'))).toMatchObject({ assignee: 'luo-xiaoyun', via: 'b' });
  });

  it('both A and the stand-in and B away: the head; the board says the same', async () => {
    const day = addCalendarDays(from, 1);
    await env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values ('xie-na', ?1, ?1, 'meeting', 'xie-na', 0), ('luo-xiaoyun', ?1, ?1, 'training', 'luo-xiaoyun', 0)").bind(day).run();
    expect(await actingAt(env, POST, at(day, '09:00:00'))).toMatchObject({ assignee: 'yang-fan', via: 'head' });
    const b = await board(env, 'real-estate', at(day, '09:00:00'));
    expect(b.departments[0].posts.find((p) => p.id === POST)!.acting).toMatchObject({ id: 'yang-fan', role: 'head' });
    const first = await board(env, 'real-estate', at(from, '09:00:00'));
    expect(first.departments[0].posts.find((p) => p.id === POST)!.acting).toMatchObject({ id: 'xie-na', role: 'stand-in' });
  });
});

describe('complaint transfer without a named handler goes to the acting person, never a party', () => {
  const supervisor: Staff = { accountId: 0, username: 'act-super', name: '测试', role: 'supervisor', department: 'efficiency-office', staffId: 'zhao-li' };
  const intake: Staff = { accountId: 0, username: 'act-intake', name: '测试', role: 'intake', department: 'efficiency-office', staffId: 'li-min' };
  const DAY = Date.parse('2026-12-02T10:00:00+08:00');
  beforeAll(async () => {
    setClock(DAY);
    intake.accountId = await createAccount(intake.username, 'intake', 'efficiency-office', 'li-min');
    supervisor.accountId = await createAccount(supervisor.username, 'supervisor', 'efficiency-office', 'zhao-li');
  });
  afterAll(() => setClock(env.CLOCK_START));

  async function transferred(parties: string[]): Promise<string | null> {
    const input = schemas.complaintInput.parse(validComplaint({ occurredOn: '2026-11-30' }));
    const out = await fileComplaint(env, input, undefined, DAY);
    if (out.kind !== 'created') throw new Error('not created');
    const { id } = (await env.DB.prepare('select id from complaints where reference = ?').bind(out.created.reference).first<{ id: number }>())!;
    for (const p of parties) await env.DB.prepare("insert into case_parties (complaint_id, person, kind, actor, at) values (?, ?, 'concerned', 'test', ?)").bind(id, p, DAY).run();
    expect(await act(env, intake, id, 'accept', { version: 1 }, DAY)).toMatchObject({ kind: 'done' });
    expect(await act(env, supervisor, id, 'transfer', { version: 2, department: 'real-estate', note: '转交房地产市场监管科办理' }, DAY + 1000)).toMatchObject({ kind: 'done' });
    return (await env.DB.prepare('select assignee from case_files where complaint_id = ?').bind(id).first<{ assignee: string | null }>())!.assignee;
  }

  it('A of the default post when present', async () => {
    expect(await transferred([])).toBe('xie-na');
  });
  it('A concerned by the case: skipped, B handles', async () => {
    expect(await transferred(['xie-na'])).toBe('han-bing');
  });
});
