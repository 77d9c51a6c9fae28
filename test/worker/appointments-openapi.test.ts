// The appointment operations in the OpenAPI document: present, with examples that pass the same
// schemas, and a request example that really books through the API.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
// The appointment example books a real day: needs a clock whose booking window the calendar covers.
import './appointments-helpers.ts';
import { appointmentCreated } from '../../schema/appointment.ts';
import { appointmentExampleSchemas } from '../../worker/routes/appointments-openapi.ts';
import { BASE } from './helpers.ts';

type Doc = { paths: Record<string, Record<string, any>> };

describe('appointments in /api/openapi.json', () => {
  it('documents every appointment operation with examples that pass their schemas', async () => {
    const d = (await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json()) as Doc;
    for (const [path, schemas] of Object.entries(appointmentExampleSchemas)) {
      const ops = d.paths[path];
      expect(ops, path).toBeDefined();
      for (const op of Object.values(ops)) {
        const body = op.requestBody?.content['application/json'];
        if ('request' in schemas) expect(schemas.request.safeParse(body.example).success, `${path} request`).toBe(true);
        const ok = Object.entries(op.responses as Record<string, any>).find(([s]) => s.startsWith('2'))!;
        expect(schemas.response.safeParse(ok[1].content['application/json'].example).success, `${path} response`).toBe(true);
      }
    }
  });

  it('the request example books an appointment', async () => {
    const d = (await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json()) as Doc;
    const example = d.paths['/api/appointments'].post.requestBody.content['application/json'].example;
    const res = await exports.default.fetch(`${BASE}/api/appointments`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.18.0.9' }, body: JSON.stringify(example) });
    expect(res.status).toBe(201);
    expect(appointmentCreated.safeParse(await res.json()).success).toBe(true);
  });
});
