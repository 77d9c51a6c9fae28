/**
 * What the public bulletin pages need from the published versions, shared by the worker that
 * renders them (worker/views/bulletins.tsx) and anything else that lists them: the months newest
 * first with their latest version, labels, and the received/concluded trend.
 */
import type { TrendPoint } from './charts.ts';
import type { BulletinVersion } from './document.ts';

export interface PublishedMonth {
  month: string;
  /** Every version, oldest first. */
  versions: BulletinVersion[];
  latest: BulletinVersion;
}

/** Groups published versions by month, newest month first. */
export function groupByMonth(versions: readonly BulletinVersion[]): PublishedMonth[] {
  const byMonth = new Map<string, BulletinVersion[]>();
  for (const v of versions) byMonth.set(v.month, [...(byMonth.get(v.month) ?? []), v]);
  return [...byMonth.entries()]
    .map(([month, vs]) => {
      const sorted = [...vs].sort((a, b) => a.version - b.version);
      return { month, versions: sorted, latest: sorted[sorted.length - 1] };
    })
    .sort((a, b) => b.month.localeCompare(a.month));
}

/** 2026-10 → 2026 年 10 月 */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y} 年 ${m} 月`;
}

/** 2026-11-09T02:30:00.000Z → 2026 年 11 月 9 日 (Asia/Shanghai) */
export function publishedLabel(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
  const [y, m, day] = d.split('-').map(Number);
  return `${y} 年 ${m} 月 ${day} 日`;
}

/** Received vs concluded, oldest month first, up to and including `upTo`. */
export function trendPoints(months: readonly PublishedMonth[], upTo?: string): TrendPoint[] {
  return [...months]
    .filter((m) => upTo === undefined || m.month <= upTo)
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => ({ month: m.month, received: m.latest.data.overall.received, concluded: m.latest.data.overall.concluded }));
}
