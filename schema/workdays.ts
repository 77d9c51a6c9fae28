/**
 * Working days (工作日) on the official calendar: weekends off, public holidays off, make-up
 * working days (调休上班) on. The calendar is content the office updates each year; a date in a
 * year that is not on file is never guessed at: the strict functions throw CalendarGapError, and
 * `deadline` returns a Monday–Friday estimate that is explicitly marked provisional.
 *
 * Periods are counted as Chinese law counts them: the start day is not counted (民法典第二百零一条),
 * so a limit of N working days ends on the N-th working day after the start; 0 means the same day.
 * All dates are calendar dates in Asia/Shanghai (UTC+8, no daylight saving).
 */
import type { CalendarYear } from './content/disclosure.ts';
import { now as clockNow } from './clock.ts';

export interface WorkCalendar {
  years: ReadonlyMap<number, { off: ReadonlySet<string>; on: ReadonlySet<string> }>;
  firstYear: number;
  lastYear: number;
}

export class CalendarGapError extends Error {
  readonly year: number;
  constructor(year: number, calendar: WorkCalendar) {
    super(
      `${year} 年的工作日历尚未录入（已录入 ${calendar.firstYear}—${calendar.lastYear} 年）：` +
        `请在 content/calendar/${year}.yaml 录入国务院办公厅公布的当年放假安排`,
    );
    this.name = 'CalendarGapError';
    this.year = year;
  }
}

export function makeCalendar(years: readonly CalendarYear[]): WorkCalendar {
  if (years.length === 0) throw new Error('工作日历为空：content/calendar/ 下至少要有一年的放假安排');
  const map = new Map<number, { off: Set<string>; on: Set<string> }>();
  for (const y of years) {
    map.set(y.year, { off: new Set(y.holidays.flatMap((h) => h.days)), on: new Set(y.workdays) });
  }
  const sorted = [...map.keys()].sort((a, b) => a - b);
  for (let y = sorted[0]; y <= sorted[sorted.length - 1]; y++) {
    if (!map.has(y)) throw new Error(`工作日历缺少 ${y} 年：已录入的年份必须连续`);
  }
  return { years: map, firstYear: sorted[0], lastYear: sorted[sorted.length - 1] };
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date | number = clockNow()): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar date ends (23:59:59.999 local), for comparisons with timestamps. */
export function endOfShanghaiDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY_MS - 1;
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Whether `date` is a working day. Throws CalendarGapError outside the years on file. */
export function isWorkingDay(calendar: WorkCalendar, date: string): boolean {
  const year = Number(date.slice(0, 4));
  const data = calendar.years.get(year);
  if (!data) throw new CalendarGapError(year, calendar);
  if (data.on.has(date)) return true;
  if (data.off.has(date)) return false;
  const wd = weekday(date);
  return wd !== 0 && wd !== 6;
}

/** The N-th working day after `start` (start not counted). Throws CalendarGapError past the calendar. */
export function addWorkingDays(calendar: WorkCalendar, start: string, days: number): string {
  let date = start;
  let left = days;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(calendar, date)) left--;
  }
  return date;
}

/** Working days in (from, to]: how many working days have passed since `from` by the end of `to`. */
export function workingDaysBetween(calendar: WorkCalendar, from: string, to: string): number {
  return daysCounted(from, to, (date) => isWorkingDay(calendar, date));
}

/** Days in (from, to] for which `counts` holds; the negative count when `to` is before `from`. */
function daysCounted(from: string, to: string, counts: (date: string) => boolean): number {
  // `<`, not `<=`: the same day is 0 by the loop (with `<=` it recursed without end).
  if (to < from) return -daysCounted(to, from, counts);
  let count = 0;
  for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
    if (counts(date)) count++;
  }
  return count;
}

/**
 * Working days in (from, to] like workingDaysBetween, but never throws: days in a year not on file
 * count Monday–Friday. For statistics of what already happened (a bulletin's 办结用时) in a year
 * whose notice is late, where refusing to publish would be worse than a count off by a holiday.
 */
export function workingDaysBetweenEstimate(calendar: WorkCalendar, from: string, to: string): number {
  return daysCounted(from, to, (date) => isWorkingDayEstimate(calendar, date));
}

/** isWorkingDay, or Monday–Friday in a year not on file. */
export function isWorkingDayEstimate(calendar: WorkCalendar, date: string): boolean {
  return calendar.years.has(Number(date.slice(0, 4))) ? isWorkingDay(calendar, date) : weekday(date) % 6 !== 0;
}

export interface Deadline {
  /** YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  /** True when the count ran past the calendar on file and weekends alone were skipped. */
  provisional: boolean;
  /** Why the date is provisional, in zh-CN, for display. */
  note?: string;
}

/**
 * A deadline N working days after `start`. Past the last year on file it does not guess silently:
 * it counts Monday–Friday and says so, and the daily sweep recomputes it once the calendar is updated.
 */
export function deadline(calendar: WorkCalendar, start: string, days: number): Deadline {
  try {
    return { date: addWorkingDays(calendar, start, days), provisional: false };
  } catch (error) {
    if (!(error instanceof CalendarGapError)) throw error;
    let date = start;
    let left = days;
    while (left > 0) {
      date = addCalendarDays(date, 1);
      const year = Number(date.slice(0, 4));
      const working = calendar.years.has(year) ? isWorkingDay(calendar, date) : weekday(date) % 6 !== 0;
      if (working) left--;
    }
    return {
      date,
      provisional: true,
      note: `${error.year} 年放假安排尚未公布或录入，此日期暂按周一至周五推算，录入后自动更正`,
    };
  }
}
