// 办件查询: the applicant's view by number + query code, with the protections of complaint
// tracking: an unknown number and a wrong code answer alike, wrong codes are throttled, and no
// personal data of anyone is shown.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { WRONG_CODE_LIMIT } from '../../worker/lib/client.ts';
import { recordEvents } from '../../worker/services/applications.ts';
import { db } from './applications-helpers.ts';
import { BASE, ip } from './helpers.ts';

const today = shanghaiDate(now());
const at = (daysAgo: number, time = '09:00:00') => `${addCalendarDays(today, -daysAgo)}T${time}+08:00`;
let code = '';

beforeAll(async () => {
  const out = await recordEvents(env, db(), 'console:test', null, [
    { id: 'track-event-r', application: 'CK-TRACK-0001', type: 'received', occurredAt: at(6), data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: '赵申请', phone: '13911112222' }, receiver: 'sun-yue' } },
    { id: 'track-event-a', application: 'CK-TRACK-0001', type: 'accepted', occurredAt: at(6, '10:00:00'), data: { by: 'sun-yue' } },
    { id: 'track-event-s', application: 'CK-TRACK-0001', type: 'step-done', occurredAt: at(5), data: { step: 0, by: 'sun-yue' } },
    { id: 'track-event-x', application: 'CK-TRACK-0001', type: 'extended', occurredAt: at(4), data: { days: 5, reason: '需要组织现场核查', approvedBy: 'li-min' } },
  ]);
  code = (out[0] as { queryCode: string }).queryCode;
  if (!code) throw new Error(JSON.stringify(out));
});

const form = (reference: string, accessCode: string, client = ip()) =>
  exports.default.fetch(`${BASE}/applications/track/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': client }, body: new URLSearchParams({ reference, accessCode }) });
const api = (body: unknown, client = ip()) =>
  exports.default.fetch(`${BASE}/api/applications/track`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': client }, body: JSON.stringify(body) });

describe('办件查询', () => {
  it('shows status, steps, deadline and the extension with its reason; no applicant, no staff (code typed lower-case with a dash)', async () => {
    const res = await form('CK-TRACK-0001', `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('已受理，办理中');
    expect(html).toContain('需要组织现场核查');
    expect(html).toContain('承诺办结日期');
    for (const secret of ['赵申请', '13911112222', 'sun-yue', 'li-min', '孙', code]) expect(html, secret).not.toContain(secret);
  });

  it('answers an unknown number and a wrong code with the same 404, on the page and in the API', async () => {
    const wrong = await form('CK-TRACK-0001', 'AAAAAAAAAA');
    const unknown = await form('CK-NOSUCH-0001', 'AAAAAAAAAA');
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrong.text()).toBe(await unknown.text());
    const a = await api({ reference: 'CK-TRACK-0001', accessCode: 'AAAAAAAAAA' });
    const b = await api({ reference: 'CK-NOSUCH-0001', accessCode: 'AAAAAAAAAA' });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await a.text()).toBe(await b.text());
  });

  it('throttles wrong codes per client: 429 after the limit, even with the right code', async () => {
    const client = ip();
    for (let i = 0; i < WRONG_CODE_LIMIT; i++) await form('CK-NOSUCH-0002', 'BBBBBBBBBB', client);
    const blocked = await form('CK-TRACK-0001', code, client);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('Retry-After')).toBeTruthy();
  });

  it('answers 422 with the field to fix (inputs: empty number, 5-character code)', async () => {
    const res = await form('', 'ABCDE');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('办件编号');
    expect(html).toContain('10 位字母和数字');
  });

  it('gives the same view as JSON through POST /api/applications/track, without personal data', async () => {
    const res = await api({ reference: 'CK-TRACK-0001', accessCode: code });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { status: string; extension: { reason: string }; steps: { doneOn: string | null }[] };
    expect(view.status).toBe('accepted');
    expect(view.extension.reason).toBe('需要组织现场核查');
    expect(view.steps[0].doneOn).toBe(addCalendarDays(today, -5));
    const text = JSON.stringify(view);
    for (const secret of ['赵申请', '13911112222', 'sun-yue', 'li-min']) expect(text).not.toContain(secret);
  });
});
