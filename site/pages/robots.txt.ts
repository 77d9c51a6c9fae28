import type { APIRoute } from 'astro';

/**
 * robots.txt (issue 17, item 9): the public portal may be crawled; the office console, the JSON API
 * and the pages that answer a reference and access code may not (they are noindex too, and hold
 * nothing a search engine should keep). The sitemap is named with the production origin.
 */
export const GET: APIRoute = ({ site }) => {
  const base = site ?? new URL('http://localhost/');
  const body = [
    'User-agent: *',
    'Disallow: /office/',
    'Disallow: /api/',
    'Disallow: /track/',
    'Disallow: /complaints/',
    'Disallow: /appointments/',
    '',
    `Sitemap: ${new URL('/sitemap.xml', base).href}`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
