import type { APIRoute } from 'astro';
import { loadOffice } from '../lib/office.ts';

/**
 * Every page of the portal, static and worker-rendered, so crawlers and the accessibility tests
 * (which crawl this file) see the whole site. A build test checks it against dist/.
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
    // Served by the worker, not in dist/ (the bulletin months are listed on /bulletins/ itself).
    '/bulletins/',
    '/complaints/new/',
    '/track/',
    '/appointments/new/',
    '/appointments/reception/',
    '/appointments/track/',
  ];
  const base = site ?? new URL('http://localhost/');
  const urls = paths.map((p) => `  <url><loc>${new URL(p, base).href}</loc></url>`).join('\n');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
