/** Notification pages (issue 15): staff preferences, unsubscribe, delivery state on the case page, the opt-in on the form. */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../worker/lib/crypto.ts';
import { rotateAll } from '../../worker/lib/rotation.ts';
import { d1Port } from '../../worker/lib/sql-port.ts';
import { unsubscribeLink } from '../../worker/notify/consumer.ts';
import { asForm, postForm, postJson, validComplaint } from './helpers.ts';
import { fileComplaint } from '../../worker/services/complaints.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { as, createAccount, get, post } from './office-helpers.ts';

beforeAll(async () => {
  await createAccount('np-intake', 'intake', 'efficiency-office', 'li-min');
  await createAccount('np-super', 'supervisor', 'efficiency-office', 'zhao-li');
  await createAccount('np-handler', 'handler', 'real-estate', 'han-bing');
});

describe('staff preferences (/office/notify/)', () => {
  it('a staff member saves an e-mail and the digest; the address is stored sealed, never in clear', async () => {
    const s = await as('np-intake');
    const page = await get('/office/notify/', s);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('每天汇总一封');
    const saved = await post('/office/notify/', s, { email: 'li.min@office.example.cn', mode: 'digest' });
    expect(saved.status).toBe(303);
    const row = await env.DB.prepare("select p.email, p.mode from staff_notification_prefs p join staff_accounts a on a.id = p.account_id where a.username = 'np-intake'").first<{ email: string; mode: string }>();
    expect(row!.mode).toBe('digest');
    expect(row!.email).not.toContain('li.min');
    expect(await (await get('/office/notify/', s)).text()).toContain('li.min@office.example.cn');
  });

  it('bad answers come back as 422 with what to fix (tried: "not-an-email", phone "12345", SMS ticked without a phone)', async () => {
    const s = await as('np-intake');
    const res = await post('/office/notify/', s, { email: 'not-an-email', phone: '12345', mode: 'immediate' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：/);
    expect(html).toContain('电子邮箱格式不对');
    expect(html).toContain('手机号要写 11 位数字');
    const noPhone = await post('/office/notify/', s, { email: '', smsUrgent: 'true', mode: 'immediate' });
    expect(noPhone.status).toBe(422);
    expect(await noPhone.text()).toContain('要收紧急短信，请填写手机号');
  });

  it('the SMS sink page is for supervisors and admins only, and says when the local sink is not running', async () => {
    expect((await get('/office/notify/sms/', await as('np-handler'))).status).toBe(403);
    const res = await get('/office/notify/sms/', await as('np-super'));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/短信接收器没有运行|还没有短信|短信内容/);
  });
});

describe('the outbox overview on /office/notify/ (supervisors and admins)', () => {
  it('shows every state without an address; a handler does not get it; a message about a case the supervisor is concerned by is left out', async () => {
    const now = Date.now();
    const insert = (key: string, subject: string, state: string, error: string | null) =>
      env.DB.prepare(
        `insert into notifications (key, event, audience, recipient, subject, channel, template, params, urgent, state, attempts, error, created_at)
         values (?, 'application.accepted', 'citizen', ?, ?, 'sms', 'application-accepted', ?, 0, ?, 6, ?, ?)`,
      ).bind(key, subject, subject, JSON.stringify({ reference: subject.replace(/^BJ:/, ''), status: '已受理，办理中', date: '2026-12-09' }), state, error, now);
    await env.DB.batch([insert('ov-1', 'BJ:OV-SENT-0001', 'sent', null), insert('ov-2', 'BJ:OV-DEAD-0002', 'failed', 'DeadLetter')]);
    // The supervisor (zhao-li) is a concerned party of a complaint that has a message in the outbox.
    const filed = await fileComplaint(env, schemas.complaintInput.parse(validComplaint()), undefined);
    if (filed.kind !== 'created') throw new Error('not filed');
    const reference = filed.created.reference;
    await env.DB.prepare("insert into case_parties (complaint_id, person, kind, actor, at) select id, 'zhao-li', 'concerned', 'test', ? from complaints where reference = ?").bind(now, reference).run();
    await insert('ov-3', reference, 'pending', null).run();
    const html = await (await get('/office/notify/', await as('np-super'))).text();
    expect(html).toContain('通知发送情况');
    expect(html).toContain('您的办件 OV-SENT-0001 已受理');
    expect(html).toContain('已发送');
    expect(html).toContain('发送失败（已多次重试）');
    expect(html).toContain('DeadLetter');
    expect(html).not.toContain(reference);
    const handler = await (await get('/office/notify/', await as('np-handler'))).text();
    expect(handler).not.toContain('通知发送情况');
    expect(handler).not.toContain('OV-SENT-0001');
  });
});

describe('citizens: opt-in, delivery state, unsubscribe', () => {
  it('the complaint form offers e-mail and SMS notification, unticked by default', async () => {
    const html = await (await get('/complaints/new/')).text();
    expect(html).toMatch(/<input[^>]*id="notifyEmail"[^>]*type="checkbox"/);
    expect(html).toMatch(/<input[^>]*id="notifySms"[^>]*type="checkbox"/);
    expect(html).not.toMatch(/id="notifyEmail"[^>]*checked/);
  });

  it('the form refuses e-mail notification without an address: 422 with the fix', async () => {
    const res = await postForm('/complaints/new/', asForm(validComplaint({ email: undefined, notifyEmail: 'true' })));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('要用电子邮件通知您，请填写电子邮箱');
  });

  it('the case page shows staff what was sent and its state, without the address', async () => {
    const filed = await postJson('/api/complaints', validComplaint({ notifyEmail: true }));
    expect(filed.status).toBe(201);
    const { reference } = (await filed.json()) as { reference: string };
    const { id } = (await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>())!;
    const s = await as('np-intake');
    expect((await post(`/office/cases/${id}/accept`, s, { version: 1 })).status).toBeLessThan(400);
    const html = await (await get(`/office/cases/${id}`, s)).text();
    const section = html.slice(html.indexOf('通知发送情况'));
    expect(section).toContain(`您的效能投诉 ${reference} 已受理`);
    expect(section).toMatch(/排队中|已发送|发送失败/);
    expect(section).not.toContain('liu.xiaoming@example.com');
  });

  it('unsubscribe: a forged link is refused (400); the signed one shows a confirm button and its POST stops that channel', async () => {
    const filed = await postJson('/api/complaints', validComplaint({ notifyEmail: true }));
    const { reference } = (await filed.json()) as { reference: string };
    expect((await get(`/notify/unsubscribe?r=${reference}&c=email&t=forged`)).status).toBe(400);
    const link = new URL(await unsubscribeLink(env, reference, 'email'));
    const page = await get(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('确认退订');
    const done = await post(`${link.pathname}${link.search}`, undefined, {});
    expect(done.status).toBe(200);
    const sub = await env.DB.prepare("select unsubscribed_at from notification_subscriptions where reference = ? and channel = 'email'").bind(reference).first<{ unsubscribed_at: number | null }>();
    expect(sub!.unsubscribed_at).not.toBeNull();
  });
});

// Last: it re-seals this file's data under a key the worker does not hold.
describe('key rotation', () => {
  it('key rotation re-seals staff addresses too, so they stay readable after the old key is retired', async () => {
    const s = await as('np-intake');
    await post('/office/notify/', s, { email: 'rotate.me@office.example.cn', phone: '13600009999', mode: 'immediate' });
    const NEW = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const ring = `v2:${NEW},v1:${env.PII_KEY}`;
    await rotateAll(d1Port(env.DB), ring);
    const row = (await env.DB.prepare("select p.email, p.phone from staff_notification_prefs p join staff_accounts a on a.id = p.account_id where a.username = 'np-intake'").first<{ email: string; phone: string }>())!;
    expect(row.email.startsWith('v2.')).toBe(true);
    expect(await open<string>(`v2:${NEW}`, row.email)).toBe('rotate.me@office.example.cn');
    expect(await open<string>(`v2:${NEW}`, row.phone)).toBe('13600009999');
  });
});
