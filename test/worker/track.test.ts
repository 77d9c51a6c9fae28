// Following a complaint: reference + access code, the same 404 for unknown and wrong, the wrong-code
// throttle, the public timeline, rating and review after conclusion.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE, catalogue, postForm, postJson, validComplaint } from './helpers.ts';
import { now as clockNow } from '../../schema/clock.ts';

async function file(overrides: Record<string, unknown> = {}) {
  const res = await postJson('/api/complaints', validComplaint(overrides));
  return (await res.json()) as { reference: string; accessCode: string };
}

async function conclude(reference: string, at = clockNow(), extra: Record<string, unknown> = {}) {
  const { id } = (await env.DB.prepare('select id from complaints where reference = ?').bind(reference).first<{ id: number }>())!;
  await env.DB.batch([
    env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'li-min', 'accepted', 1, ?)").bind(id, at, JSON.stringify({ dueBy: '2026-12-30' })),
    env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'li-min', 'concluded', 1, ?)").bind(id, at, JSON.stringify({ finding: 'substantiated', reply: '经核查属实，已责令整改。', staffConcerned: 'sun-yue', sanction: 'written-admonition', ...extra })),
    env.DB.prepare("insert into complaint_events (complaint_id, at, actor, type, public, data) values (?, ?, 'li-min', 'note', 0, ?)").bind(id, at, JSON.stringify({ text: '内部意见：不得公开' })),
    env.DB.prepare("update complaints set stage = 'conclusion', concluded_at = ?, version = version + 1 where id = ?").bind(at, id),
  ]);
}

describe('POST /api/track', () => {
  it('200 with the public timeline, the current deadline, the contact and what the holder submitted', async () => {
    const { reference, accessCode } = await file();
    const res = await postJson('/api/track', { reference: reference.toLowerCase(), accessCode: `${accessCode.slice(0, 5).toLowerCase()}-${accessCode.slice(5)}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const t = (await res.json()) as Record<string, any>;
    expect(t.reference).toBe(reference);
    expect(t.status).toBe('reception');
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    expect(t.contact.phone).toBe(catalogue.supervision.complaintPhone);
    expect(t.submitted.name).toBe('刘晓明');
    expect(t.canRate).toBe(false);
  });

  it('an unknown reference and a wrong code get byte-identical 404 answers', async () => {
    const { reference, accessCode } = await file();
    const wrong = accessCode.startsWith('0') ? `1${accessCode.slice(1)}` : `0${accessCode.slice(1)}`;
    const a = await postJson('/api/track', { reference, accessCode: wrong });
    const b = await postJson('/api/track', { reference: 'XN-2611-000000', accessCode });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await a.text()).toBe(await b.text());
    expect([...a.headers.entries()].sort()).toEqual([...b.headers.entries()].sort());
  });

  it('the HTML tracking page answers unknown and wrong the same way too', async () => {
    const { reference, accessCode } = await file();
    const wrong = accessCode.startsWith('0') ? `1${accessCode.slice(1)}` : `0${accessCode.slice(1)}`;
    const a = await postForm('/track/', new URLSearchParams({ reference, accessCode: wrong }));
    const b = await postForm('/track/', new URLSearchParams({ reference: 'XN-2611-000000', accessCode }));
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await a.text()).toBe(await b.text());
  });

  it('refuses a client after 10 wrong codes within 15 minutes with 429 and Retry-After, even for the right code', async () => {
    const { reference, accessCode } = await file();
    const client = { 'CF-Connecting-IP': '192.0.2.200' };
    for (let i = 0; i < 10; i++) {
      const res = await postJson('/api/track', { reference, accessCode: '0000000000' }, client);
      expect(res.status).toBe(404);
    }
    const blocked = await postJson('/api/track', { reference, accessCode }, client);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { detail: string }).detail).toContain('分钟后再试');
    // Another client is not affected, and the throttle stores no address.
    expect((await postJson('/api/track', { reference, accessCode })).status).toBe(200);
    expect(JSON.stringify((await env.DB.prepare('select * from throttle').all()).results)).not.toContain('192.0.2.200');
  });

  it('422 for a malformed reference or code, 400/415 for a broken body', async () => {
    expect((await postJson('/api/track', { reference: 'abc', accessCode: 'x' })).status).toBe(422);
    expect((await postJson('/api/track', '[')).status).toBe(400);
    expect((await postJson('/api/track', 'a=b', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('shows conclusion with its finding and reply but no staff internals or internal events', async () => {
    const { reference, accessCode } = await file();
    await conclude(reference);
    const t = (await (await postJson('/api/track', { reference, accessCode })).json()) as Record<string, any>;
    expect(t.status).toBe('conclusion');
    expect(t.events.map((e: { type: string }) => e.type)).toEqual(['received', 'accepted', 'concluded']);
    expect(t.events[2].data).toEqual({ finding: 'substantiated', reply: '经核查属实，已责令整改。' });
    const text = JSON.stringify(t);
    for (const internal of ['sun-yue', 'written-admonition', '内部意见', 'li-min']) expect(text).not.toContain(internal);
    expect(t.canRate).toBe(true);
    expect(t.canReview).toBe(true);
  });
});

describe('rating and review after conclusion', () => {
  it('rates once on the five 好差评 levels; a second rating is refused', async () => {
    const { reference, accessCode } = await file();
    const early = await postJson('/api/track/rating', { reference, accessCode, level: 'satisfied' });
    expect(early.status).toBe(409);
    await conclude(reference);
    expect((await postJson('/api/track/rating', { reference, accessCode, level: 'great' })).status).toBe(422);
    const res = await postJson('/api/track/rating', { reference, accessCode, level: 'very-dissatisfied', comment: '答复太笼统。' });
    expect(res.status).toBe(200);
    const t = (await res.json()) as Record<string, any>;
    expect(t.rating).toBe('very-dissatisfied');
    expect(t.canRate).toBe(false);
    expect(JSON.stringify(t)).not.toContain('答复太笼统');
    expect((await postJson('/api/track/rating', { reference, accessCode, level: 'satisfied' })).status).toBe(409);
    const raw = JSON.stringify((await env.DB.prepare("select data from complaint_events where type = 'rated'").all()).results);
    expect(raw).not.toContain('答复太笼统');
  });

  it('asks for a review within 30 days with a reason', async () => {
    const { reference, accessCode } = await file();
    await conclude(reference, clockNow() - 29 * 86_400_000);
    expect((await postJson('/api/track/review', { reference, accessCode, reason: '太短' })).status).toBe(422);
    const res = await postJson('/api/track/review', { reference, accessCode, reason: '结论说不属实，但我有窗口退件单为证，请重新核查。' });
    expect(res.status).toBe(200);
    const t = (await res.json()) as Record<string, any>;
    expect(t.events.at(-1).type).toBe('review-requested');
    expect(t.canReview).toBe(false);
  });

  it('refuses a review more than 30 days after conclusion', async () => {
    const { reference, accessCode } = await file();
    await conclude(reference, clockNow() - 32 * 86_400_000);
    const res = await postJson('/api/track/review', { reference, accessCode, reason: '结论说不属实，但我有窗口退件单为证，请重新核查。' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toContain('30 日');
  });

  it('the HTML status page offers rating and review forms with the credentials in hidden fields, and records a rating', async () => {
    const { reference, accessCode } = await file();
    await conclude(reference);
    const page = await postForm('/track/', new URLSearchParams({ reference, accessCode }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<title>投诉 ${reference} 办理进度`);
    expect(html).toContain('action="/track/rating"');
    expect(html).toContain('action="/track/review"');
    expect(html).toContain('非常不满意');
    expect(html).toContain('属实');
    const missing = await postForm('/track/rating', new URLSearchParams({ reference, accessCode }));
    expect(missing.status).toBe(422);
    const errorHtml = await missing.text();
    expect(errorHtml).toMatch(/<title>错误：/);
    expect(errorHtml).toContain('href="#level"');
    const rated = await postForm('/track/rating', new URLSearchParams({ reference, accessCode, level: 'satisfied' }));
    expect(rated.status).toBe(200);
    expect(await rated.text()).toContain('感谢您的评价');
  });

  it('GET /track/ is a POST form, so the code never appears in a URL', async () => {
    const res = await exports.default.fetch(`${BASE}/track/`);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/track/"');
    expect(html).toContain('name="accessCode"');
  });
});
