/**
 * The published shape of a monthly bulletin, as zod: the API's JSON, the stored row's `data`, and
 * the static site's content/bulletins/YYYY-MM.json all pass through these schemas, so the three
 * cannot drift apart. Every field is anonymous and already suppressed (see suppression.ts).
 */
import { z } from 'zod';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const month = z.string().regex(MONTH_PATTERN, '月份写成 YYYY-MM，如 2026-10');

const count = z.number().int().nonnegative();

export const rate = z.object({
  percent: z.number().min(0).max(100).nullable().describe('百分比（保留一位小数）；样本不足 10 件时为 null，显示为“—”'),
  n: count.describe('样本数（分母）'),
});

export const stat = z.object({
  value: z.number().nullable().describe('工作日数；样本不足 10 件时为 null'),
  n: count.describe('样本数'),
});

export const publishedCount = z.object({
  value: count.nullable().describe('数值；被隐去时为 null'),
  mark: z.enum(['exact', 'small', 'complement', 'withheld']).describe('exact 公布；small 显示“<5”；complement 显示“×”（≥5）；withheld 整表不公布'),
});

export const publishedTable = z.object({
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(publishedCount)),
  rowTotals: z.array(count).describe('每行合计，如实公布'),
  colTotals: z.array(publishedCount),
  total: count,
  withheld: z.boolean(),
});

export const departmentRow = z.object({
  department: z.string().describe('处室编号（见 /departments/）'),
  received: count,
  accepted: count,
  declined: count,
  transferred: count,
  concluded: count,
  onTime: rate,
});

/** One department's or service's 绩效评估 row (issue 12): its own counts exact, rates from 10 applications up. */
export const performanceRow = z.object({
  key: z.string().describe('处室编号（见 /departments/）或事项编号（见 /services/）'),
  received: count.describe('本月收件'),
  concluded: count.describe('本月办结'),
  overdueOpen: count.describe('月末仍未办结且已超过承诺时限（按超时计入按时办结率的分母）'),
  onTime: rate.describe('按时办结率；分母 = 办结 + 超期未办结'),
  averageDays: stat.describe('平均用时（工作日，受理到办结）'),
  committedDays: stat.describe('同一批办件的承诺时限平均数（工作日）'),
});

/** 绩效评估 of service applications (issue 12): absent from bulletins published before it. */
export const performanceSection = z.object({
  departments: z.array(performanceRow),
  services: z.array(performanceRow),
  cardsByDepartment: publishedTable.describe('处室 × 黄牌/红牌（yellow/red），按小数隐去规则'),
  cardsByService: publishedTable.describe('事项 × 黄牌/红牌（yellow/red），按小数隐去规则'),
  ratingsByDepartment: publishedTable.describe('处室 × 好差评五级，按小数隐去规则'),
  ratingsByService: publishedTable.describe('事项 × 好差评五级，按小数隐去规则'),
});

/** 首问登记 monthly figures (issue 13): absent from bulletins published before it. */
export const inquirySection = z.object({
  received: count.describe('本月登记的首问询问件数'),
  byChannelAndOutcome: publishedTable.describe('渠道 × 办理方式，按小数隐去规则'),
  answeredOnTheSpot: rate,
  closedOnTime: rate,
});

export const bulletinData = z.object({
  month,
  overall: z.object({
    received: count,
    accepted: count,
    declined: count,
    transferred: count,
    concluded: count,
    extensions: count,
    onTime: rate,
    medianDays: stat,
    p90Days: stat,
    badRatingsReviewed: rate,
    appointmentsRequested: count,
    appointmentsContactedInTime: rate,
    receptionBookings: count,
    /** Earlier findings changed on review this month (issue 10); absent from versions published before it. */
    findingsChangedOnReview: count.optional(),
  }),
  departments: z.array(departmentRow),
  receivedByCategory: publishedTable,
  findings: publishedTable,
  sanctions: publishedTable,
  satisfaction: publishedTable,
  performance: performanceSection.optional(),
  inquiries: inquirySection.optional(),
});

/** One published version of a month's bulletin. */
export const bulletinVersion = z.object({
  month,
  version: z.number().int().positive().describe('版本号：1 为首次发布，更正后递增'),
  publishedAt: z.string().describe('发布时间（ISO 8601）'),
  note: z.string().nullable().describe('更正说明：改了什么、为什么改；首次发布为 null'),
  data: bulletinData,
});

/** GET /api/bulletins/YYYY-MM: the version asked for (latest by default) and the list of all versions. */
export const bulletinResponse = bulletinVersion.extend({
  latestVersion: z.number().int().positive(),
  versions: z.array(z.object({ version: z.number().int().positive(), publishedAt: z.string(), note: z.string().nullable() })),
  definitions: z.record(z.string(), z.string()).describe('每项指标的一句话定义'),
});

/** GET /api/bulletins */
export const bulletinList = z.object({
  bulletins: z.array(
    z.object({
      month,
      latestVersion: z.number().int().positive(),
      publishedAt: z.string().describe('最新版本的发布时间'),
      received: count,
      concluded: count,
      json: z.string(),
      csv: z.string(),
    }),
  ),
});

/** content/bulletins/YYYY-MM.json: every version of a month, oldest first, as exported for the static site. */
export const bulletinExport = z
  .object({
    month,
    versions: z.array(bulletinVersion.omit({ month: true })).min(1),
  })
  .superRefine((doc, ctx) => {
    doc.versions.forEach((v, i) => {
      if (v.version !== i + 1) ctx.addIssue({ code: 'custom', path: ['versions', i, 'version'], message: `版本号应为 ${i + 1}：版本从 1 起连续编号` });
      if (v.data.month !== doc.month) ctx.addIssue({ code: 'custom', path: ['versions', i, 'data', 'month'], message: `应为 ${doc.month}` });
      if (i > 0 && !v.note?.trim()) ctx.addIssue({ code: 'custom', path: ['versions', i, 'note'], message: '更正版本必须写明改了什么、为什么改' });
    });
  });

export type BulletinVersion = z.output<typeof bulletinVersion>;
export type BulletinExport = z.output<typeof bulletinExport>;
export type BulletinResponse = z.output<typeof bulletinResponse>;
export type BulletinList = z.output<typeof bulletinList>;
