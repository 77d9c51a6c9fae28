// POST /api/inquiries/track (issue 13: the person looks an inquiry up "like a complaint"): the same
// view as the page, behind the same query-code check, one 404 for unknown and wrong, clear 4xx for
// bad input, the wrong-code throttle, and none of the asker's data or the matter in the answer.
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { registerSchema } from '../../schema/inquiry.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { registerInquiry } from '../../worker/services/inquiries.ts';
import { BASE, catalogue, ip } from './helpers.ts';

const asker = { name: '接口询问人乙', phone: '13900000077', matter: '询问维修资金使用公示在哪里查看' };

function track(body: unknown, from = ip(), contentType = 'application/json') {
  return exports.default.fetch(`${BASE}/api/inquiries/track`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'CF-Connecting-IP': from },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

let reference: string;
let accessCode: string;
let silent: string; // registered without a query code

beforeAll(async () => {
  const today = shanghaiDate(now());
  const input = (extra: Record<string, string>) =>
    registerSchema(catalogue, today).parse({ channel: 'phone', priority: 'ordinary', firstReceiver: 'li-min', ...asker, outcome: 'later', contactName: '李敏', contactPhone: '0519-85600000', ...extra });
  const given = await registerInquiry(env, input({ giveCode: 'yes' }), 'li-min');
  reference = given.reference;
  accessCode = given.accessCode!;
  silent = (await registerInquiry(env, input({}), 'li-min')).reference;
});

describe('POST /api/inquiries/track', () => {
  it('answers the reference and query code with the status, the deadline and the contact told, and nothing the person said', async () => {
    const res = await track({ reference: reference.toLowerCase(), accessCode: accessCode.replace('-', '') });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const view = (await res.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ reference, status: '办理中', overdue: false, named: true, contact: { name: '李敏', phone: '0519-85600000' } });
    expect(typeof view.dueAt).toBe('number');
    const text = JSON.stringify(view);
    for (const secret of [asker.name, asker.phone, asker.matter]) expect(text).not.toContain(secret);
  });

  it('gives the same 404 for a wrong code, an unknown reference and an inquiry registered without a code', async () => {
    const answers = await Promise.all([
      track({ reference, accessCode: '0000000000' }),
      track({ reference: 'SW-2612-ZZZZZZ', accessCode }),
      track({ reference: silent, accessCode }),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.text() })));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0].status).toBe(404);
    expect(bodies[0].body).toContain('首问编号或查询码不正确');
  });

  it('answers bad input with a 4xx in Chinese that says what to fix', async () => {
    // Tried: an empty object, a malformed reference, a short code, an extra field, broken JSON, a form body.
    const missing = await track({});
    expect(missing.status).toBe(422);
    const text = await missing.text();
    expect(text).toContain('请填写首问编号');
    expect(text).toContain('请填写查询码');
    const badRef = await track({ reference: 'XN-2612-AAAAAA', accessCode });
    expect(badRef.status).toBe(422);
    expect(await badRef.text()).toContain('首问编号的格式是');
    expect((await track({ reference, accessCode: '12345' })).status).toBe(422);
    expect((await track({ reference, accessCode, extra: 1 })).status).toBe(422);
    const broken = await track('{"reference":');
    expect(broken.status).toBe(400);
    expect((await track(`reference=${reference}`, ip(), 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('stops a client after 10 wrong codes in 15 minutes, and then even the right code waits (429 with Retry-After)', async () => {
    const from = ip();
    for (let i = 0; i < 10; i++) expect((await track({ reference, accessCode: `${i}`.padStart(10, '9') }, from)).status).toBe(404);
    const blocked = await track({ reference, accessCode }, from);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await track({ reference, accessCode })).status).toBe(200);
  });

  it('is in the OpenAPI document with its example', async () => {
    const doc = (await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json()) as { paths: Record<string, { post?: { requestBody?: unknown } }> };
    expect(doc.paths['/api/inquiries/track']?.post?.requestBody).toBeTruthy();
  });
});
