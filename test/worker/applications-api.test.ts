// POST /api/applications/events: signature, replay, idempotency, batches, out-of-order events,
// scope, and the applicant kept out of the event history.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { now } from '../../schema/clock.ts';
import { applicationEvents, applications } from '../../schema/db/applications.ts';
import { addCalendarDays, shanghaiDate } from '../../schema/workdays.ts';
import { revokeClient } from '../../worker/services/application-clients.ts';
import { catalogue } from './helpers.ts';
import { db, newClient, number, post, send, sign, uid } from './applications-helpers.ts';

const service = catalogue.services.find((s) => s.id === 'maintenance-fund-use')!;
const today = shanghaiDate(now());
const at = (daysAgo: number, time = '09:00:00') => `${addCalendarDays(today, -daysAgo)}T${time}+08:00`;
const received = (app: string, daysAgo = 3, extra: Record<string, unknown> = {}) => ({
  id: uid(),
  application: app,
  type: 'received',
  occurredAt: at(daysAgo),
  data: { service: service.id, channel: 'window', applicant: { kind: 'person', name: '王小明', idNumber: '320402199001011234', phone: '13900000000' }, ...extra },
});

describe('the signature and replay checks', () => {
  it('refuses a request without the signature headers (401), with a wrong signature, a stale or future timestamp, or a revoked client', async () => {
    const client = await newClient({ departments: [service.department] });
    const payload = { events: [received(number())] };
    const good = await sign(client, payload);

    const missing = await send({ body: good.body, headers: { 'Content-Type': 'application/json' } });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { title: string }).title).toBe('缺少签名');

    const tampered = await send({ body: good.body.replace('王小明', '王小亮'), headers: good.headers });
    expect(tampered.status).toBe(401);
    const wrongKey = await send(await sign({ id: client.id, secret: 'not-the-secret' }, payload));
    expect(wrongKey.status).toBe(401);
    const unknown = await send(await sign({ id: 'ac-nobody', secret: client.secret }, payload));
    expect(unknown.status).toBe(401);
    const stale = await send(await sign(client, payload, now() - 301_000));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { detail: string }).detail).toContain('300 秒');
    const future = await send(await sign(client, payload, now() + 301_000));
    expect(future.status).toBe(401);
    const malformed = await send({ body: good.body, headers: { ...good.headers, 'X-Signature': 'zz' } });
    expect(malformed.status).toBe(401);

    // Nothing of the refused requests landed.
    expect(await db().$count(applications)).toBe(0);

    await revokeClient(db(), client.id);
    const revoked = await send(await sign(client, payload));
    expect(revoked.status).toBe(401);
  });

  it('accepts a correctly signed request once; the same signed request again is a replay (409) and changes nothing', async () => {
    const client = await newClient({ departments: [service.department] });
    const signed = await sign(client, { events: [received(number())] });
    const first = await send(signed);
    expect(first.status).toBe(200);
    const again = await send(signed);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { title: string }).title).toBe('重复的请求');
  });

  it('answers 415 to a body that is not JSON and 400 to JSON that does not parse, even when signed', async () => {
    const client = await newClient({ departments: [service.department] });
    const signed = await sign(client, '{"events": [');
    expect((await send(signed)).status).toBe(400);
    const text = await sign(client, 'hello');
    expect((await send({ body: text.body, headers: { ...text.headers, 'Content-Type': 'text/plain' } })).status).toBe(415);
  });
});

describe('events', () => {
  it('is idempotent by event id: a retry (signed again) is a duplicate and nothing is recorded twice', async () => {
    const client = await newClient({ departments: [service.department] });
    const app = number();
    const events = [received(app), { id: uid(), application: app, type: 'accepted', occurredAt: at(3, '10:00:00'), data: {} }];
    const first = await post(client, events);
    expect(first.json.accepted).toBe(2);
    expect(first.json.results[0].queryCode).toMatch(/^[0-9A-Z]{10}$/);
    const retry = await post(client, events, now() + 1000);
    expect(retry.res.status).toBe(200);
    expect(retry.json.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const row = await db().select().from(applications).where(eq(applications.number, app)).get();
    expect(await db().$count(applicationEvents, eq(applicationEvents.applicationId, row!.id))).toBe(2);
  });

  it('refuses bad events one by one with a reason while the rest of the batch lands (inputs: unknown type, no id, unknown service, step before acceptance, event for an unknown application, future time)', async () => {
    const client = await newClient({ departments: [service.department] });
    const app = number();
    const { json } = await post(client, [
      received(app),
      { id: uid(), application: app, type: 'teleported', occurredAt: at(3), data: {} },
      { application: app, type: 'accepted', occurredAt: at(3), data: {} },
      { ...received(number()), data: { service: 'no-such-service', channel: 'window', applicant: { kind: 'person', name: '某' } } },
      { id: uid(), application: app, type: 'step-done', occurredAt: at(2), data: { step: 1 } },
      { id: uid(), application: 'BJ-NOPE-0001', type: 'accepted', occurredAt: at(2), data: {} },
      { id: uid(), application: app, type: 'accepted', occurredAt: `${addCalendarDays(today, 2)}T09:00:00+08:00`, data: {} },
      { id: uid(), application: app, type: 'accepted', occurredAt: at(3, '11:00:00'), data: {} },
    ]);
    expect(json.results.map((r) => r.status)).toEqual(['accepted', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'accepted']);
    expect(json.results[1].reason).toContain('type');
    expect(json.results[2].reason).toContain('id');
    expect(json.results[3].reason).toContain('no-such-service');
    expect(json.results[4].reason).toContain('受理之后');
    expect(json.results[5].reason).toContain('找不到办件');
    expect(json.results[6].reason).toContain('将来');
    expect(json).toMatchObject({ accepted: 2, refused: 6, duplicates: 0 });
  });

  it('places out-of-order and back-dated events where they happened, marks them late, and recomputes the deadline (a stop sent last still moves the due date)', async () => {
    const client = await newClient({ services: [service.id] });
    const app = number();
    await post(client, [received(app, 10), { id: uid(), application: app, type: 'accepted', occurredAt: at(10, '10:00:00'), data: {} }]);
    const before = await db().select().from(applications).where(eq(applications.number, app)).get();
    // The stop ended before it is told it started: the end alone is refused, then both land in order.
    const ended = { id: uid(), application: app, type: 'stop-ended', occurredAt: at(6), data: {} };
    const started = { id: uid(), application: app, type: 'stop-started', occurredAt: at(8), data: { kind: 'testing' } };
    const first = await post(client, [ended]);
    expect(first.json.results[0].status).toBe('refused');
    const { json } = await post(client, [started, ended]);
    expect(json.results.map((r) => [r.status, r.late])).toEqual([
      ['accepted', true],
      ['accepted', true],
    ]);
    const after = await db().select().from(applications).where(eq(applications.number, app)).get();
    expect(after!.dueBy! > before!.dueBy!).toBe(true);
    // All four were sent more than a day after they happened.
    expect(after!.lateEvents).toBe(4);
  });

  it('refuses events outside the client scope (another department, another service)', async () => {
    const other = catalogue.services.find((s) => s.department !== service.department)!;
    const client = await newClient({ services: [other.id] });
    const { json } = await post(client, [received(number())]);
    expect(json.results[0].status).toBe('refused');
    expect(json.results[0].reason).toContain('无权');
  });

  it('keeps the applicant out of the event history: sealed on the application only', async () => {
    const client = await newClient({ departments: [service.department] });
    const app = number();
    await post(client, [received(app)]);
    const row = await db().select().from(applications).where(eq(applications.number, app)).get();
    const events = await env.DB.prepare('select data from application_events where application_id = ?').bind(row!.id).all<{ data: string }>();
    const all = JSON.stringify(events.results) + row!.applicant;
    expect(all).not.toContain('王小明');
    expect(all).not.toContain('13900000000');
    expect(all).not.toContain('320402199001011234');
  });

  it('lets two concurrent writers of the same application both land without losing an event', async () => {
    const client = await newClient({ departments: [service.department] });
    const app = number();
    await post(client, [received(app, 5), { id: uid(), application: app, type: 'accepted', occurredAt: at(5, '10:00:00'), data: {} }]);
    const a = { id: uid(), application: app, type: 'step-done', occurredAt: at(4), data: { step: 0 } };
    const b = { id: uid(), application: app, type: 'step-done', occurredAt: at(3), data: { step: 1 } };
    const [ra, rb] = await Promise.all([post(client, [a]), post(client, [b])]);
    expect([ra.json.results[0].status, rb.json.results[0].status]).toEqual(['accepted', 'accepted']);
    const row = await db().select().from(applications).where(eq(applications.number, app)).get();
    expect(await db().$count(applicationEvents, eq(applicationEvents.applicationId, row!.id))).toBe(4);
    expect(row!.version).toBe(4);
  });
});
