/**
 * The quarterly target results' examples in the OpenAPI document (worker/routes/targets-api.ts
 * names them by key): built with the same buildResult and checked against the same zod schemas.
 */
import type { Problem } from '../../schema/complaint.ts';
import { buildResult, periodLabel, type TargetResultList, type TargetResultResponse } from '../../schema/targets.ts';
import { catalogue } from '../lib/catalogue.ts';

export function targetExamples() {
  const d = catalogue.departments[0];
  const p = { year: 2026, quarter: 3 as const };
  const data = buildResult(
    p,
    [
      { department: d.id, staffId: null, title: '行政许可按承诺时限办结', measure: '全部许可事项在承诺时限内办结，超时件为零', points: 30, source: '优化营商环境', due: '2026-12-31', status: 'done', score: 30, note: '本季度办结的许可均未超过承诺时限。' },
      { department: d.id, staffId: null, title: '办事指南年度更新', measure: '全部办事指南按新规定更新并公开', points: 20, source: '政务公开', due: '2026-09-30', status: 'mostly', score: 16, note: '两项指南的材料清单待补充。' },
    ],
    [{ id: d.id, name: d.name }],
  );
  const note = '更正：办事指南更新一项的完成情况由“进行中”改为“基本完成”（季度末已报送，漏登）。';
  const result: TargetResultResponse = {
    period: '2026-q3',
    label: periodLabel(p),
    version: 2,
    publishedAt: '2026-10-20T02:00:00.000Z',
    note,
    latestVersion: 2,
    versions: [
      { version: 1, publishedAt: '2026-10-12T02:00:00.000Z', note: null },
      { version: 2, publishedAt: '2026-10-20T02:00:00.000Z', note },
    ],
    data,
  };
  const list: TargetResultList = {
    quarters: [{ period: '2026-q3', label: periodLabel(p), latestVersion: 2, publishedAt: '2026-10-20T02:00:00.000Z', overall: data.overall, json: '/api/targets/2026-q3', page: '/targets/2026-q3/' }],
  };
  const notPublished: Problem = { type: 'about:blank', title: '该季度结果尚未通报', status: 404, detail: '2026-q4 的目标考核结果尚未通报。已通报的季度见 /api/targets' };
  return { targetResult: result, targetResultList: list, targetNotPublished: notPublished };
}
