// Appointments registered by staff (预约登记本, seed 001; issue 13): phone and walk-in requests
// written down in the console take the online path (same routing, same contact deadline, same
// limits) with the channel recorded and no Turnstile; a double submit never makes two; the register
// keeps every appointment, archived ones too, with a channel filter and a printable view.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadline, shanghaiDate } from '../../schema/workdays.ts';
import { now as clockNow } from '../../schema/clock.ts';
import { calendar } from '../../worker/lib/catalogue.ts';
import { bookableService, freshPhone, nextWorkingDay, validAppointment } from './appointments-helpers.ts';
import { catalogue, postJson } from './helpers.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';

let clerk: Session;
let handler: Session;
let noStaff: Session;
const { service, department, post: handlerPost } = bookableService();
const slot = department.slots[0].start;

function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    channel: 'phone',
    kind: 'ordinary',
    department: department.id,
    service: service.id,
    date: nextWorkingDay(),
    slot,
    name: '电话预约人',
    phone: freshPhone(),
    matter: '来电预约办理开发企业资质延续，询问所需材料。',
    consent: 'yes',
    idempotencyKey: crypto.randomUUID(),
    ...over,
  };
}

async function rowOf(reference: string) {
  return env.DB.prepare('select * from appointments where reference = ?').bind(reference).first<Record<string, any>>();
}
const referenceIn = (html: string) => html.match(/YY-\d{4}-[0-9A-Z]{6}/)?.[0];

beforeAll(async () => {
  await createAccount('s-clerk', 'intake', 'efficiency-office', 'li-min');
  await createAccount('s-handler', 'handler', department.id, handlerPost.holderB);
  await createAccount('s-nostaff', 'intake', 'efficiency-office', null);
  [clerk, handler, noStaff] = await Promise.all([as('s-clerk'), as('s-handler'), as('s-nostaff')]);
});

describe('registering a phone or walk-in appointment', () => {
  it('phone: same routing and contact deadline as online, channel and registering clerk recorded, no Turnstile', async () => {
    const res = await post('/office/appointments/new', clerk, form());
    expect(res.status).toBe(201);
    const html = await res.text();
    const reference = referenceIn(html)!;
    expect(html).toContain('查询码');
    const row = (await rowOf(reference))!;
    expect(row).toMatchObject({ channel: 'phone', registered_by: 'li-min', department: department.id, post: handlerPost.id, status: 'requested' });
    expect(row.assignee).toBe(handlerPost.holderA);
    expect(row.contact_by).toBe(deadline(calendar, shanghaiDate(clockNow()), department.contactLimitDays).date);
    const ev = await env.DB.prepare("select actor, data from appointment_events where appointment_id = ? and type = 'requested'").bind(row.id).first<{ actor: string; data: string }>();
    expect(ev).toEqual({ actor: 'li-min', data: JSON.stringify({ kind: 'ordinary', channel: 'phone' }) });
    // The same request online lands on the same person with the same deadline.
    const online = await postJson('/api/appointments', validAppointment());
    const o = (await rowOf(((await online.json()) as { reference: string }).reference))!;
    expect([o.channel, o.registered_by, o.assignee, o.contact_by]).toEqual(['online', null, row.assignee, row.contact_by]);
  });

  it('walk-in: recorded as 来访登记', async () => {
    const res = await post('/office/appointments/new', handler, form({ channel: 'visit', name: '来访预约人' }));
    expect(res.status).toBe(201);
    expect((await rowOf(referenceIn(await res.text())!))!).toMatchObject({ channel: 'visit', registered_by: handlerPost.holderB });
  });

  it('a double submit (same idempotency key) makes one appointment, and shows the same reference', async () => {
    const f = form();
    const [r1, r2] = await Promise.all([post('/office/appointments/new', clerk, f), post('/office/appointments/new', clerk, f)]);
    const refs = [referenceIn(await r1.text()), referenceIn(await r2.text())];
    expect(refs[0]).toBeDefined();
    expect(refs[1]).toBe(refs[0]);
    expect([r1.status, r2.status].sort()).toEqual([200, 201]);
    const n = await env.DB.prepare('select count(*) as n from appointments where reference = ?').bind(refs[0]).first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it.each([
    ['no channel', { channel: '' }, 'channel', '请选择预约方式'],
    ['channel online (staff register phone or walk-in only)', { channel: 'online' }, 'channel', '请选择预约方式'],
    ['no department', { department: '', service: '' }, 'department', '请选择要预约的部门'],
    ['a date that does not exist (2026-02-30)', { date: '2026-02-30' }, 'date', '这一天不存在'],
    ['slot 9am written as 9点', { slot: '9点' }, 'slot', 'HH:MM'],
    ['no name', { name: '' }, 'name', '姓名'],
    ['phone 12345', { phone: '12345' }, 'phone', '电话'],
    ['consent not ticked', { consent: '' }, 'consent', '说明个人信息的用途'],
  ])('refuses %s with a Chinese message naming the field (422), writing nothing', async (_label, over, field, message) => {
    const before = (await env.DB.prepare('select count(*) as n from appointments').first<{ n: number }>())!.n;
    const res = await post('/office/appointments/new', clerk, form(over as Record<string, string>));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`href="#${field === 'channel' ? 'channel-phone' : field === 'consent' ? 'consent-yes' : field}"`);
    expect((await env.DB.prepare('select count(*) as n from appointments').first<{ n: number }>())!.n).toBe(before);
  });

  it('an account without a staff member cannot register (403)', async () => {
    expect((await post('/office/appointments/new', noStaff, form())).status).toBe(403);
  });
});

describe('the register (预约登记本)', () => {
  it('keeps archived appointments, filters by channel, and has a printable view', async () => {
    const res = await post('/office/appointments/new', clerk, form({ channel: 'visit', name: '归档预约人' }));
    const reference = referenceIn(await res.text())!;
    await env.DB.prepare("update appointments set status = 'done', archived_at = ? where reference = ?").bind(clockNow(), reference).run();
    const month = shanghaiDate(clockNow()).slice(0, 7);
    const queue = await (await get('/office/appointments/?view=all', clerk)).text();
    expect(queue).not.toContain(reference); // the queue leaves archived ones out…
    const all = await (await get(`/office/appointments/register?month=${month}`, clerk)).text();
    expect(all).toContain(reference); // …the register keeps them
    expect(all).toContain('来访登记');
    const phoneOnly = await (await get(`/office/appointments/register?month=${month}&channel=phone`, clerk)).text();
    expect(phoneOnly).not.toContain(reference);
    expect(phoneOnly).toContain('电话预约');
    const print = await get(`/office/appointments/register/print?month=${month}&channel=visit`, clerk);
    expect(print.status).toBe(200);
    const printed = await print.text();
    expect(printed).toContain(reference);
    expect(printed).toContain('<th scope="col">方式</th>');
    expect(printed).not.toContain('归档预约人'); // no personal data in the register
  });

  it('a handler sees only their department in the register', async () => {
    const other = catalogue.departments.find((d) => d.id !== department.id && d.slots.length > 0)!;
    const res = await post('/office/appointments/new', clerk, form({ department: other.id, service: '', slot: other.slots[0].start }));
    expect(res.status).toBe(201);
    const reference = referenceIn(await res.text())!;
    const month = shanghaiDate(clockNow()).slice(0, 7);
    expect(await (await get(`/office/appointments/register?month=${month}`, handler)).text()).not.toContain(reference);
    expect(await (await get(`/office/appointments/register?month=${month}`, clerk)).text()).toContain(reference);
  });
});
