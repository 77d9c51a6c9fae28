/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The public quarterly target results (目标管理, issue 14), rendered from D1 the moment a quarter is
 * published or corrected:
 *   GET /targets/                         every published quarter
 *   GET /targets/2026-q3/[?version=N]     one quarter, latest version unless asked, with its history
 *   GET /targets/departments/<id>/        302 to the latest published quarter listing the department
 * An unpublished quarter, an unknown department or one never published answers the site's 404 page.
 * JSON at /api/targets (worker/routes/targets-api.ts).
 */
import { Hono, type Context } from 'hono';
import { parsePeriod } from '../../schema/targets.ts';
import type { AppEnv } from '../env.ts';
import { catalogue } from '../lib/catalogue.ts';
import { latestQuarterOf, publishedQuarters, publishedVersionKeys, resultVersions } from '../services/targets.ts';
import { TargetIndexPage, TargetQuarterPage } from '../views/targets.tsx';
import { page } from '../views/layout.tsx';

/** Bump when the pages' markup changes in a way a cached copy must not keep. */
const RENDER_REVISION = 'r1';
const CACHE = 'public, max-age=300';

function send(c: Context<AppEnv>, body: string, etag: string): Response {
  const asked = c.req.header('If-None-Match');
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': CACHE } });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', ETag: etag, 'Cache-Control': CACHE } });
}

const etagOf = (kind: string, keys: string[]) => `"${kind}-${RENDER_REVISION}-${keys.join('_') || 'none'}"`;

/**
 * Mounted at /targets/ (worker/app.ts). The bare paths (/targets, /targets/2026-q3) get their slash
 * from app.ts's notFound (worker/lib/trailing-slash.ts), which reads the patterns below.
 */
export const targetPages = new Hono<AppEnv>()
  .get('/', async (c) => send(c, page(<TargetIndexPage quarters={await publishedQuarters(c.env)} />), etagOf('targets', await publishedVersionKeys(c.env))))
  .get('/departments/:id{[a-z0-9-]+}/', async (c) => {
    const id = c.req.param('id');
    const period = catalogue.departments.some((d) => d.id === id) ? await latestQuarterOf(c.env, id) : undefined;
    if (!period) return c.env.ASSETS.fetch(c.req.raw);
    return new Response(null, { status: 302, headers: { Location: `/targets/${period}/#dept-${id}`, 'Cache-Control': 'public, max-age=300' } });
  })
  .get('/:period{\\d{4}-q[1-4]}/', async (c) => {
    const p = parsePeriod(c.req.param('period'));
    if (!p) return c.env.ASSETS.fetch(c.req.raw);
    const versions = await resultVersions(c.env, p);
    const asked = c.req.query('version');
    const current = asked === undefined ? versions.at(-1) : /^[1-9]\d{0,3}$/.test(asked) ? versions.find((v) => v.version === Number(asked)) : undefined;
    // Not published (yet), or no such version: the site's own 404 page.
    if (!current) return c.env.ASSETS.fetch(c.req.raw);
    return send(c, page(<TargetQuarterPage current={current} versions={versions} />), etagOf(`targets-${current.period}`, [...versions.map((v) => String(v.version)), `v${current.version}`]));
  });
