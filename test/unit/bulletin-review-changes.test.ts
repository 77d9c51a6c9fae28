// Issue 10: the next month's bulletin states how many earlier findings were changed on review.
import { describe, expect, it } from 'vitest';
import { computeBulletin, type CaseFacts } from '../../schema/bulletin/measures.ts';
import { bulletinData } from '../../schema/bulletin/document.ts';
import { loadOfficeOrThrow } from '../../schema/content/load.ts';
import { makeCalendar } from '../../schema/workdays.ts';
import { toFacts, monthBounds } from '../../worker/services/bulletins.ts';

const calendar = makeCalendar(loadOfficeOrThrow(new URL('../../', import.meta.url).pathname).calendar.map((c) => c.data));
const base = (over: Partial<CaseFacts>): CaseFacts => ({ receivedOn: '2026-09-01', department: 'a', category: 'overdue', transfers: [], extensions: [], sanctions: [], ...over });

describe('findings changed on review', () => {
  it('counts, in the month of the review, the changes to findings concluded in earlier months only', () => {
    const cases = [
      base({ concludedOn: '2026-09-20', finding: 'substantiated', findingChangedOn: ['2026-10-05'] }),
      base({ concludedOn: '2026-08-20', finding: 'substantiated', findingChangedOn: ['2026-10-30'] }),
      // concluded and changed in the same month: that month's bulletin was not yet published
      base({ concludedOn: '2026-10-02', finding: 'substantiated', findingChangedOn: ['2026-10-09'] }),
      // changed in another month
      base({ concludedOn: '2026-08-01', finding: 'substantiated', findingChangedOn: ['2026-09-09'] }),
    ];
    expect(computeBulletin('2026-10', cases, [], ['a'], calendar).overall.findingsChangedOnReview).toBe(2);
    expect(computeBulletin('2026-09', cases, [], ['a'], calendar).overall.findingsChangedOnReview).toBe(1);
    // a month without any change keeps the earlier shape: nothing is stated
    expect('findingsChangedOnReview' in computeBulletin('2026-11', cases, [], ['a'], calendar).overall).toBe(false);
  });

  it('reads the review-outcome events of a case up to the month end', () => {
    const { end } = monthBounds('2026-10');
    const at = (d: string) => Date.parse(`${d}T10:00:00+08:00`);
    const facts = toFacts(
      { id: 1, department: 'a', category: 'overdue', received_at: at('2026-09-01'), acknowledge_by: '2026-09-08', sanctions: '[]' },
      [
        { complaint_id: 1, type: 'concluded', at: at('2026-09-20'), due_by: null, new_due_by: null, finding: 'substantiated', level: null },
        { complaint_id: 1, type: 'review-outcome', at: at('2026-10-05'), due_by: null, new_due_by: null, finding: 'unsubstantiated', level: null },
        { complaint_id: 1, type: 'review-outcome', at: at('2026-11-05'), due_by: null, new_due_by: null, finding: 'substantiated', level: null },
      ],
      end,
    );
    expect(facts.findingChangedOn).toEqual(['2026-10-05']);
    expect(facts.finding).toBe('substantiated');
  });

  it('a bulletin published before the measure existed still reads (published bulletins stay frozen)', () => {
    const old = computeBulletin('2026-10', [], [], ['a'], calendar);
    delete old.overall.findingsChangedOnReview;
    expect(bulletinData.safeParse(old).success).toBe(true);
  });
});
