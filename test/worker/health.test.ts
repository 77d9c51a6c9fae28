import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

describe('GET /api/health', () => {
  it('answers with the app version and a working database', async () => {
    const res = await exports.default.fetch('http://portal.test/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: pkg.version, db: 'ok' });
  });

  it('answers an unknown API path with a Chinese problem document, not the static site', async () => {
    const res = await exports.default.fetch('http://portal.test/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { title: string }).title).toBe('找不到该接口');
  });
});
