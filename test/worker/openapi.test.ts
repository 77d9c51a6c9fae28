// The OpenAPI document is generated from the zod schemas, its examples are valid against them, and
// every /api route the worker exposes is described.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
// The appointment example books a real day: needs a clock whose booking window the calendar covers.
import './appointments-helpers.ts';
import { bulletinList, bulletinResponse } from '../../schema/bulletin/document.ts';
import { created, problem, timeline } from '../../schema/complaint.ts';
import { app } from '../../worker/app.ts';
import { appointmentExampleSchemas } from '../../worker/routes/appointments-openapi.ts';
import { applicationExampleSchemas } from '../../worker/routes/applications-openapi.ts';
import { inquiryExampleSchemas } from '../../worker/routes/inquiries-openapi.ts';
import { schemas } from '../../worker/lib/catalogue.ts';
import { examples, health } from '../../worker/openapi.ts';
import { BASE, catalogue } from './helpers.ts';
import { targetResultList, targetResultResponse } from '../../schema/targets.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, any>> };

async function doc(): Promise<Doc> {
  const res = await exports.default.fetch(`${BASE}/api/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe('GET /api/openapi.json', () => {
  it('is OpenAPI 3.1 and lists the real department ids from the catalogue', async () => {
    const d = await doc();
    expect(d.openapi).toBe('3.1.0');
    const schema = d.paths['/api/complaints'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.department.enum).toEqual(catalogue.departments.map((x) => x.id));
    expect(schema.required).toEqual(expect.arrayContaining(['department', 'category', 'occurredOn', 'description', 'request', 'anonymous', 'consent']));
    expect(schema.properties.description.description).toContain('事情经过');
  });

  it('describes every route the worker exposes under /api (the office console excepted)', async () => {
    const d = await doc();
    const exposed = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api') && r.method !== 'ALL' && !r.path.startsWith('/api/office'))
        // Hono's :name (with an optional {regex}) is OpenAPI's {name}.
        .map((r) => `${r.method.toLowerCase()} ${(r.path === '/api' ? '/api/' : r.path).replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(d.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    for (const route of exposed) expect(documented, route).toContain(route);
  });

  it('has an example for every request body and response with a schema, and each example passes the same zod schema', async () => {
    const d = await doc();
    const ex = examples();
    const bySchema: Record<string, { safeParse: (v: unknown) => { success: boolean } }> = {
      '/api/complaints': schemas.complaintInput,
      '/api/track': schemas.trackInput,
      '/api/track/rating': schemas.ratingInput,
      '/api/track/review': schemas.reviewInput,
      ...Object.fromEntries(Object.entries(appointmentExampleSchemas).flatMap(([p, s]) => ('request' in s ? [[p, s.request]] : []))),
      ...Object.fromEntries(Object.entries(applicationExampleSchemas).map(([p, s]) => [p, s.request])),
      ...Object.fromEntries(Object.entries(inquiryExampleSchemas).map(([p, s]) => [p, s.request])),
    };
    for (const [path, ops] of Object.entries(d.paths)) {
      for (const op of Object.values(ops)) {
        const body = op.requestBody?.content['application/json'];
        if (body) {
          expect(body.example, `${path} request example`).toBeDefined();
          expect(bySchema[path].safeParse(body.example).success, `${path} request example`).toBe(true);
        }
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          for (const [type, media] of Object.entries(response.content as Record<string, any>)) {
            if (!media.schema) continue;
            if (status !== '503') expect(media.example, `${path} ${status}`).toBeDefined();
            if (media.example === undefined) continue;
            const byPath: Record<string, { safeParse: (v: unknown) => { success: boolean } }> = { '/api/complaints': created, '/api/health': health, '/api/bulletins': bulletinList, '/api/bulletins/{month}': bulletinResponse, '/api/targets': targetResultList, '/api/targets/{period}': targetResultResponse, ...Object.fromEntries(Object.entries(appointmentExampleSchemas).map(([p, s]) => [p, s.response])), ...Object.fromEntries(Object.entries(applicationExampleSchemas).map(([p, s]) => [p, s.response])), ...Object.fromEntries(Object.entries(inquiryExampleSchemas).map(([p, s]) => [p, s.response])) };
            const schema = type === 'application/problem+json' ? problem : (byPath[path] ?? timeline);
            expect(schema.safeParse(media.example).success, `${path} ${status} example`).toBe(true);
          }
        }
      }
    }
    expect(ex.complaint.department).toBeTruthy();
  });

  it('the request example really files a complaint through the API', async () => {
    const d = await doc();
    const example = d.paths['/api/complaints'].post.requestBody.content['application/json'].example;
    const res = await exports.default.fetch(`${BASE}/api/complaints`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.18.0.1' }, body: JSON.stringify(example) });
    expect(res.status).toBe(201);
    expect(created.safeParse(await res.json()).success).toBe(true);
    expect(env.DB).toBeDefined();
  });
});

describe('GET /api/', () => {
  it('renders a readable Chinese API reference from the document, without scripts', async () => {
    const res = await exports.default.fetch(`${BASE}/api/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>开放接口（API）说明</h1>');
    for (const op of ['POST /api/complaints', 'POST /api/track', 'POST /api/track/rating', 'POST /api/track/review']) expect(html).toContain(op);
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).not.toContain('<script');
    expect(html).toContain('href="/api/"');
  });
});
