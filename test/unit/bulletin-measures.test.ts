import { describe, expect, it } from 'vitest';
import type { Finding } from '../../schema/domain.ts';
import { computeBulletin, type AppointmentFacts, type CaseFacts } from '../../schema/bulletin/measures.ts';
import { display } from '../../schema/bulletin/suppression.ts';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import { makeCalendar } from '../../schema/workdays.ts';

const calendar = makeCalendar(loadOfficeOrThrow(new URL('../../', import.meta.url).pathname).calendar.map((c) => c.data));

const base = (over: Partial<CaseFacts>): CaseFacts => ({
  receivedOn: '2026-10-12',
  department: 'a',
  category: 'overdue',
  transfers: [],
  extensions: [],
  sanctions: [],
  ...over,
});

// A hand-made October 2026: National Day (Oct 1–7 off, Sat Oct 10 a make-up working day), cases
// crossing the month's ends, an extension, overdue open cases, a declined case.
const concludedOn = ['2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-26'];
const findingOf = (k: number): Finding => (k < 5 ? 'substantiated' : k < 8 ? 'partly-substantiated' : 'unsubstantiated');
const levels = ['very-satisfied', 'very-satisfied', 'very-satisfied', 'very-satisfied', 'satisfied', 'satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
const cases: CaseFacts[] = [
  // c1–c10: received Mon Oct 12, concluded after 1…10 working days, due Oct 20 → 6 on time.
  ...concludedOn.map((d, k) =>
    base({
      acceptedOn: '2026-10-12',
      concludedOn: d,
      dueBy: '2026-10-20',
      transfers: k === 0 ? ['2026-10-13'] : [],
      finding: findingOf(k),
      sanctions: k === 0 ? ['written-admonition'] : k < 3 ? ['oral-admonition'] : [],
      rating: { on: '2026-10-27', level: levels[k], reviewed: levels[k] === 'dissatisfied' },
    }),
  ),
  // c11: received the day before the holiday, concluded the first day after it: 1 working day.
  base({ department: 'b', receivedOn: '2026-09-30', acceptedOn: '2026-09-30', concludedOn: '2026-10-08', dueBy: '2026-11-11', finding: 'unsubstantiated' }),
  // c12: received on a holiday (Mid-Autumn), extended in September, concluded on the make-up Saturday: 6 working days.
  base({ department: 'b', receivedOn: '2026-09-25', acceptedOn: '2026-09-28', transfers: ['2026-09-30'], extensions: ['2026-09-30'], dueBy: '2026-10-30', concludedOn: '2026-10-10', finding: 'unsubstantiated' }),
  // c13: open and overdue at the end of October, extended in October.
  base({ receivedOn: '2026-09-01', acceptedOn: '2026-09-03', extensions: ['2026-10-09'], dueBy: '2026-10-20' }),
  // c14: open, not yet due.
  base({ department: 'b', receivedOn: '2026-10-20', acceptedOn: '2026-10-21', dueBy: '2026-12-02' }),
  // c15: concluded before the month: no part in October.
  base({ receivedOn: '2026-08-01', acceptedOn: '2026-08-03', concludedOn: '2026-09-15', dueBy: '2026-09-20', finding: 'substantiated' }),
  // c16: declined in October.
  base({ department: 'b', receivedOn: '2026-10-14', declinedOn: '2026-10-15' }),
  // c17: received on a holiday, due Oct 30, concluded only in November: overdue at the end of October.
  base({ department: 'b', receivedOn: '2026-10-02', acceptedOn: '2026-10-09', dueBy: '2026-10-30', concludedOn: '2026-11-03' }),
];
const appointments: AppointmentFacts[] = [
  ...Array.from({ length: 8 }, () => ({ requestedOn: '2026-10-13', department: 'a', contactDueBy: '2026-10-14', contactedOn: '2026-10-14', receptionDay: false })),
  { requestedOn: '2026-10-13', department: 'a', contactDueBy: '2026-10-14', contactedOn: '2026-10-15', receptionDay: false },
  { requestedOn: '2026-10-30', department: 'b', contactDueBy: '2026-11-02', receptionDay: false },
  { requestedOn: '2026-10-20', department: 'a', contactDueBy: '2026-10-21', receptionDay: true },
  { requestedOn: '2026-10-21', department: 'b', contactDueBy: '2026-10-22', receptionDay: true },
  { requestedOn: '2026-09-30', department: 'b', contactDueBy: '2026-10-08', contactedOn: '2026-10-08', receptionDay: false },
];

describe('bulletin measures', () => {
  const bulletin = computeBulletin('2026-10', cases, appointments, ['a', 'b'], calendar);

  it('counts the month’s flows by the date each thing happened', () => {
    expect(bulletin.overall).toMatchObject({ received: 13, accepted: 12, declined: 1, transferred: 1, concluded: 12, extensions: 1 });
  });

  it('counts open overdue cases against the on-time rate', () => {
    // 8 on time of 12 concluded, plus 2 open and overdue at month end (c13, c17).
    expect(bulletin.overall.onTime).toEqual({ percent: 57.1, n: 14 });
  });

  it('measures working days across the holiday and the make-up Saturday', () => {
    // Days: c1–c10 → 1…10, c11 → 1, c12 → 6. Sorted: 1 1 2 3 4 5 6 6 7 8 9 10.
    expect(bulletin.overall.medianDays).toEqual({ value: 5, n: 12 });
    expect(bulletin.overall.p90Days).toEqual({ value: 9, n: 12 });
  });

  it('publishes rates only from 10 cases up', () => {
    expect(bulletin.departments).toEqual([
      { department: 'a', received: 10, accepted: 10, declined: 0, transferred: 1, concluded: 10, onTime: { percent: 54.5, n: 11 } },
      { department: 'b', received: 3, accepted: 2, declined: 1, transferred: 0, concluded: 2, onTime: { percent: null, n: 3 } },
    ]);
    expect(bulletin.overall.badRatingsReviewed).toEqual({ percent: null, n: 2 });
  });

  it('counts appointments and reception-day bookings', () => {
    expect(bulletin.overall.appointmentsRequested).toBe(10);
    expect(bulletin.overall.appointmentsContactedInTime).toEqual({ percent: 80, n: 10 });
    expect(bulletin.overall.receptionBookings).toBe(2);
  });

  it('suppresses small counts in every breakdown', () => {
    expect(bulletin.findings.cells[0].map(display)).toEqual(['5', '<5', '<5']);
    expect(bulletin.findings.rowTotals).toEqual([12]);
    expect(bulletin.receivedByCategory.rowTotals).toEqual([10, 3]);
    const shown = bulletin.sanctions.cells[0].filter((c) => c.value !== null && c.value > 0);
    expect(shown).toEqual([]);
    expect(bulletin.satisfaction.cells[0].every((c) => c.value === null || c.value === 0 || c.value >= 5)).toBe(true);
  });
});
