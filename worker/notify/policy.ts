/**
 * When a message may go out: quiet hours for SMS to citizens and per-recipient rate limits.
 * Both read the one clock (schema/clock.ts) through the `now` they are given.
 */

/** No SMS to citizens from 22:00 to 08:00 Beijing time unless urgent (issue 15). */
export const QUIET_HOURS = { from: 22, to: 8 } as const;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** If `now` falls in quiet hours, the instant they end (08:00 Asia/Shanghai); else undefined. */
export function quietUntil(now: number): number | undefined {
  const local = now + SHANGHAI_OFFSET_MS;
  const hour = new Date(local).getUTCHours();
  if (hour >= QUIET_HOURS.to && hour < QUIET_HOURS.from) return undefined;
  const day = Math.floor(local / 86_400_000) * 86_400_000;
  const end = hour >= QUIET_HOURS.from ? day + 86_400_000 + QUIET_HOURS.to * 3600_000 : day + QUIET_HOURS.to * 3600_000;
  return end - SHANGHAI_OFFSET_MS;
}

/**
 * At most this many messages per address and channel in each window. For SMS these sit below
 * Tencent Cloud SMS's default frequency limits for one number (so the provider never refuses us for
 * frequency) and keep a busy case from flooding a person; e-mail is looser.
 */
export const RATE_LIMITS: Record<'email' | 'sms', { windowMs: number; max: number }[]> = {
  sms: [
    { windowMs: 3600_000, max: 3 },
    { windowMs: 86_400_000, max: 8 },
  ],
  email: [
    { windowMs: 3600_000, max: 10 },
    { windowMs: 86_400_000, max: 30 },
  ],
};

/**
 * Given the send times of earlier messages to the same address and channel, the instant the next
 * one may go, or undefined if it may go now.
 */
export function rateLimitedUntil(channel: 'email' | 'sms', sentAt: number[], now: number): number | undefined {
  let until: number | undefined;
  for (const { windowMs, max } of RATE_LIMITS[channel]) {
    const inWindow = sentAt.filter((t) => t > now - windowMs).sort((a, b) => a - b);
    if (inWindow.length >= max) {
      // Free again when the oldest message that still counts leaves the window.
      const free = inWindow[inWindow.length - max] + windowMs;
      until = until === undefined ? free : Math.max(until, free);
    }
  }
  return until;
}

/** Exponential backoff for a failed delivery: 30 s, 60 s, 120 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
}

/** Cloudflare Queues accept a delay of at most 12 hours. */
export const MAX_DELAY_SECONDS = 12 * 3600;
