/**
 * The published bulletins as the pages need them (files starting with _ are not pages): newest
 * month first, each with its latest version, plus labels and the trend series.
 */
import { getCollection } from 'astro:content';
import type { TrendPoint } from '../../../schema/bulletin/charts.ts';

export async function loadBulletins() {
  const entries = await getCollection('bulletins');
  for (const e of entries) {
    if (e.id !== e.data.month) throw new Error(`content/bulletins/${e.id}.json：文件名应与 month 一致（${e.data.month}.json）`);
  }
  const months = entries
    .map((e) => ({ month: e.data.month, versions: e.data.versions, latest: e.data.versions[e.data.versions.length - 1] }))
    .sort((a, b) => b.month.localeCompare(a.month));
  return months;
}

export type PublishedMonth = Awaited<ReturnType<typeof loadBulletins>>[number];

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
