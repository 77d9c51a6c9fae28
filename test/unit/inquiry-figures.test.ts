import { describe, expect, it } from 'vitest';
import { computeInquiryFigures, type InquiryFacts } from '../../schema/bulletin/inquiries.ts';

const t0 = Date.parse('2026-11-10T10:00:00+08:00');
const fact = (over: Partial<InquiryFacts>): InquiryFacts => ({ channel: 'visit', outcome: 'on-the-spot', receivedAt: t0, dueAt: t0 + 600_000, closedAt: t0, ...over });

describe('monthly inquiry figures (issue 13)', () => {
  it('counts by channel and outcome, and hides small cells by the bulletin rule', () => {
    const facts = [...Array.from({ length: 12 }, () => fact({})), ...Array.from({ length: 2 }, () => fact({ channel: 'phone', outcome: 'later' }))];
    const f = computeInquiryFigures(facts, t0 + 86_400_000);
    expect(f.received).toBe(14);
    expect(f.byChannelAndOutcome.total).toBe(14);
    const phoneLater = f.byChannelAndOutcome.cells[1][1];
    expect(phoneLater.value).toBeNull(); // 2 < 5: never shown exactly
  });

  it('publishes rates only from 10 inquiries up; on time means closed by the due instant, counted once the limit has passed', () => {
    const nine = Array.from({ length: 9 }, () => fact({}));
    expect(computeInquiryFigures(nine, t0 + 1).answeredOnTheSpot).toEqual({ percent: null, n: 9 });
    const facts = [
      ...Array.from({ length: 8 }, () => fact({})),
      fact({ outcome: 'later', dueAt: t0 + 1000, closedAt: t0 + 1000 }), // exactly at the due instant: on time
      fact({ outcome: 'later', dueAt: t0 + 1000, closedAt: t0 + 1001 }), // 1 ms late
      fact({ outcome: 'later', dueAt: t0 + 1000, closedAt: undefined }), // never closed
      fact({ outcome: 'later', dueAt: t0 + 10 * 86_400_000 }), // limit not yet passed: not counted
    ];
    const f = computeInquiryFigures(facts, t0 + 86_400_000);
    expect(f.answeredOnTheSpot).toEqual({ percent: 66.7, n: 12 });
    expect(f.closedOnTime).toEqual({ percent: 81.8, n: 11 });
  });
});
