// The bot check: off by default; when switched on, a token is verified at siteverify (intercepted
// here: tests never reach the internet).
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../worker/app.ts';
import { SITEVERIFY } from '../../worker/lib/turnstile.ts';
import { asForm, complaintCount, validComplaint } from './helpers.ts';

const on = { ...env, TURNSTILE_ENABLED: 'true' } as unknown as Env;

function stubSiteverify(success: boolean) {
  const original = globalThis.fetch;
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === SITEVERIFY) {
      const form = init?.body as FormData;
      expect(form.get('secret')).toBe(env.TURNSTILE_SECRET_KEY);
      return Response.json({ success });
    }
    return original(input, init);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('Turnstile', () => {
  it('is off by default: the form has no widget', async () => {
    const res = await app.request('/complaints/new/', {}, env);
    expect(await res.text()).not.toContain('cf-turnstile');
  });

  it('when on, the form shows the widget with the site key', async () => {
    const html = await (await app.request('/complaints/new/', {}, on)).text();
    expect(html).toContain(`data-sitekey="${env.TURNSTILE_SITE_KEY}"`);
    expect(html).toContain('src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
  });

  it('when on, a failed check is a field error and nothing is filed', async () => {
    const spy = stubSiteverify(false);
    const before = await complaintCount(env);
    const res = await app.request('/api/complaints', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.18.1.1' }, body: JSON.stringify({ ...validComplaint(), turnstileToken: 'XXXX.DUMMY.TOKEN' }) }, on);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('turnstileToken');
    expect(spy).toHaveBeenCalled();
    expect(await complaintCount(env)).toBe(before);
  });

  it('when on, a passing check lets the form through', async () => {
    stubSiteverify(true);
    const body = `${asForm({ ...validComplaint(), idempotencyKey: crypto.randomUUID() })}&cf-turnstile-response=XXXX.DUMMY.TOKEN`;
    const res = await app.request('/complaints/new/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '198.18.1.2' }, body }, on);
    expect(res.status).toBe(303);
  });

  it('when on, a form without a token gets the error beside the widget', async () => {
    const res = await app.request('/complaints/new/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': '198.18.1.3' }, body: asForm({ ...validComplaint(), idempotencyKey: crypto.randomUUID() }) }, on);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#turnstile"');
    expect(html).toContain('请完成页面上的人机验证');
  });
});
