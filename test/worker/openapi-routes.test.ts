// The routes declared with @hono/zod-openapi keep the project's answers: the 422 problem from the
// validation hook, credentials checked before the rest of the body, and the reference page lists
// path, query and header parameters by where they go.
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE } from './helpers.ts';

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${BASE}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.18.7.1', ...headers }, body: JSON.stringify(body) });

describe('declared routes', () => {
  it.each([
    ['/api/track', null],
    ['/api/track', []],
    ['/api/track', { reference: 'XN-1' }],
    ['/api/appointments', { kind: 'ordinary' }],
  ])('POST %s %j: a body that fails its schema is the 422 problem with field errors', async (path, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const json = (await res.json()) as { title: string; errors: { field: string; message: string }[] };
    expect(json.title).toBe('提交的内容有误');
    expect(json.errors.length).toBeGreaterThan(0);
  });

  it('rating with unknown credentials and a bad level answers 404 (credentials first), not 422', async () => {
    const res = await post('/api/track/rating', { reference: 'XN-2611-7KQ4M9', accessCode: '7KQ4M9TXB2', level: 'great' });
    expect(res.status).toBe(404);
  });

  it('a malformed Idempotency-Key is a 400 before the body is read', async () => {
    const res = await post('/api/complaints', 'not json at all', { 'Idempotency-Key': 'short' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { title: string }).title).toBe('Idempotency-Key 格式不对');
  });

  it('the reference page names path and query parameters as such', async () => {
    const html = await (await exports.default.fetch(`${BASE}/api/`)).text();
    expect(html).toContain('路径参数 <code>month</code>（必填）');
    expect(html).toContain('查询参数 <code>version</code>（可选）');
    expect(html).toContain('请求头 <code>Idempotency-Key</code>（可选）');
  });
});
