/**
 * The director's reception days (局长接待日, seed 004), computed from the schedule the office
 * maintains in content/supervision.yaml (`reception`) and the official working-day calendar. One
 * pure function for the booking page, the API, the console, the seed, the content check and the
 * tests: give it today's date (from the one clock) and it says which days are published, which of
 * them are provisional, and what the office must update before the list runs out.
 *
 * - The day of a month is the schedule's N-th weekday; when that is not a working day (a public
 *   holiday on file), it moves on by `holidayShiftWeeks` weeks (遇法定节假日顺延一周).
 * - A day in a year whose holiday notice is not on file is still published (the practice is public
 *   and people plan ahead) but marked provisional, with a note that says so: it may move once the
 *   notice is out. A Monday–Friday guess is never presented as certain.
 * - Months past `approvedThrough` are not published; when that cuts into the publishing horizon,
 *   or the calendar does not cover it, `warnings` says so in words the office can act on.
 */
import type { ReceptionSchedule } from './content/disclosure.ts';
import { addCalendarDays, CalendarGapError, isWorkingDay, type WorkCalendar } from './workdays.ts';

export interface ReceptionSlot {
  start: string;
  end: string;
  capacity: number;
}

export interface ReceptionDay {
  /** YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  /** YYYY-MM. */
  month: string;
  /** Staff id of the leader who receives. */
  receiver: string;
  place: string;
  slots: ReceptionSlot[];
  /** True when the year's holiday calendar is not on file: the day may still move. */
  provisional: boolean;
  /** What the public is told about this day (a moved day, another place, a provisional date). */
  notes: string[];
}

export interface ReceptionPlan {
  /** The day the plan was computed for. */
  today: string;
  /** The last month of the publishing horizon (YYYY-MM). */
  horizon: string;
  /** Published days from today on, in date order. */
  days: ReceptionDay[];
  /** Months of the horizon without a reception day, and why (cancelled by an exception). */
  cancelled: { month: string; note: string }[];
  /** What the office must update, in zh-CN; empty when the schedule and calendar cover the horizon. */
  warnings: string[];
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function chineseMonth(month: string): string {
  return `${Number(month.slice(0, 4))} 年 ${Number(month.slice(5, 7))} 月`;
}

function chineseDate(date: string): string {
  return `${Number(date.slice(0, 4))} 年 ${Number(date.slice(5, 7))} 月 ${Number(date.slice(8, 10))} 日`;
}

/** The rule's day of a month (before holidays): the `week`-th `weekday`. */
export function ruleDate(schedule: Pick<ReceptionSchedule, 'weekday' | 'week'>, month: string): string {
  const first = `${month}-01`;
  const offset = (schedule.weekday - weekdayOf(first) + 7) % 7;
  return addCalendarDays(first, offset + (schedule.week - 1) * 7);
}

/** Whether a date is a working day, or undefined when its year is not on file. */
function working(calendar: WorkCalendar, date: string): boolean | undefined {
  try {
    return isWorkingDay(calendar, date);
  } catch (error) {
    if (error instanceof CalendarGapError) return undefined;
    throw error;
  }
}

/** The reception day of one month, whatever the horizon; undefined when an exception cancels it. */
export function receptionDayOfMonth(schedule: ReceptionSchedule, calendar: WorkCalendar, month: string): ReceptionDay | undefined {
  const exception = schedule.exceptions.find((e) => e.month === month);
  if (exception?.cancelled) return undefined;
  const notes: string[] = [];
  let date = exception?.date ?? ruleDate(schedule, month);
  if (!exception?.date) {
    // 遇法定节假日顺延: at most three moves, so a bad calendar cannot loop.
    for (let i = 0; i < 3 && working(calendar, date) === false; i++) {
      const moved = addCalendarDays(date, 7 * schedule.holidayShiftWeeks);
      notes.push(`${chineseDate(date)}是法定节假日，接待日顺延到${chineseDate(moved)}`);
      date = moved;
    }
  }
  const provisional = working(calendar, date) === undefined;
  if (provisional) {
    const year = date.slice(0, 4);
    notes.push(`${year} 年的放假安排尚未公布，这个日期按规则推算，可能因节假日顺延；如有变动，工作人员会打电话告知已登记的人`);
  }
  if (exception?.note) notes.unshift(exception.note);
  const n = schedule.receivers.length;
  const turn = (((monthIndex(month) - monthIndex(schedule.rotationFrom)) % n) + n) % n;
  return {
    date,
    month,
    receiver: exception?.receiver ?? schedule.receivers[turn],
    place: exception?.place ?? schedule.place,
    slots: (exception?.slots ?? schedule.slots).map((s) => ({ start: s.start, end: s.end, capacity: s.capacity })),
    provisional,
    notes,
  };
}

/** The published reception days as of `today` (YYYY-MM-DD, Asia/Shanghai) and what the office must update. */
export function receptionPlan(schedule: ReceptionSchedule, calendar: WorkCalendar, today: string): ReceptionPlan {
  const first = monthIndex(today.slice(0, 7));
  const horizon = monthOf(first + schedule.monthsAhead - 1);
  const days: ReceptionDay[] = [];
  const cancelled: ReceptionPlan['cancelled'] = [];
  const warnings: string[] = [];
  for (let i = first; i <= monthIndex(horizon); i++) {
    const month = monthOf(i);
    if (schedule.approvedThrough && month > schedule.approvedThrough) break;
    const day = receptionDayOfMonth(schedule, calendar, month);
    if (!day) {
      cancelled.push({ month, note: schedule.exceptions.find((e) => e.month === month)?.note ?? '本月不举行局长接待日' });
      continue;
    }
    if (day.date >= today) days.push(day);
  }
  days.sort((a, b) => a.date.localeCompare(b.date));

  if (schedule.approvedThrough && schedule.approvedThrough < horizon) {
    warnings.push(
      schedule.approvedThrough < today.slice(0, 7)
        ? `局长接待日安排只审定到 ${chineseMonth(schedule.approvedThrough)}，已经用完：网上不再公布任何接待日。请在 content/supervision.yaml 的 reception 中更新轮值和 approvedThrough，然后重新发布。`
        : `局长接待日安排只审定到 ${chineseMonth(schedule.approvedThrough)}，应当提前公布到 ${chineseMonth(horizon)}：之后的接待日没有公布。请在 content/supervision.yaml 的 reception 中更新 approvedThrough。`,
    );
  }
  const lastYear = Math.max(...calendar.years.keys());
  const lastPublished = days.at(-1)?.date ?? `${horizon}-01`;
  if (Number(lastPublished.slice(0, 4)) > lastYear) {
    const missing = Array.from({ length: Number(lastPublished.slice(0, 4)) - lastYear }, (_, k) => lastYear + 1 + k);
    warnings.push(
      `工作日历只录入到 ${lastYear} 年：${missing.map((y) => `${y} 年`).join('、')}的接待日暂按规则推算，标为“待定”（可能因节假日顺延）。` +
        `国务院办公厅公布放假安排后，请录入 ${missing.map((y) => `content/calendar/${y}.yaml`).join('、')}。`,
    );
  }
  if (days.length === 0) warnings.push(`今天起到 ${chineseMonth(horizon)}没有可以公布的局长接待日：网上登记页面只能提示市民打电话预约。`);
  return { today, horizon, days, cancelled, warnings };
}

/** A published day by date, as of `today`; undefined when `date` is not a published reception day. */
export function publishedReceptionDay(schedule: ReceptionSchedule, calendar: WorkCalendar, today: string, date: string): ReceptionDay | undefined {
  return receptionPlan(schedule, calendar, today).days.find((d) => d.date === date);
}

/** The reception day held on `date` in any month (past ones too, for the place of an old booking). */
export function receptionDayOn(schedule: ReceptionSchedule, calendar: WorkCalendar, date: string): ReceptionDay | undefined {
  const day = receptionDayOfMonth(schedule, calendar, date.slice(0, 7));
  return day?.date === date ? day : undefined;
}

/** 每月第一个星期三 etc., for the console and the content check. */
export function describeRule(schedule: Pick<ReceptionSchedule, 'weekday' | 'week' | 'holidayShiftWeeks'>): string {
  const nth = ['', '第一个', '第二个', '第三个', '第四个'][schedule.week];
  return `每月${nth}${WEEKDAYS[schedule.weekday]}，遇法定节假日顺延 ${schedule.holidayShiftWeeks} 周`;
}
