/**
 * Reads for the public bulletin pages (worker/routes/bulletin-pages.tsx): the published versions,
 * mapped to the same BulletinVersion shape the JSON API serves. The stored data is already
 * anonymised and suppressed (it was computed at publication); nothing personal is read here.
 */
import { asc, lte } from 'drizzle-orm';
import { bulletinData, type BulletinVersion } from '../../schema/bulletin/document.ts';
import { bulletins } from '../../schema/db/bulletins.ts';
import { dbOf } from '../lib/db.ts';

/** Every published version, oldest first; with `upTo`, only months up to and including it. */
export async function publishedVersions(db: D1Database, upTo?: string): Promise<BulletinVersion[]> {
  const rows = await dbOf({ DB: db })
    .select({ month: bulletins.month, version: bulletins.version, publishedAt: bulletins.publishedAt, note: bulletins.note, data: bulletins.data })
    .from(bulletins)
    .where(upTo === undefined ? undefined : lte(bulletins.month, upTo))
    .orderBy(asc(bulletins.month), asc(bulletins.version));
  return rows.map((r) => ({
    month: r.month,
    version: r.version,
    publishedAt: new Date(r.publishedAt).toISOString(),
    note: r.note,
    data: bulletinData.parse(typeof r.data === 'string' ? JSON.parse(r.data) : r.data),
  }));
}

/**
 * The (month, version) pairs on file, month order: the latest version of each month, or with
 * `everyVersion` all of them. Enough to name a page's ETag without reading any bulletin data.
 */
export async function publishedVersionNumbers(db: D1Database, options: { everyVersion?: boolean } = {}): Promise<{ month: string; version: number }[]> {
  const rows = await dbOf({ DB: db }).select({ month: bulletins.month, version: bulletins.version }).from(bulletins).orderBy(asc(bulletins.month), asc(bulletins.version));
  if (options.everyVersion) return rows;
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.month, Math.max(latest.get(r.month) ?? 0, r.version));
  return [...latest.entries()].map(([month, version]) => ({ month, version }));
}
