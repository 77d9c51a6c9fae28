/**
 * One JSON line per request for operations (Workers Logs / `wrangler tail`): method, the route
 * pattern (never the concrete path or query, which could carry a reference or a search term),
 * status and duration. No client address, user agent, body or header is ever logged: a failed
 * tracking attempt shows up as `POST /api/track 404`, nothing more.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import { log } from './log.ts';

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    await next();
    const status = c.res.status;
    log(status >= 500 ? 'error' : status === 429 || status === 404 ? 'warn' : 'info', 'request', {
      requestId: c.var.requestId,
      method: c.req.method,
      route: c.req.routePath,
      status,
      ms: Date.now() - started,
    });
  };
}
