// Property test: random and hostile bodies at the appointment endpoints (wrong types, huge strings,
// control characters, lone surrogates, script tags, SQL, invalid UTF-8, deep nesting, dates like
// 2026-02-30 or 9999-12-31, slots like 25:00). Whatever arrives: never a 5xx, and never an
// appointment written from a body the schema rejects.
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appointmentFields } from '../../schema/appointment.ts';
import { fromForm } from '../../schema/complaint.ts';
import { appointmentSchemasForCatalogue as schemas } from '../../worker/services/appointments.ts';
import { appointmentCount, validAppointment, validReception } from './appointments-helpers.ts';
import { BASE, ip } from './helpers.ts';

const RUNS = 400;

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    "'); DROP TABLE appointments; --",
    '\u0000\u0001\u001b[31m',
    '\u202eevil\u202c',
    '\ud800',
    '𠮷'.repeat(600),
    '2026-02-30',
    '9999-12-31',
    '1970-01-01',
    '25:00',
    '09:00 ',
    'reception',
    '',
  ),
  fc.integer({ min: 1000, max: 40_000 }).map((n) => 'x'.repeat(n)),
);

const anyValue = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const valid = validAppointment();
const reception = validReception();
const appointmentish = fc
  .tuple(fc.boolean(), fc.record(Object.fromEntries(appointmentFields.map((f) => [f, fc.option(anyValue, { nil: undefined, freq: 3 })])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] }))
  .map(([useReception, noise]) => {
    const base: Record<string, unknown> = { ...(useReception ? reception : valid) };
    for (const [k, v] of Object.entries(noise)) if (v !== undefined) base[k] = v;
    return base;
  });

type Body = { text?: string; bytes?: Uint8Array; json?: unknown };
const bodies: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: appointmentish.map((json) => ({ json, text: JSON.stringify(json) })) },
  anyValue.map((json) => ({ json, text: JSON.stringify(json) ?? 'null' })),
  fc.integer({ min: 100, max: 50_000 }).map((depth) => ({ text: '['.repeat(depth) + ']'.repeat(depth) })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })),
);

function send(path: string, contentType: string, body: Body, headers: Record<string, string> = {}) {
  return exports.default.fetch(`${BASE}${path}`, { method: 'POST', redirect: 'manual', headers: { 'CF-Connecting-IP': ip(), 'Content-Type': contentType, ...headers }, body: body.bytes ?? body.text ?? '' });
}

describe('hostile bodies at the appointment endpoints', () => {
  it(`POST /api/appointments: ${RUNS} random bodies, never a 5xx, never a row from an invalid body`, async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, type) => {
        const before = await appointmentCount(env);
        const res = await send('/api/appointments', type, body);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status === 201) expect(type === 'application/json' && schemas.appointmentInput.safeParse(body.json).success).toBe(true);
        else expect(await appointmentCount(env)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`POST /appointments/new/ and /appointments/reception/: ${RUNS} random forms, never a 5xx, never a row from an invalid form`, async () => {
    const forms = appointmentish.map((json) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(json)) params.set(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
      return params;
    });
    await fc.assert(
      fc.asyncProperty(forms, fc.boolean(), async (params, toReception) => {
        const before = await appointmentCount(env);
        if (toReception) params.set('choice', `${params.get('date') ?? ''} ${params.get('slot') ?? ''}`);
        const res = await send(toReception ? '/appointments/reception/' : '/appointments/new/', 'application/x-www-form-urlencoded', { text: params.toString() });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        if (res.status !== 303) expect(await appointmentCount(env)).toBe(before);
        else if (!toReception) {
          const parsed = schemas.appointmentInput.safeParse(fromForm(Object.fromEntries(params), appointmentFields.filter((f) => f !== 'kind')));
          expect(parsed.success).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`POST /api/appointments/track and /cancel: ${RUNS} random bodies, never a 5xx`, async () => {
    const trackish = fc.record({ reference: fc.oneof(fc.constant('YY-2611-7KQ4M9'), anyValue), accessCode: fc.oneof(fc.constant('7KQ4M9TXB2'), anyValue), reason: fc.option(anyValue, { nil: undefined }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(trackish.map((json) => ({ json, text: JSON.stringify(json) })), bodies), fc.boolean(), async (body, cancel) => {
        const res = await send(cancel ? '/api/appointments/cancel' : '/api/appointments/track', 'application/json', body);
        expect([400, 404, 413, 415, 422, 429]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
