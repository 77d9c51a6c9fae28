// The first-inquiry register (首问登记, issue 13): each outcome, the limits at their boundaries, the
// follow-up lists, the actions, the sweep and the person's lookup.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { registerSchema, type RegisterInput } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { act, getInquiry, listInquiries, registerInquiry, stateOf, sweepInquiries } from '../../worker/services/inquiries.ts';
import { BASE, catalogue, ip } from './helpers.ts';
import { as, createAccount, get, post, type Session, staffSessions } from './office-helpers.ts';
import { exports } from 'cloudflare:workers';

let clerk: Session; // li-min, efficiency office
let estate: Session; // xie-na, real estate (A holder of its default post)
let housing: Session; // ye-qing, housing security: unrelated
let boss: Session; // supervisor

beforeAll(async () => {
  ({ clerk, estate, housing, boss } = await staffSessions({
    clerk: ['i-clerk', 'intake', 'efficiency-office', 'li-min'],
    estate: ['i-estate', 'handler', 'real-estate', 'xie-na'],
    housing: ['i-housing', 'handler', 'housing-security', 'ye-qing'],
    boss: ['i-boss', 'supervisor', 'efficiency-office', 'zhao-li'],
  }));
});

const base = { channel: 'visit', priority: 'ordinary', firstReceiver: 'li-min', name: '测试询问人甲', phone: '13800000001', matter: '询问公租房申请需要哪些材料' };

async function register(fields: Record<string, string>, s = clerk) {
  const res = await post('/office/inquiries/new', s, fields);
  const body = await res.text();
  const reference = body.match(/SW-\d{4}-[0-9A-Z]{6}/)?.[0];
  const row = reference ? await env.DB.prepare('select * from inquiries where reference = ?').bind(reference).first<Record<string, unknown>>() : null;
  return { res, body, reference, row };
}

async function eventTypes(id: unknown): Promise<string[]> {
  const { results } = await env.DB.prepare('select type from inquiry_events where inquiry_id = ? order by id').bind(id).all<{ type: string }>();
  return results.map((r) => r.type);
}

describe('registering each outcome (首问负责制)', () => {
  it('answered on the spot: closed at once, with the answer recorded', async () => {
    const { res, row } = await register({ ...base, outcome: 'on-the-spot', answer: '已告知所需材料清单' });
    expect(res.status).toBe(201);
    expect(row).toMatchObject({ status: 'closed', outcome: 'on-the-spot', first_receiver: 'li-min', handler: 'li-min' });
    expect(await eventTypes(row!.id)).toEqual(['registered', 'closed']);
  });

  it('in my remit but needs time: open, with the contact told and the ordinary 10-working-day limit', async () => {
    const { res, row } = await register({ ...base, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000' });
    expect(res.status).toBe(201);
    expect(row).toMatchObject({ status: 'open', limit_name: 'ordinary' });
    expect(JSON.parse(row!.outcome_data as string)).toEqual({ contact: { name: '李敏', phone: '0519-85600000' } });
  });

  it("another section's: handed to the A holder of the section's post, who then handles it", async () => {
    const { row } = await register({ ...base, outcome: 'other-section', department: 'real-estate' });
    expect(row).toMatchObject({ status: 'open', handler: 'xie-na', handler_department: 'real-estate', first_receiver: 'li-min' });
    expect(await eventTypes(row!.id)).toEqual(['registered', 'handed-over']);
    expect(JSON.parse(row!.outcome_data as string).contact.phone).toBe('0519-85600041');
  });

  it("another section's while its A holder is recorded away: handed to the B holder (同岗替代)", async () => {
    const today = shanghaiDate(clockNow());
    await env.DB.prepare("insert into absences (staff_id, from_date, to_date, kind, recorded_by, recorded_at) values ('he-fang', ?, ?, 'leave', 'he-fang', 0)").bind(today, today).run();
    const { row } = await register({ ...base, outcome: 'other-section', department: 'construction-market' });
    expect(row).toMatchObject({ handler: 'jiang-hai', handler_department: 'construction-market' });
  });

  it('outside the office: closed at registration, the agency told is recorded', async () => {
    const { row } = await register({ ...base, outcome: 'other-agency', agencyName: '示范市医疗保障局', agencyAddress: '示范市人民路 1 号', agencyPhone: '0519-12345678' });
    expect(row).toMatchObject({ status: 'closed' });
    expect(JSON.parse(row!.outcome_data as string).agency.name).toBe('示范市医疗保障局');
  });

  it('reported upward: open, with the date the report was sent', async () => {
    const today = shanghaiDate(clockNow());
    const { row } = await register({ ...base, outcome: 'reported-upward', reportTo: '市政府办公室', reportSentOn: today });
    expect(row).toMatchObject({ status: 'open' });
    expect(JSON.parse(row!.outcome_data as string).report).toEqual({ to: '市政府办公室', sentOn: today });
  });

  it('the first receiver may be another, more senior staff member present (seed 002)', async () => {
    const { row } = await register({ ...base, firstReceiver: 'zhao-li', outcome: 'later', contactName: '赵丽', contactPhone: '0519-85600000' });
    expect(row).toMatchObject({ first_receiver: 'zhao-li', registered_by: 'li-min', handler: 'zhao-li' });
  });

  it('seals who asked and what: no name, phone or matter in any column', async () => {
    const { row } = await register({ ...base, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000' });
    const text = JSON.stringify(row);
    for (const secret of [base.name, base.phone, base.matter]) expect(text).not.toContain(secret);
  });
});

describe('bad registrations: 422 with a summary, nothing written', () => {
  const cases: [string, Record<string, string | undefined>, string][] = [
    ['no matter', { matter: undefined, outcome: 'on-the-spot', answer: '答' }, '请简要写下所问事项'],
    ['no outcome', {}, '请选择办理方式'],
    ['on the spot without an answer', { outcome: 'on-the-spot' }, '请写下当场答复的要点'],
    ['later without a contact phone', { outcome: 'later', contactName: '李敏' }, '请填写告知询问人的联系电话'],
    ['other section without a department', { outcome: 'other-section' }, '请选择转交的处室'],
    ['other agency without an address', { outcome: 'other-agency', agencyName: '某局', agencyPhone: '0519-12345678' }, '请填写告知询问人的承办机关地址'],
    ['report sent in the future', { outcome: 'reported-upward', reportTo: '市政府', reportSentOn: '2999-01-01' }, '报告发出日期不能晚于今天'],
    ['unknown channel', { channel: 'fax', outcome: 'on-the-spot', answer: '答' }, '请选择来访、来电等渠道'],
    ['unknown first receiver', { firstReceiver: 'nobody', outcome: 'on-the-spot', answer: '答' }, '请选择首问责任人'],
    ['a bad phone', { phone: '12345', outcome: 'on-the-spot', answer: '答' }, '询问人电话要写成'],
    ['an unknown field', { outcome: 'on-the-spot', answer: '答', extra: 'x' }, '不认识的字段'],
  ];
  for (const [what, fields, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await env.DB.prepare('select count(*) as n from inquiries').first<{ n: number }>();
      const body = Object.fromEntries(Object.entries({ ...base, ...fields }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const res = await post('/office/inquiries/new', clerk, body);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('error-summary');
      expect(html).toContain(message);
      expect(html).toContain('<title>错误：');
      const after = await env.DB.prepare('select count(*) as n from inquiries').first<{ n: number }>();
      expect(after!.n).toBe(before!.n);
    });
  }

  it('refuses an account without a staff record (403), and a request without the CSRF token', async () => {
    await createAccount('i-admin-intake', 'intake', null, null);
    const s = await as('i-admin-intake');
    expect((await post('/office/inquiries/new', s, { ...base, outcome: 'on-the-spot', answer: '答' })).status).toBe(403);
    expect((await post('/office/inquiries/new', { ...clerk, csrf: 'wrong' }, { ...base, outcome: 'on-the-spot', answer: '答' })).status).toBe(403);
  });
});

describe('the limits of seed 003 at their boundaries (one clock)', () => {
  const at = Date.parse('2026-12-01T10:00:00+08:00'); // a Tuesday, on the 2026 calendar
  const input = (over: Partial<RegisterInput>): RegisterInput =>
    registerSchema(catalogue, '2026-12-01').parse({ ...base, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000', ...over });

  const cases: [string, Partial<RegisterInput>, number][] = [
    ['urgent: at once', { priority: 'urgent' }, at],
    ['phone ordinary: 10 minutes', { channel: 'phone' }, at + 10 * 60_000],
    ['phone special: 3 hours', { channel: 'phone', priority: 'special' }, at + 3 * 3_600_000],
    ['ordinary: end of the 10th working day (2026-12-15)', {}, Date.parse('2026-12-15T23:59:59.999+08:00')],
  ];
  for (const [what, over, due] of cases) {
    it(`${what}: on time at the due instant, overdue 1 ms later, and the sweep marks it once`, async () => {
      const r = await registerInquiry(env, input(over), 'li-min', at);
      expect(r.dueAt).toBe(due);
      const row = (await getInquiry(env, r.id))!;
      expect(stateOf(row, due)).not.toBe('overdue');
      expect(stateOf(row, due + 1)).toBe('overdue');
      await sweepInquiries(env, due);
      expect((await getInquiry(env, r.id))!.overdueAt).toBeNull();
      await sweepInquiries(env, due + 1);
      await sweepInquiries(env, due + 2);
      const { results } = await env.DB.prepare("select count(*) as n from inquiry_events where inquiry_id = ? and type = 'overdue'").bind(r.id).all<{ n: number }>();
      expect(results[0].n).toBe(1);
    });
  }

  it('ordinary: due soon within the last 2 working days, on time before', async () => {
    const r = await registerInquiry(env, input({}), 'li-min', at);
    const row = (await getInquiry(env, r.id))!;
    expect(stateOf(row, Date.parse('2026-12-10T12:00:00+08:00'))).toBe('on-time');
    expect(stateOf(row, Date.parse('2026-12-11T12:00:00+08:00'))).toBe('due-soon');
  });

  it('a closed inquiry is never overdue, and the sweep leaves it alone', async () => {
    const r = await registerInquiry(env, input({ priority: 'urgent' }), 'li-min', at);
    expect(await act(env, (await getInquiry(env, r.id))!, 'close', { version: 1, reply: '已当面答复' }, 'li-min', at + 1)).toBe('done');
    const row = (await getInquiry(env, r.id))!;
    expect(stateOf(row, at + 86_400_000)).toBe('closed');
    await sweepInquiries(env, at + 86_400_000);
    expect((await getInquiry(env, r.id))!.overdueAt).toBeNull();
  });
});

describe('follow-up duty (督促责任) and the actions', () => {
  it("lists a handed-over inquiry in the first receiver's follow-ups and the handler's list; an unrelated section cannot open it", async () => {
    const { row } = await register({ ...base, outcome: 'other-section', department: 'real-estate' });
    const mine = await listInquiries(env, { role: 'intake', department: 'efficiency-office', staffId: 'li-min' }, 'follow-ups');
    expect(mine.map((r) => r.id)).toContain(row!.id);
    const handling = await listInquiries(env, { role: 'handler', department: 'real-estate', staffId: 'xie-na' }, 'handling');
    expect(handling.map((r) => r.id)).toContain(row!.id);
    expect((await get(`/office/inquiries/${row!.id}`, estate)).status).toBe(200);
    expect((await get(`/office/inquiries/${row!.id}`, housing)).status).toBe(404);
    const list = await (await get('/office/inquiries/?view=all', boss)).text();
    expect(list).toContain(row!.reference as string);
  });

  it('the first receiver records a follow-up; the handler closes it; a stale or repeated close answers 409', async () => {
    const { row } = await register({ ...base, outcome: 'other-section', department: 'real-estate' });
    const id = row!.id as number;
    expect((await post(`/office/inquiries/${id}/follow-up`, clerk, { version: '1', note: '已电话督促谢娜' })).status).toBe(200);
    expect((await post(`/office/inquiries/${id}/close`, estate, { version: '1', reply: '已答复' })).status).toBe(409);
    const bad = await post(`/office/inquiries/${id}/close`, estate, { version: '2' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('请写下如何答复或办结');
    expect((await post(`/office/inquiries/${id}/close`, estate, { version: '2', reply: '已电话答复询问人' })).status).toBe(200);
    expect(await getInquiry(env, id)).toMatchObject({ status: 'closed', version: 3 });
    expect((await post(`/office/inquiries/${id}/close`, estate, { version: '3', reply: '再次' })).status).toBe(409);
    expect(await eventTypes(id)).toEqual(['registered', 'handed-over', 'followed-up', 'closed']);
    expect((await post(`/office/inquiries/${id}/nope`, estate, { version: '3' })).status).toBe(404);
  });

  it('keeps the history append-only', async () => {
    await expect(env.DB.prepare("update inquiry_events set type = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('delete from inquiry_events').run()).rejects.toThrow(/append-only/);
  });
});

describe("the person's lookup (/inquiries/track/)", () => {
  function track(fields: Record<string, string>) {
    return exports.default.fetch(`${BASE}/inquiries/track/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip(), Origin: BASE, 'Sec-Fetch-Site': 'same-origin' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  it('shows the status and the contact told, never who asked or what', async () => {
    const { body, reference } = await register({ ...base, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000', giveCode: 'yes' });
    const code = body.match(/查询码 <strong>([0-9A-Z]{5}-[0-9A-Z]{5})<\/strong>/)![1];
    const res = await track({ reference: reference!, accessCode: code });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('办理中');
    expect(html).toContain('0519-85600000');
    for (const secret of [base.name, base.phone, base.matter]) expect(html).not.toContain(secret);
  });

  it('answers 404 for a wrong code, 422 for a malformed reference, and gives no code unless asked', async () => {
    const { body, reference } = await register({ ...base, outcome: 'on-the-spot', answer: '答' });
    expect(body).not.toContain('查询码 <strong>');
    expect((await track({ reference: reference!, accessCode: '0000000000' })).status).toBe(404);
    const bad = await track({ reference: 'XN-2612-AAAAAA', accessCode: '0000000000' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('首问编号的格式是');
    expect((await exports.default.fetch(`${BASE}/inquiries/track/`)).status).toBe(200);
  });
});

describe('turning an overdue inquiry into a complaint in one step', () => {
  function convert(fields: Record<string, string>) {
    return exports.default.fetch(`${BASE}/inquiries/track/complaint`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip(), Origin: BASE, 'Sec-Fetch-Site': 'same-origin' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  const input = (over: Partial<RegisterInput> = {}) =>
    registerSchema(catalogue, shanghaiDate(clockNow())).parse({ ...base, channel: 'phone', outcome: 'other-section', department: 'real-estate', giveCode: 'yes', ...over });

  it('creates one complaint (超过时限) with the first receiver recorded, links it, and refuses a second conversion', async () => {
    const r = await registerInquiry(env, input(), 'li-min', clockNow() - 3_600_000); // phone: 10 minutes, long past
    const creds = { reference: r.reference, accessCode: r.accessCode! };
    const page = await (await exports.default.fetch(`${BASE}/inquiries/track/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip() }, body: new URLSearchParams(creds).toString() })).text();
    expect(page).toContain('转为效能投诉');
    const noConsent = await convert(creds);
    expect(noConsent.status).toBe(422);
    expect(await noConsent.text()).toContain('请阅读并同意个人信息保护说明');
    const res = await convert({ ...creds, consent: 'yes' });
    expect(res.status).toBe(201);
    const complaintRef = (await res.text()).match(/XN-\d{4}-[0-9A-Z]{6}/)![0];
    const complaint = await env.DB.prepare('select category, first_receiver, department, anonymous from complaints where reference = ?').bind(complaintRef).first();
    expect(complaint).toEqual({ category: 'overdue', first_receiver: 'li-min', department: 'real-estate', anonymous: 0 });
    expect((await getInquiry(env, r.id))!.complaintReference).toBe(complaintRef);
    expect(await eventTypes(r.id)).toContain('converted');
    expect((await convert({ ...creds, consent: 'yes' })).status).toBe(409);
    const { results } = await env.DB.prepare("select count(*) as n from complaints where category = 'overdue' and first_receiver = 'li-min'").all<{ n: number }>();
    expect(results[0].n).toBe(1);
  });

  it('refuses an inquiry still within its limit, and a closed one (409), and shows no conversion form for them', async () => {
    const fresh = await registerInquiry(env, input({ channel: 'visit' }), 'li-min');
    expect((await convert({ reference: fresh.reference, accessCode: fresh.accessCode!, consent: 'yes' })).status).toBe(409);
    const old = await registerInquiry(env, input(), 'li-min', clockNow() - 3_600_000);
    await act(env, (await getInquiry(env, old.id))!, 'close', { version: 1, reply: '已答复' }, 'xie-na');
    expect((await convert({ reference: old.reference, accessCode: old.accessCode!, consent: 'yes' })).status).toBe(409);
    expect((await convert({ reference: old.reference, accessCode: '0000000000', consent: 'yes' })).status).toBe(404);
  });
});

describe('monthly figures in the console', () => {
  it('shows the supervisor the month by channel and outcome, with no personal data; others get 403', async () => {
    await register({ ...base, outcome: 'on-the-spot', answer: '已答复' });
    const res = await get('/office/inquiries/figures', boss);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('按渠道和办理方式');
    for (const secret of [base.name, base.phone, base.matter]) expect(html).not.toContain(secret);
    expect((await get('/office/inquiries/figures', clerk)).status).toBe(403);
    expect((await get('/office/inquiries/figures?month=2026-13', boss)).status).toBe(200);
  });
});

describe("matters raised on the director's reception day (局长接待日, seed 004)", () => {
  it('are assigned to a section with the 10-working-day limit, linked to the booking', async () => {
    const { res, row } = await register({ ...base, channel: 'reception', outcome: 'other-section', department: 'real-estate', appointment: 'yy-2612-abcdef' });
    expect(res.status).toBe(201);
    expect(row).toMatchObject({ limit_name: 'reception', handler: 'xie-na', status: 'open' });
    expect(JSON.parse(row!.outcome_data as string).appointment).toBe('YY-2612-ABCDEF');
    const at = Date.parse('2026-12-01T10:00:00+08:00');
    const r = await registerInquiry(env, registerSchema(catalogue, '2026-12-01').parse({ ...base, channel: 'reception', outcome: 'other-section', department: 'real-estate' }), 'li-min', at);
    expect(r.dueAt).toBe(Date.parse('2026-12-15T23:59:59.999+08:00'));
  });

  it('refuses a reception matter answered on the spot or sent elsewhere, and a malformed booking reference (422)', async () => {
    const spot = await post('/office/inquiries/new', clerk, { ...base, channel: 'reception', outcome: 'on-the-spot', answer: '答' });
    expect(spot.status).toBe(422);
    expect(await spot.text()).toContain('接待日反映的事项要交由处室办理');
    const ref = await post('/office/inquiries/new', clerk, { ...base, channel: 'reception', outcome: 'other-section', department: 'real-estate', appointment: 'XN-2612-ABCDEF' });
    expect(ref.status).toBe(422);
    expect(await ref.text()).toContain('接待日预约编号的格式是');
  });
});
