/**
 * Open data of the monthly bulletins, at stable URLs:
 *   GET /api/bulletins                      every published month (latest version of each)
 *   GET /api/bulletins/YYYY-MM[?version=N]  one month as JSON (latest version unless asked)
 *   GET /api/bulletins/YYYY-MM.csv[?version=N]  the same numbers as CSV, UTF-8 with BOM
 * A given version never changes (the table is frozen), so `?version=N` is cached for a year; the
 * latest can be superseded by a correction, so it is cached for five minutes. ETags name the
 * version, and If-None-Match gets a 304.
 */
import { Hono, type Context } from 'hono';
import { bulletinCsv } from '../../schema/bulletin/csv.ts';
import type { BulletinList, BulletinResponse } from '../../schema/bulletin/document.ts';
import { MONTH_PATTERN } from '../../schema/bulletin/document.ts';
import { definitions } from '../../schema/bulletin/measures.ts';
import type { AppEnv } from '../env.ts';
import { departmentName } from '../lib/catalogue.ts';
import { problem } from '../lib/problem.ts';
import { listPublished, versionsOf } from '../services/bulletins.ts';

const LATEST = 'public, max-age=300';
const FROZEN = 'public, max-age=31536000, immutable';

function notModified(c: Context, etag: string, cacheControl: string): Response | undefined {
  const asked = c.req.header('If-None-Match');
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl });
  }
  return undefined;
}

export const bulletinsApi = new Hono<AppEnv>()
  .get('/', async (c) => {
    const published = await listPublished(c.env.DB);
    const body: BulletinList = {
      bulletins: published.map((b) => ({
        month: b.month,
        latestVersion: b.latestVersion,
        publishedAt: new Date(b.publishedAt).toISOString(),
        received: b.received,
        concluded: b.concluded,
        json: `/api/bulletins/${b.month}`,
        csv: `/api/bulletins/${b.month}.csv`,
      })),
    };
    const etag = `"bulletins-${published.map((b) => `${b.month}.${b.latestVersion}`).join('_') || 'none'}"`;
    return notModified(c, etag, LATEST) ?? c.json(body, 200, { ETag: etag, 'Cache-Control': LATEST });
  })
  .get('/:month', async (c) => {
    const raw = c.req.param('month');
    const csv = raw.endsWith('.csv');
    const month = csv ? raw.slice(0, -4) : raw;
    if (!MONTH_PATTERN.test(month)) {
      return problem(c, 404, '没有这个月份的通报', '地址应为 /api/bulletins/YYYY-MM 或 /api/bulletins/YYYY-MM.csv，如 /api/bulletins/2026-10');
    }
    const askedVersion = c.req.query('version');
    if (askedVersion !== undefined && !/^[1-9]\d{0,3}$/.test(askedVersion)) {
      return problem(c, 400, '版本号有误', 'version 应为正整数，如 ?version=1；不写则返回最新版本');
    }
    const versions = await versionsOf(c.env.DB, month);
    if (versions.length === 0) {
      return problem(c, 404, '该月通报尚未发布', `${month} 的月度通报尚未发布。已发布的月份见 /api/bulletins`);
    }
    const latest = versions[versions.length - 1];
    const chosen = askedVersion === undefined ? latest : versions.find((v) => v.version === Number(askedVersion));
    if (!chosen) {
      return problem(c, 404, '没有这个版本', `${month} 的通报共有 ${versions.length} 个版本（1—${latest.version}）`);
    }
    const cacheControl = askedVersion === undefined ? LATEST : FROZEN;
    const etag = `"${month}.v${chosen.version}.${csv ? 'csv' : 'json'}"`;
    const unchanged = notModified(c, etag, cacheControl);
    if (unchanged) return unchanged;
    const headers = { ETag: etag, 'Cache-Control': cacheControl, 'Access-Control-Allow-Origin': '*' };
    if (csv) {
      return c.body(bulletinCsv(chosen, departmentName), 200, {
        ...headers,
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `inline; filename="bulletin-${month}-v${chosen.version}.csv"`,
      });
    }
    const body: BulletinResponse = {
      ...chosen,
      latestVersion: latest.version,
      versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, note: v.note })),
      definitions,
    };
    return c.json(body, 200, headers);
  });
