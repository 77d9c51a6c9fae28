// Issue 17, hardening items 1–3: what must hold when many requests arrive at once or a cookie is
// replayed. Each test sends its requests in parallel through the worker's fetch, so the database
// (not a read-then-write in the service) has to decide.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { now as clockNow } from '../../schema/clock.ts';
import { WRONG_CODE_LIMIT } from '../../worker/lib/client.ts';
import { asForm, BASE, postForm, postJson, validComplaint } from './helpers.ts';

async function concludedCase() {
  const res = await postJson('/api/complaints', validComplaint());
  const { reference, accessCode } = (await res.json()) as { reference: string; accessCode: string };
  const { id } = (await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>())!;
  const at = clockNow();
  await env.DB.batch([
    env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'li-min', 'concluded', 1, ?)").bind(id, at, JSON.stringify({ finding: 'substantiated', reply: '经核查属实，已责令整改。' })),
    env.DB.prepare("update complaints set stage = 'conclusion', concluded_at = ?, version = version + 1 where id = ?").bind(at, id),
  ]);
  return { id, reference, accessCode };
}

const count = async (id: number, type: string) =>
  (await env.DB.prepare('select count(*) as n from complaint_events where complaint_id = ? and type = ?').bind(id, type).first<{ n: number }>())!.n;

describe('ratings and review requests under concurrency (item 1)', () => {
  it('30 parallel ratings of one concluded case store exactly one; the other 29 get 409 with a Chinese message', async () => {
    const { id, reference, accessCode } = await concludedCase();
    const answers = await Promise.all(Array.from({ length: 30 }, () => postJson('/api/track/rating', { reference, accessCode, level: 'satisfied' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    expect(await count(id, 'rated')).toBe(1);
    const refused = answers.find((r) => r.status === 409)!;
    expect(((await refused.json()) as { detail: string }).detail).toContain('不能重复提交');
  });

  it('30 parallel review requests (HTML form) store exactly one; the others get 409', async () => {
    const { id, reference, accessCode } = await concludedCase();
    const reason = '结论说不属实，但我有窗口退件单为证，请重新核查。';
    const answers = await Promise.all(Array.from({ length: 30 }, () => postForm('/track/review', asForm({ reference, accessCode, reason }))));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    expect(await count(id, 'review-requested')).toBe(1);
  });
});

describe('the wrong-code limit under concurrency (item 2)', () => {
  it(`30 parallel wrong codes from one address: at most ${WRONG_CODE_LIMIT} are answered 404, the rest 429`, async () => {
    const { reference } = await concludedCase();
    const client = { 'CF-Connecting-IP': '203.0.113.77' };
    const answers = await Promise.all(Array.from({ length: 30 }, () => postJson('/api/track', { reference, accessCode: '0000000000' }, client)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(WRONG_CODE_LIMIT);
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 404).every((s) => s === 429)).toBe(true);
  });

  it('a right code does not use up the allowance: 12 right answers then 10 wrong ones are all answered', async () => {
    const { reference, accessCode } = await concludedCase();
    const client = { 'CF-Connecting-IP': '203.0.113.78' };
    for (let i = 0; i < 12; i++) expect((await postJson('/api/track', { reference, accessCode }, client)).status).toBe(200);
    for (let i = 0; i < WRONG_CODE_LIMIT; i++) expect((await postJson('/api/track', { reference, accessCode: '0000000000' }, client)).status).toBe(404);
    expect((await postJson('/api/track', { reference, accessCode }, client)).status).toBe(429);
  });
});

describe('the confirmation cookie is shown once on the server (item 3)', () => {
  it('replaying the same confirmation cookie shows no access code the second time', async () => {
    const res = await postForm('/complaints/new/', asForm({ ...validComplaint(), idempotencyKey: crypto.randomUUID() }));
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const first = await (await exports.default.fetch(`${BASE}/complaints/confirmation/`, { headers: { Cookie: cookie } })).text();
    expect(first).toContain('data-access-code');
    const replay = await (await exports.default.fetch(`${BASE}/complaints/confirmation/`, { headers: { Cookie: cookie } })).text();
    expect(replay).not.toContain('data-access-code');
    expect(replay).toContain('确认页已显示过');
  });

  it('of 10 parallel replays of one confirmation cookie, only one shows the access code', async () => {
    const res = await postForm('/complaints/new/', asForm({ ...validComplaint(), idempotencyKey: crypto.randomUUID() }));
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const pages = await Promise.all(Array.from({ length: 10 }, async () => (await exports.default.fetch(`${BASE}/complaints/confirmation/`, { headers: { Cookie: cookie } })).text()));
    expect(pages.filter((p) => p.includes('data-access-code'))).toHaveLength(1);
  });
});
