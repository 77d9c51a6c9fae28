// Issue 10: recusal, shielding the complainant's identity and the access log, over the real routes and D1.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseActions } from '../../schema/office.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { app } from '../../worker/app.ts';
import { matchStaff } from '../../worker/services/protection.ts';
import { asForm, BASE, catalogue, ip, postForm, postJson } from './helpers.ts';
import { as, caseStep, caseVersion, get, post, type Session, staffSessions } from './office-helpers.ts';

const MISSING = 987654;

let intake: Session; // 李敏, efficiency office
let supervisor: Session; // 赵丽
let accused: Session; // 韩冰, handler of 房地产市场监管科: the person complained about
let colleague: Session; // 罗晓云, handler of the same section: sees the matter, shielded
let intakeConcerned: Session; // 唐华, intake, complained about in case B
let supervisorConcerned: Session; // 许慧 as a supervisor account, complained about in case C
let otherSupervisor: Session;

// Each walk over every case route makes a few hundred requests: generous under a loaded machine.
beforeAll(async () => {
  ({ intake, supervisor, accused, colleague, intakeConcerned, supervisorConcerned, otherSupervisor } = await staffSessions({
    intake: ['pr-intake', 'intake', 'efficiency-office', 'li-min'],
    supervisor: ['pr-super', 'supervisor', 'efficiency-office', 'zhao-li'],
    accused: ['pr-hanbing', 'handler', 'real-estate', 'han-bing'],
    colleague: ['pr-luo', 'handler', 'real-estate', 'luo-xiaoyun'],
    intakeConcerned: ['pr-tang', 'intake', 'efficiency-office', 'tang-hua'],
    supervisorConcerned: ['pr-xuhui', 'supervisor', 'general-office', 'xu-hui'],
    otherSupervisor: ['pr-super2', 'supervisor', 'efficiency-office', null],
  }));
}, 60_000);

const citizen = { name: '周秀英', phone: '13911112222', email: 'zhou.xiuying@example.com' };

/** A citizen files through the public API (as the 韩冰 walk-through did). */
async function file(overrides: Record<string, unknown> = {}) {
  const res = await postJson('/api/complaints', {
    department: 'real-estate',
    staffName: '韩冰',
    category: 'rude-or-obstructive',
    occurredOn: addCalendarDays(shanghaiDate(), -2),
    description: '在房地产市场监管科窗口办理合同备案，工作人员态度生硬，材料齐全却要求我改天再来。',
    request: '请核实并督促改正。',
    anonymous: false,
    ...citizen,
    consent: true,
    ...overrides,
  });
  expect(res.status).toBe(201);
  const { reference, accessCode } = (await res.json()) as { reference: string; accessCode: string };
  const row = await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>();
  return { id: row!.id, reference, accessCode };
}

const version = caseVersion;
const step = caseStep;

/** Intake accepts and registers (confirming who it is about), the supervisor sends it to `department`. */
async function toHandling(id: number, department: string, register: Record<string, string> = {}) {
  expect((await step(intake, id, 'accept')).status).toBe(303);
  expect((await step(intake, id, 'register', { concerned: '韩冰', textCleared: 'yes', ...register })).status).toBe(303);
  expect((await step(intake, id, 'submit', { note: '建议交被投诉科室自查' })).status).toBe(303);
  expect((await step(supervisor, id, 'approve', { department })).status).toBe(303);
}

/** Every case route the worker has, read from the router itself, so a new route cannot be missed. */
function caseRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  const out: { method: string; path: string }[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL' || !/^\/(api\/)?office\/cases\/:id/.test(r.path)) continue;
    const paths = r.path.includes(':action') ? caseActions.map((a) => r.path.replace(':action', a)) : [r.path];
    for (const p of paths) {
      const key = `${r.method} ${p}`;
      if (!seen.has(key)) out.push({ method: r.method, path: p });
      seen.add(key);
    }
  }
  return out;
}

async function hit(s: Session, method: string, path: string): Promise<Response> {
  if (method === 'GET') return get(path, s);
  if (path.startsWith('/api/')) {
    return exports.default.fetch(`${BASE}${path}`, {
      method,
      redirect: 'manual',
      headers: { Cookie: s.cookie, 'CF-Connecting-IP': s.ip, 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf, Origin: BASE, 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify({ version: 1, note: '尝试操作', reason: '尝试操作的理由' }),
    });
  }
  return post(path, s, { version: 1, note: '尝试操作', reason: '尝试操作的理由' });
}

/** The person gets exactly what a case that does not exist gets, on every case route. */
async function expectSameAsMissing(s: Session, id: number) {
  const routes = caseRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(3 + caseActions.length);
  for (const r of routes) {
    const hidden = await hit(s, r.method, r.path.replace(':id', String(id)));
    const missing = await hit(s, r.method, r.path.replace(':id', String(MISSING)));
    const label = `${r.method} ${r.path}`;
    expect(hidden.status, label).toBe(missing.status);
    expect([403, 404], label).toContain(hidden.status);
    expect((await hidden.text()).replaceAll(`cases/${id}`, 'cases/ID'), label).toBe((await missing.text()).replaceAll(`cases/${MISSING}`, 'cases/ID'));
  }
}

async function expectNotListed(s: Session, id: number, reference: string) {
  for (const q of ['', '?department=real-estate', '?stage=handling', '?category=rude-or-obstructive', '?deadline=due-soon']) {
    const page = await (await get(`/office/cases/${q}`, s)).text();
    expect(page).not.toContain(reference);
    const api = (await (await get(`/api/office/cases${q}`, s)).json()) as { cases: { id: number; reference: string }[] };
    expect(api.cases.map((c) => c.id)).not.toContain(id);
  }
}

describe('who a complaint is about: the free-text name as a suggestion', { timeout: 60_000 }, () => {
  it('matches a full name, a title held by one person, and says when a name is ambiguous, unknown or of another department', () => {
    expect(matchStaff(catalogue, 'real-estate', '韩冰')).toMatchObject({ kind: 'one', staff: { id: 'han-bing' } });
    expect(matchStaff(catalogue, 'real-estate', '韩冰同志')).toMatchObject({ kind: 'one', staff: { id: 'han-bing' } });
    expect(matchStaff(catalogue, 'real-estate', '那位副科长')).toMatchObject({ kind: 'one', staff: { id: 'xie-na' } });
    expect(matchStaff(catalogue, 'real-estate', '科员').kind).toBe('ambiguous');
    expect(matchStaff(catalogue, 'real-estate', '王某某').kind).toBe('none');
    expect(matchStaff(catalogue, 'real-estate', '李敏').kind).toBe('other-department');
  });

  it('hides a new filing from the person it names at once, before anyone has confirmed it', async () => {
    const { id } = await file();
    const parties = await env.DB.prepare('select person, kind from case_parties where complaint_id = ? and cleared_at is null').bind(id).all();
    expect(parties.results).toEqual([{ person: 'han-bing', kind: 'suggested' }]);
  });

  it('intake confirms or corrects the suggestion at registration; an ambiguous, unknown or other-department name is refused with a message and changes nothing', async () => {
    const { id } = await file({ staffName: '韩科员' });
    expect((await step(intake, id, 'accept')).status).toBe(303);
    const before = await version(id);
    const tries: [string, string][] = [
      ['科员', '对应房地产市场监管科的 2 名工作人员'],
      ['王某某', '没有名为“王某某”的工作人员'],
      ['李敏', '不属于被投诉部门'],
    ];
    for (const [concerned, message] of tries) {
      const res = await step(intake, id, 'register', { concerned, textCleared: 'yes' });
      expect(res.status, concerned).toBe(422);
      expect(await res.text()).toContain(message);
      expect(await version(id)).toBe(before);
    }
    // Correction: the complainant meant 罗晓云; the suggestion (both 科员) is cleared, the confirmed person stays hidden.
    expect((await step(intake, id, 'register', { concerned: '罗晓云', textCleared: 'yes' })).status).toBe(303);
    const { results } = await env.DB.prepare('select person, kind from case_parties where complaint_id = ? and cleared_at is null order by person').bind(id).all();
    expect(results).toEqual([{ person: 'luo-xiaoyun', kind: 'concerned' }]);
  });
});

describe('the 韩冰 walk-through: the person complained about never sees the case', { timeout: 60_000 }, () => {
  let A: Awaited<ReturnType<typeof file>>;
  beforeAll(async () => {
    A = await file();
    await toHandling(A.id, 'real-estate');
  }, 60_000);

  it('a concerned handler gets the same answer as for a missing case on every case page and API route, and finds it in no list', async () => {
    await expectSameAsMissing(accused, A.id);
    await expectNotListed(accused, A.id, A.reference);
  });

  it('his colleague in the section complained about sees the matter but no name, phone or e-mail', async () => {
    const page = await (await get(`/office/cases/${A.id}`, colleague)).text();
    expect(page).toContain(A.reference);
    expect(page).toContain('合同备案');
    for (const v of Object.values(citizen)) expect(page).not.toContain(v);
    expect(page).toContain('已屏蔽');
    const api = await (await get(`/api/office/cases/${A.id}`, colleague)).text();
    for (const v of Object.values(citizen)) expect(api).not.toContain(v);
    const list = await (await get('/office/cases/', colleague)).text();
    for (const v of Object.values(citizen)) expect(list).not.toContain(v);
  });

  it('cannot be named handler (承办人): the assignment is refused with a message and changes nothing; a colleague can be', async () => {
    const before = await version(A.id);
    const res = await step(supervisor, A.id, 'assign', { assignee: 'han-bing' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('是本案的被投诉人或已回避本案，不能承办');
    expect(await version(A.id)).toBe(before);
    const other = await step(supervisor, A.id, 'assign', { assignee: 'du-wei' });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('承办人须是承办部门（房地产市场监管科）的工作人员');
    expect((await step(supervisor, A.id, 'assign', { assignee: 'luo-xiaoyun' })).status).toBe(303);
    const file_ = await env.DB.prepare('select assignee from case_files where complaint_id = ?').bind(A.id).first<{ assignee: string }>();
    expect(file_!.assignee).toBe('luo-xiaoyun');
  });

  it('a transfer to another section drops the named handler and checks the new one against that section', async () => {
    const B = await file();
    await toHandling(B.id, 'real-estate');
    expect((await step(supervisor, B.id, 'assign', { assignee: 'luo-xiaoyun' })).status).toBe(303);
    const wrong = await step(supervisor, B.id, 'transfer', { department: 'housing-security', assignee: 'luo-xiaoyun', note: '改由住房保障科办理' });
    expect(wrong.status).toBe(422);
    expect((await step(supervisor, B.id, 'transfer', { department: 'housing-security', note: '改由住房保障科办理' })).status).toBe(303);
    // The old section's handler is dropped; with none named, whoever acts for the new section's
    // default post takes it (routing.ts actingFor, issue 13): here its A holder.
    const f = await env.DB.prepare('select assignee from case_files where complaint_id = ?').bind(B.id).first<{ assignee: string | null }>();
    const housing = catalogue.departments.find((d) => d.id === 'housing-security')!;
    expect(f!.assignee).toBe(catalogue.posts.find((p) => p.id === housing.defaultPost)!.holderA);
  });

  it('the tracking page names the first receiver or the efficiency office as contact, never the section complained about', async () => {
    const res = await postForm('/track/', asForm({ reference: A.reference, accessCode: A.accessCode }));
    const page = await res.text();
    const section = catalogue.departments.find((d) => d.id === 'real-estate')!;
    const contact = /<dt>本案联系方式<\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(page)![1];
    expect(contact).not.toContain(section.phone);
    expect(contact).not.toContain(section.name);
    expect(contact).toMatch(/李敏|效能/);
  });
});

describe('a concerned intake officer or supervisor, and a self-recusal, for every role', { timeout: 60_000 }, () => {
  it('an intake officer complained about gets the missing-case answer everywhere', async () => {
    const B = await file({ department: 'efficiency-office', staffName: '唐华' });
    await expectSameAsMissing(intakeConcerned, B.id);
    await expectNotListed(intakeConcerned, B.id, B.reference);
    // while the other intake officer handles it
    expect((await get(`/office/cases/${B.id}`, intake)).status).toBe(200);
  });

  it('a supervisor complained about gets the missing-case answer everywhere', async () => {
    const C = await file({ department: 'general-office', staffName: '许慧' });
    await expectSameAsMissing(supervisorConcerned, C.id);
    await expectNotListed(supervisorConcerned, C.id, C.reference);
  });

  it('any role may recuse itself with a reason; from then on the case is hidden the same way, and the supervisor sees who and why', async () => {
    const D = await file({ staffName: undefined });
    await toHandling(D.id, 'real-estate', { concerned: '' });
    expect((await step(supervisor, D.id, 'assign', { assignee: 'luo-xiaoyun' })).status).toBe(303);
    const empty = await step(colleague, D.id, 'recuse', { reason: '' });
    expect(empty.status).toBe(422);
    const res = await step(colleague, D.id, 'recuse', { reason: '投诉人是我的邻居' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/office/cases/?done=recuse');
    await expectSameAsMissing(colleague, D.id);
    await expectNotListed(colleague, D.id, D.reference);
    // The recused person was the named handler: the assignment is released in the same write.
    const f = await env.DB.prepare('select assignee from case_files where complaint_id = ?').bind(D.id).first<{ assignee: string | null }>();
    expect(f!.assignee).toBeNull();
    // and can never be assigned again
    const again = await step(supervisor, D.id, 'assign', { assignee: 'luo-xiaoyun' });
    expect(again.status).toBe(422);
    // intake and a supervisor recuse too
    expect((await step(intake, D.id, 'recuse', { reason: '与被投诉科室负责人是亲属' })).status).toBe(303);
    await expectSameAsMissing(intake, D.id);
    expect((await step(otherSupervisor, D.id, 'recuse', { reason: '曾参与该事项的审批' })).status).toBe(303);
    await expectSameAsMissing(otherSupervisor, D.id);
    const page = await (await get(`/office/cases/${D.id}`, supervisor)).text();
    expect(page).toContain('回避人员');
    expect(page).toContain('投诉人是我的邻居');
    expect(page).toContain('罗晓云');
    const api = (await (await get(`/api/office/cases/${D.id}`, supervisor)).json()) as { parties: { person: string; kind: string; reason: string }[] };
    expect(api.parties.filter((p) => p.kind === 'recused').map((p) => p.reason)).toContain('投诉人是我的邻居');
  });

  it('refuses a recusal on a concluded case with a message, and changes nothing', async () => {
    const E = await file({ staffName: undefined });
    await toHandling(E.id, 'efficiency-office', { concerned: '' });
    expect((await step(supervisor, E.id, 'conclude', { finding: 'unsubstantiated', reply: '经调查核实，窗口工作人员已按规定一次性告知所需材料。' })).status).toBe(303);
    const before = await version(E.id);
    const res = await step(intake, E.id, 'recuse', { reason: '与投诉人相识' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('该案件已经办结，不再需要回避');
    expect(await version(E.id)).toBe(before);
    expect((await env.DB.prepare("select count(*) as n from case_parties where complaint_id = ? and kind = 'recused'").bind(E.id).first<{ n: number }>())!.n).toBe(0);
  });

  it('a recusal racing an assignment of the same person: one wins, the other gets 409, and the recused person is never left as handler', async () => {
    const F = await file({ staffName: undefined });
    await toHandling(F.id, 'real-estate', { concerned: '' });
    const v = await version(F.id);
    const luo2 = await as('pr-luo');
    const [r1, r2] = await Promise.all([
      post(`/office/cases/${F.id}/recuse`, luo2, { version: v, reason: '与投诉人相识多年' }),
      post(`/office/cases/${F.id}/assign`, supervisor, { version: v, assignee: 'luo-xiaoyun' }),
    ]);
    // The loser is either stale (409: same version claimed) or, if it ran after the recusal, refused (422).
    expect([r1.status, r2.status].filter((s) => s === 303)).toHaveLength(1);
    expect([r1.status, r2.status].filter((s) => s === 409 || s === 422)).toHaveLength(1);
    const f = await env.DB.prepare('select assignee from case_files where complaint_id = ?').bind(F.id).first<{ assignee: string | null }>();
    const recused = await env.DB.prepare("select count(*) as n from case_parties where complaint_id = ? and kind = 'recused'").bind(F.id).first<{ n: number }>();
    expect(recused!.n > 0 && f?.assignee === 'luo-xiaoyun').toBe(false);
  });
});

describe('shielding and disclosure', { timeout: 60_000 }, () => {
  it('the free text reaches the department complained about only once intake cleared it', async () => {
    const G = await file({ staffName: undefined });
    await toHandling(G.id, 'real-estate', { concerned: '', textCleared: 'no' });
    const page = await (await get(`/office/cases/${G.id}`, colleague)).text();
    expect(page).not.toContain('合同备案');
    expect(page).toContain('须经受理员核对后才向您显示');
  });

  it('shows the identity when the complainant agreed on the form (default off), and logs it as disclosure by consent', async () => {
    const form = await (await exports.default.fetch(`${BASE}/complaints/new`)).text();
    expect(form).toMatch(/name="identityConsent"[^>]*value="true"(?![^>]*checked)/);
    const H = await file({ staffName: undefined, identityConsent: true });
    await toHandling(H.id, 'real-estate', { concerned: '' });
    const page = await (await get(`/office/cases/${H.id}`, colleague)).text();
    expect(page).toContain(citizen.name);
    const log = await env.DB.prepare('select purpose, fields from personal_data_access where complaint_id = ? order by id desc limit 1').bind(H.id).first<{ purpose: string; fields: string }>();
    expect(log!.purpose).toBe('consent');
    expect(JSON.parse(log!.fields)).toContain('name');
    const history = await (await get(`/office/cases/${H.id}`, supervisor)).text();
    expect(history).toContain('投诉人同意被投诉部门知悉其身份');
  });

  it('the supervisor may disclose only with a recorded reason; it is in the history and the log says why', async () => {
    const I = await file({ staffName: undefined });
    await toHandling(I.id, 'real-estate', { concerned: '' });
    const before = await version(I.id);
    const none = await step(supervisor, I.id, 'disclose', { reason: '' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('请填写公开身份的理由');
    expect(await version(I.id)).toBe(before);
    expect((await step(colleague, I.id, 'disclose', { reason: '需要当面核实办理经过' })).status).toBe(403);
    expect((await step(supervisor, I.id, 'disclose', { reason: '需要当面核实办理经过，经请示同意' })).status).toBe(303);
    const page = await (await get(`/office/cases/${I.id}`, colleague)).text();
    expect(page).toContain(citizen.phone);
    const log = await env.DB.prepare('select purpose from personal_data_access where complaint_id = ? order by id desc limit 1').bind(I.id).first<{ purpose: string }>();
    expect(log!.purpose).toBe('supervisor');
    expect(await (await get(`/office/cases/${I.id}`, supervisor)).text()).toContain('需要当面核实办理经过，经请示同意');
  });

  it('writes an access-log row for every display of sealed data, none when nothing sealed was shown, and only the supervisor reads it', async () => {
    const J = await file({ staffName: undefined });
    const count = async () => (await env.DB.prepare('select count(*) as n from personal_data_access where complaint_id = ?').bind(J.id).first<{ n: number }>())!.n;
    expect(await count()).toBe(0);
    await get(`/office/cases/${J.id}`, intake);
    await get(`/office/cases/${J.id}`, intake);
    expect(await count()).toBe(2);
    await get(`/api/office/cases/${J.id}`, intake); // the JSON detail shows no sealed data
    expect(await count()).toBe(2);
    await toHandling(J.id, 'real-estate', { concerned: '', textCleared: 'no' });
    const n = await count();
    await get(`/office/cases/${J.id}`, colleague); // shielded, nothing cleared: nothing sealed shown
    expect(await count()).toBe(n);
    expect((await get(`/api/office/cases/${J.id}/access-log`, intake)).status).toBe(403);
    const log = (await (await get(`/api/office/cases/${J.id}/access-log`, supervisor)).json()) as { access: { account: string; purpose: string; fields: string[] }[] };
    expect(log.access.filter((a) => a.account === 'pr-intake').length).toBeGreaterThanOrEqual(2);
    expect(log.access[0].fields.length).toBeGreaterThan(0);
    const page = await (await get(`/office/cases/${J.id}`, supervisor)).text();
    expect(page).toContain('个人信息查看记录');
    expect(page).toContain('正常办理');
    // append-only
    await expect(env.DB.prepare('delete from personal_data_access where complaint_id = ?').bind(J.id).run()).rejects.toThrow(/append-only/);
  });
});

describe('the identity consent on every channel', { timeout: 60_000 }, () => {
  it('is off unless given; the API refuses a value that is not true or false (inputs tried: "yes", 1, "true", null) and stores nothing', async () => {
    const plain = await file({ staffName: undefined });
    const row = await env.DB.prepare('select identity_consent from complaints where id = ?').bind(plain.id).first<{ identity_consent: number }>();
    expect(row!.identity_consent).toBe(0);
    const before = (await env.DB.prepare('select count(*) as n from complaints').first<{ n: number }>())!.n;
    for (const bad of ['yes', 1, 'true', null]) {
      const res = await postJson('/api/complaints', {
        department: 'real-estate',
        category: 'overdue',
        occurredOn: addCalendarDays(shanghaiDate(), -2),
        description: '申请材料齐全，承诺五个工作日办结，已经过了十个工作日仍未办结。',
        request: '请尽快办结。',
        anonymous: false,
        ...citizen,
        consent: true,
        identityConsent: bad,
      });
      expect(res.status, String(bad)).toBe(422);
      expect(await res.text()).toContain('是否同意被投诉部门知道您的身份');
    }
    expect((await env.DB.prepare('select count(*) as n from complaints').first<{ n: number }>())!.n).toBe(before);
    // An anonymous complainant has no identity to disclose: the consent is dropped with the contact details.
    const anon = await file({ staffName: undefined, anonymous: true, name: undefined, phone: undefined, email: undefined, identityConsent: true });
    const a = await env.DB.prepare('select identity_consent from complaints where id = ?').bind(anon.id).first<{ identity_consent: number }>();
    expect(a!.identity_consent).toBe(0);
  });

  it('intake records it when registering a phone complaint, and the name said on the phone is matched as for the web', async () => {
    const res = await post('/office/cases/new', intake, {
      channel: 'phone',
      firstReceiver: 'li-min',
      department: 'real-estate',
      category: 'overdue',
      staffName: '谢娜',
      occurredOn: addCalendarDays(shanghaiDate(), -3),
      description: '来电反映：商品房合同备案材料齐全，已过八个工作日仍未办理。',
      request: '请尽快办理备案并说明原因。',
      anonymous: 'false',
      name: '周建国',
      phone: '13800138000',
      identityConsent: 'true',
      consent: 'true',
    });
    expect(res.status).toBe(201);
    const reference = /<strong class="reference">([^<]+)<\/strong>/.exec(await res.text())![1];
    const row = await env.DB.prepare('select id, identity_consent from complaints where reference = ?').bind(reference).first<{ id: number; identity_consent: number }>();
    expect(row!.identity_consent).toBe(1);
    const parties = await env.DB.prepare('select person from case_parties where complaint_id = ?').bind(row!.id).all<{ person: string }>();
    expect(parties.results.map((p) => p.person)).toEqual(['xie-na']);
  });
});

describe('issue 17 item 9: small case items', { timeout: 60_000 }, () => {
  it('a case just accepted is on time, not 即将到期', async () => {
    const K = await file({ staffName: undefined });
    expect((await step(intake, K.id, 'accept')).status).toBe(303);
    const api = (await (await get(`/api/office/cases/${K.id}`, intake)).json()) as { case: { deadlineState: string } };
    expect(api.case.deadlineState).toBe('on-time');
  });

  it('a declined case shows the citizen no current deadline, on the page or in the API', async () => {
    const L = await file({ staffName: undefined });
    expect(
      (await step(intake, L.id, 'decline', { reason: '所反映的问题不属于效能投诉受理范围', legalBasis: '效能投诉处理办法第五条', referral: '请向市信访局反映，电话 0519-12345' })).status,
    ).toBe(303);
    const page = await (await postForm('/track/', asForm({ reference: L.reference, accessCode: L.accessCode }))).text();
    expect(page).not.toContain('当前期限');
    const api = (await (await postJson('/api/track', { reference: L.reference, accessCode: L.accessCode }, { 'CF-Connecting-IP': ip() })).json()) as { dueBy: unknown };
    expect(api.dueBy).toBeNull();
  });

  it('the history marks an internal outcome （内部） once, not twice', async () => {
    const M = await file({ staffName: undefined });
    await toHandling(M.id, 'efficiency-office', { concerned: '' });
    expect((await step(supervisor, M.id, 'conclude', { finding: 'unsubstantiated', reply: '经调查核实，未发现所反映的问题，感谢监督。' })).status).toBe(303);
    const page = await (await get(`/office/cases/${M.id}`, supervisor)).text();
    expect(page).toContain('处理结果');
    expect(page).not.toContain('（内部）（内部）');
    expect(page).not.toMatch(/处理结果（内部）\s*<span class="history__internal">/);
  });
});
