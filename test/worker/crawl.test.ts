// Issue 17, item 9: what crawlers and feed readers are told. robots.txt exists, the sitemap lists no
// page marked noindex, and the Atom feed is served as application/atom+xml.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BASE, sitemapPaths } from './helpers.ts';

async function page(path: string): Promise<Response> {
  const worker = await exports.default.fetch(`${BASE}${path}`);
  return worker.status === 404 ? env.ASSETS.fetch(`${BASE}${path}`) : worker;
}

describe('crawlers', () => {
  it('robots.txt keeps crawlers out of the console, the API and the forms, and names the sitemap', async () => {
    const res = await env.ASSETS.fetch(`${BASE}/robots.txt`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const line of ['User-agent: *', 'Disallow: /office/', 'Disallow: /api/', 'Disallow: /track/']) expect(text).toContain(line);
    expect(text).toMatch(/^Sitemap: https:\/\/[^\s]+\/sitemap\.xml$/m);
  });

  it('the sitemap lists no page marked noindex', async () => {
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThan(20);
    const noindex = [];
    for (const path of paths) {
      const html = await (await page(path)).text();
      if (/<meta name="robots" content="[^"]*noindex/.test(html)) noindex.push(path);
    }
    expect(noindex).toEqual([]);
  });

  it('the Atom feed is served as application/atom+xml', async () => {
    const res = await page('/bulletins/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
  });
});
