/**
 * How dates and times are written for people (issue 11 part 5: one formatting module). Times are
 * Beijing time (UTC+8, no daylight saving), whatever the server's zone.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const two = (n: number) => String(n).padStart(2, '0');
const beijing = (instant: number | string) => new Date((typeof instant === 'string' ? Date.parse(instant) : instant) + SHANGHAI_OFFSET_MS);

/** '2026-03-01' → '2026 年 3 月 1 日'. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
}

/** '2026-03' → '2026 年 3 月'. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y} 年 ${m} 月`;
}

/** An instant as the public pages write it: '2026 年 3 月 1 日 09:30'. */
export function formatDateTime(instant: number | string): string {
  const d = beijing(instant);
  return `${d.getUTCFullYear()} 年 ${d.getUTCMonth() + 1} 月 ${d.getUTCDate()} 日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** An instant as the console's tables write it: '2026-03-01 09:30'. */
export function formatStamp(instant: number | string): string {
  const d = beijing(instant);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
