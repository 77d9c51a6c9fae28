/** Small display helpers shared by pages; every string a person reads is zh-CN. */

/** A time limit in working days as told to the public: 0 means done on the spot. */
export function daysLabel(days: number): string {
  return days === 0 ? '当场办结' : `${days} 个工作日`;
}

export const materialForm = {
  original: '原件',
  copy: '复印件',
  'original-and-copy': '原件及复印件',
} as const;

export const ruleStatus = {
  'in-force': '现行有效',
  replaced: '已被替代',
} as const;

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** Weekday of a YYYY-MM-DD date; computed in UTC so the build machine's zone does not matter. */
export function weekday(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** 2026-12-02 → 2026 年 12 月 2 日 */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
}
