import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../schema/domain.ts';
import { BASE } from './helpers.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';
import { exports } from 'cloudflare:workers';

// Every console route, who may use it, and a body that would succeed for the right role.
interface Route {
  method: 'GET' | 'POST';
  path: string;
  roles: Role[] | 'any';
  fields?: Record<string, string>;
}

let caseId = 0;
let alertId = 0;
let accountId = 0;
let decisionId = 0;
const routes = (): Route[] => [
  { method: 'GET', path: '/office/', roles: 'any' },
  { method: 'GET', path: '/office/cases/', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: '/office/cases/new', roles: ['intake'] },
  { method: 'POST', path: '/office/cases/new', roles: ['intake'], fields: {} },
  { method: 'GET', path: `/office/cases/${caseId}`, roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: `/office/cases/${caseId}/accept`, roles: ['intake', 'supervisor'], fields: { version: '999' } },
  { method: 'POST', path: `/office/cases/${caseId}/approve`, roles: ['supervisor'], fields: { version: '999' } },
  { method: 'POST', path: `/office/cases/${caseId}/request-extension`, roles: ['handler', 'supervisor'], fields: { version: '999' } },
  { method: 'POST', path: `/office/cases/${caseId}/conclude`, roles: ['supervisor'], fields: { version: '999' } },
  { method: 'GET', path: '/office/alerts/', roles: ['supervisor'] },
  { method: 'POST', path: `/office/alerts/${alertId}/resolve`, roles: ['supervisor'], fields: { resolution: '' } },
  { method: 'GET', path: '/office/accounts/', roles: ['admin'] },
  { method: 'POST', path: '/office/accounts/', roles: ['admin'], fields: {} },
  { method: 'GET', path: `/office/accounts/${accountId}`, roles: ['admin'] },
  { method: 'POST', path: `/office/accounts/${accountId}/role`, roles: ['admin'], fields: {} },
  { method: 'POST', path: `/office/accounts/${accountId}/password`, roles: ['admin'], fields: {} },
  { method: 'POST', path: `/office/accounts/${accountId}/active`, roles: ['admin'], fields: {} },
  // 电子监察 (issue 12): unknown numbers and cards answer 404 to the roles allowed, 403 to the others.
  { method: 'GET', path: '/office/applications/', roles: ['intake', 'handler', 'supervisor', 'admin'] },
  { method: 'GET', path: '/office/applications/new', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/applications/new', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/applications/BJ-NONE-0001', roles: ['intake', 'handler', 'supervisor', 'admin'] },
  { method: 'POST', path: '/office/applications/BJ-NONE-0001/events', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'POST', path: '/office/applications/BJ-NONE-0001/follow-up', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/applications/clients/', roles: ['admin', 'supervisor'] },
  { method: 'GET', path: '/office/applications/performance', roles: ['supervisor', 'admin'] },
  { method: 'POST', path: '/office/applications/clients/', roles: ['admin'], fields: {} },
  { method: 'POST', path: '/office/applications/clients/ac-none/revoke', roles: ['admin'], fields: {} },
  { method: 'POST', path: '/office/applications/cards/999999/supervise', roles: ['supervisor'], fields: {} },
  { method: 'POST', path: '/office/applications/cards/999999/answer', roles: ['handler', 'supervisor'], fields: {} },
  { method: 'POST', path: '/office/applications/cards/999999/close', roles: ['supervisor'], fields: {} },
  { method: 'POST', path: '/office/applications/cards/999999/open-case', roles: ['supervisor'], fields: {} },
  { method: 'GET', path: '/office/inquiries/', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: '/office/inquiries/new', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/inquiries/new', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/inquiries/999999', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/inquiries/999999/close', roles: ['intake', 'handler', 'supervisor'], fields: { version: '1' } },
  { method: 'GET', path: '/office/whereabouts/', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/whereabouts/', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'POST', path: '/office/whereabouts/back', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/handovers/', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/handovers/', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/handovers/999999', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/handovers/999999/approve', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/inquiries/figures', roles: ['supervisor'] },
  // 预约登记本 (issue 13): phone and walk-in appointments registered by staff, and the register.
  { method: 'GET', path: '/office/appointments/new', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: '/office/appointments/new', roles: ['intake', 'handler', 'supervisor'], fields: {} },
  { method: 'GET', path: '/office/appointments/register', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: '/office/appointments/register/print', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: '/api/office/me', roles: 'any' },
  { method: 'GET', path: '/api/office/cases', roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: `/api/office/cases/${caseId}`, roles: ['intake', 'handler', 'supervisor'] },
  { method: 'POST', path: `/api/office/cases/${caseId}/actions/note`, roles: ['intake', 'handler', 'supervisor'] },
  { method: 'GET', path: '/api/office/alerts', roles: ['supervisor'] },
  // Accountability decisions (issue 14): the register and the notice for supervisor, leading group and
  // admin; proposals by the supervisor; everyone has their own list. The per-record actions answer
  // 404 to someone the decision does not concern, so decisions.test.ts checks them ("who may do what").
  { method: 'GET', path: '/office/decisions/', roles: ['supervisor', 'leader', 'admin'] },
  { method: 'GET', path: '/office/decisions/mine/', roles: 'any' },
  { method: 'GET', path: '/office/decisions/new', roles: ['supervisor'] },
  { method: 'POST', path: '/office/decisions/new', roles: ['supervisor'], fields: {} },
  { method: 'GET', path: `/office/decisions/${decisionId}/notice`, roles: ['supervisor', 'leader', 'admin'] },
  { method: 'GET', path: '/office/decisions/register', roles: ['supervisor', 'leader', 'admin'] },
  { method: 'GET', path: '/office/decisions/bonus.csv', roles: ['supervisor', 'leader', 'admin'] },
  // 目标管理 (issue 14): everyone signed in reads within their scope (targets.test.ts checks what each
  // sees); the supervisor and the leading group set targets, check, publish and correct; the
  // leading group alone approves. A quarter long past, so opening it here touches nothing else.
  { method: 'GET', path: '/office/targets/', roles: 'any' },
  { method: 'POST', path: '/office/targets/', roles: ['supervisor', 'leader'], fields: {} },
  { method: 'GET', path: '/office/targets/items/999999', roles: ['supervisor', 'leader'] },
  { method: 'POST', path: '/office/targets/items/999999', roles: ['supervisor', 'leader'], fields: {} },
  { method: 'POST', path: '/office/targets/items/999999/delete', roles: ['supervisor', 'leader'], fields: {} },
  { method: 'GET', path: '/office/targets/quarters/2021-q1/', roles: 'any' },
  { method: 'POST', path: '/office/targets/quarters/2021-q1/open', roles: ['supervisor', 'leader'], fields: {} },
  { method: 'POST', path: '/office/targets/quarters/2021-q1/check', roles: ['supervisor', 'leader'], fields: {} },
  { method: 'POST', path: '/office/targets/quarters/2021-q1/approve', roles: ['leader'], fields: { version: '999' } },
  { method: 'POST', path: '/office/targets/quarters/2021-q1/publish', roles: ['supervisor', 'leader'], fields: { version: '999' } },
  { method: 'POST', path: '/office/targets/quarters/2021-q1/correct', roles: ['supervisor', 'leader'], fields: {} },
  // Each staff member's notification choices (the SMS sink's page, which fetches the local sink, is
  // checked for its roles in notify-pages.test.ts).
  { method: 'GET', path: '/office/notify/', roles: 'any' },
];

const everyone: Role[] = ['intake', 'handler', 'supervisor', 'leader', 'admin'];
const sessions = {} as Record<Role, Session>;

beforeAll(async () => {
  await createAccount('r-intake', 'intake', 'efficiency-office', 'li-min');
  await createAccount('r-handler', 'handler', 'efficiency-office', 'tang-hua');
  await createAccount('r-super', 'supervisor', 'efficiency-office', 'zhao-li');
  accountId = await createAccount('r-admin', 'admin');
  await createAccount('r-leader', 'leader');
  for (const r of everyone) sessions[r] = await as(`r-${r === 'supervisor' ? 'super' : r}`);
  // One case (handled by the efficiency office, so its handler may see it) and one alert.
  const c = await env.DB.prepare(
    `insert into complaints (reference, access_hash, department, category, occurred_on, anonymous, personal, received_at, acknowledge_by, due_by)
     values ('XN-2611-ROLES1', 'x', 'real-estate', 'overdue', '2026-11-01', 1, 'v1.x.y', 0, '2026-11-30', '2026-11-30') returning id`,
  ).first<{ id: number }>();
  caseId = c!.id;
  const a = await env.DB.prepare("insert into accountability_alerts (rule, subject, period, count, raised_at) values ('unit-month', 'real-estate', '2026-11', 2, 0) returning id").first<{ id: number }>();
  alertId = a!.id;
  const d = await env.DB.prepare(
    `insert into decisions (kind, state, staff_id, department, facts, basis, proposed_by, proposed_at, approved_by, approved_at, notice_year, notice_seq)
     values ('written-admonition', 'approved', 'chen-hong', 'approval-section', '角色测试', '角色测试', ?1, 0, ?1, 0, 2026, 1) returning id`,
  )
    .bind(accountId)
    .first<{ id: number }>();
  decisionId = d!.id;
});

function call(route: Route, s?: Session): Promise<Response> {
  if (route.path.startsWith('/api/')) {
    return exports.default.fetch(`${BASE}${route.path}`, {
      method: route.method,
      redirect: 'manual',
      headers: {
        ...(s ? { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } : {}),
        'Content-Type': 'application/json',
        Origin: BASE,
        'Sec-Fetch-Site': 'same-origin',
      },
      ...(route.method === 'POST' ? { body: JSON.stringify({ version: 999, note: '角色测试' }) } : {}),
    });
  }
  return route.method === 'GET' ? get(route.path, s) : post(route.path, s, route.fields ?? {});
}

describe('role × route matrix', { timeout: 30_000 }, () => {
  it('refuses anonymous visitors everywhere: pages redirect to sign-in, the API answers 401', async () => {
    for (const route of routes()) {
      const res = await call(route);
      if (route.path.startsWith('/api/')) {
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      } else {
        expect(res.status, `${route.method} ${route.path}`).toBe(303);
        expect(res.headers.get('Location'), route.path).toMatch(/^\/office\/login\?next=/);
      }
    }
  });

  it('answers every role that may not use a route with 403, and lets every role that may through', async () => {
    for (const route of routes()) {
      for (const role of everyone) {
        const allowed = route.roles === 'any' || route.roles.includes(role);
        const res = await call(route, sessions[role]);
        const label = `${role} ${route.method} ${route.path} → ${res.status}`;
        if (allowed) expect(res.status, label).not.toBe(403);
        else expect(res.status, label).toBe(403);
        if (allowed) expect(res.status, label).toBeLessThan(500);
      }
    }
  });

  it('keeps a handler out of another department’s cases', async () => {
    await createAccount('r-handler2', 'handler', 'housing-security');
    const other = await as('r-handler2');
    expect((await get(`/office/cases/${caseId}`, other)).status).toBe(404);
    const api = await exports.default.fetch(`${BASE}/api/office/cases/${caseId}`, { headers: { Cookie: other.cookie } });
    expect(api.status).toBe(404);
    const list = (await (await exports.default.fetch(`${BASE}/api/office/cases`, { headers: { Cookie: other.cookie } })).json()) as { cases: unknown[] };
    expect(list.cases).toHaveLength(0);
  });

  it('refuses API posts without the X-CSRF-Token header or from another site', async () => {
    const s = sessions.supervisor;
    const base = { method: 'POST', headers: { Cookie: s.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ version: 1, note: '测试一下' }) };
    expect((await exports.default.fetch(`${BASE}/api/office/cases/${caseId}/actions/note`, base)).status).toBe(403);
    const evil = { ...base, headers: { ...base.headers, 'X-CSRF-Token': s.csrf, Origin: 'https://evil.example' } };
    expect((await exports.default.fetch(`${BASE}/api/office/cases/${caseId}/actions/note`, evil)).status).toBe(403);
    const good = { ...base, headers: { ...base.headers, 'X-CSRF-Token': s.csrf } };
    expect((await exports.default.fetch(`${BASE}/api/office/cases/${caseId}/actions/note`, good)).status).toBe(200);
  });

  it('sends an anonymous visitor of an unknown console page to sign in, and shows staff a 404', async () => {
    expect((await get('/office/no-such-page')).headers.get('Location')).toMatch(/^\/office\/login/);
    expect((await get('/office/no-such-page', sessions.intake)).status).toBe(404);
  });

  it('ends the sessions of a deactivated account at once', async () => {
    const id = await createAccount('r-leaver', 'intake');
    const leaver = await as('r-leaver');
    expect((await get('/office/cases/', leaver)).status).toBe(200);
    expect((await post(`/office/accounts/${id}/active`, sessions.admin, { active: 'false' })).status).toBe(303);
    expect((await get('/office/cases/', leaver)).status).toBe(303);
  });
});
