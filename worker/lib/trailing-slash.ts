/**
 * Every page of the portal ends in a slash: a GET or HEAD that no route answered, on a path without
 * its trailing slash, is sent (301) to the same path with one, query kept, when that is a page
 * (`pages`: the app's GET routes, parameters included: `/targets/:period{\d{4}-q[1-4]}/` matches
 * `/targets/2026-q4/`, a plain `:id` any one segment); anything else keeps its own not-found answer
 * (the console's sends an anonymous visitor to sign in first). This replaces the hand-written
 * `.get('/x', redirect('/x/'))` routes. It runs from app.ts's notFound, not as Hono's
 * appendTrailingSlash middleware, because that one redirects every 404, including a handler's own
 * (a case the staff member may not see, a bulletin month that does not exist), which must stay 404.
 * The Location is relative, as the hand-written redirects were (RFC 9110 §10.2.2 allows it).
 */
import type { Context } from 'hono';

/** Whether a path is one of the page routes `paths` (Hono route patterns). */
export type PageMatcher = (path: string) => boolean;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function segmentPattern(segment: string): string {
  const param = /^:\w+(?:\{(.+)\})?$/.exec(segment);
  if (!param) return escape(segment);
  return param[1] ? `(?:${param[1]})` : '[^/]+';
}

/** The page routes among `paths` (those ending in a slash) as one matcher. */
export function pageMatcher(paths: readonly string[]): PageMatcher {
  const pages = paths.filter((p) => p.endsWith('/') && !p.includes('*'));
  const literal = new Set(pages.filter((p) => !p.includes(':')));
  const patterns = pages.filter((p) => p.includes(':')).map((p) => new RegExp(`^${p.split('/').map(segmentPattern).join('/')}$`));
  return (path) => literal.has(path) || patterns.some((re) => re.test(path));
}

export function slashRedirect(c: Context, isPage: PageMatcher): Response | undefined {
  const { method, path } = c.req;
  if ((method !== 'GET' && method !== 'HEAD') || path.endsWith('/') || !isPage(`${path}/`)) return undefined;
  return c.redirect(`${path}/${new URL(c.req.url).search}`, 301);
}
