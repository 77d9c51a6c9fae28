/**
 * Hono's appendTrailingSlash, with a relative Location: a GET or HEAD that found nothing, on a path
 * without its trailing slash, is sent (301) to the same path with one, query kept. Every page of the
 * portal ends in a slash; this replaces the hand-written `.get('/x', redirect('/x/'))` routes.
 * Relative, as the hand-written redirects were (RFC 9110 §10.2.2 allows it): the worker does not
 * need to know the host it is served under.
 */
import type { MiddlewareHandler } from 'hono';

export const appendTrailingSlash = (): MiddlewareHandler => async (c, next) => {
  await next();
  if (c.res.status === 404 && (c.req.method === 'GET' || c.req.method === 'HEAD') && !c.req.path.endsWith('/')) {
    const url = new URL(c.req.url);
    c.res = c.redirect(`${url.pathname}/${url.search}`, 301);
  }
};
