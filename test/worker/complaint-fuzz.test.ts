// Property test: thousands of random and hostile bodies at the filing and tracking endpoints
// (wrong types, huge strings, control characters, script tags, SQL, invalid UTF-8, nested JSON).
// Whatever arrives: never a 5xx, and never a complaint written from a body the schema rejects.
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintFields, fromForm } from '../../schema/complaint.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { BASE, complaintCount, ip, validComplaint } from './helpers.ts';

const RUNS = 1000;

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }), // includes lone surrogates
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "'); DROP TABLE complaints; --",
    '\u0000\u0001\u001b[31m',
    '\u202eevil\u202c',
    '\ud800',
    '{{7*7}}${7*7}',
    '𠮷'.repeat(600),
    '2026-02-30',
    '9999-12-31',
    'true',
    '',
  ),
  fc.integer({ min: 1000, max: 40_000 }).map((n) => 'x'.repeat(n)),
);

const anyValue = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileText, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const valid = validComplaint();
/** Mostly-right complaints with some fields wrong, missing or extra: the interesting boundary. */
const complaintish = fc
  .record(
    Object.fromEntries(complaintFields.map((f) => [f, fc.oneof({ weight: 3, arbitrary: fc.constant(valid[f]) }, anyValue)])) as Record<string, fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  )
  .chain((body) => fc.option(fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 2 }), { nil: undefined }).map((extra) => ({ ...body, ...extra })));

const deepNesting = fc.integer({ min: 100, max: 50_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

type Body = { text?: string; bytes?: Uint8Array; json?: unknown };
const jsonBodies: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: complaintish.map((json) => ({ json, text: JSON.stringify(json) })) },
  anyValue.map((json) => ({ json, text: JSON.stringify(json) ?? 'null' })),
  deepNesting.map((text) => ({ text })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })),
);

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/problem+json'),
);

function send(path: string, contentType: string, body: Body, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'CF-Connecting-IP': ip(), ...extraHeaders };
  if (contentType) headers['Content-Type'] = contentType;
  return exports.default.fetch(`${BASE}${path}`, { method: 'POST', redirect: 'manual', headers, body: body.bytes ?? body.text ?? '' });
}

function acceptedBySchema(body: Body, contentType: string): boolean {
  if (!contentType.startsWith('application/json') || body.json === undefined) return false;
  return schemas.complaintInput.safeParse(body.json).success;
}

describe('hostile bodies', () => {
  it(`POST /api/complaints: ${RUNS} random bodies, never a 5xx, never a row from an invalid body`, async () => {
    await fc.assert(
      fc.asyncProperty(jsonBodies, contentTypes, fc.option(fc.string({ unit: 'binary', maxLength: 120 }), { nil: undefined }), async (body, type, key) => {
        const before = await complaintCount(env);
        const headers: Record<string, string> = {};
        // Header values must be ByteStrings; anything else would be refused by fetch itself.
        if (key !== undefined && /^[\x20-\x7e]*$/.test(key)) headers['Idempotency-Key'] = key;
        const res = await send('/api/complaints', type, body, headers);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        const after = await complaintCount(env);
        if (res.status === 201) expect(acceptedBySchema(body, type)).toBe(true);
        else expect(after).toBe(before);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`POST /complaints/new/: ${RUNS} random forms, never a 5xx, never a row from an invalid form`, async () => {
    const formBodies = fc.oneof(
      { weight: 5, arbitrary: complaintish.map((json) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(json)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
        return { text: params.toString() } as Body;
      }) },
      fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes }) as Body),
      fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text }) as Body),
      fc.integer({ min: 20_000, max: 60_000 }).map((n) => ({ text: `description=${'x'.repeat(n)}` }) as Body),
    );
    const types = fc.oneof({ weight: 6, arbitrary: fc.constant('application/x-www-form-urlencoded') }, fc.constantFrom('text/plain', 'application/json', ''));
    await fc.assert(
      fc.asyncProperty(formBodies, types, async (body, type) => {
        const before = await complaintCount(env);
        const res = await send('/complaints/new/', type, body);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
        const after = await complaintCount(env);
        if (res.status === 303) {
          const form = Object.fromEntries(new URLSearchParams(body.text ?? ''));
          expect(schemas.complaintInput.safeParse(fromForm(form, complaintFields)).success).toBe(true);
        } else expect(after).toBe(before);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`POST /api/track and /track/: ${RUNS} random bodies each, never a 5xx`, async () => {
    const trackish = fc.record({ reference: fc.oneof(fc.constant('XN-2611-7KQ4M9'), anyValue), accessCode: fc.oneof(fc.constant('7KQ4M9TXB2'), anyValue) }, { requiredKeys: [] });
    const bodies: fc.Arbitrary<Body> = fc.oneof({ weight: 3, arbitrary: trackish.map((json) => ({ json, text: JSON.stringify(json) })) }, jsonBodies);
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, fc.boolean(), async (body, type, asForm) => {
        const res = asForm
          ? await send('/track/', 'application/x-www-form-urlencoded', { text: new URLSearchParams(Object.entries((body.json ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')])).toString() })
          : await send('/api/track', type, body);
        expect(res.status).toBeLessThan(500);
        expect([200, 400, 404, 413, 415, 422, 429]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
