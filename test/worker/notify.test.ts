/**
 * Notifications (issue 15): the outbox written in the state change's own batch, the queue consumer
 * (retries with backoff, dead-letter, idempotent delivery), quiet hours, rate limits, and the
 * Tencent Cloud SMS signature against the provider's published example.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { act } from '../../worker/services/cases.ts';
import { fileComplaint, requestReview } from '../../worker/services/complaints.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { deliver, deliverOne } from '../../worker/notify/consumer.ts';
import { sendMail } from '../../worker/notify/email.ts';
import { smsConfig } from '../../worker/notify/sms.ts';
import { quietUntil } from '../../worker/notify/policy.ts';
import { tc3Sign, tc3Verify } from '../../worker/notify/tc3.ts';
import { notifySweep } from '../../worker/notify/sweep.ts';
import { sweep } from '../../worker/sweep.ts';
import { saveStaffPrefs } from '../../worker/notify/status.ts';
import type { Staff } from '../../worker/env.ts';
import { createAccount } from './office-helpers.ts';
import { bookableService, freshPhone, nextWorkingDay, openReceptionDay, validAppointment } from './appointments-helpers.ts';
import { appointmentSchemas } from '../../schema/appointment.ts';
import { bookAppointment, recordProgress } from '../../worker/services/appointments.ts';
import { outboxStatements } from '../../worker/notify/outbox.ts';
import { catalogue, validComplaint } from './helpers.ts';

const intake: Staff = { accountId: 0, username: 'n-intake', name: '测试', role: 'intake', department: 'efficiency-office', staffId: 'li-min' };
const supervisor: Staff = { accountId: 0, username: 'n-super', name: '测试', role: 'supervisor', department: 'efficiency-office', staffId: 'zhao-li' };
// 10:00 Beijing time on a weekday, outside quiet hours.
const DAY = Date.parse('2026-12-02T10:00:00+08:00');

beforeAll(async () => {
  intake.accountId = await createAccount(intake.username, 'intake', 'efficiency-office', 'li-min');
  supervisor.accountId = await createAccount(supervisor.username, 'supervisor', 'efficiency-office', 'zhao-li');
});

async function file(overrides: Record<string, unknown>): Promise<{ reference: string; id: number }> {
  const input = schemas.complaintInput.parse(validComplaint({ occurredOn: '2026-11-30', ...overrides }));
  const out = await fileComplaint(env, input, undefined, DAY);
  if (out.kind !== 'created') throw new Error('not created');
  const row = await env.DB.prepare('select id from complaints where reference = ?').bind(out.created.reference).first<{ id: number }>();
  return { reference: out.created.reference, id: row!.id };
}

async function messages(reference: string) {
  const { results } = await env.DB.prepare("select id, audience, channel, template, state, params from notifications where subject = ? and audience = 'citizen' order by id")
    .bind(reference)
    .all<{ id: number; audience: string; channel: string; template: string; state: string; params: string }>();
  return results;
}

async function queueAll(): Promise<void> {
  await env.DB.prepare("update notifications set state = 'queued' where state = 'pending'").run();
}

/** A recording stand-in for the send_email binding (the real binding is exercised in the browser test). */
function recordingEmail() {
  const sent: { to: string; subject: string; text: string; headers?: Record<string, string> }[] = [];
  const binding = { send: async (m: { to: string; subject: string; text: string; headers?: Record<string, string> }) => (sent.push(m), { messageId: `<m${sent.length}@test>` }) };
  return { sent, env: { ...env, EMAIL: binding as unknown as SendEmail } as Env };
}

/** A stand-in for sms.tencentcloudapi.com that checks the TC3 signature like the provider, then answers. */
function smsProvider(answer: (n: number) => Response | 'ok') {
  const calls: { body: Record<string, unknown>; signatureError?: string }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    const body = String(init.body);
    const headers = new Headers(init.headers);
    headers.set('host', new URL(url).host);
    const signatureError = await tc3Verify({ headers, body }, { secretId: smsConfig(env).secretId, secretKey: smsConfig(env).secretKey }, Number(headers.get('x-tc-timestamp')));
    calls.push({ body: JSON.parse(body), signatureError });
    const a = answer(calls.length);
    if (a !== 'ok') return a;
    return Response.json({ Response: { SendStatusSet: [{ SerialNo: `s${calls.length}`, Code: 'Ok', Message: 'send success' }], RequestId: 'r' } });
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

describe('the SMS signature (TC3-HMAC-SHA256)', () => {
  it('reproduces the published example of Tencent Cloud "签名方法 v3" byte for byte', async () => {
    // Source: Tencent Cloud API 3.0, "签名方法 v3 / Signature v3", the worked example (CVM
    // DescribeInstances, ap-guangzhou): https://cloud.tencent.com/document/api/213/30654 and
    // https://www.tencentcloud.com/document/api/382/40467 — SecretKey "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    // X-TC-Timestamp 1551113065, the payload below; published HashedRequestPayload
    // 35e9c5b0…f064, HashedCanonicalRequest 5ffe6a04…7031 and Signature 72e494ea…5168.
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const s = await tc3Sign({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      payload,
      timestamp: 1551113065,
    });
    expect(s.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(s.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(s.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(s.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('the verifier (used by the local sink) refuses a tampered body, another key and an expired timestamp', async () => {
    const secret = { secretId: 'AKIDtest', secretKey: 'k' };
    const s = await tc3Sign({ ...secret, service: 'sms', host: '127.0.0.1:8788', payload: '{"a":1}', timestamp: 1_800_000_000 });
    const headers = new Headers({ authorization: s.authorization, 'content-type': 'application/json; charset=utf-8', host: '127.0.0.1:8788', 'x-tc-timestamp': '1800000000' });
    expect(await tc3Verify({ headers, body: '{"a":1}' }, secret, 1_800_000_000)).toBeUndefined();
    expect(await tc3Verify({ headers, body: '{"a":2}' }, secret, 1_800_000_000)).toBe('AuthFailure.SignatureFailure');
    expect(await tc3Verify({ headers, body: '{"a":1}' }, { ...secret, secretKey: 'other' }, 1_800_000_000)).toBe('AuthFailure.SignatureFailure');
    expect(await tc3Verify({ headers, body: '{"a":1}' }, secret, 1_800_000_000 + 301)).toBe('AuthFailure.SignatureExpire');
  });
});

describe('the outbox: each event produces exactly its messages', () => {
  it('acceptance of a complaint that chose e-mail writes one e-mail message with reference, deadline and link, and no access code or content', async () => {
    const c = await file({ notifyEmail: true });
    expect(await act(env, intake, c.id, 'accept', { version: 1 }, DAY)).toMatchObject({ kind: 'done' });
    const m = await messages(c.reference);
    expect(m.map((x) => [x.channel, x.template])).toEqual([['email', 'complaint-accepted']]);
    const params = JSON.parse(m[0].params) as Record<string, string>;
    expect(params.reference).toBe(c.reference);
    expect(params.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(params.link).toMatch(/\/track\/$/);
    expect(m[0].params).not.toMatch(/刘晓明|13912345678|liu\.xiaoming|申请材料|王某某/);
  });

  it('e-mail and SMS chosen: acceptance and transfer each write one message per channel', async () => {
    const c = await file({ notifyEmail: true, notifySms: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await act(env, supervisor, c.id, 'transfer', { version: 2, department: 'real-estate', note: '转交不动产登记科办理' }, DAY + 1000);
    const m = await messages(c.reference);
    expect(m.map((x) => `${x.template}/${x.channel}`)).toEqual([
      'complaint-accepted/email',
      'complaint-accepted/sms',
      'complaint-transferred/email',
      'complaint-transferred/sms',
    ]);
  });

  it('none when the citizen did not opt in, and none for an anonymous complaint even if it asked', async () => {
    const quiet = await file({});
    await act(env, intake, quiet.id, 'accept', { version: 1 }, DAY);
    expect(await messages(quiet.reference)).toEqual([]);
    const anon = await file({ anonymous: true, notifyEmail: true, notifySms: true });
    await act(env, intake, anon.id, 'accept', { version: 1 }, DAY);
    expect(await messages(anon.reference)).toEqual([]);
    const subs = await env.DB.prepare('select count(*) as n from notification_subscriptions where reference = ?').bind(anon.reference).first<{ n: number }>();
    expect(subs!.n).toBe(0);
  });

  it('a change that fails writes no message: a stale version (lost race) leaves the outbox untouched', async () => {
    const c = await file({ notifyEmail: true });
    expect(await act(env, intake, c.id, 'accept', { version: 1 }, DAY)).toMatchObject({ kind: 'done' });
    const before = (await messages(c.reference)).length;
    // The second accept races on the same version: its batch fails as a whole.
    expect(await act(env, supervisor, c.id, 'transfer', { version: 1, department: 'real-estate', note: '转交' }, DAY)).toMatchObject({ kind: 'stale' });
    expect((await messages(c.reference)).length).toBe(before);
  });

  it('opt-in without the address it needs is refused with a message that says what to fill in (422 in the form)', () => {
    const noEmail = schemas.complaintInput.safeParse(validComplaint({ email: undefined, notifyEmail: true }));
    expect(noEmail.success).toBe(false);
    expect(JSON.stringify(noEmail.error?.issues)).toContain('请填写电子邮箱');
    const landline = schemas.complaintInput.safeParse(validComplaint({ phone: '0519-85681234', notifySms: true }));
    expect(JSON.stringify(landline.error?.issues)).toContain('11 位手机号');
  });

  it('staff: intake who chose e-mail hear of a new complaint, supervisors of a review request; digest holds theirs for the sweep', async () => {
    await saveStaffPrefs(env, intake.accountId, { email: 'intake@office.example.cn', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    await saveStaffPrefs(env, supervisor.accountId, { email: 'super@office.example.cn', phone: '', mode: 'digest', smsUrgent: false }, DAY);
    const c = await file({});
    const staffRows = async () =>
      (await env.DB.prepare("select template, state, recipient from notifications where subject = ? and audience = 'staff' order by id").bind(c.reference).all<{ template: string; state: string; recipient: string }>()).results;
    expect(await staffRows()).toEqual([{ template: 'staff-new-complaint', state: 'pending', recipient: `account:${intake.accountId}` }]);
    // Concluded, then the complainant asks for a review.
    await env.DB.prepare("update complaints set stage = 'conclusion', concluded_at = ? where id = ?").bind(DAY, c.id).run();
    await env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'system', 'concluded', 1, '{}')").bind(c.id, DAY).run();
    const row = await env.DB.prepare('select * from complaints where id = ?').bind(c.id).first();
    expect(await requestReview(env, row as never, '我不同意结论，理由是材料齐全却被拖延。', DAY + 1000)).toBe('done');
    expect((await staffRows()).map((r) => `${r.template}/${r.state}`)).toEqual(['staff-new-complaint/pending', 'staff-review-requested/digest']);
    const report = await notifySweep(env, DAY + 2000);
    expect(report.digests).toBe(1);
    expect((await staffRows()).map((r) => r.state)).toEqual(['pending', 'digested']);
    await saveStaffPrefs(env, intake.accountId, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    await saveStaffPrefs(env, supervisor.accountId, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
  });

  it('好差评 invitation: once, 3 days after conclusion if still unrated, not before, and not twice', async () => {
    const c = await file({ notifySms: true });
    await env.DB.prepare("update complaints set stage = 'conclusion', concluded_at = ? where id = ?").bind(DAY, c.id).run();
    await notifySweep(env, DAY + 2 * 86_400_000);
    expect(await messages(c.reference)).toEqual([]);
    await notifySweep(env, DAY + 3 * 86_400_000 + 1);
    await notifySweep(env, DAY + 4 * 86_400_000);
    expect((await messages(c.reference)).map((m) => m.template)).toEqual(['complaint-rating-invite']);
  });
});

describe('appointments and alerts', () => {
  const appointmentInput = appointmentSchemas(catalogue).appointmentInput;

  it('booking with SMS chosen: the assignee hears of it; scheduling texts the date, time and place; a stale update texts nothing; the day before, a reminder', async () => {
    const { post } = bookableService();
    const assignee = await createAccount('n-assignee', 'handler', post.department, post.holderA);
    await saveStaffPrefs(env, assignee, { email: 'assignee@office.example.cn', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    const booked = await bookAppointment(env, appointmentInput.parse(validAppointment({ notifySms: true })), undefined);
    expect(booked.kind).toBe('created');
    const reference = (booked as { created: { reference: string } }).created.reference;
    const row = (await env.DB.prepare('select id, reference, status, version, assignee from appointments where reference = ?').bind(reference).first<{ id: number; reference: string; status: 'requested'; version: number; assignee: string }>())!;
    const staffMsgs = await env.DB.prepare("select template, recipient from notifications where subject = ? and audience = 'staff'").bind(reference).all();
    expect(staffMsgs.results).toEqual(row.assignee === post.holderA ? [{ template: 'staff-appointment-assigned', recipient: `account:${assignee}` }] : []);
    expect(await messages(reference)).toEqual([]);

    const day = nextWorkingDay();
    expect(await recordProgress(env, row, 'wu-tao', 'scheduled', { date: day, time: '10:00', place: '一楼 3 号窗口' })).toBe('done');
    expect(await recordProgress(env, row, 'wu-tao', 'cancelled')).toBe('stale');
    const m = await messages(reference);
    expect(m.map((x) => `${x.template}/${x.channel}`)).toEqual(['appointment-scheduled/sms']);
    expect(JSON.parse(m[0].params)).toMatchObject({ reference, date: day, time: '10:00', place: '一楼 3 号窗口' });

    const dayBefore = Date.parse(`${day}T01:00:00+08:00`) - 86_400_000;
    expect((await notifySweep(env, dayBefore)).reminders).toBeGreaterThanOrEqual(1);
    expect((await messages(reference)).map((x) => x.template)).toEqual(['appointment-scheduled', 'appointment-reminder']);
  });

  it('a reception-day booking that finds the slot full writes no subscription and no message', async () => {
    const { day } = openReceptionDay();
    const slot = day.slots[0];
    // Fill the slot first.
    const input = () => appointmentInput.parse({ kind: 'reception', date: day.date, slot: slot.start, matter: '想反映小区加装电梯审批进度慢的问题。', name: '孙一', phone: freshPhone(), consent: true, notifySms: true });
    let outcome = await bookAppointment(env, input(), undefined);
    while (outcome.kind === 'created') outcome = await bookAppointment(env, input(), undefined);
    expect(outcome.kind).toBe('full');
    const subs = await env.DB.prepare('select count(*) as n from notification_subscriptions where reference like ?').bind('YY-%').first<{ n: number }>();
    const apps = await env.DB.prepare("select count(*) as n from appointments a where exists (select 1 from notification_subscriptions s where s.reference = a.reference)").first<{ n: number }>();
    expect(subs!.n).toBe(apps!.n);
  });

  it('overdue: handlers of the handling department hear of it by e-mail; SMS only when the office turned staff SMS on and the person asked', async () => {
    const handler = await createAccount('n-handler', 'handler', 'real-estate', 'han-bing');
    await saveStaffPrefs(env, handler, { email: 'han@office.example.cn', phone: '13600001111', mode: 'immediate', smsUrgent: true }, DAY);
    const c = await file({});
    await env.DB.prepare("update complaints set handling_department = 'real-estate' where id = ?").bind(c.id).run();
    const rows = async () => (await env.DB.prepare("select channel, urgent from notifications where subject = ? and template = 'staff-overdue' order by id").bind(c.reference).all<{ channel: string; urgent: number }>()).results;
    await env.DB.batch(outboxStatements(env, { type: 'case.overdue', reference: c.reference, dueBy: '2026-11-30' }, DAY));
    expect(await rows()).toEqual([{ channel: 'email', urgent: 0 }]);
    const officeOn = { ...env, NOTIFY_STAFF_SMS: 'true' } as unknown as Env;
    await env.DB.batch(outboxStatements(officeOn, { type: 'case.overdue', reference: c.reference, dueBy: '2026-12-01' }, DAY));
    expect(await rows()).toEqual([
      { channel: 'email', urgent: 0 },
      { channel: 'email', urgent: 0 },
      { channel: 'sms', urgent: 1 },
    ]);
    await saveStaffPrefs(env, handler, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
  });

  it('protection first: the staff member a complaint names hears nothing of it (not even its reference); a colleague of the same section does', async () => {
    const accused = await createAccount('n-accused', 'handler', 'real-estate', 'han-bing');
    const colleague = await createAccount('n-colleague', 'handler', 'real-estate', 'xie-na');
    await saveStaffPrefs(env, accused, { email: 'accused@office.example.cn', phone: '13600002222', mode: 'immediate', smsUrgent: true }, DAY);
    await saveStaffPrefs(env, colleague, { email: 'colleague@office.example.cn', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    const c = await file({ department: 'real-estate', service: undefined, post: undefined, staffName: '韩冰' });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await act(env, supervisor, c.id, 'transfer', { version: 2, department: 'real-estate', note: '转交不动产登记科办理' }, DAY + 1000);
    const officeOn = { ...env, NOTIFY_STAFF_SMS: 'true' } as unknown as Env;
    await env.DB.batch(outboxStatements(officeOn, { type: 'case.overdue', reference: c.reference, dueBy: '2026-11-30' }, DAY + 2000));
    const { results } = await env.DB.prepare("select recipient, template from notifications where subject = ? and audience = 'staff' order by id").bind(c.reference).all<{ recipient: string; template: string }>();
    expect(results.some((r) => r.recipient === `account:${colleague}`)).toBe(true);
    expect(results.filter((r) => r.recipient === `account:${accused}`)).toEqual([]);
    await saveStaffPrefs(env, accused, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    await saveStaffPrefs(env, colleague, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
  });

  it('the daily sweep tells handlers once when a case falls due soon, and once more when it goes overdue', async () => {
    const handler = await createAccount('n-handler2', 'handler', 'housing-security', 'du-wei');
    await saveStaffPrefs(env, handler, { email: 'du@office.example.cn', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    const c = await file({});
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await env.DB.prepare("update complaints set handling_department = 'housing-security', due_by = '2026-12-03' where id = ?").bind(c.id).run();
    await env.DB.prepare('update case_files set stage_due_by = null where complaint_id = ?').bind(c.id).run();
    const templates = async () =>
      (await env.DB.prepare("select template from notifications where subject = ? and audience = 'staff' and recipient = ? order by id").bind(c.reference, `account:${handler}`).all<{ template: string }>()).results.map((r) => r.template);
    await sweep(env, Date.parse('2026-12-02T01:00:00+08:00'));
    await sweep(env, Date.parse('2026-12-03T01:00:00+08:00'));
    expect(await templates()).toEqual(['staff-due-soon']);
    await sweep(env, Date.parse('2026-12-04T01:00:00+08:00'));
    await sweep(env, Date.parse('2026-12-05T01:00:00+08:00'));
    expect(await templates()).toEqual(['staff-due-soon', 'staff-overdue']);
    await saveStaffPrefs(env, handler, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
  });

  it('a new accountability alert tells each supervisor who chose e-mail once, without naming anyone', async () => {
    await saveStaffPrefs(env, supervisor.accountId, { email: 'super@office.example.cn', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
    const statements = outboxStatements(env, { type: 'alert.raised', key: 'suspension:han-bing:2026-11', title: '被诉待岗：一个月内被投诉属实 3 次及以上' }, DAY);
    await env.DB.batch(statements);
    await env.DB.batch(outboxStatements(env, { type: 'alert.raised', key: 'suspension:han-bing:2026-11', title: '被诉待岗：一个月内被投诉属实 3 次及以上' }, DAY + 1));
    const rows = (await env.DB.prepare("select recipient, params from notifications where template = 'staff-alert'").all<{ recipient: string; params: string }>()).results;
    expect(rows.map((r) => r.recipient)).toEqual([`account:${supervisor.accountId}`]);
    expect(rows[0].params).not.toContain('han-bing');
    await saveStaffPrefs(env, supervisor.accountId, { email: '', phone: '', mode: 'immediate', smsUrgent: false }, DAY);
  });
});

describe('the consumer', () => {
  it('delivers an e-mail once: the text has the reference and an unsubscribe link; a duplicate queue message sends nothing', async () => {
    const c = await file({ notifyEmail: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    const mail = recordingEmail();
    expect(await deliverOne(mail.env, m.id, 1, {}, DAY + 5000)).toBe('sent');
    expect(await deliverOne(mail.env, m.id, 1, {}, DAY + 6000)).toBe('duplicate');
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0].to).toBe('liu.xiaoming@example.com');
    expect(mail.sent[0].subject).toContain(c.reference);
    expect(mail.sent[0].text).toContain('/notify/unsubscribe?');
    expect(mail.sent[0].headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await messages(c.reference))[0].state).toBe('sent');
  });

  it('through the real send_email binding (simulated by the pool): delivered, its Message-ID recorded; a sender outside allowed_sender_addresses is refused', async () => {
    const c = await file({ notifyEmail: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    expect(await deliverOne(env, m.id, 1, {}, DAY + 5000)).toBe('sent');
    const row = await env.DB.prepare('select provider_id from notifications where id = ?').bind(m.id).first<{ provider_id: string }>();
    expect(row!.provider_id).toMatch(/^<.+@xiaoneng\.example\.cn>$/);
    await expect(sendMail({ ...env, NOTIFY_FROM: 'someone@elsewhere.example' } as unknown as Env, { to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow(/not allowed/);
  });

  it('SMS goes signed to the provider with SignName, TemplateId and TemplateParamSet, the number in +86 form', async () => {
    const c = await file({ notifySms: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    const provider = smsProvider(() => 'ok');
    expect(await deliverOne(env, m.id, 1, { fetcher: provider.fetcher }, DAY + 5000)).toBe('sent');
    expect(provider.calls).toHaveLength(1);
    expect(provider.calls[0].signatureError).toBeUndefined();
    expect(provider.calls[0].body).toMatchObject({ PhoneNumberSet: ['+8613912345678'], SignName: env.SMS_SIGN_NAME, SmsSdkAppId: env.SMS_SDK_APP_ID });
    expect((provider.calls[0].body.TemplateParamSet as string[])[0]).toBe(c.reference);
  });

  it('a failing provider is retried with exponential backoff, then dead-lettered and marked failed, with no duplicate send', async () => {
    const c = await file({ notifySms: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    const provider = smsProvider(() => new Response('busy', { status: 503 }));
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const batch = createMessageBatch('efficiency-notify', [{ id: `m${attempt}`, timestamp: DAY, attempts: attempt, body: { id: m.id } }]);
      // The pool's QueueResult does not report the delay asked for: record it on the way.
      const message = batch.messages[0];
      const retry = message.retry.bind(message);
      message.retry = (options) => (delays.push(options?.delaySeconds ?? 0), retry(options));
      const ctx = createExecutionContext();
      await deliver(batch, env, { fetcher: provider.fetcher });
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((r) => r.msgId)).toEqual([`m${attempt}`]);
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 960]);
    expect(provider.calls).toHaveLength(6);
    // The queue gives up after max_retries and moves the message to the dead-letter queue.
    const dlq = createMessageBatch('efficiency-notify-dlq', [{ id: 'd1', timestamp: DAY, attempts: 1, body: { id: m.id } }]);
    const ctx = createExecutionContext();
    await deliver(dlq, env);
    expect((await getQueueResult(dlq, ctx)).explicitAcks).toEqual(['d1']);
    const row = await env.DB.prepare('select state, attempts, error from notifications where id = ?').bind(m.id).first();
    expect(row).toEqual({ state: 'failed', attempts: 6, error: 'HTTP503' });
    // A late duplicate of the message sends nothing.
    expect(await deliverOne(env, m.id, 7, { fetcher: provider.fetcher })).toBe('duplicate');
    expect(provider.calls).toHaveLength(6);
  });

  it('a provider that recovers: retried once, then sent once, and a redelivery after success is only acknowledged', async () => {
    const c = await file({ notifySms: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    const provider = smsProvider((n) => (n === 1 ? new Response('oops', { status: 500 }) : 'ok'));
    expect(await deliverOne(env, m.id, 1, { fetcher: provider.fetcher }, DAY)).toBe('retry');
    expect(await deliverOne(env, m.id, 2, { fetcher: provider.fetcher }, DAY + 30_000)).toBe('sent');
    expect(await deliverOne(env, m.id, 3, { fetcher: provider.fetcher }, DAY + 60_000)).toBe('duplicate');
    expect(provider.calls).toHaveLength(2);
  });

  it('quiet hours: an SMS to a citizen at 23:00 Beijing time waits until 08:00; at 08:00 it goes', async () => {
    expect(quietUntil(Date.parse('2026-12-02T23:00:00+08:00'))).toBe(Date.parse('2026-12-03T08:00:00+08:00'));
    expect(quietUntil(Date.parse('2026-12-03T07:59:00+08:00'))).toBe(Date.parse('2026-12-03T08:00:00+08:00'));
    expect(quietUntil(Date.parse('2026-12-03T08:00:00+08:00'))).toBeUndefined();
    expect(quietUntil(Date.parse('2026-12-03T21:59:00+08:00'))).toBeUndefined();
    const c = await file({ notifySms: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    const [m] = await messages(c.reference);
    const provider = smsProvider(() => 'ok');
    const night = Date.parse('2026-12-02T23:00:00+08:00');
    expect(await deliverOne(env, m.id, 1, { fetcher: provider.fetcher }, night)).toBe('deferred');
    expect(provider.calls).toHaveLength(0);
    const row = await env.DB.prepare('select state, not_before from notifications where id = ?').bind(m.id).first<{ state: string; not_before: number }>();
    expect(row).toEqual({ state: 'queued', not_before: Date.parse('2026-12-03T08:00:00+08:00') });
    expect(await deliverOne(env, m.id, 1, { fetcher: provider.fetcher }, Date.parse('2026-12-03T08:00:00+08:00'))).toBe('sent');
    expect(provider.calls).toHaveLength(1);
  });

  it('rate limit: at most 3 SMS an hour to one number; the 4th waits until the first leaves the window', async () => {
    const provider = smsProvider(() => 'ok');
    const refs = [];
    for (let i = 0; i < 4; i++) {
      const c = await file({ notifySms: true, phone: '13700001111' });
      await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
      refs.push(c.reference);
    }
    await queueAll();
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const [m] = await messages(refs[i]);
      outcomes.push(await deliverOne(env, m.id, 1, { fetcher: provider.fetcher }, DAY + i * 60_000));
    }
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'deferred']);
    const [fourth] = await messages(refs[3]);
    const row = await env.DB.prepare('select not_before from notifications where id = ?').bind(fourth.id).first<{ not_before: number }>();
    expect(row!.not_before).toBe(DAY + 3600_000);
    expect(await deliverOne(env, fourth.id, 1, { fetcher: provider.fetcher }, DAY + 3600_000)).toBe('sent');
  });

  it('an unsubscribed citizen gets nothing more: the row is skipped, never sent', async () => {
    const c = await file({ notifyEmail: true });
    await act(env, intake, c.id, 'accept', { version: 1 }, DAY);
    await queueAll();
    await env.DB.prepare("update notification_subscriptions set unsubscribed_at = ? where reference = ?").bind(DAY, c.reference).run();
    const [m] = await messages(c.reference);
    const mail = recordingEmail();
    expect(await deliverOne(mail.env, m.id, 1, {}, DAY)).toBe('skipped');
    expect(mail.sent).toHaveLength(0);
  });
});
