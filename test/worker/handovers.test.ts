// Stand-in handover (同岗替代, issue 13): the stand-in is named before the absence starts (B by
// default; another person only with the head's approval and confirmation of familiarity), the
// stand-in acknowledges and hands back, every step in the post's append-only history, and the board
// names the acting person during the absence.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { board } from '../../worker/services/whereabouts.ts';
import { get, post, type Session, staffSessions } from './office-helpers.ts';

// Real-estate: post developer-management, A xie-na, B han-bing, head yang-fan.
let a: Session;
let b: Session;
let head: Session;
let other: Session; // lu-yang? any staff of another post, as an alternative stand-in
const today = () => shanghaiDate(clockNow());

beforeAll(async () => {
  ({ a, b, head, other } = await staffSessions({
    a: ['h-a', 'handler', 'real-estate', 'xie-na'],
    b: ['h-b', 'handler', 'real-estate', 'han-bing'],
    head: ['h-head', 'handler', 'real-estate', 'yang-fan'],
    other: ['h-other', 'handler', 'general-office', 'wu-tao'],
  }));
});

async function plan(s: Session, fields: Record<string, string>) {
  const res = await post('/office/handovers/', s, { post: 'developer-management', kind: 'leave', fromDate: today(), toDate: today(), note: '在办预约两件，询问一件待答复', ...fields });
  const id = Number(res.headers.get('Location')?.match(/\/office\/handovers\/(\d+)$/)?.[1] ?? 0);
  return { res, id };
}
async function history(id: number) {
  const { results } = await env.DB.prepare('select type, actor from post_events where handover_id = ? order by id').bind(id).all<{ type: string; actor: string }>();
  return results.map((r) => `${r.type}:${r.actor}`);
}

describe('handover with the B holder (default)', () => {
  it('records the note, B acknowledges, the board names B while A is away, B hands back and A is in again', async () => {
    const { res, id } = await plan(a, {});
    expect(res.status).toBe(303);
    expect((await env.DB.prepare('select stand_in, status from handovers where id = ?').bind(id).first())).toEqual({ stand_in: 'han-bing', status: 'awaiting-ack' });
    const during = await board(env, 'real-estate');
    expect(during.departments[0].posts.find((p) => p.id === 'developer-management')!.acting).toMatchObject({ id: 'han-bing', role: 'b' });
    expect((await post(`/office/handovers/${id}/acknowledge`, a, { version: '1' })).status).toBe(403);
    expect((await post(`/office/handovers/${id}/acknowledge`, b, { version: '1' })).status).toBe(200);
    const short = await post(`/office/handovers/${id}/hand-back`, b, { version: '2', note: '短' });
    expect(short.status).toBe(422);
    expect((await post(`/office/handovers/${id}/hand-back`, b, { version: '2', note: '两件预约已办结，询问已答复' })).status).toBe(200);
    expect(await history(id)).toEqual(['planned:xie-na', 'acknowledged:han-bing', 'handed-back:han-bing']);
    const after = await board(env, 'real-estate');
    expect(after.departments[0].posts.find((p) => p.id === 'developer-management')!.acting).toMatchObject({ id: 'xie-na', role: 'a' });
    await expect(env.DB.prepare("update post_events set type = 'x'").run()).rejects.toThrow(/append-only/);
  });
});

describe('handover rules', () => {
  it('another stand-in needs the head: awaiting approval, B acts meanwhile; the head must confirm familiarity; then the stand-in acts', async () => {
    const from = addCalendarDays(today(), 3);
    const { id } = await plan(a, { standIn: 'wu-tao', fromDate: from, toDate: from });
    expect((await env.DB.prepare('select status from handovers where id = ?').bind(id).first<{ status: string }>())!.status).toBe('awaiting-approval');
    expect((await post(`/office/handovers/${id}/acknowledge`, other, { version: '1' })).status).toBe(409);
    expect((await post(`/office/handovers/${id}/approve`, b, { version: '1', familiar: 'yes' })).status).toBe(403);
    const unconfirmed = await post(`/office/handovers/${id}/approve`, head, { version: '1' });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('熟悉该岗位');
    expect((await post(`/office/handovers/${id}/approve`, head, { version: '1', familiar: 'yes' })).status).toBe(200);
    const at = Date.parse(`${from}T10:00:00+08:00`);
    expect((await board(env, 'real-estate', at)).departments[0].posts.find((p) => p.id === 'developer-management')!.acting).toMatchObject({ id: 'wu-tao', role: 'stand-in' });
    expect((await post(`/office/handovers/${id}/acknowledge`, other, { version: '2' })).status).toBe(200);
    expect(await history(id)).toEqual(['planned:xie-na', 'approved:yang-fan', 'acknowledged:wu-tao']);
  });

  it('refuses a start in the past, someone not holding the post, the holder as own stand-in, and a stand-in who is away (422, nothing written)', async () => {
    const before = await env.DB.prepare('select count(*) as n from handovers').first<{ n: number }>();
    expect((await plan(a, { fromDate: addCalendarDays(today(), -1) })).res.status).toBe(422);
    expect((await plan(b, {})).res.status).toBe(422);
    expect((await plan(a, { standIn: 'xie-na' })).res.status).toBe(422);
    const day = addCalendarDays(today(), 10);
    await env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values ('han-bing', ?, ?, 'training', 'han-bing', 0)").bind(day, day).run();
    const busy = await plan(a, { fromDate: day, toDate: day });
    expect(busy.res.status).toBe(422);
    expect(await busy.res.text()).toContain('代岗人在这段时间也登记了不在岗');
    expect((await plan(a, { note: '' })).res.status).toBe(422);
    const after = await env.DB.prepare('select count(*) as n from handovers').first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
    expect((await get('/office/handovers/', a)).status).toBe(200);
  });
});
