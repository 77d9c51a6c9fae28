// POST /api/complaints: same rules as the form, RFC 9457 errors, idempotency, encryption at rest.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deadline, makeCalendar, shanghaiDate } from '../../schema/workdays.ts';
import { catalogue, complaintCount, postJson, validComplaint } from './helpers.ts';

describe('POST /api/complaints', () => {
  it('201 with reference, access code, status and acknowledge-by date on the calendar', async () => {
    const res = await postJson('/api/complaints', validComplaint());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    const due = deadline(makeCalendar(catalogue.calendar), shanghaiDate(), catalogue.office.limits.acceptance);
    expect(body).toEqual({ reference: expect.stringMatching(/^XN-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/), accessCode: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{10}$/), status: 'reception', acknowledgeBy: due.date, acknowledgeByProvisional: due.provisional });
    const events = await env.DB.prepare("select e.type, e.actor, e.public from complaint_events e join complaints c on c.id = e.complaint_id where c.reference = ?").bind(body.reference).all();
    expect(events.results).toEqual([{ type: 'received', actor: 'citizen', public: 1 }]);
  });

  it('422 problem+json listing each field with a Chinese message', async () => {
    const before = await complaintCount(env);
    const res = await postJson('/api/complaints', validComplaint({ phone: '123', occurredOn: '2999-01-01', consent: false }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { status: number; errors: { field: string; message: string }[] };
    expect(body.status).toBe(422);
    expect(body.errors.map((e) => e.field)).toEqual(['occurredOn', 'phone', 'consent']);
    expect(body.errors[0].message).toContain('不能晚于今天');
    expect(await complaintCount(env)).toBe(before);
  });

  it('400 for malformed JSON and invalid UTF-8, 415 for another content type, 413 for an oversized body', async () => {
    expect((await postJson('/api/complaints', '{"department":')).status).toBe(400);
    const { exports } = await import('cloudflare:workers');
    const badUtf8 = await exports.default.fetch('http://portal.test/api/complaints', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
    expect(badUtf8.status).toBe(400);
    expect((await postJson('/api/complaints', validComplaint(), { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await postJson('/api/complaints', validComplaint(), { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await postJson('/api/complaints', validComplaint(), { 'Content-Type': 'application/problem+json' })).status).toBe(415);
    expect((await postJson('/api/complaints', validComplaint(), { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(201);
    const huge = await postJson('/api/complaints', validComplaint({ description: 'x'.repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
  });

  it('Idempotency-Key: the same request twice yields the same complaint and body, one row', async () => {
    const before = await complaintCount(env);
    const key = crypto.randomUUID();
    const body = validComplaint();
    const a = await postJson('/api/complaints', body, { 'Idempotency-Key': key });
    const b = await postJson('/api/complaints', body, { 'Idempotency-Key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await b.json()).toEqual(await a.json());
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await complaintCount(env)).toBe(before + 1);
  });

  it('Idempotency-Key: concurrent duplicates still make one complaint', async () => {
    const before = await complaintCount(env);
    const key = crypto.randomUUID();
    const body = validComplaint();
    const responses = await Promise.all([1, 2, 3].map(() => postJson('/api/complaints', body, { 'Idempotency-Key': key })));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await complaintCount(env)).toBe(before + 1);
  });

  it('Idempotency-Key reused for a different complaint: 422 naming the header; a malformed key: 400', async () => {
    const key = crypto.randomUUID();
    await postJson('/api/complaints', validComplaint(), { 'Idempotency-Key': key });
    const res = await postJson('/api/complaints', validComplaint({ category: 'other' }), { 'Idempotency-Key': key });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0].field).toBe('Idempotency-Key');
    expect((await postJson('/api/complaints', validComplaint(), { 'Idempotency-Key': 'short' })).status).toBe(400);
  });

  it('anonymous filing over the API stores no contact details', async () => {
    const res = await postJson('/api/complaints', validComplaint({ anonymous: true }));
    expect(res.status).toBe(201);
    const { reference, accessCode } = (await res.json()) as { reference: string; accessCode: string };
    const track = await postJson('/api/track', { reference, accessCode });
    const timeline = (await track.json()) as { submitted: Record<string, unknown> };
    expect(timeline.submitted.anonymous).toBe(true);
    expect(timeline.submitted).not.toHaveProperty('name');
    expect(timeline.submitted).not.toHaveProperty('phone');
    expect(timeline.submitted).not.toHaveProperty('email');
  });

  it('encrypts personal data at rest: the raw row holds no name, phone, e-mail, staff name, description or request', async () => {
    const body = validComplaint({ name: '独一无二的名字', phone: '13811112222', email: 'unique.person@example.org', staffName: '某某科员', description: '一段只会出现在这条投诉里的事情经过文字。', request: '独特诉求文字' });
    const res = await postJson('/api/complaints', body, { 'Idempotency-Key': crypto.randomUUID() });
    const { reference } = (await res.json()) as { reference: string };
    const rows = [
      JSON.stringify(await env.DB.prepare('select * from complaints where reference = ?').bind(reference).first()),
      JSON.stringify((await env.DB.prepare('select * from complaint_events').all()).results),
      JSON.stringify((await env.DB.prepare('select * from idempotency_keys').all()).results),
    ].join('\n');
    for (const secret of ['独一无二的名字', '13811112222', 'unique.person@example.org', '某某科员', '只会出现在这条投诉里', '独特诉求文字']) expect(rows).not.toContain(secret);
    expect(rows).toMatch(/"personal":"v1\.[\w-]+\.[\w-]+"/);
    // The access code is stored as a hash only.
    const { accessCode } = (await (await postJson('/api/complaints', validComplaint())).json()) as { accessCode: string };
    expect(JSON.stringify((await env.DB.prepare('select * from complaints').all()).results)).not.toContain(accessCode);
  });

  it('the event history is append-only: UPDATE and DELETE are refused by the database', async () => {
    await postJson('/api/complaints', validComplaint());
    await expect(env.DB.prepare("update complaint_events set type = 'concluded'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('delete from complaint_events').run()).rejects.toThrow(/append-only/);
  });

  it('reference numbers are random, not sequential', async () => {
    // 20 filings (from different addresses, past the per-client limit): their random parts come
    // out in sorted order by chance only once in 20! (about 4e-19), so this cannot flake, while
    // any counter-based scheme fails it.
    const refs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await postJson('/api/complaints', validComplaint(), { 'CF-Connecting-IP': `198.51.100.${i + 1}` });
      refs.push(((await res.json()) as { reference: string }).reference);
    }
    expect(new Set(refs).size).toBe(20);
    const tails = refs.map((r) => r.slice(-6));
    expect(tails.join()).not.toBe([...tails].sort().join());
  });

  it('limits filings per client: the eleventh within a minute from one address gets 429 with Retry-After; invalid ones do not count', async () => {
    const client = { 'CF-Connecting-IP': '203.0.113.77' };
    for (let i = 0; i < 5; i++) expect((await postJson('/api/complaints', validComplaint({ phone: 'x' }), client)).status).toBe(422);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postJson('/api/complaints', validComplaint(), client)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
    const res = await postJson('/api/complaints', validComplaint(), { 'CF-Connecting-IP': '203.0.113.77' });
    expect(res.headers.get('retry-after')).toBe('60');
    expect(((await res.json()) as { title: string }).title).toBe('提交太频繁');
  });
});
