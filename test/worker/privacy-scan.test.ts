/**
 * Files complaints and appointments with unique marker names, phones, e-mails and text, publishes a
 * monthly bulletin that counts them, then reads every public output — every page of the built
 * site (from its sitemap), every public page and API of the worker, the bulletins' JSON and CSV,
 * tracking with wrong codes — and finds none of the markers.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishBulletin } from '../../worker/services/bulletin-month.ts';
import { previousMonth } from '../../worker/services/bulletins.ts';
import { validAppointment, validReception } from './appointments-helpers.ts';
import { asForm, BASE, postForm, postJson, sitemapPaths, validComplaint } from './helpers.ts';

const MARK = `PV${crypto.getRandomValues(new Uint32Array(1))[0].toString(36).toUpperCase()}`;
const digits = String(crypto.getRandomValues(new Uint32Array(1))[0] % 1e8).padStart(8, '0');

/** Everything that must never be published, per person. */
const people = ['甲', '乙', '丙', '丁', '戊'].map((tag, i) => ({
  name: `${tag}${MARK}`,
  phone: `13${i}${digits}`,
  email: `${MARK.toLowerCase()}.${i}@example.net`,
  staffName: `员工${tag}${MARK}`,
  description: `隐私扫描标记 ${MARK}-${i}：窗口告知的办结时间已经过了，仍没有人说明延误原因，请核查处理。`,
  request: `请联系我 ${MARK}-${i}`,
}));
const markers = [MARK, MARK.toLowerCase(), ...people.flatMap((p) => [p.name, p.phone, p.email, p.staffName])];

const references: string[] = [];
let firstCode = '';
const appointmentReferences: string[] = [];
const month = previousMonth();

async function read(url: string, init?: RequestInit): Promise<{ url: string; status: number; body: string }> {
  const res = await exports.default.fetch(url.startsWith('http') ? url : `${BASE}${url}`, init);
  return { url, status: res.status, body: await res.text() };
}

function expectNoMarkers(outputs: { url: string; body: string }[]) {
  for (const { url, body } of outputs) {
    for (const m of markers) expect(body.includes(m), `${m} found in ${url}`).toBe(false);
  }
}

beforeAll(async () => {
  // Complaints: through the API (named and anonymous) and the no-JavaScript form.
  for (const [i, p] of people.slice(0, 3).entries()) {
    const res = await postJson('/api/complaints', validComplaint({ ...p, anonymous: i === 2, ...(i === 2 ? { name: undefined, phone: undefined, email: undefined } : {}) }), { 'Idempotency-Key': `privacy-${MARK}-${i}` });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { reference: string; accessCode: string };
    references.push(created.reference);
    if (i === 0) firstCode = created.accessCode;
  }
  const form = await postForm('/complaints/new/', asForm(validComplaint(people[3])));
  expect(form.status).toBe(303);
  // Appointments, an ordinary one and a reception-day one, when the feature is there.
  const a = await postJson('/api/appointments', validAppointment({ name: people[3].name, phone: people[3].phone, matter: people[3].description }), { 'Idempotency-Key': `privacy-appt-${MARK}` });
  expect(a.status).toBe(201);
  appointmentReferences.push(((await a.json()) as { reference: string }).reference);
  const r = await postJson('/api/appointments', validReception({ name: people[4].name, phone: people[4].phone, matter: people[4].description }));
  expect([201, 409]).toContain(r.status);
  if (r.status === 201) appointmentReferences.push(((await r.json()) as { reference: string }).reference);

  // An accountability decision (issue 14) in every text field it has, dated last month: none of it
  // may reach a public page, feed, API or bulletin.
  const decisionMark = `处理决定标记 ${MARK}`;
  await env.DB.prepare(
    `insert into decisions (kind, state, staff_id, department, facts, basis, proposed_by, proposed_at, served_on, self_exam_text, study_plan, citizen_reps, staff_reps, review_result, assessment, given_by)
     values ('standby', 'done', 'chen-hong', 'approval-section', ?1, ?1, 1, ?2, ?3, ?1, ?1, ?1, ?1, ?1, ?1, ?4)`,
  )
    .bind(decisionMark, Date.parse(`${month}-10T10:00:00+08:00`), `${month}-11`, people[4].staffName)
    .run()
    .catch(async () => {
      // proposed_by must name an account: make one for the scan.
      await env.DB.prepare("insert into staff_accounts (username, display_name, role, password_hash) values ('privacy-sup', '扫描', 'supervisor', 'x')").run();
      await env.DB.prepare(
        `insert into decisions (kind, state, staff_id, department, facts, basis, proposed_by, proposed_at, served_on, self_exam_text, study_plan, citizen_reps, staff_reps, review_result, assessment, given_by)
         values ('standby', 'done', 'chen-hong', 'approval-section', ?1, ?1, (select max(id) from staff_accounts), ?2, ?3, ?1, ?1, ?1, ?1, ?1, ?1, ?4)`,
      )
        .bind(decisionMark, Date.parse(`${month}-10T10:00:00+08:00`), `${month}-11`, people[4].staffName)
        .run();
    });
  expect(JSON.stringify((await env.DB.prepare('select facts from decisions').all()).results)).toContain(MARK);

  // Count them in last month's bulletin: move receipt into that month and publish it.
  const lastMonthDay = Date.parse(`${month}-15T10:00:00+08:00`);
  await env.DB.prepare('update complaints set received_at = ?, created_at = ?').bind(lastMonthDay, lastMonthDay).run();
  // Issue 12/13: an application of a marked person, concluded and rated with a marked comment, and a
  // marked inquiry, all in that month, so the bulletin's 绩效评估 and 首问登记 sections count them.
  const { recordEvents } = await import('../../worker/services/applications.ts');
  const { rateApplication } = await import('../../worker/services/application-ratings.ts');
  const { drizzle } = await import('drizzle-orm/d1');
  const appNumber = `PB-${MARK}`.slice(0, 40);
  const iso = (day: number, hour: number) => new Date(Date.parse(`${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
  const landed = await recordEvents(env, drizzle(env.DB), 'console:privacy', null, [
    { id: `pb-${MARK}-0`, application: appNumber, type: 'received', occurredAt: iso(15, 9), data: { service: 'rental-subsidy', channel: 'window', applicant: { kind: 'person', name: people[1].name, phone: people[1].phone } } },
    { id: `pb-${MARK}-1`, application: appNumber, type: 'accepted', occurredAt: iso(15, 10), data: {} },
    { id: `pb-${MARK}-2`, application: appNumber, type: 'concluded', occurredAt: iso(16, 10), data: { outcome: 'withdrawn' } },
  ]);
  expect(landed.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted']);
  expect(await rateApplication(env, drizzle(env.DB), appNumber, { level: 'dissatisfied', comment: `差评 ${people[1].name} ${MARK}` }, Date.parse(iso(17, 9)))).toBe('done');
  const { registerSchema } = await import('../../schema/inquiry.ts');
  const { registerInquiry } = await import('../../worker/services/inquiries.ts');
  const { catalogue } = await import('./helpers.ts');
  const inquiry = registerSchema(catalogue, `${month}-15`).parse({ channel: 'visit', priority: 'ordinary', firstReceiver: 'li-min', name: people[2].name, phone: people[2].phone, matter: people[2].description, outcome: 'on-the-spot', answer: '当场说明了办理材料' });
  await registerInquiry(env, inquiry, 'li-min', lastMonthDay);
  const published = await publishBulletin(env.DB, month, { by: 'privacy-test', expectedVersion: 1 });
  expect(published.kind).toBe('published');
});

describe('no personal data in any public output', () => {
  it('the markers are really stored (sealed), so the scan below can fail', async () => {
    const rows = JSON.stringify((await env.DB.prepare('select * from complaints').all()).results);
    expect(rows).not.toContain(MARK);
    const track = await postJson('/api/track', { reference: references[0], accessCode: 'WRONGCODE0'.replace(/O/g, '0') });
    expect(track.status).toBe(404);
    expect(references).toHaveLength(3);
    // A positive control: the complainant with their code sees their own data, so the scan's
    // string search does find a marker where one is.
    const own = await read('/api/track', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.49' }, body: JSON.stringify({ reference: references[0], accessCode: firstCode }) });
    expect(own.status).toBe(200);
    expect(() => expectNoMarkers([own])).toThrow(/found in \/api\/track/);
    expect(own.body).toContain(people[0].name);
  });

  it('every page of the built site, from its sitemap', async () => {
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThan(20);
    const outputs = [];
    for (const path of paths) {
      const res = await env.ASSETS.fetch(`${BASE}${path}`);
      outputs.push({ url: path, body: await res.text() });
    }
    expectNoMarkers(outputs);
  });

  it('the worker’s public pages and APIs, bulletins as JSON and CSV included', async () => {
    const list = await read('/api/bulletins');
    expect(list.status).toBe(200);
    const bulletins = (JSON.parse(list.body) as { bulletins: { month: string; json: string; csv: string }[] }).bulletins;
    expect(bulletins.map((b) => b.month)).toContain(month);
    const outputs = [list];
    for (const b of bulletins) outputs.push(await read(b.json), await read(b.csv));
    const json = outputs.find((o) => o.url === `/api/bulletins/${month}`)!;
    expect(json.status).toBe(200);
    expect(json.body).toMatch(/received/);
    for (const path of [
      '/api/health',
      '/api/openapi.json',
      '/api/',
      '/api/appointments/reception-days',
      '/complaints/new/',
      '/track/',
      '/appointments/new/',
      '/appointments/reception/',
      '/appointments/track/',
      '/api/complaints',
      `/api/complaints/${references[0]}`,
      `/track/${references[0]}`,
      `/api/bulletins/${month}?version=1`,
      `/bulletins/${month}/`,
    ]) {
      outputs.push(await read(path));
    }
    expectNoMarkers(outputs);
  });

  it('tracking other people’s cases with wrong codes, by API and form', async () => {
    const outputs = [];
    for (const reference of references) {
      outputs.push(await read('/api/track', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.50' }, body: JSON.stringify({ reference, accessCode: 'ABCDEFGHJK' }) }));
      outputs.push(await read('/track/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '203.0.113.51' }, body: new URLSearchParams({ reference, accessCode: 'ABCDE-FGHJK' }).toString() }));
    }
    for (const reference of appointmentReferences) {
      outputs.push(await read('/api/appointments/track', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.52' }, body: JSON.stringify({ reference, accessCode: 'ABCDEFGHJK' }) }));
    }
    for (const o of outputs) expect(o.status, o.url).toBeGreaterThanOrEqual(400);
    expectNoMarkers(outputs);
  });

  it('the published bulletin row itself holds only counts', async () => {
    const rows = JSON.stringify((await env.DB.prepare('select * from bulletins').all()).results);
    expect(rows).toContain(month);
    for (const m of markers) expect(rows).not.toContain(m);
    for (const r of references) expect(rows).not.toContain(r);
  });

  it('the bulletin’s 绩效评估 and 首问登记 sections count the marked application and inquiry, by department and service only', async () => {
    const row = (await env.DB.prepare('select data from bulletins where month = ?').bind(month).first<{ data: string }>())!;
    const data = JSON.parse(row.data) as { performance: { services: { key: string; received: number }[]; ratingsByService: { rows: string[] } }; inquiries: { received: number } };
    expect(data.performance.services.find((s) => s.key === 'rental-subsidy')?.received).toBe(1);
    expect(data.performance.ratingsByService.rows).toContain('rental-subsidy');
    expect(data.inquiries.received).toBeGreaterThanOrEqual(1);
    // No staff member's name (post holders, first receivers) and no application number.
    const { catalogue } = await import('./helpers.ts');
    for (const s of catalogue.staff) expect(row.data.includes(s.name), s.name).toBe(false);
    expect(row.data).not.toContain(`PB-${MARK}`);
  });
});

describe('电子监察 (issue 12): no applicant data in 办件查询', () => {
  it('the applicant’s own lookup, page and API, shows none of the markers', async () => {
    const { recordEvents } = await import('../../worker/services/applications.ts');
    const { drizzle } = await import('drizzle-orm/d1');
    const out = await recordEvents(env, drizzle(env.DB), 'console:privacy', null, [
      { id: `privacy-app-${MARK}`, application: `PV-${MARK}`.slice(0, 40), type: 'received', occurredAt: new Date((await import('../../schema/clock.ts')).now()).toISOString(), data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: people[0].name, phone: people[0].phone, email: people[0].email }, notify: { email: true, sms: true } } },
      { id: `privacy-app-acc-${MARK}`, application: `PV-${MARK}`.slice(0, 40), type: 'accepted', occurredAt: new Date((await import('../../schema/clock.ts')).now()).toISOString(), data: {} },
    ]);
    // Issue 15: the applicant's notices (outbox rows and what the staff console lists) carry none of it either.
    const notices = JSON.stringify((await env.DB.prepare("select * from notifications where recipient like 'BJ:PV-%'").all()).results);
    expect(notices).toContain('application-accepted');
    for (const m of [people[0].name, people[0].phone, people[0].email]) expect(notices).not.toContain(m);
    const code = (out[0] as { queryCode?: string }).queryCode!;
    expect(code).toBeTruthy();
    const rows = JSON.stringify((await env.DB.prepare('select * from applications').all()).results) + JSON.stringify((await env.DB.prepare('select * from application_events').all()).results);
    expect(rows).not.toContain(people[0].name);
    const outputs = [
      await read('/applications/track/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '203.0.113.60' }, body: new URLSearchParams({ reference: `PV-${MARK}`.slice(0, 40), accessCode: code }).toString() }),
      await read('/api/applications/track', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.61' }, body: JSON.stringify({ reference: `PV-${MARK}`.slice(0, 40), accessCode: code }) }),
      await read('/applications/track/'),
    ];
    expect(outputs[0].status).toBe(200);
    expect(outputs[1].status).toBe(200);
    // The number itself carries the marker by design here; the scan looks for the person.
    for (const { url, body } of outputs) for (const m of [people[0].name, people[0].phone, people[0].email]) expect(body.includes(m), `${m} found in ${url}`).toBe(false);
  });
});

// Issue 13: the inquiry lookup (even with the right code) and the whereabouts board never show who asked or what.
describe('no personal data in the inquiry lookup and the whereabouts board', () => {
  it('shows neither the marker name, phone nor matter, with the right code or a wrong one', async () => {
    const { registerSchema } = await import('../../schema/inquiry.ts');
    const { registerInquiry } = await import('../../worker/services/inquiries.ts');
    const { catalogue } = await import('./helpers.ts');
    const { shanghaiDate } = await import('../../schema/workdays.ts');
    const { now } = await import('../../schema/clock.ts');
    const p = people[0];
    const input = registerSchema(catalogue, shanghaiDate(now())).parse({ channel: 'phone', priority: 'ordinary', firstReceiver: 'li-min', name: p.name, phone: p.phone, matter: p.description, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000', giveCode: 'yes' });
    const r = await registerInquiry(env, input, 'li-min', now() - 3_600_000);
    expect(JSON.stringify((await env.DB.prepare('select * from inquiries').all()).results)).not.toContain(MARK);
    const form = (accessCode: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '203.0.113.53' }, body: new URLSearchParams({ reference: r.reference, accessCode }).toString() });
    const own = await read('/inquiries/track/', form(r.accessCode!));
    expect(own.status).toBe(200);
    expect(own.body).toContain(r.reference);
    const outputs = [own, await read('/inquiries/track/', form('ABCDEFGHJK')), await read('/whereabouts/'), await read('/whereabouts/kiosk/'), await read('/whereabouts/real-estate/')];
    expectNoMarkers(outputs);
  });
});

// Issue 13: reception-day matters on the booker's tracking page and API show the section, deadline
// and status, never who raised the matter (if registered with a name) or what it says.
describe('no personal data in the reception-day matters on the tracking page', () => {
  it('the booker’s page and API list the matter without the marker name, phone or text', async () => {
    const { registerSchema } = await import('../../schema/inquiry.ts');
    const { registerInquiry } = await import('../../worker/services/inquiries.ts');
    const { catalogue } = await import('./helpers.ts');
    const { shanghaiDate } = await import('../../schema/workdays.ts');
    const { now } = await import('../../schema/clock.ts');
    const booked = await postJson('/api/appointments', validReception({ name: '接待日预约人', phone: '13700000000'.replace(/0{4}$/, digits.slice(0, 4)) }));
    expect(booked.status).toBe(201);
    const { reference, accessCode } = (await booked.json()) as { reference: string; accessCode: string };
    const p = people[1];
    const input = registerSchema(catalogue, shanghaiDate(now())).parse({ channel: 'reception', priority: 'ordinary', firstReceiver: 'li-min', name: p.name, phone: p.phone, matter: p.description, outcome: 'other-section', department: 'real-estate', appointment: reference });
    const r = await registerInquiry(env, input, 'li-min');
    const page = await read('/appointments/track/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '203.0.113.54' }, body: new URLSearchParams({ reference, accessCode }).toString() });
    const api = await read('/api/appointments/track', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.55' }, body: JSON.stringify({ reference, accessCode }) });
    expect(page.body).toContain(r.reference);
    expect(api.body).toContain(r.reference);
    expectNoMarkers([page, api]);
  });
});

// 目标管理 (issue 14): a person's own target (title, measure, note carrying the markers) is checked
// in a quarter that is then approved and published; the public pages and JSON show departments only.
describe('no individual target in the published quarterly target results', () => {
  it('the quarter’s page, the list, the JSON and the stored snapshot carry none of the markers', async () => {
    const { now } = await import('../../schema/clock.ts');
    const { lastCompletedQuarters, periodId } = await import('../../schema/targets.ts');
    const { approveRound, openRound, publishRound, recordCheck } = await import('../../worker/services/targets.ts');
    const p = lastCompletedQuarters(now(), 1)[0];
    const account = await env.DB.prepare("insert into staff_accounts (username, display_name, role, password_hash) values ('privacy-targets', '扫描', 'leader', 'x') returning id").first<{ id: number }>();
    const staff = { accountId: account!.id, role: 'leader' } as never;
    const insert = (staffId: string | null, title: string, measure: string) =>
      env.DB.prepare("insert into targets (year, department, staff_id, title, measure, points, source, due, created_by, created_at, updated_at) values (?1, 'real-estate', ?2, ?3, ?4, 20, '岗位目标责任书', ?5, ?6, 0, 0) returning id")
        .bind(p.year, staffId, title, measure, `${p.year}-12-31`, account!.id)
        .first<{ id: number }>();
    const own = await insert('han-bing', `个人目标 ${MARK} ${people[0].staffName}`, `联系 ${people[0].phone} ${people[0].email}`);
    const dept = await insert(null, '合同备案当日办结', '材料齐全的当日办结');
    expect(await openRound(env, staff, p)).toEqual({ ok: true });
    expect(await recordCheck(env, staff, p, { target: own!.id, status: 'done', note: `个人检查说明 ${MARK} ${people[1].name}` })).toEqual({ ok: true });
    expect(await recordCheck(env, staff, p, { target: dept!.id, status: 'mostly', note: '个别复杂件次日办结' })).toEqual({ ok: true });
    expect(await approveRound(env, staff, p, 1)).toEqual({ ok: true });
    expect(await publishRound(env, staff, p, 2)).toEqual({ ok: true });
    const period = periodId(p);
    const outputs = [await read('/targets/'), await read(`/targets/${period}/`), await read('/api/targets'), await read(`/api/targets/${period}`), await read('/targets/departments/real-estate/')];
    expect(outputs[1].status).toBe(200);
    expect(outputs[1].body).toContain('合同备案当日办结');
    expectNoMarkers(outputs);
    const rows = JSON.stringify((await env.DB.prepare('select * from target_results').all()).results);
    expect(rows).toContain('合同备案当日办结');
    for (const m of markers) expect(rows).not.toContain(m);
  });
});
