/**
 * The monthly bulletins' part of the OpenAPI document (worker/openapi.ts spreads it in): the
 * operations, and examples that pass the same zod schemas the responses are built from.
 */
import type { z } from 'zod';
import { problem, type Problem } from '../../schema/complaint.ts';
import { bulletinList, bulletinResponse, type BulletinList, type BulletinResponse } from '../../schema/bulletin/document.ts';
import { computeBulletin, definitions, type CaseFacts } from '../../schema/bulletin/measures.ts';
import { calendar, catalogue } from '../lib/catalogue.ts';

/** A small made-up month: twelve cases of one department, enough to show rates and suppressed cells. */
function exampleData() {
  const department = catalogue.departments[0].id;
  const cases: CaseFacts[] = Array.from({ length: 12 }, (_, k) => ({
    receivedOn: '2026-10-12',
    department,
    category: k < 7 ? 'overdue' : 'not-told-at-once',
    acceptedOn: '2026-10-13',
    transfers: [],
    extensions: [],
    dueBy: '2026-10-23',
    concludedOn: `2026-10-${String(14 + k).padStart(2, '0')}`,
    finding: k < 6 ? 'substantiated' : 'unsubstantiated',
    sanctions: k < 2 ? ['oral-admonition'] : [],
  }));
  return computeBulletin('2026-10', cases, [], catalogue.departments.map((d) => d.id), calendar);
}

export function bulletinExamples() {
  const data = exampleData();
  const bulletin: BulletinResponse = {
    month: '2026-10',
    version: 2,
    publishedAt: '2026-11-12T02:30:00.000Z',
    note: '更正：补入一件 10 月收到、延迟登记的来信投诉。',
    data,
    latestVersion: 2,
    versions: [
      { version: 1, publishedAt: '2026-11-09T02:30:00.000Z', note: null },
      { version: 2, publishedAt: '2026-11-12T02:30:00.000Z', note: '更正：补入一件 10 月收到、延迟登记的来信投诉。' },
    ],
    definitions,
  };
  const list: BulletinList = {
    bulletins: [
      { month: '2026-10', latestVersion: 2, publishedAt: '2026-11-12T02:30:00.000Z', received: data.overall.received, concluded: data.overall.concluded, json: '/api/bulletins/2026-10', csv: '/api/bulletins/2026-10.csv' },
    ],
  };
  const notPublished: Problem = { type: 'about:blank', title: '该月通报尚未发布', status: 404, detail: '2026-12 的月度通报尚未发布。已发布的月份见 /api/bulletins' };
  const badVersion: Problem = { type: 'about:blank', title: '版本号有误', status: 400, detail: 'version 应为正整数，如 ?version=1；不写则返回最新版本' };
  return { bulletin, bulletinList: list, bulletinNotPublished: notPublished, bulletinBadVersion: badVersion };
}

const monthParameter = {
  name: 'month',
  in: 'path',
  required: true,
  description: '通报月份，YYYY-MM（北京时间）',
  schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
  example: '2026-10',
};
const versionParameter = {
  name: 'version',
  in: 'query',
  required: false,
  description: '版本号；不写返回最新版本。旧版本永久可读，更正时的说明见 versions',
  schema: { type: 'integer', minimum: 1 },
  example: 1,
};
const caching =
  '缓存：最新版本 Cache-Control: public, max-age=300（可能被更正版本取代）；指定 ?version=N 时为 max-age=31536000, immutable（已发布的版本不会再变）。响应带 ETag，可用 If-None-Match 得到 304。';

interface BulletinOperation {
  method: 'get';
  path: string;
  summary: string;
  description: string;
  tag: string;
  parameters?: Record<string, unknown>[];
  responses: Record<string, { description: string; schema?: z.ZodType; example?: keyof ReturnType<typeof bulletinExamples>; mediaType?: string }>;
}

export const bulletinOperations: BulletinOperation[] = [
  {
    method: 'get',
    path: '/api/bulletins',
    summary: '已发布的月度通报',
    description: `每个已发布月份的最新版本、收到和办结件数，以及 JSON、CSV 的地址，按月份从新到旧。${caching}`,
    tag: '月度通报',
    responses: { '200': { description: '通报列表', schema: bulletinList, example: 'bulletinList' as const } },
  },
  {
    method: 'get',
    path: '/api/bulletins/{month}',
    summary: '某月的月度通报（JSON）',
    description: `匿名化统计：收到、受理、不予受理、转办、办结，按期办结率，办结用时，延期，办理结论，责任追究，满意度，办事预约。1—4 的数字显示为“<5”（mark = small），为防反推隐去的数字 mark = complement；比率和中位数在样本不足 10 件时为 null。definitions 是每项指标的一句话定义。${caching}`,
    tag: '月度通报',
    parameters: [monthParameter, versionParameter],
    responses: {
      '200': { description: '该月通报', schema: bulletinResponse, example: 'bulletin' },
      '400': { description: 'version 不是正整数', schema: problem, example: 'bulletinBadVersion' },
      '404': { description: '该月尚未发布，或没有这个版本', schema: problem, example: 'bulletinNotPublished' },
    },
  },
  {
    method: 'get',
    path: '/api/bulletins/{month}.csv',
    summary: '某月的月度通报（CSV）',
    description: `与 JSON 相同的数字，每行一个：月份, 版本, 部分, 行, 列, 数值, 样本数, 显示。UTF-8 带 BOM，表格软件可直接打开中文；隐去的数字“数值”为空，“显示”为 <5、× 或 —。${caching}`,
    tag: '月度通报',
    parameters: [monthParameter, versionParameter],
    responses: {
      '200': { description: 'CSV 文件', mediaType: 'text/csv' },
      '400': { description: 'version 不是正整数', schema: problem, example: 'bulletinBadVersion' },
      '404': { description: '该月尚未发布，或没有这个版本', schema: problem, example: 'bulletinNotPublished' },
    },
  },
];
