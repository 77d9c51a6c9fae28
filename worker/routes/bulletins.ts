/**
 * Open data of the monthly bulletins, at stable URLs:
 *   GET /api/bulletins                      every published month (latest version of each)
 *   GET /api/bulletins/YYYY-MM[?version=N]  one month as JSON (latest version unless asked)
 *   GET /api/bulletins/YYYY-MM.csv[?version=N]  the same numbers as CSV, UTF-8 with BOM
 * A given version never changes (the table is frozen), so `?version=N` is cached for a year; the
 * latest can be superseded by a correction, so it is cached for five minutes. ETags name the
 * version, and If-None-Match gets a 304. Each route is declared once; the OpenAPI document is
 * generated from the declarations.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bulletinCsv } from '../../schema/bulletin/csv.ts';
import { bulletinList, bulletinResponse, MONTH_PATTERN, type BulletinList, type BulletinResponse } from '../../schema/bulletin/document.ts';
import { inquiryDefinitions } from '../../schema/bulletin/inquiries.ts';
import { definitions as caseDefinitions } from '../../schema/bulletin/measures.ts';
import { performanceDefinitions } from '../../schema/bulletin/performance.ts';
import { catalogue, departmentName } from '../lib/catalogue.ts';

/** Every measure's definition, the 绩效评估 and 首问登记 ones under their section's name. */
const definitions: Record<string, string> = {
  ...caseDefinitions,
  ...Object.fromEntries(Object.entries(performanceDefinitions).map(([k, v]) => [`performance.${k}`, v])),
  ...Object.fromEntries(Object.entries(inquiryDefinitions).map(([k, v]) => [`inquiries.${k}`, v])),
};
const serviceName = (id: string) => catalogue.services.find((s) => s.id === id)?.name ?? id;
/** Bumped when the CSV's rows change for the same version (the 绩效评估 and 首问登记 sections were added), so a cached copy is not reused. */
const CSV_FORMAT = 2;
import { apiRouter, fail, jsonResponse, problemJson } from '../lib/openapi.ts';
import { listPublished, versionsOf } from '../services/bulletins.ts';

const LATEST = 'public, max-age=300';
const FROZEN = 'public, max-age=31536000, immutable';

function notModified<C extends Context>(c: C, etag: string, cacheControl: string) {
  const asked = c.req.header('If-None-Match');
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    // Declared as each route's 304 (no body), which the route's typed answers do not model.
    return c.body(null, 304, { ETag: etag, 'Cache-Control': cacheControl }) as never;
  }
  return undefined;
}

const tags = ['月度通报'];
const caching =
  '缓存：最新版本 Cache-Control: public, max-age=300（可能被更正版本取代）；指定 ?version=N 时为 max-age=31536000, immutable（已发布的版本不会再变）。响应带 ETag，可用 If-None-Match 得到 304。';

/** If-None-Match: the ETag of the copy the client has; the same version answers 304 without a body. */
const conditional = z.object({
  'If-None-Match': z.string().optional().openapi({ description: '上次响应的 ETag；版本未变时返回 304，不带正文', example: '"2026-10.v2.json"' }),
});
const cacheHeaders = {
  ETag: { description: '版本标识，如 "2026-10.v2.json"；用于 If-None-Match', schema: { type: 'string' as const } },
  'Cache-Control': { description: '最新版本 public, max-age=300；指定版本 public, max-age=31536000, immutable', schema: { type: 'string' as const } },
};
/** 304 has no body; `content: {}` says so explicitly. */
const notModifiedResponse = { 304: { description: '未变化（If-None-Match 与当前 ETag 相同），不带正文', headers: cacheHeaders, content: {} } };
// The path and query are checked by the handler (its 404 and 400 name the right form), so the
// declared schemas document them without rejecting anything first.
const monthRequest = {
  params: z.object({
    month: z.string().openapi({ param: { name: 'month', in: 'path' }, description: '通报月份，YYYY-MM（北京时间）', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }),
  }),
  query: z.object({
    version: z
      .string()
      .optional()
      .openapi({ param: { name: 'version', in: 'query' }, type: 'integer', minimum: 1, description: '版本号；不写返回最新版本。旧版本永久可读，更正时的说明见 versions', example: 1 }),
  }),
  headers: conditional,
};
const monthErrors = {
  400: problemJson('version 不是正整数', 'bulletinBadVersion'),
  404: problemJson('该月尚未发布，或没有这个版本', 'bulletinNotPublished'),
};

export const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: '已发布的月度通报',
  description: `每个已发布月份的最新版本、收到和办结件数，以及 JSON、CSV 的地址，按月份从新到旧。${caching}`,
  request: { headers: conditional },
  responses: { 200: jsonResponse(bulletinList, '通报列表', 'bulletinList', cacheHeaders), ...notModifiedResponse },
});

export const monthRoute = createRoute({
  method: 'get',
  path: '/{month}',
  tags,
  summary: '某月的月度通报（JSON）',
  description: `匿名化统计：收到、受理、不予受理、转办、办结，按期办结率，办结用时，延期，办理结论，责任追究，满意度，办事预约。1—4 的数字显示为“<5”（mark = small），为防反推隐去的数字 mark = complement；比率和中位数在样本不足 10 件时为 null。definitions 是每项指标的一句话定义。${caching}`,
  request: monthRequest,
  responses: { 200: jsonResponse(bulletinResponse, '该月通报', 'bulletin', cacheHeaders), ...notModifiedResponse, ...monthErrors },
});

/** The CSV form is served by monthRoute's handler (one Hono route, `/:month`, ends in .csv or not); declared here for the document. */
export const monthCsvRoute = createRoute({
  method: 'get',
  path: '/{month}.csv',
  tags,
  summary: '某月的月度通报（CSV）',
  description: `与 JSON 相同的数字，每行一个：月份, 版本, 部分, 行, 列, 数值, 样本数, 显示。UTF-8 带 BOM，表格软件可直接打开中文；隐去的数字“数值”为空，“显示”为 <5、× 或 —。${caching}`,
  request: monthRequest,
  responses: {
    200: { description: 'CSV 文件', headers: cacheHeaders, content: { 'text/csv': {} } },
    ...notModifiedResponse,
    ...monthErrors,
  },
});

export const bulletinsApi = apiRouter()
  .openapi(listRoute, async (c) => {
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
  .openapi(monthRoute, async (c) => {
    const raw = c.req.param('month');
    const csv = raw.endsWith('.csv');
    const month = csv ? raw.slice(0, -4) : raw;
    if (!MONTH_PATTERN.test(month)) {
      fail(404, '没有这个月份的通报', '地址应为 /api/bulletins/YYYY-MM 或 /api/bulletins/YYYY-MM.csv，如 /api/bulletins/2026-10');
    }
    const askedVersion = c.req.query('version');
    if (askedVersion !== undefined && !/^[1-9]\d{0,3}$/.test(askedVersion)) {
      fail(400, '版本号有误', 'version 应为正整数，如 ?version=1；不写则返回最新版本');
    }
    const versions = await versionsOf(c.env.DB, month);
    if (versions.length === 0) {
      fail(404, '该月通报尚未发布', `${month} 的月度通报尚未发布。已发布的月份见 /api/bulletins`);
    }
    const latest = versions[versions.length - 1];
    const chosen = askedVersion === undefined ? latest : versions.find((v) => v.version === Number(askedVersion));
    if (!chosen) {
      fail(404, '没有这个版本', `${month} 的通报共有 ${versions.length} 个版本（1—${latest.version}）`);
    }
    const cacheControl = askedVersion === undefined ? LATEST : FROZEN;
    const etag = `"${month}.v${chosen.version}.${csv ? `csv${CSV_FORMAT}` : 'json'}"`;
    const unchanged = notModified(c, etag, cacheControl);
    if (unchanged) return unchanged;
    const headers = { ETag: etag, 'Cache-Control': cacheControl, 'Access-Control-Allow-Origin': '*' };
    if (csv) {
      // monthCsvRoute's answer: one Hono route serves both forms, so its type is not monthRoute's.
      return c.body(bulletinCsv(chosen, departmentName, serviceName), 200, {
        ...headers,
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `inline; filename="bulletin-${month}-v${chosen.version}.csv"`,
      }) as never;
    }
    const body: BulletinResponse = {
      ...chosen,
      latestVersion: latest.version,
      versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, note: v.note })),
      definitions,
    };
    return c.json(body, 200, headers);
  });
bulletinsApi.openAPIRegistry.registerPath(monthCsvRoute);
