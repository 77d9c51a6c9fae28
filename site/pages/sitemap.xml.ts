import type { APIRoute } from 'astro';
import { xmlText } from '../../schema/common.ts';
import { loadOffice } from '../lib/office.ts';

/**
 * Every indexable page of the portal, for crawlers and the browser tests (which crawl this file and
 * add the worker's noindex forms). A build test checks it against dist/.
 */
export const GET: APIRoute = async ({ site }) => {
  const { departments, services, rules } = await loadOffice();
  const paths = [
    '/',
    '/departments/',
    ...departments.map((d) => `/departments/${d.id}/`),
    '/services/',
    ...services.map((s) => `/services/${s.id}/`),
    ...[...new Set(services.map((s) => s.data.department))].map((id) => `/services/department/${id}/`),
    '/commitments/',
    '/rules/',
    ...rules.map((r) => `/rules/${r.id}/`),
    '/supervision/',
    '/search/',
    // Served by the worker, not in dist/, and meant for search engines (the bulletin months are
    // listed on /bulletins/ itself, the quarters on /targets/). Not the worker's forms (/complaints/new/, /track/,
    // /appointments/…): they are marked noindex, and a sitemap lists only pages a search engine may
    // index (issue 17, item 9). The browser tests add them to what they crawl (test/browser/harness.ts).
    '/bulletins/',
    '/targets/',
  ];
  const base = site ?? new URL('http://localhost/');
  const urls = paths.map((p) => `  <url><loc>${xmlText(new URL(p, base).href)}</loc></url>`).join('\n');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
