import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { asForm, postForm } from './helpers.ts';
import { caseStep, get, phoneComplaint, post, registerByPhone, type Session, staffSessions } from './office-helpers.ts';

let intake: Session;
let supervisor: Session;
let handlerRealEstate: Session;
let handlerHousing: Session;

beforeAll(async () => {
  ({ intake, supervisor, handlerRealEstate, handlerHousing } = await staffSessions({
    intake: ['intake1', 'intake', 'efficiency-office', 'li-min'],
    supervisor: ['super1', 'supervisor', 'efficiency-office', 'zhao-li'],
    handlerRealEstate: ['re1', 'handler', 'real-estate', 'han-bing'],
    handlerHousing: ['hs1', 'handler', 'housing-security', 'du-wei'],
  }));
});

/** Registers a phone complaint through the console; returns the case id, reference and access code. */
const register = (overrides: Record<string, string> = {}) => registerByPhone(intake, overrides);

async function caseRow(id: number) {
  return (await env.DB.prepare('select c.*, f.extension_state, f.finding, f.sanctions, f.staff_concerned from complaints c left join case_files f on f.complaint_id = c.id where c.id = ?')
    .bind(id)
    .first<Record<string, unknown>>())!;
}

const step = caseStep;

async function trackingPage(reference: string, accessCode: string): Promise<string> {
  const res = await postForm('/track/', asForm({ reference, accessCode }));
  expect(res.status).toBe(200);
  return res.text();
}

describe('registering phone, visit and letter complaints', () => {
  it('records the channel and the first receiver, seals the personal data and gives the officer a reference and access code once', async () => {
    const { id, reference, accessCode } = await register();
    const row = await caseRow(id);
    expect(row.channel).toBe('phone');
    expect(row.first_receiver).toBe('li-min');
    expect(row.stage).toBe('reception');
    expect(String(row.personal)).not.toContain('周建国');
    expect(await trackingPage(reference, accessCode)).toContain('电话');
  });

  it('answers a form with mistakes with 422, an error summary, messages beside the fields and the answers kept', async () => {
    const res = await post('/office/cases/new', intake, { ...phoneComplaint, channel: 'web', description: '太短', phone: '12345' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<title>错误：');
    expect(page).toContain('role="alert"');
    expect(page).toContain('href="#channel"');
    expect(page).toContain('id="description-error"');
    expect(page).toContain('周建国');
    expect(await env.DB.prepare("select count(*) as n from complaints where first_receiver = 'li-min' and occurred_on = ? and stage = 'reception'").bind(phoneComplaint.occurredOn).first()).toBeDefined();
  });

  it('lets only intake officers register', async () => {
    expect((await post('/office/cases/new', supervisor, phoneComplaint)).status).toBe(403);
    expect((await post('/office/cases/new', handlerRealEstate, phoneComplaint)).status).toBe(403);
  });
});

describe('the workflow, stage by stage', () => {
  it('takes a case from reception to archive: accept, register, submit, approve with a transfer, extension, conclusion, archive', async () => {
    const { id, reference, accessCode } = await register();
    expect((await step(intake, id, 'accept')).status).toBe(303);
    let row = await caseRow(id);
    expect(row.stage).toBe('acceptance');
    expect(row.due_by).not.toBe(row.acknowledge_by);

    expect((await step(intake, id, 'register', { note: '已核实来电内容' })).status).toBe(303);
    expect((await step(intake, id, 'submit', { note: '建议交房地产科办理' })).status).toBe(303);
    expect((await caseRow(id)).stage).toBe('approval');
    // Handlers of the real-estate section do not see it before it is handed to them.
    expect((await get(`/office/cases/${id}`, handlerRealEstate)).status).toBe(404);
    expect((await step(supervisor, id, 'approve', { department: 'real-estate', note: '请房地产科五日内办理' })).status).toBe(303);
    row = await caseRow(id);
    expect(row.stage).toBe('handling');
    expect(row.handling_department).toBe('real-estate');
    expect(row.first_receiver).toBe('li-min');
    expect((await get(`/office/cases/${id}`, handlerRealEstate)).status).toBe(200);
    expect((await get(`/office/cases/${id}`, handlerHousing)).status).toBe(404);

    const before = row.due_by as string;
    expect((await step(handlerRealEstate, id, 'request-extension', { days: 10, reason: '需要调取档案并约谈当事人，时间不够' })).status).toBe(303);
    expect((await caseRow(id)).extension_state).toBe('requested');
    // A second request while one is pending is refused.
    expect((await step(handlerRealEstate, id, 'request-extension', { days: 5, reason: '再申请一次试试看' })).status).toBe(409);
    expect((await step(supervisor, id, 'approve-extension')).status).toBe(303);
    row = await caseRow(id);
    expect(row.extension_state).toBe('approved');
    expect(String(row.due_by) > before).toBe(true);

    expect(
      (await step(supervisor, id, 'conclude', { finding: 'substantiated', sanctions: 'oral-admonition', staffConcerned: 'xie-na', reply: '经查属实，已责令当事人改正并当面向您致歉，备案已于今日办结。' }))
        .status,
    ).toBe(303);
    row = await caseRow(id);
    expect(row.stage).toBe('conclusion');
    expect(row.finding).toBe('substantiated');
    expect(row.staff_concerned).toBe('xie-na');
    expect((await step(supervisor, id, 'archive')).status).toBe(303);
    expect((await caseRow(id)).stage).toBe('archive');

    // What the citizen sees: the transfer, the extension's reason and new date, the finding and reply; never the staff concerned or sanctions.
    const tracking = await trackingPage(reference, accessCode);
    expect(tracking).toContain('已转办');
    expect(tracking).toContain('需要调取档案并约谈当事人');
    expect(tracking).toContain('经查属实');
    expect(tracking).not.toContain('谢娜');
    expect(tracking).not.toContain('xie-na');
    expect(tracking).not.toContain('口头告诫');
    // The office's own page shows the whole history.
    const casePage = await (await get(`/office/cases/${id}`, supervisor)).text();
    for (const word of ['受理', '登记', '呈批', '批示交办', '转办', '申请延期', '批准延期', '报结', '归档', '李敏']) expect(casePage).toContain(word);
    expect(casePage).not.toMatch(/\[object|undefined|NaN/);
    // Staff who may see the case read the complainant's details, decrypted.
    expect(casePage).toContain('周建国');
  });

  it('declines with a reason, legal basis and referral that the citizen sees', async () => {
    const { id, reference, accessCode } = await register();
    const res = await step(intake, id, 'decline', {
      reason: '所反映事项属于民事合同纠纷，不属于机关效能投诉范围。',
      legalBasis: '《示范市机关效能投诉处理办法》第八条',
      referral: '可向示范市人民法院起诉，或向市消费者协会申请调解（电话 12315）。',
    });
    expect(res.status).toBe(303);
    expect((await caseRow(id)).stage).toBe('archive');
    const tracking = await trackingPage(reference, accessCode);
    expect(tracking).toContain('不予受理');
    expect(tracking).toContain('第八条');
    expect(tracking).toContain('12315');
  });

  it('a decline without its reason, basis and referral is refused with 422 and nothing is written', async () => {
    const { id } = await register();
    const events = await env.DB.prepare('select count(*) as n from complaint_events where complaint_id = ?').bind(id).first<{ n: number }>();
    const res = await step(intake, id, 'decline', { reason: '', legalBasis: '', referral: '' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('href="#decline-reason"');
    expect(page).toContain('aria-describedby="decline-reason-hint decline-reason-error"'.replace('decline-reason-hint ', ''));
    expect((await caseRow(id)).stage).toBe('reception');
    expect((await env.DB.prepare('select count(*) as n from complaint_events where complaint_id = ?').bind(id).first<{ n: number }>())!.n).toBe(events!.n);
  });

  it('transfers a case to another department, keeping the first receiver attached and visible', async () => {
    const { id, reference, accessCode } = await register();
    await step(intake, id, 'accept');
    expect((await step(intake, id, 'transfer', { department: 'housing-security', note: '涉及公租房资格，转住房保障科' })).status).toBe(303);
    const row = await caseRow(id);
    expect(row.handling_department).toBe('housing-security');
    expect(row.first_receiver).toBe('li-min');
    const page = await (await get(`/office/cases/${id}`, handlerHousing)).text();
    expect(page).toContain('首问责任人');
    expect(page).toContain('李敏');
    expect(await trackingPage(reference, accessCode)).toContain('住房保障');
  });

  it('a refused extension leaves the deadline as it was and cannot be asked again', async () => {
    const { id } = await register();
    await step(intake, id, 'accept');
    await step(intake, id, 'register');
    await step(intake, id, 'submit', { note: '建议由效能办直接办理' });
    await step(supervisor, id, 'approve', { department: 'real-estate' });
    const due = (await caseRow(id)).due_by;
    await step(handlerRealEstate, id, 'request-extension', { days: 30, reason: '需要等待上级部门的书面答复' });
    expect((await step(supervisor, id, 'refuse-extension', { note: '时间充足，不予延期' })).status).toBe(303);
    const row = await caseRow(id);
    expect(row.extension_state).toBe('refused');
    expect(row.due_by).toBe(due);
    expect((await step(handlerRealEstate, id, 'request-extension', { days: 5, reason: '再次申请延长期限' })).status).toBe(409);
  });

  it('refuses an extension longer than 30 working days, and a conclusion with sanctions but no staff member or with an unsubstantiated finding', async () => {
    const { id } = await register();
    await step(intake, id, 'accept');
    await step(intake, id, 'register');
    await step(intake, id, 'submit', { note: '建议交房地产科办理' });
    await step(supervisor, id, 'approve', { department: 'real-estate' });
    for (const days of ['31', '0', '-3', '1.5', 'abc']) {
      expect((await step(handlerRealEstate, id, 'request-extension', { days, reason: '需要更多时间调查核实' })).status).toBe(422);
    }
    let res = await step(supervisor, id, 'conclude', { finding: 'unsubstantiated', sanctions: 'written-admonition', staffConcerned: 'xie-na', reply: '经查不属实，特此答复，感谢监督。' });
    expect(res.status).toBe(422);
    res = await step(supervisor, id, 'conclude', { finding: 'substantiated', sanctions: 'written-admonition', reply: '经查属实，已作处理，特此答复。' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('href="#conclude-staffConcerned"');
    res = await step(supervisor, id, 'conclude', { finding: 'maybe', reply: '经查属实，已作处理，特此答复。' });
    expect(res.status).toBe(422);
    expect((await caseRow(id)).stage).toBe('handling');
  });

  it('refuses an action the stage does not allow, and an action of another role', async () => {
    const { id } = await register();
    expect((await step(supervisor, id, 'conclude', { finding: 'unsubstantiated', reply: '经查不属实，特此答复，感谢监督。' })).status).toBe(409);
    expect((await step(handlerRealEstate, id, 'accept')).status).toBe(403);
    expect((await step(intake, id, 'approve')).status).toBe(403);
    expect((await post(`/office/cases/${id}/delete-everything`, intake, { version: 1 })).status).toBe(404);
  });
});

describe('two staff acting on the same case at once', () => {
  it('lets exactly one of two actions on the same version through; the other gets 409 and nothing of it is written', async () => {
    const { id } = await register();
    const { version } = (await caseRow(id)) as { version: number };
    const [a, b] = await Promise.all([
      post(`/office/cases/${id}/accept`, intake, { version }),
      post(`/office/cases/${id}/decline`, supervisor, { version, reason: '不属于效能投诉的受理范围。', legalBasis: '投诉处理办法第八条', referral: '请向市信访局反映。' }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain('该案件已被他人更新，请刷新后再操作');
    const types = (await env.DB.prepare("select type from complaint_events where complaint_id = ? and type in ('accepted', 'declined')").bind(id).all<{ type: string }>()).results;
    expect(types).toHaveLength(1);
    expect((await caseRow(id)).version).toBe(version + 1);
  });

  it('refuses a form rendered before someone else acted (stale version)', async () => {
    const { id } = await register();
    await step(intake, id, 'accept');
    const res = await post(`/office/cases/${id}/register`, intake, { version: 1 });
    expect(res.status).toBe(409);
    expect((await caseRow(id)).stage).toBe('acceptance');
  });
});

describe('the history cannot be rewritten', () => {
  it('refuses a direct UPDATE or DELETE on complaint_events in the database', async () => {
    const { id } = await register();
    await expect(env.DB.prepare("update complaint_events set type = 'tampered' where complaint_id = ?").bind(id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('delete from complaint_events where complaint_id = ?').bind(id).run()).rejects.toThrow(/append-only/);
    const n = await env.DB.prepare('select count(*) as n from complaint_events where complaint_id = ?').bind(id).first<{ n: number }>();
    expect(n!.n).toBeGreaterThan(0);
  });
});

describe('the case list', () => {
  it('lists overdue cases first and filters by stage, department, category and deadline', async () => {
    const { id } = await register({ category: 'rude-or-obstructive' });
    // Make one case overdue: a deadline in the past.
    await env.DB.prepare("update complaints set due_by = '2020-01-02', acknowledge_by = '2020-01-02' where id = ?").bind(id).run();
    const page = await (await get('/office/cases/', intake)).text();
    const firstRow = page.indexOf('<tbody>');
    expect(page.indexOf('已超期', firstRow)).toBeGreaterThan(-1);
    expect(page.slice(firstRow, firstRow + 400)).toContain(`/office/cases/${id}`);
    const overdue = await (await get('/office/cases/?deadline=overdue', intake)).text();
    expect(overdue).toContain(`/office/cases/${id}"`);
    const other = await (await get('/office/cases/?category=lunchtime-drinking', intake)).text();
    expect(other).not.toContain(`/office/cases/${id}"`);
    const byStage = await (await get('/office/cases/?stage=archive', intake)).text();
    expect(byStage).not.toContain(`/office/cases/${id}"`);
    const byDept = await (await get('/office/cases/?department=real-estate&stage=reception', intake)).text();
    expect(byDept).toContain(`/office/cases/${id}"`);
    // Junk filters are ignored, not an error.
    expect((await get('/office/cases/?stage=%3Cscript%3E&deadline=1%20or%201', intake)).status).toBe(200);
  });

  it('shows a handler only the cases handled by their department', async () => {
    const page = await (await get('/office/cases/', handlerHousing)).text();
    const rows = [...page.matchAll(/href="\/office\/cases\/(\d+)"/g)].map((m) => Number(m[1]));
    for (const id of rows) expect((await caseRow(id)).handling_department).toBe('housing-security');
  });
});

describe('the version claim in the database', () => {
  it('refuses a second claim of the same version and a claim of a version the case is not at, whoever writes it', async () => {
    const { id } = await register();
    const claim = (version: number) =>
      env.DB.prepare('insert into case_versions (complaint_id, version, current, at) values (?1, ?2, (select 1 from complaints where id = ?1 and version = ?2), 0)').bind(id, version).run();
    await expect(claim(7)).rejects.toThrow(/NOT NULL/);
    await claim(1);
    await expect(claim(1)).rejects.toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('the JSON API of the console', () => {
  it('runs an action with the X-CSRF-Token header, answers 422 with field errors, and 409 problem+json for a stale version', async () => {
    const { exports } = await import('cloudflare:workers');
    const { id } = await register();
    const call = (body: unknown) =>
      exports.default.fetch(`http://portal.test/api/office/cases/${id}/actions/accept`, {
        method: 'POST',
        headers: { Cookie: intake.cookie, 'X-CSRF-Token': intake.csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const invalid = await call({ version: 'x' });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: { field: string }[] }).errors[0].field).toBe('version');
    const ok = await call({ version: 1 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ stage: 'acceptance' });
    const stale = await call({ version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('Content-Type')).toContain('application/problem+json');
    expect(((await stale.json()) as { title: string }).title).toBe('该案件已被他人更新，请刷新后再操作');
    const detail = (await (await exports.default.fetch(`http://portal.test/api/office/cases/${id}`, { headers: { Cookie: intake.cookie } })).json()) as {
      case: { stage: string; version: number };
      actions: string[];
    };
    expect(detail.case).toMatchObject({ stage: 'acceptance', version: 2 });
    expect(detail.actions).toContain('register');
  });
});
