// One formatting module (issue 11 part 5): the public pages' and the console's dates and times,
// always in Beijing time whatever the server's zone.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMonth, formatStamp } from '../../schema/format.ts';

describe('schema/format.ts', () => {
  it('writes dates and months in Chinese without leading zeros', () => {
    expect(formatDate('2026-03-01')).toBe('2026 年 3 月 1 日');
    expect(formatMonth('2026-11')).toBe('2026 年 11 月');
  });

  it('writes instants in Beijing time, crossing midnight UTC into the next day', () => {
    const lateUtc = Date.UTC(2026, 2, 1, 17, 5); // 2026-03-02 01:05 in Beijing
    expect(formatDateTime(lateUtc)).toBe('2026 年 3 月 2 日 01:05');
    expect(formatDateTime(new Date(lateUtc).toISOString())).toBe('2026 年 3 月 2 日 01:05');
    expect(formatStamp(lateUtc)).toBe('2026-03-02 01:05');
    expect(formatStamp(new Date(lateUtc).toISOString())).toBe('2026-03-02 01:05');
  });
});
