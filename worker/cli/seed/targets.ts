// The demo office's 目标管理 (issue 14), dated relative to the clock's today: this year's targets for
// every department (taken from its published duties), the last two COMPLETED quarters checked,
// approved by the leading group and published (the older one corrected once, with its note), the
// current quarter in draft with part of its checks, and one person's own target (internal only: the
// demo handler's, so demo-handler sees it and no public page does). In Q1 the two completed quarters
// are last year's, so last year gets its targets too.
import { now as clockNow } from '../../../schema/clock.ts';
import type { Catalogue } from '../../../schema/catalogue.ts';
import { buildResult, lastCompletedQuarters, periodId, quarterDays, quarterEnd, quarterOf, type Period, type TargetForResult, type TargetStatus } from '../../../schema/targets.ts';
import { q } from './sql.ts';
import { tableRows } from './table.ts';

export const demoTargetNotes = ['targets: /targets/ (two published quarters, one corrected), console /office/targets/ (current quarter in draft)'];

interface DemoTarget {
  title: string;
  measure: string;
  points: number;
  source: string;
  /** MM-DD within the year. */
  due: string;
}

/** A handful per department, in the office's own words, from each department's published duties. */
const byDepartment = Map.groupBy(
  tableRows(
    ['department', 'title', 'measure', 'points', 'source', 'due'],
    `
    approval-section | 许可事项按承诺时限办结 | 受理的行政许可全部在承诺时限内作出决定，超时件为零 | 40 | 优化营商环境、限时办结制 | 12-31
    approval-section | 窗口一次性告知 | 窗口咨询和补正一次性书面告知全部材料，因未一次性告知被投诉属实的为零 | 30 | 一次性告知制 | 12-31
    approval-section | 办事指南全面更新 | 全部办事指南按现行规定核对更新并在网上公开 | 30 | 政务公开 | 06-30
    construction-market | 资质核查按计划完成 | 建筑业企业资质动态核查覆盖年度计划的全部企业 | 40 | 建筑市场秩序整治 | 11-30
    construction-market | 举报件按时办结 | 建筑市场违法违规举报在 10 个工作日内答复举报人，按期率不低于 95% | 30 | 首问负责制、限时办结制 | 12-31
    construction-market | 竣工验收备案提速 | 竣工验收备案材料齐全的当场办结，平均办理时间比上年缩短 | 30 | 优化营商环境 | 12-31
    efficiency-office | 效能投诉按期办结 | 受理的效能投诉全部在规定期限内办结并答复投诉人 | 40 | 效能投诉办理制度 | 12-31
    efficiency-office | 月度通报按时发布 | 每月前 10 个工作日内发布上月效能投诉月度通报 | 30 | 政务公开、社会监督 | 12-31
    efficiency-office | 效能制度明察暗访 | 每季度对首问负责、AB 岗位、限时办结等制度至少检查一次并通报 | 30 | 机关效能建设年度工作要点 | 12-31
    general-office | 依申请公开按时答复 | 政府信息公开申请全部在法定期限内答复 | 35 | 政务公开 | 12-31
    general-office | 首问登记全覆盖 | 大厅来访和来电全部首问登记，转办件有跟踪记录 | 35 | 首问负责制 | 12-31
    general-office | 督查督办事项按期销号 | 局党组交办事项按期办结销号率不低于 95% | 30 | 年度目标责任考核 | 12-31
    housing-security | 公租房资格审核按时办结 | 公共租赁住房申请在承诺时限内完成资格审核并告知结果 | 40 | 住房保障年度计划 | 12-31
    housing-security | 租赁补贴按月发放 | 住房租赁补贴每月按时足额发放，无延误 | 30 | 住房保障年度计划 | 12-31
    housing-security | 保障对象年度复核 | 在保对象年度复核完成率 100%，复核结果书面告知 | 30 | 住房保障动态管理 | 10-31
    real-estate | 合同网签备案当日办结 | 材料齐全的商品房买卖合同备案当日办结 | 35 | 优化营商环境 | 12-31
    real-estate | 维修资金使用审核提速 | 住宅专项维修资金使用申请在承诺时限内审核完毕 | 35 | 物业管理服务提升 | 12-31
    real-estate | 开发企业日常检查 | 房地产开发企业年度检查覆盖率 100%，问题企业整改到位 | 30 | 房地产市场秩序整治 | 11-30
    urban-construction | 挖掘道路许可按时办结 | 挖掘和临时占用城市道路许可在承诺时限内办结 | 35 | 限时办结制 | 12-31
    urban-construction | 道路修复验收及时 | 道路挖掘后修复工程在完工后 5 个工作日内组织验收 | 35 | 市政设施养护管理 | 12-31
    urban-construction | 建筑垃圾处置核准规范 | 建筑垃圾处置核准全部网上办理并公开结果 | 30 | 城市管理年度目标 | 09-30
    `,
  ).map(({ points, ...t }): DemoTarget & { department: string } => ({ ...t, points: Number(points) })),
  (t) => t.department,
);

/** The demo handler's own post target (internal only). */
const individual = { staffId: 'han-bing', department: 'real-estate', title: '个人：窗口咨询一次性告知', measure: '本人接待的咨询全部一次性告知，全年无属实投诉', points: 20, source: '岗位目标责任书', due: '12-31' };

const STATUS_CYCLE: TargetStatus[] = ['done', 'done', 'mostly', 'in-progress', 'done', 'mostly', 'not-done', 'done'];
const SHARE: Record<TargetStatus, number> = { done: 1, mostly: 0.8, 'in-progress': 0.5, 'not-done': 0.2 };
const NOTES: Record<TargetStatus, string> = {
  done: '按指标完成，台账和抽查结果相符。',
  mostly: '大部分完成，个别事项待收尾，已明确完成时间。',
  'in-progress': '按计划推进中，季度末完成进度约一半。',
  'not-done': '本季度进度滞后，处室已书面说明原因并提出整改措施。',
};

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The SQL of the demo targets, rounds, checks and published quarters. */
export async function demoTargetsSql(deps: { catalogue?: Catalogue } = {}, now = clockNow()): Promise<string[]> {
  const local = './local.ts';
  const catalogue = deps.catalogue ?? ((await import(/* @vite-ignore */ local)) as { localCatalogue(): { catalogue: Catalogue } }).localCatalogue().catalogue;
  const departments = catalogue.departments.map((d) => ({ id: d.id, name: d.name }));
  const sup = "(select id from staff_accounts where username = 'demo-supervisor')";
  const leader = "(select id from staff_accounts where username = 'demo-leader')";
  const current = quarterOf(now);
  const completed = lastCompletedQuarters(now, 2);
  const years = [...new Set([current.year, ...completed.map((p) => p.year)])].sort();
  const out: string[] = [];

  // Targets of every year involved, created at that year's start (or today, if that is later).
  const all = new Map<number, (DemoTarget & { department: string; staffId: string | null })[]>();
  for (const year of years) {
    const list = [...departments.flatMap((d) => (byDepartment.get(d.id) ?? []).map((t) => ({ ...t, staffId: null as string | null }))), { ...individual }];
    all.set(year, list);
    const created = Math.min(Date.parse(`${year}-01-05T09:00:00+08:00`), now - DAY);
    for (const t of list) {
      out.push(
        `insert into targets (year, department, staff_id, title, measure, points, source, due, created_by, created_at, updated_at) values (${year}, ${q(t.department)}, ${q(t.staffId)}, ${q(t.title)}, ${q(t.measure)}, ${t.points}, ${q(t.source)}, ${q(`${year}-${t.due}`)}, ${sup}, ${created}, ${created});`,
      );
    }
  }
  const targetId = (year: number, t: { department: string; title: string }) => `(select id from targets where year = ${year} and department = ${q(t.department)} and title = ${q(t.title)})`;
  const roundId = (p: Period) => `(select id from target_rounds where year = ${p.year} and quarter = ${p.quarter})`;

  // The two completed quarters: checked in the quarter's last days, approved and published after it ended.
  for (const [k, p] of completed.entries()) {
    const end = quarterEnd(p);
    const room = Math.min(10 * DAY, now - end - MINUTE);
    const at = (share: number) => Math.round(end + room * share);
    const list = all.get(p.year)!;
    const checks = list.map((t, i) => {
      const status = STATUS_CYCLE[(i + p.quarter * 3) % STATUS_CYCLE.length];
      return { t, status, score: Math.round(t.points * SHARE[status]), note: NOTES[status] };
    });
    const checkedAt = end - 3 * DAY;
    out.push(
      `insert into target_rounds (year, quarter, state, version, drafted_by, drafted_at, approved_by, approved_at, published_at) values (${p.year}, ${p.quarter}, 'published', 3, ${sup}, ${checkedAt - DAY}, ${leader}, ${at(0.3)}, ${at(0.4)});`,
    );
    const result = (rows: typeof checks) =>
      buildResult(
        p,
        rows.map((c): TargetForResult => ({ department: c.t.department, staffId: c.t.staffId, title: c.t.title, measure: c.t.measure, points: c.t.points, source: c.t.source, due: `${p.year}-${c.t.due}`, status: c.status, score: c.score, note: c.note })),
        departments,
      );
    out.push(`insert into target_results (year, quarter, version, published_at, published_by, note, data) values (${p.year}, ${p.quarter}, 1, ${at(0.4)}, 'seed', null, ${q(JSON.stringify(result(checks)))});`);
    // The older quarter was corrected once: a department's target had been recorded as 进行中 although its report was in on time.
    if (k === 1) {
      const i = checks.findIndex((c) => c.t.staffId === null && c.status === 'in-progress');
      const fixed = { ...checks[i], status: 'mostly' as TargetStatus, score: Math.round(checks[i].t.points * SHARE.mostly), note: '季度末前已报送完成情况，个别事项待收尾。' };
      checks[i] = fixed;
      const dept = departments.find((d) => d.id === fixed.t.department)!.name;
      const note = `更正：${dept}“${fixed.t.title}”的完成情况由“进行中”改为“基本完成”（季度末前已报送完成情况，检查时漏登）。`;
      out.push(`insert into target_results (year, quarter, version, published_at, published_by, note, data) values (${p.year}, ${p.quarter}, 2, ${at(0.7)}, 'seed', ${q(note)}, ${q(JSON.stringify(result(checks)))});`);
    }
    for (const c of checks) {
      out.push(
        `insert into target_checks (round_id, target_id, status, score, note, checked_by, checked_at) values (${roundId(p)}, ${targetId(p.year, c.t)}, ${q(c.status)}, ${c.score}, ${q(c.note)}, ${sup}, ${checkedAt});`,
      );
    }
  }

  // The current quarter: a draft with the first half of its targets checked (the individual one among them).
  const start = Date.parse(`${quarterDays(current).first}T09:00:00+08:00`);
  const drafted = Math.max(start, now - 2 * DAY);
  const list = all.get(current.year)!;
  out.push(`insert into target_rounds (year, quarter, state, version, drafted_by, drafted_at) values (${current.year}, ${current.quarter}, 'draft', 1, ${sup}, ${Math.min(drafted, now - 2 * MINUTE)});`);
  const partial = list.filter((t, i) => i % 2 === 0 || t.staffId !== null);
  for (const [i, t] of partial.entries()) {
    const status = (['in-progress', 'done', 'mostly', 'in-progress'] as TargetStatus[])[i % 4];
    out.push(
      `insert into target_checks (round_id, target_id, status, score, note, checked_by, checked_at) values (${roundId(current)}, ${targetId(current.year, t)}, ${q(status)}, null, ${q(NOTES[status])}, ${sup}, ${now - MINUTE});`,
    );
  }
  return out;
}

export const demoTargetPeriods = (now = clockNow()) => ({ published: lastCompletedQuarters(now, 2).map(periodId), draft: periodId(quarterOf(now)) });
