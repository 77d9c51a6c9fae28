/**
 * Monthly performance of service applications (绩效评估, issue 12): one computation for both the
 * console (worker/services/application-performance.ts) and the published monthly bulletin.
 *
 * `performanceTotals` turns anonymous facts (department, service, dates, status; card colours;
 * rating levels) into raw totals per department or per service. The console shows them with its
 * own rate rule; `publishPerformance` gives the bulletin's view: counts a department or service
 * owns (received, concluded) are exact like the bulletin's department rows, rates and averages need
 * MIN_N applications, and the cards and 好差评 tables pass the bulletin's small-cell suppression
 * (suppression.ts) so no applicant or staff member can be singled out. No name, no post holder.
 */
import { finalStatuses, type ApplicationStatus } from '../application.ts';
import { satisfaction, type Satisfaction } from '../domain.ts';
import { addCalendarDays, workingDaysBetween, type WorkCalendar } from '../workdays.ts';
import { MIN_N, type Rate, type Stat } from './measures.ts';
import { suppress, type PublishedTable } from './suppression.ts';

export interface ApplicationFacts {
  department: string;
  service: string;
  status: string;
  /** Asia/Shanghai dates (YYYY-MM-DD), as the applications table stores them. */
  receivedOn: string;
  acceptedOn?: string | null;
  concludedOn?: string | null;
  dueBy?: string | null;
}

export interface CardFacts {
  department: string;
  service: string;
  colour: 'yellow' | 'red';
  /** How many cards (a grouped count); 1 when omitted. */
  n?: number;
}

export interface RatingFacts {
  department: string;
  service: string;
  level: Satisfaction;
  n?: number;
}

/** What the performance computation reads of one month (the query's candidates, cards and ratings of the month). */
export interface PerformanceFacts {
  applications: ApplicationFacts[];
  cards: CardFacts[];
  ratings: RatingFacts[];
}

export interface PerformanceTotals {
  key: string;
  received: number;
  concluded: number;
  onTime: number;
  /** Open at the month's end and past the committed date by then: counted as late. */
  overdueOpen: number;
  /** Sum of working days used (acceptance to conclusion) over the concluded applications. */
  usedDays: number;
  /** Sum of the committed days of the concluded applications' services. */
  committedDays: number;
  yellow: number;
  red: number;
  ratings: Record<Satisfaction, number>;
}

export type PerformanceBy = 'department' | 'service';

/** The first day of the month after `month` (YYYY-MM-DD): facts are in the month when from ≤ date < this. */
export const nextMonthStart = (month: string) => addCalendarDays(`${month}-01`, 40).slice(0, 7) + '-01';

/** Working days between two dates; 0 past the calendar on file (the figure is then a lower bound). */
function daysBetween(calendar: WorkCalendar, from: string, to: string): number {
  try {
    return workingDaysBetween(calendar, from, to);
  } catch {
    return 0;
  }
}

/**
 * Totals per department or service for `month`. `applications` may hold more than the month's
 * (the query's candidates): only what happened in the month counts. `cards` and `ratings` are those
 * raised or given in the month. Sorted by key.
 */
export function performanceTotals(
  month: string,
  facts: { applications: readonly ApplicationFacts[]; cards: readonly CardFacts[]; ratings: readonly RatingFacts[] },
  by: PerformanceBy,
  context: { calendar: WorkCalendar; committedDaysOf: (service: string) => number },
): PerformanceTotals[] {
  const from = `${month}-01`;
  const to = nextMonthStart(month);
  const keyOf = (r: { department: string; service: string }) => (by === 'department' ? r.department : r.service);
  const table = new Map<string, PerformanceTotals>();
  const row = (key: string) => {
    let r = table.get(key);
    if (!r) {
      r = { key, received: 0, concluded: 0, onTime: 0, overdueOpen: 0, usedDays: 0, committedDays: 0, yellow: 0, red: 0, ratings: Object.fromEntries(satisfaction.codes.map((c) => [c, 0])) as Record<Satisfaction, number> };
      table.set(key, r);
    }
    return r;
  };
  for (const a of facts.applications) {
    const received = a.receivedOn >= from && a.receivedOn < to;
    const concludedHere = !!a.concludedOn && a.concludedOn >= from && a.concludedOn < to && finalStatuses.has(a.status as ApplicationStatus) && !!a.acceptedOn;
    const overdueOpen = !a.concludedOn && !!a.dueBy && a.dueBy < to;
    if (!received && !concludedHere && !overdueOpen) continue;
    const r = row(keyOf(a));
    if (received) r.received++;
    if (concludedHere) {
      r.concluded++;
      if (!a.dueBy || a.concludedOn! <= a.dueBy) r.onTime++;
      r.usedDays += daysBetween(context.calendar, a.acceptedOn!, a.concludedOn!);
      r.committedDays += context.committedDaysOf(a.service);
    }
    if (overdueOpen) r.overdueOpen++;
  }
  for (const c of facts.cards) row(keyOf(c))[c.colour === 'red' ? 'red' : 'yellow'] += c.n ?? 1;
  for (const x of facts.ratings) row(keyOf(x)).ratings[x.level] += x.n ?? 1;
  return [...table.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One row of the bulletin's performance table (a department or a service). */
export interface PublishedPerformanceRow {
  key: string;
  received: number;
  concluded: number;
  overdueOpen: number;
  onTime: Rate;
  averageDays: Stat;
  committedDays: Stat;
}

export interface PublishedPerformance {
  departments: PublishedPerformanceRow[];
  services: PublishedPerformanceRow[];
  /** Rows: department ids / service ids; columns: yellow, red (cards raised in the month). */
  cardsByDepartment: PublishedTable;
  cardsByService: PublishedTable;
  /** Rows: department ids / service ids; columns: the five 好差评 levels (ratings given in the month). */
  ratingsByDepartment: PublishedTable;
  ratingsByService: PublishedTable;
}

export const CARD_COLOURS = ['yellow', 'red'] as const;
export const cardColourLabels: Record<string, string> = { yellow: '黄牌', red: '红牌' };

export const performanceDefinitions = {
  received: '本月收件的办件数（按收件日期，北京时间）。',
  concluded: '本月办结（准予、不予许可、撤回）的已受理办件数。',
  onTime: '按时办结率 = 本月在承诺时限内办结的件数 ÷（本月办结件数 + 月末仍未办结且已超过承诺时限的件数）；不足 10 件不公布。',
  averageDays: '本月办结的办件从受理到办结平均用的工作日，与这些办件的承诺时限（工作日）平均数对照；不足 10 件不公布。',
  cards: '本月亮出的黄牌（预警）和红牌（超时、违规）张数；1—4 显示为“<5”，为防反推部分格子以“×”隐去。',
  ratings: '本月收到的办件“好差评”（一事一评，五级）；1—4 显示为“<5”，为防反推部分格子以“×”隐去。',
} as const;

function rate(numerator: number, n: number): Rate {
  return { percent: n >= MIN_N ? Math.round((numerator / n) * 1000) / 10 : null, n };
}

function average(sum: number, n: number): Stat {
  return { value: n >= MIN_N ? Math.round((10 * sum) / n) / 10 : null, n };
}

function publishRows(rows: readonly PerformanceTotals[]): PublishedPerformanceRow[] {
  return rows.map((r) => ({
    key: r.key,
    received: r.received,
    concluded: r.concluded,
    overdueOpen: r.overdueOpen,
    onTime: rate(r.onTime, r.concluded + r.overdueOpen),
    averageDays: average(r.usedDays, r.concluded),
    committedDays: average(r.committedDays, r.concluded),
  }));
}

/**
 * The bulletin's performance section: every department (in `departmentOrder`, so each bulletin lists
 * the same rows) and every service with something in the month.
 */
export function publishPerformance(byDepartment: readonly PerformanceTotals[], byService: readonly PerformanceTotals[], departmentOrder: readonly string[]): PublishedPerformance {
  const empty = (key: string): PerformanceTotals => ({ key, received: 0, concluded: 0, onTime: 0, overdueOpen: 0, usedDays: 0, committedDays: 0, yellow: 0, red: 0, ratings: Object.fromEntries(satisfaction.codes.map((c) => [c, 0])) as Record<Satisfaction, number> });
  const known = new Map(byDepartment.map((r) => [r.key, r]));
  const departments = [...departmentOrder.map((d) => known.get(d) ?? empty(d)), ...byDepartment.filter((r) => !departmentOrder.includes(r.key))];
  const cards = (rows: readonly PerformanceTotals[]) => suppress({ rows: rows.map((r) => r.key), cols: [...CARD_COLOURS], cells: rows.map((r) => [r.yellow, r.red]) });
  const ratings = (rows: readonly PerformanceTotals[]) => suppress({ rows: rows.map((r) => r.key), cols: [...satisfaction.codes], cells: rows.map((r) => satisfaction.codes.map((c) => r.ratings[c])) });
  return {
    departments: publishRows(departments),
    services: publishRows(byService),
    cardsByDepartment: cards(departments),
    cardsByService: cards(byService),
    ratingsByDepartment: ratings(departments),
    ratingsByService: ratings(byService),
  };
}
