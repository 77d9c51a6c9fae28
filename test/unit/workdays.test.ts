import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import {
  addWorkingDays,
  CalendarGapError,
  deadline,
  isWorkingDay,
  makeCalendar,
  shanghaiDate,
  workingDaysBetween,
  workingDaysBetweenEstimate,
} from '../../schema/workdays.ts';

const root = new URL('../../', import.meta.url).pathname;
const calendar = makeCalendar(loadOfficeOrThrow(root).calendar.map((c) => c.data));

describe('working-day calendar', () => {
  it('agrees with the chinese-days package on every day of the years on file', () => {
    const disagreements: string[] = [];
    for (let year = calendar.firstYear; year <= calendar.lastYear; year++) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        if (isWorkingDay(calendar, day) !== chineseDays.isWorkday(day)) disagreements.push(day);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('skips the Spring Festival holiday and counts the make-up Saturday', () => {
    // Fri 2026-02-13 + 1 working day: Sat 02-14 is a make-up working day.
    expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-14');
    // + 2: 02-15 … 02-23 are off, so the next one is Tue 02-24.
    expect(addWorkingDays(calendar, '2026-02-13', 2)).toBe('2026-02-24');
  });

  it('does not count the start day, and 0 days means the same day', () => {
    expect(addWorkingDays(calendar, '2026-11-20', 0)).toBe('2026-11-20');
    expect(addWorkingDays(calendar, '2026-11-20', 1)).toBe('2026-11-23');
    expect(addWorkingDays(calendar, '2026-11-20', 5)).toBe('2026-11-27');
  });

  it('counts working days between two dates across National Day', () => {
    expect(workingDaysBetween(calendar, '2026-09-30', '2026-10-12')).toBe(4); // 10-08, 10-09, 10-10 (make-up Sat), 10-12
    expect(workingDaysBetween(calendar, '2026-10-12', '2026-09-30')).toBe(-4);
  });

  it('counts 0 working days from a day to the same day (an application accepted and concluded at once), without overflowing the stack', () => {
    // Before: `to <= from` recursed with the arguments swapped, for ever; the bulletin's 办结用时
    // caught the RangeError and counted 0, at ~10 ms of stack unwinding per 即办件.
    expect(workingDaysBetween(calendar, '2026-11-20', '2026-11-20')).toBe(0);
    expect(workingDaysBetweenEstimate(calendar, '2026-11-20', '2026-11-20')).toBe(0);
    expect(workingDaysBetweenEstimate(calendar, '2030-03-01', '2030-03-01')).toBe(0);
  });

  it('refuses to guess past the last year on file, naming the file to add', () => {
    expect(() => addWorkingDays(calendar, '2026-12-20', 30)).toThrowError(CalendarGapError);
    expect(() => isWorkingDay(calendar, '2027-01-04')).toThrowError(
      '2027 年的工作日历尚未录入（已录入 2025—2026 年）：请在 content/calendar/2027.yaml 录入国务院办公厅公布的当年放假安排',
    );
  });

  it('marks a deadline past the calendar as provisional and says why', () => {
    const d = deadline(calendar, '2026-12-20', 30);
    expect(d.provisional).toBe(true);
    expect(d.note).toContain('2027 年放假安排尚未公布或录入');
    expect(deadline(calendar, '2026-11-20', 5)).toEqual({ date: '2026-11-27', provisional: false });
  });

  it('takes dates in Asia/Shanghai, not UTC', () => {
    expect(shanghaiDate(Date.parse('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
    expect(shanghaiDate(Date.parse('2026-11-20T15:59:59Z'))).toBe('2026-11-20');
  });
});
