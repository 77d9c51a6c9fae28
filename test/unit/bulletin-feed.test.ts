// Issue 17, item 4: a correction note stored before the input rules existed (control, bidi and
// zero-width characters) must not make the Atom feed invalid XML or hide text from a reader.
import { describe, expect, it } from 'vitest';
import { atomFeed } from '../../schema/bulletin/feed.ts';
import type { PublishedMonth } from '../../schema/bulletin/pages.ts';

const version = (note: string | null, v: number) =>
  ({
    month: '2026-10',
    version: v,
    publishedAt: `2026-11-0${v}T02:00:00.000Z`,
    note,
    data: { overall: { received: 12, accepted: 10, concluded: 9, onTime: { percent: 90, n: 9 } } },
  }) as unknown as PublishedMonth['latest'];

describe('the Atom feed with text already stored', () => {
  it('drops C0 controls (%01 %0B %1B), bidi controls (U+202E) and zero-width characters (U+200B) from a stored correction note', () => {
    const first = version(null, 1);
    const second = version('更正\u0001\u000b\u001b说明\u202e\u200b：数字有误', 2);
    const xml = atomFeed([{ month: '2026-10', versions: [first, second], latest: second }], '示范市住房和城乡建设局', new URL('https://example.gov.cn/'));
    expect(xml).toContain('更正说明：数字有误');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/);
  });
});
