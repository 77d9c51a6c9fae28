// The whereabouts board (去向牌, issue 13): live from the absence register, who acts for a post while
// its A holder is away (B, or the head when both are away), the public word only, the kiosk view,
// and recording one's own whereabouts in the console.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { board, markBack } from '../../worker/services/whereabouts.ts';
import { BASE } from './helpers.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';

const day = (d: string) => Date.parse(`${d}T10:00:00+08:00`);
async function away(staff: string, from: string, to: string, kind = 'leave') {
  await env.DB.prepare('insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (?, ?, ?, ?, ?, ?)').bind(staff, from, to, kind, staff, clockNow()).run();
}
async function post_(d: string, at: number) {
  const b = await board(env, 'real-estate', at);
  return { post: b.departments[0].posts.find((p) => p.id === 'developer-management')!, staff: b.departments[0].staff };
}

describe('who acts for a post (AB岗位制 / 同岗替代)', () => {
  it('A in: A acts; A away: B acts with the post phone; both away: the head with the department phone; after: A again', async () => {
    await away('xie-na', '2026-12-07', '2026-12-09');
    await away('han-bing', '2026-12-09', '2026-12-09', 'business-trip');
    expect((await post_('x', day('2026-12-04'))).post.acting).toMatchObject({ id: 'xie-na', role: 'a' });
    const during = await post_('x', day('2026-12-08'));
    expect(during.post.acting).toMatchObject({ id: 'han-bing', role: 'b', phone: '0519-85600041' });
    expect(during.staff.find((s) => s.id === 'xie-na')).toMatchObject({ status: '请假', until: '2026-12-09' });
    const both = await post_('x', day('2026-12-09'));
    expect(both.post.acting).toMatchObject({ id: 'yang-fan', role: 'head' });
    expect(both.staff.find((s) => s.id === 'han-bing')!.status).toBe('出差');
    const after = await post_('x', day('2026-12-10'));
    expect(after.post.acting).toMatchObject({ id: 'xie-na', role: 'a' });
    expect(after.staff.find((s) => s.id === 'xie-na')!.status).toBe('在岗');
  });

  it('"back now" ends an absence today: one begun today is withdrawn, a longer one ends yesterday', async () => {
    await away('qin-hao', '2026-12-14', '2026-12-18');
    expect(await markBack(env, 'qin-hao', day('2026-12-16'))).toBe(1);
    const row = await env.DB.prepare("select to_date, withdrawn_at from absences where staff_id = 'qin-hao'").first<{ to_date: string; withdrawn_at: number | null }>();
    expect(row).toEqual({ to_date: '2026-12-15', withdrawn_at: null });
    await away('yuan-xin', '2026-12-16', '2026-12-16', 'meeting');
    expect(await markBack(env, 'yuan-xin', day('2026-12-16'))).toBe(1);
    const b = await board(env, 'urban-construction', day('2026-12-16'));
    expect(b.departments[0].staff.filter((s) => ['qin-hao', 'yuan-xin'].includes(s.id)).map((s) => s.status)).toEqual(['在岗', '在岗']);
  });
});

describe('the public board', () => {
  it('shows sick leave as 请假 and never the word 病假; lists the stand-in; works without a session', async () => {
    const today = shanghaiDate(clockNow());
    await away('ye-qing', today, today, 'sick-leave');
    const res = await exports.default.fetch(`${BASE}/whereabouts/housing-security/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('请假');
    expect(html).not.toContain('病假');
    expect(html).toMatch(/由 [^（]+（B 岗代岗）办理/);
    const all = await (await exports.default.fetch(`${BASE}/whereabouts/`)).text();
    expect(all).not.toContain('病假');
    expect(all).toContain('/whereabouts/housing-security/');
  });

  it('the kiosk view refreshes itself with a meta refresh and no script; an unknown department is 404', async () => {
    const html = await (await exports.default.fetch(`${BASE}/whereabouts/real-estate/kiosk/`)).text();
    expect(html).toMatch(/<meta http-equiv="refresh" content="60"/);
    expect(html).not.toContain('<script');
    expect((await exports.default.fetch(`${BASE}/whereabouts/kiosk/`)).status).toBe(200);
    expect((await exports.default.fetch(`${BASE}/whereabouts/no-such-section/`)).status).toBe(404);
  });

  it('each department page of the portal links to its live board', async () => {
    const html = await (await env.ASSETS.fetch(`${BASE}/departments/real-estate/`)).text();
    expect(html).toContain('href="/whereabouts/real-estate/"');
  });
});

describe('recording whereabouts in the console', () => {
  let self: Session;
  let boss: Session;
  beforeAll(async () => {
    await createAccount('w-self', 'handler', 'approval-section', 'sun-yue');
    await createAccount('w-boss', 'supervisor', 'efficiency-office', 'zhao-li');
    [self, boss] = await Promise.all([as('w-self'), as('w-boss')]);
  });

  it('a staff member records their own whereabouts, the board shows it at once, and "back" clears it', async () => {
    const today = shanghaiDate(clockNow());
    const res = await post('/office/whereabouts/', self, { staffId: 'sun-yue', kind: 'out-on-business', fromDate: today, toDate: today });
    expect(res.status).toBe(200);
    expect(await (await exports.default.fetch(`${BASE}/whereabouts/approval-section/`)).text()).toMatch(/孙[^<]*<\/th>\s*<td>[^<]*<\/td>\s*<td>外出办事/);
    expect((await post('/office/whereabouts/back', self, { staffId: 'sun-yue' })).status).toBe(200);
    const b = await board(env, 'approval-section');
    expect(b.departments[0].staff.find((s) => s.id === 'sun-yue')!.status).toBe('在岗');
  });

  it("refuses recording someone else's whereabouts unless supervisor, and bad dates, with 422", async () => {
    const today = shanghaiDate(clockNow());
    const other = await post('/office/whereabouts/', self, { staffId: 'gao-yan', kind: 'meeting', fromDate: today, toDate: today });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('只能登记本人的去向');
    expect((await post('/office/whereabouts/', boss, { staffId: 'gao-yan', kind: 'meeting', fromDate: today, toDate: today })).status).toBe(200);
    for (const bad of [{ kind: 'holiday' }, { fromDate: '2026-13-01' }, { toDate: '2000-01-01' }]) {
      const res = await post('/office/whereabouts/', self, { staffId: 'sun-yue', kind: 'meeting', fromDate: today, toDate: today, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
    expect((await post('/office/whereabouts/back', self, { staffId: 'gao-yan' })).status).toBe(403);
    expect((await get('/office/whereabouts/', self)).status).toBe(200);
  });
});
