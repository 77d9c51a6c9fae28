/**
 * Notifications for 电子监察 (issue 15 with issue 12): applicants who opted in hear of their
 * application's status changes and get one 好差评 invitation; the person a yellow or red card names
 * hears of it (immediately or in the digest; a red card also by SMS when the office turned staff SMS
 * on); the unit told of a 督办 and reminded, with the efficiency office, when its 回告 is overdue.
 * Every message is written in the batch of the change that causes it.
 *
 * The file runs its own days in November 2026 (no holidays): the one clock is set and restored.
 */
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../schema/clock.ts';
import { catalogue } from '../../worker/lib/catalogue.ts';
import { actOnCard, openCaseFromCard } from '../../worker/services/application-cards.ts';
import { rateApplication } from '../../worker/services/application-ratings.ts';
import { recordEvents, sweepCards } from '../../worker/services/applications.ts';
import { deliverOne } from '../../worker/notify/consumer.ts';
import { applicationRef, outboxStatements } from '../../worker/notify/outbox.ts';
import { saveStaffPrefs } from '../../worker/notify/status.ts';
import { notifySweep } from '../../worker/notify/sweep.ts';
import { db } from './applications-helpers.ts';
import { createAccount } from './office-helpers.ts';

// maintenance-fund-use (real-estate): committed 5 working days, steps of 0, 1, 3, 1 days. Accepted
// Monday 11-02: step 0 overdue (yellow) on 11-03; past the commitment (red) on 11-10.
const service = catalogue.services.find((s) => s.id === 'maintenance-fund-use')!;
const post = catalogue.posts.find((p) => p.id === service.responsiblePost)!;
const head = catalogue.departments.find((d) => d.id === service.department)!.head;
const at = (day: string, time = '10:00') => Date.parse(`${day}T${time}:00+08:00`);
const DAY = at('2026-11-02');
const APPLICANT = { kind: 'person', name: '周申请', phone: '13812340000', email: 'zhou.shenqing@example.com', idNumber: '320402199001011234' };
const PERSONAL = /周申请|13812340000|zhou\.shenqing|320402199001011234/;
const officeSmsOn = { ...env, NOTIFY_STAFF_SMS: 'true' } as unknown as Env;

const ids: Record<string, number> = {};
beforeAll(async () => {
  setClock(DAY);
  ids.holderA = await createAccount('na-holder-a', 'handler', service.department, post.holderA);
  ids.holderB = await createAccount('na-holder-b', 'handler', service.department, post.holderB);
  ids.head = await createAccount('na-head', 'handler', service.department, head);
  ids.other = await createAccount('na-other', 'handler', 'housing-security', 'du-wei');
  ids.supervisor = await createAccount('na-super', 'supervisor', 'efficiency-office', 'zhao-li');
  for (const id of Object.values(ids)) await saveStaffPrefs(env, id, { email: `a${id}@office.example.cn`, phone: '13600009999', mode: 'immediate', smsUrgent: true }, DAY);
});
afterAll(() => setClock(env.CLOCK_START));

let n = 0;
const fresh = (p = 'NA') => `${p}-${String(++n).padStart(5, '0')}`;
const ev = (number: string, type: string, day: string, data: Record<string, unknown> = {}, time = '09:00') => ({
  id: `${number}-${type}-${++n}`,
  application: number,
  type,
  occurredAt: `${day}T${time}:00+08:00`,
  data,
});
const received = (number: string, notify?: Record<string, boolean>, day = '2026-11-02', applicant: Record<string, unknown> = APPLICANT) =>
  ev(number, 'received', day, { service: service.id, channel: 'window', applicant, ...(notify ? { notify } : {}) }, '08:30');

async function record(events: unknown[], now = DAY) {
  const out = await recordEvents(env, db(), 'console:test', null, events, now);
  return out;
}

async function citizen(number: string) {
  const { results } = await env.DB.prepare("select id, channel, template, state, params, key from notifications where recipient = ? and audience = 'citizen' order by id")
    .bind(applicationRef(number))
    .all<{ id: number; channel: string; template: string; state: string; params: string; key: string }>();
  return results;
}

async function staff(number: string, template?: string) {
  const { results } = await env.DB.prepare(
    `select recipient, channel, template, state, urgent, params from notifications where subject = ? and audience = 'staff' ${template ? 'and template = ?' : ''} order by id`,
  )
    .bind(applicationRef(number), ...(template ? [template] : []))
    .all<{ recipient: string; channel: string; template: string; state: string; urgent: number; params: string }>();
  return results;
}

const who = (id: number) => `account:${id}`;

describe('applicants: status changes, only on the channels chosen', () => {
  it('补正, 受理, 延期 and 办结 each write one message per channel chosen; clock stops, steps and fees write none', async () => {
    const number = fresh();
    const out = await record([
      received(number, { email: true, sms: true }),
      ev(number, 'correction-requested', '2026-11-02', { materials: ['营业执照复印件'] }),
      ev(number, 'stop-started', '2026-11-02', { kind: 'correction' }, '09:01'),
      ev(number, 'stop-ended', '2026-11-02', {}, '09:30'),
      ev(number, 'accepted', '2026-11-02', {}, '09:40'),
      ev(number, 'step-done', '2026-11-02', { step: 0 }, '09:50'),
    ]);
    expect(out.map((o) => o.status)).toEqual(Array(6).fill('accepted'));
    await record([ev(number, 'extended', '2026-11-02', { days: 3, reason: '需要现场核查', approvedBy: 'yang-fan' }, '09:55'), ev(number, 'concluded', '2026-11-02', { outcome: 'approved' }, '09:58')]);
    const m = await citizen(number);
    expect(m.map((x) => `${x.template}/${x.channel}`)).toEqual([
      'application-correction/email',
      'application-correction/sms',
      'application-accepted/email',
      'application-accepted/sms',
      'application-extended/email',
      'application-extended/sms',
      'application-concluded/email',
      'application-concluded/sms',
    ]);
    const params = m.map((x) => JSON.parse(x.params) as Record<string, string>);
    expect(params[2]).toMatchObject({ reference: number, status: '已受理，办理中', date: '2026-11-09' });
    // The extension carries the new date (3 working days on).
    expect(params[4]).toMatchObject({ status: '已受理，办理中', date: '2026-11-12' });
    expect(params[6]).toMatchObject({ status: '办结：准予办理' });
    for (const p of params) expect(p.link).toMatch(/\/applications\/track\/$/);
    // Never the query code, the applicant, the materials or the extension reason, nor a staff name.
    const code = out[0].status === 'accepted' ? out[0].queryCode! : 'x';
    for (const x of m) {
      expect(x.params).not.toContain(code);
      expect(x.params).not.toMatch(PERSONAL);
      expect(x.params).not.toMatch(/营业执照|现场核查|yang-fan|杨/);
    }
  });

  it('不予受理 writes one message; the chosen channel only (SMS here, no e-mail)', async () => {
    const number = fresh();
    await record([received(number, { sms: true }), ev(number, 'not-accepted', '2026-11-02', { reason: '不属于本机关职权范围', basis: '《行政许可法》第三十二条' })]);
    expect((await citizen(number)).map((x) => `${x.template}/${x.channel}`)).toEqual(['application-not-accepted/sms']);
  });

  it('none when the applicant did not opt in (no notify; notify all false), even with a phone and e-mail on file', async () => {
    for (const notify of [undefined, { email: false, sms: false }]) {
      const number = fresh();
      await record([received(number, notify), ev(number, 'accepted', '2026-11-02'), ev(number, 'concluded', '2026-11-02', { outcome: 'refused', reason: '条件不符', basis: '某条例第五条' }, '09:30')]);
      expect(await citizen(number)).toEqual([]);
      const subs = await env.DB.prepare('select count(*) as n from notification_subscriptions where reference = ?').bind(applicationRef(number)).first<{ n: number }>();
      expect(subs!.n).toBe(0);
    }
  });

  it('opting in without the address it needs is refused with a reason that says what to fill in, and nothing is written', async () => {
    const a = fresh();
    const b = fresh();
    const [noEmail] = await record([received(a, { email: true }, '2026-11-02', { kind: 'person', name: '无邮箱' })]);
    expect(noEmail).toMatchObject({ status: 'refused' });
    expect((noEmail as { reason: string }).reason).toContain('请填写电子邮箱');
    const [landline] = await record([received(b, { sms: true }, '2026-11-02', { kind: 'person', name: '座机', phone: '0519-85681234' })]);
    expect((landline as { reason: string }).reason).toContain('11 位手机号');
    const rows = await env.DB.prepare('select count(*) as n from applications where number in (?, ?)').bind(a, b).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it('the channels chosen are held by the application (its subscriptions) and never in the event history', async () => {
    const number = fresh();
    await record([received(number, { email: true })]);
    const subs = await env.DB.prepare('select channel from notification_subscriptions where reference = ?').bind(applicationRef(number)).all<{ channel: string }>();
    expect(subs.results).toEqual([{ channel: 'email' }]);
    const data = await env.DB.prepare('select e.data from application_events e join applications a on a.id = e.application_id where a.number = ?').bind(number).first<{ data: string }>();
    expect(data!.data).not.toMatch(/notify|applicant|zhou/);
  });

  it('a retried event (same id) and an event refused by the rules write no second message', async () => {
    const number = fresh();
    const accepted = ev(number, 'accepted', '2026-11-02');
    await record([received(number, { email: true }), accepted]);
    const again = await record([accepted, ev(number, 'accepted', '2026-11-02', {}, '09:10')], DAY + 1000);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'refused']);
    expect((await citizen(number)).map((x) => x.template)).toEqual(['application-accepted']);
  });

  it('the consumer sends to the sealed applicant: e-mail to the address given, SMS to the phone; quiet hours hold the SMS until 08:00', async () => {
    const number = fresh();
    await record([received(number, { email: true, sms: true }), ev(number, 'accepted', '2026-11-02')]);
    await env.DB.prepare("update notifications set state = 'queued' where state = 'pending' and recipient = ?").bind(applicationRef(number)).run();
    const [email, sms] = await citizen(number);
    const sent: { to: string; subject: string; text: string }[] = [];
    const mailEnv = { ...env, EMAIL: { send: async (m: { to: string; subject: string; text: string }) => (sent.push(m), { messageId: '<a@test>' }) } as unknown as SendEmail } as Env;
    expect(await deliverOne(mailEnv, email.id, 1, {}, DAY + 5000)).toBe('sent');
    expect(sent[0].to).toBe(APPLICANT.email);
    expect(sent[0].subject).toContain(number);
    expect(sent[0].text).toContain('/applications/track/');
    expect(sent[0].text).not.toMatch(PERSONAL);
    // 23:00 Beijing time: the SMS waits for the end of quiet hours; nothing reaches the provider.
    let calls = 0;
    const fetcher = (async () => (calls++, Response.json({ Response: { SendStatusSet: [{ SerialNo: 's', Code: 'Ok' }] } }))) as unknown as typeof fetch;
    expect(await deliverOne(env, sms.id, 1, { fetcher }, at('2026-11-02', '23:00'))).toBe('deferred');
    const row = await env.DB.prepare('select not_before, error, state from notifications where id = ?').bind(sms.id).first();
    expect(row).toEqual({ not_before: at('2026-11-03', '08:00'), error: 'QuietHours', state: 'queued' });
    expect(calls).toBe(0);
    // At 08:00 it goes, signed for the provider, to the applicant's mobile in +86 form.
    const bodies: Record<string, unknown>[] = [];
    const provider = (async (_url: string, init: RequestInit) => (bodies.push(JSON.parse(String(init.body))), Response.json({ Response: { SendStatusSet: [{ SerialNo: 's1', Code: 'Ok' }] } }))) as unknown as typeof fetch;
    expect(await deliverOne(env, sms.id, 2, { fetcher: provider }, at('2026-11-03', '08:00'))).toBe('sent');
    expect(bodies[0]).toMatchObject({ PhoneNumberSet: ['+8613812340000'], TemplateParamSet: [number, '2026-11-09'] });
  });
});

describe('好差评 invitation for applications', () => {
  it('once, from the 3rd day after the conclusion if still unrated: not on day 2, not twice, none for a rated or not-opted-in application', async () => {
    const invited = fresh();
    const rated = fresh();
    const silent = fresh();
    for (const [number, notify] of [
      [invited, { sms: true, email: true }],
      [rated, { sms: true }],
      [silent, undefined],
    ] as const) {
      await record([received(number, notify, '2026-11-03'), ev(number, 'accepted', '2026-11-03'), ev(number, 'concluded', '2026-11-03', { outcome: 'approved' }, '09:30')], at('2026-11-03'));
    }
    expect(await rateApplication(env, db(), rated, { level: 'satisfied' }, at('2026-11-04'))).toBe('done');
    const invites = async (number: string) => (await citizen(number)).filter((m) => m.template === 'application-rating-invite').map((m) => m.channel);
    // Concluded 11-03: the sweep at 01:00 on 11-05 (2 days) sends nothing; on 11-06 (3 days) it does.
    await notifySweep(env, at('2026-11-05', '23:59'));
    expect(await invites(invited)).toEqual([]);
    await notifySweep(env, at('2026-11-06', '01:00'));
    expect(await invites(invited)).toEqual(['email', 'sms']);
    await notifySweep(env, at('2026-11-07', '01:00'));
    expect(await invites(invited)).toEqual(['email', 'sms']);
    expect(await invites(rated)).toEqual([]);
    expect(await invites(silent)).toEqual([]);
  });
});

describe('cards: the person named on the card', () => {
  it('a yellow card: e-mail to the holder named (immediate), nobody else; a red card later: e-mail, and SMS only when the office turned staff SMS on', async () => {
    const number = fresh('CARD');
    await record([received(number, { sms: true }), ev(number, 'accepted', '2026-11-02')]);
    await sweepCards(env, db(), at('2026-11-03', '01:00'));
    const yellow = await staff(number);
    expect(yellow.map((r) => [r.recipient, r.template, r.channel, r.state])).toEqual([[who(ids.holderA), 'staff-card-yellow', 'email', 'pending']]);
    // Staff messages carry the application number and the rule, never the applicant.
    expect(JSON.parse(yellow[0].params)).toMatchObject({ reference: number, status: '黄牌：环节超过本环节时限（总时限尚未到）' });
    expect(yellow[0].params).not.toMatch(PERSONAL);
    // A second sweep the same day raises nothing new and writes nothing.
    await sweepCards(env, db(), at('2026-11-03', '02:00'));
    expect(await staff(number)).toHaveLength(1);
    // The red card with staff SMS off: e-mail only.
    await sweepCards(env, db(), at('2026-11-10', '01:00'));
    expect((await staff(number, 'staff-card-red')).map((r) => r.channel)).toEqual(['email']);
  });

  it('a red card with staff SMS switched on: e-mail and an urgent SMS to the holder who asked for SMS', async () => {
    const number = fresh('CARD');
    await record([received(number), ev(number, 'accepted', '2026-11-02')]);
    await env.DB.prepare("update applications set next_check = '2026-11-10' where number = ?").bind(number).run();
    await sweepCards(officeSmsOn, db(), at('2026-11-10', '01:00'));
    const red = await staff(number, 'staff-card-red');
    expect(red.map((r) => [r.recipient, r.channel, r.urgent])).toEqual([
      [who(ids.holderA), 'email', 0],
      [who(ids.holderA), 'sms', 1],
    ]);
  });

  it('the holder that day: B when A is recorded away; and the holder who chose the daily digest gets it held for the digest', async () => {
    const number = fresh('CARD');
    await record([received(number), ev(number, 'accepted', '2026-11-02')]);
    await env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values (?, '2026-11-03', '2026-11-03', 'leave', 'test', ?)").bind(post.holderA, DAY).run();
    await saveStaffPrefs(env, ids.holderB, { email: 'b@office.example.cn', phone: '', mode: 'digest', smsUrgent: false }, DAY);
    await sweepCards(env, db(), at('2026-11-03', '03:00'));
    expect((await staff(number)).map((r) => [r.recipient, r.template, r.state])).toEqual([[who(ids.holderB), 'staff-card-yellow', 'digest']]);
    await notifySweep(env, at('2026-11-03', '04:00'));
    expect((await staff(number)).map((r) => r.state)).toEqual(['digested']);
    const digest = await env.DB.prepare("select params from notifications where template = 'staff-digest' and recipient = ?").bind(who(ids.holderB)).first<{ params: string }>();
    expect(digest!.params).toContain(number);
    await saveStaffPrefs(env, ids.holderB, { email: 'b@office.example.cn', phone: '13600009999', mode: 'immediate', smsUrgent: true }, DAY);
  });

  it('a card raise that is rolled back writes no message; a card raised by an earlier sweep is not announced again', async () => {
    const number = fresh('CARD');
    await record([received(number), ev(number, 'accepted', '2026-11-02')]);
    const app = (await env.DB.prepare('select id from applications where number = ?').bind(number).first<{ id: number }>())!;
    const raisedAt = at('2026-11-03', '05:00');
    const card = env.DB.prepare(
      "insert into application_cards (application_id, rule, colour, key, department, service, post, holder, via, detail, raised_on, raised_at) values (?, 'overdue', 'red', 'k-rollback', ?, ?, ?, ?, 'a', 'test', '2026-11-03', ?)",
    ).bind(app.id, service.department, service.id, post.id, post.holderA, raisedAt);
    const message = outboxStatements(officeSmsOn, { type: 'card.raised', number, applicationId: app.id, key: 'k-rollback', colour: 'red', rule: 'overdue', raisedAt }, raisedAt);
    expect(message.length).toBe(2);
    // The batch fails after the card and its messages: all of it is rolled back.
    await expect(env.DB.batch([card, ...message, env.DB.prepare('insert into application_cards (id) values (null)')])).rejects.toThrow();
    expect(await staff(number)).toEqual([]);
    expect(await env.DB.prepare("select count(*) as n from application_cards where key = 'k-rollback'").first('n')).toBe(0);
    // The card written now, then announced by a sweep that did not write it (another raisedAt): nothing.
    await card.run();
    await env.DB.batch(outboxStatements(officeSmsOn, { type: 'card.raised', number, applicationId: app.id, key: 'k-rollback', colour: 'red', rule: 'overdue', raisedAt: raisedAt + 1 }, raisedAt + 1));
    expect(await staff(number)).toEqual([]);
  });
});

describe('督办 and 回告', () => {
  async function cardOf(number: string) {
    await record([received(number), ev(number, 'accepted', '2026-11-02')]);
    await env.DB.prepare("update applications set next_check = '2026-11-10' where number = ?").bind(number).run();
    await sweepCards(env, db(), at('2026-11-10', '06:00'));
    return (await env.DB.prepare('select c.id from application_cards c join applications a on a.id = c.application_id where a.number = ? and c.colour = ?').bind(number, 'red').first<{ id: number }>())!.id;
  }

  it('a 督办 tells the unit (its handlers and head) with the 回告 deadline; a second 督办 on the same card lands nothing and tells nobody', async () => {
    const number = fresh('DB');
    const id = await cardOf(number);
    const now = at('2026-11-10', '10:00');
    expect(await actOnCard(env, db(), id, 'supervise', 'console:test', { instruction: '请查明超期原因并整改', answerDays: 3 }, now)).toBe('done');
    expect(await actOnCard(env, db(), id, 'supervise', 'console:test', { instruction: '再次督办', answerDays: 3 }, now + 1)).toBe('wrong-state');
    const rows = await staff(number, 'staff-card-supervised');
    expect(rows.map((r) => r.recipient).sort()).toEqual([ids.holderA, ids.holderB, ids.head].map(who).sort());
    expect(rows.every((r) => JSON.parse(r.params).date === '2026-11-13')).toBe(true);
    expect(rows.some((r) => r.recipient === who(ids.other) || r.recipient === who(ids.supervisor))).toBe(false);
  });

  it('回告 overdue: the unit and the efficiency office are reminded once; not on the deadline day; not when answered', async () => {
    const late = fresh('DB');
    const answered = fresh('DB');
    const lateId = await cardOf(late);
    const answeredId = await cardOf(answered);
    const now = at('2026-11-10', '11:00');
    for (const id of [lateId, answeredId]) await actOnCard(env, db(), id, 'supervise', 'console:test', { instruction: '请查明原因', answerDays: 1 }, now);
    expect(await actOnCard(env, db(), answeredId, 'answer', 'console:test', { answer: '已整改' }, now + 1000)).toBe('done');
    const reminders = async (number: string) => (await staff(number, 'staff-card-answer-overdue')).map((r) => r.recipient).sort();
    // 回告 due 11-11: the sweep on 11-11 says nothing, on 11-12 it reminds, on 11-13 not again.
    await notifySweep(env, at('2026-11-11', '01:00'));
    expect(await reminders(late)).toEqual([]);
    await notifySweep(env, at('2026-11-12', '01:00'));
    await notifySweep(env, at('2026-11-13', '01:00'));
    expect(await reminders(late)).toEqual([ids.holderA, ids.holderB, ids.head, ids.supervisor].map(who).sort());
    expect(await reminders(answered)).toEqual([]);
  });
});

describe('protection: a red card that opened an efficiency case', () => {
  it('the case messages keep excluding the person the case names (NOT_A_PARTY), while a colleague still hears of it', async () => {
    const number = fresh('PR');
    await record([received(number), ev(number, 'accepted', '2026-11-02')]);
    await env.DB.prepare("update applications set next_check = '2026-11-10' where number = ?").bind(number).run();
    await sweepCards(env, db(), at('2026-11-10', '07:00'));
    const card = (await env.DB.prepare("select c.id, c.holder from application_cards c join applications a on a.id = c.application_id where a.number = ? and c.colour = 'red'").bind(number).first<{ id: number; holder: string }>())!;
    expect(card.holder).toBe(post.holderA);
    const opened = await openCaseFromCard(env, db(), card.id, 'console:test', at('2026-11-10', '10:00'));
    expect(opened.kind).toBe('opened');
    const reference = (opened as { reference: string }).reference;
    await env.DB.prepare('update complaints set handling_department = ? where reference = ?').bind(service.department, reference).run();
    await env.DB.batch([
      ...outboxStatements(officeSmsOn, { type: 'case.due-soon', reference, dueBy: '2026-11-20' }, at('2026-11-18')),
      ...outboxStatements(officeSmsOn, { type: 'case.overdue', reference, dueBy: '2026-11-20' }, at('2026-11-21')),
    ]);
    const { results } = await env.DB.prepare("select recipient from notifications where subject = ? and audience = 'staff'").bind(reference).all<{ recipient: string }>();
    expect(results.some((r) => r.recipient === who(ids.holderB))).toBe(true);
    expect(results.filter((r) => r.recipient === who(ids.holderA))).toEqual([]);
  });
});
