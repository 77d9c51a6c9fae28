/** Per-client protections: the filing rate limit (Workers Rate Limiting binding) and the wrong-code
 * throttle (D1, because it must count failures only and hold across isolates and locations). */
import { hmac } from './crypto.ts';

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

/** Seconds until the client may try again, or 0 when it may try now. */
export async function trackBlockedFor(env: Env, req: Request, now: number): Promise<number> {
  const row = await env.DB.prepare('select window_start, count from throttle where key = ?')
    .bind(await throttleKey(env, req))
    .first<{ window_start: number; count: number }>();
  if (!row || row.window_start < now - WRONG_CODE_WINDOW_MS || row.count < WRONG_CODE_LIMIT) return 0;
  return Math.max(1, Math.ceil((row.window_start + WRONG_CODE_WINDOW_MS - now) / 1000));
}

export async function recordWrongCode(env: Env, req: Request, now: number): Promise<void> {
  const stale = now - WRONG_CODE_WINDOW_MS;
  await env.DB.prepare(
    `insert into throttle (key, window_start, count) values (?1, ?2, 1)
     on conflict(key) do update set
       count = case when window_start < ?3 then 1 else count + 1 end,
       window_start = case when window_start < ?3 then ?2 else window_start end`,
  )
    .bind(await throttleKey(env, req), now, stale)
    .run();
}
