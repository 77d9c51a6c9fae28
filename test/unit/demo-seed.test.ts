// The demo stays alive (issue 17): the seed's history and bulletins are generated from the clock's
// today, so `npm start` on any date shows the last three complete months, published, with nothing
// dated in the future; the same date always gives the same demo.
import { describe, expect, it } from 'vitest';
import { demoDates, demoPublications, historicalCases } from '../../worker/cli/seed/bulletins-data.ts';
import { shanghaiDate } from '../../schema/workdays.ts';
import { now } from '../../schema/clock.ts';
import { tableRows } from '../../worker/cli/seed/table.ts';

// The run's own date (CLOCK_START in npm run test:dates), plus dates that stress the edges.
const instants = [now(), Date.parse('2027-01-01T00:20:00+08:00'), Date.parse('2027-02-10T10:00:00+08:00'), Date.parse('2028-12-04T10:00:00+08:00')];

describe('the demo history, relative to today', () => {
  it.each(instants.map((t) => [new Date(t).toISOString(), t]))('at %s: the last three complete months, published up to the last one, nothing in the future', (_label, t) => {
    const dates = demoDates(t as number);
    const today = shanghaiDate(t as number);
    const current = today.slice(0, 7);
    expect(dates.months[2] < current).toBe(true);
    expect(dates.months[0] < dates.months[1] && dates.months[1] < dates.months[2]).toBe(true);
    const cases = historicalCases(dates);
    for (const c of cases) for (const e of c.events) expect(e.on < today, `${c.reference} ${e.type} ${e.on}`).toBe(true);
    const published = demoPublications(cases, dates);
    expect(published.map((p) => p.month)).toEqual([dates.months[0], dates.months[1], dates.months[1], dates.months[2]]);
    for (const p of published) {
      expect(Date.parse(p.publishedAt)).toBeLessThanOrEqual(t as number);
      // Never before the month it reports on has ended (Asia/Shanghai).
      expect(shanghaiDate(Date.parse(p.publishedAt)).slice(0, 7) > p.month).toBe(true);
    }
  });

  it('is deterministic for a given date', () => {
    const t = Date.parse('2027-03-15T09:00:00+08:00');
    expect(JSON.stringify(demoPublications(undefined, demoDates(t)))).toBe(JSON.stringify(demoPublications(undefined, demoDates(t))));
  });
});

describe('demo rows written as a table (worker/cli/seed/table.ts)', () => {
  it('reads one row a line, cells trimmed, blank lines skipped', () => {
    expect(tableRows(['department', 'title', 'points'], '\n  real-estate | 合同网签备案当日办结 | 35 \n\n  general-office|首问登记全覆盖|35\n')).toEqual([
      { department: 'real-estate', title: '合同网签备案当日办结', points: '35' },
      { department: 'general-office', title: '首问登记全覆盖', points: '35' },
    ]);
  });

  it.each([
    ['a cell missing', 'real-estate | 合同网签备案当日办结'],
    ['a cell too many', 'real-estate | 合同网签备案当日办结 | 35 | 12-31'],
  ])('refuses a line with %s, naming the columns and the line', (_case, line) => {
    expect(() => tableRows(['department', 'title', 'points'], line)).toThrow(`demo table: 3 cells expected (department | title | points), got ${line.split('|').length}: ${line}`);
  });
});
