import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { entryPages } from '../../schema/entry-pages.ts';

// Issue 16: every page has a meta description written from its own content, the worker's pages too.
function description(html: string): string | undefined {
  return /<meta name="description" content="([^"]*)"/.exec(html)?.[1];
}

describe('meta description on the worker\u2019s pages', () => {
  it.each(['/complaints/new/', '/track/', '/appointments/new/', '/appointments/reception/', '/appointments/track/', '/targets/'])(
    '%s carries the description registered for it in schema/entry-pages.ts',
    async (path) => {
      const response = await exports.default.fetch(`http://portal.test${path}`);
      expect(response.status).toBe(200);
      const registered = entryPages.find((p) => p.path === path)!.description;
      expect(description(await response.text())).toBe(registered.replaceAll('"', '&quot;'));
    },
  );

  it('a tracking form with errors (422) keeps the description', async () => {
    const response = await exports.default.fetch('http://portal.test/track/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'reference=&accessCode=',
    });
    expect(response.status).toBe(422);
    expect(description(await response.text())).toContain('受理编号');
  });

  it('the office console\u2019s sign-in page says what it is', async () => {
    const response = await exports.default.fetch('http://portal.test/office/login');
    expect(response.status).toBe(200);
    expect(description(await response.text())).toMatch(/控制台.*登录/);
  });
});
