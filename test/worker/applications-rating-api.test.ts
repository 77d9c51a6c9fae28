// POST /api/applications/rating (issue 12, 好差评 一事一评): the JSON twin of the rating form, with
// the tracking lookup's protections — an unknown number and a wrong code answer alike (also when the
// rest of the body is bad), wrong codes are throttled, one rating per application even when two
// arrive at once, and every refusal says in Chinese what to fix.
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
const codes: Record<string, string> = {};

async function application(number: string, concluded: boolean) {
  const events = [
    { id: `${number}-r`, application: number, type: 'received', occurredAt: at(6), data: { service: 'maintenance-fund-use', channel: 'window', applicant: { kind: 'person', name: '钱申请', phone: '13922223333' }, receiver: 'sun-yue' } },
    { id: `${number}-a`, application: number, type: 'accepted', occurredAt: at(6, '10:00:00'), data: { by: 'sun-yue' } },
    ...(concluded ? [{ id: `${number}-c`, application: number, type: 'concluded', occurredAt: at(2), data: { outcome: 'approved' } }] : []),
  ];
  const out = await recordEvents(env, db(), 'console:test', null, events);
  codes[number] = (out[0] as { queryCode: string }).queryCode;
  if (!codes[number]) throw new Error(JSON.stringify(out));
}

beforeAll(async () => {
  await application('RT-DONE-0001', true);
  await application('RT-RACE-0001', true);
  await application('RT-OPEN-0001', false);
});

const rate = (body: unknown, client = ip(), type = 'application/json') =>
  exports.default.fetch(`${BASE}/api/applications/rating`, { method: 'POST', headers: { 'Content-Type': type, 'CF-Connecting-IP': client }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const ratings = async (number: string) =>
  (await env.DB.prepare('select count(*) as n from application_ratings r join applications a on a.id = r.application_id where a.number = ?').bind(number).first<{ n: number }>())!.n;

describe('POST /api/applications/rating', () => {
  it('records a 差评 once, with its 回访 deadline; the second try is a 409 in Chinese', async () => {
    const res = await rate({ reference: 'RT-DONE-0001', accessCode: codes['RT-DONE-0001'], level: 'dissatisfied', comment: '等了很久没人告诉进度' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as { number: string; level: string; levelLabel: string; followUpBy: string | null };
    expect(body).toMatchObject({ number: 'RT-DONE-0001', level: 'dissatisfied', levelLabel: '不满意' });
    expect(body.followUpBy! > today).toBe(true);
    const again = await rate({ reference: 'RT-DONE-0001', accessCode: codes['RT-DONE-0001'], level: 'very-satisfied' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain('每件只能评价一次');
    expect(await ratings('RT-DONE-0001')).toBe(1);
  });

  it('keeps one rating when two arrive at once', async () => {
    const body = { reference: 'RT-RACE-0001', accessCode: codes['RT-RACE-0001'], level: 'satisfied' };
    const results = await Promise.all([rate(body), rate({ ...body, level: 'very-dissatisfied' }), rate(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await ratings('RT-RACE-0001')).toBe(1);
  });

  it('refuses an application not yet concluded (409) and writes nothing', async () => {
    const res = await rate({ reference: 'RT-OPEN-0001', accessCode: codes['RT-OPEN-0001'], level: 'satisfied' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toContain('办结以后才能评价');
    expect(await ratings('RT-OPEN-0001')).toBe(0);
  });

  it('answers an unknown number and a wrong code alike, also with a bad level (no probing)', async () => {
    const wrong = await rate({ reference: 'RT-OPEN-0001', accessCode: 'AAAAAAAAAA', level: 'satisfied' });
    const unknown = await rate({ reference: 'RT-NOSUCH-001', accessCode: 'AAAAAAAAAA', level: 'satisfied' });
    const wrongAndBad = await rate({ reference: 'RT-OPEN-0001', accessCode: 'AAAAAAAAAA', level: 'great' });
    expect([wrong.status, unknown.status, wrongAndBad.status]).toEqual([404, 404, 404]);
    const [a, b, c] = await Promise.all([wrong.json(), unknown.json(), wrongAndBad.json()]);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
  });

  it.each([
    ['a level not among the five', { level: 'great' }, 'level', '评价等级'],
    ['no level', {}, 'level', '评价等级'],
    ['a comment of 501 characters', { level: 'satisfied', comment: '慢'.repeat(501) }, 'comment', '最多 500 个字'],
    ['a comment that is a number', { level: 'satisfied', comment: 5 }, 'comment', '意见要写成文字'],
    ['a control character in the comment', { level: 'satisfied', comment: 'ok\u0007' }, 'comment', '控制字符'],
  ])('with the right code, refuses %s with a 422 naming the field in Chinese', async (_name, extra, field, message) => {
    const res = await rate({ reference: 'RT-OPEN-0001', accessCode: codes['RT-OPEN-0001'], ...extra });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.find((e) => e.field === field)?.message).toContain(message);
    expect(await ratings('RT-OPEN-0001')).toBe(0);
  });

  it('refuses a body that is not JSON (415, 400) in Chinese', async () => {
    const form = await rate('level=satisfied', ip(), 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const broken = await rate('{"reference": ', ip());
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { title: string }).title).toMatch(/[\u4e00-\u9fff]/);
  });

  it('throttles wrong codes from one client like the tracking lookup (429 with Retry-After)', async () => {
    const client = ip();
    let last: Response | undefined;
    for (let i = 0; i <= WRONG_CODE_LIMIT; i++) last = await rate({ reference: 'RT-DONE-0001', accessCode: 'BBBBBBBBBB', level: 'satisfied' }, client);
    expect(last!.status).toBe(429);
    expect(last!.headers.get('Retry-After')).toBeTruthy();
    // Even the right code waits now.
    expect((await rate({ reference: 'RT-OPEN-0001', accessCode: codes['RT-OPEN-0001'], level: 'satisfied' }, client)).status).toBe(429);
  });

  it('is in the OpenAPI document with its error responses', async () => {
    const doc = (await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json()) as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths['/api/applications/rating'].post!.responses).sort()).toEqual(['200', '400', '404', '409', '413', '415', '422', '429']);
  });
});
