import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/app.ts';
import { contentSecurityPolicy, isProduction } from '../../worker/lib/security-headers.ts';
import { postJson, validComplaint } from './helpers.ts';

/** Every kind of response the worker sends, by how it is produced. */
const kinds: [string, () => Promise<Response>][] = [
  ['a worker HTML page (complaint form)', () => exports.default.fetch('http://portal.test/complaints/new/')],
  ['a worker HTML page (tracking form)', () => exports.default.fetch('http://portal.test/track/')],
  ['a worker HTML page with errors (422)', () => exports.default.fetch('http://portal.test/track/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'reference=&accessCode=' })],
  ['a JSON API response', () => exports.default.fetch('http://portal.test/api/health')],
  ['the OpenAPI document', () => exports.default.fetch('http://portal.test/api/openapi.json')],
  ['a problem+json error', () => postJson('/api/track', { reference: 'XN-2611-AAAAAA', accessCode: 'AAAAAAAAAA' })],
  ['a problem+json 404 of the API', () => exports.default.fetch('http://portal.test/api/no-such-thing')],
  ['a redirect', () => exports.default.fetch('http://portal.test/track', { redirect: 'manual' })],
];

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('security headers on every kind of worker response', () => {
  for (const [kind, request] of kinds) {
    it(`${kind} carries a strict CSP and the hardening headers, and no HSTS over local http`, async () => {
      const res = await request();
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy');
      expect(csp, kind).toBeTruthy();
      const d = directives(csp!);
      expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(d.get('style-src')).toEqual(["'self'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(d.get('form-action')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain("'unsafe-eval'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });
  }

  it('a static page the worker passes through (404 under a worker route) keeps the static headers', async () => {
    // Verified here: the assets layer applies _headers to what env.ASSETS returns even when the
    // worker hands it on, so such a page carries exactly the static pages' headers.
    const res = await exports.default.fetch('http://portal.test/track/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('lang="zh-CN"');
    const worker = await exports.default.fetch('http://portal.test/track/');
    for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'x-frame-options']) {
      expect(res.headers.get(name), name).toBe(worker.headers.get(name));
    }
  });

  it('static pages served without the worker get the same headers from _headers (HSTS included: ignored over http)', async () => {
    const worker = await exports.default.fetch('http://portal.test/track/');
    for (const path of ['/', '/services/', '/no-such-page/']) {
      const res = await exports.default.fetch(`http://portal.test${path}`);
      await res.arrayBuffer();
      for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy', 'x-frame-options']) {
        expect(res.headers.get(name), `${path} ${name}`).toBe(worker.headers.get(name));
      }
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('sends HSTS over https on a public host, and not on local hosts', async () => {
    const res = await exports.default.fetch('https://xiaoneng.example.gov.cn/api/health');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const local = await exports.default.fetch('https://localhost/api/health');
    expect(local.headers.get('strict-transport-security')).toBeNull();
    expect(isProduction('https://127.0.0.1:8787/')).toBe(false);
    expect(isProduction('https://portal.localhost/')).toBe(false);
    expect(isProduction('http://xiaoneng.example.gov.cn/')).toBe(false);
  });

  it('an unexpected error (500) carries the same headers and tells nothing of the cause', async () => {
    // A misconfigured key makes sealing throw inside the filing: the app's onError answers.
    const res = await app.request(
      'http://portal.test/api/complaints',
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.99' }, body: JSON.stringify(validComplaint()) },
      { ...env, PII_KEY: 'not-a-key' } as unknown as Env,
    );
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/PII_KEY|stack|at \w/);
    expect(directives(res.headers.get('content-security-policy')!).get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('with Turnstile switched on, the form page loads its script and the policy allows exactly that origin', async () => {
    const res = await app.request('http://portal.test/complaints/new/', {}, { ...env, TURNSTILE_ENABLED: 'true' } as unknown as Env);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => new URL(m[1], 'http://portal.test/').origin);
    expect(scripts).toContain('https://challenges.cloudflare.com');
    const d = directives(res.headers.get('content-security-policy')!);
    for (const origin of scripts) expect(origin === 'http://portal.test' || d.get('script-src')!.includes(origin), origin).toBe(true);
    expect(d.get('frame-src')).toEqual(['https://challenges.cloudflare.com']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });

  it('allows Turnstile only when it is switched on', () => {
    expect(String(env.TURNSTILE_ENABLED)).toBe('false');
    expect(contentSecurityPolicy()).not.toContain('challenges.cloudflare.com');
    const on = directives(contentSecurityPolicy({ turnstile: true }));
    expect(on.get('script-src')).toContain('https://challenges.cloudflare.com');
    expect(on.get('frame-src')).toEqual(['https://challenges.cloudflare.com']);
    expect(on.get('form-action')).toEqual(["'self'"]);
  });

  it('worker pages contain no inline script and no inline style the CSP would block', async () => {
    for (const path of ['/complaints/new/', '/track/', '/api/']) {
      const html = await (await exports.default.fetch(`http://portal.test${path}`)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
      expect(html, path).not.toMatch(/<style[\s>]/i);
      expect(html, path).not.toMatch(/\sstyle=/i);
      expect(html, path).not.toMatch(/\son[a-z]+=/i);
    }
  });
});
