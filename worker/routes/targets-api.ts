/**
 * Open data of the quarterly target results (目标管理, issue 14), departments only:
 *   GET /api/targets                     every published quarter (latest version of each)
 *   GET /api/targets/{period}[?version=N]  one quarter, e.g. 2026-q3 (latest version unless asked)
 * Versions are frozen: `?version=N` is cached for a year, the latest for five minutes (a correction
 * may supersede it). Declared once with @hono/zod-openapi, so both are in /api/openapi.json.
 */
import { z } from '@hono/zod-openapi';
import { parsePeriod, periodLabel, targetResultList, targetResultResponse, type TargetResultList, type TargetResultResponse } from '../../schema/targets.ts';
import { apiRouter, fail, jsonResponse, problemJson, readRoute } from '../lib/openapi.ts';
import { publishedQuarters, resultVersions } from '../services/targets.ts';

const LATEST = 'public, max-age=300';
const FROZEN = 'public, max-age=31536000, immutable';
const tags = ['目标管理'];
const iso = (ms: number) => new Date(ms).toISOString();

export const targetListRoute = readRoute(
  { path: '/', tags, summary: '已通报的季度目标考核结果', description: '每个已通报季度的最新版本和全局完成情况（个数），按季度从新到旧。只含处室，不含个人。' },
  jsonResponse(targetResultList, '季度列表', 'targetResultList'),
);

export const targetQuarterRoute = readRoute(
  {
    path: '/{period}',
    tags,
    summary: '某季度各处室目标考核结果（JSON）',
    description: '效能建设领导小组审定并通报的处室目标检查结果：每个处室的目标、考核指标、分值、完成情况（done 完成、mostly 基本完成、in-progress 进行中、not-done 未完成）、得分和检查说明，以及按处室的个数汇总。已通报的版本不再改变；更正为新版本，note 写明更正内容。',
    request: {
      params: z.object({ period: z.string().openapi({ param: { name: 'period', in: 'path' }, description: '季度，年份-q季度（北京时间）', pattern: '^20\\d\\d-q[1-4]$', example: '2026-q3' }) }),
      query: z.object({
        version: z.string().optional().openapi({ param: { name: 'version', in: 'query' }, type: 'integer', minimum: 1, description: '版本号；不写返回最新版本', example: 1 }),
      }),
    },
  },
  jsonResponse(targetResultResponse, '该季度结果', 'targetResult'),
  { 400: problemJson('version 不是正整数', 'bulletinBadVersion'), 404: problemJson('该季度尚未通报，或没有这个版本', 'targetNotPublished') },
);

export const targetsApi = apiRouter()
  .openapi(targetListRoute, async (c) => {
    const quarters = await publishedQuarters(c.env);
    const body: TargetResultList = {
      quarters: quarters.map((q) => ({ period: q.period, label: periodLabel(q.data as never), latestVersion: q.version, publishedAt: iso(q.publishedAt), overall: q.data.overall, json: `/api/targets/${q.period}`, page: `/targets/${q.period}/` })),
    };
    return c.json(body, 200, { 'Cache-Control': LATEST, 'Access-Control-Allow-Origin': '*' });
  })
  .openapi(targetQuarterRoute, async (c) => {
    const raw = c.req.param('period');
    const p = parsePeriod(raw);
    if (!p) fail(404, '没有这个季度', '地址应为 /api/targets/年份-q季度，如 /api/targets/2026-q3');
    const asked = c.req.query('version');
    if (asked !== undefined && !/^[1-9]\d{0,3}$/.test(asked)) fail(400, '版本号有误', 'version 应为正整数，如 ?version=1；不写则返回最新版本');
    const versions = await resultVersions(c.env, p);
    if (!versions.length) fail(404, '该季度结果尚未通报', `${raw} 的目标考核结果尚未通报。已通报的季度见 /api/targets`);
    const latest = versions[versions.length - 1];
    const chosen = asked === undefined ? latest : versions.find((v) => v.version === Number(asked));
    if (!chosen) fail(404, '没有这个版本', `${raw} 的结果共有 ${versions.length} 个版本（1—${latest.version}）`);
    const body: TargetResultResponse = {
      period: chosen.period,
      label: periodLabel(p),
      version: chosen.version,
      publishedAt: iso(chosen.publishedAt),
      note: chosen.note,
      latestVersion: latest.version,
      versions: versions.map((v) => ({ version: v.version, publishedAt: iso(v.publishedAt), note: v.note })),
      data: chosen.data,
    };
    return c.json(body, 200, { 'Cache-Control': asked === undefined ? LATEST : FROZEN, ETag: `"${chosen.period}.v${chosen.version}"`, 'Access-Control-Allow-Origin': '*' });
  });
