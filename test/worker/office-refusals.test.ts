// The console's refusals are thrown (refusal / forbidden / officeForm / staffRecordOf, worker/office/)
// and answered by app.ts's one onError: each keeps its status, the console frame, a Chinese message
// that says what to do, and writes nothing.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE } from './helpers.ts';
import type { Role } from '../../schema/domain.ts';
import { as, createAccount, get, post, type Session } from './office-helpers.ts';

const count = async (table: string) => (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

// An intake account with no staff record (工作人员档案) may not register inquiries or appointments.
const accounts: Record<'noRecord' | 'withRecord' | 'handler' | 'supervisor', [Role, string | null]> = {
  noRecord: ['intake', null],
  withRecord: ['intake', 'li-min'],
  handler: ['handler', 'tang-hua'],
  supervisor: ['supervisor', 'zhao-li'],
};
const sessions = {} as Record<keyof typeof accounts, Session>;

beforeAll(async () => {
  for (const [name, [role, staffId]] of Object.entries(accounts) as [keyof typeof accounts, [Role, string | null]][]) {
    await createAccount(`rf-${name.toLowerCase()}`, role, 'efficiency-office', staffId);
    sessions[name] = await as(`rf-${name.toLowerCase()}`);
  }
});

describe('refusals thrown by the console routes', () => {
  it('an account without a staff record is refused the two registers with 403 and what to do (tried: GET and POST of /office/inquiries/new and /office/appointments/new)', async () => {
    const [inquiries, appointments] = [await count('inquiries'), await count('appointments')];
    for (const path of ['/office/inquiries/new', '/office/appointments/new']) {
      const page = await get(path, sessions.noRecord);
      expect(page.status, path).toBe(403);
      const text = await page.text();
      expect(text, path).toContain('<h1>不能登记</h1>');
      expect(text, path).toMatch(/没有对应的工作人员.*请联系/);
      expect(page.headers.get('X-Frame-Options'), path).toBe('DENY');
      expect((await post(path, sessions.noRecord, { name: '张三' })).status, path).toBe(403);
      // The same pages open for an account linked to a staff record.
      expect((await get(path, sessions.withRecord)).status, path).toBe(200);
    }
    expect(await count('inquiries')).toBe(inquiries);
    expect(await count('appointments')).toBe(appointments);
  });

  it('a form that is not urlencoded is a 415 inside the console with the way back (tried: text/plain to /office/handovers/ and /office/whereabouts/)', async () => {
    const before = await count('handovers');
    for (const [path, back] of [
      ['/office/handovers/', '/office/handovers/'],
      ['/office/whereabouts/', '/office/whereabouts/'],
    ]) {
      const res = await exports.default.fetch(`${BASE}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: sessions.handler.cookie, 'X-CSRF-Token': sessions.handler.csrf, 'Content-Type': 'text/plain', Origin: BASE, 'Sec-Fetch-Site': 'same-origin' },
        body: 'staffId=tang-hua',
      });
      expect(res.status, path).toBe(415);
      const text = await res.text();
      expect(text, path).toContain('<h1>无法登记</h1>');
      expect(text, path).toContain('表单提交方式不对');
      expect(text, path).toContain(`href="${back}"`);
    }
    expect(await count('handovers')).toBe(before);
  });

  it('a narrower role check (onlyRoles) answers 403 in the console frame, and problem+json under /api/office/', async () => {
    const page = await get('/office/decisions/new', sessions.handler);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('<h1>无权访问</h1>');
    const api = await exports.default.fetch(`${BASE}/api/office/alerts`, { headers: { Cookie: sessions.handler.cookie } });
    expect(api.status).toBe(403);
    expect(api.headers.get('Content-Type')).toContain('application/problem+json');
    expect(((await api.json()) as { title: string }).title).toBe('无权访问');
  });

  it('a bad card id or action on 电子监察 cards is a 404 page (tried: cards/0/supervise, cards/abc/close, cards/1/explode)', async () => {
    for (const path of ['/office/applications/cards/0/supervise', '/office/applications/cards/abc/close', '/office/applications/cards/1/explode']) {
      const res = await post(path, sessions.supervisor, {});
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toMatch(/<h1>找不到该(预警|操作)<\/h1>/);
    }
  });
});
