/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The public bulletin pages, rendered from D1 the moment a month is published or corrected (issue
 * 17, "Bulletins reach the public site when they are published"); no export, rebuild or redeploy:
 *   GET /bulletins/            every published month, the trend, links to the open data
 *   GET /bulletins/YYYY-MM/    one month, latest version, with its version history
 *   GET /bulletins/feed.xml    Atom, one entry per published version (application/atom+xml)
 * JSON and CSV stay at /api/bulletins (worker/routes/bulletins.ts).
 *
 * Published versions are frozen, so a page changes only when a version is added: the ETag names
 * the versions it shows (the month page's trend shows every month up to it) and is checked before
 * any bulletin data is read, so If-None-Match costs one small query and answers 304. Cached for
 * five minutes like the latest JSON, since a correction may supersede what is shown.
 */
import { Hono, type Context } from 'hono';
import { MONTH_PATTERN } from '../../schema/bulletin/document.ts';
import { atomFeed } from '../../schema/bulletin/feed.ts';
import { groupByMonth } from '../../schema/bulletin/pages.ts';
import type { AppEnv } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { publishedVersions, publishedVersionNumbers } from '../services/bulletin-pages.ts';
import { BulletinIndexPage, BulletinMonthPage } from '../views/bulletins.tsx';
import { page } from '../views/layout.tsx';

/** Bump when the pages' markup changes in a way a cached copy must not keep. */
const RENDER_REVISION = 'r1';
const CACHE = 'public, max-age=300';

function etagOf(kind: string, versions: readonly { month: string; version: number }[]): string {
  return `"${kind}-${RENDER_REVISION}-${versions.map((v) => `${v.month}.${v.version}`).join('_') || 'none'}"`;
}

function notModified(c: Context<AppEnv>, etag: string): Response | undefined {
  const asked = c.req.header('If-None-Match');
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': CACHE } });
  }
  return undefined;
}

function send(body: string, contentType: string, etag: string): Response {
  return new Response(body, { status: 200, headers: { 'Content-Type': contentType, ETag: etag, 'Cache-Control': CACHE } });
}

/**
 * Mounted at /bulletins/ (worker/app.ts). The bare paths (/bulletins, /bulletins/2026-11) get their
 * slash from app.ts's notFound (worker/lib/trailing-slash.ts), which reads the patterns below.
 */
export const bulletinPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    const etag = etagOf('bulletins', await publishedVersionNumbers(c.env.DB));
    const unchanged = notModified(c, etag);
    if (unchanged) return unchanged;
    const months = groupByMonth(await publishedVersions(c.env.DB));
    return send(page(<BulletinIndexPage months={months} />), 'text/html; charset=utf-8', etag);
  })
  .get('/feed.xml', async (c) => {
    const etag = etagOf('feed', await publishedVersionNumbers(c.env.DB, { everyVersion: true }));
    const unchanged = notModified(c, etag);
    if (unchanged) return unchanged;
    const months = groupByMonth(await publishedVersions(c.env.DB));
    return send(atomFeed(months, catalogue.office.name, new URL(new URL(c.req.url).origin)), 'application/atom+xml; charset=utf-8', etag);
  })
  .get('/:month{\\d{4}-(?:0[1-9]|1[0-2])}/', async (c) => {
    const month = c.req.param('month');
    if (!MONTH_PATTERN.test(month)) return c.env.ASSETS.fetch(c.req.raw);
    const upTo = (await publishedVersionNumbers(c.env.DB)).filter((v) => v.month <= month);
    // Not published (yet): the site's own 404 page.
    if (!upTo.some((v) => v.month === month)) return c.env.ASSETS.fetch(c.req.raw);
    const etag = etagOf(`bulletin-${month}`, upTo);
    const unchanged = notModified(c, etag);
    if (unchanged) return unchanged;
    const months = groupByMonth(await publishedVersions(c.env.DB, month));
    const current = months.find((m) => m.month === month)!;
    return send(page(<BulletinMonthPage current={current} months={months} />), 'text/html; charset=utf-8', etag);
  });
