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
