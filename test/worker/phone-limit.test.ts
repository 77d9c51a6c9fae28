// Issue 17, item 11: one person cannot take every place of a reception day. The appointment's phone
// is kept as a keyed hash (HMAC under PHONE_HASH_KEY), checked in the booking's one statement.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { OPEN_PER_PHONE } from '../../worker/services/appointments.ts';
import { appointmentCount, openReceptionDay, validAppointment, validReception } from './appointments-helpers.ts';
import { asForm, postForm, postJson } from './helpers.ts';

describe('a reception day takes one booking per phone', () => {
  it('a second booking of the same reception day by the same phone is refused (409, the reason given); another phone may book', async () => {
    const { day } = openReceptionDay();
    const phone = '13700000001';
    expect((await postJson('/api/appointments', validReception({ phone, slot: day.slots[0].start }))).status).toBe(201);
    const again = await postJson('/api/appointments', validReception({ phone, slot: day.slots[1].start }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain('同一接待日每人只能预约一个时段');
    expect((await postJson('/api/appointments', validReception({ phone: '13700000002', slot: day.slots[1].start }))).status).toBe(201);
  });

  it('on the web form the refusal is a 422 with the reason at the phone field', async () => {
    const { day } = openReceptionDay();
    expect((await postJson('/api/appointments', validReception({ phone: '0519-85680001', slot: day.slots[0].start }))).status).toBe(201);
    const res = await postForm('/appointments/reception/', asForm({ ...validReception({ phone: '0519-85680001' }), choice: `${day.date} ${day.slots.at(-1)!.start}`, idempotencyKey: crypto.randomUUID() }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#phone"');
    expect(html).toContain('同一接待日每人只能预约一个时段');
  });

  it('10 parallel bookings of one reception day by one phone store exactly one', async () => {
    const { day } = openReceptionDay();
    const before = await appointmentCount();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => postJson('/api/appointments', validReception({ phone: '13700000003', slot: day.slots[i % day.slots.length].start }))),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
    expect(await appointmentCount()).toBe(before + 1);
  });
});

describe(`at most ${OPEN_PER_PHONE} open appointments per phone`, () => {
  it(`the ${OPEN_PER_PHONE + 1}th open appointment of one phone is refused with a message; a closed one frees a place`, async () => {
    const phone = '13700000004';
    const refs: string[] = [];
    for (let i = 0; i < OPEN_PER_PHONE; i++) {
      const res = await postJson('/api/appointments', validAppointment({ phone }));
      expect(res.status).toBe(201);
      refs.push(((await res.json()) as { reference: string }).reference);
    }
    const refused = await postJson('/api/appointments', validAppointment({ phone }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain(`已有 ${OPEN_PER_PHONE} 个尚未办结的预约`);
    await env.DB.prepare("update appointments set status = 'cancelled' where reference = ?").bind(refs[0]).run();
    expect((await postJson('/api/appointments', validAppointment({ phone }))).status).toBe(201);
  });

  it('stores a keyed hash of the phone, never the number', async () => {
    const phone = '13700000005';
    await postJson('/api/appointments', validAppointment({ phone }));
    const { results } = await env.DB.prepare('select phone_hash from appointments').all<{ phone_hash: string }>();
    expect(results.every((r) => /^v1\.[\w-]{43}$/.test(r.phone_hash))).toBe(true);
    expect(JSON.stringify(results)).not.toContain(phone);
  });
});

describe('retention', () => {
  it('empties the phone hash with the personal data of an appointment past its retention period', async () => {
    const { purge } = await import('../../worker/lib/retention.ts');
    const { d1Port } = await import('../../worker/lib/sql-port.ts');
    const res = await postJson('/api/appointments', validAppointment({ phone: '13700000006' }));
    const { reference } = (await res.json()) as { reference: string };
    const longAgo = Date.UTC(2015, 0, 5);
    await env.DB.prepare("update appointments set status = 'done', archived_at = ?, updated_at = ? where reference = ?").bind(longAgo, longAgo, reference).run();
    await purge(d1Port(env.DB), env.PII_KEY, 3);
    const row = await env.DB.prepare('select phone_hash from appointments where reference = ?').bind(reference).first<{ phone_hash: string | null }>();
    expect(row!.phone_hash).toBeNull();
  });
});
