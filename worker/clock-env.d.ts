// Not in wrangler.toml on purpose: production never sets it. Tests (vitest.config.ts) and a local
// `.dev.vars` may, to run the worker as if it were another day (schema/clock.ts).
interface Env {
  /** Optional start of the one clock: an ISO 8601 instant, a date, or epoch ms. */
  CLOCK_START?: string;
}
declare namespace Cloudflare {
  interface Env {
    CLOCK_START?: string;
  }
}
