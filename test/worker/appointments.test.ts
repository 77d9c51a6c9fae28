// Appointments (issue 5): A/B routing, slot rules, the reception day's capacity under concurrent
// bookings, overdue contact, tracking and cancellation, idempotency, and the forms without JavaScript.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { appointmentCreated, appointmentSchemas, appointmentView } from '../../schema/appointment.ts';
import { addCalendarDays, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { bookAppointment, receptionPlanAt, recordProgress, sweepAppointments } from '../../worker/services/appointments.ts';
import { ReceptionForm } from '../../worker/views/appointments/reception.tsx';
import { route } from '../../worker/services/routing.ts';
import { sweep } from '../../worker/sweep.ts';
import { appointmentCount, bookableService, nextWorkingDay, openReceptionDay, recordAbsence, validAppointment, validReception } from './appointments-helpers.ts';
import { BASE, catalogue, ip, postForm, postJson } from './helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

const today = () => shanghaiDate();

async function book(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await postJson('/api/appointments', body, headers);
  return { res, json: (await res.json()) as Record<string, any> };
}

describe('A/B routing', () => {
  const { service, post, department } = bookableService();

  it('goes to the A holder of the service post when nobody is away', () => {
    expect(route(catalogue, { department: department.id, service: service.id }, { away: new Set(), standIns: new Map() })).toEqual({ department: department.id, post: post.id, assignee: post.holderA, via: 'a' });
  });

  it('goes to the B holder when the A holder is away', () => {
    expect(route(catalogue, { department: department.id, service: service.id }, { away: new Set([post.holderA]), standIns: new Map() })).toMatchObject({ assignee: post.holderB, via: 'b' });
  });

  it('goes to the department head when both A and B are away', () => {
    expect(route(catalogue, { department: department.id, service: service.id }, { away: new Set([post.holderA, post.holderB]), standIns: new Map() })).toMatchObject({ assignee: department.head, via: 'head' });
  });

  it('without a service, uses the department default post', () => {
    const d = catalogue.departments[0];
    const p = catalogue.posts.find((x) => x.id === d.defaultPost)!;
    expect(route(catalogue, { department: d.id }, { away: new Set(), standIns: new Map() })).toMatchObject({ post: p.id, assignee: p.holderA });
  });

  it('a booking made while A is recorded away is routed to B, and the person is told B’s name and post', async () => {
    await recordAbsence(post.holderA, addCalendarDays(today(), -1), addCalendarDays(today(), 3));
    const { res, json } = await book(validAppointment());
    expect(res.status).toBe(201);
    const b = catalogue.staff.find((s) => s.id === post.holderB)!;
    expect(json.contact).toMatchObject({ name: b.name, post: post.title, via: 'b' });
    const row = await env.DB.prepare('select assignee, routed_via from appointments where reference = ?').bind(json.reference).first();
    expect(row).toEqual({ assignee: post.holderB, routed_via: 'b' });
    // With B away too, the head contacts, and is named with the department and title.
    await recordAbsence(post.holderB, today(), today());
    const second = await book(validAppointment());
    const head = catalogue.staff.find((s) => s.id === department.head)!;
    expect(second.json.contact).toMatchObject({ name: head.name, via: 'head' });
    expect(second.json.contact.post).toContain(head.title);
    // A withdrawn absence no longer counts.
    await env.DB.prepare('update absences set withdrawn_at = ?').bind(clockNow()).run();
    const third = await book(validAppointment());
    expect(third.json.contact.via).toBe('a');
  });

  it('an absence that ended yesterday does not route away from A', async () => {
    const other = catalogue.services.find((s) => s.bookable && s.handlerPost !== post.id)!;
    const p = catalogue.posts.find((x) => x.id === other.handlerPost)!;
    await recordAbsence(p.holderA, addCalendarDays(today(), -5), addCalendarDays(today(), -1));
    const d = catalogue.departments.find((x) => x.id === other.department)!;
    const { json } = await book(validAppointment({ department: d.id, service: other.id, slot: d.slots[0].start }));
    expect(json.contact.via).toBe('a');
  });
});

describe('slot rules', () => {
  const fixed = (iso: string) => appointmentSchemas(catalogue, { now: () => Date.parse(iso) });
  const errorsOf = (schema: ReturnType<typeof fixed>, body: Record<string, unknown>) => {
    const r = schema.appointmentInput.safeParse(body);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
  };
  // 2026-11-20 is a Friday; the calendar of 2026 is on file.
  const s = fixed('2026-11-20T02:00:00Z');
  const base = () => validAppointment({ date: '2026-11-23' });

  it('accepts a working day from tomorrow in one of the department’s slots', () => {
    expect(s.appointmentInput.safeParse(base()).success).toBe(true);
  });

  it('refuses today, the past, a weekend, a public holiday and beyond 30 days, each with its reason', () => {
    expect(errorsOf(s, { ...base(), date: '2026-11-20' }).date).toContain('最早可以预约明天');
    expect(errorsOf(s, { ...base(), date: '2026-11-02' }).date).toContain('最早可以预约明天');
    expect(errorsOf(s, { ...base(), date: '2026-11-22' }).date).toContain('不是工作日');
    expect(errorsOf(s, { ...base(), date: '2026-12-31' }).date).toContain('30 天以内');
    const holiday = fixed('2026-09-25T02:00:00Z');
    expect(errorsOf(holiday, { ...base(), date: '2026-10-01' }).date).toContain('不是工作日');
    expect(errorsOf(s, { ...base(), date: '2026-02-30' }).date).toContain('不存在');
    expect(errorsOf(s, { ...base(), date: '23/11/2026' }).date).toContain('YYYY-MM-DD');
  });

  it('a make-up working day (调休上班) on a weekend is bookable', () => {
    const year = catalogue.calendar.find((c) => c.year === 2026)!;
    const makeUp = year.workdays.find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() % 6 === 0);
    if (!makeUp) return;
    const at = fixed(`${addCalendarDays(makeUp, -3)}T02:00:00Z`);
    expect(errorsOf(at, { ...base(), date: makeUp }).date).toBeUndefined();
  });

  it('refuses a 2027 date with a message that 2027’s calendar is not published yet, but books a 2027 reception day', () => {
    const late = fixed('2026-12-20T02:00:00Z');
    expect(errorsOf(late, { ...base(), date: '2027-01-05' }).date).toContain('2027 年的放假安排尚未公布');
    const { day } = openReceptionDay(Date.parse('2026-12-20T02:00:00Z'));
    expect(day.date.startsWith('2027'), day.date).toBe(true);
    expect(day.provisional).toBe(true);
    expect(late.appointmentInput.safeParse(validReception({ date: day.date, slot: day.slots[0].start })).success).toBe(true);
  });

  it('refuses a slot the department does not offer, a service of another department, and a reception day that is not published', () => {
    const { department } = bookableService();
    expect(errorsOf(s, { ...base(), slot: '08:00' }).slot).toContain(department.name);
    const foreign = catalogue.services.find((x) => x.department !== department.id)!;
    expect(errorsOf(s, { ...base(), service: foreign.id }).service).toContain('不属于所选部门');
    expect(errorsOf(s, validReception({ date: '2026-11-25' })).date).toContain('不是公布的局长接待日');
    const at = Date.parse('2026-11-20T02:00:00Z');
    expect(errorsOf(s, validReception({ slot: '15:00' }, at)).slot).toContain('没有 15:00');
    expect(errorsOf(s, validReception({ department: department.id }, at)).department).toContain('不用选择部门');
  });

  it('closes online booking of a reception day the day before', () => {
    const { day } = openReceptionDay();
    const onTheDay = fixed(`${day.date}T01:00:00Z`);
    expect(errorsOf(onTheDay, validReception()).date).toContain('前一天截止');
  });
});

describe('the reception day never overbooks', () => {
  it('25 concurrent bookings for the last place: exactly one is accepted, the rest get 409', async () => {
    const { day, slot } = openReceptionDay();
    // Fill all but one place.
    for (let i = 0; i < slot.capacity - 1; i++) expect((await book(validReception({ name: `预填${i}` }))).res.status).toBe(201);
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => postJson('/api/appointments', validReception({ name: `并发${i}` }))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);
    const taken = await env.DB.prepare("select count(*) as n from appointments where kind = 'reception' and date = ? and slot_start = ? and status <> 'cancelled'").bind(day.date, slot.start).first<{ n: number }>();
    expect(taken!.n).toBe(slot.capacity);
    // A refused booking leaves no event behind.
    const orphans = await env.DB.prepare('select count(*) as n from appointment_events where appointment_id not in (select id from appointments)').first<{ n: number }>();
    expect(orphans!.n).toBe(0);
    const days = (await (await exports.default.fetch(`${BASE}/api/appointments/reception-days`)).json()) as { days: { date: string; slots: { start: string; left: number }[] }[] };
    expect(days.days.find((d) => d.date === day.date)!.slots.find((s) => s.start === slot.start)!.left).toBe(0);
  });

  it('a cancellation frees the place for someone else', async () => {
    const { slot } = openReceptionDay();
    const other = openReceptionDay().day.slots[1] ?? slot;
    const made = [];
    for (let i = 0; i < other.capacity; i++) made.push((await book(validReception({ slot: other.start, name: `占位${i}` }))).json);
    expect((await book(validReception({ slot: other.start }))).res.status).toBe(409);
    const cancel = await postJson('/api/appointments/cancel', { reference: made[0].reference, accessCode: made[0].accessCode });
    expect(cancel.status).toBe(200);
    expect((await book(validReception({ slot: other.start }))).res.status).toBe(201);
  });
});

describe('POST /api/appointments', () => {
  it('201 with reference, access code, contact deadline and who will contact, valid against the response schema', async () => {
    const { res, json } = await book(validAppointment());
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(appointmentCreated.safeParse(json).success).toBe(true);
    expect(json.reference).toMatch(/^YY-\d{4}-/);
    expect(json.contactBy > today()).toBe(true);
    const { department } = bookableService();
    expect(json.contactBy <= addCalendarDays(today(), 3 + department.contactLimitDays * 7)).toBe(true);
  });

  it('keeps name, phone and matter only sealed', async () => {
    await book(validAppointment({ name: '独一无二的名字', phone: '13900001111' }));
    const rows = await env.DB.prepare('select * from appointments').all();
    const dump = JSON.stringify(rows.results) + JSON.stringify((await env.DB.prepare('select * from appointment_events').all()).results);
    expect(dump).not.toContain('独一无二的名字');
    expect(dump).not.toContain('13900001111');
  });

  it('the same Idempotency-Key and body return the same appointment once; a different body with it is 422', async () => {
    const key = crypto.randomUUID();
    const before = await appointmentCount();
    const body = validAppointment(); // one body: each call draws a fresh phone
    const a = await book(body, { 'Idempotency-Key': key });
    const b = await book(body, { 'Idempotency-Key': key });
    expect([a.res.status, b.res.status]).toEqual([201, 201]);
    expect(b.res.headers.get('idempotent-replayed')).toBe('true');
    expect(b.json).toEqual(a.json);
    expect(await appointmentCount()).toBe(before + 1);
    const c = await book({ ...body, matter: '换了内容的另一次预约请求' }, { 'Idempotency-Key': key });
    expect(c.res.status).toBe(422);
    expect(c.json.errors[0].field).toBe('Idempotency-Key');
  });

  it('bad input is a 422 problem listing every field, in Chinese, and writes nothing', async () => {
    const before = await appointmentCount();
    const { res, json } = await book({ department: 'nowhere', date: 'tomorrow', slot: '9', matter: '', phone: '123', consent: false, extra: 1 });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['department', 'date', 'slot', 'matter', 'name', 'phone', 'consent', 'extra']));
    expect(await appointmentCount()).toBe(before);
  });
});

describe('tracking and cancellation', () => {
  it('tracks with reference and code (any case, dashes), then cancels once; a second cancel is 409', async () => {
    const { json } = await book(validAppointment());
    const creds = { reference: json.reference.toLowerCase(), accessCode: `${json.accessCode.slice(0, 5)}-${json.accessCode.slice(5).toLowerCase()}` };
    const t = await postJson('/api/appointments/track', creds);
    expect(t.status).toBe(200);
    const view = (await t.json()) as Record<string, any>;
    expect(appointmentView.safeParse(view).success).toBe(true);
    expect(view).toMatchObject({ status: 'requested', canCancel: true, submitted: { name: '周小红' } });
    expect(view.events.map((e: { type: string }) => e.type)).toEqual(['requested']);
    const c = await postJson('/api/appointments/cancel', { ...creds, reason: '临时有事' });
    expect(c.status).toBe(200);
    expect(((await c.json()) as Record<string, any>).status).toBe('cancelled');
    const again = await postJson('/api/appointments/cancel', creds);
    expect(again.status).toBe(409);
  });

  it('unknown reference and wrong code give identical 404s', async () => {
    const { json } = await book(validAppointment());
    const wrong = json.accessCode.startsWith('0') ? `1${json.accessCode.slice(1)}` : `0${json.accessCode.slice(1)}`;
    const a = await postJson('/api/appointments/track', { reference: json.reference, accessCode: wrong });
    const b = await postJson('/api/appointments/track', { reference: 'YY-2611-000000', accessCode: json.accessCode });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await a.text()).toBe(await b.text());
  });

  it('a complaint reference is refused on the appointment tracker with a pointer to the format', async () => {
    const res = await postJson('/api/appointments/track', { reference: 'XN-2611-7KQ4M9', accessCode: '7KQ4M9TXB2' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Record<string, any>).errors[0].message).toContain('YY-');
  });

  it('the status page shows what the handler recorded; a done appointment cannot be cancelled', async () => {
    const { json } = await book(validAppointment());
    const row = (await env.DB.prepare('select id, reference, status, version from appointments where reference = ?').bind(json.reference).first<any>())!;
    expect(await recordProgress(env, row, 'wu-tao', 'scheduled', { date: nextWorkingDay(), time: '10:00', place: '一楼 3 号窗口' })).toBe('done');
    expect(await recordProgress(env, row, 'wu-tao', 'done')).toBe('stale'); // the version moved on
    const page = await postForm('/appointments/track/', new URLSearchParams({ reference: json.reference, accessCode: json.accessCode }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('一楼 3 号窗口');
    expect(html).toContain('取消这个预约');
    const fresh = (await env.DB.prepare('select id, reference, status, version from appointments where reference = ?').bind(json.reference).first<any>())!;
    expect(await recordProgress(env, fresh, 'wu-tao', 'done')).toBe('done');
    const cancel = await postForm('/appointments/cancel', new URLSearchParams({ reference: json.reference, accessCode: json.accessCode }));
    expect(cancel.status).toBe(409);
    expect(await cancel.text()).not.toContain('取消这个预约');
  });

  it('the event history is append-only', async () => {
    await book(validAppointment());
    await expect(env.DB.prepare("update appointment_events set type = 'done'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('delete from appointment_events').run()).rejects.toThrow(/append-only/);
  });
});

describe('overdue contact', () => {
  it('the sweep marks an appointment not contacted by its deadline overdue, once, and leaves contacted ones alone', async () => {
    const a = await book(validAppointment());
    const b = await book(validAppointment());
    const rowB = (await env.DB.prepare('select id, reference, status, version from appointments where reference = ?').bind(b.json.reference).first<any>())!;
    await recordProgress(env, rowB, 'x', 'contacted');
    expect(await sweepAppointments(env, Date.parse(`${a.json.contactBy}T10:00:00+08:00`))).toBe(0); // on the day: not yet
    const later = Date.parse(`${addCalendarDays(a.json.contactBy, 1)}T02:00:00+08:00`);
    expect(await sweepAppointments(env, later)).toBeGreaterThanOrEqual(1);
    const marked = await env.DB.prepare('select reference, overdue from appointments where reference in (?, ?) order by id').bind(a.json.reference, b.json.reference).all<{ reference: string; overdue: number }>();
    expect(marked.results.map((r) => r.overdue)).toEqual([1, 0]);
    expect(await sweepAppointments(env, later)).toBe(0);
    const events = await env.DB.prepare("select count(*) as n from appointment_events e join appointments a on a.id = e.appointment_id where a.reference = ? and e.type = 'overdue'").bind(a.json.reference).first<{ n: number }>();
    expect(events!.n).toBe(1);
  });
});

describe('the daily sweep', () => {
  it('recomputes a provisional contact deadline once next year’s calendar is on file', async () => {
    // Requested on 2026-12-31 with a limit reaching into 2027, whose holidays are not on file: provisional.
    const { department, service } = bookableService();
    const input = { kind: 'ordinary', department: department.id, service: service.id, date: '2027-01-04', slot: department.slots[0].start, matter: '跨年的预约请求', name: '跨年', phone: '13800009999', consent: true } as const;
    const at = Date.parse('2026-12-31T02:00:00Z');
    const outcome = await bookAppointment(env, input, undefined, at);
    if (outcome.kind !== 'created') throw new Error(outcome.kind);
    expect(outcome.created.contactByProvisional).toBe(true);
    // 2027 entered with 1 January off (as every year): the deadline moves past the holiday.
    const withNextYear = makeCalendar([...catalogue.calendar, { year: 2027, source: 'test', holidays: [{ name: '元旦', days: ['2027-01-01'] }], workdays: [] }]);
    await sweepAppointments(env, at, withNextYear);
    const row = await env.DB.prepare('select contact_by, contact_by_provisional from appointments where reference = ?').bind(outcome.created.reference).first<{ contact_by: string; contact_by_provisional: number }>();
    expect(row!.contact_by_provisional).toBe(0);
    expect(row!.contact_by > outcome.created.contactBy || department.contactLimitDays === 0).toBe(true);
    const events = await env.DB.prepare("select count(*) as n from appointment_events e join appointments a on a.id = e.appointment_id where a.reference = ? and e.type = 'deadline-recomputed'").bind(outcome.created.reference).first<{ n: number }>();
    expect(events!.n).toBe(1);
  });

  it('marks overdue appointments in the same scheduled run as cases', async () => {
    const { json } = await book(validAppointment());
    const report = await sweep(env, Date.parse(`${addCalendarDays(json.contactBy, 2)}T02:00:00+08:00`));
    expect(report.appointmentsOverdue).toBeGreaterThanOrEqual(1);
    const row = await env.DB.prepare('select overdue from appointments where reference = ?').bind(json.reference).first<{ overdue: number }>();
    expect(row!.overdue).toBe(1);
  });
});

describe('the forms without JavaScript', () => {
  it('GET /appointments/new/ is a zh-CN page with one h1 and the form', async () => {
    const res = await exports.default.fetch(`${BASE}/appointments/new/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('action="/appointments/new/"');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    expect(html).not.toMatch(/ style="/);
  });

  it('a link from a service guide (?service=<id>) preselects the service and its department; an unknown id is ignored', async () => {
    const { service, department } = bookableService();
    const html = await (await exports.default.fetch(`${BASE}/appointments/new/?service=${service.id}`)).text();
    expect(html).toContain(`<option value="${service.id}" selected="">`);
    expect(html).toContain(`<option value="${department.id}" selected="">`);
    const junk = await exports.default.fetch(`${BASE}/appointments/new/?service=%3Cscript%3E`);
    expect(junk.status).toBe(200);
    expect(await junk.text()).not.toContain('selected=""');
  });

  it('an empty form comes back 422 with 错误： in the title, a summary linking to fields, and answers kept', async () => {
    const res = await postForm('/appointments/new/', new URLSearchParams({ name: '保留的名字', phone: 'abc' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<title>错误：/);
    expect(html).toContain('role="alert"');
    expect(html).toContain('href="#department"');
    expect(html).toContain('href="#phone"');
    expect(html).toContain('aria-describedby="phone-hint phone-error"');
    expect(html).toContain('value="保留的名字"');
  });

  it('a valid form redirects to a one-time confirmation with reference, code and who will call', async () => {
    const body = validAppointment();
    const res = await postForm('/appointments/new/', new URLSearchParams({ ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])), idempotencyKey: crypto.randomUUID() }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/appointments/confirmation/');
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const page = await exports.default.fetch(`${BASE}/appointments/confirmation/`, { headers: { Cookie: cookie } });
    const html = await page.text();
    expect(html).toMatch(/YY-\d{4}-[0-9A-Z]{6}/);
    expect(html).toContain('查询码');
    const post = bookableService().post;
    expect(html).toContain(catalogue.staff.find((s) => s.id === post.holderA)!.name);
  });

  it('the reception form books a chosen day and slot, and shows a full slot as such', async () => {
    const { day } = openReceptionDay();
    const slot = day.slots[day.slots.length - 1];
    const res = await postForm('/appointments/reception/', new URLSearchParams({ choice: `${day.date} ${slot.start}`, matter: '想反映小区加装电梯审批进度慢的问题。', name: '孙一', phone: '13700001111', consent: 'true', idempotencyKey: crypto.randomUUID() }));
    expect(res.status).toBe(303);
    const none = await postForm('/appointments/reception/', new URLSearchParams({ matter: 'x' }));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('请选择接待日和时段');
    const page = await (await exports.default.fetch(`${BASE}/appointments/reception/`)).text();
    expect(page).toContain('剩');
  });

  it('the reception page never shows a silent empty list: with no day published it says why and gives the phone', async () => {
    const html = String(await ReceptionForm({ board: { days: [], cancelled: [{ month: '2027-09', note: '上级巡视期间暂停一次' }] }, values: {}, errors: [], idempotencyKey: 'k' }));
    expect(html).toContain('目前没有可以网上登记的接待日');
    expect(html).toContain('正在更新');
    expect(html).toContain(catalogue.supervision.complaintPhone);
    expect(html).toContain('2027 年 9 月不举行局长接待日：上级巡视期间暂停一次');
    expect(html).not.toContain('<form method="post" action="/appointments/reception/"');
  });

  it('a provisional reception day (calendar not on file) says so on the booking page', async () => {
    const page = await (await exports.default.fetch(`${BASE}/appointments/reception/`)).text();
    const { days } = receptionPlanAt();
    for (const d of days.filter((x) => x.provisional)) expect(page).toContain('放假安排尚未公布');
    expect(days.length).toBeGreaterThan(0);
  });

  it('tracking with a wrong code is 404 and does not reveal anything; a malformed body is a 4xx page', async () => {
    const res = await postForm('/appointments/track/', new URLSearchParams({ reference: 'YY-2611-000000', accessCode: '0000000000' }));
    expect(res.status).toBe(404);
    const bad = await exports.default.fetch(`${BASE}/appointments/track/`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'CF-Connecting-IP': ip() }, body: 'x' });
    expect(bad.status).toBe(415);
  });
});
