/**
 * 目标管理 (issue 14, seeds 000 and 004): each department's yearly targets (年度目标责任书, 分解到科室和岗位),
 * the leading group's quarterly review (季度考评) and its circulation (通报).
 *
 * A year's targets belong to a department; a target with a `staffId` is a person's own (岗位目标),
 * internal only. Every quarter a review round is drafted (the efficiency office records a status and
 * a short note per target), approved by the leading group, then published: the department results
 * are frozen as a snapshot (like the monthly bulletins) and a later change is a correction, a new
 * version with a note. Individual targets never enter a snapshot.
 *
 * Quarters are counted in Asia/Shanghai: 2026-12-31T23:30+08:00 is still Q4 of 2026.
 */
import { z } from 'zod';
import { labels } from './common.ts';
import { endOfShanghaiDay, shanghaiDate } from './workdays.ts';

/** A review's finding per target (季度检查). */
export const targetStatuses = labels({
  done: '完成',
  mostly: '基本完成',
  'in-progress': '进行中',
  'not-done': '未完成',
});
export type TargetStatus = (typeof targetStatuses.codes)[number];

/** A quarter's review round: drafted by the efficiency office, approved by the leading group, published (通报). */
export const roundStates = labels({
  draft: '检查中（草稿）',
  approved: '领导小组已审定，待通报',
  published: '已通报',
});
export type RoundState = (typeof roundStates.codes)[number];

export type Quarter = 1 | 2 | 3 | 4;
export interface Period {
  year: number;
  quarter: Quarter;
}

/** `2026-q4`: the URL form of a quarter. */
export const PERIOD_PATTERN = /^(20\d\d)-q([1-4])$/;

export function periodId(p: Period): string {
  return `${p.year}-q${p.quarter}`;
}

export function parsePeriod(text: string): Period | undefined {
  const m = PERIOD_PATTERN.exec(text);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) as Quarter } : undefined;
}

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

/** 2026年第四季度 */
export function periodLabel(p: Period): string {
  return `${p.year}年第${QUARTER_NAMES[p.quarter - 1]}季度`;
}

/** The quarter containing `instant` (Asia/Shanghai). */
export function quarterOf(instant: number): Period {
  const [y, m] = shanghaiDate(instant).split('-').map(Number);
  return { year: y, quarter: (Math.floor((m - 1) / 3) + 1) as Quarter };
}

/** First and last day (YYYY-MM-DD) of a quarter. */
export function quarterDays(p: Period): { first: string; last: string } {
  const firstMonth = (p.quarter - 1) * 3 + 1;
  const last = new Date(Date.UTC(p.year, firstMonth + 2, 0)).toISOString().slice(0, 10);
  return { first: `${p.year}-${String(firstMonth).padStart(2, '0')}-01`, last };
}

/** Unix ms of the quarter's last instant (Asia/Shanghai). */
export function quarterEnd(p: Period): number {
  return endOfShanghaiDay(quarterDays(p).last);
}

export function quarterEnded(p: Period, now: number): boolean {
  return quarterEnd(p) < now;
}

export function previousQuarter(p: Period): Period {
  return p.quarter === 1 ? { year: p.year - 1, quarter: 4 } : { year: p.year, quarter: (p.quarter - 1) as Quarter };
}

/** The `n` last quarters that have ended by `now`, newest first (in Q1 they are last year's). */
export function lastCompletedQuarters(now: number, n: number): Period[] {
  const out: Period[] = [];
  let p = previousQuarter(quarterOf(now));
  for (let i = 0; i < n; i++, p = previousQuarter(p)) out.push(p);
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (what: string, min: number, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(min, `${what}至少写 ${min} 个字`)
    .max(max, `${what}最多 ${max} 个字，请精简`);

/** The fields of the target form, in order (error lists follow it). */
export const targetFieldOrder = ['year', 'department', 'staffId', 'title', 'measure', 'points', 'source', 'due'] as const;

/** A yearly target (the department and person are checked against the catalogue by the service). */
export const targetInput = z
  .object({
    year: z.coerce.number({ error: '年度请写四位数字，例如 2026' }).int('年度请写四位数字，例如 2026').min(2020, '年度请写 2020 年以后的四位年份').max(2099, '年度请写四位数字，例如 2026'),
    department: z.string({ error: '请选择责任处室' }).trim().min(1, '请选择责任处室'),
    staffId: z.string().trim().max(60).optional(),
    title: text('目标名称', 2, 80),
    measure: text('考核指标（怎样算完成）', 4, 200),
    points: z.coerce.number({ error: '分值请写 1—100 的整数' }).int('分值请写 1—100 的整数').min(1, '分值请写 1—100 的整数').max(100, '分值请写 1—100 的整数'),
    source: text('目标来源（对应的全局工作目标）', 2, 120),
    due: z.string({ error: '请填写完成期限，格式 YYYY-MM-DD' }).regex(DATE, '完成期限的格式是 YYYY-MM-DD，例如 2026-12-31'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.due.startsWith(`${v.year}-`) || Number.isNaN(Date.parse(`${v.due}T00:00:00+08:00`))) {
      ctx.addIssue({ code: 'custom', path: ['due'], message: `完成期限应是 ${v.year} 年内的一个日期，例如 ${v.year}-12-31` });
    }
  });
export type TargetInput = z.infer<typeof targetInput>;

export const checkFieldOrder = ['target', 'status', 'score', 'note', 'correction'] as const;

/** One quarterly check of one target: a status, an optional score (0..the target's points) and a short note. */
export const checkInput = z
  .object({
    target: z.coerce.number({ error: '请选择要检查的目标' }).int('请选择要检查的目标').positive('请选择要检查的目标'),
    status: z.enum(targetStatuses.codes, { error: '请选择完成情况：完成、基本完成、进行中或未完成' }),
    score: z.coerce.number({ error: '得分请写 0 到该目标分值之间的整数' }).int('得分请写整数').min(0, '得分不能是负数').optional(),
    note: text('检查说明', 2, 200),
  })
  .strict();
export type CheckInput = z.infer<typeof checkInput>;

/** A correction of a published quarter: the changed check and the correction note shown to the public. */
export const correctionInput = checkInput.extend({ correction: text('更正说明（改了什么、为什么）', 5, 300) }).strict();
export type CorrectionInput = z.infer<typeof correctionInput>;

/**
 * Text that is published (department targets and their check notes) must not name a person or
 * carry contact details: only departments are published. Returns the problem, or undefined.
 */
export function publicTextProblem(value: string, staffNames: readonly string[]): string | undefined {
  if (/\d{7,}|\d{3,4}-\d{7,8}|@/.test(value.replace(/\s/g, ''))) return '这段文字会公开发布，不能写电话号码、证件号或邮箱';
  const name = staffNames.find((n) => n.length >= 2 && value.includes(n));
  if (name) return `这段文字会公开发布，只能写处室，不能写工作人员姓名（“${name}”）`;
  return undefined;
}

// ---- the published quarter (frozen snapshot, the API's JSON) -----------------------------------

const count = z.number().int().nonnegative();

export const statusCounts = z.object({
  done: count.describe('完成'),
  mostly: count.describe('基本完成'),
  inProgress: count.describe('进行中'),
  notDone: count.describe('未完成'),
  total: count.describe('目标数'),
});
export type StatusCounts = z.infer<typeof statusCounts>;

export const publishedTarget = z.object({
  title: z.string(),
  measure: z.string().describe('考核指标'),
  points: z.number().int().describe('分值'),
  source: z.string().describe('目标来源'),
  due: z.string().describe('完成期限 YYYY-MM-DD'),
  status: z.enum(targetStatuses.codes).nullable().describe('done 完成、mostly 基本完成、in-progress 进行中、not-done 未完成；null 未检查'),
  score: z.number().int().nullable().describe('得分；未评分为 null'),
  note: z.string().nullable().describe('检查说明'),
});

export const departmentResult = z.object({
  department: z.string().describe('处室编号（见 /departments/）'),
  name: z.string().describe('处室名称'),
  counts: statusCounts,
  points: count.describe('目标分值合计'),
  score: count.nullable().describe('得分合计；没有评分时为 null'),
  targets: z.array(publishedTarget),
});
export type DepartmentResult = z.infer<typeof departmentResult>;

/** The stored snapshot: departments only, never a person. */
export const targetResultData = z.object({
  period: z.string().regex(PERIOD_PATTERN),
  year: z.number().int(),
  quarter: z.number().int().min(1).max(4),
  departments: z.array(departmentResult),
  overall: statusCounts,
});
export type TargetResultData = z.infer<typeof targetResultData>;

export const targetVersionInfo = z.object({ version: z.number().int().positive(), publishedAt: z.string().describe('发布时间（ISO 8601）'), note: z.string().nullable().describe('更正说明；第 1 版为 null') });

export const targetResultResponse = z.object({
  period: z.string().describe('季度，如 2026-q3'),
  label: z.string().describe('如 2026年第三季度'),
  version: z.number().int().positive(),
  publishedAt: z.string(),
  note: z.string().nullable(),
  latestVersion: z.number().int().positive(),
  versions: z.array(targetVersionInfo),
  data: targetResultData,
});
export type TargetResultResponse = z.infer<typeof targetResultResponse>;

export const targetResultList = z.object({
  quarters: z.array(z.object({ period: z.string(), label: z.string(), latestVersion: z.number().int().positive(), publishedAt: z.string(), overall: statusCounts, json: z.string(), page: z.string() })),
});
export type TargetResultList = z.infer<typeof targetResultList>;

export interface TargetForResult {
  department: string;
  staffId: string | null;
  title: string;
  measure: string;
  points: number;
  source: string;
  due: string;
  status: TargetStatus | null;
  score: number | null;
  note: string | null;
}

export function countStatuses(statuses: readonly (TargetStatus | null)[]): StatusCounts {
  const n = (s: TargetStatus) => statuses.filter((x) => x === s).length;
  return { done: n('done'), mostly: n('mostly'), inProgress: n('in-progress'), notDone: n('not-done'), total: statuses.length };
}

/**
 * The department results of a quarter, from the targets and their checks: one entry per department
 * in catalogue order (departments without targets left out), individual targets dropped here, the
 * only place a snapshot is made.
 */
export function buildResult(p: Period, targets: readonly TargetForResult[], departments: readonly { id: string; name: string }[]): TargetResultData {
  const own = targets.filter((t) => t.staffId === null);
  const out: DepartmentResult[] = [];
  for (const d of departments) {
    const mine = own.filter((t) => t.department === d.id);
    if (mine.length === 0) continue;
    const scored = mine.filter((t) => t.score !== null);
    out.push({
      department: d.id,
      name: d.name,
      counts: countStatuses(mine.map((t) => t.status)),
      points: mine.reduce((s, t) => s + t.points, 0),
      score: scored.length ? scored.reduce((s, t) => s + (t.score ?? 0), 0) : null,
      targets: mine.map((t) => ({ title: t.title, measure: t.measure, points: t.points, source: t.source, due: t.due, status: t.status, score: t.score, note: t.note })),
    });
  }
  return { period: periodId(p), year: p.year, quarter: p.quarter, departments: out, overall: countStatuses(out.flatMap((d) => d.targets.map((t) => t.status))) };
}
