// The console side of appointments: the queue per handler (only their department; what came to
// them as B is marked), progress with versions, absences by the holder or a supervisor (which then
// route new bookings to B), reception-day bookings per day, and who may see what.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { receptionPlanAt } from '../../worker/services/appointments.ts';
import { bookableService, openReceptionDay, validAppointment, validReception } from './appointments-helpers.ts';
import { catalogue, postJson } from './helpers.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

const { service, department, post: handlerPost } = bookableService();
// Another department that is neither the service's nor the reception receiver's.
const receiverDepartment = catalogue.staff.find((s) => s.id === openReceptionDay().day.receiver)!.department;
const other = catalogue.departments.find((d) => d.id !== department.id && d.id !== receiverDepartment && catalogue.services.some((s) => s.department === d.id && s.bookable))!;
const otherService = catalogue.services.find((s) => s.department === other.id && s.bookable)!;
let a: Session; // the A holder of the service post, a handler in its department
let b: Session; // the B holder
let outsider: Session; // a handler of another department
let chief: Session; // a supervisor

async function book(body: Record<string, unknown>) {
  const res = await postJson('/api/appointments', body);
  expect(res.status).toBe(201);
  const json = (await res.json()) as { reference: string; accessCode: string };
  const row = await env.DB.prepare('select id from appointments where reference = ?').bind(json.reference).first<{ id: number }>();
  return { ...json, id: row!.id };
}

beforeAll(async () => {
  await createAccount('holder-a', 'handler', department.id, handlerPost.holderA);
  await createAccount('holder-b', 'handler', department.id, handlerPost.holderB);
  await createAccount('outsider', 'handler', other.id, catalogue.posts.find((p) => p.department === other.id)!.holderA);
  await createAccount('chief', 'supervisor', 'efficiency-office', null);
  [a, b, outsider, chief] = await Promise.all([as('holder-a'), as('holder-b'), as('outsider'), as('chief')]);
});

describe('the queue', () => {
  it('asks for sign-in, and shows a handler only their department', async () => {
    expect((await get('/office/appointments/')).status).toBe(303);
    const mine = await book(validAppointment({ name: '本部门的预约人' }));
    const theirs = await book(validAppointment({ department: other.id, service: otherService.id, slot: other.slots[0].start }));
    const page = await (await get('/office/appointments/', a)).text();
    expect(page).toContain(`/office/appointments/${mine.id}`);
    expect(page).not.toContain(`/office/appointments/${theirs.id}"`);
    expect((await get(`/office/appointments/${theirs.id}`, a)).status).toBe(404);
    const all = await (await get('/office/appointments/', chief)).text();
    expect(all).toContain(`/office/appointments/${theirs.id}`);
  });

  it('an absence recorded by A routes new bookings to B, whose "mine" queue shows it marked as B', async () => {
    const today = shanghaiDate();
    const res = await post('/office/appointments/absences', a, { staffId: handlerPost.holderA, fromDate: today, toDate: addCalendarDays(today, 2), kind: 'business-trip' });
    expect(res.status).toBe(200);
    const booked = await book(validAppointment());
    const page = await (await get('/office/appointments/?view=mine', b)).text();
    expect(page).toContain(`/office/appointments/${booked.id}`);
    expect(page).toContain('B 岗（A 岗工作人员不在岗）');
    // Withdrawn: the next booking goes to A again.
    const absence = await env.DB.prepare('select id from absences where staff_id = ? and withdrawn_at is null').bind(handlerPost.holderA).first<{ id: number }>();
    expect((await post(`/office/appointments/absences/${absence!.id}/withdraw`, b, {})).status).toBe(403);
    expect((await post(`/office/appointments/absences/${absence!.id}/withdraw`, a, {})).status).toBe(200);
    const after = await book(validAppointment());
    expect((await env.DB.prepare('select routed_via from appointments where id = ?').bind(after.id).first<{ routed_via: string }>())!.routed_via).toBe('a');
  });

  it('a handler cannot record another person’s absence; bad dates are a 422 with the GOV.UK error pattern', async () => {
    const today = shanghaiDate();
    const res = await post('/office/appointments/absences', a, { staffId: handlerPost.holderB, fromDate: today, toDate: today, kind: 'leave' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('只能登记本人的不在岗');
    const bad = await post('/office/appointments/absences', a, { staffId: handlerPost.holderA, fromDate: '2026-12-05', toDate: '2026-12-01', kind: 'nap' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/<title>错误：/);
    expect(html).toContain('结束日期不能早于开始日期');
    expect(html).toContain('href="#kind"');
    // A supervisor may record anyone's.
    expect((await post('/office/appointments/absences', chief, { staffId: handlerPost.holderB, fromDate: today, toDate: today, kind: 'training' })).status).toBe(200);
    await env.DB.prepare('update absences set withdrawn_at = ? where withdrawn_at is null').bind(clockNow()).run();
  });

  it('refuses a post without the CSRF token', async () => {
    const res = await post('/office/appointments/absences', a, { csrf: 'wrong', staffId: handlerPost.holderA, fromDate: '2026-12-01', toDate: '2026-12-01', kind: 'leave' });
    expect(res.status).toBe(403);
  });
});

describe('recording progress', () => {
  it('contacted → scheduled (date, time and place required, shown to the person) → done → archived; a stale version is 409', async () => {
    const ap = await book(validAppointment());
    const v = async () => (await env.DB.prepare('select version from appointments where id = ?').bind(ap.id).first<{ version: number }>())!.version;
    expect((await post(`/office/appointments/${ap.id}/progress`, a, { to: 'contacted', version: await v() })).status).toBe(200);
    const missing = await post(`/office/appointments/${ap.id}/progress`, a, { to: 'scheduled', version: await v() });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('请填写约定地点');
    const stale = await post(`/office/appointments/${ap.id}/progress`, a, { to: 'scheduled', version: 1, date: '2026-12-01', time: '09:30', place: '一楼 3 号窗口' });
    expect(stale.status).toBe(409);
    expect((await post(`/office/appointments/${ap.id}/progress`, a, { to: 'scheduled', version: await v(), date: '2026-12-01', time: '09:30', place: '一楼 3 号窗口', note: '预约人需要带原件' })).status).toBe(200);
    const notAllowed = await post(`/office/appointments/${ap.id}/progress`, a, { to: 'contacted', version: await v() });
    expect(notAllowed.status).toBe(422);
    expect((await post(`/office/appointments/${ap.id}/progress`, a, { to: 'done', version: await v() })).status).toBe(200);
    expect((await post(`/office/appointments/${ap.id}/archive`, a, { version: await v() })).status).toBe(200);
    const track = (await (await postJson('/api/appointments/track', { reference: ap.reference, accessCode: ap.accessCode })).json()) as { status: string; events: { type: string; data: Record<string, string> }[] };
    expect(track.status).toBe('done');
    expect(track.events.map((e) => e.type)).toEqual(['requested', 'contacted', 'scheduled', 'done']);
    expect(track.events[2].data).toEqual({ date: '2026-12-01', time: '09:30', place: '一楼 3 号窗口' });
    const raw = JSON.stringify((await env.DB.prepare('select data from appointment_events where appointment_id = ?').bind(ap.id).all()).results);
    expect(raw).not.toContain('预约人需要带原件');
  });

  it('an archived appointment leaves the open queue', async () => {
    const page = await (await get('/office/appointments/?view=all', a)).text();
    const archived = await env.DB.prepare('select id from appointments where archived_at is not null').first<{ id: number }>();
    expect(page).not.toContain(`/office/appointments/${archived!.id}"`);
  });
});

describe('reception-day bookings', () => {
  it('lists bookings per day and slot with the count against capacity, names visible to the supervisor', async () => {
    await postJson('/api/appointments', validReception({ name: '接待日登记人' }));
    const res = await get('/office/appointments/reception', chief);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('接待日登记人');
    expect(html).toMatch(/已登记 1 \/ \d+ 人/);
    const outsiderView = await (await get('/office/appointments/reception', outsider)).text();
    expect(outsiderView).not.toContain('接待日登记人');
  });

  it('warns in the console when the calendar or the schedule no longer covers the publishing horizon', async () => {
    const plan = receptionPlanAt();
    const lastYear = Math.max(...catalogue.calendar.map((c) => c.year));
    // Computed from the clock and the calendar on file, so it holds on any run date.
    const uncovered = Number((plan.days.at(-1)?.date ?? plan.horizon).slice(0, 4)) > lastYear;
    const html = await (await get('/office/appointments/reception', chief)).text();
    if (uncovered) {
      expect(plan.warnings.join()).toContain(`content/calendar/${lastYear + 1}.yaml`);
      expect(html).toContain('接待日安排需要更新');
    }
    for (const w of plan.warnings) expect(html).toContain(w);
    for (const d of plan.days) expect(html).toContain(`id="day-${d.date}"`);
  });
});

describe('hostile console forms', () => {
  it('300 random progress and absence forms: never a 5xx, never an event or absence from a rejected form', async () => {
    const ap = await book(validAppointment());
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('scheduled', 'done', '2026-02-30', '25:99', '<script>', "'; drop table absences; --", '\u0000', 'x'.repeat(5000)));
    const form = fc.record({ to: text, version: fc.oneof(text, fc.integer().map(String)), date: text, time: text, place: text, note: text, staffId: text, fromDate: text, toDate: text, kind: text }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, absence) => {
        const count = async () => (await env.DB.prepare('select (select count(*) from appointment_events) + (select count(*) from absences) as n').first<{ n: number }>())!.n;
        const before = await count();
        const res = await post(absence ? '/office/appointments/absences' : `/office/appointments/${ap.id}/progress`, a, fields);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status !== 200) expect(await count()).toBe(before);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('internal notes (issue 17, item 9)', () => {
  it('staff who may see the appointment read its notes in the history; the database keeps them sealed', async () => {
    const ap = await book(validAppointment());
    const v = async () => (await env.DB.prepare('select version from appointments where id = ?').bind(ap.id).first<{ version: number }>())!.version;
    expect((await post(`/office/appointments/${ap.id}/progress`, a, { to: 'contacted', version: await v(), note: '电话里说要带身份证复印件' })).status).toBe(200);
    const page = await (await get(`/office/appointments/${ap.id}`, a)).text();
    expect(page).toContain('电话里说要带身份证复印件');
    expect(page).not.toContain('已加密保存的备注');
    expect([403, 404]).toContain((await get(`/office/appointments/${ap.id}`, outsider)).status);
    const raw = JSON.stringify((await env.DB.prepare('select data from appointment_events where appointment_id = ?').bind(ap.id).all()).results);
    expect(raw).not.toContain('电话里说要带身份证复印件');
  });
});
