/** Per-client protections: the filing rate limit (Workers Rate Limiting binding) and the wrong-code
 * throttle (D1, because it must count failures only and hold across isolates and locations). */
import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import { throttle } from '../../schema/db/index.ts';
import { hmac } from './crypto.ts';
import { dbOf } from './db.ts';

export function clientAddress(req: Request): string {
  return req.headers.get('cf-connecting-ip') ?? 'unknown';
}

/** Keep in step with [[ratelimits]] FILING_LIMITER in wrangler.toml (10 per 60 s: an office or a
 * school behind one address can still file; a script cannot flood the office). */
export const FILINGS_PER_MINUTE = 10;

/** True when the client may file now. Without the binding (e.g. a misconfigured deploy) it allows. */
export async function mayFile(env: Env, req: Request): Promise<boolean> {
  if (!env.FILING_LIMITER) return true;
  const { success } = await env.FILING_LIMITER.limit({ key: `file:${clientAddress(req)}` });
  return success;
}

/** Wrong access codes allowed per client and window before tracking is refused. */
export const WRONG_CODE_LIMIT = 10;
export const WRONG_CODE_WINDOW_MS = 15 * 60_000;

async function throttleKey(env: Env, req: Request): Promise<string> {
  return `track:${await hmac(env.PII_KEY, clientAddress(req))}`;
}

/** A counted attempt: `refund` gives it back (the attempt turned out not to be a failure). */
export type Attempt = { ok: true; refund: () => Promise<void> } | { ok: false; retryAfter: number };

/**
 * Counts one attempt against `key` and decides in the same statement whether it may go ahead:
 * at most `limit` per window of `windowMs`, however many requests arrive at once (issue 17,
 * item 2: reading the count first and adding to it later let 11 of 10 through). An upsert whose
 * DO UPDATE has a WHERE changes (and returns) nothing once the window is full.
 */
export async function takeAttempt(env: Env, key: string, now: number, limit: number, windowMs: number): Promise<Attempt> {
  const stale = now - windowMs;
  const db = dbOf(env);
  const [taken] = await db
    .insert(throttle)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: throttle.key,
      set: {
        count: sql`case when ${throttle.windowStart} < ${stale} then 1 else ${throttle.count} + 1 end`,
        windowStart: sql`case when ${throttle.windowStart} < ${stale} then ${now} else ${throttle.windowStart} end`,
      },
      setWhere: or(lt(throttle.windowStart, stale), lt(throttle.count, limit)),
    })
    .returning({ windowStart: throttle.windowStart });
  if (taken) {
    const { windowStart } = taken;
    return {
      ok: true,
      refund: async () => {
        await db
          .update(throttle)
          .set({ count: sql`${throttle.count} - 1` })
          .where(and(eq(throttle.key, key), eq(throttle.windowStart, windowStart), gt(throttle.count, 0)));
      },
    };
  }
  const [row] = await db.select({ windowStart: throttle.windowStart }).from(throttle).where(eq(throttle.key, key));
  return { ok: false, retryAfter: Math.max(1, Math.ceil(((row?.windowStart ?? now) + windowMs - now) / 1000)) };
}

/** One wrong-code attempt for this client: refunded when the code was right or the input malformed. */
export async function trackAttempt(env: Env, req: Request, now: number): Promise<Attempt> {
  return takeAttempt(env, await throttleKey(env, req), now, WRONG_CODE_LIMIT, WRONG_CODE_WINDOW_MS);
}
