/**
 * Security headers on every response the worker sends (its own pages and APIs, and the static
 * pages it passes through from env.ASSETS). Static files served directly by Workers Static Assets
 * get the same headers from site/public/_headers; keep the two in step (test/browser/headers.test.ts
 * compares them over a real `wrangler dev`).
 *
 * - CSP: scripts only from this origin (the site's one script is /scripts/search.js, which loads
 *   /pagefind/pagefind.js; Pagefind compiles its WebAssembly, hence 'wasm-unsafe-eval'), no inline
 *   script or style at all, no plugins, no framing, forms post only here. Cloudflare Turnstile's
 *   origin is added to script-src and frame-src only when TURNSTILE_ENABLED, as its docs ask:
 *   https://developers.cloudflare.com/turnstile/reference/content-security-policy/
 * - HSTS only in production, which is detected as: the request came over https to a host that is
 *   not local (localhost, 127.x, ::1, *.localhost). `wrangler dev` serves plain http, so local work
 *   never pins a host to https.
 */
import type { MiddlewareHandler } from 'hono';
import { turnstileEnabled } from './turnstile.ts';

const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

export interface CspOptions {
  turnstile?: boolean;
}

export function contentSecurityPolicy({ turnstile = false }: CspOptions = {}): string {
  const extra = turnstile ? ` ${TURNSTILE_ORIGIN}` : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${extra}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${turnstile ? TURNSTILE_ORIGIN : "'none'"}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Browser features the portal never uses; denied for this page and anything it embeds. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** The headers every response carries, whatever its type (HSTS is decided separately). */
export function baseSecurityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    // For browsers that predate frame-ancestors.
    'X-Frame-Options': 'DENY',
  };
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|.+\.localhost)$/i;

/** Production = https to a host that is not this machine. */
export function isProduction(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' && !LOCAL_HOST.test(hostname);
}

export function securityHeaders(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    await next();
    const headers = baseSecurityHeaders({ turnstile: turnstileEnabled(c.env) });
    const production = isProduction(c.req.url);
    const apply = (target: Headers) => {
      for (const [name, value] of Object.entries(headers)) target.set(name, value);
      // Pages passed through from env.ASSETS carry _headers' HSTS; the worker decides for its own.
      if (production) target.set('Strict-Transport-Security', HSTS);
      else target.delete('Strict-Transport-Security');
    };
    // Responses passed through from env.ASSETS.fetch have immutable headers: copy those first.
    try {
      apply(c.res.headers);
    } catch {
      const copy = new Response(c.res.body, c.res);
      apply(copy.headers);
      c.res = copy;
    }
  };
}
