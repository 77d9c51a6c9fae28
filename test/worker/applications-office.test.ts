// The console side of 电子监察: the window clerk's form, the event form, the card actions (督办 →
// 回告 → 办结) with their role and department checks, the list filters, and client management.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../schema/clock.ts';
import { applicationCardEvents, applicationCards, applicationClients, applications } from '../../schema/db/applications.ts';
import { recordEvents, sweepCards } from '../../worker/services/applications.ts';
import { db } from './applications-helpers.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';

let clerk: Session;
let supervisor: Session;
let unitHandler: Session;
let otherHandler: Session;
let admin: Session;

// The file's applications happen in November 2026 (fixed instants below), so it runs on a day just
// after them: the one clock is set here and restored for the next file (test/dates.ts runs the
// suite at days before November 2026 too, when these events would lie in the future).
afterAll(() => setClock(env.CLOCK_START));

beforeAll(async () => {
  setClock(Date.parse('2026-11-20T10:00:00+08:00'));
  await createAccount('a-clerk', 'intake', 'approval-section', 'sun-yue');
  await createAccount('a-super', 'supervisor', 'efficiency-office', 'zhao-li');
  await createAccount('a-unit', 'handler', 'real-estate', null);
  await createAccount('a-other', 'handler', 'housing-security', null);
  await createAccount('a-admin', 'admin');
  clerk = await as('a-clerk');
  supervisor = await as('a-super');
  unitHandler = await as('a-unit');
  otherHandler = await as('a-other');
  admin = await as('a-admin');
});

const hiddenKey = (html: string) => /name="key" value="([^"]+)"/.exec(html)![1];

describe('the window clerk form', () => {
  it('answers 422 with an error summary and every answer kept (inputs: no service, no applicant, correction without materials, bad number)', async () => {
    const res = await post('/office/applications/new', clerk, { key: 'k-bad-input-1', number: '坏', applicantName: '', decision: 'correction', materials: '', phone: '13900000000' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<title>错误：');
    expect(html).toContain('role="alert"');
    for (const message of ['请选择办理事项', '请填写申请人姓名或单位名称', '一次列出全部所缺材料', '办件编号应为']) expect(html).toContain(message);
    expect(html).toContain('value="13900000000"');
  });

  it('records an application accepted on the spot, shows the query code once, and a double submit records nothing twice', async () => {
    const form = await get('/office/applications/new', clerk);
    expect(form.status).toBe(200);
    const key = hiddenKey(await form.text());
    const fields = { key, service: 'construction-permit', channel: 'window', applicantKind: 'organisation', applicantName: '常州某建设有限公司', decision: 'accept', number: 'CK-TEST-000001' };
    const first = await post('/office/applications/new', clerk, fields);
    expect(first.status).toBe(303);
    expect(first.headers.get('Location')).toMatch(/^\/office\/applications\/CK-TEST-000001\?done=new&code=[0-9A-Z]{10}$/);
    const again = await post('/office/applications/new', clerk, fields);
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).not.toContain('code=');
    const row = await db().select().from(applications).where(eq(applications.number, 'CK-TEST-000001')).get();
    expect(row!.status).toBe('accepted');
    expect(row!.version).toBe(2);
    const page = await (await get('/office/applications/CK-TEST-000001', clerk)).text();
    expect(page).toContain('已受理，办理中');
    expect(page).not.toContain('常州某建设有限公司');
  });

  it('records a 补正 told at once: the materials listed and the clock stopped', async () => {
    const res = await post('/office/applications/new', clerk, { key: 'k-correction-1', service: 'construction-permit', applicantName: '李四', decision: 'correction', materials: '施工图审查合格书\n中标通知书', number: 'CK-TEST-000002' });
    expect(res.status).toBe(303);
    const row = await db().select().from(applications).where(eq(applications.number, 'CK-TEST-000002')).get();
    expect(row!.stopped).toBe(1);
    const page = await (await get('/office/applications/CK-TEST-000002', clerk)).text();
    expect(page).toContain('施工图审查合格书；中标通知书');
  });

  it('records the notice channels the applicant chose (issue 15): SMS chosen → its subscription and the acceptance text; e-mail chosen without an address → 422 that says to fill it in, nothing written', async () => {
    const form = await (await get('/office/applications/new', clerk)).text();
    expect(form).toContain('name="notify"');
    expect(form).toContain('短信通知');
    const ok = await post('/office/applications/new', clerk, { key: 'k-notify-1', service: 'construction-permit', applicantName: '王五', phone: '13700001111', notify: 'sms', decision: 'accept', number: 'CK-TEST-000010' });
    expect(ok.status).toBe(303);
    const subs = await env.DB.prepare("select channel from notification_subscriptions where reference = 'BJ:CK-TEST-000010'").all<{ channel: string }>();
    expect(subs.results).toEqual([{ channel: 'sms' }]);
    const sent = await env.DB.prepare("select template, channel from notifications where recipient = 'BJ:CK-TEST-000010'").all();
    expect(sent.results).toEqual([{ template: 'application-accepted', channel: 'sms' }]);
    // The application's page shows the notice and its state, never the number it goes to.
    const page = await (await get('/office/applications/CK-TEST-000010', clerk)).text();
    expect(page).toContain('通知发送情况');
    expect(page).toContain('您的办件 CK-TEST-000010 已受理');
    expect(page).not.toContain('13700001111');
    const bad = await post('/office/applications/new', clerk, { key: 'k-notify-2', service: 'construction-permit', applicantName: '赵六', notify: 'email', decision: 'accept', number: 'CK-TEST-000011' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('请填写电子邮箱');
    expect(html).toContain('href="#email"');
    expect(await db().select().from(applications).where(eq(applications.number, 'CK-TEST-000011')).get()).toBeUndefined();
  });

  it('records an event from the application page, and answers 422 with the reason for one that does not fit', async () => {
    const ok = await post('/office/applications/CK-TEST-000001/events', clerk, { key: 'k-step-0001', type: 'step-done', step: '0' });
    expect(ok.status).toBe(303);
    const twice = await post('/office/applications/CK-TEST-000001/events', clerk, { key: 'k-step-0002', type: 'step-done', step: '0' });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('已经记录办结');
    const noReason = await post('/office/applications/CK-TEST-000001/events', clerk, { key: 'k-ext-0001', type: 'extended', days: '3' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('延期理由');
  });
});

describe('cards in the console', () => {
  let cardId = 0;
  beforeAll(async () => {
    // maintenance-fund-use (real-estate), accepted 2026-11-02, committed 5 days → overdue from 11-10.
    await recordEvents(env, db(), 'console:test', null, [
      { id: 'card-app-r', application: 'CK-CARD-000001', type: 'received', occurredAt: '2026-11-02T09:00:00+08:00', data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: '王五' } } },
      { id: 'card-app-a', application: 'CK-CARD-000001', type: 'accepted', occurredAt: '2026-11-02T09:30:00+08:00', data: {} },
    ], Date.parse('2026-11-02T10:00:00+08:00'));
    await sweepCards(env, db(), Date.parse('2026-11-10T10:00:00+08:00'));
    const red = await db().select().from(applicationCards).where(eq(applicationCards.colour, 'red')).get();
    cardId = red!.id;
  });

  it('lists cards filtered by colour and department', async () => {
    const reds = await (await get('/office/applications/?colour=red&department=real-estate', supervisor)).text();
    expect(reds).toContain('CK-CARD-000001');
    const none = await (await get('/office/applications/?colour=red&department=housing-security', supervisor)).text();
    expect(none).not.toContain('CK-CARD-000001');
  });

  it('runs 督办 → 回告 → 办结 with the registry’s checks: 422 on an empty instruction, 403 for another department’s handler, 409 out of order', async () => {
    expect((await post(`/office/applications/cards/${cardId}/answer`, unitHandler, { answer: '还没督办' })).status).toBe(409);
    const empty = await post(`/office/applications/cards/${cardId}/supervise`, supervisor, { instruction: '', answerDays: '3' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('请填写督办要求');
    expect((await post(`/office/applications/cards/${cardId}/supervise`, supervisor, { instruction: '请说明超期原因并立即办结', answerDays: '3' })).status).toBe(303);
    const card = await db().select().from(applicationCards).where(eq(applicationCards.id, cardId)).get();
    expect(card!.state).toBe('supervised');
    expect(card!.answerBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await post(`/office/applications/cards/${cardId}/answer`, otherHandler, { answer: '不是我们的' })).status).toBe(403);
    expect((await post(`/office/applications/cards/${cardId}/answer`, unitHandler, { answer: '经办人休假未交接，已于今日办结并整改' })).status).toBe(303);
    expect((await post(`/office/applications/cards/${cardId}/close`, unitHandler, { outcome: '自己关' })).status).toBe(403);
    expect((await post(`/office/applications/cards/${cardId}/close`, supervisor, { outcome: '回告属实，予以通报' })).status).toBe(303);
    const events = await db().select().from(applicationCardEvents).where(eq(applicationCardEvents.cardId, cardId)).all();
    expect(events.map((e) => e.type)).toEqual(['raised', 'supervised', 'answered', 'closed']);
    await expect(env.DB.prepare('delete from application_card_events').run()).rejects.toThrow(/append-only/);
  });
});

describe('business-system clients', () => {
  it('lets an admin create a client (secret shown once, stored sealed) and revoke it; 422 without a scope', async () => {
    const bad = await post('/office/applications/clients/', admin, { name: '不动产系统' });
    expect(bad.status).toBe(422);
    const res = await post('/office/applications/clients/', admin, { name: '不动产交易系统', department: 'real-estate' });
    expect(res.status).toBe(201);
    const html = await res.text();
    const secret = /<code>([A-Za-z0-9_-]{43})<\/code>/.exec(html)![1];
    const row = await db().select().from(applicationClients).get();
    expect(row!.secret).not.toContain(secret);
    const list = await (await get('/office/applications/clients/', admin)).text();
    expect(list).not.toContain(secret);
    expect((await post(`/office/applications/clients/${row!.id}/revoke`, admin, {})).status).toBe(303);
    expect((await db().select().from(applicationClients).get())!.revokedAt).not.toBeNull();
  });
});

describe('a red card opens an efficiency case', () => {
  it('opens one case against the responsible post (anonymous, channel 电子监察红牌), once; the responsible person is hidden from it; a yellow card cannot', async () => {
    await recordEvents(env, db(), 'console:test', null, [
      { id: 'case-app-r', application: 'CK-CASE-000001', type: 'received', occurredAt: '2026-11-02T09:00:00+08:00', data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: '钱六' } } },
      { id: 'case-app-a', application: 'CK-CASE-000001', type: 'accepted', occurredAt: '2026-11-02T09:30:00+08:00', data: {} },
    ], Date.parse('2026-11-02T10:00:00+08:00'));
    await sweepCards(env, db(), Date.parse('2026-11-10T10:00:00+08:00'));
    const app = await db().select().from(applications).where(eq(applications.number, 'CK-CASE-000001')).get();
    const cards = await db().select().from(applicationCards).where(eq(applicationCards.applicationId, app!.id)).all();
    const red = cards.find((c) => c.colour === 'red')!;
    const yellow = cards.find((c) => c.colour === 'yellow');
    const res = await post(`/office/applications/cards/${red.id}/open-case`, supervisor, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toMatch(/^\/office\/cases\/\d+$/);
    expect((await post(`/office/applications/cards/${red.id}/open-case`, supervisor, {})).status).toBe(409);
    if (yellow) expect((await post(`/office/applications/cards/${yellow.id}/open-case`, supervisor, {})).status).toBe(409);
    const linked = await db().select().from(applicationCards).where(eq(applicationCards.id, red.id)).get();
    const complaint = await env.DB.prepare('select channel, anonymous, department from complaints where id = ?').bind(linked!.caseId).first<{ channel: string; anonymous: number; department: string }>();
    expect(complaint).toEqual({ channel: 'supervision', anonymous: 1, department: 'real-estate' });
    // The person named (the post's holder that day) is recorded as concerned, so the case is hidden from them.
    const parties = await env.DB.prepare('select person from case_parties where complaint_id = ?').bind(linked!.caseId).all<{ person: string }>();
    expect(parties.results.map((p) => p.person)).toContain(red.holder);
  });
});
