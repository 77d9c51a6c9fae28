/**
 * Accountability decisions (issue 14): every state of the written admonition, the oral admonition
 * and the 待岗, their deadlines at the boundary (7 calendar days for the self-examination, 15 days of
 * 待岗), who may do what, bad input, and two officers acting at once. The clock is set per test.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../schema/clock.ts';
import { sweep } from '../../worker/sweep.ts';
import { get, moveClockKeepingSessions, post, type Session, staffSessions } from './office-helpers.ts';

let sup: Session, leader: Session, admin: Session, person: Session, other: Session, handler: Session;

beforeAll(async () => {
  ({ sup, leader, admin, person, other, handler } = await staffSessions({
    sup: ['d-super', 'supervisor', 'efficiency-office', 'zhao-li'],
    leader: ['d-leader', 'leader', null, 'wang-jianguo'],
    admin: ['d-admin', 'admin'],
    person: ['d-person', 'intake', 'approval-section', 'chen-hong'],
    other: ['d-other', 'intake', 'real-estate', 'li-min'],
    handler: ['d-handler', 'handler', 'approval-section', 'he-fang'],
  }));
});

// Back to the run's clock (test/dates.ts sets CLOCK_START), not to real time.
afterEach(() => setClock(env.CLOCK_START));

/** Moves the one clock, keeping the test's console sessions signed in. */
const at = moveClockKeepingSessions;

async function row(id: number) {
  return (await env.DB.prepare('select * from decisions where id = ?').bind(id).first<Record<string, unknown>>())!;
}

async function events(id: number): Promise<string[]> {
  const { results } = await env.DB.prepare('select type from decision_events where decision_id = ? order by seq').bind(id).all<{ type: string }>();
  return results.map((r) => r.type);
}

async function proposeOne(kind: string, staffId = 'chen-hong', extra: Record<string, string> = {}): Promise<number> {
  const res = await post('/office/decisions/new', sup, { kind, staffId, facts: `窗口受理时未一次性告知所需材料（${kind}）`, basis: '《效能告诫制度》第二条', ...extra });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(res.headers.get('location')!.match(/decisions\/(\d+)/)![1]);
}

async function step(s: Session, id: number, action: string, fields: Record<string, string> = {}): Promise<Response> {
  const version = (await row(id)).version as number;
  return post(`/office/decisions/${id}/${action}`, s, { version: String(version), ...fields });
}

describe('written admonition (书面告诫)', () => {
  it('goes proposal → approval (numbered notice) → service → self-examination → countersigned, and the notice prints its facts and duty', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const c = await env.DB.prepare(
      `insert into complaints (reference, access_hash, department, category, occurred_on, anonymous, personal, received_at, acknowledge_by, due_by)
       values ('XN-2611-DECID1', 'x', 'approval-section', 'not-told-at-once', '2026-11-01', 1, 'v1.x.y', 0, '2026-11-30', '2026-11-30') returning id`,
    ).first<{ id: number }>();
    const id = await proposeOne('written-admonition', 'chen-hong', { caseReferences: 'XN-2611-DECID1' });
    expect(await (await get(`/office/decisions/${id}`, sup)).text()).toContain(`<a href="/office/cases/${c!.id}">XN-2611-DECID1</a>`);
    expect((await row(id)).state).toBe('proposed');
    expect((await step(leader, id, 'approve', { note: '同意书面告诫' })).status).toBe(303);
    const approved = await row(id);
    expect(approved.state).toBe('approved');
    expect(approved.notice_year).toBe(2026);
    expect(Number(approved.notice_seq)).toBeGreaterThanOrEqual(1);
    const notice = await get(`/office/decisions/${id}/notice`, sup);
    expect(notice.status).toBe(200);
    const text = await notice.text();
    for (const part of ['告诫通知书', `效告〔2026〕${approved.notice_seq}号`, '示范市住房和城乡建设局', '陈红同志', '窗口受理时未一次性告知所需材料', '《效能告诫制度》第二条', '7日内', '书面检查', '/styles/notice.css']) expect(text).toContain(part);
    await at('2026-12-02T10:00:00+08:00');
    expect((await step(sup, id, 'serve', { servedOn: '2026-12-02', unitHeadTold: 'yes' })).status).toBe(303);
    const served = await row(id);
    expect(served.state).toBe('served');
    expect(served.self_exam_due).toBe('2026-12-09');
    expect(await (await get(`/office/decisions/${id}/notice`, sup)).text()).toContain('2026年12月9日前');
    // The person concerned hands it in through their console page.
    const own = await get(`/office/decisions/${id}`, person);
    expect(own.status).toBe(200);
    const ownPage = await own.text();
    expect(ownPage).toContain('提交书面检查');
    // The person concerned never sees which case it came from (issue 10).
    expect(ownPage).not.toContain('XN-2611-DECID1');
    expect((await step(person, id, 'submit-self-exam', { text: '我认真检讨：未一次性告知，给群众带来不便。' })).status).toBe(303);
    expect((await row(id)).state).toBe('examined');
    expect((await step(sup, id, 'receive-self-exam', { countersignedBy: '陈红所在科室负责人', receivedOn: '2026-12-02' })).status).toBe(303);
    expect((await row(id)).state).toBe('done');
    expect(await events(id)).toEqual(['proposed', 'approved', 'served', 'self-exam-submitted', 'self-exam-received']);
  });

  it('numbers the notices of one year 1, 2, 3 … without gaps or repeats', async () => {
    await at('2026-12-03T09:00:00+08:00');
    const a = await proposeOne('written-admonition');
    const b = await proposeOne('written-admonition');
    await step(leader, a, 'approve');
    await step(leader, b, 'approve');
    expect(Number((await row(b)).notice_seq)).toBe(Number((await row(a)).notice_seq) + 1);
  });

  it('flags the self-examination overdue on the 8th day after service, not on the 7th, and only once', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('written-admonition');
    await step(leader, id, 'approve');
    await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes' });
    expect((await row(id)).self_exam_due).toBe('2026-12-08');
    await at('2026-12-08T23:59:00+08:00');
    await sweep(env);
    expect((await row(id)).overdue_flagged).toBe(0);
    expect(await (await get(`/office/decisions/${id}`, sup)).text()).not.toContain('书面检查逾期');
    await at('2026-12-09T00:01:00+08:00');
    const report = await sweep(env);
    expect(report.decisionsOverdue).toBeGreaterThanOrEqual(1);
    expect((await row(id)).overdue_flagged).toBe(1);
    await sweep(env);
    expect((await events(id)).filter((e) => e === 'self-exam-overdue')).toHaveLength(1);
    expect(await (await get(`/office/decisions/${id}`, sup)).text()).toContain('书面检查逾期');
  });
});

describe('oral admonition (口头告诫)', () => {
  it('is recorded with its date and who gave it, and refuses a date in the future', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('oral-admonition');
    await step(leader, id, 'approve');
    // No 告诫通知书 and no service for an oral admonition.
    expect((await get(`/office/decisions/${id}/notice`, sup)).status).toBe(404);
    expect((await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes' })).status).toBe(403);
    const future = await step(sup, id, 'give-oral', { givenOn: '2026-12-02', givenBy: '赵丽' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('不能晚于今天');
    expect((await step(sup, id, 'give-oral', { givenOn: '2026-12-01', givenBy: '赵丽' })).status).toBe(303);
    const done = await row(id);
    expect([done.state, done.given_on, done.given_by]).toEqual(['done', '2026-12-01', '赵丽']);
  });
});

describe('被诉待岗 (15 days)', () => {
  it('leads from the 3-in-a-month alert to a prefilled 待岗 proposal, and from a unit alert to the unit head', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const a = await env.DB.prepare("insert into accountability_alerts (rule, subject, period, count, raised_at) values ('staff-suspension', 'he-fang', '2026-10', 3, 0) returning id").first<{ id: number }>();
    const u = await env.DB.prepare("insert into accountability_alerts (rule, subject, period, count, raised_at) values ('unit-month', 'approval-section', '2026-10', 2, 0) returning id").first<{ id: number }>();
    const alerts = await (await get('/office/alerts/', sup)).text();
    const link = `/office/decisions/new?alert=${a!.id}&amp;kind=standby&amp;staff=he-fang`;
    expect(alerts).toContain(link);
    expect(alerts).toContain(`/office/decisions/new?alert=${u!.id}&amp;kind=written-admonition&amp;staff=chen-hong`);
    const form = await (await get(link.replaceAll('&amp;', '&'), sup)).text();
    expect(form).toMatch(/<option value="standby" selected/);
    expect(form).toMatch(/<option value="he-fang" selected/);
    expect(form).toContain(`value="${a!.id}"`);
  });

  it('runs 15 days with the bonus stopped, refuses the review on the last day, takes it the day after', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const alert = await env.DB.prepare("insert into accountability_alerts (rule, subject, period, count, raised_at) values ('staff-suspension', 'chen-hong', '2026-11', 3, 0) returning id").first<{ id: number }>();
    const id = await proposeOne('standby', 'chen-hong', { alertId: String(alert!.id) });
    expect(await env.DB.prepare("select ref from decision_links where decision_id = ? and kind = 'alert'").bind(id).first('ref')).toBe(String(alert!.id));
    await step(leader, id, 'approve');
    const noPlan = await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes' });
    expect(noPlan.status).toBe(422);
    expect(await noPlan.text()).toContain('学习计划');
    expect((await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes', studyPlan: '每天按时到岗学习效能建设文件' })).status).toBe(303);
    const r = await row(id);
    expect([r.standby_start, r.standby_end]).toEqual(['2026-12-01', '2026-12-15']);
    expect(await (await get('/office/decisions/', sup)).text()).toContain('停发岗位考核奖金');
    const review = { citizenReps: '服务对象代表两名', staffReps: '科室工作人员代表三名', reviewResult: '多数认为已改正', assessment: '考评合格', outcome: 'back-to-post' };
    await at('2026-12-15T17:00:00+08:00');
    const early = await step(sup, id, 'record-review', review);
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('2026-12-16');
    await sweep(env);
    expect((await row(id)).overdue_flagged).toBe(0);
    await at('2026-12-16T09:00:00+08:00');
    await sweep(env);
    expect((await row(id)).overdue_flagged).toBe(1);
    expect((await step(sup, id, 'record-review', review)).status).toBe(303);
    const done = await row(id);
    expect([done.state, done.outcome, done.citizen_reps]).toEqual(['done', 'back-to-post', '服务对象代表两名']);
    expect(await (await get(`/office/decisions/${id}`, sup)).text()).not.toContain('data-bonus-stopped');
  });
});

describe('who may do what', () => {
  it('keeps the register to supervisor, leading group and admin, and each person to their own decisions', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('circulated-criticism', 'chen-hong');
    for (const s of [sup, leader, admin]) expect((await get('/office/decisions/', s)).status).toBe(200);
    for (const s of [person, other, handler]) expect((await get('/office/decisions/', s)).status).toBe(403);
    expect((await get(`/office/decisions/${id}`, person)).status).toBe(200);
    // Someone else's decision answers like a missing one, for another clerk and for a handler of the same section.
    expect((await get(`/office/decisions/${id}`, other)).status).toBe(404);
    expect((await get(`/office/decisions/${id}`, handler)).status).toBe(404);
    expect(await (await get('/office/decisions/mine/', person)).text()).toContain(`/office/decisions/${id}`);
    expect(await (await get('/office/decisions/mine/', other)).text()).not.toContain(`/office/decisions/${id}`);
  });

  it('lets only the supervisor propose and serve, only the leading group approve, and only the person concerned submit the self-examination', async () => {
    await at('2026-12-01T09:00:00+08:00');
    for (const s of [leader, admin, person]) expect((await post('/office/decisions/new', s, { kind: 'oral-admonition', staffId: 'chen-hong', facts: 'x', basis: 'y' })).status).toBe(403);
    const id = await proposeOne('written-admonition');
    for (const s of [sup, admin, person]) expect((await step(s, id, 'approve')).status).toBe(403);
    await step(leader, id, 'approve');
    for (const s of [leader, admin, person]) expect((await step(s, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes' })).status).toBe(403);
    await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes' });
    for (const s of [sup, leader, admin]) expect((await step(s, id, 'submit-self-exam', { text: '代写' })).status).toBe(403);
    expect((await step(other, id, 'submit-self-exam', { text: '代写' })).status).toBe(404);
    expect((await row(id)).state).toBe('served');
  });
});

describe('bad input and concurrency', () => {
  it('answers 422 with an error summary for each bad proposal, and writes nothing', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const before = await env.DB.prepare('select count(*) as n from decisions').first<number>('n');
    const tries: [Record<string, string>, string][] = [
      [{}, '请选择处理种类'],
      [{ kind: 'firing-squad', staffId: 'chen-hong', facts: 'x', basis: 'y' }, '请选择处理种类'],
      [{ kind: 'oral-admonition', staffId: 'nobody-here', facts: 'x', basis: 'y' }, '没有这名工作人员'],
      [{ kind: 'oral-admonition', staffId: 'chen-hong', facts: '   ', basis: 'y' }, '请填写事实'],
      [{ kind: 'oral-admonition', staffId: 'chen-hong', facts: 'x'.repeat(2001), basis: 'y' }, '事实不能超过 2000 字'],
      [{ kind: 'oral-admonition', staffId: 'chen-hong', facts: 'x', basis: 'y', caseReferences: 'XN-2611-NOSUCH' }, '没有这些案件'],
      [{ kind: 'oral-admonition', staffId: 'chen-hong', facts: 'x', basis: 'y', alertId: '999999' }, '没有这条问责提醒'],
      [{ kind: 'oral-admonition', staffId: 'chen-hong', facts: 'x', basis: 'y', alertId: 'abc' }, '提醒编号不正确'],
    ];
    for (const [fields, message] of tries) {
      const res = await post('/office/decisions/new', sup, fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const body = await res.text();
      expect(body).toContain('error-summary');
      expect(body, JSON.stringify(fields)).toContain(message);
    }
    expect(await env.DB.prepare('select count(*) as n from decisions').first<number>('n')).toBe(before);
  });

  it('refuses bad dates (format, impossible day, before approval) with 422 and a stale version with 409', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('written-admonition');
    await step(leader, id, 'approve');
    for (const servedOn of ['12/01/2026', '2026-02-30', '2026-11-30']) {
      const res = await step(sup, id, 'serve', { servedOn, unitHeadTold: 'yes' });
      expect(res.status, servedOn).toBe(422);
    }
    expect((await step(sup, id, 'serve', { servedOn: '2026-12-01' })).status).toBe(422);
    const stale = await post(`/office/decisions/${id}/serve`, sup, { version: '1', servedOn: '2026-12-01', unitHeadTold: 'yes' });
    expect(stale.status).toBe(409);
    expect((await row(id)).state).toBe('approved');
  });

  it('lets only one of two simultaneous approvals through and records one event', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('bonus-deduction');
    const [a, b] = await Promise.all([step(leader, id, 'approve'), step(leader, id, 'reject')]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(await events(id)).toHaveLength(2);
  });

  it('keeps the history append-only', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('oral-admonition');
    await expect(env.DB.prepare("update decision_events set type = 'approved' where decision_id = ?").bind(id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('delete from decision_events where decision_id = ?').bind(id).run()).rejects.toThrow(/append-only/);
  });
});

describe('appeal (申诉)', () => {
  async function servedCriticism(on: string): Promise<number> {
    await at(`${on}T09:00:00+08:00`);
    const id = await proposeOne('circulated-criticism');
    await step(leader, id, 'approve');
    expect((await step(sup, id, 'serve', { servedOn: on, unitHeadTold: 'yes' })).status).toBe(303);
    return id;
  }

  it('is open to the person concerned until the 30th calendar day after service (content: appealWindowDays), not the 31st', async () => {
    const late = await servedCriticism('2026-11-01');
    await at('2026-12-02T09:00:00+08:00');
    const refused = await step(person, late, 'appeal', { appealText: '事实不清' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('2026-12-01');
    const onTime = await servedCriticism('2026-11-02');
    await at('2026-12-02T20:00:00+08:00');
    for (const s of [sup, leader, admin]) expect((await step(s, onTime, 'appeal', { appealText: '代为申诉' })).status).toBe(403);
    expect((await step(person, onTime, 'appeal', { appealText: '' })).status).toBe(422);
    expect((await step(person, onTime, 'appeal', { appealText: '事实不清，请求撤销' })).status).toBe(303);
    // Once only.
    expect((await step(person, onTime, 'appeal', { appealText: '再次申诉' })).status).toBe(403);
    expect((await row(onTime)).appeal_on).toBe('2026-12-02');
  });

  it('ends with the leading group’s own decision: annulled, or changed to another kind, and the record follows it', async () => {
    const a = await servedCriticism('2026-12-01');
    const b = await servedCriticism('2026-12-01');
    for (const id of [a, b]) await step(person, id, 'appeal', { appealText: '请求复查' });
    expect((await step(sup, a, 'decide-appeal', { appealOutcome: 'annulled', appealNote: '事实不清' })).status).toBe(403);
    expect((await step(leader, a, 'decide-appeal', { appealOutcome: 'annulled' })).status).toBe(422);
    expect((await step(leader, a, 'decide-appeal', { appealOutcome: 'annulled', appealNote: '经复查事实不清，撤销' })).status).toBe(303);
    expect((await row(a)).state).toBe('annulled');
    const noKind = await step(leader, b, 'decide-appeal', { appealOutcome: 'changed', appealNote: '情节较轻' });
    expect(noKind.status).toBe(422);
    expect(await noKind.text()).toContain('请选择变更后的种类');
    expect((await step(leader, b, 'decide-appeal', { appealOutcome: 'changed', newKind: 'oral-admonition', appealNote: '情节较轻，改为口头告诫' })).status).toBe(303);
    const changed = await row(b);
    expect([changed.kind, changed.original_kind, changed.appeal_outcome]).toEqual(['oral-admonition', 'circulated-criticism', 'changed']);
    expect(await events(b)).toEqual(['proposed', 'approved', 'served', 'appealed', 'appeal-decided']);
  });
});

describe('lack of skill (业务不熟悉, seed 001 二)', () => {
  it('gives one week of 待岗学习 ending with an exam (not before the week is over; a fail keeps studying), and the second time asks for a change of post', async () => {
    await at('2026-12-01T09:00:00+08:00');
    const id = await proposeOne('skill-study', 'tang-hua');
    await step(leader, id, 'approve');
    expect((await step(sup, id, 'serve', { servedOn: '2026-12-01', unitHeadTold: 'yes', studyPlan: '学习施工许可办理规程' })).status).toBe(303);
    expect([(await row(id)).standby_start, (await row(id)).standby_end]).toEqual(['2026-12-01', '2026-12-07']);
    await at('2026-12-07T16:00:00+08:00');
    const early = await step(sup, id, 'record-exam', { examOn: '2026-12-07', examResult: 'pass' });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('2026-12-07 结束');
    await at('2026-12-08T10:00:00+08:00');
    expect((await step(sup, id, 'record-exam', { examOn: '2026-12-08' })).status).toBe(422);
    expect((await step(sup, id, 'record-exam', { examOn: '2026-12-08', examResult: 'fail' })).status).toBe(303);
    expect((await row(id)).state).toBe('served');
    await at('2026-12-10T10:00:00+08:00');
    expect((await step(sup, id, 'record-exam', { examOn: '2026-12-10', examResult: 'pass' })).status).toBe(303);
    const done = await row(id);
    expect([done.state, done.exam_result, done.outcome]).toEqual(['done', 'pass', 'back-to-post']);
    const second = await post('/office/decisions/new', sup, { kind: 'skill-study', staffId: 'tang-hua', facts: '再次因业务不熟悉出错', basis: '《效能告诫制度》第二条' });
    expect(second.status).toBe(422);
    expect(await second.text()).toContain('第二次应调整工作岗位');
    expect((await post('/office/decisions/new', sup, { kind: 'transfer', staffId: 'tang-hua', facts: '再次因业务不熟悉出错', basis: '《效能告诫制度》第二条' })).status).toBe(303);
  });
});
