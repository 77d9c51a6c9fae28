/**
 * The monthly bulletin's measures, computed from anonymous case facts (no names, no contacts, no
 * free text ever enter here). Counts are flows within the month: a case counts as "accepted in
 * M" when its acceptance decision falls in M, and so on. Every measure has a one-line definition
 * in `definitions`, shown on the bulletin page.
 */
import type { PublishedPerformance } from './performance.ts';
import type { InquiryFigures } from './inquiries.ts';
import { categories, findings, sanctions, satisfaction, type Category, type Finding, type Sanction, type Satisfaction } from '../domain.ts';
import { workingDaysBetweenEstimate, type WorkCalendar } from '../workdays.ts';
import { suppress, type PublishedTable } from './suppression.ts';

/** Rates and percentiles are published only when based on at least this many cases. */
export const MIN_N = 10;

/** What the bulletin needs to know of one complaint case. Dates are YYYY-MM-DD in Asia/Shanghai. */
export interface CaseFacts {
  receivedOn: string;
  /** The department responsible (after any transfer). */
  department: string;
  category: Category;
  acceptedOn?: string;
  declinedOn?: string;
  /** Dates of transfers (转办). */
  transfers: string[];
  /** Dates extensions were approved. */
  extensions: string[];
  /** The deadline for conclusion in force (after any extension). */
  dueBy?: string;
  concludedOn?: string;
  finding?: Finding;
  sanctions: Sanction[];
  rating?: { on: string; level: Satisfaction; reviewed: boolean };
  /** Dates on which a review (复核) changed this case's finding (issue 10). */
  findingChangedOn?: string[];
}

/** What the bulletin needs to know of one appointment request. */
export interface AppointmentFacts {
  requestedOn: string;
  department: string;
  /** The date by which the handler had to contact the person. */
  contactDueBy: string;
  contactedOn?: string;
  /** Booked for the director's reception day (局长接待日). */
  receptionDay: boolean;
}

export interface Rate {
  /** Percentage rounded to one decimal, or null when n < MIN_N. */
  percent: number | null;
  n: number;
}

export interface Stat {
  value: number | null;
  n: number;
}

export interface DepartmentRow {
  department: string;
  received: number;
  accepted: number;
  declined: number;
  transferred: number;
  concluded: number;
  onTime: Rate;
}

export interface BulletinData {
  month: string;
  overall: {
    received: number;
    accepted: number;
    declined: number;
    transferred: number;
    concluded: number;
    extensions: number;
    onTime: Rate;
    medianDays: Stat;
    p90Days: Stat;
    badRatingsReviewed: Rate;
    appointmentsRequested: number;
    appointmentsContactedInTime: Rate;
    receptionBookings: number;
    /** Findings of cases concluded in earlier months that a review changed in this month (absent in bulletins published before issue 10). */
    findingsChangedOnReview?: number;
  };
  departments: DepartmentRow[];
  /** department × category, complaints received in the month. */
  receivedByCategory: PublishedTable;
  /** One row (the office) × finding, cases concluded in the month. */
  findings: PublishedTable;
  /** One row (the office) × sanction type, sanctions decided in the month. */
  sanctions: PublishedTable;
  /** One row (the office) × the five 好差评 levels, ratings given in the month. */
  satisfaction: PublishedTable;
  /** 绩效评估 of service applications (issue 12); absent in bulletins published before it. */
  performance?: PublishedPerformance;
  /** 首问登记 figures (issue 13); absent in bulletins published before it. */
  inquiries?: InquiryFigures;
}

export const definitions: Record<string, string> = {
  received: '本月收到的效能投诉件数（按收到日期计）。',
  accepted: '本月作出受理决定的件数。',
  declined: '本月决定不予受理的件数（均已告知理由、依据和应找的部门）。',
  transferred: '本月转办到责任处室的件数。',
  concluded: '本月办结（报结）的件数。',
  extensions: '本月经领导批准延期的件数。',
  onTime: '按期办结率 = 本月按期办结件数 ÷（本月办结件数 + 月末仍未办结且已超期的件数）；超期不办的案件同样计入分母。',
  medianDays: '本月办结案件从收到到办结所用工作日的中位数。',
  p90Days: '本月办结案件中 90% 在此工作日数以内办结。',
  badRatingsReviewed: '本月“不满意”“非常不满意”评价中，已复核的比例。',
  appointmentsRequested: '本月收到的办事预约件数。',
  appointmentsContactedInTime: '本月办事预约中，经办人在联系时限内联系预约人的比例。',
  receptionBookings: '本月局长接待日的预约人次。',
  findingsChangedOnReview: '本月经复核改变了调查结论的件数，仅计以前月份已办结（已通报）的案件；以前各月已发布的通报保持原样，不作改动。',
  suppression: '为保护投诉人和工作人员，1—4 的数字显示为“<5”；为防止由合计反推，部分其他数字以“×”隐去（0 也可能显示为“<5”）；比率和中位数在样本不足 10 件时显示为“—”。',
};

const inMonth = (date: string | undefined, month: string) => date !== undefined && date.startsWith(`${month}-`);

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function rate(numerator: number, n: number): Rate {
  return { percent: n >= MIN_N ? Math.round((numerator / n) * 1000) / 10 : null, n };
}

/** Nearest-rank percentile of a sorted list. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function onTimeRate(cases: readonly CaseFacts[], month: string): Rate {
  const end = lastDay(month);
  const concluded = cases.filter((c) => inMonth(c.concludedOn, month));
  const onTime = concluded.filter((c) => c.dueBy === undefined || c.concludedOn! <= c.dueBy).length;
  const openOverdue = cases.filter(
    (c) =>
      c.receivedOn <= end &&
      !(c.declinedOn && c.declinedOn <= end) &&
      !(c.concludedOn && c.concludedOn <= end) &&
      c.dueBy !== undefined &&
      c.dueBy < end,
  ).length;
  return rate(onTime, concluded.length + openOverdue);
}

function countBy<K extends string>(codes: readonly K[], values: readonly K[]): number[] {
  return codes.map((code) => values.filter((v) => v === code).length);
}

function changedOnReview(cases: readonly CaseFacts[], month: string): { findingsChangedOnReview?: number } {
  const n = cases.reduce(
    (sum, c) => sum + (c.concludedOn !== undefined && c.concludedOn < `${month}-01` ? (c.findingChangedOn ?? []).filter((d) => inMonth(d, month)).length : 0),
    0,
  );
  return n > 0 ? { findingsChangedOnReview: n } : {};
}

export function computeBulletin(
  month: string,
  cases: readonly CaseFacts[],
  appointments: readonly AppointmentFacts[],
  departmentIds: readonly string[],
  calendar: WorkCalendar,
): BulletinData {
  const m = (c: CaseFacts) => ({
    received: inMonth(c.receivedOn, month),
    accepted: inMonth(c.acceptedOn, month),
    declined: inMonth(c.declinedOn, month),
    transferred: c.transfers.some((d) => inMonth(d, month)),
    concluded: inMonth(c.concludedOn, month),
  });
  const tally = (list: readonly CaseFacts[]) => {
    const flags = list.map(m);
    return {
      received: flags.filter((f) => f.received).length,
      accepted: flags.filter((f) => f.accepted).length,
      declined: flags.filter((f) => f.declined).length,
      transferred: flags.filter((f) => f.transferred).length,
      concluded: flags.filter((f) => f.concluded).length,
    };
  };

  const concluded = cases.filter((c) => inMonth(c.concludedOn, month));
  // A month in a year whose holiday notice is not on file yet still gets its bulletin (Mon–Fri count).
  const days = concluded.map((c) => workingDaysBetweenEstimate(calendar, c.receivedOn, c.concludedOn!)).sort((a, b) => a - b);
  const enough = days.length >= MIN_N;
  const ratings = cases.filter((c) => c.rating && inMonth(c.rating.on, month)).map((c) => c.rating!);
  const bad = ratings.filter((r) => r.level === 'dissatisfied' || r.level === 'very-dissatisfied');
  const appts = appointments.filter((a) => inMonth(a.requestedOn, month));
  const ordinary = appts.filter((a) => !a.receptionDay);

  const received = cases.filter((c) => inMonth(c.receivedOn, month));
  const officeRow = (cols: readonly string[], counts: number[]) => suppress({ rows: ['全局'], cols, cells: [counts] });

  return {
    month,
    overall: {
      ...tally(cases),
      extensions: cases.reduce((n, c) => n + c.extensions.filter((d) => inMonth(d, month)).length, 0),
      onTime: onTimeRate(cases, month),
      medianDays: { value: enough ? percentile(days, 50) : null, n: days.length },
      p90Days: { value: enough ? percentile(days, 90) : null, n: days.length },
      badRatingsReviewed: rate(bad.filter((r) => r.reviewed).length, bad.length),
      appointmentsRequested: ordinary.length,
      appointmentsContactedInTime: rate(
        ordinary.filter((a) => a.contactedOn !== undefined && a.contactedOn <= a.contactDueBy).length,
        ordinary.length,
      ),
      receptionBookings: appts.length - ordinary.length,
      // Stated when a review changed an earlier month's finding; a month without any keeps the shape
      // bulletins had before (published versions are frozen, and the page says nothing then).
      ...changedOnReview(cases, month),
    },
    departments: departmentIds.map((department) => {
      const own = cases.filter((c) => c.department === department);
      return { department, ...tally(own), onTime: onTimeRate(own, month) };
    }),
    receivedByCategory: suppress({
      rows: [...departmentIds],
      cols: categories.codes,
      cells: departmentIds.map((d) => countBy(categories.codes, received.filter((c) => c.department === d).map((c) => c.category))),
    }),
    findings: officeRow(findings.codes, countBy(findings.codes, concluded.flatMap((c) => (c.finding ? [c.finding] : [])))),
    sanctions: officeRow(sanctions.codes, countBy(sanctions.codes, concluded.flatMap((c) => c.sanctions))),
    satisfaction: officeRow(satisfaction.codes, countBy(satisfaction.codes, ratings.map((r) => r.level))),
  };
}
