// The reception-day schedule (schema/reception.ts): the days follow the rule and the calendar from
// any "today", provisional years say so, and a schedule or calendar that no longer covers the
// publishing horizon produces a warning instead of a silently shorter (or empty) list.
import { describe, expect, it } from 'vitest';
import type { CalendarYear, ReceptionSchedule } from '../../schema/content/disclosure.ts';
import { receptionSchedule } from '../../schema/content/disclosure.ts';
import { publishedReceptionDay, receptionDayOn, receptionPlan, ruleDate } from '../../schema/reception.ts';
import { makeCalendar } from '../../schema/workdays.ts';

const y2026: CalendarYear = {
  year: 2026,
  source: '测试',
  holidays: [{ name: '国庆节', days: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'] }],
  workdays: ['2026-10-10'],
};
const calendar = makeCalendar([y2026]);

function schedule(overrides: Partial<ReceptionSchedule> = {}): ReceptionSchedule {
  return receptionSchedule.parse({
    practice: '每月第一个星期三上午为局长接待日。',
    weekday: 3,
    receivers: ['a', 'b', 'c'],
    rotationFrom: '2026-01',
    monthsAhead: 3,
    place: '608 接待室',
    slots: [{ start: '09:00', end: '10:00', capacity: 4 }],
    ...overrides,
  });
}

describe('reception days computed from the schedule', () => {
  it('takes the first Wednesday of each month and rotates the receivers month by month', () => {
    expect(ruleDate({ weekday: 3, week: 1 }, '2026-12')).toBe('2026-12-02');
    expect(ruleDate({ weekday: 3, week: 1 }, '2026-07')).toBe('2026-07-01');
    expect(ruleDate({ weekday: 1, week: 2 }, '2026-06')).toBe('2026-06-08');
    const plan = receptionPlan(schedule(), calendar, '2026-06-01');
    expect(plan.days.map((d) => [d.date, d.receiver])).toEqual([
      ['2026-06-03', 'c'],
      ['2026-07-01', 'a'],
      ['2026-08-05', 'b'],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('moves a day that falls on a public holiday by a week, and tells the public why', () => {
    const day = receptionDayOn(schedule(), calendar, '2026-10-14')!;
    expect(day.date).toBe('2026-10-14');
    expect(day.notes.join()).toContain('顺延');
    expect(receptionDayOn(schedule(), calendar, '2026-10-07')).toBeUndefined();
  });

  it('from a day after this month’s reception day, lists the coming ones only; today’s is still listed', () => {
    expect(receptionPlan(schedule(), calendar, '2026-06-04').days[0].date).toBe('2026-07-01');
    expect(receptionPlan(schedule(), calendar, '2026-07-01').days[0].date).toBe('2026-07-01');
  });

  it('marks days in a year whose calendar is not on file as provisional, and warns the office to add the year', () => {
    const plan = receptionPlan(schedule(), calendar, '2026-12-31');
    expect(plan.days.map((d) => d.date)).toEqual(['2027-01-06', '2027-02-03']);
    for (const d of plan.days) {
      expect(d.provisional).toBe(true);
      expect(d.notes.join()).toContain('2027 年的放假安排尚未公布');
    }
    expect(plan.warnings.join()).toContain('content/calendar/2027.yaml');
  });

  it('applies dated exceptions: another place, another day, a cancelled month with its reason', () => {
    const s = schedule({
      monthsAhead: 4,
      exceptions: [
        { month: '2026-07', place: '社区中心', cancelled: false, note: '送服务进社区' },
        { month: '2026-08', date: '2026-08-12', cancelled: false, note: '改到第二个星期三' },
        { month: '2026-09', cancelled: true, note: '上级巡视期间暂停一次' },
      ],
    });
    const plan = receptionPlan(s, calendar, '2026-06-20');
    expect(plan.days.map((d) => [d.date, d.place])).toEqual([
      ['2026-07-01', '社区中心'],
      ['2026-08-12', '608 接待室'],
    ]);
    expect(plan.cancelled).toEqual([{ month: '2026-09', note: '上级巡视期间暂停一次' }]);
    expect(publishedReceptionDay(s, calendar, '2026-06-20', '2026-08-05')).toBeUndefined();
  });

  it('stops at approvedThrough and says so; once it is used up the list is empty and the warning says the booking page can only give the phone', () => {
    const s = schedule({ approvedThrough: '2026-07' });
    const short = receptionPlan(s, calendar, '2026-06-01');
    expect(short.days.map((d) => d.date)).toEqual(['2026-06-03', '2026-07-01']);
    expect(short.warnings.join()).toContain('只审定到 2026 年 7 月');
    const out = receptionPlan(s, calendar, '2026-08-01');
    expect(out.days).toEqual([]);
    expect(out.warnings.join()).toContain('已经用完');
    expect(out.warnings.join()).toContain('打电话');
  });
});
