/**
 * Every page of the portal ends in a slash: a GET or HEAD that no route answered, on a path without
 * its trailing slash, is sent (301) to the same path with one, query kept, when that is a page
 * (`pages`: the app's GET routes); anything else keeps its own not-found answer (the console's
 * sends an anonymous visitor to sign in first). This replaces the
 * hand-written `.get('/x', redirect('/x/'))` routes. It runs from app.ts's notFound, not as Hono's
 * appendTrailingSlash middleware, because that one redirects every 404, including a handler's own
 * (a case the staff member may not see, a bulletin month that does not exist), which must stay 404.
 * The Location is relative, as the hand-written redirects were (RFC 9110 §10.2.2 allows it).
 */
import type { Context } from 'hono';

export function slashRedirect(c: Context, pages: ReadonlySet<string>): Response | undefined {
  const { method, path } = c.req;
  if ((method !== 'GET' && method !== 'HEAD') || path.endsWith('/') || !pages.has(`${path}/`)) return undefined;
  return c.redirect(`${path}/${new URL(c.req.url).search}`, 301);
}
