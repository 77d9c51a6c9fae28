/**
 * The one clock. Every rule that depends on "now" (working days, booking windows, reception days,
 * deadlines, sweeps, retention, bulletin months, provisional years, the demo seed) reads it from
 * here, never from `Date.now()` directly, so that a test or a demo can run the whole product as if
 * it were another day.
 *
 * The clock runs: `setClock('2027-02-10T09:00:00+08:00')` makes `now()` return that instant at
 * once and let time pass normally from there (timeouts, TTLs and elapsed-time measurements keep
 * working). Where it is set:
 * - the worker, from the `CLOCK_START` variable (tests and `.dev.vars` only; production never sets it);
 * - the Node side (unit tests, the seed, the build), from the `CLOCK_START` environment variable;
 * - a test, with `setClock(...)` / `setClock(undefined)` around the case.
 */
let offsetMs = 0;

/** Milliseconds since the epoch, as the product sees them. */
export function now(): number {
  return Date.now() + offsetMs;
}

/** Parses a clock start: an ISO 8601 instant (with its offset), a date (00:00 Asia/Shanghai) or epoch ms. */
export function parseClockStart(start: string | number): number {
  if (typeof start === 'number') return start;
  const text = start.trim();
  const ms = /^\d+$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00+08:00`) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new Error(`CLOCK_START 写法不对：“${start}”；请写 ISO 8601 时间，例如 2027-02-10T09:00:00+08:00`);
  return ms;
}

/** Starts the clock at `start` (running from there); an empty or missing start means real time. */
export function setClock(start: string | number | undefined | null): void {
  offsetMs = start === undefined || start === null || start === '' ? 0 : parseClockStart(start) - Date.now();
}

/** Whether the clock has been moved away from real time (shown in logs and the console banner). */
export function clockIsSet(): boolean {
  return offsetMs !== 0;
}
